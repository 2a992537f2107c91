"""The progress report as a document (docx, odt): its title and date, a table per action line.

Each table is 'Actie | Status': the Actie cell as printed in the report, and in the
Status cell the state (in Dutch) above the text of the entry. The writers mark the
column names as a repeating table header, set the document's title and its language
(nl-NL), so that screen readers and a conversion to PDF find their way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from add_cli.core.i18n import dutch_date
from add_cli.core.model import Plan, Report
from add_cli.present.labels import dutch
from add_cli.present.tables import VOORTGANG_HEADERS


@dataclass(frozen=True)
class Item:
    actie: str
    state: str
    text: str


@dataclass(frozen=True)
class Section:
    heading: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class ReportDocument:
    title: str
    date: dt.date
    subtitle: str
    """The date in words: 'Stand van zaken per 31 oktober 2025'."""
    headers: tuple[str, str]
    sections: tuple[Section, ...]


def build(plan: Plan, report: Report) -> ReportDocument:
    """The report's entries grouped by action line, in the report's order within a line.

    A published report on every action (October 2025) is the document as printed; any
    other round is its full overview: every action of the plan with the entry that
    counts as of the round date (DOMAIN.md), as `export voortgang` tabulates it."""
    from add_cli.core.rounds import covers_plan, overview

    items: list[tuple[str, Item]] = []  # (action line, item)
    if not report.asked and covers_plan(plan, report):
        for entry in plan.entries_of(report):
            action = plan.action(entry.action)
            where = action.line if action is not None else ""
            items.append(
                (where or "", Item(entry.label or entry.action, dutch(entry.state), entry.text))
            )
    else:
        for row in overview(plan, report):
            counting = row.entry
            state = dutch(counting.state if counting else None)
            text = counting.text if counting else ""
            actie = f"{row.action.label}: {row.action.title}"
            items.append((row.action.line or "", Item(actie, state, text)))
    sections = []
    placed: set[int] = set()
    for line in plan.lines:
        chosen = [(i, item) for i, (lid, item) in enumerate(items) if lid == line.id]
        placed.update(i for i, _item in chosen)
        if chosen:
            sections.append(
                Section(line.annex_heading or line.title, tuple(item for _i, item in chosen))
            )
    rest = [item for i, (_lid, item) in enumerate(items) if i not in placed]
    if rest:
        sections.append(Section("Overige acties", tuple(rest)))
    return ReportDocument(
        title=report.title,
        date=report.date,
        subtitle=f"Stand van zaken per {dutch_date(report.date)}",
        headers=(VOORTGANG_HEADERS[0], VOORTGANG_HEADERS[1]),
        sections=tuple(sections),
    )

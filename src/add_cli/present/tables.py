"""The tables that leave the ministry, as data: headings, column names and cells.

Every cell is the plan's own text as printed (after the listed extraction-noise
corrections); the writers (markdown, csv, xlsx) only lay it out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from add_cli.core.model import Plan, Report
from add_cli.core.query import Row, rows
from add_cli.present.labels import dutch

BIJLAGE1_HEADERS = ("Actie", "Departement", "Start- en einddatum")
STATUS_HEADERS = ("Stand", "Te laat", "Verwacht", "Laatste voortgang")
VOORTGANG_HEADERS = ("Actie", "Status")


@dataclass(frozen=True)
class Table:
    heading: str
    sheet: str
    """A worksheet name (at most 31 characters)."""
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[int, ...]
    """Preferred column widths in characters (Excel), for wrapping long texts."""


@dataclass(frozen=True)
class Document:
    title: str
    headings: tuple[str, ...]
    """Headings above the tables, as printed ("Bijlage 1", "Acties rijksoverheid")."""
    tables: tuple[Table, ...]
    date: dt.date
    """The date the document speaks for; used for the file's fixed timestamps."""


def _plan_date(plan: Plan) -> dt.date:
    dates = [r.date for r in plan.reports]
    return max(dates) if dates else dt.date(2024, 6, 17)


def _quarters(n: int) -> str:
    return f"{n} {'kwartaal' if n == 1 else 'kwartalen'}"


def _late(row: Row) -> str:
    """'ja, 2 kwartalen' for a late finish; a late start says so ('start 3 kwartalen te laat')."""
    parts = []
    if row.overdue:
        parts.append(f"ja, {_quarters(row.quarters_late)}")
    if row.late_start:
        parts.append(f"start {_quarters(row.quarters_late_start)} te laat")
    return "; ".join(parts)


def bijlage1(
    plan: Plan,
    with_status: bool = False,
    as_of: dt.date | None = None,
    keep: Callable[[Row], bool] | None = None,
) -> Document:
    """Bijlage 1, Acties rijksoverheid: a table per action line, in annex order. Its title and
    headings are plan.yaml's (`annex`), so a successor plan prints its own.

    With `with_status`, the working variant: the same rows with the state as of
    `as_of`, whether the action is late (finish or start), the expected quarter and the
    latest text. `keep` chooses rows (--state, --search).
    """
    day = as_of or _plan_date(plan)
    by_id = {r.action.id: r for r in rows(plan, day)}
    tables = []
    for line in plan.lines:
        selected = [
            a for a in plan.actions if a.line == line.id and (keep is None or keep(by_id[a.id]))
        ]
        if not selected:
            continue
        cells = []
        for action in selected:
            row: tuple[str, ...] = (
                action.annex.title,
                action.annex.departments,
                action.annex.period.raw,
            )
            if with_status:
                r = by_id[action.id]
                row += (
                    dutch(r.state),
                    _late(r),
                    str(r.expected or ""),
                    r.entry.text if r.entry else "",
                )
            cells.append(row)
        headers: tuple[str, ...] = BIJLAGE1_HEADERS
        widths: tuple[int, ...] = (70, 24, 26)
        if with_status:
            headers = (
                *headers,
                *(f"{h} per {day.isoformat()}" if h == "Stand" else h for h in STATUS_HEADERS),
            )
            widths = (50, 18, 20, 18, 16, 10, 60)
        tables.append(
            Table(
                heading=line.annex_heading,
                sheet=f"Actielijn {line.id}"[:31],
                headers=headers,
                rows=tuple(cells),
                widths=widths,
            )
        )
    title = plan.annex_title
    if with_status:
        title += f" – werkoverzicht per {day.isoformat()}"
    return Document(
        title=title,
        headings=plan.annex_headings,
        tables=tuple(tables),
        date=day if with_status else _plan_date(plan),
    )


def latest_report(plan: Plan, as_of: dt.date | None) -> Report | None:
    """The latest progress report dated on or before `as_of` (any, without a date)."""
    eligible = [r for r in plan.reports if as_of is None or r.date <= as_of]
    return max(eligible, key=lambda r: r.date) if eligible else None


def voortgang(plan: Plan, report: Report) -> Document:
    """The report's overview 'Actie | Status', in the report's order, as printed."""
    entries = plan.entries_of(report)
    cells = tuple((e.label or e.action, e.text) for e in entries)
    table = Table(
        heading="Deel 2: Overzicht status acties",
        sheet="Overzicht status acties",
        headers=VOORTGANG_HEADERS,
        rows=cells,
        widths=(55, 80),
    )
    return Document(title=report.title, headings=(report.title,), tables=(table,), date=report.date)


OVERVIEW_HEADERS = ("Id", "Actie", "Departement", "Stand", "Status", "Datum", "Bijgewerkt")


def round_report(plan: Plan, report: Report) -> Document:
    """The report of a round (DOMAIN.md): every action of the plan, never the round's
    new entries alone. A published report that covers every action and was not opened
    as a round (October 2025) is its own overview, as printed (`voortgang`); any other
    round gets the full overview (`round_overview`)."""
    from add_cli.core.rounds import covers_plan

    if not report.asked and covers_plan(plan, report):
        return voortgang(plan, report)
    return round_overview(plan, report)


def round_overview(plan: Plan, report: Report) -> Document:
    """Every action in plan order: its state as of the round date, the text and date of
    the entry that counts, and whether that entry is of this round ('nee': the latest
    earlier one, not updated)."""
    from add_cli.core.rounds import overview

    cells = tuple(
        (
            r.action.id,
            r.action.title,
            r.action.annex.lead,
            dutch(r.entry.state if r.entry else None),
            r.entry.text if r.entry else "",
            r.entry.date.isoformat() if r.entry else "",
            "ja" if r.updated else "nee",
        )
        for r in overview(plan, report)
    )
    day = report.date.isoformat()
    headers = tuple(
        f"{h} per {day}" if h == "Stand" else "Bijgewerkt in deze ronde" if h == "Bijgewerkt" else h
        for h in OVERVIEW_HEADERS
    )
    table = Table(
        heading=f"Overzicht status acties per {day}",
        sheet="Overzicht status acties",
        headers=headers,
        rows=cells,
        widths=(8, 45, 12, 16, 60, 12, 12),
    )
    return Document(title=report.title, headings=(report.title,), tables=(table,), date=report.date)

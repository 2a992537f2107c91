"""The status and overdue tables for people."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TextIO

from add_cli.core import query, rounds
from add_cli.core.i18n import _, long_date, ngettext, quarter
from add_cli.core.model import Plan, action_key
from add_cli.core.query import Row
from add_cli.present import records
from add_cli.present.labels import STATE_LABELS_BY_NAME, english
from add_cli.present.terminal import Column, bar, plain_output, print_table


def _late_marker(quarters: int) -> str:
    return ngettext("LATE +{n}Q", "LATE +{n}Q", quarters).format(n=quarters) if quarters else ""


def round_line(plan: Plan, day: dt.date, today: dt.date | None = None) -> str:
    """Which round the status speaks for: the latest on or before `day`, and how many of
    the departments asked have answered (`today`: for whether its due date passed)."""
    report = rounds.round_for(plan, day)
    if report is None:
        return _("No reporting round on or before {date}.").format(date=long_date(day))
    text = _("Round {date}").format(date=long_date(report.date))
    if not report.asked:
        return text + _(": a published report on every action")
    status = rounds.round_status(plan, report, today or day)
    text += _(": {n} of {total} departments asked answered").format(
        n=status.answered, total=len(status.departments)
    )
    if report.due is not None:
        text += _("; due {date}").format(date=long_date(report.due)) + (
            _(", passed") if status.due_passed else ""
        )
    return text


def write_status(
    plan: Plan,
    rows: Sequence[Row],
    day: dt.date,
    out: TextIO,
    dept: str | None = None,
    line: str | None = None,
    today: dt.date | None = None,
) -> None:
    """A tally per action line and sub-line, then a line per action, with the round the
    status speaks for and each action's latest entry date (`*`: not updated in it)."""
    scope = []
    if dept:
        scope.append(_("department {dept}").format(dept=dept))
    if line:
        scope.append(_("line {line}").format(line=line))
    title = _("{title}: status as of {date}").format(title=plan.title, date=long_date(day)) + (
        f" ({', '.join(scope)})" if scope else ""
    )
    states = query.state_names()
    short = {s: _(STATE_LABELS_BY_NAME[s].short) for s in states}
    legend = "; ".join(f"{short[s]} = {english(s)}" for s in states)
    columns = [Column(_("Line")), Column(_("Title"), flex=True)]
    columns += [Column(short[s], align="right") for s in states]
    columns += [Column(_("Finished")), Column(_("Late"), align="right")]
    plain = plain_output(out)
    lines = {ln.id for ln in plan.lines}
    table = []
    for t in query.summarise(plan, list(rows)):
        indent = "" if t.key in lines or t.key == "total" else "  "
        table.append(
            [indent + (_("total") if t.key == "total" else t.key), t.title]
            + [str(t.states.get(s, 0)) for s in states]
            + [f"{bar(t.finished, t.total, 8, plain)} {t.finished}/{t.total}", str(t.overdue)]
        )
    print_table(columns, table, title=title, note=legend, stream=out)
    if not rows:
        out.write(_("No actions match.") + "\n")
        return
    columns = [
        Column(_("Id")),
        Column(_("Title"), flex=True),
        Column(_("Lead")),
        Column(_("Period"), flex=True),
        Column(_("State")),
        Column(_("Overdue")),
        Column(_("Expected")),
        Column(_("Latest")),
    ]
    report = rounds.round_for(plan, day)
    updated = rounds.updated_in(plan, report)
    table = [
        [
            row.action.id,
            row.action.title,
            row.action.annex.lead,
            row.action.period.raw,
            english(row.state_name),
            _late_marker(row.quarters_late),
            quarter(row.expected),
            _latest(row, updated if report is not None else None),
        ]
        for row in rows
    ]
    note = None
    if report is not None:
        note = _("Latest: the date of the latest entry; * not updated in round {date}").format(
            date=long_date(report.date)
        )
    out.write("\n")
    print_table(columns, table, title=round_line(plan, day, today), note=note, stream=out)


def _latest(row: Row, updated: set[str] | None) -> str:
    """The latest entry's date, marked `*` when the action was not updated in the round."""
    date = row.entry.date.isoformat() if row.entry else "-"
    if updated is not None and action_key(row.action.id) not in updated:
        date += " *"
    return date


STATUS_HEADERS = (*records.HEADERS, "latest_progress_date", "round", "updated_in_round")
"""The CSV and Markdown columns of `add status`: the rows' and the round's."""


def write_status_records(
    plan: Plan, rows: Sequence[Row], day: dt.date, format: str, out: TextIO
) -> None:
    """status as json, csv or md: each row's fields (`records`), and the round it speaks
    for with whether the action was updated in it (null without a round)."""
    report = rounds.round_for(plan, day)
    updated = rounds.updated_in(plan, report)
    data = []
    for r in rows:
        item = r.as_json()
        item["round"] = report.date.isoformat() if report else None
        item["updated_in_round"] = action_key(r.action.id) in updated if report else None
        data.append(item)
    if format == "json":
        from add_cli.present.terminal import to_json

        out.write(to_json(data))
        return
    table = []
    for item, cells in zip(data, records.cells(rows), strict=True):
        flag = item["updated_in_round"]
        extra = [
            item["latest_progress_date"] or "",
            item["round"] or "",
            "" if flag is None else "yes" if flag else "no",
        ]
        table.append(cells + extra)
    if format == "csv":
        from add_cli.present.csvfile import to_csv

        out.write(to_csv(STATUS_HEADERS, table))
    elif format == "md":
        from add_cli.present.markdown import to_markdown

        out.write(to_markdown(STATUS_HEADERS, table))
    else:
        raise ValueError(f"no row format {format!r}")


def write_overdue(
    rows: Sequence[Row], day: dt.date, out: TextIO, dept: str | None = None, role: str = "lead"
) -> None:
    """The overdue actions, most overdue first, with their latest progress."""
    scope = _(" for {dept} ({role})").format(dept=dept, role=_(role)) if dept else ""
    if not rows:
        out.write(
            _("No overdue actions{scope} as of {date}.").format(scope=scope, date=long_date(day))
            + "\n"
        )
        return
    columns = [
        Column(_("Id")),
        Column(_("Title"), flex=True),
        Column(_("Lead")),
        Column(_("End")),
        Column(_("Late"), align="right"),
        Column(_("State")),
        Column(_("Expected")),
        Column(_("Latest progress"), flex=True),
    ]
    table = [
        [
            r.action.id,
            r.action.title,
            r.action.annex.lead,
            quarter(r.action.period.end),
            _("{n}Q").format(n=r.quarters_late),
            english(r.state_name),
            quarter(r.expected),
            r.entry.text if r.entry else "",
        ]
        for r in rows
    ]
    title = ngettext(
        "{n} overdue action{scope} as of {date}",
        "{n} overdue actions{scope} as of {date}",
        len(rows),
    ).format(n=len(rows), scope=scope, date=long_date(day))
    print_table(columns, table, title=title, stream=out)

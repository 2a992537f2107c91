"""The status and overdue tables for people."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TextIO

from add_cli.core import query
from add_cli.core.model import Plan
from add_cli.core.query import Row
from add_cli.present.labels import STATE_LABELS_BY_NAME, english
from add_cli.present.terminal import Column, bar, plain_output, print_table


def _late_marker(quarters: int) -> str:
    return f"LATE +{quarters}Q" if quarters else ""


def write_status(
    plan: Plan,
    rows: Sequence[Row],
    day: dt.date,
    out: TextIO,
    dept: str | None = None,
    line: str | None = None,
) -> None:
    """A tally per action line and sub-line, then a line per action."""
    scope = []
    if dept:
        scope.append(f"department {dept}")
    if line:
        scope.append(f"line {line}")
    title = f"{plan.title}: status as of {day.isoformat()}" + (
        f" ({', '.join(scope)})" if scope else ""
    )
    states = query.state_names()
    short = {s: STATE_LABELS_BY_NAME[s].short for s in states}
    legend = "; ".join(f"{short[s]} = {english(s)}" for s in states)
    columns = [Column("Line"), Column("Title", flex=True)]
    columns += [Column(short[s], align="right") for s in states]
    columns += [Column("Finished"), Column("Late", align="right")]
    plain = plain_output(out)
    lines = {ln.id for ln in plan.lines}
    table = []
    for t in query.summarise(plan, list(rows)):
        indent = "" if t.key in lines or t.key == "total" else "  "
        table.append(
            [indent + t.key, t.title]
            + [str(t.states.get(s, 0)) for s in states]
            + [f"{bar(t.finished, t.total, 8, plain)} {t.finished}/{t.total}", str(t.overdue)]
        )
    print_table(columns, table, title=title, note=legend, stream=out)
    if not rows:
        out.write("No actions match.\n")
        return
    columns = [
        Column("Id"),
        Column("Title", flex=True),
        Column("Lead"),
        Column("Period"),
        Column("State"),
        Column("Overdue"),
        Column("Expected"),
    ]
    table = [
        [
            row.action.id,
            row.action.title,
            row.action.annex.lead,
            row.action.period.raw,
            english(row.state_name),
            _late_marker(row.quarters_late),
            str(row.expected or ""),
        ]
        for row in rows
    ]
    out.write("\n")
    print_table(columns, table, stream=out)


def write_overdue(
    rows: Sequence[Row], day: dt.date, out: TextIO, dept: str | None = None, role: str = "lead"
) -> None:
    """The overdue actions, most overdue first, with their latest progress."""
    scope = f" for {dept} ({role})" if dept else ""
    if not rows:
        out.write(f"No overdue actions{scope} as of {day.isoformat()}.\n")
        return
    columns = [
        Column("Id"),
        Column("Title", flex=True),
        Column("Lead"),
        Column("End"),
        Column("Late", align="right"),
        Column("State"),
        Column("Expected"),
        Column("Latest progress", flex=True),
    ]
    table = [
        [
            r.action.id,
            r.action.title,
            r.action.annex.lead,
            str(r.action.period.end or ""),
            f"{r.quarters_late}Q",
            english(r.state_name),
            str(r.expected or ""),
            r.entry.text if r.entry else "",
        ]
        for r in rows
    ]
    title = f"{len(rows)} overdue action{'s' if len(rows) != 1 else ''}{scope} as of {day}"
    print_table(columns, table, title=title, stream=out)

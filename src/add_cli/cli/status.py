"""`add status`: where the plan stands as of a date."""

import datetime as dt
import sys
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from add_cli.core.model import Plan
    from add_cli.core.query import Row

from add_cli.cli.common import (
    selected_rows,
)
from add_cli.cli.options import (
    AsOfOption,
    DeptOption,
    Format,
    LineOption,
    PlanOption,
)

# ------------------------------------------------------------------ status


def _late_marker(quarters: int) -> str:
    return f"LATE +{quarters}Q" if quarters else ""


def status(
    plan: PlanOption = None,
    as_of: AsOfOption = None,
    dept: DeptOption = None,
    line: LineOption = None,
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
) -> None:
    """Where the plan stands as of a date: per action line, then per action."""
    the_plan, day, rows = selected_rows(plan, as_of, dept, line)
    if format is Format.table:
        _print_status(the_plan, rows, day, dept, line)
    else:
        _write_rows(rows, format)


def _write_rows(rows: "list[Row]", format: Format) -> None:
    """Rows for scripts: JSON (the documented shape), CSV or Markdown."""
    from add_cli.present.terminal import to_csv, to_json, to_markdown

    if format is Format.json:
        sys.stdout.write(to_json([r.as_json() for r in rows]))
        return

    headers = [
        "id",
        "title",
        "lead",
        "partners",
        "period",
        "start",
        "end",
        "deadline",
        "state",
        "overdue",
        "quarters_late",
        "expected",
        "latest_progress",
    ]
    table = []
    for r in rows:
        data = r.as_json()
        data["partners"] = ", ".join(data["partners"])
        data["overdue"] = "yes" if data["overdue"] else "no"
        table.append(["" if data[h] is None else str(data[h]) for h in headers])
    out = to_csv(headers, table) if format is Format.csv else to_markdown(headers, table)
    sys.stdout.write(out)


def _print_status(
    plan: "Plan", rows: "list[Row]", day: dt.date, dept: str | None, line: str | None
) -> None:
    from add_cli.core import query
    from add_cli.present.terminal import Column, bar, plain_output, print_table

    plain = plain_output()
    scope = []
    if dept:
        scope.append(f"department {dept}")
    if line:
        scope.append(f"line {line}")
    title = f"{plan.title}: status as of {day.isoformat()}" + (
        f" ({', '.join(scope)})" if scope else ""
    )
    tallies = query.summarise(plan, rows)
    states = query.state_names()
    short = {
        "finished": "done",
        "on_schedule": "sched",
        "in_progress": "runs",
        "expected": "later",
        "unclear": "uncl",
        "not_reported": "n/r",
    }
    legend = "; ".join(f"{short[s]} = {query.STATE_TEXT[s]}" for s in states)
    columns = [Column("Line"), Column("Title", flex=True)]
    columns += [Column(short[s], align="right") for s in states]
    columns += [Column("Finished"), Column("Late", align="right")]
    table = []
    for t in tallies:
        indent = "" if t.key in {ln.id for ln in plan.lines} or t.key == "total" else "  "
        table.append(
            [indent + t.key, t.title]
            + [str(t.states.get(s, 0)) for s in states]
            + [f"{bar(t.finished, t.total, 8, plain)} {t.finished}/{t.total}", str(t.overdue)]
        )
    print_table(columns, table, title=title, note=legend)
    if not rows:
        typer.echo("No actions match.")
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
    table = []
    for row in rows:
        table.append(
            [
                row.action.id,
                row.action.title,
                row.action.annex.lead,
                row.action.period.raw,
                query.STATE_TEXT[row.state_name],
                _late_marker(row.quarters_late),
                str(row.expected or ""),
            ]
        )
    typer.echo("")
    print_table(columns, table)

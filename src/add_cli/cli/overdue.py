"""`add overdue`: actions past their end quarter and not finished."""

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from add_cli.core.query import Row

from add_cli.cli.common import (
    selected_rows,
)
from add_cli.cli.options import (
    AsOfOption,
    Format,
    PlanOption,
    RoleChoice,
)
from add_cli.cli.status import _write_rows

# ------------------------------------------------------------------ overdue


def overdue(
    plan: PlanOption = None,
    dept: Annotated[
        str | None,
        typer.Option("--dept", help="Only this department's actions (EZ = EZK, BZ = BuZa)."),
    ] = None,
    role: Annotated[
        RoleChoice,
        typer.Option("--role", help="With --dept: actions it leads, joins as partner, or either."),
    ] = RoleChoice.lead,
    as_of: AsOfOption = None,
    fail_: Annotated[
        bool, typer.Option("--fail", help="Exit 1 when any action is overdue (for CI).")
    ] = False,
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
) -> None:
    """Actions past their annex end quarter and not finished, the most overdue first."""
    from add_cli.core import query

    _plan, day, rows = selected_rows(plan, as_of, dept, role=role.value)
    late = query.overdue_rows(rows)
    if format is Format.table:
        _print_overdue(late, day, dept, role.value)
    else:
        _write_rows(late, format)
    if fail_ and late:
        raise typer.Exit(1)


def _print_overdue(rows: "list[Row]", day: dt.date, dept: str | None, role: str) -> None:
    from add_cli.core import query
    from add_cli.present.terminal import Column, print_table

    scope = f" for {dept} ({role})" if dept else ""
    if not rows:
        typer.echo(f"No overdue actions{scope} as of {day.isoformat()}.")
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
            query.STATE_TEXT[r.state_name],
            str(r.expected or ""),
            r.entry.text if r.entry else "",
        ]
        for r in rows
    ]
    title = f"{len(rows)} overdue action{'s' if len(rows) != 1 else ''}{scope} as of {day}"
    print_table(columns, table, title=title)

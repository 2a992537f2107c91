"""`add overdue`: actions past their end quarter and not finished."""

from typing import Annotated

import typer

from add_cli.cli.common import output_to, selected_rows
from add_cli.cli.completion import complete_department
from add_cli.cli.options import (
    AsOfOption,
    Format,
    FormatOption,
    OutOption,
    PlanOption,
    RoleChoice,
    RoleOption,
)
from add_cli.core.errors import ExitCode


def overdue(
    plan: PlanOption = None,
    dept: Annotated[
        str | None,
        typer.Option(
            "--dept",
            help="Only this department's actions (EZ = EZK, BZ = BuZa).",
            autocompletion=complete_department,
        ),
    ] = None,
    role: RoleOption = RoleChoice.lead,
    as_of: AsOfOption = None,
    fail_: Annotated[
        bool, typer.Option("--fail", help="Exit 1 when any action is overdue (for CI).")
    ] = False,
    format: FormatOption = Format.table,
    output: OutOption = None,
) -> None:
    """Actions past their annex end quarter and not finished, the most overdue first."""
    from add_cli.core import query

    _plan, day, rows = selected_rows(plan, as_of, dept, role=role.value)
    late = query.overdue_rows(rows)
    with output_to(output) as out:
        if format is Format.table:
            from add_cli.present.status import write_overdue

            write_overdue(late, day, out, dept, role.value)
        else:
            from add_cli.present import records

            records.write(late, format.value, out)
    if fail_ and late:
        raise typer.Exit(ExitCode.FOUND)

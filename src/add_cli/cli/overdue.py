"""`add overdue`: actions past their end quarter and not finished, or past their start
quarter with no sign of a start."""

from pathlib import Path
from typing import Annotated

import typer

from add_cli.cli.common import chosen_rows, late_lines, output_to
from add_cli.cli.errors import exit_if_cut
from add_cli.cli.options import (
    AsOfOption,
    DeptOption,
    Format,
    FormatOption,
    KindOption,
    LateKindChoice,
    OutOption,
    PlansOption,
    RoleChoice,
    RoleOption,
    SearchOption,
    StateFilterOption,
)
from add_cli.core.errors import ExitCode


def answers_from_facts(plan: list[Path] | None, search: str | None, format: Format) -> bool:
    """One plan, no text search, a table: the plan's facts answer (see `core.facts`), which
    spares a warm answer building the plan."""
    return format is Format.table and not search and (not plan or len(plan) == 1)


def overdue(
    plan: PlansOption = None,
    dept: DeptOption = None,
    role: RoleOption = RoleChoice.lead,
    as_of: AsOfOption = None,
    kind: KindOption = LateKindChoice.any,
    state: StateFilterOption = None,
    search: SearchOption = None,
    fail_: Annotated[
        bool,
        typer.Option("--fail", help="Exit 1 when any action is late, as --kind says (for CI)."),
    ] = False,
    format: FormatOption = Format.table,
    output: OutOption = None,
) -> None:
    """Late actions: past their annex end quarter and not finished (late finish), or past
    their start quarter with no entry or `not started` (late start); the most overdue first."""
    from add_cli.core import query

    if answers_from_facts(plan, search, format):
        from add_cli.present.status import write_late

        day, lines, plain_text = late_lines(
            plan[0] if plan else None, as_of, dept, role.value, kind.value, state
        )
        exit_if_cut(ExitCode.FOUND if fail_ and lines else ExitCode.CLEAN)
        with output_to(output) as out:
            write_late(lines, day, out, dept, role.value, kind.value, plain_text=plain_text)
        if fail_ and lines:
            raise typer.Exit(ExitCode.FOUND)
        return
    plans, day, rows = chosen_rows(plan, as_of, dept, None, role.value, state, search)
    late = query.overdue_rows(rows, kind.value)
    exit_if_cut(ExitCode.FOUND if fail_ and late else ExitCode.CLEAN)
    with output_to(output) as out:
        if format is Format.table:
            from add_cli.present.status import write_overdue

            write_overdue(late, day, out, dept, role.value, kind.value, show_plan=len(plans) > 1)
        else:
            from add_cli.present import records

            records.write(late, format.value, out)
    if fail_ and late:
        raise typer.Exit(ExitCode.FOUND)

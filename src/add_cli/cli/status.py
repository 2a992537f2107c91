"""`add status`: where the plan (or several plans) stands as of a date."""

import sys
from enum import StrEnum
from typing import Annotated

import typer

from add_cli.cli.common import chosen_rows, output_to, today
from add_cli.cli.options import (
    AsOfOption,
    DeptOption,
    Format,
    FormatOption,
    LineOption,
    OutOption,
    PlansOption,
    RoleChoice,
    RoleOption,
    SearchOption,
    StateFilterOption,
)


class ByChoice(StrEnum):
    action = "action"
    dept = "dept"


def status(
    plan: PlansOption = None,
    as_of: AsOfOption = None,
    dept: DeptOption = None,
    role: RoleOption = RoleChoice.lead,
    line: LineOption = None,
    state: StateFilterOption = None,
    search: SearchOption = None,
    by: Annotated[
        ByChoice,
        typer.Option(
            "--by",
            metavar="dept",
            show_default=False,
            help="action: a tally per action line, then a line per action; dept: a row per "
            "department with the actions it leads and joins, finished and late.",
        ),
    ] = ByChoice.action,
    format: FormatOption = Format.table,
    output: OutOption = None,
) -> None:
    """Where the plan stands as of a date: per action line, then per action, with the
    round it speaks for (the latest on or before the date) and each action's latest
    entry date; * marks an action not updated in that round."""
    # Not on a terminal (where the table is drawn for it): the answer is worked out while
    # a large plan's rules still run in a second process, and held until they are done.
    held = output is not None or not sys.stdout.isatty()
    plans, day, rows = chosen_rows(plan, as_of, dept, line, role.value, state, search, held)
    with output_to(output, held) as out:
        if by is ByChoice.dept:
            from add_cli.core.query import by_department
            from add_cli.present.status import write_by_department

            tallies = [
                t for p in plans for t in by_department(p, [r for r in rows if r.plan_id == p.id])
            ]
            write_by_department(tallies, day, out, format.value)
            return
        if format is Format.table:
            from add_cli.present.status import write_status

            for i, the_plan in enumerate(plans):
                if i:
                    out.write("\n")
                mine = [r for r in rows if r.plan_id == the_plan.id] if len(plans) > 1 else rows
                write_status(
                    the_plan, mine, day, out, dept, line, today(None), show_plan=len(plans) > 1
                )
        else:
            from add_cli.present.status import write_status_records

            write_status_records(plans, rows, day, format.value, out)

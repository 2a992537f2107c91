"""`add status`: where the plan stands as of a date."""

from add_cli.cli.common import output_to, selected_rows, today
from add_cli.cli.options import (
    AsOfOption,
    DeptOption,
    Format,
    FormatOption,
    LineOption,
    OutOption,
    PlanOption,
)


def status(
    plan: PlanOption = None,
    as_of: AsOfOption = None,
    dept: DeptOption = None,
    line: LineOption = None,
    format: FormatOption = Format.table,
    output: OutOption = None,
) -> None:
    """Where the plan stands as of a date: per action line, then per action, with the
    round it speaks for (the latest on or before the date) and each action's latest
    entry date; * marks an action not updated in that round."""
    the_plan, day, rows = selected_rows(plan, as_of, dept, line)
    with output_to(output) as out:
        if format is Format.table:
            from add_cli.present.status import write_status

            write_status(the_plan, rows, day, out, dept, line, today(None))
        else:
            from add_cli.present.status import write_status_records

            write_status_records(the_plan, rows, day, format.value, out)

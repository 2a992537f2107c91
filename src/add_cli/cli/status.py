"""`add status`: where the plan stands as of a date."""

from add_cli.cli.common import output_to, selected_rows
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
    """Where the plan stands as of a date: per action line, then per action."""
    the_plan, day, rows = selected_rows(plan, as_of, dept, line)
    with output_to(output) as out:
        if format is Format.table:
            from add_cli.present.status import write_status

            write_status(the_plan, rows, day, out, dept, line)
        else:
            from add_cli.present import records

            records.write(rows, format.value, out)

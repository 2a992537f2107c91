"""`add timeline`: a bar per action over quarters."""

from add_cli.cli.common import output_to, selected_rows
from add_cli.cli.options import (
    AsOfOption,
    ChartFormat,
    ChartFormatOption,
    DeptOption,
    FromOption,
    LineOption,
    OutOption,
    PlanOption,
    ToOption,
)
from add_cli.core.errors import AddError


def timeline(
    plan: PlanOption = None,
    as_of: AsOfOption = None,
    dept: DeptOption = None,
    line: LineOption = None,
    start: FromOption = None,
    end: ToOption = None,
    format: ChartFormatOption = ChartFormat.table,
    output: OutOption = None,
) -> None:
    """What runs when, and what is late: a bar per action over quarters."""
    from add_cli.core.timeline import layout

    the_plan, day, rows = selected_rows(plan, as_of, dept, line)
    try:
        lay = layout(the_plan, rows, day, start, end)
    except ValueError as exc:  # the window ends before it starts
        raise AddError("usage", str(exc)) from None
    with output_to(output) as out:
        if format is ChartFormat.table:
            from add_cli.present import timeline as chart_text

            chart_text.write(the_plan.title, lay, out)
        else:
            from add_cli.present.chart import html, mermaid, svg

            writer = {ChartFormat.mermaid: mermaid, ChartFormat.svg: svg, ChartFormat.html: html}
            out.write(writer[format](the_plan.title, lay))

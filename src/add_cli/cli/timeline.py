"""`add timeline`: a bar per action over quarters."""

from add_cli.cli.common import chosen_rows, output_to
from add_cli.cli.model_options import FromOption, ToOption
from add_cli.cli.options import (
    AsOfOption,
    ChartFormat,
    ChartFormatOption,
    DeptOption,
    LineOption,
    OutOption,
    PlansOption,
    RoleChoice,
    RoleOption,
    SearchOption,
    StateFilterOption,
)
from add_cli.core.errors import AddError


def timeline(
    plan: PlansOption = None,
    as_of: AsOfOption = None,
    dept: DeptOption = None,
    role: RoleOption = RoleChoice.lead,
    line: LineOption = None,
    state: StateFilterOption = None,
    search: SearchOption = None,
    start: FromOption = None,
    end: ToOption = None,
    format: ChartFormatOption = ChartFormat.table,
    output: OutOption = None,
) -> None:
    """What runs when, and what is late: a bar per action over quarters.

    With several plans (--plan given more than once), a chart per plan, one after the other.
    """
    from add_cli.core.timeline import layout

    plans, day, rows = chosen_rows(plan, as_of, dept, line, role.value, state, search)
    several = len(plans) > 1
    if several and format in (ChartFormat.svg, ChartFormat.html):
        raise AddError(
            "usage", f"one plan per {format.value} chart; with several plans use table or mermaid"
        )
    charts = []
    for the_plan in plans:
        mine = [r for r in rows if r.plan_id == the_plan.id] if several else rows
        if several and not mine:
            continue
        try:
            lay = layout(the_plan, mine, day, start, end)
        except ValueError as exc:  # the window ends before it starts
            raise AddError("usage", str(exc)) from None
        title = f"{the_plan.id}: {the_plan.title}" if several else the_plan.title
        lines = {ln.id for ln in the_plan.lines}
        unplaced = [r.action.id for r in mine if r.action.line not in lines]
        charts.append((title, lay, unplaced))
    with output_to(output) as out:
        for i, (title, lay, unplaced) in enumerate(charts):
            # Actions without an action line yet (carried over, not placed) have no section.
            note = (
                f"{len(unplaced)} action(s) on no action line yet, not drawn: "
                + ", ".join(unplaced)
                if unplaced
                else ""
            )
            if format is ChartFormat.table:
                from add_cli.present import timeline as chart_text

                if i:
                    out.write("\n")
                chart_text.write(title, lay, out)
                if note:
                    out.write(f"({note})\n")
            else:
                from add_cli.present.chart import html, mermaid, svg

                writer = {
                    ChartFormat.mermaid: mermaid,
                    ChartFormat.svg: svg,
                    ChartFormat.html: html,
                }
                out.write(writer[format](title, lay))
                if note and format is ChartFormat.mermaid:
                    out.write(f"%% {note}\n")

"""`add timeline`: a bar per action over quarters."""

import sys
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    pass

from add_cli.cli.common import (
    fail,
    parse_quarter,
    selected_rows,
    write_output,
)
from add_cli.cli.options import (
    AsOfOption,
    ChartFormat,
    DeptOption,
    LineOption,
    OutOption,
    PlanOption,
)


def timeline(
    plan: PlanOption = None,
    as_of: AsOfOption = None,
    dept: DeptOption = None,
    line: LineOption = None,
    start: Annotated[
        str | None, typer.Option("--from", help="First quarter shown, YYYY-Qn.", show_default=False)
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Last quarter shown, YYYY-Qn.", show_default=False)
    ] = None,
    format: Annotated[
        ChartFormat,
        typer.Option("--format", "-f", help="table (terminal), mermaid, svg or html."),
    ] = ChartFormat.table,
    output: OutOption = None,
) -> None:
    """What runs when, and what is late: a bar per action over quarters."""
    from add_cli.core.timeline import layout, text_lines

    first, last = parse_quarter(start, "--from"), parse_quarter(end, "--to")
    the_plan, day, rows = selected_rows(plan, as_of, dept, line)
    try:
        lay = layout(the_plan, rows, day, first, last)
    except ValueError as exc:
        fail(str(exc))
    if format is ChartFormat.table:
        from add_cli.present.terminal import plain_output, width

        lines = text_lines(the_plan.title, lay, width())
        if plain_output():
            sys.stdout.write("\n".join(text for text, _ in lines) + "\n")
            return
        from rich.console import Console
        from rich.text import Text

        console = Console(width=width(), highlight=False)
        for text, spans in lines:
            styled = Text(text, no_wrap=True, overflow="ellipsis")
            for a, b, style in spans:
                styled.stylize(style, a, b or len(text))
            console.print(styled)
        return
    from add_cli.present.chart import html, mermaid, svg

    writer = {ChartFormat.mermaid: mermaid, ChartFormat.svg: svg, ChartFormat.html: html}[format]
    text = writer(the_plan.title, lay)
    if output is None:
        sys.stdout.write(text)
        return
    write_output(output, text.encode("utf-8"))

"""The timeline on a terminal: a line per action, two characters per quarter.

Plain text when piped (marks: `present.labels`), coloured by rich on a terminal.
"""

from __future__ import annotations

from typing import TextIO

from add_cli.core.i18n import _, long_date
from add_cli.core.timeline import KINDS, Bar, Layout
from add_cli.present.labels import KIND_LABELS, LATE_START

Span = tuple[int, int, str]


def cells(bar: Bar, width: int) -> list[str]:
    """One two-character cell per quarter: the bar, its open ends and unknown start."""
    mark = KIND_LABELS[bar.kind].mark
    out = ["  "] * width
    for col in range(bar.first, bar.last + 1):
        out[col] = mark * 2
    if bar.row.late_start:  # the start quarter passed with no sign of a start
        out[bar.first] = LATE_START.mark + mark
    elif bar.unknown_start:
        out[bar.first] = "?" + mark
    elif bar.from_before:
        out[bar.first] = "<" + mark
    if bar.open_end or bar.past_window:
        out[bar.last] = mark + ">"
    return out


def text_lines(plan_title: str, lay: Layout, width: int) -> list[tuple[str, list[Span]]]:
    """The chart as text lines, each with (start, end, style) spans for a colour terminal."""
    n = lay.width
    label_width = max(12, width - 8 - 2 * n)
    head = 7 + label_width + 1
    out: list[tuple[str, list[Span]]] = []
    out.append(
        (
            _("{title}: timeline as of {date}").format(title=plan_title, date=long_date(lay.as_of)),
            [(0, 0, "bold")],
        )
    )
    out.append(
        (
            _("Quarters {start} to {end}; periods as in Bijlage 1").format(
                start=lay.start, end=lay.end
            ),
            [],
        )
    )
    years = [" "] * (2 * n)
    for i, q in enumerate(lay.quarters):
        # A year is labelled at its first quarter; a partial first year only when its
        # label fits before the next year's.
        if q.q == 1 or (i == 0 and q.q <= 2):
            label = str(q.year)
            for j, ch in enumerate(label):
                if 2 * i + j < 2 * n:
                    years[2 * i + j] = ch
    out.append((" " * head + "".join(years).rstrip(), []))
    quarters = "".join(f"{q.q} " for q in lay.quarters)
    out.append((_("Id").ljust(7) + _("Title").ljust(label_width + 1) + quarters.rstrip(), []))
    if lay.as_of_col is not None:
        marker = " " * (head + 2 * lay.as_of_col) + _("v as of")
        out.append((marker, [(head + 2 * lay.as_of_col, head + 2 * lay.as_of_col + 1, "bold red")]))
    for section in lay.sections:
        out.append((section.title, [(0, len(section.title), "bold")]))
        for bar in section.bars:
            action = bar.row.action
            title = action.title
            if len(title) > label_width:
                title = title[: label_width - 1].rstrip() + "…"
            row_cells = cells(bar, n)
            if lay.as_of_col is not None and row_cells[lay.as_of_col] == "  ":
                row_cells[lay.as_of_col] = "| "
            line = action.id.ljust(7) + title.ljust(label_width + 1) + "".join(row_cells)
            style = KIND_LABELS[bar.kind].style
            spans = [(head + 2 * bar.first, head + 2 * bar.last + 2, style)]
            out.append((line.rstrip(), spans))
    if lay.hidden:
        out.append(
            (
                _("({n} selected actions fall outside {start} to {end})").format(
                    n=lay.hidden, start=lay.start, end=lay.end
                ),
                [],
            )
        )
    legend = "  ".join(f"{KIND_LABELS[k].mark * 2} {_(KIND_LABELS[k].english)}" for k in KINDS)
    out.append((legend, []))
    out.append((_("?  started, date unknown   < >  runs on beyond the window, or has no end"), []))
    if any(b.row.late_start for sec in lay.sections for b in sec.bars):
        out.append(
            (
                _("{mark}  late start: the start quarter passed, no sign of a start").format(
                    mark=LATE_START.mark
                ),
                [],
            )
        )
    return out


def write(plan_title: str, lay: Layout, out: TextIO) -> None:
    """The chart to `out`: plain text unless `out` is a colour terminal."""
    from add_cli.present.terminal import plain_output, width

    total = width(out)
    lines = text_lines(plan_title, lay, total)
    if plain_output(out):
        out.write("\n".join(text for text, _ in lines) + "\n")
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(file=out, width=total, highlight=False)
    for text, spans in lines:
        styled = Text(text, no_wrap=True, overflow="ellipsis")
        for a, b, style in spans:
            styled.stylize(style, a, b or len(text))
        console.print(styled)

"""The tables written column by column are the tables written cell by cell, byte for byte.

`present.terminal` lays a table out per column (one format for every row, only
over-wide columns cut, one escape check per column); the reference here is the
cell-by-cell writer it replaced, kept verbatim, compared over generated tables.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from add_cli.present import terminal
from add_cli.present.terminal import GAP, Column, visible


def _reference_layout(
    columns: Sequence[Column], rows: Sequence[Sequence[str]], total: int
) -> list[int]:
    widths = [len(c.header) for c in columns]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))
    fixed = sum(w for w, c in zip(widths, columns, strict=True) if not c.flex)
    flex = [i for i, c in enumerate(columns) if c.flex]
    room = total - fixed - GAP * (len(columns) - 1)
    for n, i in enumerate(sorted(flex, key=lambda i: widths[i])):
        share = max(1, room // (len(flex) - n))
        widths[i] = min(widths[i], share)
        room -= widths[i]
    return widths


def _reference_cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[: max(1, limit - 1)].rstrip() + "…"


def _reference_line(row: Sequence[str], columns: Sequence[Column], widths: Sequence[int]) -> str:
    cells = []
    for i, (cell, col) in enumerate(zip(row, columns, strict=True)):
        text = _reference_cut(cell, widths[i])
        if col.align == "right":
            cells.append(text.rjust(widths[i]))
        else:
            cells.append(text if i == len(columns) - 1 else text.ljust(widths[i]))
    return (" " * GAP).join(cells).rstrip()


def _reference_plain(columns: Sequence[Column], rows: Sequence[Sequence[str]], total: int) -> str:
    rows = [[visible(cell) for cell in row] for row in rows]
    widths = _reference_layout(columns, rows, total)
    head = [c.header for c in columns]
    return "\n".join(_reference_line(row, columns, widths) for row in [head, *rows])


_text = st.lists(st.sampled_from([*"ab Zé…%\t\x1b\x85\n\u00a0 ", "%s", "xyz"]), max_size=20).map(
    "".join
)


@st.composite
def _tables(draw: st.DrawFn) -> tuple[list[Column], list[list[str]], int]:
    n = draw(st.integers(1, 6))
    columns = [
        Column(draw(_text), draw(st.sampled_from(["left", "right"])), draw(st.booleans()))
        for _ in range(n)
    ]
    rows = draw(st.lists(st.lists(_text, min_size=n, max_size=n), max_size=12))
    return columns, rows, draw(st.integers(1, 120))


@settings(max_examples=300, deadline=None)
@given(_tables())
def test_plain_tables_are_the_cell_by_cell_ones(
    table: tuple[list[Column], list[list[str]], int],
) -> None:
    columns, rows, total = table
    escaped = [[visible(cell) for cell in row] for row in rows]
    assert terminal.layout(columns, escaped, total) == _reference_layout(columns, escaped, total)
    assert terminal.plain_table(columns, escaped, total) == _reference_plain(columns, rows, total)


@settings(max_examples=200, deadline=None)
@given(_tables())
def test_printed_tables_escape_as_before(table: tuple[list[Column], list[list[str]], int]) -> None:
    """print_table (plain, COLUMNS set) escapes every cell, then lays the table out."""
    columns, rows, _total = table
    out = io.StringIO()
    terminal.print_table(columns, rows, title="t", stream=out)
    width = terminal.width(out)
    assert out.getvalue() == "t\n" + _reference_plain(columns, rows, width) + "\n"


@settings(max_examples=100, deadline=None)
@given(_tables())
def test_terminal_tables_keep_their_rows(table: tuple[list[Column], list[list[str]], int]) -> None:
    columns, rows, total = table
    escaped = [[visible(cell) for cell in row] for row in rows]
    drawn = terminal.terminal_table(columns, escaped, total, colour=False)
    widths = _reference_layout(columns, escaped, total)
    span = min(total, sum(widths) + GAP * (len(columns) - 1))
    head = _reference_line([c.header for c in columns], columns, widths)
    lines = [_reference_line(r, columns, widths) for r in escaped]
    assert drawn == "\n".join([head, "─" * span, *lines]) + "\n"

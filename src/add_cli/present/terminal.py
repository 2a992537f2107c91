"""Tables for people and for scripts: styled on a terminal, plain text when piped.

On a terminal a table has bold headers over a rule, drawn here with ANSI styles
(rich is not imported for tables: it cost more start-up time than the rest of a
read command). With NO_COLOR set, with TERM=dumb, or when stdout is not a
terminal, tables are plain aligned text with no colour and no box drawing.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from add_cli.core.frozen import frozen


def plain_output(stream: TextIO | None = None) -> bool:
    stream = stream or sys.stdout
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return True
    try:
        return not stream.isatty()
    except (AttributeError, ValueError):
        return True


def width(stream: TextIO | None = None) -> int:
    columns = os.environ.get("COLUMNS")
    if columns and columns.isdigit():
        return max(40, int(columns))
    if plain_output(stream):
        return 100
    try:
        return max(40, os.get_terminal_size(sys.stdout.fileno()).columns)
    except (OSError, ValueError):
        return 100


_CONTROLS = {c: f"\\x{c:02x}" for c in (*range(0x20), 0x7F, *range(0x80, 0xA0)) if c != 0x0A}
_CONTROLS[0x09] = "\\t"


def visible(text: str) -> str:
    """The text with every control character but the newline shown escaped (`\\x1b`).

    What reaches a terminal is text, never a command: an escape sequence in a plan
    text or a questionnaire answer would otherwise move the cursor, recolour the
    screen or retitle the window. A tab is shown as `\\t`, since it breaks columns.
    """
    return text.translate(_CONTROLS)


_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
"""Any character `visible` shows escaped."""


def visible_columns(cells: Sequence[Sequence[str]]) -> list[Sequence[str]]:
    """Each column's cells `visible`, a column escaped only when it has a character to escape.

    `str.isprintable` checks a whole column at C speed; it is False for more than
    control characters (a newline, a no-break space), and then the search decides."""
    out = []
    for column in cells:
        text = "".join(column)
        if text.isprintable() or _CONTROL.search(text) is None:
            out.append(column)
        else:
            out.append([visible(cell) for cell in column])
    return out


@frozen
class Column:
    header: str
    align: str = "left"  # left | right
    flex: bool = False
    """A flexible column takes the remaining width and is shortened with '…'."""

    def __init__(self, header: str, align: str = "left", flex: bool = False) -> None:
        d = self.__dict__  # written out: see `frozen`
        d["header"], d["align"], d["flex"] = header, align, flex


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[: max(1, limit - 1)].rstrip() + "…"


GAP = 2


def layout(columns: Sequence[Column], rows: Sequence[Sequence[str]], total_width: int) -> list[int]:
    """Column widths: fixed columns fit their content; flexible ones share what is left."""
    return _widths(columns, by_column(columns, rows), total_width)


def by_column(columns: Sequence[Column], rows: Sequence[Sequence[str]]) -> list[Sequence[str]]:
    """The cells of `rows` column by column (`print_columns` takes them so)."""
    if not {len(columns)}.issuperset(map(len, rows)):
        raise ValueError("a row has more or fewer cells than the table has columns")
    if not rows:
        return [() for _ in columns]
    return list(zip(*rows, strict=True))


def _widths(
    columns: Sequence[Column], cells: Sequence[Sequence[str]], total_width: int
) -> list[int]:
    widths = [
        max(len(c.header), max(map(len, column), default=0))
        for c, column in zip(columns, cells, strict=True)
    ]
    fixed = sum(w for w, c in zip(widths, columns, strict=True) if not c.flex)
    flex = [i for i, c in enumerate(columns) if c.flex]
    room = total_width - fixed - GAP * (len(columns) - 1)
    # Give each flexible column its share, smallest first, so that room one does
    # not need goes to the others.
    for n, i in enumerate(sorted(flex, key=lambda i: widths[i])):
        share = max(1, room // (len(flex) - n))
        widths[i] = min(widths[i], share)
        room -= widths[i]
    return widths


def plain_table(columns: Sequence[Column], rows: Sequence[Sequence[str]], total_width: int) -> str:
    """Aligned columns separated by two spaces; flexible columns cut to fit the width."""
    return _plain(columns, by_column(columns, rows), total_width)


def _plain(columns: Sequence[Column], cells: Sequence[Sequence[str]], total_width: int) -> str:
    widths = _widths(columns, cells, total_width)
    head = _line([c.header for c in columns], columns, widths)
    return "\n".join([head, *_lines(cells, columns, widths)])


def _lines(
    cells: Sequence[Sequence[str]], columns: Sequence[Column], widths: Sequence[int]
) -> list[str]:
    """`_line` of each row of `cells` (column by column), with one format for all of them:
    the same text, made faster. A column is cut only when a cell is wider than it."""
    if len(cells) != len(columns) or len(set(map(len, cells))) > 1:
        raise ValueError("the columns have different numbers of cells")
    last = len(columns) - 1
    parts = []
    for i, col in enumerate(columns):
        parts.append(
            f"%{widths[i]}s" if col.align == "right" else "%s" if i == last else f"%-{widths[i]}s"
        )
    form = (" " * GAP).join(parts)
    cut = list(cells)
    for i, limit in enumerate(widths):
        if max(map(len, cut[i]), default=0) > limit:  # as `_cut` does:
            keep = max(1, limit - 1)
            cut[i] = [c if len(c) <= limit else c[:keep].rstrip() + "…" for c in cut[i]]
    return [(form % row).rstrip() for row in zip(*cut, strict=True)]


def _line(row: Sequence[str], columns: Sequence[Column], widths: Sequence[int]) -> str:
    """One row: cells cut to their column's width, aligned, two spaces apart."""
    cells = []
    for i, (cell, col) in enumerate(zip(row, columns, strict=True)):
        text = _cut(cell, widths[i])
        if col.align == "right":
            cells.append(text.rjust(widths[i]))
        else:
            cells.append(text if i == len(columns) - 1 else text.ljust(widths[i]))
    return (" " * GAP).join(cells).rstrip()


def print_table(
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    title: str | None = None,
    stream: TextIO | None = None,
    note: str | None = None,
) -> None:
    print_columns(columns, by_column(columns, rows), title, stream, note)


def print_columns(
    columns: Sequence[Column],
    cells: Sequence[Sequence[str]],
    title: str | None = None,
    stream: TextIO | None = None,
    note: str | None = None,
    escaped: bool = False,
) -> None:
    """`print_table` of the cells given column by column; `escaped`: they are `visible`
    already (no cell has a character to escape)."""
    stream = stream or sys.stdout
    total = width(stream)
    cells = cells if escaped else visible_columns(cells)
    title = visible(title) if title else title
    note = visible(note) if note else note
    if plain_output(stream):
        if title:
            stream.write(title + "\n")
        stream.write(_plain(columns, cells, total) + "\n")
        if note:
            import textwrap

            stream.write(textwrap.fill(note, total) + "\n")
        return
    stream.write(_terminal(columns, cells, total, title, note, colour=_colour(stream)))


BOLD, ITALIC, DIM, RESET = "\x1b[1m", "\x1b[3m", "\x1b[2m", "\x1b[0m"


def _colour(stream: TextIO) -> bool:
    """Styles only for a real terminal (never under NO_COLOR or TERM=dumb, never piped)."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def terminal_table(
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    total_width: int,
    title: str | None = None,
    note: str | None = None,
    colour: bool = True,
) -> str:
    """The table for a terminal: bold headers over a rule, the title and note set off.

    Drawn here rather than by rich: importing rich's console and table and laying the
    table out cost more than the rest of `add status` together. The cells are the
    plain table's (same widths, same cuts); only the styles and the rule differ.
    Every line fits in `total_width` visible characters.
    """
    return _terminal(columns, by_column(columns, rows), total_width, title, note, colour)


def _terminal(
    columns: Sequence[Column],
    cells: Sequence[Sequence[str]],
    total_width: int,
    title: str | None,
    note: str | None,
    colour: bool,
) -> str:
    widths = _widths(columns, cells, total_width)
    span = min(total_width, sum(widths) + GAP * (len(columns) - 1))

    def style(text: str, code: str) -> str:
        return f"{code}{text}{RESET}" if colour and text else text

    out = []
    if title:
        out.append(style(_cut(title, total_width), ITALIC))
    out.append(style(_line([c.header for c in columns], columns, widths), BOLD))
    out.append(style("─" * span, DIM))
    out += _lines(cells, columns, widths)
    if note:
        import textwrap

        out += [style(part, DIM) for part in textwrap.wrap(note, total_width)]
    return "\n".join(out) + "\n"


def bar(done: int, total: int, size: int = 10, plain: bool = True) -> str:
    """A bar of finished over total: '###.......' (plain) or blocks (terminal)."""
    filled = round(size * done / total) if total else 0
    full, empty = ("#", ".") if plain else ("█", "░")
    return full * filled + empty * (size - filled)


def to_json(data: Any) -> str:
    """`data` as indented JSON (json.dumps's text, written faster: `jsontext`)."""
    from add_cli.present.jsontext import dumps

    return dumps(data) + "\n"

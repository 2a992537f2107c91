"""What every workbook add writes shares: the printed page and the text cell.

`page_setup` gives A4 landscape, fitted to the page width only (the height runs
over as many pages as it needs, never shrunk to tiny print), the header rows
repeated on every page, and fixed margins. `text_cell` writes a wrapped text cell
that is never a formula and never holds a character XML cannot carry; `fit_height`
makes a row as tall as its longest wrapped cell, since not every spreadsheet does
that on opening (LibreOffice does not).
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from openpyxl.styles import Alignment

if TYPE_CHECKING:
    from add_cli.present.tables import Table

FORMULA_STARTS = ("=", "+", "-", "@")
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
LINE_HEIGHT = 15.0
"""Points per line of 11 pt text."""

# C0 control characters other than tab and newline, and the two non-characters:
# XML 1.0 cannot carry them, and openpyxl refuses them (IllegalCharacterError).
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff]")
CONTROL_MARKER_NOTE = "a control character is shown as its symbol (␀ … ␟) or as �"


def _marker(match: re.Match[str]) -> str:
    char = match.group()
    return chr(0x2400 + ord(char)) if char < " " else "\ufffd"


def printable(text: str) -> str:
    """The text with each control character replaced by a visible marker (U+2400 + code)."""
    return CONTROL.sub(_marker, text)


def wrapped_lines(text: str, width: float) -> int:
    """How many lines `text` takes in a column `width` characters wide, wrapping at spaces."""
    room = max(1, int(width) - 1)
    lines = 0
    for paragraph in text.split("\n"):
        lines += max(1, len(textwrap.wrap(paragraph, room, break_long_words=True)))
    return lines


def text_cell(ws: Any, row: int, col: int, value: str) -> Any:
    """A wrapped, top-aligned text cell; never a formula, control characters made visible."""
    cell = ws.cell(row=row, column=col)
    cell.value = printable(value)
    cell.data_type = "s"  # never a formula, whatever the text starts with
    if value.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    cell.alignment = WRAP_TOP
    return cell


def fit_height(ws: Any, row: int, values: Sequence[str], widths: Sequence[float]) -> None:
    """Make `row` as tall as the longest of its wrapped texts in columns of these widths."""
    lines = max(
        (wrapped_lines(value, width) for value, width in zip(values, widths, strict=False)),
        default=1,
    )
    ws.row_dimensions[row].height = LINE_HEIGHT * lines + 2


@dataclass(frozen=True)
class PrintSetup:
    """The printed page of every sheet, xlsx and ods alike (margins in inches)."""

    landscape: bool = True
    paper_mm: tuple[int, int] = (297, 210)
    """A4, landscape: width and height."""
    fit_width: int = 1
    """Pages across; the height runs over as many pages as it needs (never shrunk)."""
    side_margin: float = 0.5
    top_margin: float = 0.75
    header_margin: float = 0.3
    page_label: str = "Pagina {page} van {pages}"


PRINT = PrintSetup()


def column_widths(table: Table) -> list[int]:
    """Each column's width in characters: its preferred width, or less when its texts are short."""
    widths = []
    for col, preferred in enumerate(table.widths):
        longest = max([len(table.headers[col])] + [len(row[col]) for row in table.rows])
        widths.append(min(preferred, longest + 2))
    return widths


def page_setup(ws: Any, title_rows: str, footer: str) -> None:
    """A4 landscape, fitted to the width only, `title_rows` ("1:2") repeated on every page;
    the sheet name in the header, `footer` and the page number in the footer."""
    ws.print_title_rows = title_rows
    ws.print_options.gridLines = False
    ws.page_setup.orientation = "landscape" if PRINT.landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = PRINT.fit_width
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = PRINT.side_margin
    ws.page_margins.top = ws.page_margins.bottom = PRINT.top_margin
    ws.page_margins.header = ws.page_margins.footer = PRINT.header_margin
    ws.oddHeader.left.text = "&A"
    ws.oddFooter.left.text = footer
    ws.oddFooter.right.text = PRINT.page_label.format(page="&P", pages="&N")

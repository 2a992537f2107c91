"""Reading the cells of an .ods questionnaire someone sent back, within fixed bounds.

The OpenDocument twin of `xlsxread`, with the same bounds and the same answers:
the zip is checked before anything is unpacked (`xlsxread`'s checks), XML with a
document type declaration is refused, content.xml is streamed with at most
`MAX_ELEMENTS` elements, and repeated cells (`number-columns-repeated`,
`number-rows-repeated`) are counted, never expanded, unless they hold a value.
Values are read as text; a comment (office:annotation) is not part of the value.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from add_cli.core.errors import AddError
from add_cli.store import xlsxread
from add_cli.store.xlsxread import MAX_CELL_TEXT, MAX_EMPTY, MAX_FILE, TOO_MANY_EMPTY, Cells

OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
MAX_REPEAT = 10_000_000
"""A repeat count beyond this is refused as nonsense (LibreOffice writes about 1M rows)."""


def _repeat(elem: ET.Element, attr: str) -> int:
    text = elem.get(f"{{{TABLE}}}{attr}", "1")
    if not text.isdigit() or not 0 < int(text) <= MAX_REPEAT:
        raise ValueError(f"{attr} {text!r}")
    return int(text)


def _text(elem: ET.Element) -> str:
    """The text of a paragraph: spaces (text:s), tabs and line breaks as characters."""
    out = [elem.text or ""]
    for child in elem:
        tag = child.tag
        if tag == f"{{{TEXT}}}s":
            out.append(" " * min(_repeat_c(child), MAX_CELL_TEXT))
        elif tag == f"{{{TEXT}}}tab":
            out.append("\t")
        elif tag == f"{{{TEXT}}}line-break":
            out.append("\n")
        elif tag != f"{{{OFFICE}}}annotation":
            out.append(_text(child))
        out.append(child.tail or "")
    return "".join(out)


def _repeat_c(elem: ET.Element) -> int:
    text = elem.get(f"{{{TEXT}}}c", "1")
    return int(text) if text.isdigit() and len(text) < 7 else 1


def _value(cell: ET.Element) -> str | None:
    kind = cell.get(f"{{{OFFICE}}}value-type")
    if kind is not None and kind != "string":
        for attr in ("value", "date-value", "time-value", "boolean-value"):
            found = cell.get(f"{{{OFFICE}}}{attr}")
            if found is not None:
                return found
    if kind == "string" and cell.get(f"{{{OFFICE}}}string-value") is not None:
        return cell.get(f"{{{OFFICE}}}string-value")
    paragraphs = [_text(p) for p in cell if p.tag in (f"{{{TEXT}}}p", f"{{{TEXT}}}h")]
    if not paragraphs:
        return None
    return "\n".join(paragraphs)


@dataclass
class Ods:
    """An opened spreadsheet: its sheets' values by position, read once."""

    name: str
    values: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)
    sheets: dict[str, tuple[str, str]] = field(default_factory=dict)
    """sheet name -> ("worksheet", ""), in document order (as `xlsxread.Xlsx.sheets`)."""

    def fail(
        self, code: str, message: str, sheet: str = "", row: int = 0, col: int = 0
    ) -> AddError:
        return xlsxread._Fail(self.name)(code, message, sheet, row, col)

    def cells(self, sheet: str, max_row: int, max_col: int) -> Cells:
        """The cells with a value of a sheet; a value beyond max_row/max_col is refused."""
        out = self.values.get(sheet, {})
        for row, col in sorted(out):
            if row > max_row or col > max_col:
                raise self.fail(
                    "outside-questionnaire",
                    "a value outside the questionnaire's rows and columns "
                    f"(rows up to {max_row}, columns up to {max_col}); remove it",
                    sheet,
                    row,
                    col,
                )
        return dict(out)


def _read_sheets(book: Ods, data: bytes) -> None:
    sheet = ""
    row = next_row = col = empty = 0
    row_repeat = 1
    cell_tags = (f"{{{TABLE}}}table-cell", f"{{{TABLE}}}covered-table-cell")
    depth = 0  # tables inside cells (sub-tables) are not the sheet's cells
    for event, elem in xlsxread._stream(book, "content.xml", data, ""):  # type: ignore[arg-type]  # duck-typed book
        tag = elem.tag
        if tag == f"{{{TABLE}}}table":
            if event == "start":
                depth += 1
                if depth == 1:
                    sheet = elem.get(f"{{{TABLE}}}name", "")
                    if sheet in book.sheets:
                        raise book.fail("workbook-broken", f"two sheets named {sheet!r}")
                    book.sheets[sheet] = ("worksheet", "")
                    book.values[sheet] = {}
                    next_row = 1
            else:
                depth -= 1
            continue
        if depth != 1:
            continue
        if tag == f"{{{TABLE}}}table-row":
            if event == "start":
                row = next_row
                row_repeat = _repeat(elem, "number-rows-repeated")
                next_row = row + row_repeat
                col = 0
            else:
                elem.clear()
                empty += 1
            continue
        if tag in cell_tags and event == "end":
            repeat = _repeat(elem, "number-columns-repeated")
            value = _value(elem) if tag == cell_tags[0] else None
            elem.clear()
            if value is None or value == "":
                col += repeat
                empty += 1
                if empty > MAX_EMPTY:
                    raise book.fail("workbook-too-large", TOO_MANY_EMPTY, sheet)
                continue
            if len(value) > MAX_CELL_TEXT:
                raise book.fail(
                    "workbook-broken",
                    f"a cell of {len(value):,} characters; at most {MAX_CELL_TEXT:,}",
                    sheet,
                    row,
                    col + 1,
                )
            if repeat * row_repeat > MAX_EMPTY:
                raise book.fail("workbook-too-large", TOO_MANY_EMPTY, sheet)
            for r in range(row, row + row_repeat):
                for c in range(col + 1, col + repeat + 1):
                    book.values[sheet][(r, c)] = value
            col += repeat


def open_ods(path: Path) -> Ods:
    """The spreadsheet's sheets and values, or AddError('questionnaire') saying why not."""
    fail = xlsxread._Fail(path.name)
    try:
        size = path.stat().st_size
        if size > MAX_FILE:
            raise fail(
                "workbook-too-large",
                f"the file is {size:,} bytes; a questionnaire is limited to {MAX_FILE:,}",
            )
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE + 1)
        if len(raw) > MAX_FILE:
            raise fail("workbook-too-large", f"the file is larger than {MAX_FILE:,} bytes")
    except OSError as exc:
        raise fail("not-xlsx", f"cannot read the file: {exc.strerror or exc}") from None
    xlsxread._sniff(raw, fail)
    xlsxread._check_central_directory(raw, fail)
    parts = xlsxread._unpack(raw, fail)
    if parts.get("mimetype", b"").strip() != MIMETYPE or "content.xml" not in parts:
        raise fail(
            "not-xlsx",
            "not an OpenDocument spreadsheet (.ods) with content; "
            "save it as an .ods or Excel workbook (.xlsx)",
        )
    book = Ods(path.name)
    data = parts["content.xml"]
    xlsxread._check_xml(book, "content.xml", data)  # type: ignore[arg-type]  # duck-typed book
    try:
        _read_sheets(book, data)
    except ET.ParseError as exc:
        raise book.fail("workbook-broken", f"content.xml is not well-formed XML ({exc})") from None
    except ValueError as exc:
        raise book.fail("workbook-broken", f"content.xml: {exc}") from None
    return book

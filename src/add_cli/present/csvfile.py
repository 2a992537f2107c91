"""CSV per RFC 4180: one header row, CRLF line ends, quotes where needed, formula-safe.

Every CSV add writes goes through `to_csv`. A spreadsheet opening a CSV runs a cell
that starts with `=`, `+`, `-` or `@` (or a tab or carriage return before one) as a
formula: "=cmd|' /C calc'!A0" in a progress text would become a live formula in
LibreOffice or Excel. As OWASP advises (CSV Injection), such a cell is written with a
single quote in front; the spreadsheet shows the text, and the quote marks the cell as
text. The xlsx and ods exports need no quote: they write text cells, never formulas.

The tables of a document go into one file, with the table's heading as the first
column, so that every record has the same fields; a single table is written as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from add_cli.present.tables import Document

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet may read as the start of a formula (OWASP, CSV Injection)."""


def safe_cell(value: Any) -> str:
    """The cell's text, with a leading single quote where it would start a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(headers: Sequence[str], rows: Sequence[Sequence[Any]], bom: bool = False) -> str:
    """RFC 4180: comma-separated, CRLF line ends, quotes where needed; formula-safe cells."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in headers])
    writer.writerows([safe_cell(c) for c in row] for row in rows)
    return ("\ufeff" if bom else "") + buffer.getvalue()


def write(doc: Document, bom: bool = False) -> str:
    first = doc.tables[0]
    if len(doc.tables) == 1:
        return to_csv(first.headers, first.rows, bom=bom)
    name = "Actielijn" if first.sheet.startswith("Actielijn") else "Onderdeel"
    rows = [(table.heading, *row) for table in doc.tables for row in table.rows]
    return to_csv((name, *first.headers), rows, bom=bom)

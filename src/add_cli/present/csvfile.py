"""CSV per RFC 4180: one header row, CRLF line ends, quotes where needed.

The tables of a document go into one file, with the table's heading as the
first column, so that every record has the same fields; a single table is
written as it is.
"""

from __future__ import annotations

from add_cli.present.tables import Document
from add_cli.present.terminal import to_csv


def write(doc: Document, bom: bool = False) -> str:
    first = doc.tables[0]
    if len(doc.tables) == 1:
        return to_csv(first.headers, first.rows, bom=bom)
    name = "Actielijn" if first.sheet.startswith("Actielijn") else "Onderdeel"
    rows = [(table.heading, *row) for table in doc.tables for row in table.rows]
    return to_csv((name, *first.headers), rows, bom=bom)

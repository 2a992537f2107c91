"""GitHub-flavoured Markdown: the one table writer, and documents of headings and tables."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from add_cli.present.tables import Document

_MD_SPECIAL = r"([\\|*_`\[\]<~])"
_MD_ENTITY = r"&(?=#?[0-9A-Za-z]+;)"


def md_cell(value: Any) -> str:
    """Text for a GitHub-flavoured Markdown table cell or heading, shown exactly as given.

    Characters that would start emphasis, code, links, HTML or strike-through, the
    pipe that ends a cell, and an '&' that would start an entity are escaped;
    line breaks become <br>.
    """
    text = "" if value is None else str(value)
    lines = [
        re.sub(_MD_ENTITY, "&amp;", re.sub(_MD_SPECIAL, r"\\\1", line))
        for line in text.splitlines()
    ]
    return "<br>".join(line.strip() for line in lines) if len(lines) > 1 else "".join(lines)


def table_lines(headers: Sequence[Any], rows: Sequence[Sequence[Any]]) -> list[str]:
    """A pipe table: the header row, the delimiter row, a line per row."""
    lines = ["| " + " | ".join(md_cell(h) for h in headers) + " |"]
    lines.append("|" + "|".join(" --- " for _ in headers) + "|")
    lines += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows]
    return lines


def to_markdown(headers: Sequence[Any], rows: Sequence[Sequence[Any]]) -> str:
    """A single pipe table, ending in a newline."""
    return "\n".join(table_lines(headers, rows)) + "\n"


def write(doc: Document) -> str:
    out: list[str] = []
    for level, heading in enumerate(doc.headings, start=1):
        out += [f"{'#' * level} {md_cell(heading)}", ""]
    sub = "#" * (len(doc.headings) + 1)
    for table in doc.tables:
        out += [f"{sub} {md_cell(table.heading)}", ""]
        out += table_lines(table.headers, table.rows)
        out.append("")
    return "\n".join(out)

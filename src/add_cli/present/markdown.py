"""GitHub-flavoured Markdown: headings as printed, then one pipe table per table."""

from __future__ import annotations

from add_cli.present.tables import Document
from add_cli.present.terminal import md_cell


def write(doc: Document) -> str:
    out: list[str] = []
    for level, heading in enumerate(doc.headings, start=1):
        out += [f"{'#' * level} {md_cell(heading)}", ""]
    sub = "#" * (len(doc.headings) + 1)
    for table in doc.tables:
        out += [f"{sub} {md_cell(table.heading)}", ""]
        out.append("| " + " | ".join(md_cell(h) for h in table.headers) + " |")
        out.append("|" + "|".join(" --- " for _ in table.headers) + "|")
        for row in table.rows:
            out.append("| " + " | ".join(md_cell(c) for c in row) + " |")
        out.append("")
    return "\n".join(out)

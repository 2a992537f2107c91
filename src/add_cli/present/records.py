"""Rows for scripts: the actions of status and overdue as JSON, CSV or Markdown."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from add_cli.core.query import Row

HEADERS = (
    "id",
    "title",
    "lead",
    "partners",
    "period",
    "start",
    "end",
    "deadline",
    "state",
    "overdue",
    "quarters_late",
    "expected",
    "latest_progress",
    "late_start",
    "continues",
    "plan",
)
"""The CSV and Markdown columns: the JSON fields a table can show."""


def cells(rows: Sequence[Row]) -> list[list[str]]:
    """Each row's fields as text: partners joined with ', ', overdue as yes/no."""
    table = []
    for r in rows:
        data = r.as_json()
        data["partners"] = ", ".join(data["partners"])
        data["overdue"] = "yes" if data["overdue"] else "no"
        data["late_start"] = "yes" if data["late_start"] else "no"
        table.append(["" if data[h] is None else str(data[h]) for h in HEADERS])
    return table


def write(rows: Sequence[Row], format: str, out: TextIO) -> None:
    """`format` is json (the documented shape), csv (RFC 4180) or md (a pipe table)."""
    if format == "json":
        from add_cli.present.jsontext import write_list

        write_list((r.as_json() for r in rows), out)
    elif format == "csv":
        from add_cli.present.csvfile import to_csv

        out.write(to_csv(HEADERS, cells(rows)))
    elif format == "md":
        from add_cli.present.markdown import to_markdown

        out.write(to_markdown(HEADERS, cells(rows)))
    else:
        raise ValueError(f"no row format {format!r}")

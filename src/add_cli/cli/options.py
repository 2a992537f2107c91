"""Options shared by the commands, defined once."""

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    pass

PlanOption = Annotated[
    Path | None,
    typer.Option(
        "--plan",
        envvar="ADD_PLAN",
        help="Plan directory. Default: ./plan when it exists, else the plan shipped with add.",
        show_default=False,
    ),
]
OutOption = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", help="File to write (atomically). md and csv go to stdout without it."
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of", help="Date to report on, YYYY-MM-DD. Default: today.", show_default=False
    ),
]


DeptOption = Annotated[
    str | None, typer.Option("--dept", help="Only actions this department leads (EZ = EZK).")
]
EntryDateOption = Annotated[
    str | None,
    typer.Option(
        "--date", help="Date of the entries, YYYY-MM-DD. Default: today.", show_default=False
    ),
]
DryRunOption = Annotated[bool, typer.Option("--dry-run", help="Check and show; write nothing.")]
LineOption = Annotated[
    str | None,
    typer.Option("--line", help="Only one action line (1, 2, 3) or sub-line (1a ... 3c)."),
]


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    md = "md"


class TextFormat(StrEnum):
    text = "text"
    json = "json"


class RoleChoice(StrEnum):
    lead = "lead"
    partner = "partner"
    any = "any"


class ChartFormat(StrEnum):
    table = "table"
    mermaid = "mermaid"
    svg = "svg"
    html = "html"


class ExportFormat(StrEnum):
    xlsx = "xlsx"
    md = "md"
    csv = "csv"


ExportFormatOption = Annotated[
    ExportFormat, typer.Option("--format", "-f", help="xlsx, md (GitHub Markdown) or csv.")
]
BomOption = Annotated[
    bool,
    typer.Option("--bom", help="CSV for Excel: start the UTF-8 file with a byte-order mark."),
]

"""`add export`: the annex tables and progress overviews."""

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from add_cli.cli.common import load_plan, today, write_output
from add_cli.cli.options import (
    AsOfOption,
    BomOption,
    ExportFormat,
    ExportFormatOption,
    OutOption,
    PlanOption,
    SearchOption,
    StateFilterOption,
)
from add_cli.cli.params import DATE
from add_cli.core.errors import AddError

if TYPE_CHECKING:
    from add_cli.present.tables import Document

export_app = typer.Typer(
    help="Export the annex tables and progress overviews (Excel, Markdown, CSV).",
    no_args_is_help=True,
)


def _emit(doc: "Document", format: ExportFormat, output: Path | None, bom: bool) -> None:
    from add_cli.present import csvfile, markdown

    if format is ExportFormat.xlsx:
        from add_cli.present import xlsx

        if output is None:
            raise AddError(
                "usage", "xlsx needs --output FILE (a spreadsheet is not written to the terminal)"
            )
        data = xlsx.write(doc)
    elif format is ExportFormat.md:
        data = markdown.write(doc).encode("utf-8")
    else:
        data = csvfile.write(doc, bom=bom).encode("utf-8")
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    write_output(output, data)


@export_app.command("bijlage1")
def export_bijlage1(
    format: ExportFormatOption = ExportFormat.md,
    output: OutOption = None,
    with_status: Annotated[
        bool,
        typer.Option(
            "--with-status",
            help="Working variant for internal use: add state, lateness, expected quarter "
            "and latest progress as of --as-of.",
        ),
    ] = False,
    as_of: AsOfOption = None,
    bom: BomOption = False,
    plan: PlanOption = None,
    state: StateFilterOption = None,
    search: SearchOption = None,
) -> None:
    """Bijlage 1 (Acties rijksoverheid): a table per action line, cells exactly as printed."""
    from add_cli.core import query
    from add_cli.present import tables

    the_plan = load_plan(plan)
    day = today(as_of) if (with_status or as_of or state) else None

    def keep(row: "query.Row") -> bool:
        return bool(query.filter_rows([row], state, search))

    chosen = keep if (state or search) else None
    _emit(tables.bijlage1(the_plan, with_status, day, chosen), format, output, bom)


@export_app.command("voortgang")
def export_voortgang(
    format: ExportFormatOption = ExportFormat.md,
    output: OutOption = None,
    as_of: Annotated[
        dt.date | None,
        typer.Option(
            "--as-of",
            click_type=DATE,
            help="Use the latest report dated on or before this date (YYYY-MM-DD). "
            "Default: the latest report.",
            show_default=False,
        ),
    ] = None,
    bom: BomOption = False,
    plan: PlanOption = None,
) -> None:
    """The progress report's overview (Actie | Status), as printed."""
    from add_cli.present import tables

    the_plan = load_plan(plan)
    report = tables.latest_report(the_plan, as_of)
    if report is None:
        when = f" on or before {as_of}" if as_of else ""
        raise AddError("no-report", f"no progress report{when} in the plan")
    _emit(tables.voortgang(the_plan, report), format, output, bom)

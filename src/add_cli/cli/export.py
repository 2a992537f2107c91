"""`add export`: the annex tables and progress overviews."""

import datetime as dt
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from add_cli.cli.common import load_plan, today, write_output
from add_cli.cli.completion import complete_department
from add_cli.cli.options import (
    AsOfOption,
    BomOption,
    ExportFormat,
    ExportFormatOption,
    OutOption,
    PlanOption,
    RoleChoice,
    RoleOption,
    SearchOption,
    StateFilterOption,
)
from add_cli.cli.params import DATE
from add_cli.core.errors import AddError
from add_cli.core.i18n import N_, _

if TYPE_CHECKING:
    from add_cli.present.reportdoc import ReportDocument
    from add_cli.present.tables import Document

BINARY = {
    "xlsx": N_("a spreadsheet"),
    "ods": N_("a spreadsheet"),
    "docx": N_("a document"),
    "odt": N_("a document"),
}

export_app = typer.Typer(
    help="Export the annex tables and progress overviews (Excel, ODF, Word, Markdown, CSV).",
    no_args_is_help=True,
)


def _emit(
    doc: "Document",
    format: ExportFormat,
    output: Path | None,
    bom: bool,
    report: "Callable[[], ReportDocument] | None" = None,
) -> None:
    """Write `doc` in `format`; docx and odt write `report` (the progress report as a document)."""
    from add_cli.present import csvfile, markdown

    if format.value in BINARY and output is None:
        raise AddError(
            "usage",
            _("{format} needs --output FILE ({what} is not written to the terminal)").format(
                format=format.value, what=_(BINARY[format.value])
            ),
        )
    if format in (ExportFormat.docx, ExportFormat.odt):
        if report is None:
            raise AddError(
                "usage",
                _("{format} is for export voortgang; use xlsx, ods, md or csv").format(
                    format=format.value
                ),
            )
        from add_cli.present import docx, odt

        data = (docx if format is ExportFormat.docx else odt).write(report())
    elif format is ExportFormat.xlsx:
        from add_cli.present import xlsx

        data = xlsx.write(doc)
    elif format is ExportFormat.ods:
        from add_cli.present import ods

        data = ods.write(doc)
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
    round_: Annotated[
        dt.date | None,
        typer.Option(
            "--round",
            click_type=DATE,
            metavar="DATE",
            help="The round (or report) dated DATE, YYYY-MM-DD.",
            show_default=False,
        ),
    ] = None,
    as_of: Annotated[
        dt.date | None,
        typer.Option(
            "--as-of",
            click_type=DATE,
            help="Use the latest round dated on or before this date (YYYY-MM-DD). "
            "Default: the latest round.",
            show_default=False,
        ),
    ] = None,
    bom: BomOption = False,
    plan: PlanOption = None,
) -> None:
    """The report of a round: every action of the plan, its state as of the round date,
    the text and date of its latest entry, and whether it was updated in the round. A
    published report on every action (October 2025) is exported as printed (Actie | Status)."""
    from add_cli.core import rounds
    from add_cli.present import tables

    if round_ is not None and as_of is not None:
        raise AddError("usage", _("give --round or --as-of, not both"))
    the_plan = load_plan(plan)
    if round_ is not None:
        report = rounds.report_of(the_plan, round_)
        if report is None:
            raise AddError(
                "no-report", _("no round or report dated {date} in the plan").format(date=round_)
            )
    else:
        day = as_of or dt.date.max
        report = rounds.round_for(the_plan, day) or tables.latest_report(the_plan, as_of)
        if report is None:
            when = _(" on or before {date}").format(date=as_of) if as_of else ""
            raise AddError("no-report", _("no progress report{when} in the plan").format(when=when))
    from add_cli.present import reportdoc

    _emit(
        tables.round_report(the_plan, report),
        format,
        output,
        bom,
        report=lambda: reportdoc.build(the_plan, report),
    )


class DeadlineFormat(StrEnum):
    ics = "ics"


@export_app.command("deadlines")
def export_deadlines(
    format: Annotated[
        DeadlineFormat,
        typer.Option("--format", "-f", help="ics (iCalendar, RFC 5545: Outlook, Google, ...)."),
    ] = DeadlineFormat.ics,
    dept: Annotated[
        str | None,
        typer.Option(
            "--dept",
            help="Only the deadlines of this department's actions (EZ = EZK); see --role.",
            autocompletion=complete_department,
        ),
    ] = None,
    role: RoleOption = RoleChoice.lead,
    no_rounds: Annotated[
        bool, typer.Option("--no-rounds", help="Leave out the rounds' due dates.")
    ] = False,
    output: OutOption = None,
    plan: PlanOption = None,
) -> None:
    """Deadlines for a calendar: an all-day event per action deadline and per round.

    An action's deadline is the last day of its annex end quarter (open ends have none);
    a round's event is the due date of its answers. UIDs are stable: importing the file
    again updates the events instead of adding copies.
    """
    from add_cli.cli.common import check_dept
    from add_cli.core import query
    from add_cli.present import ics

    the_plan = load_plan(plan)
    check_dept(the_plan, dept)
    chosen = query.select(the_plan, dept, role.value)
    events = ics.events(the_plan, chosen, with_rounds=not no_rounds)
    name = f"Deadlines {the_plan.title}" + (f" ({dept})" if dept else "")
    data = ics.write(the_plan, events, _stamp(), name)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    write_output(output, data)


def _stamp() -> dt.datetime:
    """DTSTAMP: now, or $SOURCE_DATE_EPOCH for a reproducible file."""
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
        except (OverflowError, OSError, ValueError):  # beyond the calendar: use the clock
            pass
    return dt.datetime.now(dt.UTC).replace(microsecond=0)

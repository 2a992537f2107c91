"""Options shared by the commands, defined once.

Every command that prints data takes `--format/-f` (its own choice of formats) and
`-o/--output FILE`; dates, quarters and states are typed (`params`), so a bad value is a
usage error naming its own option. The options whose values are the model's own types
(quarters, states) are in `model_options`: a command without them does not import the model
to start.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from add_cli.cli._click import ParamType
from add_cli.cli.completion import complete_department
from add_cli.cli.params import DATE

if TYPE_CHECKING:
    from add_cli.cli._click import Context, Parameter

PLAN_HELP = "Plan directory. Default: ./plan when it exists, else the plan shipped with add."

# The app's --plan (before the command) reads ADD_PLAN; a command's own --plan wins over both.
AppPlanOption = Annotated[
    Path | None,
    typer.Option("--plan", envvar="ADD_PLAN", help=PLAN_HELP, show_default=False),
]
PlanOption = Annotated[
    Path | None,
    typer.Option("--plan", help=PLAN_HELP + " Also: add --plan DIR COMMAND.", show_default=False),
]
OutOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to this file (atomically) instead of stdout; tables are plain text.",
        show_default=False,
    ),
]
AsOfOption = Annotated[
    dt.date | None,
    typer.Option(
        "--as-of",
        click_type=DATE,
        help="Date to report on, YYYY-MM-DD. Default: today.",
        show_default=False,
    ),
]
DeptOption = Annotated[
    str | None,
    typer.Option(
        "--dept",
        help="Only this department's actions (EZ = EZK, BZ = BuZa); see --role.",
        autocompletion=complete_department,
    ),
]
EntryDateOption = Annotated[
    dt.date | None,
    typer.Option(
        "--date",
        click_type=DATE,
        help="Date of the entries, YYYY-MM-DD. Default: today.",
        show_default=False,
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
    ods = "ods"
    md = "md"
    csv = "csv"
    docx = "docx"
    odt = "odt"


FormatOption = Annotated[
    Format, typer.Option("--format", "-f", help="table (for people), json, csv or md.")
]
TextFormatOption = Annotated[
    TextFormat, typer.Option("--format", "-f", help="text (for people) or json.")
]
ChartFormatOption = Annotated[
    ChartFormat,
    typer.Option("--format", "-f", help="table (terminal), mermaid, svg or html."),
]
ExportFormatOption = Annotated[
    ExportFormat,
    typer.Option(
        "--format",
        "-f",
        help="xlsx, ods (OpenDocument), md (GitHub Markdown) or csv; "
        "export voortgang also docx or odt (the report as a document).",
    ),
]
RoleOption = Annotated[
    RoleChoice,
    typer.Option("--role", help="With --dept: actions it leads, joins as partner, or either."),
]
BomOption = Annotated[
    bool,
    typer.Option("--bom", help="CSV for Excel: start the UTF-8 file with a byte-order mark."),
]


class StateFilterType(ParamType):
    """A state to filter on: a state (as `--state` of `add progress` reads it), `open`
    (neither finished nor carried over) or `not_reported`."""

    name = "state"

    def get_metavar(self, param: Parameter, ctx: Context | None = None) -> str:
        return "STATE|open"

    def convert(self, value: Any, param: Parameter | None, ctx: Context | None) -> str:
        from add_cli.core.model import State
        from add_cli.core.query import NOT_REPORTED, OPEN

        text = str(value).strip()
        key = text.casefold().replace("-", "_").replace(" ", "_")
        if key in (OPEN, NOT_REPORTED):
            return key
        try:
            return State.parse(text).value
        except ValueError as exc:
            self.fail(f"{exc}; or open, or not_reported", param, ctx)


STATE_FILTER = StateFilterType()

PlansOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--plan",
        help=PLAN_HELP + " Give it more than once to show several plans side by side.",
        show_default=False,
    ),
]
StateFilterOption = Annotated[
    str | None,
    typer.Option(
        "--state",
        click_type=STATE_FILTER,
        help="Only actions in this state as of the date (finished, on_schedule, in_progress, "
        "expected, unclear, not_started, carried_over, not_reported, or the Dutch words), or "
        "open: not finished and not carried over.",
        show_default=False,
    ),
]
SearchOption = Annotated[
    str | None,
    typer.Option(
        "--search",
        help="Only actions whose id, title or body text holds this text (case and accents "
        "do not count: beinvloeding finds beïnvloeding).",
        show_default=False,
    ),
]


class LateKindChoice(StrEnum):
    end = "end"
    start = "start"
    any = "any"


KindOption = Annotated[
    LateKindChoice,
    typer.Option(
        "--kind",
        help="end: past the end quarter and not finished; start: past the start quarter "
        "with no sign of a start; any: either.",
    ),
]

"""The `add` command line: the Typer app and its entry point.

Each command lives in its own module in this package; this one only assembles them.
Errors become messages and exit codes in one place, `errors` (see `ExitCode`):
0 clean; 1 the command found what it looks for (validation errors, overdue actions
with --fail); 2 usage errors and plans that cannot be loaded.
"""

import enum
import os
import sys
from typing import Annotated

import typer

from add_cli import __version__
from add_cli.cli import (
    carry_over,
    diff,
    export,
    init,
    overdue,
    progress,
    show,
    site,
    status,
    timeline,
    uitvraag,
    validate,
)
from add_cli.cli.errors import AddGroup, boundary
from add_cli.cli.options import AppPlanOption
from add_cli.core.i18n import N_


class Language(enum.StrEnum):
    """The values of --lang (read before parsing by `errors.AddGroup.main`)."""

    nl = "nl"
    en = "en"


app = typer.Typer(
    name="add",
    cls=AddGroup,
    help=N_("Keep the Actieplan Duurzame Digitalisering as versioned YAML and ask it questions."),
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"add {__version__}")
        raise typer.Exit()


@app.callback()
def _main_options(
    ctx: typer.Context,
    plan: AppPlanOption = None,
    lang: Annotated[
        Language | None,
        typer.Option(
            "--lang",
            help=N_("The language to speak: nl or en (default: ADD_LANG, then the locale)."),
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help=N_("Print the version and exit.")
        ),
    ] = False,
) -> None:
    """Keep the Actieplan Duurzame Digitalisering as versioned YAML and ask it questions."""
    # `add --plan DIR COMMAND`: the commands find it here when not given their own --plan.
    ctx.obj = {"plan": plan}


app.command()(validate.validate)
app.command()(status.status)
app.command()(overdue.overdue)
app.command()(timeline.timeline)
app.command()(show.show)
app.command()(progress.progress)
app.add_typer(uitvraag.uitvraag_app, name="uitvraag")
app.command()(diff.diff)
app.add_typer(export.export_app, name="export")
app.command()(init.init)
app.command("carry-over")(carry_over.carry_over)
app.command()(site.site)


def main() -> None:
    """Entry point of the `add` script."""
    try:
        with boundary():
            app()
    except KeyboardInterrupt:  # pragma: no cover - interactive only
        sys.stderr.write("add: interrupted\n")
        sys.exit(130)
    except BrokenPipeError:  # pragma: no cover - `add status | head`
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)


if __name__ == "__main__":  # pragma: no cover
    main()

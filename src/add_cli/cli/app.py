"""The `add` command line: the Typer app and its entry point.

Each command lives in its own module in this package; this one only assembles them:
`COMMANDS` names each command and where it is defined, and the app's group (`AddApp`)
imports and builds only the command that runs (`lazy`), so that `add status` costs no
more than status itself.
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
from add_cli.cli.errors import AddGroup, boundary
from add_cli.cli.lazy import Spec
from add_cli.cli.options import AppPlanOption
from add_cli.core.i18n import N_


class Language(enum.StrEnum):
    """The values of --lang (read before parsing by `errors.AddGroup.main`)."""

    nl = "nl"
    en = "en"


COMMANDS: tuple[Spec, ...] = (
    ("validate", "add_cli.cli.validate", "validate"),
    ("status", "add_cli.cli.status", "status"),
    ("overdue", "add_cli.cli.overdue", "overdue"),
    ("timeline", "add_cli.cli.timeline", "timeline"),
    ("show", "add_cli.cli.show", "show"),
    ("progress", "add_cli.cli.progress", "progress"),
    ("diff", "add_cli.cli.diff", "diff"),
    ("init", "add_cli.cli.init", "init"),
    ("carry-over", "add_cli.cli.carry_over", "carry_over"),
    ("site", "add_cli.cli.site", "site"),
    ("uitvraag", "add_cli.cli.uitvraag", "uitvraag_app"),
    ("export", "add_cli.cli.export", "export_app"),
)
"""Every command of `add` in the order `add --help` lists them: (name, module, attribute),
a function or, for a group of sub-commands, a `typer.Typer`."""


class AddApp(AddGroup):
    """The group of the `add` app: `AddGroup`'s boundary, commands built on lookup."""

    lazy = COMMANDS


app = typer.Typer(
    name="add",
    cls=AddApp,
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


def run() -> None:
    """The `add` script: `main`, then the process ends at once (`parallel.leave`)."""
    from add_cli.store import parallel

    parallel.keep_until_exit = True
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = _exit_code(exc.code)
    parallel.leave(code)


def _exit_code(code: object) -> int:
    """What `sys.exit(code)` would exit with (a message is printed, as it would be)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    sys.stderr.write(f"{code}\n")
    return 1


if __name__ == "__main__":  # pragma: no cover
    run()

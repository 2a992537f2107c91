"""The one place where an error becomes text on stderr and an exit code.

Commands raise `AddError` (or return); `AddGroup`, the class of the `add` app, catches it
around every command and prints, to stderr, each finding (at most `MAX_FINDINGS`, then
"... and N more") and then `add: <message>`, and exits with the error's exit code.
Usage errors of options (a bad date, an unknown format) are Click's and exit 2 with its
usage text. `main` in `app` runs the app inside the same boundary.

A subclass that names its commands in `lazy` (see `lazy.Spec`) builds each one only when it
is looked up (`lazy.LazyCommands`), in the language spoken then.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, ClassVar, TextIO

import typer
from typer.core import TyperGroup

from add_cli.cli import click_text, lang
from add_cli.cli._click import Context
from add_cli.cli.lazy import LazyCommands, Spec
from add_cli.core.errors import AddError, ExitCode
from add_cli.core.i18n import _, set_language

MAX_FINDINGS = 50
"""More findings than this are counted, not printed: the first ones say enough."""


def report(error: AddError, stream: TextIO | None = None) -> ExitCode:
    """Print the error's findings (capped) and its message; return its exit code."""
    from add_cli.present.terminal import visible  # the model behind it is not start-up's

    stream = stream or sys.stderr
    findings = error.findings
    for finding in findings[:MAX_FINDINGS]:
        stream.write(f"{visible(str(finding))}\n")
    if len(findings) > MAX_FINDINGS:
        stream.write(_("... and {n} more").format(n=len(findings) - MAX_FINDINGS) + "\n")
    stream.write(f"add: {visible(error.message)}\n")
    stream.flush()
    return error.exit_code


_OUTPUT_FULL = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO})
"""Errors of writing the output (stdout redirected to a file) that no command turns into
an AddError itself."""
_IF_CUT = [0]
"""The exit code when the reader stops early (see `exit_if_cut`)."""


def exit_if_cut(code: int) -> None:
    """What the command exits with if the reader stops reading its output early: an answer
    decided before printing (`add validate` found errors, `add overdue --fail` found late
    actions) still counts when the output is cut (`| head`)."""
    _IF_CUT[0] = int(code)


@contextmanager
def boundary() -> Iterator[None]:
    """Turn an AddError raised inside into its message and exit code.

    A reader that stops early (`add status | head`) is no error: the rest of the output
    goes nowhere and the exit code is 0 (Click would say 1, which fails a pipeline), or
    what the command had decided before printing (`exit_if_cut`).
    """
    _IF_CUT[0] = 0
    _abandoned()  # verdicts an earlier command of this process left (a library's caller)
    try:
        try:
            yield
            _refused()  # never exit 0 on a plan with errors (a command's output is held)
        except Exception:
            _refused()  # a plan's refusal comes before anything that went wrong with it
            raise
        finally:
            _abandoned()  # still to come when the command ended otherwise (Ctrl-C)
    except AddError as error:
        raise typer.Exit(int(report(error))) from None
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise typer.Exit(_IF_CUT[0]) from None
    except OSError as exc:
        if exc.errno not in _OUTPUT_FULL:
            raise
        # The output went to a full disk (`add status > file`): what was written is cut off.
        message = _("cannot write the output: {why}").format(why=exc.strerror or exc)
        raise typer.Exit(int(report(AddError("write-failed", message)))) from None


def _refused() -> None:
    """Raise the refusal of a plan handed out before its verdict (`checks.loaded.settle`),
    if it has one: the command went wrong on a plan it should never have answered from."""
    loaded = sys.modules.get("add_cli.checks.loaded")
    if loaded is not None and loaded.pending():
        loaded.settle()


def _abandoned() -> None:
    """Forget the verdicts still to come (`checks.loaded.abandon`)."""
    loaded = sys.modules.get("add_cli.checks.loaded")
    if loaded is not None and loaded.pending():
        loaded.abandon()


class AddGroup(TyperGroup):
    """The `add` app: every command (and sub-command group) runs inside `boundary`."""

    lazy: ClassVar[tuple[Spec, ...]] = ()
    """The commands built on lookup, in the order `--help` lists them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.lazy:
            commands = LazyCommands(self.lazy, _loaded, self.rich_markup_mode)
            for name, command in self.commands.items():  # any the Typer app itself holds
                commands[name] = command
            self.commands = commands

    def list_commands(self, ctx: Context) -> list[str]:
        """The names, in order, without building a command (Typer's goes through them)."""
        return list(self.commands)

    def main(self, args: Sequence[str] | None = None, *rest: Any, **kwargs: Any) -> Any:
        """Pick the language (before parsing: help and usage errors follow it), then run."""
        set_language(lang.choose(sys.argv[1:] if args is None else args))
        lang.adopt()
        click_text.install()
        lang.localize(self)
        return super().main(args, *rest, **kwargs)

    def invoke(self, ctx: Context) -> Any:
        try:
            with boundary():
                return super().invoke(ctx)
        finally:
            # A cold read may write the plan cache in a second process meanwhile: the
            # command ends when that entry is written (store.parallel.background).
            from add_cli.store import parallel

            parallel.join()


def _loaded(command: Any) -> None:
    """A command just built: its help in the language spoken now, Click's words too."""
    lang.adopt()  # its module may have brought in more of Click
    lang.localize(command)

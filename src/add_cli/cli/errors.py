"""The one place where an error becomes text on stderr and an exit code.

Commands raise `AddError` (or return); `AddGroup`, the class of the `add` app, catches it
around every command and prints, to stderr, each finding (at most `MAX_FINDINGS`, then
"... and N more") and then `add: <message>`, and exits with the error's exit code.
Usage errors of options (a bad date, an unknown format) are Click's and exit 2 with its
usage text. `main` in `app` runs the app inside the same boundary.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

import typer
from typer.core import TyperGroup

from add_cli.cli._click import Context
from add_cli.core.errors import AddError, ExitCode

MAX_FINDINGS = 50
"""More findings than this are counted, not printed: the first ones say enough."""

# Errors of library modules written before AddError existed: (module, class, code).
# A module that was never imported cannot have raised its error, so none is imported here.
_LEGACY: tuple[tuple[str, str, str], ...] = (("add_cli.store.diff", "GitError", "git"),)


def as_add_error(exc: BaseException) -> AddError | None:
    """An AddError for `exc`: itself, or the coded form of a library's older error type."""
    if isinstance(exc, AddError):
        return exc
    for module_name, class_name, code in _LEGACY:
        module = sys.modules.get(module_name)
        legacy = getattr(module, class_name, None) if module else None
        if isinstance(legacy, type) and isinstance(exc, legacy):
            findings = tuple(getattr(exc, "findings", ()) or ())
            problems = getattr(exc, "problems", None)
            message = "\n".join(problems) if problems else str(exc)
            exit_code = ExitCode.FOUND if findings and code == "edit-refused" else ExitCode.USAGE
            return AddError(code, message, findings, exit_code)
    return None


def report(error: AddError, stream: TextIO | None = None) -> ExitCode:
    """Print the error's findings (capped) and its message; return its exit code."""
    stream = stream or sys.stderr
    findings = error.findings
    for finding in findings[:MAX_FINDINGS]:
        stream.write(f"{finding}\n")
    if len(findings) > MAX_FINDINGS:
        stream.write(f"... and {len(findings) - MAX_FINDINGS} more\n")
    stream.write(f"add: {error.message}\n")
    stream.flush()
    return error.exit_code


@contextmanager
def boundary() -> Iterator[None]:
    """Turn an AddError (or a library's older error) raised inside into message and exit."""
    try:
        yield
    except Exception as exc:
        error = as_add_error(exc)
        if error is None:
            raise
        raise typer.Exit(int(report(error))) from None


class AddGroup(TyperGroup):
    """The `add` app: every command (and sub-command group) runs inside `boundary`."""

    def invoke(self, ctx: Context) -> Any:
        with boundary():
            return super().invoke(ctx)

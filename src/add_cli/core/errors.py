"""The one problem type a run can end in, and the named exit codes.

Everything a user can get wrong becomes either a `Finding` (a problem at a place in
a plan file or a workbook, see `findings`) or an `AddError` (a coded error that stops
the command, possibly carrying findings). The command line turns both into text and
an exit code in one place (`add_cli.cli.errors`); nothing else prints or exits.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only annotated here: importing findings (and dataclasses) costs start-up
    from add_cli.core.findings import Finding


class ExitCode(IntEnum):
    CLEAN = 0
    """Nothing found: the plan is valid, nothing is late, the edit was made."""
    FOUND = 1
    """The command found what it looks for: errors in the plan, late actions with --fail,
    an edit refused because of the findings it would cause."""
    USAGE = 2
    """A usage error (bad option value, unknown action) or input that cannot be loaded."""


# code -> what it means. Findings have their own catalogue in `findings`.
ERRORS: dict[str, str] = {
    "usage": "a command-line option or argument has a value the command cannot use",
    "unknown-action": "no action has this id",
    "unknown-department": "no department has this code",
    "unknown-line": "no action line or sub-line has this id",
    "plan-unloadable": "a plan file cannot be read at all",
    "plan-invalid": "the plan has errors; read commands refuse to answer from it",
    "edit-refused": "the edit would make the plan invalid, or cannot be made",
    "read-only": "the plan or a file cannot be written",
    "write-failed": "writing a file failed (disk full, no permission, not a folder)",
    "no-report": "the plan has no progress report for the date asked",
    "questionnaire": "a workbook is not a questionnaire of this plan, or its answers are invalid",
    "git": "not a git repository, an unknown revision, or git missing",
    "worker-failed": "a second process add forked for a large plan ended without its result",
}


class AddError(Exception):
    """A coded error that ends the command; `findings` say where, when there are places."""

    def __init__(
        self,
        code: str,
        message: str,
        findings: Iterable[Finding] = (),
        exit_code: ExitCode = ExitCode.USAGE,
    ) -> None:
        if code not in ERRORS:
            raise ValueError(f"unknown error code {code!r}")
        super().__init__(message)
        self.code = code
        self.message = message
        self.findings = tuple(findings)
        self.exit_code = exit_code

    def __str__(self) -> str:
        return self.message

"""`add validate`: every problem of the plan at once."""

import os
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from add_cli.cli.common import output_to, plan_root
from add_cli.cli.errors import exit_if_cut
from add_cli.cli.options import OutOption, PlanOption
from add_cli.core.errors import AddError, ExitCode
from add_cli.core.i18n import _
from add_cli.store import paths

if TYPE_CHECKING:
    from add_cli.checks.validate import ValidationReport


class ValidateFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    gitlab = "gitlab"
    sarif = "sarif"


ValidateFormatOption = Annotated[
    ValidateFormat,
    typer.Option(
        "--format",
        "-f",
        help="text (for people), json, github (workflow annotations), "
        "gitlab (Code Quality report) or sarif (SARIF 2.1.0).",
    ),
]


def validate(
    plan: PlanOption = None,
    format: ValidateFormatOption = ValidateFormat.text,
    output: OutOption = None,
) -> None:
    """Check the plan files: schema, ids, departments, periods, references, dates.

    Prints every finding at once as `path:line:col: severity CODE [action] message`.
    Exit 0 without errors (warnings allowed), 1 with errors, 2 when a file cannot be loaded.
    """
    from add_cli.checks.validate import check
    from add_cli.present.reports import write_validation

    root = plan_root(plan)
    result, report = check(root)
    loadable = not result.load_errors
    where = paths.display_path(root, Path.cwd())
    exit_if_cut(ExitCode.USAGE if not loadable else ExitCode.FOUND if report.errors else 0)
    with output_to(output) as out:
        summary = write_validation(report, where, loadable, format.value, out)
    if format in (ValidateFormat.text, ValidateFormat.gitlab, ValidateFormat.sarif):
        typer.echo(summary, err=True)
    if format is ValidateFormat.github:
        _step_summary(report, summary)
    if not loadable:
        raise typer.Exit(ExitCode.USAGE)
    if report.errors:
        raise typer.Exit(ExitCode.FOUND)


def _step_summary(report: "ValidationReport", summary: str) -> None:
    """Append the Markdown summary to $GITHUB_STEP_SUMMARY when the step has one."""
    from add_cli.present.ci import github_summary

    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    try:
        with Path(target).open("a", encoding="utf-8") as stream:
            stream.write(github_summary(report, summary))
    except OSError as exc:
        raise AddError(
            "write-failed",
            _("cannot append to $GITHUB_STEP_SUMMARY ({path}): {why}").format(
                path=target, why=exc.strerror
            ),
        ) from None

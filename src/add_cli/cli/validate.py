"""`add validate`: every problem of the plan at once."""

from pathlib import Path

import typer

from add_cli.cli.common import output_to, plan_root
from add_cli.cli.options import OutOption, PlanOption, TextFormat, TextFormatOption
from add_cli.core.errors import ExitCode
from add_cli.store import paths


def validate(
    plan: PlanOption = None,
    format: TextFormatOption = TextFormat.text,
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
    with output_to(output) as out:
        summary = write_validation(report, where, loadable, format.value, out)
    if format is TextFormat.text:
        typer.echo(summary, err=True)
    if not loadable:
        raise typer.Exit(ExitCode.USAGE)
    if report.errors:
        raise typer.Exit(ExitCode.FOUND)

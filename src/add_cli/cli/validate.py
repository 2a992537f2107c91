"""`add validate`: every problem of the plan at once."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from add_cli.store import paths

if TYPE_CHECKING:
    pass

from add_cli.cli.common import (
    plan_root,
)
from add_cli.cli.options import (
    PlanOption,
    TextFormat,
)

# ------------------------------------------------------------------ validate


def validate(
    plan: PlanOption = None,
    format: Annotated[
        TextFormat, typer.Option("--format", "-f", help="text (one finding per line) or json.")
    ] = TextFormat.text,
) -> None:
    """Check the plan files: schema, ids, departments, periods, references, dates.

    Prints every finding at once as `path:line:col: severity CODE [action] message`.
    Exit 0 without errors (warnings allowed), 1 with errors, 2 when a file cannot be loaded.
    """
    from add_cli.checks.validate import check
    from add_cli.present.terminal import to_json

    root = plan_root(plan)
    result, report = check(root)
    code = 2 if result.load_errors else (1 if report.errors else 0)
    if format is TextFormat.json:
        sys.stdout.write(
            to_json(
                {
                    "plan": paths.display_path(root, Path.cwd()),
                    "valid": code == 0,
                    "loadable": not result.load_errors,
                    "errors": report.errors,
                    "warnings": report.warnings,
                    "actions": report.actions,
                    "progress_entries": report.entries,
                    "findings": [f.as_dict() for f in report.findings],
                }
            )
        )
    else:
        for f in report.findings:
            typer.echo(str(f))
        where = paths.display_path(root, Path.cwd())
        if result.load_errors:
            summary = f"{where}: cannot be loaded ({report.errors} errors)"
        else:
            summary = (
                f"{where}: {report.files} files, {report.actions} actions, "
                f"{report.entries} progress entries: {report.errors} errors, "
                f"{report.warnings} warnings"
            )
        typer.echo(summary, err=True)
    raise typer.Exit(code)

"""`add diff`: what changed between two revisions."""

from typing import Annotated

import typer

from add_cli.cli.common import output_to, plan_root
from add_cli.cli.options import OutOption, PlanOption, TextFormat, TextFormatOption


def diff(
    rev_a: Annotated[str, typer.Argument(help="Earlier revision.", show_default=True)] = "HEAD",
    rev_b: Annotated[
        str | None,
        typer.Argument(help="Later revision. Default: the working tree.", show_default=False),
    ] = None,
    format: TextFormatOption = TextFormat.text,
    output: OutOption = None,
    plan: PlanOption = None,
) -> None:
    """What changed in the plan between two git revisions (default: HEAD and the working tree).

    Actions added or removed, annex period, departments or title changed, body texts
    changed, progress entries added or removed, and changes of the latest state.
    """
    from add_cli.checks.changes import between
    from add_cli.present.reports import write_changes

    changes, a, b = between(plan_root(plan), rev_a, rev_b)
    with output_to(output) as out:
        write_changes(changes, a, b, format.value, out)

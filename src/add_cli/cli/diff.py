"""`add diff`: what changed between two revisions."""

import sys
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    pass

from add_cli.cli.common import (
    fail,
    plan_root,
)
from add_cli.cli.options import (
    PlanOption,
    TextFormat,
)

# ------------------------------------------------------------------ diff


def diff(
    rev_a: Annotated[str, typer.Argument(help="Earlier revision.", show_default=True)] = "HEAD",
    rev_b: Annotated[
        str | None,
        typer.Argument(help="Later revision. Default: the working tree.", show_default=False),
    ] = None,
    format: Annotated[
        TextFormat, typer.Option("--format", "-f", help="text (a table) or json.")
    ] = TextFormat.text,
    plan: PlanOption = None,
) -> None:
    """What changed in the plan between two git revisions (default: HEAD and the working tree).

    Actions added or removed, annex period, departments or title changed, body texts
    changed, progress entries added or removed, and changes of the latest state.
    """
    from add_cli.present.terminal import Column, print_table, to_json
    from add_cli.store.diff import GitError, between

    root = plan_root(plan)
    try:
        changes, a, b = between(root, rev_a, rev_b)
    except GitError as exc:
        fail(str(exc))
    if format is TextFormat.json:
        sys.stdout.write(to_json({"from": a, "to": b, "changes": [c.as_json() for c in changes]}))
        return
    if not changes:
        typer.echo(f"No changes to the plan between {a} and {b}.")
        return
    print_table(
        [Column("Change"), Column("Id"), Column("Before", flex=True), Column("After", flex=True)],
        [[c.kind, c.id, c.before or "", c.after or ""] for c in changes],
        title=f"{len(changes)} changes to the plan from {a} to {b}",
    )

"""`add show`: everything about one action."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from add_cli.cli.common import find_action, load_plan, output_to, plan_root, today
from add_cli.cli.completion import complete_action_id
from add_cli.cli.options import (
    AsOfOption,
    OutOption,
    PlansOption,
    TextFormat,
    TextFormatOption,
)
from add_cli.core.errors import AddError
from add_cli.core.i18n import _

if TYPE_CHECKING:
    from add_cli.core.model import Plan


def show(
    action_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="Action id, e.g. 1.c.4 or KC1.", autocompletion=complete_action_id
        ),
    ],
    plan: PlansOption = None,
    as_of: AsOfOption = None,
    format: TextFormatOption = TextFormat.text,
    output: OutOption = None,
) -> None:
    """Everything about one action: annex row, body, schedule, progress, differences.

    A carried action's progress is its whole history: the entries of the action it
    continues come first. The predecessor plan is a second --plan, or plan.yaml's
    `predecessor` folder."""
    from add_cli.core.detail import detail

    day = today(as_of)
    roots: list[Path | None] = list(plan) if plan else [None]
    first, *others = roots
    the_plan = load_plan(first)
    earlier = [load_plan(p) for p in others] + _predecessors(the_plan, first)
    data = detail(the_plan, find_action(the_plan, action_id), day, earlier)
    with output_to(output) as out:
        if format is TextFormat.json:
            from add_cli.present.terminal import to_json

            out.write(to_json(data.as_json()))
        else:
            from add_cli.present.show import as_text
            from add_cli.present.terminal import width

            out.write(as_text(data, width=min(width(out), 100)))


def _predecessors(the_plan: "Plan", given: Path | None) -> list["Plan"]:
    """The chain of plan.yaml `predecessor` folders (each relative to its plan's folder)."""
    out: list[Plan] = []
    root = plan_root(given)
    seen = {root.resolve()}
    current = the_plan
    while current.predecessor:
        folder = (root / current.predecessor).resolve()
        if folder in seen:
            break
        if not folder.is_dir():
            raise AddError(
                "usage",
                _("plan.yaml names the predecessor {name}, which is not a folder ({path})").format(
                    name=repr(current.predecessor), path=folder
                ),
            )
        seen.add(folder)
        current = load_plan(folder)
        out.append(current)
        root = folder
    return out

"""`add show`: everything about one action."""

import sys
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    pass

from add_cli.cli.common import (
    find_action,
    load_plan,
    parse_day,
)
from add_cli.cli.options import (
    AsOfOption,
    PlanOption,
    TextFormat,
)

# ------------------------------------------------------------------ show


def show(
    action_id: Annotated[str, typer.Argument(metavar="ID", help="Action id, e.g. 1.c.4 or KC1.")],
    plan: PlanOption = None,
    as_of: AsOfOption = None,
    format: Annotated[
        TextFormat, typer.Option("--format", "-f", help="text or json.")
    ] = TextFormat.text,
) -> None:
    """Everything about one action: annex row, body, schedule, progress, differences."""
    from add_cli.core.detail import as_text, detail
    from add_cli.present.terminal import to_json, width

    day = parse_day(as_of)
    the_plan = load_plan(plan)
    action = find_action(the_plan, action_id)
    data = detail(the_plan, action, day)
    if format is TextFormat.json:
        sys.stdout.write(to_json(data))
    else:
        sys.stdout.write(as_text(data, width=min(width(), 100)))

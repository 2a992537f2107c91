"""`add show`: everything about one action."""

from typing import Annotated

import typer

from add_cli.cli.common import find_action, load_plan, output_to, today
from add_cli.cli.completion import complete_action_id
from add_cli.cli.options import (
    AsOfOption,
    OutOption,
    PlanOption,
    TextFormat,
    TextFormatOption,
)


def show(
    action_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="Action id, e.g. 1.c.4 or KC1.", autocompletion=complete_action_id
        ),
    ],
    plan: PlanOption = None,
    as_of: AsOfOption = None,
    format: TextFormatOption = TextFormat.text,
    output: OutOption = None,
) -> None:
    """Everything about one action: annex row, body, schedule, progress, differences."""
    from add_cli.core.detail import detail

    day = today(as_of)
    the_plan = load_plan(plan)
    data = detail(the_plan, find_action(the_plan, action_id), day)
    with output_to(output) as out:
        if format is TextFormat.json:
            from add_cli.present.terminal import to_json

            out.write(to_json(data.as_json()))
        else:
            from add_cli.present.show import as_text
            from add_cli.present.terminal import width

            out.write(as_text(data, width=min(width(out), 100)))

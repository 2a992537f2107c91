"""Options whose values are the model's own types: quarters and states.

Apart from `options` so that a command that takes none of them (status, overdue) does not
import the model (`core.model`) while it starts: its annotations need the classes.
"""

from __future__ import annotations

from typing import Annotated

import typer

from add_cli.cli.params import QUARTER, STATE
from add_cli.core.model import Quarter, State

FromOption = Annotated[
    Quarter | None,
    typer.Option(
        "--from", click_type=QUARTER, help="First quarter shown, YYYY-Qn.", show_default=False
    ),
]
ToOption = Annotated[
    Quarter | None,
    typer.Option(
        "--to", click_type=QUARTER, help="Last quarter shown, YYYY-Qn.", show_default=False
    ),
]
ExpectedOption = Annotated[
    Quarter | None,
    typer.Option(
        "--expected",
        click_type=QUARTER,
        help="With --state expected: the quarter it is expected, YYYY-Qn.",
        show_default=False,
    ),
]
StateOption = Annotated[
    State,
    typer.Option(
        "--state",
        click_type=STATE,
        help="finished, on_schedule, in_progress, expected, unclear, not_started or "
        "carried_over (or afgerond, ligt op schema, loopt, verwacht later, onduidelijk, "
        "niet gestart, meegenomen).",
    ),
]

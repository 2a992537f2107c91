"""`add progress`: record a progress entry."""

from pathlib import Path
from typing import Annotated

import typer

from add_cli.cli.common import (
    fail,
    find_action,
    load_plan,
    parse_day,
    record_or_fail,
    writable_root,
)
from add_cli.cli.options import (
    DryRunOption,
    EntryDateOption,
    PlanOption,
)
from add_cli.store import paths

# ------------------------------------------------------------------ progress


def progress(
    action_id: Annotated[str, typer.Argument(metavar="ID", help="Action id, e.g. 1.c.4 or KC1.")],
    state: Annotated[
        str,
        typer.Option(
            "--state",
            help="finished, on_schedule, in_progress, expected or unclear "
            "(or afgerond, ligt op schema, loopt, verwacht later, onduidelijk).",
        ),
    ],
    text: Annotated[str, typer.Option("--text", help="The status text, as it will be reported.")],
    date: EntryDateOption = None,
    expected: Annotated[
        str | None,
        typer.Option(
            "--expected", help="With --state expected: the quarter it is expected, YYYY-Qn."
        ),
    ] = None,
    dry_run: DryRunOption = False,
    plan: PlanOption = None,
) -> None:
    """Record a progress entry in progress/<date>.yaml (created when missing).

    The file is changed only by adding the entry's lines; the text is kept exactly
    as given (control characters other than tab and newline are refused); the file
    is read back and the plan validated with the entry before the file is replaced,
    atomically and under a lock. --date may not be after today (unless that date's
    round exists) nor before the plan was published.
    """
    from add_cli.checks.record import NewEntry
    from add_cli.core.model import Quarter, State

    day = parse_day(date)
    try:
        the_state = State.parse(state)
    except ValueError as exc:
        fail(str(exc))
    quarter = None
    if expected is not None:
        try:
            quarter = Quarter.parse(expected)
        except ValueError as exc:
            fail(f"--expected: {exc}")
        if the_state is not State.EXPECTED:
            fail("--expected goes with --state expected")
    if not text.strip():
        fail("--text must not be empty")
    root = writable_root(plan)
    action = find_action(load_plan(plan), action_id)
    entry = NewEntry(action.id, day, the_state, text, quarter)  # kept exactly
    done = record_or_fail(root, [entry], dry_run)
    shown = paths.display_path(done.path, Path.cwd())
    if not done.added:
        typer.echo(f"{entry.action}: the same entry is already recorded for {day}; nothing written")
        return
    verb = "would record" if dry_run else "recorded"
    typer.echo(f"{verb} {done.added[0].action} {day} {the_state.value} in {shown}")

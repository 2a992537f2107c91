"""`add progress`: record a progress entry."""

from pathlib import Path
from typing import Annotated

import typer

from add_cli.cli.common import (
    check_dept,
    find_action,
    load_plan,
    record_entries,
    today,
    writable_root,
)
from add_cli.cli.completion import complete_action_id
from add_cli.cli.model_options import ExpectedOption, StateOption
from add_cli.cli.options import DryRunOption, EntryDateOption, PlanOption
from add_cli.core.errors import AddError
from add_cli.core.i18n import _
from add_cli.core.model import State
from add_cli.present.labels import english
from add_cli.store import paths


def progress(
    action_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="Action id, e.g. 1.c.4 or KC1.", autocompletion=complete_action_id
        ),
    ],
    state: StateOption,
    text: Annotated[str, typer.Option("--text", help="The status text, as it will be reported.")],
    date: EntryDateOption = None,
    expected: ExpectedOption = None,
    by: Annotated[
        str | None,
        typer.Option("--by", metavar="CODE", help="The department that reports (e.g. EZ)."),
    ] = None,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="Correct an entry: replace the one recorded for this action, date and reporter.",
        ),
    ] = False,
    dry_run: DryRunOption = False,
    plan: PlanOption = None,
) -> None:
    """Record a progress entry in progress/<date>.yaml (created when missing).

    The file is changed only by adding the entry's lines; the text is kept exactly
    as given (control characters other than tab and newline are refused); the file
    is read back and the plan validated with the entry before the file is replaced,
    atomically and under a lock. --date may not be after today (unless that date's
    round exists) nor before the plan was published. One action has one entry per
    date and reporter (--by): a different one is refused unless --replace, which
    replaces the old entry in its file.
    """
    from add_cli.checks.record import NewEntry

    day = today(date)
    if expected is not None and state is not State.EXPECTED:
        raise AddError("usage", _("--expected goes with --state expected"))
    if not text.strip():
        raise AddError("usage", _("--text must not be empty"))
    root = writable_root(plan)
    the_plan = load_plan(plan)
    action = find_action(the_plan, action_id)
    reporter = None
    if by is not None:
        from add_cli.core.departments import Registry

        check_dept(the_plan, by)
        reporter = Registry(the_plan.departments).canonical(by)
    entry = NewEntry(action.id, day, state, text, expected, reporter)  # kept exactly
    done = record_entries(root, [entry], dry_run, replace)
    shown = paths.display_path(done.path, Path.cwd())
    if not done.added:
        typer.echo(
            _("{id}: the same entry is already recorded for {date}; nothing written").format(
                id=entry.action, date=day
            )
        )
        return
    verb = _("would record") if dry_run else _("recorded")
    if done.replaced:
        verb = _("would replace") if dry_run else _("replaced")
    who = _(" by {who}").format(who=reporter) if reporter else ""
    typer.echo(
        _("{verb} {id} {date} {state}{who} in {path}").format(
            verb=verb,
            id=done.added[0].action,
            date=day,
            state=english(state.value),
            who=who,
            path=shown,
        )
    )

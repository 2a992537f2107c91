"""`add carry-over --to DIR`: hand the unfinished actions to the successor plan.

DOMAIN.md, Carried over: every action not finished as of `--as-of` (or the ones named
with `--ids`) is added to the plan in DIR with its texts exactly as they are, and
`continues: <plan id>/<action id>`; its action line and period are left for the team to
set (validate warns until they are). In this plan each one gets an entry dated the
hand-over date `--on`, state `carried_over`, text "meegenomen in <new title>", in
`progress/<date>.yaml` (recorded through `checks.record`). A second run adds nothing.

The hand-over date may not lie after today: a hand-over is recorded when it happens.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from add_cli.cli.common import today, writable_root
from add_cli.cli.options import DryRunOption, PlanOption
from add_cli.cli.params import DATE
from add_cli.core.i18n import _, ngettext


def carry_over(
    to: Annotated[
        Path,
        typer.Option(
            "--to", help="The successor plan's folder (see `add init`).", show_default=False
        ),
    ],
    on: Annotated[
        dt.date | None,
        typer.Option(
            "--on",
            click_type=DATE,
            help="The hand-over date, YYYY-MM-DD (not after today). Default: today.",
            show_default=False,
        ),
    ] = None,
    as_of: Annotated[
        dt.date | None,
        typer.Option(
            "--as-of",
            click_type=DATE,
            help="Which actions are unfinished: their state as of this date, YYYY-MM-DD. "
            "Default: the hand-over date.",
            show_default=False,
        ),
    ] = None,
    ids: Annotated[
        list[str] | None,
        typer.Option(
            "--ids", help="Only these actions (give --ids once per action).", show_default=False
        ),
    ] = None,
    dry_run: DryRunOption = False,
    plan: PlanOption = None,
) -> None:
    """Hand the unfinished actions to the successor plan in DIR, and mark them carried over."""
    from add_cli.checks.carry import carry_over as carry

    done = carry(
        writable_root(plan), to, today=today(None), on=on, as_of=as_of, ids=ids, dry_run=dry_run
    )
    verb = _("would carry") if dry_run else _("carried")
    for action_id in done.carried:
        typer.echo(f"{action_id}\t{done.old_id}/{action_id} -> {done.new_id}/{action_id}")
    typer.echo(
        ngettext(
            "{verb} {n} action to {new} ({already} already there); ",
            "{verb} {n} actions to {new} ({already} already there); ",
            len(done.carried),
        ).format(verb=verb, n=len(done.carried), new=done.new_id, already=done.already)
        + ngettext(
            "{m} carried_over entry dated {day} in {old}",
            "{m} carried_over entries dated {day} in {old}",
            done.marked,
        ).format(m=done.marked, day=done.day, old=done.old_id),
        err=True,
    )

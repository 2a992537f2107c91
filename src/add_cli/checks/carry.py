"""Carrying the unfinished actions of a plan over to its successor (`add carry-over`).

DOMAIN.md, Carried over: every action not finished as of the cut date (or the ones named)
is added to the successor plan with its texts exactly as they are, and
`continues: <plan id>/<action id>`; its action line and period are left for the team to
set. In the old plan each one gets an entry dated the hand-over date, state
`carried_over`, text "meegenomen in <new title>" (recorded through `checks.record`). A
second run adds nothing. The new actions are appended with `store.append`, validated with
the new text in place, and written atomically (`store.atomic`) under the new plan's lock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from add_cli.core.errors import AddError, ExitCode
from add_cli.core.i18n import _
from add_cli.core.model import State

if TYPE_CHECKING:
    from add_cli.checks.record import NewEntry, Recorded
    from add_cli.core.model import Action, Plan
    from add_cli.store.load import LoadResult


@dataclass(frozen=True)
class Carried:
    """What a carry-over did (or would do, on a dry run)."""

    old_id: str
    new_id: str
    carried: list[str]
    """The ids of the actions added to the new plan."""
    already: int
    """How many chosen actions the new plan already continues."""
    marked: int
    """How many carried_over entries were recorded in the old plan."""
    day: dt.date


def carry_over(
    root: Path,
    to: Path,
    *,
    today: dt.date,
    on: dt.date | None,
    as_of: dt.date | None,
    ids: list[str] | None,
    dry_run: bool,
) -> Carried:
    """Hand the unfinished actions of the plan in `root` to the plan in `to`, and mark
    them carried over in `root`. Refused edits are an `AddError`; nothing is written then."""
    from add_cli.checks.loaded import plan_for_reading
    from add_cli.checks.record import record

    now = today
    day = on or now
    if day > now:
        raise AddError(
            "usage",
            _(
                "the hand-over date {day} is after today ({now}); run carry-over on or after "
                "the day of the hand-over"
            ).format(day=day, now=now),
        )
    cut = as_of or day
    if cut > day:
        raise AddError(
            "usage", _("--as-of {cut} is after the hand-over date {day}").format(cut=cut, day=day)
        )
    old = plan_for_reading(root)
    if not old.id:
        raise AddError(
            "usage",
            _("the plan in {path} has no id (plan.yaml `id`); add one first").format(path=root),
        )
    target = _target(to, root)
    new = plan_for_reading(target)
    if not new.id or new.id == old.id:
        raise AddError(
            "usage",
            _("the plan in {path} needs an id (plan.yaml `id`) other than {id}").format(
                path=to, id=repr(old.id)
            ),
        )
    chosen = _chosen(old, cut, ids)
    carried, already = _split(old, new, chosen)
    entries = _entries(old, chosen, day, new.title)
    recorded: Recorded | None = None
    if entries:  # checked first, so that a refused entry leaves the new plan untouched
        recorded = record(root, entries, today=now, dry_run=True)
    if carried:
        _write_actions(root, target, old, carried, dry_run)
    if entries and not dry_run:
        recorded = record(root, entries, today=now, dry_run=False)
    return Carried(
        old_id=old.id,
        new_id=new.id,
        carried=[a.id for a in carried],
        already=len(already),
        marked=len(recorded.added) if recorded else 0,
        day=day,
    )


def _target(to: Path, root: Path) -> Path:
    from add_cli.store import paths

    if not (to / "plan.yaml").is_file():
        raise AddError(
            "usage",
            _("no plan in {path} (no plan.yaml); start one with `add init`").format(path=to),
        )
    if paths.is_packaged(to):
        raise AddError("read-only", _("the plan shipped inside the installed package is read-only"))
    if to.resolve() == root.resolve():
        raise AddError("usage", _("--to names this same plan"))
    return to


def _chosen(old: Plan, cut: dt.date, ids: list[str] | None) -> list[Action]:
    """The actions not finished (nor carried over) as of `cut`; with `ids`, those named."""
    from add_cli.core import query

    rows = {r.action.id: r for r in query.rows(old, cut)}
    if not ids:
        return [r.action for r in rows.values() if r.is_open]
    out = []
    for wanted in ids:
        action = old.action(wanted)
        if action is None:
            raise AddError(
                "unknown-action", _("no action {id} in {plan}").format(id=repr(wanted), plan=old.id)
            )
        row = rows[action.id]
        if row.state is State.FINISHED:
            raise AddError(
                "usage",
                _("{id} is finished as of {cut}; nothing to carry over").format(
                    id=action.id, cut=cut
                ),
            )
        if action not in out:
            out.append(action)
    return out


def _split(old: Plan, new: Plan, chosen: list[Action]) -> tuple[list[Action], list[Action]]:
    """The actions still to add to the new plan, and those it already continues."""
    links = {(a.continues or "").casefold(): a for a in new.actions}
    to_add, there = [], []
    for action in chosen:
        link = f"{old.id}/{action.id}".casefold()
        if link in links:
            there.append(action)
            continue
        clash = new.action(action.id)
        if clash is not None:
            raise AddError(
                "edit-refused",
                _(
                    "{new} already has an action {id} that does not continue "
                    "{old}/{action}; nothing was written"
                ).format(new=new.id, id=clash.id, old=old.id, action=action.id),
            )
        to_add.append(action)
    return to_add, there


def _entries(old: Plan, chosen: list[Action], day: dt.date, title: str) -> list[NewEntry]:
    from add_cli.checks.record import NewEntry

    text = f"meegenomen in {title}"
    return [NewEntry(a.id, day, State.CARRIED_OVER, text) for a in chosen]


def _raw_actions(result: LoadResult) -> dict[str, dict[str, Any]]:
    """The old plan's action mappings as read (texts exactly as in the file), by id key."""
    from add_cli.core.model import action_key
    from add_cli.store.append import plain

    doc = result.docs["actions"]
    items = doc.data.get("actions") if isinstance(doc.data, dict) else None
    return {
        action_key(obj["id"]): plain(obj)
        for obj in items or ()
        if isinstance(obj, dict) and isinstance(obj.get("id"), str)
    }


def successor_item(raw: dict[str, Any], old_id: str, carried: set[str]) -> dict[str, Any]:
    """The new plan's mapping for a carried action: its texts as they are, no line or
    period yet, `continues`, and only references to actions that move along."""
    from add_cli.core.model import action_key

    annex = {k: v for k, v in raw["annex"].items() if k != "period"}
    item: dict[str, Any] = {
        "id": raw["id"],
        "line": None,
        "subline": None,
        "continues": f"{old_id}/{raw['id']}",
        "annex": annex,
        "body": raw["body"],
    }
    references = [r for r in raw.get("references", ()) if action_key(r) in carried]
    if references:
        item["references"] = references
    corrections = [c for c in raw.get("corrections", ()) if c.get("field") != "annex.period"]
    if corrections:
        item["corrections"] = corrections
    return item


def _write_actions(
    root: Path, target: Path, old: Plan, carried: list[Action], dry_run: bool
) -> None:
    """Append the carried actions to the new plan's actions.yaml: validated with the new
    text in place, read back, written atomically under the new plan's lock."""
    import contextlib

    from add_cli.checks.validate import check, validate
    from add_cli.core.model import action_key
    from add_cli.store.append import append_actions
    from add_cli.store.atomic import write_bytes
    from add_cli.store.load import load
    from add_cli.store.lock import plan_lock

    raw = _raw_actions(load(root))
    moving = {action_key(a.id) for a in carried}
    items = [successor_item(raw[action_key(a.id)], old.id, moving) for a in carried]
    path = target / "actions.yaml"
    with plan_lock(target) if not dry_run else contextlib.nullcontext():
        before = load(target)
        data = append_actions(str(path), path.read_bytes(), items)
        after, report = check(target, overrides={path.resolve(): data})
        known = {(f.code, f.action, f.message) for f in validate(before).findings}
        added = [
            f
            for f in report.findings
            if f.severity == "error" and (f.code, f.action, f.message) not in known
        ]
        if after.load_errors or added:
            raise AddError(
                "edit-refused",
                _(
                    "the carried actions would make the plan in {path} invalid; nothing was written"
                ).format(path=target),
                after.load_errors or added,
                ExitCode.FOUND,
            )
        if not dry_run:
            write_bytes(path, data)

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

import copy
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from add_cli.cli.common import today, writable_root
from add_cli.cli.options import DryRunOption, PlanOption
from add_cli.cli.params import DATE
from add_cli.core.errors import AddError, ExitCode
from add_cli.core.i18n import _, ngettext
from add_cli.core.model import State

if TYPE_CHECKING:
    from add_cli.checks.record import NewEntry
    from add_cli.core.model import Action, Plan
    from add_cli.store.load import LoadResult


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
    from add_cli.checks.loaded import plan_for_reading

    now = today(None)
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
    root = writable_root(plan)
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
    verb = _("would carry") if dry_run else _("carried")
    recorded = None
    if entries:  # checked first, so that a refused entry leaves the new plan untouched
        from add_cli.cli.common import record_entries

        recorded = record_entries(root, entries, dry_run=True)
    if carried:
        _write_actions(root, target, old, carried, dry_run)
    if entries and not dry_run:
        recorded = record_entries(root, entries, dry_run=False)
    for action in carried:
        typer.echo(f"{action.id}\t{old.id}/{action.id} -> {new.id}/{action.id}")
    marked = len(recorded.added) if recorded else 0
    typer.echo(
        ngettext(
            "{verb} {n} action to {new} ({already} already there); ",
            "{verb} {n} actions to {new} ({already} already there); ",
            len(carried),
        ).format(verb=verb, n=len(carried), new=new.id, already=len(already))
        + ngettext(
            "{m} carried_over entry dated {day} in {old}",
            "{m} carried_over entries dated {day} in {old}",
            marked,
        ).format(m=marked, day=day, old=old.id),
        err=True,
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

    doc = result.docs["actions"]
    items = doc.data.get("actions") if isinstance(doc.data, dict) else None
    return {
        action_key(obj["id"]): _plain(obj)
        for obj in items or ()
        if isinstance(obj, dict) and isinstance(obj.get("id"), str)
    }


def _plain(value: Any) -> Any:
    """Plain dicts, lists and scalars (what `dump_entry` writes and reads back)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return copy.copy(value)


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


def append_actions(path: str, data: bytes, items: list[dict[str, Any]]) -> bytes:
    """The actions file with `items` appended to its top-level `actions` list, which must
    be the file's last key; every existing line stays as it was. Read back before use."""
    from add_cli.store.splice import BOM, dump_entry, newline_of, read_back, split_lines
    from add_cli.store.yamlread import YamlProblem, decode, parse

    try:
        text = decode(path, data)
        bom = BOM if text.startswith(BOM) else ""
        body = text[len(bom) :]
        doc = parse(path, body)
    except YamlProblem as problem:
        raise AddError(
            "edit-refused", _("{problem}; nothing was written").format(problem=problem)
        ) from None
    actions = doc.data.get("actions") if isinstance(doc.data, dict) else None
    if not isinstance(actions, list) or list(doc.data)[-1] != "actions":
        raise AddError(
            "edit-refused",
            f"{path}: carry-over appends to an `actions` list that ends the file; "
            "nothing was written",
        )
    newline = newline_of(body)
    lines = split_lines(body)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += newline
    if not actions:
        key_line = doc.key_pos(("actions",))[0]
        if lines[key_line - 1].split("#")[0].strip() != "actions: []":
            raise AddError("edit-refused", f"{path}:{key_line}: cannot add to this layout")
        lines[key_line - 1] = lines[key_line - 1].replace(" []", "", 1)
        dash = 2
    else:
        first_line, first_col = doc.pos(("actions", 0))
        dash = first_col - 3
        if dash < 0 or lines[first_line - 1][dash : dash + 2] != "- ":
            raise AddError("edit-refused", f"{path}:{first_line}: cannot add to this layout")
    added = "".join(dump_entry(item, dash, newline) for item in items)
    out = (bom + "".join(lines) + added).encode("utf-8")
    meant = {**_plain(doc.data), "actions": [*_plain(actions), *items]}
    read_back(path, out, meant)
    return out

"""What changed in the plan between two git revisions, in the plan's own terms."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from add_cli.core.errors import AddError
from add_cli.core.i18n import _
from add_cli.core.model import Action, Cells, Period, Plan, ProgressEntry


def _git_error(message: str) -> AddError:
    """Not a git repository, an unknown revision, or git missing (exit 2)."""
    return AddError("git", message)


Value = str | list[str] | dict[str, Any] | None
"""A before or after value as data: a text, a list of texts, a mapping, or nothing."""


@dataclass(frozen=True)
class Change:
    """One change, its values as data (`add diff --format json` prints them as they are)."""

    kind: str
    """action-added, action-removed, period, departments, title, body, progress-added,
    progress-removed, state."""
    action: str
    before: Value
    after: Value
    field: str | None = None
    """For kind 'body': which body field (title, departments, category, what, success, period)."""

    @property
    def id(self) -> str:
        """The action's id (the name of this field before changes carried data)."""
        return self.action

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["id"] = self.action  # kept for scripts written against the first JSON shape
        return data


def _git(top: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(
            ["git", "-C", str(top), *args], capture_output=True, check=False, timeout=60
        )
    except FileNotFoundError:
        raise _git_error(_("git is not installed")) from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise _git_error(message[-1] if message else f"git {' '.join(args)} failed")
    return done.stdout


def repository(root: Path) -> tuple[Path, str]:
    """The repository's top folder and the plan directory's path inside it."""
    if not root.is_dir():
        raise _git_error(_("{path} is not a directory").format(path=root))
    try:
        top = Path(_git(root, "rev-parse", "--show-toplevel").decode().strip())
    except AddError:
        raise _git_error(_("{path} is not inside a git repository").format(path=root)) from None
    rel = root.resolve().relative_to(top.resolve()).as_posix()
    return top, rel


def checkout_revision(top: Path, rel: str, rev: str, into: Path) -> Path:
    """Write the plan directory as it is at `rev` into `into`/plan; return that folder."""
    try:
        _git(top, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    except AddError:
        raise _git_error(_("unknown revision {rev}").format(rev=repr(rev))) from None
    names = _git(top, "ls-tree", "-r", "-z", "--name-only", rev, "--", rel or ".")
    base = into / "plan"
    base.mkdir(parents=True)
    for name in filter(None, names.decode("utf-8").split("\0")):
        inside = Path(name).relative_to(rel) if rel and rel != "." else Path(name)
        target = base / inside
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(_git(top, "show", f"{rev}:{name}"))
    return base


def _entry(e: ProgressEntry) -> dict[str, Any]:
    return {
        "date": e.date.isoformat(),
        "state": e.state.value,
        "expected": str(e.expected) if e.expected else None,
        "text": e.text,
        "label": e.label,
    }


def _period(p: Period) -> dict[str, Any]:
    deadline = p.deadline
    return {
        "text": p.raw,
        "start": str(p.start) if p.start else None,
        "end": str(p.end) if p.end else None,
        "deadline": deadline.isoformat() if deadline else None,
    }


def _departments(c: Cells) -> dict[str, Any]:
    return {"text": c.departments, "lead": c.lead, "partners": list(c.partners)}


def _action(a: Action) -> dict[str, Any]:
    return {
        "id": a.id,
        "title": a.annex.title,
        "line": a.line,
        "subline": a.subline,
        "departments": _departments(a.annex),
        "period": _period(a.annex.period),
    }


def _body_changes(b: Action, a: Action) -> list[Change]:
    """One change per body field that differs, with the field's old and new value."""
    fields: dict[str, Callable[[Action], Value]] = {
        "title": lambda x: x.body.cells.title,
        "departments": lambda x: _departments(x.body.cells),
        "category": lambda x: x.body.category,
        "what": lambda x: list(x.body.what),
        "success": lambda x: list(x.body.success),
        "period": lambda x: _period(x.body.cells.period),
    }
    out = []
    for name, get in fields.items():
        old, new = get(b), get(a)
        if old != new:
            out.append(Change("body", a.id, old, new, field=name))
    return out


def compare(before: Plan, after: Plan) -> list[Change]:
    """The changes from one plan to another, in the order of the later plan."""
    out: list[Change] = []
    old = {a.id.casefold(): a for a in before.actions}
    new = {a.id.casefold(): a for a in after.actions}
    for key, a in new.items():
        if key not in old:
            out.append(Change("action-added", a.id, None, _action(a)))
            continue
        b = old[key]
        if b.annex.period.raw != a.annex.period.raw:
            out.append(Change("period", a.id, _period(b.annex.period), _period(a.annex.period)))
        old_depts, new_depts = _departments(b.annex), _departments(a.annex)
        if old_depts != new_depts:
            out.append(Change("departments", a.id, old_depts, new_depts))
        if b.annex.title != a.annex.title:
            out.append(Change("title", a.id, b.annex.title, a.annex.title))
        out += _body_changes(b, a)
    for key, b in old.items():
        if key not in new:
            out.append(Change("action-removed", b.id, _action(b), None))
    old_entries = {e.key: e for e in before.progress}
    new_entries = {e.key: e for e in after.progress}
    for entry_key, e in new_entries.items():
        if entry_key not in old_entries:
            out.append(Change("progress-added", e.action, None, _entry(e)))
    for entry_key, e in old_entries.items():
        if entry_key not in new_entries:
            out.append(Change("progress-removed", e.action, _entry(e), None))
    for key, a in new.items():
        if key in old:
            was = before.entries_for(a.id)
            now = after.entries_for(a.id)
            was_state = was[-1].state.value if was else None
            now_state = now[-1].state.value if now else None
            if was_state != now_state:
                out.append(Change("state", a.id, was_state, now_state))
    return out

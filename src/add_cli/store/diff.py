"""What changed in the plan between two git revisions, in the plan's own terms."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from add_cli.core.errors import AddError
from add_cli.core.model import Action, Plan, ProgressEntry


def _git_error(message: str) -> AddError:
    """Not a git repository, an unknown revision, or git missing (exit 2)."""
    return AddError("git", message)


@dataclass(frozen=True)
class Change:
    kind: str
    """action-added, action-removed, period, departments, title, body, progress-added,
    progress-removed, state."""
    id: str
    before: str | None
    after: str | None

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def _git(top: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(
            ["git", "-C", str(top), *args], capture_output=True, check=False, timeout=60
        )
    except FileNotFoundError:
        raise _git_error("git is not installed") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise _git_error(message[-1] if message else f"git {' '.join(args)} failed")
    return done.stdout


def repository(root: Path) -> tuple[Path, str]:
    """The repository's top folder and the plan directory's path inside it."""
    if not root.is_dir():
        raise _git_error(f"{root} is not a directory")
    try:
        top = Path(_git(root, "rev-parse", "--show-toplevel").decode().strip())
    except AddError:
        raise _git_error(f"{root} is not inside a git repository") from None
    rel = root.resolve().relative_to(top.resolve()).as_posix()
    return top, rel


def checkout_revision(top: Path, rel: str, rev: str, into: Path) -> Path:
    """Write the plan directory as it is at `rev` into `into`/plan; return that folder."""
    try:
        _git(top, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    except AddError:
        raise _git_error(f"unknown revision {rev!r}") from None
    names = _git(top, "ls-tree", "-r", "-z", "--name-only", rev, "--", rel or ".")
    base = into / "plan"
    base.mkdir(parents=True)
    for name in filter(None, names.decode("utf-8").split("\0")):
        inside = Path(name).relative_to(rel) if rel and rel != "." else Path(name)
        target = base / inside
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(_git(top, "show", f"{rev}:{name}"))
    return base


def _describe_entry(e: ProgressEntry) -> str:
    expected = f" (expected {e.expected})" if e.expected else ""
    return f"{e.date} {e.state.value}{expected}: {e.text}"


def _departments(a: Action) -> str:
    partners = ", ".join(a.annex.partners)
    return f"{a.annex.departments} (lead {a.annex.lead}" + (f"; {partners})" if partners else ")")


def _body_changes(b: Action, a: Action) -> list[Change]:
    """One change per body field that differs: 'period: Q2 2024 – Q3 2024'."""
    fields: dict[str, Callable[[Action], str]] = {
        "title": lambda x: x.body.cells.title,
        "departments": lambda x: x.body.cells.departments,
        "category": lambda x: x.body.category or "",
        "what": lambda x: " / ".join(x.body.what),
        "success": lambda x: " / ".join(x.body.success),
        "period": lambda x: x.body.cells.period.raw,
    }
    out = []
    for name, get in fields.items():
        old, new = get(b), get(a)
        if old != new:
            out.append(Change("body", a.id, f"{name}: {old}", f"{name}: {new}"))
    return out


def compare(before: Plan, after: Plan) -> list[Change]:
    """The changes from one plan to another, in the order of the later plan."""
    out: list[Change] = []
    old = {a.id.casefold(): a for a in before.actions}
    new = {a.id.casefold(): a for a in after.actions}
    for key, a in new.items():
        if key not in old:
            out.append(Change("action-added", a.id, None, a.annex.title))
            continue
        b = old[key]
        if b.annex.period.raw != a.annex.period.raw:
            out.append(Change("period", a.id, b.annex.period.raw, a.annex.period.raw))
        if _departments(b) != _departments(a):
            out.append(Change("departments", a.id, _departments(b), _departments(a)))
        if b.annex.title != a.annex.title:
            out.append(Change("title", a.id, b.annex.title, a.annex.title))
        out += _body_changes(b, a)
    for key, b in old.items():
        if key not in new:
            out.append(Change("action-removed", b.id, b.annex.title, None))
    old_entries = {e.key: e for e in before.progress}
    new_entries = {e.key: e for e in after.progress}
    for entry_key, e in new_entries.items():
        if entry_key not in old_entries:
            out.append(Change("progress-added", e.action, None, _describe_entry(e)))
    for entry_key, e in old_entries.items():
        if entry_key not in new_entries:
            out.append(Change("progress-removed", e.action, _describe_entry(e), None))
    for key, a in new.items():
        if key in old:
            was = before.entries_for(a.id)
            now = after.entries_for(a.id)
            was_state = was[-1].state.value if was else None
            now_state = now[-1].state.value if now else None
            if was_state != now_state:
                out.append(Change("state", a.id, was_state, now_state))
    return out

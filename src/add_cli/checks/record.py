"""Safe edits of the plan: record progress entries without disturbing anything else.

An entry is appended to the progress file of its date (`progress/<date>.yaml`,
created when missing) by splicing its lines into the text: every existing line
stays byte for byte as it was, whatever its layout. The result is parsed back
and compared with what was meant, the whole plan is validated with the new text
in place, and only then is the file replaced, atomically, under a lock on the
plan directory. An edit that would add errors is refused and nothing is written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from add_cli.checks.validate import check, validate
from add_cli.core.findings import Finding
from add_cli.core.model import Plan, Quarter, State
from add_cli.store.atomic import write_bytes
from add_cli.store.load import load
from add_cli.store.paths import PROGRESS_DIR
from add_cli.store.yamlread import YamlProblem, parse

LOCK_NAME = ".add.lock"


class EditError(Exception):
    """The edit cannot be made; nothing was written."""

    def __init__(self, message: str, findings: list[Finding] | None = None) -> None:
        super().__init__(message)
        self.findings = findings or []


@dataclass(frozen=True)
class NewEntry:
    action: str
    date: dt.date
    state: State
    text: str
    expected: Quarter | None = None

    def as_yaml(self) -> dict[str, Any]:
        data: dict[str, Any] = {"action": self.action, "text": self.text, "state": self.state.value}
        if self.expected is not None:
            data["expected"] = str(self.expected)
        return data


@contextlib.contextmanager
def plan_lock(root: Path) -> Iterator[None]:
    """An exclusive lock on the plan directory, so that two writers cannot interleave."""
    path = root / LOCK_NAME
    handle = path.open("a+b")
    try:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: one writer at a time by convention
            yield
            return
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    finally:
        handle.close()


def _dump_entry(entry: dict[str, Any], indent: int, width: int) -> str:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.width = width
    yaml.allow_unicode = True
    yaml.indent(mapping=2, sequence=2, offset=0)
    buffer = io.StringIO()
    yaml.dump([entry], buffer)
    pad = " " * indent
    return "".join(pad + line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


def _splice(path: str, text: str, entry: dict[str, Any]) -> str:
    """`text` with `entry` appended to its top-level `entries` list, other lines untouched.

    Whatever the layout, the result is parsed back and must hold exactly the old
    data plus the entry; otherwise the edit is refused.
    """
    doc = parse(path, text)
    entries = doc.data.get("entries") if isinstance(doc.data, dict) else None
    if not isinstance(entries, list):
        raise EditError(f"{path}: has no 'entries' list to add to")
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    key_line = doc.key_pos(("entries",))[0]
    if not entries:
        # "entries: []" becomes "entries:" with the entry as its first item.
        if lines[key_line - 1].split("#")[0].strip() != "entries: []":
            raise EditError(f"{path}:{key_line}: cannot add to this 'entries' layout")
        lines[key_line - 1] = lines[key_line - 1].replace(" []", "", 1)  # keeps a comment
        dash, end = 2, key_line
    else:
        first_line, first_col = doc.pos(("entries", 0))
        dash = first_col - 3  # the item starts two columns after its "- "
        if dash < 0 or lines[first_line - 1][dash : dash + 2] != "- ":
            raise EditError(f"{path}:{first_line}: cannot add to this 'entries' layout")
        # The list ends where the next top-level key starts (less the blank lines and
        # comments just above that key, which belong to it), or at the end of the file.
        later = sorted(
            line
            for (key_path, (line, _col)) in doc.positions.items()
            if len(key_path) == 2 and key_path[0] == "<key>" and line > key_line
        )
        end = later[0] - 1 if later else len(lines)
        while end > first_line and (
            not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")
        ):
            end -= 1
    others = {k: v for k, v in doc.data.items() if k != "entries"}
    for width in (100, 100_000):
        spliced = "".join([*lines[:end], _dump_entry(entry, dash, width), *lines[end:]])
        check = parse(path, spliced).data
        if (
            check.get("entries") == [*entries, entry]
            and {k: v for k, v in check.items() if k != "entries"} == others
        ):
            return spliced
    raise EditError(f"{path}: the new entry could not be written without changing other data")


def _new_file(day: dt.date, entries: list[dict[str, Any]]) -> str:
    head = (
        "# yaml-language-server: $schema=../../schemas/progress.schema.json\n"
        f"# Voortgang per {day.isoformat()}, vastgelegd met add.\n"
        "schema_version: 1\n"
        "report:\n"
        f"  title: Voortgang per {day.isoformat()}\n"
        f"  date: '{day.isoformat()}'\n"
        "entries:\n"
    )
    return head + "".join(_dump_entry(e, 2, 100) for e in entries)


@dataclass
class Recorded:
    path: Path
    added: list[NewEntry]
    skipped: list[NewEntry]
    """Entries already in the plan (same action, date, state, text and expected)."""


def _already_there(plan: Plan, entry: NewEntry) -> bool:
    return any(
        e.date == entry.date
        and e.state is entry.state
        and e.text == entry.text
        and e.expected == entry.expected
        for e in plan.entries_for(entry.action)
    )


def _error_keys(findings: list[Finding]) -> set[tuple[str, str | None, str]]:
    return {(f.code, f.action, f.message) for f in findings if f.severity == "error"}


def record(root: Path, entries: list[NewEntry], dry_run: bool = False) -> Recorded:
    """Append entries (all of one date) to the plan in one atomic write."""
    if not entries:
        raise EditError("nothing to record")
    days = {e.date for e in entries}
    if len(days) != 1:
        raise EditError("entries of one write must share a date")
    day = days.pop()
    target = root / PROGRESS_DIR / f"{day.isoformat()}.yaml"
    with plan_lock(root) if not dry_run else contextlib.nullcontext():
        before = load(root)
        if before.load_errors or before.plan is None:
            raise EditError("the plan cannot be loaded; run `add validate`", before.load_errors)
        plan = before.plan
        canonical = []  # with the ids as the plan writes them
        for e in entries:
            action = plan.action(e.action)
            if action is None:
                raise EditError(f"no action {e.action!r} in the plan")
            canonical.append(NewEntry(action.id, e.date, e.state, e.text, e.expected))
        new = [e for e in canonical if not _already_there(plan, e)]
        skipped = [e for e in canonical if e not in new]
        result = Recorded(target, new, skipped)
        if not new:
            return result
        try:
            if target.exists():
                text = target.read_bytes().decode("utf-8")
                for e in new:
                    text = _splice(str(target), text, e.as_yaml())
            else:
                text = _new_file(day, [e.as_yaml() for e in new])
        except YamlProblem as problem:
            raise EditError(f"{problem}") from None
        data = text.encode("utf-8")
        after, report = check(root, overrides={target.resolve(): data})
        added_errors = _error_keys(report.findings)
        if added_errors:  # only errors the edit brought count; the plan may have had some
            added_errors -= _error_keys(validate(before).findings)
        if after.load_errors or added_errors:
            bad = [f for f in report.findings if (f.code, f.action, f.message) in added_errors]
            raise EditError(
                "the edit would make the plan invalid; nothing was written",
                after.load_errors or bad,
            )
        if not dry_run:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_bytes(target, data)
        return result

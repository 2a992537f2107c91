"""Safe edits of the plan: record progress entries without disturbing anything else.

An entry is appended to the progress file of its date (`progress/<date>.yaml`,
created when missing) by splicing its lines into the text (`store.splice`): every
existing line stays byte for byte as it was. The result is read back and must hold
exactly what was meant, the whole plan is validated with the new text in place,
and only then is the file replaced, atomically, under the writers' lock
(`store.lock`). An edit that cannot be made, or would add errors, is refused with
`AddError('edit-refused')` and nothing is written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from add_cli.checks.validate import check, validate
from add_cli.core.errors import AddError, ExitCode
from add_cli.core.findings import Finding
from add_cli.core.model import Plan, Quarter, State, entry_key
from add_cli.store.atomic import failure, write_bytes
from add_cli.store.load import LoadResult, load
from add_cli.store.lock import plan_lock
from add_cli.store.paths import PROGRESS_DIR
from add_cli.store.splice import new_file, new_file_data, read_back, splice
from add_cli.store.yamlread import YamlProblem


def refused(message: str, findings: list[Finding] | None = None) -> AddError:
    """The edit cannot be made; nothing was written (exit 1 with findings, else 2)."""
    return AddError(
        "edit-refused",
        message,
        findings or (),
        ExitCode.FOUND if findings else ExitCode.USAGE,
    )


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


def refused_character(text: str) -> str | None:
    """Why `text` cannot be recorded: the first control character other than tab and
    newline (or a lone surrogate, which is no character at all), named; else None."""
    for index, char in enumerate(text):
        kind = unicodedata.category(char)
        if (kind == "Cc" and char not in "\t\n") or kind == "Cs":
            name = unicodedata.name(char, "a control character" if kind == "Cc" else "a surrogate")
            return f"U+{ord(char):04X} ({name.lower()}) at position {index + 1}"
    return None


@dataclass
class Recorded:
    path: Path
    added: list[NewEntry]
    skipped: list[NewEntry]
    """Entries already in the plan (same action, date, state, text and expected)."""


def _already_there(plan: Plan, entry: NewEntry) -> bool:
    key = entry_key(entry.action, entry.date, entry.state, entry.text, entry.expected)
    return any(e.key == key for e in plan.entries_for(entry.action))


def _error_keys(findings: list[Finding]) -> set[tuple[str, str | None, str]]:
    return {(f.code, f.action, f.message) for f in findings if f.severity == "error"}


def _published(loaded: LoadResult) -> dt.date | None:
    doc = loaded.docs.get("plan")
    value = doc.data.get("published") if doc is not None and isinstance(doc.data, dict) else None
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _check_date(day: dt.date, today: dt.date, target: Path, published: dt.date | None) -> None:
    """A date after today, or before the plan was published, is a typo (see DOMAIN.md)."""
    if day > today and not target.is_file():
        raise refused(
            f"the date {day} is after today ({today}); an entry can be dated ahead only "
            f"in a round that has been opened (an existing {PROGRESS_DIR}/{day}.yaml)"
        )
    if published is not None and day < published:
        raise refused(f"the date {day} is before the plan was published ({published})")


def _check_texts(entries: list[NewEntry]) -> None:
    for e in entries:
        bad = refused_character(e.text)
        if bad is not None:
            raise refused(
                f"{e.action}: the text holds {bad}; control characters other than "
                "tab and newline cannot be recorded"
            )


def record(
    root: Path, entries: list[NewEntry], *, today: dt.date, dry_run: bool = False
) -> Recorded:
    """Append entries (all of one date) to the plan in one atomic write.

    `today` is the caller's date (the command line reads the clock): an entry dated
    after it is refused unless its round has been opened.
    """
    if not entries:
        raise refused("nothing to record")
    days = {e.date for e in entries}
    if len(days) != 1:
        raise refused("entries of one write must share a date")
    day = days.pop()
    _check_texts(entries)
    target = root / PROGRESS_DIR / f"{day.isoformat()}.yaml"
    with plan_lock(root) if not dry_run else contextlib.nullcontext():
        before = load(root)
        if before.load_errors or before.plan is None:
            raise refused("the plan cannot be loaded; run `add validate`", before.load_errors)
        plan = before.plan
        _check_date(day, today, target, _published(before))
        canonical = []  # with the ids as the plan writes them
        for e in entries:
            action = plan.action(e.action)
            if action is None:
                raise refused(f"no action {e.action!r} in the plan")
            canonical.append(NewEntry(action.id, e.date, e.state, e.text, e.expected))
        new = [e for e in canonical if not _already_there(plan, e)]
        skipped = [e for e in canonical if e not in new]
        result = Recorded(target, new, skipped)
        if not new:
            return result
        data = _new_text(target, day, new)
        after, report = check(root, overrides={target.resolve(): data})
        added_errors = _error_keys(report.findings)
        if added_errors:  # only errors the edit brought count; the plan may have had some
            added_errors -= _error_keys(validate(before).findings)
        if after.load_errors or added_errors:
            bad = [f for f in report.findings if (f.code, f.action, f.message) in added_errors]
            raise refused(
                "the edit would make the plan invalid; nothing was written",
                after.load_errors or bad,
            )
        if not dry_run:
            _make_folder(target.parent)
            write_bytes(target, data)
        return result


def _new_text(target: Path, day: dt.date, new: list[NewEntry]) -> bytes:
    """The file's bytes with the entries added, read back and checked."""
    shown = str(target)
    if target.is_dir():
        raise AddError("write-failed", f"cannot write {target}: it is a folder, not a file")
    try:
        if target.exists():
            try:
                text = target.read_bytes().decode("utf-8")
            except OSError as exc:
                raise failure(target, exc) from None
            except UnicodeDecodeError:
                raise refused(f"{shown}: is not UTF-8 text") from None
            for e in new:
                text = splice(shown, text, e.as_yaml())
            return text.encode("utf-8")
        items = [e.as_yaml() for e in new]
        data = new_file(day, items).encode("utf-8")
        read_back(shown, data, new_file_data(day, items))
        return data
    except YamlProblem as problem:
        raise refused(f"{problem}") from None


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise AddError("write-failed", f"cannot write in {folder}: it is not a folder") from None
    except OSError as exc:
        raise failure(folder, exc) from None

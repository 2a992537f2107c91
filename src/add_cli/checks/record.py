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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from add_cli.checks.validate import check, validate
from add_cli.core.errors import AddError, ExitCode
from add_cli.core.findings import Finding
from add_cli.core.i18n import _
from add_cli.core.model import (
    EntryKey,
    Plan,
    ProgressEntry,
    Quarter,
    State,
    entry_key,
    reporter_key,
)
from add_cli.store.atomic import failure, write_bytes
from add_cli.store.load import LoadResult, load
from add_cli.store.lock import plan_lock
from add_cli.store.paths import PROGRESS_DIR
from add_cli.store.splice import (
    new_file,
    new_file_data,
    new_round,
    new_round_data,
    read_back,
    replace_item,
    schema_ref,
    splice,
)
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
    reported_by: str | None = None
    """The department that reports it (a code)."""
    source_file: str | None = None
    """The questionnaire it came from (a file name): written as `source`."""

    def as_yaml(self) -> dict[str, Any]:
        data: dict[str, Any] = {"action": self.action, "text": self.text, "state": self.state.value}
        if self.expected is not None:
            data["expected"] = str(self.expected)
        if self.reported_by is not None:
            data["reported_by"] = self.reported_by
        if self.source_file is not None:
            data["source"] = self.source_file
        return data

    @property
    def key(self) -> EntryKey:
        return entry_key(
            self.action, self.date, self.state, self.text, self.expected, self.reported_by
        )


def refused_character(text: str) -> str | None:
    """Why `text` cannot be recorded: the first control character other than tab and
    newline (or a lone surrogate, which is no character at all), named; else None."""
    for index, char in enumerate(text):
        kind = unicodedata.category(char)
        if (kind == "Cc" and char not in "\t\n") or kind == "Cs":
            name = unicodedata.name(char, "a control character" if kind == "Cc" else "a surrogate")
            return _("U+{code} ({name}) at position {n}").format(
                code=f"{ord(char):04X}", name=name.lower(), n=index + 1
            )
    return None


@dataclass
class Recorded:
    path: Path
    added: list[NewEntry]
    skipped: list[NewEntry]
    """Entries already in the plan (same action, date, state, text, expected, reporter)."""
    replaced: list[ProgressEntry] = field(default_factory=list)
    """Entries the new ones replaced (`replace=True`)."""


def _already_there(plan: Plan, entry: NewEntry) -> bool:
    return any(e.key == entry.key for e in plan.entries_for(entry.action))


def _same_slot(plan: Plan, entry: NewEntry) -> ProgressEntry | None:
    """A different entry for the same action, date and reporter (DOMAIN.md: at most one)."""
    who = reporter_key(entry.reported_by)
    for e in plan.entries_for(entry.action):
        if e.date == entry.date and reporter_key(e.reported_by) == who and e.key != entry.key:
            return e
    return None


def _slot_taken(old: ProgressEntry, new: NewEntry) -> AddError:
    by = _(" by {who}").format(who=old.reported_by) if old.reported_by else _(" without a reporter")
    where = f" ({old.source})" if old.source is not None else ""
    return refused(
        _(
            "{id}: an entry for {date}{by} is already recorded{where}: "
            "{state}, {text}. One action has one entry per date and reporter; "
            "to correct it, run the same command again with --replace (the old entry is "
            "replaced in its file; `add diff` shows the change)"
        ).format(
            id=new.action,
            date=new.date,
            by=by,
            where=where,
            state=old.state.value,
            text=repr(old.text),
        )
    )


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
            _(
                "the date {date} is after today ({today}); an entry can be dated ahead only "
                "in a round that has been opened (an existing {folder}/{date}.yaml)"
            ).format(date=day, today=today, folder=PROGRESS_DIR)
        )
    if published is not None and day < published:
        raise refused(
            _("the date {date} is before the plan was published ({published})").format(
                date=day, published=published
            )
        )


def _check_texts(entries: list[NewEntry]) -> None:
    for e in entries:
        bad = refused_character(e.text)
        if bad is not None:
            raise refused(
                _(
                    "{id}: the text holds {what}; control characters other than "
                    "tab and newline cannot be recorded"
                ).format(id=e.action, what=bad)
            )


def record(
    root: Path,
    entries: list[NewEntry],
    *,
    today: dt.date,
    dry_run: bool = False,
    replace: bool = False,
) -> Recorded:
    """Append entries (all of one date) to the plan in one atomic write.

    `today` is the caller's date (the command line reads the clock): an entry dated
    after it is refused unless its round has been opened. A different entry for the
    same action, date and reporter is refused, unless `replace`: then the old entry is
    replaced in its own file.
    """
    if not entries:
        raise refused(_("nothing to record"))
    days = {e.date for e in entries}
    if len(days) != 1:
        raise refused(_("entries of one write must share a date"))
    day = days.pop()
    _check_texts(entries)
    target = root / PROGRESS_DIR / f"{day.isoformat()}.yaml"
    with plan_lock(root) if not dry_run else contextlib.nullcontext():
        before = load(root)
        if before.load_errors or before.plan is None:
            raise refused(_("the plan cannot be loaded; run `add validate`"), before.load_errors)
        plan = before.plan
        _check_date(day, today, target, _published(before))
        canonical = []  # with the ids as the plan writes them
        for e in entries:
            action = plan.action(e.action)
            if action is None:
                raise refused(_("no action {id} in the plan").format(id=repr(e.action)))
            canonical.append(
                NewEntry(
                    action.id, e.date, e.state, e.text, e.expected, e.reported_by, e.source_file
                )
            )
        new = [e for e in canonical if not _already_there(plan, e)]
        skipped = [e for e in canonical if e not in new]
        appended: list[NewEntry] = []
        swaps: list[tuple[ProgressEntry, NewEntry]] = []
        for e in new:
            old = _same_slot(plan, e)
            if old is None:
                appended.append(e)
            elif not replace:
                raise _slot_taken(old, e)
            else:
                swaps.append((old, e))
        result = Recorded(target, new, skipped, [old for old, _e in swaps])
        if not new:
            return result
        texts = _replaced_texts(root, swaps)
        if appended:
            texts[target.resolve()] = _new_text(target, day, appended, texts.get(target.resolve()))
        elif swaps:
            result.path = root / (swaps[0][0].report_path or target.name)
        _validated_write(root, before, texts, dry_run)
        return result


def _validated_write(
    root: Path, before: LoadResult, texts: dict[Path, bytes], dry_run: bool
) -> None:
    """Check the whole plan with the new texts in place; write them only if no error was added."""
    after, report = check(root, overrides=texts)
    added_errors = _error_keys(report.findings)
    if added_errors:  # only errors the edit brought count; the plan may have had some
        added_errors -= _error_keys(validate(before).findings)
    if after.load_errors or added_errors:
        bad = [f for f in report.findings if (f.code, f.action, f.message) in added_errors]
        raise refused(
            _("the edit would make the plan invalid; nothing was written"),
            after.load_errors or bad,
        )
    if not dry_run:
        for path, data in texts.items():
            _make_folder(path.parent)
            write_bytes(path, data)


def _replaced_texts(root: Path, swaps: list[tuple[ProgressEntry, NewEntry]]) -> dict[Path, bytes]:
    """The files holding the replaced entries, each with its new entries in their place."""
    texts: dict[Path, str] = {}
    for old, e in swaps:
        if old.source is None or old.report_path is None:  # every built entry has both
            raise refused(
                _("{id}: the entry to replace has no place in the plan").format(id=e.action)
            )
        path = (root / old.report_path).resolve()
        if path not in texts:
            texts[path] = _read_text(path)
        texts[path] = replace_item(
            str(path), texts[path], old.source.line, old.source.col, e.as_yaml()
        )
    return {path: text.encode("utf-8") for path, text in texts.items()}


def _read_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise failure(path, exc) from None
    except UnicodeDecodeError:
        raise refused(_("{path}: is not UTF-8 text").format(path=path)) from None


def open_round(
    root: Path,
    day: dt.date,
    *,
    title: str,
    due: dt.date,
    asked: list[str],
    dry_run: bool = False,
) -> Path:
    """Open a round: create progress/<day>.yaml with its report (title, date, due date,
    departments asked) and no entries, validated and written like every edit. A round
    that exists is refused. Its date may lie ahead: answers come in before it."""
    bad = refused_character(title)
    if bad is not None:
        raise refused(
            _("the title holds {what}; control characters cannot be recorded").format(what=bad)
        )
    if not title.strip():
        raise refused(_("the title must not be empty"))
    target = root / PROGRESS_DIR / f"{day.isoformat()}.yaml"
    with plan_lock(root) if not dry_run else contextlib.nullcontext():
        if target.exists():
            shown = f"{PROGRESS_DIR}/{target.name}"
            raise refused(
                _(
                    "a report dated {date} exists already ({path}); a round is opened once "
                    "(`add uitvraag status --round` shows it)"
                ).format(date=day, path=shown)
            )
        before = load(root)
        if before.load_errors or before.plan is None:
            raise refused(_("the plan cannot be loaded; run `add validate`"), before.load_errors)
        published = _published(before)
        if published is not None and day < published:
            raise refused(
                _("the date {date} is before the plan was published ({published})").format(
                    date=day, published=published
                )
            )
        report: dict[str, Any] = {"title": title, "date": day.isoformat()}
        report.update(due=due.isoformat(), asked=list(asked))
        try:
            data = new_round(day, report, schema_ref(root)).encode("utf-8")
            read_back(str(target), data, new_round_data(report))
        except YamlProblem as problem:
            raise refused(f"{problem}") from None
        _validated_write(root, before, {target.resolve(): data}, dry_run)
        return target


def _new_text(target: Path, day: dt.date, new: list[NewEntry], text: bytes | None = None) -> bytes:
    """The file's bytes (or `text`, already edited) with the entries added, read back
    and checked."""
    shown = str(target)
    if target.is_dir():
        raise AddError(
            "write-failed", _("cannot write {path}: it is a folder, not a file").format(path=target)
        )
    try:
        if text is not None or target.exists():
            body = text.decode("utf-8") if text is not None else _read_text(target)
            for e in new:
                body = splice(shown, body, e.as_yaml())
            return body.encode("utf-8")
        items = [e.as_yaml() for e in new]
        data = new_file(day, items, schema_ref(target.parent.parent)).encode("utf-8")
        read_back(shown, data, new_file_data(day, items))
        return data
    except YamlProblem as problem:
        raise refused(f"{problem}") from None


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise AddError(
            "write-failed", _("cannot write in {path}: it is not a folder").format(path=folder)
        ) from None
    except OSError as exc:
        raise failure(folder, exc) from None

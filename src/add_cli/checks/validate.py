"""`add validate`: the rules a JSON Schema cannot express, over a loaded plan, as findings.

The schema pass runs in `store.load`, before the model is built; `check` is the one
verdict on a plan, for `add validate` and for every command that reads a plan, so
each problem is worded the same everywhere. This module adds what the schema cannot
say: duplicate lines and departments, unknown departments, lines and actions, periods
that end before they start; the rules over texts (corrections, a progress file named
for another date, control characters) are in `checks.rules_text`.
The two rules the model itself needs (a second action with an id, a date that does not
exist) are applied once, by `store.build`, and their findings are reported as they are.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from add_cli.checks.rules_text import check_characters, check_corrections, check_report_names
from add_cli.core import findings as F
from add_cli.core.compare import differences, text_references
from add_cli.core.departments import Registry
from add_cli.core.findings import Finding
from add_cli.core.i18n import N_, _
from add_cli.core.model import (
    Action,
    ActionLine,
    Cells,
    Period,
    action_key,
    reporter_key,
)
from add_cli.store import parallel
from add_cli.store.load import load
from add_cli.store.read import LoadResult, Located


@dataclass
class ValidationReport:
    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    actions: int = 0
    entries: int = 0

    @property
    def errors(self) -> int:
        return sum(f.severity == "error" for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == "warning" for f in self.findings)


def validate(result: LoadResult) -> ValidationReport:
    """All findings for a loaded plan: its load errors, or its schema errors and rule findings.

    The schema pass ran in `load`, once; this adds the rules a schema cannot express.
    """
    report = ValidationReport(files=len(result.docs))
    if result.load_errors:
        report.findings = sorted(result.load_errors, key=F.sort_key)
        return report
    out: list[Finding] = [*result.warnings, *result.schema, *result.build_errors]
    plan = result.plan
    if plan is not None:
        report.actions = len(plan.actions)
        report.entries = len(plan.progress)
        out += F.shown(semantic_findings(result), result.shown_root)
    report.findings = sorted(set(out), key=F.sort_key)
    return report


def check(
    root: Path,
    cwd: Path | None = None,
    overrides: dict[Path, bytes] | None = None,
    consume: bool = False,
    loaded: Callable[[LoadResult], object] | None = None,
    light: bool = False,
) -> tuple[LoadResult, ValidationReport]:
    """Load and validate a plan directory in one go: the one verdict on a plan.

    On a large plan the JSON Schema check of the actions runs in a second process
    while this one builds the rest of the model (see `store.schema.start`).
    `loaded` is called with what was loaded before the rules run (it may start work
    on the model meanwhile: `checks.loaded` caches it). `light`: see `read_documents`.
    """
    result = load(root, cwd, overrides, consume, light)
    if loaded is not None:
        loaded(result)
    with parallel.no_gc():
        return result, validate(result)


# ---------------------------------------------------------------- semantic


def semantic_findings(result: LoadResult) -> list[Finding]:
    plan = result.plan
    assert plan is not None
    registry = Registry(plan.departments)
    out: list[Finding] = []
    out += _check_departments(result, registry)
    out += _check_lines(result)
    ids = result.declared_ids
    lines = {line.id: line for line in plan.lines}
    sublines = {line.id: frozenset(s.id for s in line.sublines) for line in plan.lines}
    # Printed departments, lead and partners found to agree (most repeat thousands of times).
    fine: set[tuple[str, str, tuple[str, ...]]] = set()
    for action, at in zip(plan.actions, result.action_places, strict=True):
        out += _check_action(action, at, registry, ids, lines, sublines, fine)
    out += _check_progress(result, ids)
    out += check_report_names(result)
    for doc in result.docs.values():
        out += check_characters(doc)
    return out


def _check_departments(result: LoadResult, registry: Registry) -> list[Finding]:
    out = []
    seen: dict[str, str] = {}
    assert result.plan is not None
    for dept in result.plan.departments:
        at = result.departments_at[dept.code]
        for name in (dept.code, *dept.aliases):
            key = name.casefold()
            if key in seen and seen[key] != dept.code:
                out.append(
                    F.make(
                        "bad-department",
                        at.at("code"),
                        _("{name} also names {other}").format(name=name, other=seen[key]),
                    )
                )
            elif key in seen and name == dept.code:
                out.append(
                    F.make(
                        "duplicate-id",
                        at.at("code"),
                        _("department {name} is listed twice").format(name=name),
                    )
                )
            seen.setdefault(key, dept.code)
        if dept.successor and registry.resolve(dept.successor) is None:
            out.append(
                F.make(
                    "bad-department",
                    at.at("successor"),
                    _("successor {code} is not a known department").format(code=dept.successor),
                )
            )
    return out


def _check_lines(result: LoadResult) -> list[Finding]:
    out = []
    assert result.plan is not None
    seen: set[str] = set()
    for line in result.plan.lines:
        at = result.lines_at[line.id]
        for sub in (line.id, *(s.id for s in line.sublines)):
            if sub in seen:
                out.append(
                    F.make(
                        "duplicate-id",
                        at.at("id"),
                        _("action line {id} is listed twice").format(id=sub),
                    )
                )
            seen.add(sub)
    return out


def _check_action(
    action: Action,
    at: Located,
    registry: Registry,
    ids: set[str],
    lines: dict[str, ActionLine],
    sublines: dict[str, frozenset[str]],
    fine: set[tuple[str, str, tuple[str, ...]]],
) -> list[Finding]:
    out = []
    aid = action.id
    line = lines.get(action.line)
    unplaced = _unplaced(action)
    if unplaced:
        out.append(
            F.make(
                "carried-unplaced",
                at.at(),
                {
                    ("action line", "period"): _(
                        "carried over from {source}: set its action line and period"
                    ),
                    ("action line",): _("carried over from {source}: set its action line"),
                    ("period",): _("carried over from {source}: set its period"),
                }[tuple(unplaced)].format(source=action.continues),
                aid,
            )
        )
    if line is None and "action line" in unplaced:
        pass  # carried-unplaced says so
    elif line is None:
        out.append(
            F.make(
                "unknown-line",
                at.at("line"),
                _("action line {id} is not in plan.yaml").format(id=repr(action.line)),
                aid,
            )
        )
    elif action.subline is not None and action.subline not in sublines[line.id]:
        out.append(
            F.make(
                "unknown-line",
                at.at("subline"),
                _("sub-line {sub} is not part of action line {id}").format(
                    sub=repr(action.subline), id=line.id
                ),
                aid,
            )
        )
    annex = _without_period(action.annex) if "period" in unplaced else action.annex
    out += _check_cells(_ANNEX, annex, at, registry, aid, fine)
    out += _check_cells(_BODY, action.body.cells, at, registry, aid, fine)
    for i, ref in enumerate(action.references):
        if action_key(ref) not in ids:
            out.append(
                F.make(
                    "unknown-reference",
                    at.at("references", i),
                    _("references {ref}, which is not an action").format(ref=ref),
                    aid,
                )
            )
    for mention in text_references(action):
        if action_key(mention.target) not in ids:
            out.append(
                F.make(
                    "text-reference-unknown",
                    at.at("body"),
                    _("the body mentions action {id} ('…{context}…'), which does not exist").format(
                        id=mention.target, context=mention.context
                    ),
                    aid,
                )
            )
    if action.corrections:
        out += check_corrections(action, at)
    compared = _compare(action, at, registry)
    if compared and "period" in unplaced:  # nothing to compare yet: carried-unplaced says so
        compared = [f for f in compared if f.code != "annex-body-period"]
    return out + compared if compared else out


_ANNEX, _BODY = N_("annex"), N_("body")


def _unplaced(action: Action) -> list[str]:
    """What the team still has to set on a carried action: its action line, its period."""
    if not action.continues:
        return []
    missing = []
    if not action.line:
        missing.append("action line")
    if not action.annex.period.raw:
        missing.append("period")
    return missing


def _without_period(cells: Cells) -> Cells:
    """The cells with a period that is unset, not unreadable (carried-unplaced says so)."""
    return Cells(
        title=cells.title,
        departments=cells.departments,
        period=Period(raw="", start_kind="started", end_kind="ongoing"),
        lead=cells.lead,
        partners=cells.partners,
        others=cells.others,
    )


def _check_cells(
    section: str,
    cells: Cells,
    at: Located,
    registry: Registry,
    aid: str,
    fine: set[tuple[str, str, tuple[str, ...]]],
) -> list[Finding]:
    out = []
    printed = (cells.departments, cells.lead, cells.partners)
    if printed not in fine:  # the same printed departments read the same: once
        out += _check_departments_of(section, cells, at, registry, aid)
        if not out:
            fine.add(printed)
    period = cells.period
    if (
        not period.errors
        and not period.warnings
        and (section != "annex" or period.start_kind != "none" or period.end_kind != "none")
    ):
        return out  # a clean period: nothing to say (most of them)
    where = at.at(section, "period")
    for error in period.errors:
        message = _("{section} period {raw} {error}").format(
            section=_(section), raw=repr(period.raw), error=error
        )
        out.append(F.make("period-order", where, message, aid))
    nothing = period.start_kind == "none" and period.end_kind == "none"
    if section == "annex" and nothing and not period.errors:
        out.append(
            F.make(
                "bad-period",
                where,
                _("annex period {raw}: no schedule could be read").format(raw=repr(period.raw)),
                aid,
            )
        )
    else:
        for warning in period.warnings:
            message = _("{section} period: {warning}").format(section=_(section), warning=warning)
            out.append(F.make("period-free-text", where, message, aid))
    return out


def _check_departments_of(
    section: str, cells: Cells, at: Located, registry: Registry, aid: str
) -> list[Finding]:
    out = []
    for key, codes in (("lead", (cells.lead,)), ("partners", cells.partners)):
        for i, code in enumerate(codes):
            dept = registry.resolve(code)
            if dept is None:
                out.append(
                    F.make(
                        "unknown-department",
                        at.at(section, key) if key == "lead" else at.at(section, key, i),
                        _(
                            "{section} {role} {code} is not a known department (known: {known})"
                        ).format(
                            section=_(section),
                            role=_(key.removesuffix("s")),
                            code=repr(code),
                            known=", ".join(registry.codes()),
                        ),
                        aid,
                    )
                )
            elif not _mentions(cells.departments, dept.code, dept.aliases):
                out.append(
                    F.make(
                        "department-text",
                        at.at(section, key) if key == "lead" else at.at(section, key, i),
                        _("{code} is not in the printed departments {text}").format(
                            code=code, text=repr(cells.departments)
                        ),
                        aid,
                    )
                )
    return out


def _mentions(text: str, code: str, aliases: tuple[str, ...]) -> bool:
    words = _words(text)
    return any(name.casefold() in words for name in (code, *aliases))


_WORD = re.compile(r"[\w]+")


@functools.lru_cache(maxsize=1024)
def _words(text: str) -> frozenset[str]:
    """The words of a printed departments text: a plan prints the same few many times."""
    return frozenset(_WORD.findall(text.casefold()))


def _compare(action: Action, at: Located, registry: Registry) -> list[Finding]:
    return [
        F.make(d.code, at.at("body", d.field), d.message, action.id)
        for d in differences(action, registry)
    ]


def _check_progress(result: LoadResult, ids: set[str]) -> list[Finding]:
    out = []
    seen: dict[tuple[str, dt.date, str | None], Located] = {}
    keys: dict[str, str] = {}  # action_key of each id: entries repeat the ids
    for entry, at in result.entries_at:
        aid = entry.action
        aid_key = keys.get(aid)
        if aid_key is None:
            aid_key = keys[aid] = action_key(aid)
        if aid_key not in ids:
            out.append(
                F.make(
                    "unknown-action",
                    at.at("action"),
                    _("progress entry for unknown action {id}").format(id=repr(aid)),
                    aid,
                )
            )
        who = entry.reported_by
        key = (aid_key, entry.date, reporter_key(who) if who is not None else None)
        if key in seen:
            first = seen[key].at()
            out.append(
                F.make(
                    "duplicate-entry",
                    at.at(),
                    _("second progress entry for {id} on {date}").format(id=aid, date=entry.date)
                    + (_(" by {who}").format(who=entry.reported_by) if entry.reported_by else "")
                    + " "
                    + _("(first at {path}:{line})").format(path=first[0], line=first[1]),
                    aid,
                )
            )
        seen.setdefault(key, at)
        if entry.expected is not None and entry.state.value != "expected":
            out.append(
                F.make(
                    "expected-state",
                    at.at("expected"),
                    _("expected quarter {quarter} given, but the state is {state}").format(
                        quarter=entry.expected, state=_(entry.state.value)
                    ),
                    aid,
                )
            )
        for i, c in enumerate(entry.corrections):
            if c.corrected not in entry.text:
                out.append(
                    F.make(
                        "correction-missing",
                        at.at("corrections", i),
                        _("correction: {text} does not occur in the text").format(
                            text=repr(c.corrected)
                        ),
                        aid,
                    )
                )
    return out

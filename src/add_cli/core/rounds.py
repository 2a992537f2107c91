"""Reporting rounds: which round speaks for a date, who has answered, what conflicts.

DOMAIN.md (Conventions for a living plan): a round is one progress report being
collected, `progress/<date>.yaml`. Here a round is a report opened as one (it lists
the departments asked) or a report that covers every action of the plan (a published
report such as that of October 2025). A file that only holds a few entries recorded
on their own is a report, not a round. The lead department's answer counts; a
partner's answer is kept, and when its state differs from the lead's it is a conflict.
Pure: no I/O, no clock; the caller passes the dates.
"""

from __future__ import annotations

import datetime as dt

from add_cli.core.departments import Registry
from add_cli.core.frozen import frozen
from add_cli.core.model import Action, Plan, ProgressEntry, Report, action_key
from add_cli.core.query import latest_entry, select


def covers_plan(plan: Plan, report: Report) -> bool:
    """Whether the report has an entry for every action of the plan."""
    done = {action_key(e.action) for e in plan.entries_of(report)}
    return bool(plan.actions) and all(action_key(a.id) in done for a in plan.actions)


def is_round(plan: Plan, report: Report) -> bool:
    """An opened round (it lists the departments asked), or a report on every action."""
    return bool(report.asked) or covers_plan(plan, report)


def rounds(plan: Plan) -> list[Report]:
    """The plan's rounds, oldest first (one pass over the entries, however many reports)."""
    by_file: dict[str | None, set[str]] = {}
    for entry in plan.progress:
        by_file.setdefault(entry.report_path, set()).add(action_key(entry.action))
    wanted = {action_key(a.id) for a in plan.actions}
    return [r for r in plan.reports if r.asked or (wanted and wanted <= by_file.get(r.path, set()))]


def round_for(plan: Plan, day: dt.date) -> Report | None:
    """The round that speaks for `day`: the latest dated on or before it."""
    eligible = [r for r in rounds(plan) if r.date <= day]
    return eligible[-1] if eligible else None


def report_of(plan: Plan, day: dt.date) -> Report | None:
    """The report (round or not) dated `day`."""
    return next((r for r in plan.reports if r.date == day), None)


def current_code(registry: Registry, code: str) -> str:
    """The code a department goes by now: EZK -> EZ (its successor)."""
    dept = registry.resolve(code)
    seen: set[str] = set()
    while dept is not None and dept.successor and dept.code not in seen:
        seen.add(dept.code)
        nxt = registry.resolve(dept.successor)
        if nxt is None:
            break
        dept = nxt
    return dept.code if dept is not None else code


def default_asked(plan: Plan) -> tuple[str, ...]:
    """Every department that leads or joins an action, by its current code, in the
    order of departments.yaml."""
    registry = Registry(plan.departments)
    wanted = {current_code(registry, code) for a in plan.actions for code in a.departments}
    return tuple(code for code in registry.codes() if code in wanted)


def is_lead(registry: Registry, action: Action, code: str | None) -> bool:
    """Whether `code` speaks for the action as its lead (an entry without a reporter does)."""
    if code is None:
        return True
    family = registry.family(action.annex.lead) or {action.annex.lead}
    return registry.canonical(code) in family


@frozen
class DeptProgress:
    """One department in a round: the actions it was asked about, and its answers."""

    department: str
    asked: tuple[str, ...]
    answered: tuple[str, ...]

    @property
    def open(self) -> tuple[str, ...]:
        done = set(self.answered)
        return tuple(a for a in self.asked if a not in done)

    @property
    def has_answered(self) -> bool:
        return bool(self.answered)


@frozen
class Conflict:
    """A partner's answer whose state differs from the lead's, for one action in a round."""

    action: str
    lead: ProgressEntry
    partner: ProgressEntry


@frozen
class RoundStatus:
    report: Report
    departments: tuple[DeptProgress, ...]
    conflicts: tuple[Conflict, ...]
    due_passed: bool

    @property
    def answered(self) -> int:
        """How many of the departments asked have answered (at least one action)."""
        return sum(d.has_answered for d in self.departments)

    @property
    def missing(self) -> int:
        """How many actions asked still lack an answer, over all departments."""
        return sum(len(d.open) for d in self.departments)


def round_status(plan: Plan, report: Report, today: dt.date) -> RoundStatus:
    """Per department asked: asked, answered, open; the conflicts; whether the due date
    has passed (`today` is after it). A round that lists no departments (a published
    report) counts the departments that lead or join an action."""
    registry = Registry(plan.departments)
    entries = plan.entries_of(report)
    depts = []
    for code in report.asked or default_asked(plan):
        family = registry.family(code) or {code}
        asked = tuple(a.id for a in select(plan, code, "any"))
        by_dept = {
            action_key(e.action)
            for e in entries
            if e.reported_by is not None and registry.canonical(e.reported_by) in family
        }
        answered = tuple(a for a in asked if action_key(a) in by_dept)
        depts.append(DeptProgress(registry.canonical(code), asked, answered))
    due_passed = report.due is not None and today > report.due
    return RoundStatus(report, tuple(depts), conflicts(plan, report), due_passed)


def conflicts(plan: Plan, report: Report) -> tuple[Conflict, ...]:
    """Partner answers in the round whose state or expected quarter differs from the
    lead's answer for the same action and date (wording alone is no conflict)."""
    registry = Registry(plan.departments)
    by_action: dict[str, list[ProgressEntry]] = {}
    for entry in plan.entries_of(report):
        by_action.setdefault(action_key(entry.action), []).append(entry)
    out = []
    for action in plan.actions:
        mine = by_action.get(action_key(action.id), [])
        for lead in [e for e in mine if is_lead(registry, action, e.reported_by)]:
            for partner in mine:
                if partner.date != lead.date or is_lead(registry, action, partner.reported_by):
                    continue
                if (partner.state, partner.expected) != (lead.state, lead.expected):
                    out.append(Conflict(action.id, lead, partner))
    return tuple(out)


@frozen
class OverviewRow:
    """One action in the report of a round: its state as of the round date."""

    action: Action
    entry: ProgressEntry | None
    updated: bool
    """Whether the entry that counts is one of this round's."""

    def __init__(self, action: Action, entry: ProgressEntry | None, updated: bool) -> None:
        d = self.__dict__  # written out: see `frozen`
        d["action"], d["entry"], d["updated"] = action, entry, updated


def overview(plan: Plan, report: Report) -> list[OverviewRow]:
    """Every action of the plan, in plan order, as of the round date (DOMAIN.md: the
    report of a round never consists of the round's new entries alone)."""
    out = []
    for action in plan.actions:
        entry = latest_entry(plan, action.id, report.date)
        updated = entry is not None and entry.report_path == report.path
        out.append(OverviewRow(action, entry, updated))
    return out


def updated_in(plan: Plan, report: Report | None) -> set[str]:
    """The action ids (as keys) whose counting entry as of the round date is of the round."""
    if report is None:
        return set()
    return {action_key(r.action.id) for r in overview(plan, report) if r.updated}

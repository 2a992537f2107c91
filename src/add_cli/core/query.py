"""Questions about the plan as of a date: state, overdue, filters, summaries.

No formatting and no clock here: the CLI resolves `--as-of` and passes the date.
Definitions are DOMAIN.md's: the state as of D is the latest progress entry dated
on or before D; an action is overdue as of D when its annex end quarter ended
before D and its state as of D is not finished.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from add_cli.core.departments import Registry
from add_cli.core.model import Action, Plan, ProgressEntry, Quarter, State, frozen

Role = Literal["lead", "partner", "any"]

STATE_ORDER = (
    State.FINISHED,
    State.ON_SCHEDULE,
    State.IN_PROGRESS,
    State.EXPECTED,
    State.UNCLEAR,
)
NOT_REPORTED = "not_reported"
"""The state name of a row without a progress entry; its labels are in `present.labels`."""


def latest_entry(plan: Plan, action_id: str, day: dt.date) -> ProgressEntry | None:
    """The latest progress entry dated on or before `day`; of several that share the
    latest date the lead's counts (`speaking_entry`), later in the files wins a tie."""
    best: ProgressEntry | None = None
    tied: list[ProgressEntry] = []
    for entry in plan.entries_for(action_id):
        if entry.date > day:
            break
        if best is None or entry.date != best.date:
            tied = []
        tied.append(entry)
        best = entry
    if len(tied) > 1:
        return speaking_entry(plan, tied)
    return best


def speaking_entry(plan: Plan, entries: list[ProgressEntry]) -> ProgressEntry:
    """Of entries of one action and date, the one that counts (DOMAIN.md: who speaks for
    an action): the last by the lead department or without a reporter; a partner's only
    when no other was made."""
    action = plan.action(entries[0].action)
    if action is None:
        return entries[-1]
    registry = Registry(plan.departments)
    family = registry.family(action.annex.lead) or {action.annex.lead}
    for entry in reversed(entries):
        if entry.reported_by is None or registry.canonical(entry.reported_by) in family:
            return entry
    return entries[-1]


@frozen
class Row:
    """One action as of a date: everything status, overdue and the exports show."""

    action: Action
    entry: ProgressEntry | None
    as_of: dt.date

    @property
    def state(self) -> State | None:
        return self.entry.state if self.entry else None

    @property
    def state_name(self) -> str:
        return self.entry.state.value if self.entry else NOT_REPORTED

    @property
    def overdue(self) -> bool:
        deadline = self.action.period.deadline
        return deadline is not None and deadline < self.as_of and self.state is not State.FINISHED

    @property
    def quarters_late(self) -> int:
        """How many quarters the as-of date lies past the end quarter (0 when not overdue)."""
        end = self.action.period.end
        if not self.overdue or end is None:
            return 0
        return Quarter.of(self.as_of).index - end.index

    @property
    def expected(self) -> Quarter | None:
        return self.entry.expected if self.entry else None

    def as_json(self) -> dict[str, Any]:
        """The stable JSON shape documented in the README."""
        a = self.action
        period = a.period
        return {
            "id": a.id,
            "title": a.title,
            "line": a.line,
            "subline": a.subline,
            "lead": a.annex.lead,
            "partners": list(a.annex.partners),
            "period": period.raw,
            "start": str(period.start) if period.start else None,
            "end": str(period.end) if period.end else None,
            "deadline": period.deadline.isoformat() if period.deadline else None,
            "state": self.state.value if self.state else None,
            "overdue": self.overdue,
            "quarters_late": self.quarters_late,
            "expected": str(self.expected) if self.expected else None,
            "latest_progress": self.entry.text if self.entry else None,
            "latest_progress_date": self.entry.date.isoformat() if self.entry else None,
        }


def rows(plan: Plan, day: dt.date, actions: Iterable[Action] | None = None) -> list[Row]:
    return [
        Row(a, latest_entry(plan, a.id, day), day)
        for a in (plan.actions if actions is None else actions)
    ]


def select(
    plan: Plan,
    dept: str | None = None,
    role: Role = "lead",
    line: str | None = None,
) -> list[Action]:
    """Actions of a department (by role) and/or an action line ('1') or sub-line ('1a')."""
    registry = Registry(plan.departments)
    family = registry.family(dept) if dept else set()
    out = []
    for action in plan.actions:
        if line is not None:
            key = line.strip().casefold()
            if action.line.casefold() != key and (action.subline or "").casefold() != key:
                continue
        if dept is not None:
            lead = registry.canonical(action.annex.lead) in family
            partner = any(registry.canonical(p) in family for p in action.annex.partners)
            wanted = {"lead": lead, "partner": partner, "any": lead or partner}[role]
            if not wanted:
                continue
        out.append(action)
    return out


def overdue_rows(rows_: Iterable[Row]) -> list[Row]:
    """Overdue rows, the most overdue first (then in plan order)."""
    late = [r for r in rows_ if r.overdue]
    return sorted(late, key=lambda r: -r.quarters_late)


@dataclass(eq=False, repr=False)
class Tally:
    """Counts for one group of actions (the plan, an action line, a sub-line)."""

    key: str
    title: str
    total: int = 0
    states: Counter[str] = field(default_factory=Counter)
    overdue: int = 0

    @property
    def finished(self) -> int:
        return self.states[State.FINISHED.value]

    def add(self, row: Row) -> None:
        self.total += 1
        self.states[row.state_name] += 1
        self.overdue += row.overdue

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "total": self.total,
            "finished": self.finished,
            "overdue": self.overdue,
            "states": {s: self.states.get(s, 0) for s in state_names()},
        }


def state_names() -> list[str]:
    return [s.value for s in STATE_ORDER] + [NOT_REPORTED]


def summarise(plan: Plan, rows_: list[Row]) -> list[Tally]:
    """A tally per action line and sub-line (in plan order), then the total."""
    by_key: dict[str, Tally] = {}
    order: list[str] = []
    for line in plan.lines:
        by_key[line.id] = Tally(line.id, line.title)
        order.append(line.id)
        for sub in line.sublines:
            by_key[sub.id] = Tally(sub.id, sub.title)
            order.append(sub.id)
    total = Tally("total", "Totaal")
    for row in rows_:
        total.add(row)
        for key in (row.action.line, row.action.subline):
            if key is not None and key in by_key:
                by_key[key].add(row)
    return [by_key[k] for k in order if by_key[k].total] + [total]

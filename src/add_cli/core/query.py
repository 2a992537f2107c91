"""Questions about the plan as of a date: state, overdue, filters, summaries.

No formatting and no clock here: the CLI resolves `--as-of` and passes the date.
Definitions are DOMAIN.md's: the state as of D is the latest progress entry dated
on or before D; an action is overdue as of D when its annex end quarter ended
before D and its state as of D is not finished (nor carried over); it started late
when its annex start quarter ended before D and, as of D, it has no entry or the
state not_started.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any, Generic, Literal, TypeVar, overload

from add_cli.core.departments import Registry
from add_cli.core.frozen import frozen, no_assignment
from add_cli.core.model import (
    Action,
    Period,
    Plan,
    ProgressEntry,
    Quarter,
    State,
    strip_action_prefix,
)

Role = Literal["lead", "partner", "any"]
LateKind = Literal["end", "start", "any"]
OPEN = "open"
"""The --state filter for actions neither finished nor carried over."""

STATE_ORDER = (
    State.FINISHED,
    State.ON_SCHEDULE,
    State.IN_PROGRESS,
    State.EXPECTED,
    State.UNCLEAR,
    State.NOT_STARTED,
    State.CARRIED_OVER,
)
CLOSED = (State.FINISHED, State.CARRIED_OVER)
"""States after which an action is neither open nor late."""
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


_T = TypeVar("_T")


class _once(Generic[_T]):
    """A read-only property worked out on first use and kept in the instance's __dict__.

    Not a data descriptor: once worked out, the value in __dict__ is found without a
    call (a table of 10,000 rows reads each several times). Read-only because its
    class refuses every assignment (`Row.__setattr__`)."""

    def __init__(self, func: Callable[[Any], _T]) -> None:
        self._func = func
        self._name = func.__name__
        self.__doc__ = func.__doc__

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> _once[_T]: ...
    @overload
    def __get__(self, obj: object, owner: type | None = None) -> _T: ...
    def __get__(self, obj: object | None, owner: type | None = None) -> _T | _once[_T]:
        if obj is None:
            return self
        value = obj.__dict__[self._name] = self._func(obj)
        return value


@frozen
class Row:
    """One action as of a date: everything status, overdue and the exports show.

    Its lateness is worked out once (`_once`: the fields never change), however often
    the tallies and tables ask."""

    action: Action
    entry: ProgressEntry | None
    as_of: dt.date
    plan_id: str = ""
    """The plan's id, shown when several plans are shown together."""

    def __init__(
        self, action: Action, entry: ProgressEntry | None, as_of: dt.date, plan_id: str = ""
    ) -> None:
        d = self.__dict__  # written out: see `frozen`
        d["action"], d["entry"], d["as_of"], d["plan_id"] = action, entry, as_of, plan_id

    @_once
    def state(self) -> State | None:
        return self.entry.state if self.entry else None

    @_once
    def state_name(self) -> str:
        return self.entry.state.value if self.entry else NOT_REPORTED

    @_once
    def overdue(self) -> bool:
        deadline = self.action.period.deadline
        return deadline is not None and deadline < self.as_of and self.state not in CLOSED

    @_once
    def late_start(self) -> bool:
        """The annex start quarter ended before the date, and no entry or `not_started`.

        A start before the plan (Gestart) and an open start never start late."""
        period = self.action.period
        if period.start_kind != "quarter" or period.start is None:
            return False
        if period.start.last_day >= self.as_of:
            return False
        return self.state is None or self.state is State.NOT_STARTED

    @_once
    def late(self) -> str:
        """'end', 'start', 'both' or '' (DOMAIN.md: late means either or both)."""
        end, start = self.overdue, self.late_start
        return "both" if end and start else "end" if end else "start" if start else ""

    @_once
    def quarters_late_start(self) -> int:
        """How many quarters the as-of date lies past the start quarter (0 when not late)."""
        start = self.action.period.start
        if not self.late_start or start is None:
            return 0
        return Quarter.of(self.as_of).index - start.index

    @property
    def is_open(self) -> bool:
        return self.state not in CLOSED

    @_once
    def quarters_late(self) -> int:
        """How many quarters the as-of date lies past the end quarter (0 when not overdue)."""
        end = self.action.period.end
        if not self.overdue or end is None:
            return 0
        return Quarter.of(self.as_of).index - end.index

    @property
    def expected(self) -> Quarter | None:
        return self.entry.expected if self.entry else None

    def as_json(self, memo: dict[Period, _PeriodTexts] | None = None) -> dict[str, Any]:
        """The stable JSON shape documented in the README.

        `memo` holds the texts of each period met (periods compare by identity): on a
        large plan thousands of actions share a handful of periods.
        """
        a = self.action
        annex = a.annex
        period = annex.period
        texts = memo.get(period) if memo is not None else None
        if texts is None:
            texts = _period_texts(period)
            if memo is not None:
                memo[period] = texts
        entry = self.entry
        state = entry.state if entry is not None else None
        expected = entry.expected if entry is not None else None
        late = self.late  # works out overdue and late_start
        return {
            "id": a.id,
            "title": strip_action_prefix(annex.title),
            "line": a.line,
            "subline": a.subline,
            "lead": annex.lead,
            "partners": list(annex.partners),
            "period": texts[0],
            "start": texts[1],
            "end": texts[2],
            "deadline": texts[3],
            "state": state.value if state else None,
            "overdue": self.overdue,
            "quarters_late": self.quarters_late,
            "expected": str(expected) if expected else None,
            "latest_progress": entry.text if entry is not None else None,
            "latest_progress_date": entry.date.isoformat() if entry is not None else None,
            "late_start": self.late_start,
            "late": late or None,
            "continues": a.continues,
            "plan": self.plan_id or None,
        }


# Stricter than write-once: a field worked out later (`_once`) is never set from outside.
Row.__setattr__ = no_assignment  # type: ignore[method-assign]

_PeriodTexts = tuple[str, str | None, str | None, str | None]


def _period_texts(period: Period) -> _PeriodTexts:
    """A period's fields in `Row.as_json`: as printed, start, end and deadline."""
    start, end, deadline = period.start, period.end, period.deadline
    iso = deadline.isoformat() if deadline else None
    return period.raw, str(start) if start else None, str(end) if end else None, iso


def rows(plan: Plan, day: dt.date, actions: Iterable[Action] | None = None) -> list[Row]:
    return [
        Row(a, latest_entry(plan, a.id, day), day, plan.id)
        for a in (plan.actions if actions is None else actions)
    ]


def fold(text: str) -> str:
    """Text for searching: case and accents do not count ('beïnvloeding' is 'beinvloeding')."""
    import unicodedata  # here: only --search folds texts

    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def search_texts(action: Action) -> list[str]:
    """What --search looks in: the id, the printed code, titles and body texts."""
    body = action.body
    return [
        action.id,
        action.label,
        action.annex.title,
        body.cells.title,
        *(body.subtitle or "",),
        *(body.category or "",),
        *body.what,
        *body.success,
    ]


def matches(action: Action, text: str) -> bool:
    """Whether `text` occurs in the action's id, titles or body texts (see `fold`)."""
    wanted = fold(text.strip())
    return any(wanted in fold(t) for t in search_texts(action))


def filter_rows(
    rows_: Iterable[Row], state: str | None = None, search: str | None = None
) -> list[Row]:
    """Rows in a state (a State value, `not_reported`, or `open`) and/or matching a text."""
    out = []
    for row in rows_:
        if state == OPEN and not row.is_open:
            continue
        if state is not None and state != OPEN and row.state_name != state:
            continue
        if search and not matches(row.action, search):
            continue
        out.append(row)
    return out


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


def overdue_rows(rows_: Iterable[Row], kind: LateKind = "end") -> list[Row]:
    """Late rows (late finish, late start, or either), the most overdue first (then in order)."""

    def wanted(r: Row) -> bool:
        return r.overdue if kind == "end" else r.late_start if kind == "start" else bool(r.late)

    late = [r for r in rows_ if wanted(r)]

    def how_late(r: Row) -> int:
        if kind == "end":
            return r.quarters_late
        if kind == "start":
            return r.quarters_late_start
        return max(r.quarters_late, r.quarters_late_start)

    return sorted(late, key=lambda r: -how_late(r))


LateLine = tuple[
    str,  # plan id
    str,  # id
    str,  # title
    str,  # lead
    Quarter | None,  # start
    Quarter | None,  # end
    int,  # quarters late (finish)
    bool,  # overdue
    str,  # late: 'end', 'start', 'both' or ''
    str,  # state name
    Quarter | None,  # expected
    str,  # latest progress text
]
"""One row of `add overdue`: of a `Row` (`late_line`) or of the plan's facts (`facts`)."""


def late_line(row: Row) -> LateLine:
    """A late row as `add overdue` prints it."""
    a = row.action
    period = a.period
    return (
        row.plan_id,
        a.id,
        a.title,
        a.annex.lead,
        period.start,
        period.end,
        row.quarters_late,
        row.overdue,
        row.late,
        row.state_name,
        row.expected,
        row.entry.text if row.entry else "",
    )


class Tally:
    """Counts for one group of actions (the plan, an action line, a sub-line).

    A plain class: a dataclass compiles its __init__ when add starts."""

    def __init__(
        self,
        key: str,
        title: str,
        total: int = 0,
        states: Counter[str] | None = None,
        overdue: int = 0,
        late_start: int = 0,
    ) -> None:
        self.key = key
        self.title = title
        self.total = total
        self.states: Counter[str] = Counter() if states is None else states
        self.overdue = overdue
        self.late_start = late_start

    @property
    def finished(self) -> int:
        return self.states[State.FINISHED.value]

    def add(self, row: Row) -> None:
        self.total += 1
        self.states[row.state_name] += 1
        self.overdue += row.overdue
        self.late_start += row.late_start

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "total": self.total,
            "finished": self.finished,
            "overdue": self.overdue,
            "late_start": self.late_start,
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


class DeptTally:
    """One department's actions (`status --by dept`): those it leads and those it joins.

    A plain class: a dataclass compiles its __init__ when add starts."""

    def __init__(
        self,
        code: str,
        name: str,
        leads: int = 0,
        joins: int = 0,
        finished: int = 0,
        late: int = 0,
    ) -> None:
        self.code = code
        self.name = name
        self.leads = leads
        self.joins = joins
        self.finished = finished
        self.late = late
        """Actions it leads or joins that finish late or start late."""

    def as_json(self) -> dict[str, Any]:
        return {
            "department": self.code,
            "name": self.name,
            "leads": self.leads,
            "joins": self.joins,
            "finished": self.finished,
            "late": self.late,
        }


def by_department(plan: Plan, rows_: Iterable[Row]) -> list[DeptTally]:
    """A tally per department of the registry (in its order) that leads or joins an action.

    A successor and its predecessor (EZ, EZK) are one department here: the actions
    count for the one the registry names as successor."""
    registry = Registry(plan.departments)

    def owner(code: str) -> str:
        dept = registry.resolve(code)
        while dept is not None and dept.successor and registry.resolve(dept.successor):
            nxt = registry.resolve(dept.successor)
            if nxt is None or nxt is dept:
                break
            dept = nxt
        return dept.code if dept else code

    tallies = {d.code: DeptTally(d.code, d.name) for d in plan.departments}
    for row in rows_:
        a = row.action
        lead = owner(a.annex.lead)
        involved = {lead} | {owner(p) for p in a.annex.partners}
        for code in involved:
            t = tallies.setdefault(code, DeptTally(code, code))
            if code == lead:
                t.leads += 1
            else:
                t.joins += 1
            t.finished += row.state is State.FINISHED
            t.late += bool(row.late)
    return [t for t in tallies.values() if t.leads or t.joins]

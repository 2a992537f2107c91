"""What `add overdue` needs of each action, as plain tuples: a warm answer without the plan.

A warm `add overdue` on a large plan would spend most of its time rebuilding every
action, body and progress entry from the cache, to print a few columns. `plan_facts`
takes those columns out of a plan once, when the cache entry is written, as tuples
of strings and ints (marshal data: no classes to construct); `PlanFacts.late`
answers the question from them, exactly as `query.rows` + `query.overdue_rows` do
from the plan (tests/test_facts.py compares both over many plans and dates).

The state as of a date is read from the entries the action's latest date would
choose: for every date the action has entries on, the entry `query.latest_entry`
returns as of that date (the lead's among several on one date), so that as of any
day the answer is the last of these dated on or before it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from add_cli.core.departments import Registry
from add_cli.core.model import Department, Plan, Quarter, State
from add_cli.core.query import CLOSED, NOT_REPORTED, OPEN, LateKind, LateLine, Role, latest_entry

VERSION = 1
"""Of the tuples' layout: a change makes old cache entries unreadable (see `store.cache`)."""

EntryFacts = tuple[int, str, int | None, str]
"""(date as a day number, state value, expected quarter index or None, text)."""

ActionFacts = tuple[
    str,  # 0 id
    str,  # 1 title (without its "ACTIE x:" prefix)
    str,  # 2 lead
    tuple[str, ...],  # 3 partners
    str,  # 4 line
    str | None,  # 5 subline
    bool,  # 6 starts late when its start quarter passes (start_kind is "quarter")
    int | None,  # 7 start quarter (Quarter.index)
    int | None,  # 8 end quarter (Quarter.index)
    tuple[EntryFacts, ...],  # 9 the counting entry of each date, oldest first
]


_STATES = frozenset(s.value for s in State)
_CLOSED = frozenset(s.value for s in CLOSED)


def plan_facts(plan: Plan) -> tuple[Any, ...]:
    """The plain form of `PlanFacts` for `plan` (marshal data): built when caching a plan."""
    rows = []
    for a in plan.actions:
        entries: list[EntryFacts] = []
        dates = sorted({e.date for e in plan.entries_for(a.id)})
        for day in dates:
            e = latest_entry(plan, a.id, day)
            assert e is not None  # an entry is dated `day`
            expected = e.expected.index if e.expected is not None else None
            entries.append((day.toordinal(), e.state.value, expected, e.text))
        period = a.period
        rows.append(
            (
                a.id,
                a.title,
                a.annex.lead,
                tuple(a.annex.partners),
                a.line,
                a.subline,
                period.start_kind == "quarter",
                period.start.index if period.start is not None else None,
                period.end.index if period.end is not None else None,
                tuple(entries),
            )
        )
    return (VERSION, plan.id, tuple(rows))


def _bad(what: str) -> ValueError:
    return ValueError(f"not plan facts: {what}")


def _check_rows(rows: Any) -> tuple[ActionFacts, ...]:
    """`rows` when every action's facts have the types of `ActionFacts`; ValueError else."""
    if rows.__class__ is not tuple:
        raise _bad("rows")
    for row in rows:
        if row.__class__ is not tuple or len(row) != 10:
            raise _bad("a row")
        ident, title, lead, partners, line, subline, late_start, start, end, entries = row
        if (
            ident.__class__ is not str
            or title.__class__ is not str
            or lead.__class__ is not str
            or partners.__class__ is not tuple
            or line.__class__ is not str
            or (subline is not None and subline.__class__ is not str)
            or late_start.__class__ is not bool
            or (start is not None and start.__class__ is not int)
            or (end is not None and end.__class__ is not int)
            or entries.__class__ is not tuple
        ):
            raise _bad(f"the row of {ident!r}")
        for p in partners:
            if p.__class__ is not str:
                raise _bad(f"a partner of {ident!r}")
        for entry in entries:
            if entry.__class__ is not tuple or len(entry) != 4:
                raise _bad(f"an entry of {ident!r}")
            day, state, expected, text = entry
            if (
                day.__class__ is not int
                or not 0 < day <= _MAX_DAY
                or state.__class__ is not str
                or state not in _STATES
                or (expected is not None and expected.__class__ is not int)
                or text.__class__ is not str
            ):
                raise _bad(f"an entry of {ident!r}")
    return rows


_MAX_DAY = dt.date.max.toordinal()


class PlanFacts:
    """A plan's actions as `overdue` sees them (see the module's docstring)."""

    def __init__(self, plain: Any, departments: Sequence[Department]) -> None:
        """From `plan_facts`' plain form; ValueError when it is not of that form."""
        if plain.__class__ is not tuple or len(plain) != 3 or plain[0] != VERSION:
            raise _bad("the layout")
        if plain[1].__class__ is not str:
            raise _bad("the plan id")
        self.plan_id: str = plain[1]
        self.rows = _check_rows(plain[2])
        self.departments = tuple(departments)

    @classmethod
    def of(cls, plan: Plan) -> PlanFacts:
        return cls(plan_facts(plan), plan.departments)

    def late(
        self,
        day: dt.date,
        kind: LateKind = "end",
        dept: str | None = None,
        role: Role = "lead",
        state: str | None = None,
    ) -> list[LateLine]:
        """`query.overdue_rows` of the rows `query.select` (no line) and `filter_rows`
        (no search) would give, as `LateLine`s: the most overdue first, then in order."""
        wanted = _selector(Registry(self.departments), dept, role) if dept is not None else None
        today = day.toordinal()
        now = Quarter.of(day).index
        quarters = _Quarters()
        found: list[tuple[int, LateLine]] = []
        for row in self.rows:
            ident, title, lead, partners, _line, _sub, starts, start, end, entries = row
            if wanted is not None and not wanted(lead, partners):
                continue
            entry = None
            for e in reversed(entries):
                if e[0] <= today:
                    entry = e
                    break
            name = entry[1] if entry is not None else NOT_REPORTED
            if state is not None and (name in _CLOSED if state == OPEN else name != state):
                continue
            closed = name in _CLOSED
            overdue = end is not None and quarters.last_day(end) < today and not closed
            late_start = (
                starts
                and start is not None
                and quarters.last_day(start) < today
                and name in (NOT_REPORTED, State.NOT_STARTED.value)
            )
            if kind == "end":
                if not overdue:
                    continue
            elif kind == "start":
                if not late_start:
                    continue
            elif not (overdue or late_start):
                continue
            by_end = now - end if overdue and end is not None else 0
            by_start = now - start if late_start and start is not None else 0
            how = (
                by_end if kind == "end" else by_start if kind == "start" else max(by_end, by_start)
            )
            late = "both" if overdue and late_start else "end" if overdue else "start"
            found.append(
                (
                    -how,
                    (
                        self.plan_id,
                        ident,
                        title,
                        lead,
                        quarters.get(start),
                        quarters.get(end),
                        by_end,
                        overdue,
                        late,
                        name,
                        quarters.get(entry[2]) if entry is not None else None,
                        entry[3] if entry is not None else "",
                    ),
                )
            )
        found.sort(key=_first)  # stable: plan order among equally late
        return [line for _how, line in found]


def _first(item: tuple[int, LateLine]) -> int:
    return item[0]


class _Quarters:
    """Quarters by index, each made once, with their last days as day numbers."""

    def __init__(self) -> None:
        self._made: dict[int, Quarter] = {}
        self._last: dict[int, int] = {}

    def get(self, index: int | None) -> Quarter | None:
        if index is None:
            return None
        made = self._made.get(index)
        if made is None:
            made = self._made[index] = Quarter(index // 4, index % 4 + 1)
        return made

    def last_day(self, index: int) -> int:
        last = self._last.get(index)
        if last is None:
            quarter = self.get(index)
            assert quarter is not None
            last = self._last[index] = quarter.last_day.toordinal()
        return last


def _selector(registry: Registry, dept: str, role: Role) -> Callable[[str, tuple[str, ...]], bool]:
    """Whether an action with this lead and partners is the department's (`query.select`)."""
    family = registry.family(dept) if dept else set()

    def wanted(lead: str, partners: tuple[str, ...]) -> bool:
        is_lead = registry.canonical(lead) in family
        if role == "lead":
            return is_lead
        partner = any(registry.canonical(p) in family for p in partners)
        return partner if role == "partner" else is_lead or partner

    return wanted

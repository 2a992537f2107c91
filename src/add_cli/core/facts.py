"""What `add overdue` needs of each action, as plain tuples: a warm answer without the plan.

A warm `add overdue` on a large plan would spend most of its time rebuilding every
action, body and progress entry from the cache, to print a few columns. `plan_facts`
takes those columns out of a plan once, when the cache entry is written, as columns:
tuples of strings and ints (marshal data: no classes to construct, and each column's
types are checked in one pass at C speed); `PlanFacts.late`
answers the question from them, exactly as `query.rows` + `query.overdue_rows` do
from the plan (tests/test_facts.py compares both over many plans and dates).

The state as of a date is read from the entries the action's latest date would
choose: for every date the action has entries on, the entry `query.latest_entry`
returns as of that date (the lead's among several on one date, `speaking_entry`),
so that as of any day the answer is the last of these dated on or before it.
"""

from __future__ import annotations

import datetime as dt
import re
import weakref
from collections.abc import Callable, Iterable, Sequence
from itertools import chain
from operator import attrgetter
from typing import Any

from add_cli.core.departments import Registry
from add_cli.core.model import (
    Department,
    Plan,
    ProgressEntry,
    Quarter,
    State,
    strip_action_prefix,
)
from add_cli.core.query import (
    CLOSED,
    NOT_REPORTED,
    OPEN,
    LateKind,
    LateLine,
    Role,
    speaking_entry,
)

VERSION = 3
"""Of the columns' layout: a change makes old cache entries unreadable (see `store.cache`)."""

COLUMNS = (
    "id",
    "title",  # without its "ACTIE x:" prefix (`Action.title`)
    "lead",
    "partners",
    "line",
    "subline",
    "starts",  # whether it can start late: the start is a quarter (start_kind)
    "start",  # the start quarter's `Quarter.index`, or None
    "end",  # the end quarter's `Quarter.index`, or None
    "entries",  # how many of the entry columns' items are the action's (in plan order)
    # For every date an action has entries on, oldest first, the entry that counts:
    "entry_day",  # the date as a day number
    "entry_state",  # the state's value
    "entry_expected",  # the expected quarter's index, or None
    "entry_text",
)
_TYPES: dict[str, frozenset[type]] = {
    "id": frozenset({str}),
    "title": frozenset({str}),
    "lead": frozenset({str}),
    "partners": frozenset({tuple}),
    "line": frozenset({str}),
    "subline": frozenset({str, type(None)}),
    "starts": frozenset({bool}),
    "start": frozenset({int, type(None)}),
    "end": frozenset({int, type(None)}),
    "entries": frozenset({int}),
    "entry_day": frozenset({int}),
    "entry_state": frozenset({str}),
    "entry_expected": frozenset({int, type(None)}),
    "entry_text": frozenset({str}),
}
_PER_ENTRY = 10
"""Columns from this one on have an item per entry, the others one per action."""

_STATES = frozenset(s.value for s in State)
_CLOSED = frozenset(s.value for s in CLOSED)
_NOT_STARTED = (NOT_REPORTED, State.NOT_STARTED.value)
_MAX_DAY = dt.date.max.toordinal()
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
"""The characters `present.terminal.visible` escapes (a test keeps the two alike)."""


def plan_facts(plan: Plan) -> tuple[Any, ...]:
    """The plain form of `PlanFacts` for `plan` (marshal data): built when caching a plan.

    Equal strings are one object (marshal writes an object once and refers back to it),
    as in `store.codec`. They are kept while the plan lives: a cold `add overdue`
    caches them and answers from them (a plan never changes)."""
    plain = _MADE.get(plan)
    if plain is None:
        plain = _MADE[plan] = _plan_facts(plan)
    return plain


_MADE: weakref.WeakKeyDictionary[Plan, tuple[Any, ...]] = weakref.WeakKeyDictionary()


def _plan_facts(plan: Plan) -> tuple[Any, ...]:
    """Column by column, at C speed where it can (`attrgetter`, `map`, `zip`): this runs
    on every cold read of a large plan. Each action and entry is visited once, for all
    its fields: on a large plan the time goes to reaching the objects in memory more
    than to anything done with them."""
    ids, titles, leads, partners, lines, sublines, periods = _columns(map(_ACTION, plan.actions), 7)
    counted = [_counted(plan, entries) for entries in map(plan.entries_for, ids)]
    days, states, expected, texts = _columns(map(_ENTRY, chain.from_iterable(counted)), 4)
    whens: dict[int, tuple[bool, int | None, int | None]] = {}
    for period in periods:  # most actions share a period (one per distinct text)
        if id(period) not in whens:
            start, end = period.start, period.end
            whens[id(period)] = (
                period.start_kind == "quarter",
                start.index if start is not None else None,
                end.index if end is not None else None,
            )
    starts, begins, ends = _columns((whens[id(p)] for p in periods), 3)
    # Equal strings made one object (see `plan_facts`); the distinct ones are the texts
    # to look through for control characters.
    shared: dict[str | None, str | None] = {}
    titles = tuple(map(strip_action_prefix, titles))
    titles, leads, texts = (tuple(map(shared.setdefault, c, c)) for c in (titles, leads, texts))
    text = "".join(chain((plan.id,), ids, shared))  # type: ignore[arg-type]  # str keys
    plain_text = text.isprintable() or _CONTROL.search(text) is None
    lines, sublines = (tuple(map(shared.setdefault, c, c)) for c in (lines, sublines))
    return (
        VERSION,
        plan.id,
        plain_text,
        ids,
        titles,
        leads,
        tuple(map(tuple, partners)),
        lines,
        sublines,
        starts,
        begins,
        ends,
        tuple(map(len, counted)),
        tuple(map(_ORDINAL, days)),
        states,
        tuple([q.index if q is not None else None for q in expected]),
        texts,
    )


def _columns(rows: Iterable[tuple[Any, ...]], n: int) -> list[tuple[Any, ...]]:
    """The `n` columns of `rows` (each `n` long)."""
    return list(zip(*rows, strict=True)) or [()] * n


# An action's and an entry's fields, in the order of COLUMNS. The state's value is read
# without the enum's descriptor (`_value_`: what `State.value` returns).
_ACTION = attrgetter(
    "id", "annex.title", "annex.lead", "annex.partners", "line", "subline", "annex.period"
)
_ENTRY = attrgetter("date", "state._value_", "expected", "text")
_DATE = attrgetter("date")
_ORDINAL = dt.date.toordinal


def _counted(plan: Plan, entries: list[ProgressEntry]) -> list[ProgressEntry]:
    """Of an action's entries (oldest first), the one `query.latest_entry` returns as of
    each date they are on: the only one, or of several `query.speaking_entry`'s."""
    if len(entries) < 2 or len(set(map(_DATE, entries))) == len(entries):  # the usual case
        return entries
    out = []
    start = 0
    for i, entry in enumerate(entries):
        if i + 1 == len(entries) or entries[i + 1].date != entry.date:
            tied = entries[start : i + 1]
            out.append(tied[0] if len(tied) == 1 else speaking_entry(plan, tied))
            start = i + 1
    return out


def _bad(what: str) -> ValueError:
    return ValueError(f"not plan facts: {what}")


def _only(values: Iterable[Any], types: frozenset[type], what: str) -> None:
    if not types.issuperset(map(type, values)):
        raise _bad(what)


def _checked(plain: Any) -> tuple[tuple[Any, ...], ...]:
    """The columns of `plan_facts`' plain form, each of its types and length; ValueError else."""
    if plain.__class__ is not tuple or len(plain) != 3 + len(COLUMNS) or plain[0] != VERSION:
        raise _bad("the layout")
    columns = plain[3:]
    _only(columns, frozenset({tuple}), "the columns")
    for name, column in zip(COLUMNS, columns, strict=True):
        _only(column, _TYPES[name], name)
    n, counts = len(columns[0]), columns[COLUMNS.index("entries")]
    if any(len(column) != n for column in columns[:_PER_ENTRY]):
        raise _bad("a column's length")
    if (
        any(len(column) != sum(counts) for column in columns[_PER_ENTRY:])
        or min(counts, default=0) < 0
    ):
        raise _bad("the entries' count")
    _only(chain.from_iterable(columns[COLUMNS.index("partners")]), frozenset({str}), "partners")
    days = columns[COLUMNS.index("entry_day")]
    if days and not (min(days) > 0 and max(days) <= _MAX_DAY):
        raise _bad("a day")
    if not _STATES.issuperset(columns[COLUMNS.index("entry_state")]):
        raise _bad("a state")
    return columns


class PlanFacts:
    """A plan's actions as `overdue` sees them (see the module's docstring)."""

    def __init__(self, plain: Any, departments: Sequence[Department]) -> None:
        """From `plan_facts`' plain form; ValueError when it is not of that form."""
        self.columns = _checked(plain)
        if plain[1].__class__ is not str or plain[2].__class__ is not bool:
            raise _bad("the plan id")
        self.plan_id: str = plain[1]
        self.plain_text: bool = plain[2]
        """No id, title, lead or text (nor the plan id) has a control character."""
        self.departments = tuple(departments)

    @classmethod
    def of(cls, plan: Plan) -> PlanFacts:
        return cls(plan_facts(plan), plan.departments)

    def __len__(self) -> int:
        return len(self.columns[0])

    def late(
        self,
        day: dt.date,
        kind: LateKind = "end",
        dept: str | None = None,
        role: Role = "lead",
        state: str | None = None,
    ) -> list[LateLine]:
        """`query.overdue_rows` of the rows `query.select` (no line) and `filter_rows`
        (no search) would give, as `LateLine`s: the most overdue first, then in order.

        A quarter ends before `day` exactly when its index is below that of `day`'s
        quarter: that comparison stands for `Row`'s deadline and start checks."""
        wanted = _selector(Registry(self.departments), dept, role) if dept is not None else None
        today = day.toordinal()
        now = Quarter.of(day).index
        quarters = _Quarters()
        ids, titles, leads, partners, _l, _s, starts, begins, ends, counts, *entries = self.columns
        days, states, expected, texts = entries
        ends_only, starts_only = kind == "end", kind == "start"
        found: list[tuple[int, LateLine]] = []
        hi = 0
        for i, end in enumerate(ends):
            lo = hi
            hi += counts[i]
            may_end = end is not None and end < now
            start = begins[i]
            may_start = starts[i] and start is not None and start < now
            if not (may_start if starts_only else may_end if ends_only else may_end or may_start):
                continue
            if wanted is not None and not wanted(leads[i], partners[i]):
                continue
            j = hi - 1
            while j >= lo and days[j] > today:
                j -= 1
            name = states[j] if j >= lo else NOT_REPORTED
            if state is not None and (name in _CLOSED if state == OPEN else name != state):
                continue
            overdue = may_end and name not in _CLOSED
            late_start = may_start and name in _NOT_STARTED
            if not (late_start if starts_only else overdue if ends_only else overdue or late_start):
                continue
            by_end = now - end if overdue else 0
            by_start = now - start if late_start else 0
            how = by_end if ends_only else by_start if starts_only else max(by_end, by_start)
            late = "both" if overdue and late_start else "end" if overdue else "start"
            line = (
                self.plan_id,
                ids[i],
                titles[i],
                leads[i],
                quarters.get(start),
                quarters.get(end),
                by_end,
                overdue,
                late,
                name,
                quarters.get(expected[j]) if j >= lo else None,
                texts[j] if j >= lo else "",
            )
            found.append((-how, line))
        found.sort(key=_first)  # stable: plan order among equally late
        return [line for _how, line in found]


def _first(item: tuple[int, LateLine]) -> int:
    return item[0]


class _Quarters:
    """Quarters by index, each made once."""

    def __init__(self) -> None:
        self._made: dict[int | None, Quarter | None] = {None: None}

    def get(self, index: int | None) -> Quarter | None:
        if index in self._made:
            return self._made[index]
        assert index is not None
        made = self._made[index] = Quarter(index // 4, index % 4 + 1)
        return made


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

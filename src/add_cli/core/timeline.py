"""The timeline: what runs when, and what is late, as a layout of bars over quarters.

`layout` is pure: it maps each action's annex period onto the quarter columns of
a window, clipping to the window and marking open ends, unknown starts and the
as-of column. The writers (`present.timeline` for the terminal, `present.chart` for
Mermaid, SVG and HTML) only draw it.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from add_cli.core.frozen import frozen
from add_cli.core.i18n import _
from add_cli.core.model import Plan, Quarter, State
from add_cli.core.query import Row

Kind = Literal["finished", "on_schedule", "in_progress", "overdue", "not_reported"]
KINDS: tuple[Kind, ...] = ("finished", "on_schedule", "in_progress", "overdue", "not_reported")
"""In legend order; their labels, colours and marks are in `present.labels`."""


def kind_of(row: Row) -> Kind:
    """How a bar is marked: overdue first, then the reported state."""
    if row.overdue:
        return "overdue"
    if row.state is None:
        return "not_reported"
    if row.state is State.FINISHED:
        return "finished"
    if row.state is State.ON_SCHEDULE:
        return "on_schedule"
    return "in_progress"


@frozen
class Bar:
    row: Row
    kind: Kind
    first: int
    """First column of the bar (0 when it starts before the window or its start is unknown)."""
    last: int
    """Last column of the bar (the last column when it runs on past the window or is open)."""
    unknown_start: bool
    """Started before the plan, date unknown ("Gestart")."""
    from_before: bool
    """Starts before the window (or its start is unknown): drawn from the left edge."""
    open_end: bool
    """No end (doorlopend, no end given): runs to the right edge."""
    past_window: bool
    """Ends after the window: cut at the right edge."""


@frozen
class Section:
    key: str
    title: str
    bars: tuple[Bar, ...]


@frozen
class Layout:
    start: Quarter
    end: Quarter
    as_of: dt.date
    as_of_col: int | None
    """The column of the as-of date, or None when it lies outside the window."""
    sections: tuple[Section, ...]
    hidden: int
    """Selected actions that fall wholly outside the window."""

    @property
    def quarters(self) -> list[Quarter]:
        return [self.start.shift(i) for i in range(self.width)]

    @property
    def width(self) -> int:
        return self.end.index - self.start.index + 1

    @property
    def bars(self) -> list[Bar]:
        return [b for s in self.sections for b in s.bars]


def column(quarter: Quarter, start: Quarter) -> int:
    """The column of a quarter in a window beginning at `start` (negative before it)."""
    return quarter.index - start.index


def default_window(rows: list[Row], as_of: dt.date) -> tuple[Quarter, Quarter]:
    """From the earliest known start to the latest known end, kept within three years of the
    as-of date backwards and two forwards, so that the chart stays readable."""
    now = Quarter.of(as_of)
    starts = [r.action.period.start for r in rows if r.action.period.start is not None]
    ends = [r.action.period.end for r in rows if r.action.period.end is not None]
    start = min([*starts, now])
    end = max([*ends, now])
    start = max(start, now.shift(-12))
    end = min(end, now.shift(8))
    return start, end


def layout(
    plan: Plan,
    rows: list[Row],
    as_of: dt.date,
    start: Quarter | None = None,
    end: Quarter | None = None,
) -> Layout:
    """Bars of the rows over the window [start, end], grouped by action line."""
    default_start, default_end = default_window(rows, as_of)
    start = start or default_start
    end = end or default_end
    if end < start:
        raise ValueError(
            _("the window ends ({end}) before it starts ({start})").format(end=end, start=start)
        )
    width = end.index - start.index + 1
    hidden = 0
    by_line: dict[str, list[Bar]] = {}
    for row in rows:
        period = row.action.period
        unknown_start = period.start is None
        first = 0 if period.start is None else column(period.start, start)
        open_end = period.end is None
        last = width - 1 if period.end is None else column(period.end, start)
        if last < 0 or first > width - 1:
            hidden += 1
            continue
        bar = Bar(
            row=row,
            kind=kind_of(row),
            first=max(first, 0),
            last=min(last, width - 1),
            unknown_start=unknown_start and period.start_kind == "started",
            from_before=unknown_start or first < 0,
            open_end=open_end,
            past_window=not open_end and last > width - 1,
        )
        by_line.setdefault(row.action.line, []).append(bar)
    sections = tuple(
        Section(line.id, line.annex_heading, tuple(by_line[line.id]))
        for line in plan.lines
        if line.id in by_line
    )
    now = column(Quarter.of(as_of), start)
    return Layout(start, end, as_of, now if 0 <= now < width else None, sections, hidden)

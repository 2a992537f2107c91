"""The timeline: what runs when, and what is late, as a layout of bars over quarters.

`layout` is pure: it maps each action's annex period onto the quarter columns of
a window, clipping to the window and marking open ends, unknown starts and the
as-of column. The writers (terminal, Mermaid, SVG, HTML) only draw it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from add_cli.core.model import NOT_REPORTED_LABEL, Plan, Quarter, State
from add_cli.core.query import Row

Kind = Literal["finished", "on_schedule", "in_progress", "overdue", "not_reported"]
KINDS: tuple[Kind, ...] = ("finished", "on_schedule", "in_progress", "overdue", "not_reported")
KIND_LABELS: dict[Kind, str] = {
    "finished": "afgerond",
    "on_schedule": "ligt op schema",
    "in_progress": "loopt",
    "overdue": "te laat",
    "not_reported": NOT_REPORTED_LABEL,
}


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


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
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
        raise ValueError(f"the window ends ({end}) before it starts ({start})")
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


# ---------------------------------------------------------------- terminal

PLAIN_MARKS: dict[Kind, str] = {
    "finished": "#",
    "on_schedule": "=",
    "in_progress": "-",
    "overdue": "!",
    "not_reported": ".",
}
STYLES: dict[Kind, str] = {
    "finished": "green",
    "on_schedule": "blue",
    "in_progress": "yellow",
    "overdue": "bold red",
    "not_reported": "grey50",
}


def cells(bar: Bar, width: int) -> list[str]:
    """One two-character cell per quarter: the bar, its open ends and unknown start."""
    mark = PLAIN_MARKS[bar.kind]
    out = ["  "] * width
    for col in range(bar.first, bar.last + 1):
        out[col] = mark * 2
    if bar.unknown_start:
        out[bar.first] = "?" + mark
    elif bar.from_before:
        out[bar.first] = "<" + mark
    if bar.open_end or bar.past_window:
        out[bar.last] = mark + ">"
    return out


def text_lines(
    plan_title: str, lay: Layout, width: int
) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """The chart as text lines, each with (start, end, style) spans for a colour terminal."""
    n = lay.width
    label_width = max(12, width - 8 - 2 * n)
    head = 7 + label_width + 1
    out: list[tuple[str, list[tuple[int, int, str]]]] = []
    out.append((f"{plan_title}: timeline as of {lay.as_of.isoformat()}", [(0, 0, "bold")]))
    out.append((f"Quarters {lay.start} to {lay.end}; periods as in Bijlage 1", []))
    years = [" "] * (2 * n)
    for i, q in enumerate(lay.quarters):
        # A year is labelled at its first quarter; a partial first year only when its
        # label fits before the next year's.
        if q.q == 1 or (i == 0 and q.q <= 2):
            label = str(q.year)
            for j, ch in enumerate(label):
                if 2 * i + j < 2 * n:
                    years[2 * i + j] = ch
    out.append((" " * head + "".join(years).rstrip(), []))
    quarters = "".join(f"{q.q} " for q in lay.quarters)
    out.append(("Id".ljust(7) + "Title".ljust(label_width + 1) + quarters.rstrip(), []))
    if lay.as_of_col is not None:
        marker = " " * (head + 2 * lay.as_of_col) + "v as of"
        out.append((marker, [(head + 2 * lay.as_of_col, head + 2 * lay.as_of_col + 1, "bold red")]))
    for section in lay.sections:
        out.append((section.title, [(0, len(section.title), "bold")]))
        for bar in section.bars:
            action = bar.row.action
            title = action.title
            if len(title) > label_width:
                title = title[: label_width - 1].rstrip() + "…"
            row_cells = cells(bar, n)
            if lay.as_of_col is not None and row_cells[lay.as_of_col] == "  ":
                row_cells[lay.as_of_col] = "| "
            line = action.id.ljust(7) + title.ljust(label_width + 1) + "".join(row_cells)
            spans = [(head + 2 * bar.first, head + 2 * bar.last + 2, STYLES[bar.kind])]
            out.append((line.rstrip(), spans))
    if lay.hidden:
        out.append((f"({lay.hidden} selected actions fall outside {lay.start} to {lay.end})", []))
    legend = "  ".join(f"{PLAIN_MARKS[k] * 2} {KIND_LABELS[k]}" for k in KINDS)
    out.append((legend, []))
    out.append(("?  started, date unknown   < >  runs on beyond the window, or has no end", []))
    return out

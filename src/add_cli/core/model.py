"""The plan as immutable data: quarters, periods, departments, actions, progress.

Everything here is plain data. Parsing lives in `periods` and `store`; questions
about the data (state as of a date, overdue) live in `query`.

Most classes are `@frozen` (`core.frozen`): dataclasses made as late as possible,
whose fields are set once; Quarter writes its methods out.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Literal

from add_cli.core.frozen import _frozen_error, frozen
from add_cli.core.i18n import N_, _

if TYPE_CHECKING:
    from dataclasses import dataclass as _dataclass_later
    from dataclasses import field
else:
    from add_cli.core.frozen import _dataclass_later, field


@_dataclass_later(init=False, repr=False, eq=False)
class Quarter:
    """A calendar quarter: Q3 2024 runs from 1 July to 30 September 2024.

    A frozen, ordered dataclass whose methods are written out here: generated, they
    were compiled (exec) at every start of add, a few milliseconds for one class.
    """

    year: int
    q: int

    def __init__(self, year: int, q: int) -> None:
        object.__setattr__(self, "year", year)
        object.__setattr__(self, "q", q)

    def __repr__(self) -> str:
        return f"Quarter(year={self.year!r}, q={self.q!r})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return (self.year, self.q) == (other.year, other.q)
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.year, self.q))

    def __lt__(self, other: Quarter) -> bool:
        if other.__class__ is self.__class__:
            return (self.year, self.q) < (other.year, other.q)
        return NotImplemented

    def __le__(self, other: Quarter) -> bool:
        if other.__class__ is self.__class__:
            return (self.year, self.q) <= (other.year, other.q)
        return NotImplemented

    def __gt__(self, other: Quarter) -> bool:
        if other.__class__ is self.__class__:
            return (self.year, self.q) > (other.year, other.q)
        return NotImplemented

    def __ge__(self, other: Quarter) -> bool:
        if other.__class__ is self.__class__:
            return (self.year, self.q) >= (other.year, other.q)
        return NotImplemented

    def __setattr__(self, name: str, value: Any) -> None:
        raise _frozen_error(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise _frozen_error(f"cannot delete field {name!r}")

    def __str__(self) -> str:
        return f"{self.year}-Q{self.q}"

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """Read the canonical form `YYYY-Qn` (as used in plan files and JSON)."""
        year, sep, q = text.strip().upper().partition("-Q")
        if not sep or not year.isdigit() or len(year) != 4 or q not in {"1", "2", "3", "4"}:
            raise ValueError(f"not a quarter (expected YYYY-Qn): {text!r}")
        return cls(int(year), int(q))

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, 3 * self.q - 2, 1)

    @property
    def last_day(self) -> dt.date:
        # Kept once worked out: thousands of actions share a period's quarters, and a
        # status asks each for its deadline and its start.
        known: dt.date | None = self.__dict__.get("last_day")
        if known is None:
            if self.q == 4:
                known = dt.date(self.year, 12, 31)
            else:
                known = dt.date(self.year, 3 * self.q + 1, 1) - dt.timedelta(days=1)
            self.__dict__["last_day"] = known
        return known

    @property
    def index(self) -> int:
        """A running number: consecutive quarters differ by one."""
        return self.year * 4 + self.q - 1

    def shift(self, quarters: int) -> Quarter:
        i = self.index + quarters
        return Quarter(i // 4, i % 4 + 1)


def real_date(text: str) -> dt.date | None:
    """A YYYY-MM-DD date that exists, or None ('2025-02-30' does not)."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def action_key(action_id: str) -> str:
    """What makes two action ids the same: case does not count ('3.B.1' is '3.b.1')."""
    return action_id.strip().casefold()


StartKind = Literal["quarter", "started", "none"]
"""quarter: a known start; started: began before the plan, date unknown (Gestart,
Loopt al); none: no start given (e.g. plain "doorlopend")."""

EndKind = Literal["quarter", "ongoing", "none"]
"""quarter: a known end; ongoing: no end by design (doorlopend); none: no end given
(e.g. "Voorziene start Q1 2025") or not readable."""


@frozen
class Period:
    """A schedule as printed, with what could be read from it."""

    raw: str
    start: Quarter | None = None
    end: Quarter | None = None
    start_kind: StartKind = "none"
    end_kind: EndKind = "none"
    planned: bool = False
    """True for a planned start ("Voorziene start Q1 2025")."""
    warnings: tuple[str, ...] = ()
    """What could not be read fully; the period is still usable."""
    errors: tuple[str, ...] = ()
    """What makes the period unusable as written (an end before its start)."""

    @property
    def deadline(self) -> dt.date | None:
        """The last day of the end quarter; an open end has no deadline."""
        return self.end.last_day if self.end is not None else None

    @property
    def clean(self) -> bool:
        return not self.warnings and not self.errors


class State(StrEnum):
    """The structured state of a progress entry."""

    FINISHED = "finished"
    ON_SCHEDULE = "on_schedule"
    IN_PROGRESS = "in_progress"
    EXPECTED = "expected"
    UNCLEAR = "unclear"
    NOT_STARTED = "not_started"
    CARRIED_OVER = "carried_over"
    """Handed to the successor plan (DOMAIN.md: Carried over); neither open nor late after."""

    @classmethod
    def parse(cls, text: str) -> State:
        """A state from its name (on_schedule, on-schedule) or its Dutch label (ligt op schema)."""
        key = " ".join(text.strip().casefold().replace("_", " ").replace("-", " ").split())
        for state in cls:
            if key in (state.value.replace("_", " "), STATE_LABELS[state]):
                return state
        if key in STATE_ALIASES:
            return STATE_ALIASES[key]
        names = ", ".join(s.value for s in cls)
        raise ValueError(
            _("unknown state {text} (one of: {names}; or in Dutch: {labels})").format(
                text=repr(text), names=names, labels=", ".join(STATE_LABELS.values())
            )
        )


# The Dutch state words, as the progress reports print them: what State.parse reads.
# Presentation takes every label from `present.labels`, which reuses these; the names
# stay importable from here for the modules that read them (questionnaire, xlsx).
STATE_LABELS: dict[State, str] = {
    State.FINISHED: "afgerond",
    State.ON_SCHEDULE: "ligt op schema",
    State.IN_PROGRESS: "loopt",
    State.EXPECTED: "verwacht later",
    State.UNCLEAR: "onduidelijk",
    State.NOT_STARTED: "niet gestart",
    State.CARRIED_OVER: "meegenomen",
}
NOT_REPORTED_LABEL = "geen voortgang gemeld"

STATE_NAME_MESSAGES = (N_("on_schedule"), N_("in_progress"), N_("expected"), N_("unclear"))
"""State names a message may show through `_` (Dutch: their label; "finished" is a label too)."""
"""Dutch, for exports: no progress entry on or before the date."""
STATE_ALIASES: dict[str, State] = {
    "op schema": State.ON_SCHEDULE,
    "gestart": State.IN_PROGRESS,
    "verwacht": State.EXPECTED,
    "expected later": State.EXPECTED,
    "not started": State.NOT_STARTED,
    "carried over": State.CARRIED_OVER,
    "meegenomen in": State.CARRIED_OVER,
}


@frozen
class Department:
    code: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    successor: str | None = None
    note: str | None = None


@frozen
class Source:
    """Where a value was read: file, 1-based line and column."""

    path: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@frozen
class Correction:
    """A repair of PDF-extraction noise: `printed` in the source became `corrected`."""

    field: str
    printed: str
    corrected: str
    reason: str


@frozen
class Cells:
    """What one source (annex or body) says about an action."""

    title: str
    departments: str
    period: Period
    lead: str
    partners: tuple[str, ...] = ()
    others: tuple[str, ...] = ()
    """Participants that are not departments ("Topsector Energie")."""


@frozen
class Body:
    cells: Cells
    category: str | None
    what: tuple[str, ...]
    success: tuple[str, ...]
    success_is_list: bool
    subtitle: str | None = None


@frozen
class Action:
    id: str
    label: str
    """The printed code: "1.a.1", "3.b.1." or "opstart Kenniscentrum 1"."""
    line: str
    subline: str | None
    annex: Cells
    body: Body
    references: tuple[str, ...] = ()
    corrections: tuple[Correction, ...] = ()
    source: Source | None = None
    continues: str | None = None
    """The action this one carries on, `<plan id>/<action id>` (DOMAIN.md: Carried over)."""

    @property
    def title(self) -> str:
        """The annex title without its "ACTIE x:" prefix."""
        return strip_action_prefix(self.annex.title)

    @property
    def period(self) -> Period:
        """The schedule of record: the annex period."""
        return self.annex.period

    @property
    def departments(self) -> tuple[str, ...]:
        return (self.annex.lead, *self.annex.partners)


def split_continues(value: str) -> tuple[str, str] | None:
    """'actieplan-2024/1.a.1' -> ('actieplan-2024', '1.a.1'); None when not of that form."""
    plan_id, sep, action_id = value.partition("/")
    return (plan_id, action_id) if sep and plan_id and action_id else None


def split_action_prefix(title: str) -> tuple[str, str] | None:
    """The printed code and the rest of an annex title; None without an "ACTIE " prefix.

    'ACTIE 3.b.1.: Overheidssamenwerking faciliteren' -> ('3.b.1.', 'Overheidssamenwerking
    faciliteren'); 'ACTIE 1.c.1 Sturing op ...' (printed without colon) -> ('1.c.1', 'Sturing
    op ...'). A colon further than 40 characters in is part of the title, not of the code.
    """
    if not title.upper().startswith("ACTIE "):
        return None
    head = title[6:]
    code, sep, rest = head.partition(":")
    if not sep or len(code) > 40:
        code, _sep, rest = head.partition(" ")
    return code.strip(), rest.strip()


def strip_action_prefix(title: str) -> str:
    """'ACTIE 3.b.1.: Overheidssamenwerking faciliteren' -> 'Overheidssamenwerking faciliteren'."""
    parts = split_action_prefix(title)
    return parts[1] if parts is not None and parts[1] else title


def action_label(title: str, action_id: str) -> str:
    """The printed code of an action: 'ACTIE 3.b.1.: ...' -> '3.b.1.'; the id without one."""
    parts = split_action_prefix(title)
    return parts[0] if parts is not None else action_id


@frozen
class ProgressEntry:
    action: str
    date: dt.date
    text: str
    state: State
    expected: Quarter | None = None
    label: str | None = None
    """The Actie cell of the report, as printed."""
    report: str | None = None
    """The title of the report the entry is part of."""
    corrections: tuple[Correction, ...] = ()
    source: Source | None = None
    report_path: str | None = None
    """The report's file, relative to the plan folder (`Report.path`)."""
    reported_by: str | None = None
    """The department that reported the entry (a code); None: not recorded."""
    source_file: str | None = None
    """The file the answer came from (a questionnaire's name): the YAML key `source`.
    (`source` above is where the entry stands in the plan.)"""

    @property
    def key(self) -> EntryKey:
        """What makes two entries the same (see `entry_key`)."""
        return entry_key(
            self.action, self.date, self.state, self.text, self.expected, self.reported_by
        )


EntryKey = tuple[str, dt.date, State, str, "Quarter | None", str | None]


def entry_key(
    action: str,
    date: dt.date,
    state: State,
    text: str,
    expected: Quarter | None,
    reported_by: str | None = None,
) -> EntryKey:
    """The one rule for "the same progress entry": action (any case), date, state, the text
    character for character, the expected quarter, and who reported it (the code, any
    case): a partner saying what the lead said is still the partner's answer."""
    return (action_key(action), date, state, text, expected, reporter_key(reported_by))


def reporter_key(code: str | None) -> str | None:
    """What makes two reporters the same: case does not count."""
    return code.strip().casefold() if code is not None else None


def same_entry(a: ProgressEntry, b: ProgressEntry) -> bool:
    """Whether two progress entries say the same thing (see `ProgressEntry.key`)."""
    return a.key == b.key


@frozen
class Report:
    title: str
    date: dt.date
    path: str
    """The report's file, relative to the plan folder: 'progress/2025-10-31.yaml'."""
    introduction: tuple[str, ...] = ()
    feedback: tuple[tuple[str, tuple[str, ...]], ...] = ()
    due: dt.date | None = None
    """A round's due date for the answers."""
    asked: tuple[str, ...] = ()
    """The departments a round asked (codes); empty: not opened as a round."""


@frozen
class SubLine:
    id: str
    line: str
    title: str


@frozen
class ActionLine:
    id: str
    title: str
    annex_heading: str
    sublines: tuple[SubLine, ...]


@frozen
class WorkingGroupBox:
    """An NCDD working group that the body places beside a sub-line."""

    name: str
    subline: str
    description: str
    start: str
    kind: str = "werkgroep"


@frozen
class NcddGroup:
    name: str
    kind: Literal["werkgroep", "projectgroep"]
    programme_line: str
    description: str
    funding: str | None = None


@frozen
class Ncdd:
    name: str
    about: tuple[str, ...]
    members: tuple[str, ...]
    groups: tuple[NcddGroup, ...]
    boxes: tuple[WorkingGroupBox, ...]


@frozen
class Plan:
    title: str
    lines: tuple[ActionLine, ...]
    actions: tuple[Action, ...]
    departments: tuple[Department, ...]
    progress: tuple[ProgressEntry, ...]
    reports: tuple[Report, ...] = ()
    ncdd: Ncdd | None = None
    id: str = ""
    """The plan's short id (`actieplan-2024`), used in lineage and with several plans."""
    annex_title: str = "Bijlage 1 Acties rijksoverheid"
    """The title of the annex export (plan.yaml `annex.title`)."""
    annex_headings: tuple[str, ...] = ("Bijlage 1", "Acties rijksoverheid")
    """The headings above the annex tables (plan.yaml `annex.headings`)."""
    predecessor: str | None = None
    """The predecessor plan's folder, relative to this plan's folder (plan.yaml)."""
    _by_id: dict[str, Action] = field(default_factory=dict, compare=False, repr=False)
    _entries: dict[str, list[ProgressEntry]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        self._by_id.update({action_key(a.id): a for a in self.actions})
        for entry in sorted(self.progress, key=lambda e: e.date):  # stable: file order on ties
            self._entries.setdefault(action_key(entry.action), []).append(entry)

    def action(self, action_id: str) -> Action | None:
        """Look an action up by id, case-insensitively."""
        return self._by_id.get(action_key(action_id))

    def entries_for(self, action_id: str) -> list[ProgressEntry]:
        """The progress entries of an action, oldest first."""
        return self._entries.get(action_key(action_id), [])

    def entries_of(self, report: Report) -> list[ProgressEntry]:
        """The entries a progress report holds, in the report's order."""
        return [e for e in self.progress if e.report_path == report.path]

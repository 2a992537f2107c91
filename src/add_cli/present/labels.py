"""Every label of a state and of a timeline bar, once: English, Dutch, short, colour, mark.

The terminal speaks English (`english`), the documents that leave the ministry speak
Dutch (`dutch`, the words of the progress reports), the status table's narrow columns
use `short`. A timeline bar has a kind (overdue first, then the state; see
`core.timeline.kind_of`) with its colour on a terminal (`style`), in a chart (`colour`),
its plain-text mark and its Mermaid tag.

The Dutch state words are also what `State.parse` accepts, so they stay in
`core.model.STATE_LABELS` (the core cannot import this module) and are reused here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from add_cli.core.i18n import N_, _
from add_cli.core.model import NOT_REPORTED_LABEL, STATE_LABELS, State
from add_cli.core.query import NOT_REPORTED, STATE_ORDER

if TYPE_CHECKING:
    from add_cli.core.timeline import Kind


class Label:
    """A frozen record, written out: a dataclass compiles its methods when add starts."""

    _FIELDS = ("english", "dutch", "short", "style", "colour", "mark", "mermaid")
    english: str
    dutch: str
    short: str
    style: str
    """Rich style on a terminal."""
    colour: str
    """Fill colour in SVG and HTML charts."""
    mark: str
    """The character a bar is drawn with in plain text."""
    mermaid: str
    """The Mermaid gantt task tag (done, active, crit), with its separator."""

    def __init__(
        self,
        english: str,
        dutch: str,
        short: str,
        style: str,
        colour: str,
        mark: str,
        mermaid: str = "",
    ) -> None:
        values = (english, dutch, short, style, colour, mark, mermaid)
        for name, value in zip(self._FIELDS, values, strict=True):
            object.__setattr__(self, name, value)

    def _values(self) -> tuple[str, ...]:
        return tuple(getattr(self, name) for name in self._FIELDS)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            assert isinstance(other, Label)
            return self._values() == other._values()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._FIELDS)
        return f"Label({fields})"


KIND_LABELS: dict[Kind, Label] = {
    "finished": Label(
        N_("finished"), STATE_LABELS[State.FINISHED], N_("done"), "green", "#2e7d32", "#", "done, "
    ),
    "on_schedule": Label(
        N_("on schedule"),
        STATE_LABELS[State.ON_SCHEDULE],
        N_("sched"),
        "blue",
        "#1565c0",
        "=",
        "active, ",
    ),
    "in_progress": Label(
        N_("in progress"),
        STATE_LABELS[State.IN_PROGRESS],
        N_("runs"),
        "yellow",
        "#f9a825",
        "-",
        "active, ",
    ),
    "overdue": Label(N_("overdue"), "te laat", N_("late"), "bold red", "#c62828", "!", "crit, "),
    "not_reported": Label(
        N_("not reported"), NOT_REPORTED_LABEL, N_("n/r"), "grey50", "#9e9e9e", ".", ""
    ),
}
"""In the order of `core.timeline.KINDS` (tests/test_labels_plain.py; not imported here:
status and overdue do without the timeline)."""


def _like(kind: Kind, english: str, dutch: str, short: str) -> Label:
    """A state's label drawn like the bar kind it shows as."""
    k = KIND_LABELS[kind]
    return Label(english, dutch, short, k.style, k.colour, k.mark, k.mermaid)


STATE_LABELS_BY_NAME: dict[str, Label] = {
    State.FINISHED.value: KIND_LABELS["finished"],
    State.ON_SCHEDULE.value: KIND_LABELS["on_schedule"],
    State.IN_PROGRESS.value: KIND_LABELS["in_progress"],
    State.EXPECTED.value: _like(
        "in_progress", N_("expected later"), STATE_LABELS[State.EXPECTED], N_("later")
    ),
    State.UNCLEAR.value: _like(
        "in_progress", N_("unclear"), STATE_LABELS[State.UNCLEAR], N_("uncl")
    ),
    State.UNCLEAR.value: _like("in_progress", "unclear", STATE_LABELS[State.UNCLEAR], "uncl"),
    State.NOT_STARTED.value: _like(
        "not_reported", "not started", STATE_LABELS[State.NOT_STARTED], "n/st"
    ),
    State.CARRIED_OVER.value: _like(
        "finished", "carried over", STATE_LABELS[State.CARRIED_OVER], "carr"
    ),
    NOT_REPORTED: KIND_LABELS["not_reported"],
}
"""By state name (`Row.state_name`): the seven states, then `not_reported`."""
assert list(STATE_LABELS_BY_NAME) == [s.value for s in STATE_ORDER] + [NOT_REPORTED]


LATE_START = Label("late start", "te laat gestart", "l/st", "magenta", "#ad1457", "S")
"""An action whose start quarter passed without a start (DOMAIN.md: Start quarters);
drawn as a mark at the start of its bar."""
LATE_SHORT = {"end": N_("finish"), "start": N_("start"), "both": N_("both")}
"""`Row.late` in the overdue table's narrow `Late in` column."""


ROLES = (N_("lead"), N_("partner"))
"""The words of --role, shown in titles (translated where shown)."""


def english(state_name: str | None) -> str:
    """The terminal's word for a state name (None: not reported), in the language spoken."""
    return _(STATE_LABELS_BY_NAME[state_name or NOT_REPORTED].english)


def dutch(state: State | None) -> str:
    """The documents' word for a state (None: no progress reported)."""
    return STATE_LABELS_BY_NAME[state.value if state else NOT_REPORTED].dutch


def short(state_name: str) -> str:
    return _(STATE_LABELS_BY_NAME[state_name].short)

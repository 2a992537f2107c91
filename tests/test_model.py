"""The model's objects are immutable once built; the rules it holds are defined once."""

from __future__ import annotations

import datetime as dt
import pickle
from dataclasses import FrozenInstanceError

import pytest

from add_cli.core.model import (
    Correction,
    ProgressEntry,
    Quarter,
    Source,
    State,
    action_label,
    same_entry,
    split_action_prefix,
    strip_action_prefix,
)


def test_fields_cannot_be_reassigned_or_deleted() -> None:
    """A @frozen object refuses new values for its fields, and deletions."""
    source = Source("actions.yaml", 3, 5)
    # The type: ignores below: mypy rejects what these lines try, as the object does.
    with pytest.raises(FrozenInstanceError):
        source.line = 4  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        del source.path  # type: ignore[misc]
    assert (source.path, source.line, source.col) == ("actions.yaml", 3, 5)


def test_frozen_objects_survive_pickling() -> None:
    """The plan cache pickles the model; objects come back equal and still immutable."""
    fix = pickle.loads(pickle.dumps(Correction("body.what", "lenW", "IenW", "misread")))
    assert (fix.field, fix.printed, fix.corrected) == ("body.what", "lenW", "IenW")
    with pytest.raises(FrozenInstanceError):
        fix.corrected = "x"  # type: ignore[misc]  # mypy rejects it too: frozen
    assert Quarter(2024, 3) < Quarter(2025, 1) and str(Quarter(2024, 3)) == "2024-Q3"


@pytest.mark.parametrize(
    ("title", "label", "rest"),
    [
        (
            "ACTIE 3.b.1.: Overheidssamenwerking faciliteren",
            "3.b.1.",
            "Overheidssamenwerking faciliteren",
        ),
        ("ACTIE 1.c.1 Sturing op verduurzaming", "1.c.1", "Sturing op verduurzaming"),
        (
            "ACTIE opstart Kenniscentrum 1: Visie en missie",
            "opstart Kenniscentrum 1",
            "Visie en missie",
        ),
        ("Geen actietitel", "KC9", "Geen actietitel"),
    ],
)
def test_the_action_prefix_is_read_once(title: str, label: str, rest: str) -> None:
    """The printed code and the title without it come from one parser of "ACTIE x:"."""
    assert action_label(title, "KC9") == label
    assert strip_action_prefix(title) == rest
    parts = split_action_prefix(title)
    assert parts is None if not title.startswith("ACTIE") else parts == (label, rest)


def test_the_same_progress_entry() -> None:
    """Same action (any case), date, state, text and expected quarter: the same entry."""
    day = dt.date(2025, 10, 31)
    a = ProgressEntry("1.a.1", day, "Afgerond.", State.FINISHED, report="R", label="1.a.1")
    b = ProgressEntry("1.A.1", day, "Afgerond.", State.FINISHED, report="other")
    assert same_entry(a, b) and a.key == b.key
    assert not same_entry(a, ProgressEntry("1.a.1", day, "Afgerond", State.FINISHED))
    assert not same_entry(
        a, ProgressEntry("1.a.1", day, "Afgerond.", State.FINISHED, Quarter(2026, 1))
    )


def test_frozen_init_is_made_on_first_use_as_dataclass_would() -> None:
    """@frozen makes __init__ on a class's first instance: defaults, factories, keywords,
    __post_init__ and the errors for wrong arguments are dataclass's."""
    import dataclasses

    from add_cli.core.frozen import frozen

    @frozen
    class Sample:
        a: int
        b: str = "b"
        c: list[int] = dataclasses.field(default_factory=list)
        d: int = dataclasses.field(default=4, init=False)

        def __post_init__(self) -> None:
            self.c.append(self.a)

    one, two = Sample(1), Sample(2, "x", c=[9])
    assert (one.a, one.b, one.c, one.d) == (1, "b", [1], 4)
    assert (two.a, two.b, two.c, two.d) == (2, "x", [9, 2], 4)
    assert Sample(3).c is not one.c  # a fresh list each time
    assert [f.name for f in dataclasses.fields(Sample)] == ["a", "b", "c", "d"]
    with pytest.raises(TypeError):
        Sample()  # type: ignore[call-arg]  # mypy knows it too: a is required
    with pytest.raises(TypeError):
        Sample(1, e=5)  # type: ignore[call-arg]  # no field e
    with pytest.raises(FrozenInstanceError):
        one.a = 5  # type: ignore[misc]  # frozen
    assert dataclasses.replace(one, b="y").b == "y"


def test_quarter_behaves_as_a_frozen_ordered_dataclass() -> None:
    """Quarter's hand-written methods do what dataclass(frozen=True, order=True) did."""
    q = Quarter(2024, 3)
    assert q == Quarter(2024, 3) and q != Quarter(2024, 4) and q != (2024, 3)
    assert hash(q) == hash(Quarter(2024, 3)) and len({q, Quarter(2024, 3)}) == 1
    assert Quarter(2023, 4) < q <= Quarter(2024, 3) < Quarter(2024, 4)
    assert Quarter(2025, 1) > q >= Quarter(2024, 3)
    assert sorted([Quarter(2025, 1), Quarter(2023, 2), q]) == [
        Quarter(2023, 2),
        q,
        Quarter(2025, 1),
    ]
    assert repr(q) == "Quarter(year=2024, q=3)"
    with pytest.raises(TypeError):
        assert q < (2025, 1)  # type: ignore[operator]  # only quarters compare
    with pytest.raises(FrozenInstanceError):
        q.q = 4  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        del q.year  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(q)) == q


def test_frozen_fields_may_have_any_name() -> None:
    """The made __init__ uses names of its own: fields called self or d are set as given."""
    from add_cli.core.frozen import frozen

    @frozen
    class Odd:
        d: int
        self: str = "s"

    odd = Odd(1, self="x")
    assert (odd.d, odd.self) == (1, "x")

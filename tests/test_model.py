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

"""The labels' plain classes behave as the dataclasses they replace did."""

from __future__ import annotations

from collections import Counter

import pytest

from add_cli.core.query import DeptTally, Tally
from add_cli.core.timeline import KINDS
from add_cli.present.labels import KIND_LABELS, LATE_START, Label


def test_kind_labels_follow_the_timelines_kinds_in_order() -> None:
    assert tuple(KIND_LABELS) == KINDS


def test_a_label_is_a_frozen_record() -> None:
    same = Label(*(getattr(LATE_START, n) for n in Label._FIELDS))
    assert same == LATE_START and hash(same) == hash(LATE_START) and same is not LATE_START
    assert LATE_START.mermaid == "" and KIND_LABELS["overdue"].mermaid == "crit, "
    assert Label("a", "b", "c", "d", "e", "f") != Label("a", "b", "c", "d", "e", "g")
    assert repr(LATE_START).startswith("Label(english='late start', dutch='te laat gestart'")
    with pytest.raises(AttributeError):
        LATE_START.english = "x"  # type: ignore[misc]


def test_tallies_start_at_zero_each_with_its_own_counter() -> None:
    one, two = Tally("1", "One"), Tally("2", "Two")
    assert (one.key, one.title, one.total, one.overdue, one.late_start) == ("1", "One", 0, 0, 0)
    one.states["finished"] += 1
    assert one.finished == 1 and two.states == Counter() and two.finished == 0
    dept = DeptTally("BZK", "Binnenlandse Zaken")
    assert dept.as_json() == {
        "department": "BZK",
        "name": "Binnenlandse Zaken",
        "leads": 0,
        "joins": 0,
        "finished": 0,
        "late": 0,
    }

"""The model's objects are immutable once built."""

from __future__ import annotations

import pickle
from dataclasses import FrozenInstanceError

import pytest

from add_cli.core.model import Correction, Quarter, Source


def test_fields_cannot_be_reassigned_or_deleted() -> None:
    """A @frozen object refuses new values for its fields, and deletions."""
    source = Source("actions.yaml", 3, 5)
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
        fix.corrected = "x"  # type: ignore[misc]
    assert Quarter(2024, 3) < Quarter(2025, 1) and str(Quarter(2024, 3)) == "2024-Q3"

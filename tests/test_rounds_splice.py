"""Replacing one entry in a progress file's text: the other lines stay byte for byte."""

from __future__ import annotations

import pytest

from add_cli.core.errors import AddError
from add_cli.store.splice import replace_item
from add_cli.store.yamlread import parse

TEXT = (
    "# kop\n"
    "schema_version: 1\n"
    "report:\n"
    "  title: X\n"
    "  date: '2026-06-30'\n"
    "entries:\n"
    "  - action: 1.a.1\n"
    "    text: Oud.\n"
    "    state: in_progress\n"
    "    reported_by: EZ\n"
    "  # een opmerking bij de volgende\n"
    "  - action: 1.b.1\n"
    "    text: Blijft.\n"
    "    state: finished\n"
)
NEW = {"action": "1.a.1", "text": "Nieuw.", "state": "finished", "reported_by": "EZ"}


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_replace_an_entry_in_the_middle(newline: str) -> None:
    """The replaced item's lines change; the comment and the next item stay as they were."""
    text = TEXT.replace("\n", newline)
    out = replace_item("p.yaml", text, 7, 5, NEW)
    assert out.replace(newline, "\n") == TEXT.replace(
        "    text: Oud.\n    state: in_progress\n", "    text: Nieuw.\n    state: finished\n"
    )
    assert parse("p.yaml", out).data["entries"][1]["text"] == "Blijft."


def test_replace_the_last_entry() -> None:
    """The last item ends where the file ends."""
    new = {"action": "1.b.1", "text": "Toch niet.", "state": "in_progress"}
    out = replace_item("p.yaml", TEXT, 12, 5, new)
    assert out.startswith(TEXT.split("  - action: 1.b.1")[0])
    assert out.endswith("  - action: 1.b.1\n    text: Toch niet.\n    state: in_progress\n")


def test_no_entry_at_that_place_is_refused() -> None:
    """A position that is no entry's (the file changed meanwhile) writes nothing."""
    with pytest.raises(AddError, match="no entry starts here"):
        replace_item("p.yaml", TEXT, 8, 5, NEW)

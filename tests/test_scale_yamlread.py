"""The reader's positions tree answers as the path map it replaced did."""

from __future__ import annotations

import pytest

from add_cli.store.yamlread import YamlProblem, parse

TEXT = """\
schema_version: 1
actions:
  - id: 1.a.1
    partners: [BZK, EZK]
    body:
      what: text
  - id: 1.a.2
"""


def test_positions_of_values_and_keys() -> None:
    doc = parse("a.yaml", TEXT)
    assert doc.pos(()) == (1, 1)
    assert doc.pos(("schema_version",)) == (1, 17)
    assert doc.key_pos(("schema_version",)) == (1, 1)
    assert doc.pos(("actions", 0)) == (3, 5)
    assert doc.pos(("actions", 0, "partners", 1)) == (4, 21)
    assert doc.key_pos(("actions", 0, "body", "what")) == (6, 7)
    assert doc.pos(("actions", 1, "id")) == (7, 9)


def test_missing_paths_fall_back_to_the_nearest_ancestor() -> None:
    doc = parse("a.yaml", TEXT)
    assert doc.pos(("actions", 0, "nope")) == doc.pos(("actions", 0))
    assert doc.pos(("actions", 5, "id")) == doc.pos(("actions",))
    assert doc.pos(("actions", 0, "id", "deeper")) == doc.pos(("actions", 0, "id"))
    assert doc.key_pos(("actions", 0, "nope")) == doc.pos(("actions", 0))
    assert doc.pos(("actions", -1)) == doc.pos(("actions",))


def test_the_path_map_is_still_there_for_splicing() -> None:
    positions = parse("a.yaml", TEXT).positions
    assert positions[("<key>", "actions")] == (2, 1)
    assert positions[("actions", 1, "<key>", "id")] == (7, 5)
    assert positions[("actions", 0, "partners", 0)] == (4, 16)
    # The root, 2 top-level keys and values, 11 in the first action, 3 in the second.
    assert len(positions) == 1 + 4 + 11 + 3


def test_duplicate_key_names_the_first_line() -> None:
    with pytest.raises(YamlProblem) as caught:
        parse("a.yaml", "a: 1\nb: 2\na: 3\n")
    assert "first at line 1" in str(caught.value) and "a.yaml:3:1" in str(caught.value)

"""The fast JSON writer gives json.dumps(..., ensure_ascii=False, indent=2)'s exact text."""

from __future__ import annotations

import enum
import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from add_cli.present.jsontext import dumps


def reference(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=40,
)


@settings(max_examples=400, deadline=None)
@given(values)
def test_same_text_as_json_dumps(data: Any) -> None:
    assert dumps(data) == reference(data)


class Colour(enum.Enum):
    RED = "red"


class Word(enum.StrEnum):
    YES = "ja"


class Number(enum.IntEnum):
    ONE = 1


@pytest.mark.parametrize(
    "data",
    [
        {},
        [],
        {"a": []},
        {"a": {}},
        [[], {}, [[]]],
        'tekst met \u2028 en \x00 en "quotes" en \\ en é',
        {"k\u00e9y": [1, 2.5, -0.0, math.inf, -math.inf, True, False, None]},
        {"word": Word.YES, "number": Number.ONE},
        (1, (2, 3)),
        {1: "int key", None: "none key"},  # json's own rules for keys
        {True: 1, 2.5: 2},
    ],
)
def test_edge_cases(data: Any) -> None:
    assert dumps(data) == reference(data)


def test_nan_is_written_as_json_does() -> None:
    assert dumps([math.nan]) == reference([math.nan])


def test_unknown_types_raise_json_s_own_error() -> None:
    with pytest.raises(TypeError, match="not JSON serializable"):
        dumps({"colour": Colour.RED})
    with pytest.raises(TypeError, match="not JSON serializable"):
        dumps([{1, 2}])


def test_deep_nesting_is_json_s_answer() -> None:
    deep: Any = []
    for _ in range(300):
        deep = [deep]
    assert dumps(deep) == reference(deep)


@settings(max_examples=200, deadline=None)
@given(st.lists(values, max_size=6))
def test_a_streamed_list_is_the_same_text(items: list[Any]) -> None:
    """write_list writes what to_json writes for the whole list, piece by piece."""
    import io

    from add_cli.present.jsontext import write_list

    out = io.StringIO()
    write_list(iter(items), out)
    assert out.getvalue() == reference(items) + "\n"


def test_a_streamed_list_with_items_json_writes_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    """Items the fast writer hands to json.dumps (non-string keys), and many items written
    in several pieces, still make the exact text."""
    import io

    from add_cli.present import jsontext

    monkeypatch.setattr(jsontext, "_FLUSH_PARTS", 10)
    items = [{1: "a", "b": [1, {"c": None}]}, "x", {"d": "e\\nf"}] * 20
    out = io.StringIO()
    jsontext.write_list(items, out)
    assert out.getvalue() == reference(items) + "\n"
    with pytest.raises(TypeError, match="not JSON serializable"):
        jsontext.write_list([{"colour": Colour.RED}], io.StringIO())


def test_many_distinct_keys_are_written_and_not_all_remembered() -> None:
    from add_cli.present import jsontext

    data = [{f"k{i}": i, "same": True} for i in range(3000)]
    assert dumps(data) == reference(data)
    assert all(len(keys) <= jsontext._MAX_KEYS for keys in jsontext._NEXT_KEYS.values())

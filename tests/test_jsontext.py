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


records = st.lists(
    st.dictionaries(
        st.text(max_size=8),
        st.none()
        | st.booleans()
        | st.integers()  # also beyond 64 bits, which orjson refuses
        | st.text()  # every character: controls, U+2028, lone surrogates
        | st.lists(st.text(max_size=6), max_size=3),
        max_size=6,
    ),
    max_size=12,
)


@settings(max_examples=400, deadline=None)
@given(records, st.integers(min_value=1, max_value=5))
def test_records_written_by_orjson_are_json_dumps_s_text(
    items: list[dict[str, Any]], batch: int
) -> None:
    """The records orjson writes (`_plain_record`: every status and export row) come out
    as json.dumps writes them, in batches of any size, and with the writer used where
    orjson is missing."""
    import io

    from add_cli.present import jsontext

    assert jsontext._orjson() is not None  # a dependency on CPython: this test needs it
    old = jsontext._BATCH
    try:
        jsontext._BATCH = batch
        out = io.StringIO()
        jsontext.write_list(iter(items), out)
        assert out.getvalue() == reference(items) + "\n"
    finally:
        jsontext._BATCH = old


def test_orjson_writes_the_plain_records(monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch of plain records goes to orjson (one call), any other batch does not."""
    import io

    from add_cli.present import jsontext

    real = jsontext._orjson()
    calls: list[int] = []

    class Counting:
        OPT_INDENT_2 = real.OPT_INDENT_2

        @staticmethod
        def dumps(data: Any, option: int) -> bytes:
            calls.append(len(data))
            return real.dumps(data, option=option)  # type: ignore[no-any-return]

    monkeypatch.setattr(jsontext, "_orjson", lambda: Counting)
    monkeypatch.setattr(jsontext, "_BATCH", 2)
    plain = [{"id": "1.a", "partners": ["BZK"], "late": None, "n": 3, "ok": True}] * 3
    jsontext.write_list(plain, io.StringIO())
    assert calls == [2, 1]
    calls.clear()
    for odd in ({"x": 1.5}, {"x": Word.YES}, {1: "a"}, ["not a record"], {"x": [1]}):
        out = io.StringIO()
        jsontext.write_list([odd], out)
        assert out.getvalue() == reference([odd]) + "\n"
    assert calls == []


def test_a_streamed_list_with_items_json_writes_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    """Items the fast writer hands to json.dumps (non-string keys), and many items written
    in several pieces, still make the exact text."""
    import io

    from add_cli.present import jsontext

    monkeypatch.setattr(jsontext, "_BATCH", 7)
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

"""JSON text exactly as `json.dumps(data, ensure_ascii=False, indent=2)` writes it, faster.

With `indent`, the standard library leaves its C encoder for a generator-based
Python one, which took a fifth of a second for the status of 10,000 actions. This
writer builds the same text with one recursive function and the C string encoder.
Anything it does not handle in the same way (a key that is not a string, a value
of a type JSON does not have, a container nested too deeply) is handed to
`json.dumps` itself, so the text, and every error, is the library's own.
`tests/test_jsontext.py` compares the two on generated data.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from json.encoder import encode_basestring  # the C encoder where CPython has it
from typing import Any, TextIO

_MAX_DEPTH = 200
"""Deeper than any add output; json.dumps takes such data (and raises as it does)."""


class _Unhandled(Exception):
    pass


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value == float("inf"):
        return "Infinity"
    if value == -float("inf"):
        return "-Infinity"
    return float.__repr__(value)


def dumps(data: Any) -> str:
    """`json.dumps(data, ensure_ascii=False, indent=2)`, the same text."""
    try:
        parts: list[str] = []
        _write(data, parts, "\n", 0)
    except (_Unhandled, RecursionError):
        return json.dumps(data, ensure_ascii=False, indent=2)
    return "".join(parts)


_FIRST_KEYS: dict[str, dict[Any, str]] = {}
_NEXT_KEYS: dict[str, dict[Any, str]] = {}
"""By indent: the text before a dict's first key (with "{"), and before each further one."""
_MAX_KEYS = 1000


def write_list(items: Iterable[Any], out: TextIO) -> None:
    """Write `dumps(list(items)) + "\\n"` to `out`, some items at a time.

    The whole text of a large answer (and the list of every item's data) is never
    held at once: on 50,000 actions that was a couple of hundred MB. Records of plain
    fields (texts, whole numbers, true/false/null and lists of texts: every status and
    export row) are written by orjson where it is installed, a few times faster than
    `_write`; its text is json.dumps's for such records (`tests/test_jsontext.py`).
    """
    fast = _orjson()
    started = False
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == _BATCH:
            out.write(_items_text(batch, fast, started))
            started = True
            batch.clear()
    if batch:
        out.write(_items_text(batch, fast, started))
        started = True
    out.write("\n]\n" if started else "[]\n")


_BATCH = 1000
"""Items written at a time by `write_list`."""
_PLAIN_LEAVES = frozenset({str, int, bool, type(None)})
"""The types orjson writes exactly as json.dumps does (an int beyond 64 bits makes it
raise: see `_items_text`). Not float (orjson writes NaN as null and 1e16 as 1e16), nor any
subclass (an enum member)."""


def _orjson() -> Any:
    """orjson's `dumps`, or None where it is not installed (it is a dependency on CPython)."""
    try:
        import orjson
    except ImportError:
        return None
    return orjson


def _plain_record(item: Any) -> bool:
    """Whether `item` is a dict of plain fields: what orjson writes as json.dumps does."""
    if type(item) is not dict:
        return False
    leaves = _PLAIN_LEAVES
    for key, value in item.items():
        if type(key) is not str:
            return False
        kind = type(value)
        if kind in leaves:
            continue
        if kind is list and all(type(v) is str for v in value):
            continue
        return False
    return True


def _items_text(batch: list[Any], fast: Any, started: bool) -> str:
    """The text of `batch` as items of `write_list`'s list (indented, as a list's items
    are), after its opening bracket or, when items were written before, a comma."""
    lead = ",\n  " if started else "[\n  "
    if fast is not None and all(map(_plain_record, batch)):
        try:
            whole: str = fast.dumps(batch, option=fast.OPT_INDENT_2).decode()
        except (TypeError, ValueError):  # orjson.JSONEncodeError: an int beyond 64 bits, a
            pass  # lone surrogate in a text: written below, as json writes them
        else:
            return lead + whole[4:-2]  # "[\n  {...},\n  {...}\n]" without its brackets
    parts: list[str] = []
    for item in batch:
        parts.append(lead)
        lead = ",\n  "
        try:
            mark = len(parts)
            _write(item, parts, "\n  ", 1)
        except (_Unhandled, RecursionError):
            del parts[mark:]
            # json.dumps indents with line breaks only: strings hold theirs escaped.
            parts.append(json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n  "))
    return "".join(parts)


def _write(value: Any, parts: list[str], newline: str, depth: int) -> None:
    """Append the text of `value` to `parts`; `newline` is a line break plus this level's indent."""
    # The order of these tests is json's own: a str or int subclass is written as json does.
    if isinstance(value, str):
        parts.append(encode_basestring(value))
    elif value is None:
        parts.append("null")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif isinstance(value, int):
        parts.append(int.__repr__(value))
    elif isinstance(value, float):
        parts.append(_float(value))
    elif isinstance(value, (list, tuple)):
        if not value:
            parts.append("[]")
            return
        if depth >= _MAX_DEPTH:
            raise _Unhandled
        inner = newline + "  "
        parts.append("[")
        separator = inner
        for item in value:
            parts.append(separator)
            separator = "," + inner
            if type(item) is str:  # the common leaves, without a call
                parts.append(encode_basestring(item))
            elif item is None:
                parts.append("null")
            else:
                _write(item, parts, inner, depth + 1)
        parts.append(newline)
        parts.append("]")
    elif isinstance(value, dict):
        if not value:
            parts.append("{}")
            return
        if depth >= _MAX_DEPTH:
            raise _Unhandled
        inner = newline + "  "
        # Each key's text with what goes before it, made once per key and indent:
        # the records of a list have the same keys over and over.
        first = _FIRST_KEYS.get(inner)
        if first is None:
            first = _FIRST_KEYS[inner] = {}
            _NEXT_KEYS[inner] = {}
        following = _NEXT_KEYS[inner]
        keys = first
        for key, item in value.items():
            prefix = keys.get(key)
            if prefix is None:
                if type(key) is not str:
                    raise _Unhandled  # json's own rules for int, float, bool and None keys
                lead = "{" + inner if keys is first else "," + inner
                prefix = lead + encode_basestring(key) + ": "
                if len(keys) < _MAX_KEYS:  # data-made keys must not grow it without end
                    keys[key] = prefix
            keys = following
            parts.append(prefix)
            if type(item) is str:  # the common leaves, without a call
                parts.append(encode_basestring(item))
            elif item is None:
                parts.append("null")
            else:
                _write(item, parts, inner, depth + 1)
        parts.append(newline)
        parts.append("}")
    else:
        raise _Unhandled  # json.dumps raises its own TypeError

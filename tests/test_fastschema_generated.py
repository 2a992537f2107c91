"""The generated quick schema check agrees with jsonschema wherever it can tell.

`store.fastschema` compiles a schema into Python source; these tests compare its
answer with jsonschema's on the plan schemas and their parts: a quick yes is never
wrong, and it is a no only for invalid data or for values it leaves to jsonschema
(floats and booleans, where JSON and Python disagree).
"""

from __future__ import annotations

import copy
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from add_cli.store import schema as S
from add_cli.store.fastschema import compile_schema, source
from add_cli.store.yamlread import Document, YamlProblem, read

ROOT = Path(__file__).resolve().parents[1]
NAMES = sorted(p.name for p in (ROOT / "schemas").glob("*.schema.json"))


def _parts(node: Any) -> list[Any]:
    """Every sub-schema of a schema (properties, items, anyOf options, ...), itself first."""
    out = [node]
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("properties", "$defs") and isinstance(value, dict):
                for sub in value.values():
                    out += _parts(sub)
            elif key in ("items", "not", "if", "then", "else", "additionalProperties"):
                out += _parts(value)
            elif key == "anyOf" and isinstance(value, list):
                for sub in value:
                    out += _parts(sub)
    return out


SCHEMAS = [part for name in NAMES for part in _parts(S._schema(name))]
KEYS = sorted({k for part in SCHEMAS if isinstance(part, dict) for k in part.get("properties", {})})
TEXTS = st.sampled_from(
    ["", "x", "1", "1a", "1.a.1", "2024-10-31", "EZK", "a b", "finished", "plan/1.a.1", "é"]
)
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-2, 3) | st.floats(allow_nan=False) | TEXTS,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(KEYS) | TEXTS, inner, max_size=5)
    ),
    max_leaves=12,
)


def _json_only(value: Any) -> bool:
    """No float or boolean anywhere: values where Python and JSON Schema agree on types."""
    if isinstance(value, (bool, float)):
        return False
    if isinstance(value, list):
        return all(_json_only(v) for v in value)
    if isinstance(value, dict):
        return all(_json_only(v) for v in value.values())
    return True


CHECKS = [(compile_schema(part), Draft202012Validator(part)) for part in SCHEMAS]


@settings(max_examples=300, deadline=None)
@given(VALUES)
def test_generated_values_against_every_schema_part(value: Any) -> None:
    for quick, full in CHECKS:
        valid = full.is_valid(value)
        assert valid or not quick(value)
        if _json_only(value):
            assert quick(value) == valid


def test_unknown_keywords_leave_it_to_jsonschema() -> None:
    assert compile_schema({"type": "string", "format": "date"})("x") is False
    assert compile_schema({"properties": {"a": {"$ref": "#/x"}}})({"a": 1}) is False
    assert compile_schema({"properties": {"a": {"$ref": "#/x"}}})({}) is True
    assert compile_schema({"if": {"minLength": 1}, "then": True})("x") is False
    assert compile_schema({"type": "integer"})(1.0) is False
    assert compile_schema({"const": 1})(True) is False
    assert compile_schema({"uniqueItems": True})([1, 2]) is False
    assert compile_schema(True)(object()) is True
    assert compile_schema(False)(None) is False


def test_source_is_plain_python_of_the_schema() -> None:
    text, names = source(S._schema("actions.schema.json"))
    assert "def check(x):" in text
    assert "lambda" not in text
    assert all(name in text for name in names if name.startswith(("_p", "_k", "_e")))


def _full_errors(kind: str, doc: Any) -> list[tuple[Any, str]]:
    """The errors of the whole document, without leaving out vouched-for items."""
    return [(e.blame, str(e.finding)) for e in S._errors(kind, doc, doc.data, {})]


def _kinds() -> list[tuple[str, Path]]:
    out = []
    for file in sorted([*ROOT.glob("plan/**/*.yaml"), *ROOT.glob("tests/invalid_plans/**/*.yaml")]):
        if file.parent.name == "progress":
            out.append(("progress:x", file))
        elif file.stem in ("plan", "departments", "actions", "ncdd"):
            out.append((file.stem, file))
    return out


BREAKS: list[Any] = [None, 1, 1.5, "", [], {}, "x y", ["a", "a"]]


@pytest.mark.parametrize("seed", range(4))
def test_reduced_documents_give_the_errors_of_whole_ones(seed: int) -> None:
    """jsonschema on only the items the quick check cannot vouch for finds the same errors,
    at the same paths, in the same order, as on the whole document."""
    rng = random.Random(seed)
    compared = 0
    for kind, file in _kinds():
        try:
            doc = read(file, file.name)
        except YamlProblem:
            continue
        for _ in range(8):
            data = copy.deepcopy(doc.data)
            if not isinstance(data, dict):
                continue
            lists = [k for k, v in data.items() if isinstance(v, list) and v]
            for key in rng.sample(lists, k=min(len(lists), 2)):
                for _ in range(rng.randrange(1, 4)):
                    item = rng.choice(data[key])
                    if isinstance(item, dict) and item:
                        field = rng.choice([*item, "unexpected"])
                        item[field] = rng.choice(BREAKS)
                    else:
                        data[key][rng.randrange(len(data[key]))] = rng.choice(BREAKS)
            if rng.random() < 0.3:
                data["stray"] = 1
            if rng.random() < 0.2 and "schema_version" in data:
                del data["schema_version"]
            changed = Document(doc.path, data, doc.tree, doc.size)
            reduced = [(e.blame, str(e.finding)) for e in S.check({kind: changed})]
            assert reduced == _full_errors(kind, changed), (file, seed)
            compared += bool(reduced)
    assert compared > 20

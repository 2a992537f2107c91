"""The quick schema check never says yes where jsonschema says no."""

from __future__ import annotations

import copy
import random
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from add_cli.store import schema as S
from add_cli.store.fastschema import compile_schema
from add_cli.store.yamlread import YamlProblem, read

ROOT = Path(__file__).resolve().parents[1]
KINDS = {"plan.yaml": "plan", "departments.yaml": "departments", "actions.yaml": "actions"}
KINDS["ncdd.yaml"] = "ncdd"


def _kind(file: Path) -> str | None:
    if file.parent.name == "progress":
        return "progress:x"
    return KINDS.get(file.name)


def _documents() -> list[tuple[str, Any]]:
    out = []
    for file in sorted([*ROOT.glob("plan/**/*.yaml"), *ROOT.glob("tests/invalid_plans/**/*.yaml")]):
        kind = _kind(file)
        if kind is None:
            continue
        try:
            out.append((kind, read(file).data))
        except YamlProblem:
            continue
    return out


def _agrees(kind: str, data: Any) -> tuple[bool, bool]:
    name = S.schema_for(kind)
    quick = compile_schema(S._schema(name))(data)
    valid = not any(Draft202012Validator(S._schema(name)).iter_errors(data))
    return quick, valid


def test_quick_yes_only_for_valid_documents() -> None:
    docs = _documents()
    seen_invalid = 0
    for kind, data in docs:
        quick, valid = _agrees(kind, data)
        assert valid or not quick, kind
        seen_invalid += not valid
    assert seen_invalid >= 3  # the corpus has schema errors to be caught


def test_the_real_plan_passes_quickly() -> None:
    for file in sorted(ROOT.glob("plan/**/*.yaml")):
        kind = _kind(file)
        assert kind is not None
        data = read(file).data
        assert _agrees(kind, data) == (True, True), kind


ODD_VALUES: list[Any] = [None, True, False, 0, 1, 1.0, 2.5, "", "x", "2024-13-01", [], [1], {}]


def _paths(data: Any, where: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [where]
    if isinstance(data, dict):
        for k, v in data.items():
            out += _paths(v, (*where, k))
    elif isinstance(data, list):
        for i, v in enumerate(data[:3]):
            out += _paths(v, (*where, i))
    return out


@pytest.mark.parametrize("seed", range(6))
def test_mutated_documents(seed: int) -> None:
    """Random values, extra and missing keys, duplicates: a quick yes is always right."""
    rng = random.Random(seed)
    for file in sorted(ROOT.glob("plan/**/*.yaml")):
        kind = _kind(file)
        assert kind is not None
        base = read(file).data
        paths = _paths(base)
        for _ in range(40):
            data = copy.deepcopy(base)
            where = rng.choice(paths[1:])
            parent = data
            for step in where[:-1]:
                parent = parent[step]
            action = rng.randrange(4)
            if action == 0:
                parent[where[-1]] = rng.choice(ODD_VALUES)
            elif action == 1 and isinstance(parent, dict):
                del parent[where[-1]]
            elif action == 2 and isinstance(parent, dict):
                parent["unexpected"] = "x"
            elif isinstance(parent, list):
                parent.append(copy.deepcopy(parent[where[-1]]))
            quick, valid = _agrees(kind, data)
            assert valid or not quick, (file.name, where, action)

"""The quick paths of building and validating a plan give what the exact ones give.

Each shortcut (a cached period, positions of all items at once, one scan for control
characters, a prefilter for action codes, objects made without __init__) is compared
with the exact computation on the shipped plan, the invalid-plan corpus and generated
inputs.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from add_cli.checks import rules_text
from add_cli.core import periods
from add_cli.core.compare import ACTION_CODE, text_references
from add_cli.core.i18n import set_language
from add_cli.core.model import Action, Body, Cells, Period, ProgressEntry, Source
from add_cli.store.load import load
from add_cli.store.read import LoadResult
from add_cli.store.yamlread import Document, parse, read
from tests.conftest import CORPUS, PLAN, build_case

CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())


def _loaded(tmp_path: Path) -> list[LoadResult]:
    out = [load(PLAN)]
    for case in CASES:
        out.append(load(build_case(case, tmp_path / case)))
    return out


def _fields(value: Any) -> dict[str, Any]:
    return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}


def test_objects_built_without_init_have_every_field(tmp_path: Path) -> None:
    """Every action, entry, body, cells and source has exactly its class's fields."""
    seen: set[type] = set()
    for result in _loaded(tmp_path):
        if result.plan is None:
            continue
        made: list[Any] = []
        for action in result.plan.actions:
            made += [action, action.body, action.annex, action.body.cells, action.source]
        for entry in result.plan.progress:
            made += [entry, entry.source]
        for value in made:
            names = {f.name for f in dataclasses.fields(value)}
            assert set(vars(value)) == names, type(value).__name__
            again = type(value)(**_fields(value))
            assert vars(again) == vars(value)
            seen.add(type(value))
    assert seen == {Action, Body, Cells, Source, ProgressEntry}


def _period_texts(tmp_path: Path) -> list[str]:
    texts = ["", " ", "Q3 – Q4 2024", "Gestart, deadline Q3 2024", "Q4 2025 - Q1 2024", "x"]
    for result in _loaded(tmp_path):
        for action in result.plan.actions if result.plan else ():
            texts += [action.annex.period.raw, action.body.cells.period.raw]
    return texts


@pytest.mark.parametrize("language", ["en", "nl"])
def test_cached_periods_read_as_fresh_ones(tmp_path: Path, language: str) -> None:
    set_language(language)
    for raw in _period_texts(tmp_path):
        assert _fields(periods.parse_period(raw)) == _fields(periods._parse_period(raw))
        assert periods.parse_period(raw) is periods.parse_period(raw)
    set_language("en")


def test_period_cache_keeps_the_language_apart() -> None:
    raw = "vanaf het najaar, ergens in Q3 2024 of later"
    set_language("en")
    english = periods.parse_period(raw)
    set_language("nl")
    dutch = periods.parse_period(raw)
    set_language("en")
    assert english.warnings != dutch.warnings
    assert periods.parse_period(raw) is english


def test_period_cache_stays_bounded() -> None:
    for i in range(periods._READ_AT_MOST + 10):
        periods.parse_period(f"Q1 {2000 + i % 100} tekst {i}")
    assert len(periods._READ) <= periods._READ_AT_MOST


def _documents(tmp_path: Path) -> list[Document]:
    return [doc for result in _loaded(tmp_path) for doc in result.docs.values()]


def test_item_positions_are_those_of_pos(tmp_path: Path) -> None:
    checked = 0
    for doc in _documents(tmp_path):
        for key, value in doc.data.items():
            places = doc.item_positions((key,))
            if not isinstance(value, list):
                assert places is None
                continue
            assert places == [doc.pos((key, i)) for i in range(len(value))]
            checked += len(value)
    assert checked > 100
    doc = read(PLAN / "plan.yaml")
    assert doc.item_positions(("nope",)) is None
    assert doc.item_positions(()) is None


CONTROLS = "\x00\x01\x08\x0b\x0c\x0d\x1b\x1f\x7f\x80\x85\x9f"
TEXTS = st.text(
    alphabet=st.sampled_from(["a", " ", "\t", "\n", "é", "\u00a0", "\u2028", *CONTROLS])
)
DATA = st.recursive(
    st.none() | st.integers() | st.booleans() | TEXTS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXTS, inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(DATA)
def test_the_quick_control_scan_agrees_with_the_walk(data: Any) -> None:
    doc = Document("x.yaml", data)
    assert rules_text._any_control(data) == bool(rules_text._control_findings(doc))
    assert rules_text.check_characters(doc) == rules_text._control_findings(doc)


def test_the_quick_control_scan_in_large_documents() -> None:
    """A control character in any batch, at either end of a text, is found."""
    texts = [f"tekst {i}" for i in range(3 * rules_text._BATCH)]
    assert not rules_text._any_control({"t": texts})
    for at in (0, rules_text._BATCH - 1, rules_text._BATCH, len(texts) - 1):
        for char in ("\x01", "\x9f", "\r"):
            changed = list(texts)
            changed[at] = changed[at] + char
            assert rules_text._any_control({"t": changed})
    assert rules_text._any_control({"a\x02": 1})
    assert not rules_text._any_control({"a": "\ud800 lone surrogate"})


def test_control_characters_in_the_corpus_are_found(tmp_path: Path) -> None:
    for doc in _documents(tmp_path):
        assert rules_text.check_characters(doc) == rules_text._control_findings(doc)
    doc = parse("x.yaml", 'schema_version: 1\ntitle: "a\\x01b"\n')
    assert [f.code for f in rules_text.check_characters(doc)] == ["control-character"]


def _references(texts: list[str]) -> list[tuple[str, str]]:
    """What text_references finds, the exact way: every text searched."""
    out = []
    for text in texts:
        for m in ACTION_CODE.finditer(text):
            out.append((m[1], text[max(0, m.start() - 20) : m.end() + 5].strip()))
    return out


WORDS = st.sampled_from(
    ["zie", "actie", "1.b.4", "2.a.10", "1.b", "a.1.", ".", " ", "\n", "x1.c.2"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(WORDS).map("".join), min_size=1, max_size=4))
def test_text_references_prefilter_misses_nothing(texts: list[str]) -> None:
    what, success, period = tuple(texts[:-1]), (), texts[-1]
    cells = Cells("t", "EZK", Period(period), "EZK")
    action = Action(
        id="1.a.1",
        label="1.a.1",
        line="1",
        subline=None,
        annex=cells,
        body=Body(cells, None, what, success, False),
    )
    found = [(r.target, r.context) for r in text_references(action)]
    assert found == _references([*what, period])


def test_prefilter_is_implied_by_the_pattern() -> None:
    """Every action code the pattern finds holds the prefilter's pattern."""
    from add_cli.core.compare import _MAYBE_CODE

    for code in ["1.a.1", "12.b.30", "0.z.9"]:
        assert ACTION_CODE.search(code) and _MAYBE_CODE.search(code)
    assert re.search(_MAYBE_CODE, "no code here. a.b") is None

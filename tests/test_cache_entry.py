"""A cold read's cache entry, encoded and written by a background child on a large plan
(`checks.loaded._store`, `store.parallel.background`): it holds exactly what the entry
made in process holds, for valid and invalid plans, with generated writers and shared
periods; the answers from the entry are the answers from the files."""

from __future__ import annotations

import marshal
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from add_cli.checks import loaded
from add_cli.checks.validate import check
from add_cli.core.errors import AddError
from add_cli.core.facts import PlanFacts
from add_cli.store import cache, codec, parallel
from add_cli.store.load import load
from tests.conftest import CORPUS, PLAN, ROOT, build_case, invoke

CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir() and p.name != "_base")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A plan of 120 actions made by benchmarks/make_plan.py (read only)."""
    folder = tmp_path_factory.mktemp("synthetic") / "plan"
    maker = ROOT / "benchmarks" / "make_plan.py"
    subprocess.run(
        [sys.executable, str(maker), "120", str(folder)], check=True, capture_output=True
    )
    return folder


def _entry(folder: Path) -> bytes:
    """The payload of the one cache entry in `folder`."""
    (path,) = folder.glob("add-plan-*.cache")
    hexkey = path.name.removeprefix("add-plan-").removesuffix(".cache")
    payload = cache.read(folder, hexkey)
    assert payload is not None
    return payload


def _in_process(root: Path) -> bytes:
    """The payload the in-process path makes of the plan (`loaded.encode`)."""
    result, report = check(root)
    payload = loaded.encode(loaded._verdict(result, report))
    assert payload is not None
    return b"".join(payload)


def _alike(payload: bytes, expected: bytes) -> bool:
    """Two entries hold the same: each section of the same length and value. (Their bytes
    may differ in marshal's flag of what may be referred back to, which follows the
    reference counts of the moment.)"""
    mine, theirs = loaded._sections(payload), loaded._sections(expected)
    assert mine is not None and theirs is not None
    return all(
        len(a) == len(b) and marshal.loads(a) == marshal.loads(b)
        for a, b in zip(mine, theirs, strict=True)
    )


def _unshared(value: Any) -> Any:
    """What the cache wrote before instances were shared (`codec.SHARED`): every value
    written out where it stands. Decoding reads values: equal ones decode alike."""
    if isinstance(value, tuple):
        return tuple(_unshared(item) for item in value)
    if type(value) in codec.ALLOWED:
        return tuple(_unshared(getattr(value, n)) for n in codec._written_fields(type(value)))
    return marshal.loads(marshal.dumps(codec._plain(value, {})))


def _cold(root: Path) -> str:
    """A cold `plan_for_reading` of `root`, waited for: 'ok' or the refusal's code."""
    try:
        loaded.plan_for_reading(root)
        kind = "ok"
    except AddError as exc:
        kind = exc.code
    parallel.join()
    return kind


@pytest.mark.parametrize("which", ["shipped", "synthetic"])
def test_the_background_childs_entry_is_the_in_process_one(
    which: str,
    synthetic: Path,
    tmp_path: Path,
    _private_cache: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = PLAN if which == "shipped" else synthetic
    forked: list[bool] = []
    real = parallel.background

    def background(func: Any, fork: bool) -> None:
        forked.append(fork)
        real(func, fork)

    monkeypatch.setattr(parallel, "background", background)
    monkeypatch.setattr(parallel, "PARALLEL_BYTES", 0)  # every plan counts as large
    assert _cold(root) == "ok"
    assert forked == [True]
    payload = _entry(_private_cache)
    assert _alike(payload, _in_process(root))
    # ... and it reads back as the entry of before did: the same verdict, facts and plan.
    plan = load(root).plan
    assert plan is not None
    sections = loaded._sections(payload)
    assert sections is not None
    assert marshal.loads(sections[0]) == ("ok", ())
    assert marshal.loads(sections[3]) == _unshared(plan)
    verdict = loaded._decode(payload, ".")
    assert verdict is not None and verdict[0] == "ok" and verdict[2] == ()
    assert _unshared(verdict[1]) == _unshared(plan)
    facts = loaded._decode_facts(payload, ".")
    assert isinstance(facts, PlanFacts)
    assert facts.columns == PlanFacts.of(plan).columns


def test_without_fork_the_entry_is_the_same(
    synthetic: Path, _private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where fork is missing (Windows) the entry is made in process, byte for byte alike."""
    expected = _in_process(synthetic)
    monkeypatch.setattr(parallel, "PARALLEL_BYTES", 0)
    monkeypatch.delattr(os, "fork")
    assert _cold(synthetic) == "ok"
    assert _alike(_entry(_private_cache), expected)


@pytest.mark.parametrize("case", CASES)
def test_an_invalid_plans_entry_is_the_in_process_one(
    case: str, tmp_path: Path, _private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A plan with errors: its verdict is cached, never a plan with it."""
    root = build_case(case, tmp_path / "plan")
    monkeypatch.setattr(parallel, "PARALLEL_BYTES", 0)
    kind = _cold(root)
    payload = _entry(_private_cache)
    assert _alike(payload, _in_process(root))
    sections = loaded._sections(payload)
    assert sections is not None
    if kind != "ok":
        assert marshal.loads(sections[3]) is None  # never the plan of a refused one
        assert marshal.loads(sections[0])[0] == kind


def test_warm_answers_are_the_cold_ones(
    synthetic: Path, tmp_path: Path, _private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """status and overdue as JSON: uncached, cold (entry written by the background child)
    and warm (from that entry) give the same text."""
    commands = [
        ("status", "--format", "json"),
        ("overdue", "--format", "json"),
        ("overdue", "--kind", "start", "--dept", "BZK", "--format", "json"),
    ]
    day = ("--plan", str(synthetic), "--as-of", "2026-11-25")
    plain = {}
    monkeypatch.setenv("ADD_NO_CACHE", "1")
    for args in commands:
        plain[args] = invoke(args[0], *day, *args[1:])
    monkeypatch.delenv("ADD_NO_CACHE")
    monkeypatch.setattr(parallel, "PARALLEL_BYTES", 0)
    for args in commands:
        shutil.rmtree(_private_cache)
        _private_cache.mkdir()
        cold = invoke(args[0], *day, *args[1:])
        assert len(list(_private_cache.glob("add-plan-*.cache"))) == 1
        with monkeypatch.context() as m:
            m.setattr(loaded, "_checked", _no_reading)
            warm = invoke(args[0], *day, *args[1:])
        assert cold == warm == plain[args], args
        assert cold[0] == 0 and cold[1].startswith(("[", "{"))


def _no_reading(*_args: object, **_kwargs: object) -> None:
    raise AssertionError("the plan was read again: the entry was not used")


def test_a_fork_that_fails_leaves_the_work_to_the_caller(
    synthetic: Path, _private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No process to be had (a limit): the work is done here, and the entry is the same."""
    expected = _in_process(synthetic)

    def no_process() -> int:
        raise BlockingIOError("Resource temporarily unavailable")

    monkeypatch.setattr(parallel, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(os, "fork", no_process)
    assert parallel.start(lambda: 41 + 1, fork=True).result() == 42
    assert _cold(synthetic) == "ok"  # every process this read would fork: none
    assert _alike(_entry(_private_cache), expected)

"""The plan cache is never stale; the forked path gives the same answers as the serial one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from add_cli.checks.validate import check
from add_cli.store import cache, parallel

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "plan"
BASE = Path(__file__).parent / "invalid_plans" / "_base"


def test_cache_hit_and_never_stale(tmp_path: Path, _private_cache: Path) -> None:
    """A second read comes from the cache; any changed byte is a miss."""
    plan = tmp_path / "plan"
    shutil.copytree(PLAN, plan)
    first, _ = cache.load_plan(plan, tmp_path)
    assert first is not None
    assert len(list(_private_cache.glob("*.pickle"))) == 1
    again, _ = cache.load_plan(plan, tmp_path)
    assert again is not None and again.action("1.a.1") is not None
    target = plan / "progress" / "2025-10-31.yaml"
    target.write_text(
        target.read_text(encoding="utf-8").replace(
            "Afgerond. Zie Kamerbrief november 2024.", "Afgerond. Zie Kamerbrief december 2024."
        ),
        encoding="utf-8",
    )
    changed, _ = cache.load_plan(plan, tmp_path)
    assert changed is not None
    assert changed.entries_for("1.a.1")[-1].text.endswith("december 2024.")
    assert len(list(_private_cache.glob("*.pickle"))) == 2


def test_a_corrupt_cache_entry_is_ignored(tmp_path: Path, _private_cache: Path) -> None:
    """A damaged cache file is not trusted: the plan is read from its files."""
    plan = tmp_path / "plan"
    shutil.copytree(PLAN, plan)
    assert cache.load_plan(plan, tmp_path)[0] is not None
    (entry,) = _private_cache.glob("*.pickle")
    entry.write_bytes(b"not a pickle")
    again, _ = cache.load_plan(plan, tmp_path)
    assert again is not None and len(again.actions) == 44


def test_a_broken_plan_is_not_cached(tmp_path: Path, _private_cache: Path) -> None:
    """Only plans that load clean are cached; problems come back as the load result."""
    plan = tmp_path / "plan"
    shutil.copytree(BASE, plan)
    (plan / "actions.yaml").write_text("schema_version: 1\nactions: [\n", encoding="utf-8")
    the_plan, result = cache.load_plan(plan, tmp_path)
    assert the_plan is None and result is not None and result.load_errors
    assert not list(_private_cache.glob("*.pickle"))


def test_no_cache_setting(
    tmp_path: Path, _private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ADD_NO_CACHE=1 reads the files every time and writes no cache."""
    monkeypatch.setenv("ADD_NO_CACHE", "1")
    assert cache.load_plan(PLAN, tmp_path)[0] is not None
    assert not list(_private_cache.glob("*.pickle"))


@pytest.mark.parametrize("case", ["_base", "schema", "duplicate-id", "unknown-action"])
def test_forked_checks_match_serial_ones(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the fork threshold at zero, validate gives exactly the serial findings."""
    from tests.test_invalid_plans import build

    plan = build(case, tmp_path / "plan")
    _, serial = check(plan, tmp_path)
    monkeypatch.setattr(parallel, "PARALLEL_BYTES", 0)
    _, forked = check(plan, tmp_path)
    assert [str(f) for f in forked.findings] == [str(f) for f in serial.findings]


def test_a_failing_child_is_reported() -> None:
    """An exception in the forked child reaches the parent as an error, not a hang."""

    def boom() -> int:
        raise ValueError("bad")

    with pytest.raises(RuntimeError, match="ValueError: bad"):
        parallel.start(boom, fork=True).result()
    assert parallel.start(lambda: 41 + 1, fork=True).result() == 42

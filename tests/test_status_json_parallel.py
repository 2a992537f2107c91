"""A large status answer in JSON is written by two processes: the text is the same.

`present.status._write_json` lets a forked child work out the text of the later rows
while the parent writes the first ones (`jsontext.write_list`'s `more`). These tests
compare the text with `json.dumps` of every row's record, on the shipped plan and on a
synthetic one, with the fork, without it, and with a child that fails.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from add_cli.checks.loaded import plan_for_reading
from add_cli.core import query
from add_cli.core.model import Quarter
from add_cli.present import jsontext
from add_cli.present import status as status_present
from add_cli.store import parallel

from .conftest import PLAN, invoke

ROOT = Path(__file__).resolve().parents[1]
DAY = dt.date(2026, 11, 25)


def _reference(plan_root: Path) -> str:
    """The text json.dumps gives for the status records of every action, as of DAY."""
    from add_cli.core import rounds
    from add_cli.core.model import action_key

    plan = plan_for_reading(plan_root)
    rows = query.rows(plan, DAY)
    report = rounds.round_for(plan, DAY)
    updated = rounds.updated_in(plan, report)
    records = []
    for r in rows:
        item = r.as_json()
        item["round"] = report.date.isoformat() if report else None
        item["updated_in_round"] = action_key(r.action.id) in updated if report else None
        records.append(item)
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def _status_json(plan_root: Path) -> str:
    code, out, err = invoke(
        "--plan", str(plan_root), "status", "--format", "json", "--as-of", "2026-11-25"
    )
    assert code == 0, err
    return out


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("plan") / "p"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "make_plan.py"), "300", str(target)],
        check=True,
        capture_output=True,
    )
    return target


@pytest.mark.parametrize("rows_to_fork", [1, 2, 3, 10**9])
def test_the_text_is_json_dumps_whoever_writes_it(
    monkeypatch: pytest.MonkeyPatch, synthetic: Path, rows_to_fork: int
) -> None:
    """Forked from 1, 2 or 3 rows on, or never: the same text as json.dumps of every
    record (the real plan's 44 rows are forked too, but for the last setting)."""
    monkeypatch.setattr(status_present, "PARALLEL_ROWS", rows_to_fork)
    monkeypatch.setattr(jsontext, "_FLUSH_PARTS", 50)  # many pieces from the child too
    for root in (PLAN, synthetic):
        assert _status_json(root) == _reference(root)


@pytest.mark.parametrize("share", [0.0, 0.3, 1.0])
def test_any_share_of_rows_for_the_child_gives_the_same_text(
    monkeypatch: pytest.MonkeyPatch, synthetic: Path, share: float
) -> None:
    """The child doing none of the rows, some, or all of them (the parent none)."""
    monkeypatch.setattr(status_present, "PARALLEL_ROWS", 1)
    monkeypatch.setattr(status_present, "CHILD_SHARE", share)
    assert _status_json(synthetic) == _reference(synthetic)


def test_a_failing_child_s_rows_are_written_by_the_parent(
    monkeypatch: pytest.MonkeyPatch, synthetic: Path
) -> None:
    """When the second process fails, none of its text is used: the parent works out
    those rows itself, and the answer is whole."""
    monkeypatch.setattr(status_present, "PARALLEL_ROWS", 1)
    calls: list[bool] = []

    class Failing:
        def result(self) -> list[str]:
            raise RuntimeError("the worker process failed: MemoryError")

    real_start = parallel.start

    def start(func: Any, fork: bool) -> Any:
        if not fork:  # the reader's, on a plan this small
            return real_start(func, fork)
        calls.append(fork)
        return Failing()

    monkeypatch.setattr(parallel, "start", start)
    assert _status_json(synthetic) == _reference(synthetic)
    assert calls == [True]


def test_a_child_that_dies_gives_no_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """A real forked child that ends without a result is seen as failed (and the
    parent's fallback then takes over): its half-made text never reaches the output."""
    import os

    def dies() -> list[str]:
        os._exit(3)

    pending = parallel.start(dies, fork=True)
    with pytest.raises(RuntimeError, match="worker process failed"):
        pending.result()


def test_item_texts_continue_a_list() -> None:
    """`item_texts` continues a list that `write_list` opened, or opens it itself."""
    items = [{"a": 1, "b": ["x", "y"]}, "tekst – met\nregels", None, [], {}]
    for cut in range(len(items) + 1):
        out = io.StringIO()
        jsontext.write_list(iter(items[:cut]), out, lambda c=cut: jsontext.item_texts(items[c:]))
        assert out.getvalue() == json.dumps(items, ensure_ascii=False, indent=2) + "\n"
    out = io.StringIO()
    jsontext.write_list([], out, list)
    assert out.getvalue() == "[]\n"


def test_a_row_s_worked_out_fields_cannot_be_assigned() -> None:
    """Row's fields that are worked out on first use (`_once`) are plain values in the
    row's __dict__ afterwards, yet never assignable, before or after."""
    from dataclasses import FrozenInstanceError

    plan = plan_for_reading(PLAN)
    row = query.rows(plan, DAY)[0]
    with pytest.raises(FrozenInstanceError):
        row.overdue = not row.overdue  # type: ignore[misc]
    first = row.overdue
    assert row.overdue is first and row.__dict__["overdue"] is first
    with pytest.raises(FrozenInstanceError):
        row.overdue = not first  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        row.entry = None  # type: ignore[misc]
    assert row.overdue is first


def test_a_quarter_s_last_day_is_the_same_when_asked_again() -> None:
    """`Quarter.last_day` keeps what it worked out: the right day, every time, and the
    quarter still equals (and hashes as) a fresh one."""
    for year in (2023, 2024, 2100):
        for q in (1, 2, 3, 4):
            quarter = Quarter(year, q)
            first = quarter.last_day
            assert first == Quarter.of(first).last_day == quarter.last_day
            assert (first + dt.timedelta(days=1)) == quarter.shift(1).first_day
            assert quarter == Quarter(year, q) and hash(quarter) == hash(Quarter(year, q))

"""`add status --format json` is json.dumps of every row's record (`Row.as_json`), with
the shortcuts it takes on a large plan: a period's texts made once per period
(`as_json`'s memo), a row's worked-out fields kept in its __dict__ (`query._once`), a
quarter's last day kept once worked out."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from add_cli.checks.loaded import plan_for_reading
from add_cli.core import query
from add_cli.core.model import Quarter
from add_cli.present import jsontext

from .conftest import PLAN, invoke, make_plan

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
    return make_plan(300, tmp_path_factory.mktemp("plan") / "p")


def test_the_text_is_json_dumps_of_every_record(synthetic: Path) -> None:
    """On the shipped plan and on a synthetic one (shared periods, many rows), written in
    many pieces."""
    for root in (PLAN, synthetic):
        assert _status_json(root) == _reference(root)


@pytest.mark.parametrize("fast", [True, False], ids=["orjson", "own-writer"])
def test_the_text_is_the_same_in_many_pieces(
    monkeypatch: pytest.MonkeyPatch, synthetic: Path, fast: bool
) -> None:
    """In batches of 7 rows, by orjson and by the writer used where orjson is missing."""
    monkeypatch.setattr(jsontext, "_BATCH", 7)
    if not fast:
        monkeypatch.setattr(jsontext, "_orjson", lambda: None)
    assert _status_json(synthetic) == _reference(synthetic)


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

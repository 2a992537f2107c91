"""The corpus of invalid plans: one folder per finding code, run automatically.

Each folder under tests/invalid_plans/ (except _base) holds files that replace
those of `_base`, a valid little plan; a file named DELETE lists base files to
remove. `expected.txt` holds the exact lines `add validate` prints. Set
ADD_UPDATE_CORPUS=1 to rewrite the expected files after a deliberate change.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from add_cli.cli.app import app
from add_cli.core.findings import CODES, LOAD_CODES
from tests.conftest import CORPUS, build_case

CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith("_"))
# Codes that need inputs a small corpus cannot hold; tests/test_hostile.py covers them.
NOT_IN_CORPUS = {"file-too-large", "unreadable"}


def run_validate(plan: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, list[str]]:
    monkeypatch.chdir(plan)
    result = CliRunner().invoke(app, ["validate", "--plan", "."])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout.splitlines()


def test_every_finding_code_has_a_case() -> None:
    """The corpus has a folder for every catalogued code."""
    assert set(CASES) == (set(CODES) | set(LOAD_CODES)) - NOT_IN_CORPUS


def test_the_base_plan_is_valid(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The base of the corpus validates clean, so each case shows only its own finding."""
    code, lines = run_validate(build_case("_base", tmp_path / "plan"), monkeypatch)
    assert (code, lines) == (0, [])


@pytest.mark.parametrize("case", CASES)
def test_invalid_plan(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`add validate` reports the case's finding lines exactly, with the right exit code."""
    plan = build_case(case, tmp_path / "plan")
    before = {p: p.read_bytes() for p in plan.rglob("*") if p.is_file()}
    code, lines = run_validate(plan, monkeypatch)
    expected_file = CORPUS / case / "expected.txt"
    if os.environ.get("ADD_UPDATE_CORPUS"):
        expected_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    expected = expected_file.read_text(encoding="utf-8").splitlines()
    assert lines == expected
    assert any(f" {case}" in line for line in lines), f"no {case} finding"
    if case in LOAD_CODES:
        assert code == 2
    elif CODES[case][0] == "error":
        assert code == 1
    else:
        assert code == 0
    assert all("Traceback" not in line for line in lines)
    after = {p: p.read_bytes() for p in plan.rglob("*") if p.is_file()}
    assert before == after, "validate changed a plan file"

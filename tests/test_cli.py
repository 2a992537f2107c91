"""The `add` command line: plan location, validate and status on the shipped plan."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from add_cli.cli.app import app
from add_cli.store.paths import locate, shipped_plan_dir
from tests.conftest import invoke

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "plan"
runner = CliRunner()


def test_validate_shipped_plan_exits_0_and_lists_the_differences() -> None:
    """The real plan has no errors; its annex/body differences and the dangling reference warn."""
    code, out, err = invoke("validate", "--plan", str(PLAN))
    assert code == 0, out
    lines = out.splitlines()
    assert all(": warning " in line for line in lines)
    codes = {(line.split()[2], line.split()[3]) for line in lines}
    assert ("text-reference-unknown", "[1.c.4]") in codes
    assert ("annex-body-period", "[2.a.2]") in codes
    assert ("annex-body-departments", "[3.b.7]") in codes
    assert ("annex-body-title", "[2.c.2]") in codes
    assert "0 errors" in err and "44 actions" in err


def test_validate_json() -> None:
    """--format json gives the report as data."""
    code, out, _ = invoke("validate", "--plan", str(PLAN), "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data["valid"] is True and data["errors"] == 0
    assert data["actions"] == 44 and data["progress_entries"] == 44
    finding = data["findings"][0]
    assert set(finding) == {"path", "line", "col", "severity", "code", "message", "action"}


def test_validate_bad_format_is_a_usage_error() -> None:
    """An unknown option value exits 2."""
    code, _, _ = invoke("validate", "--plan", str(PLAN), "--format", "xml")
    assert code == 2


def test_plan_location_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--plan wins; else ./plan when it exists; else the shipped plan."""
    assert locate(tmp_path / "x", tmp_path) == tmp_path / "x"
    assert locate(None, tmp_path) == shipped_plan_dir()
    shutil.copytree(PLAN, tmp_path / "plan")
    assert locate(None, tmp_path) == tmp_path / "plan"


def test_add_plan_environment_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ADD_PLAN names the plan directory when --plan is not given."""
    monkeypatch.chdir(tmp_path)
    code, _, err = invoke("validate", env={"ADD_PLAN": str(tmp_path / "nowhere")})
    assert code == 2
    assert "nowhere" in err or "nowhere" in _
    code, _, _ = invoke("validate", env={"ADD_PLAN": str(PLAN)})
    assert code == 0


def test_status_works_from_any_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Outside a checkout, status reads the shipped plan."""
    monkeypatch.chdir(tmp_path)
    code, out, _ = invoke("status", "--as-of", "2025-11-01")
    assert code == 0
    assert "1.a.1" in out and "3.c.2" in out


def test_installed_entry_point_runs() -> None:
    """The `add` script of the environment runs status and exits 0."""
    exe = Path(sys.executable).parent / "add"
    if not exe.exists():
        pytest.skip("add is not installed as a script in this environment")
    done = subprocess.run(
        [str(exe), "status", "--as-of", "2025-11-01"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr


def test_status_on_a_broken_plan_exits_2_without_traceback(tmp_path: Path) -> None:
    """A plan that cannot be loaded is reported with file and line, exit 2."""
    plan = tmp_path / "plan"
    shutil.copytree(PLAN, plan)
    (plan / "actions.yaml").write_text("schema_version: 1\nactions: [\n", encoding="utf-8")
    code, out, err = invoke("status", "--plan", str(plan))
    assert code == 2
    assert "actions.yaml:3:1: error yaml-syntax" in err
    assert "Traceback" not in out + err


def test_status_bad_date_is_a_usage_error() -> None:
    """--as-of must be a date."""
    code, _, err = invoke("status", "--plan", str(PLAN), "--as-of", "2025-13-01")
    assert code == 2
    assert "YYYY-MM-DD" in err


def test_schema_files_are_draft_2020_12() -> None:
    """Every schema is a valid draft 2020-12 schema, and every plan file names its schema."""
    from jsonschema import Draft202012Validator

    for schema in (ROOT / "schemas").glob("*.schema.json"):
        data = json.loads(schema.read_text(encoding="utf-8"))
        assert data["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        Draft202012Validator.check_schema(data)
    for file in PLAN.rglob("*.yaml"):
        first = file.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=")
        target = (file.parent / first.split("=", 1)[1]).resolve()
        assert target.is_file(), f"{file}: {target}"


def test_every_command_is_in_the_readme() -> None:
    """Each command (and each sub-command) has its own section in the README."""
    import typer.main

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    group = typer.main.get_command(app)
    names = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        subcommands = getattr(command, "commands", None)
        if subcommands:
            names += [f"{name} {sub}" for sub in subcommands]
        else:
            names.append(name)
    assert len(names) >= 11
    for name in names:
        assert f"add {name}" in readme, f"`add {name}` is not in the README"


@pytest.mark.parametrize("value", ["2025-1-5", "20250105", "2025-02-30", "tomorrow"])
def test_a_bad_date_is_a_usage_error_naming_its_own_option(value: str, tmp_path: Path) -> None:
    """--date is reported as --date (it was reported as --as-of), only YYYY-MM-DD is read."""
    plan = tmp_path / "plan"
    shutil.copytree(PLAN, plan)
    code, _, err = invoke(
        "progress", "1.a.1", "--state", "loopt", "--text", "x", "--date", value, "--plan", str(plan)
    )
    assert code == 2
    assert "'--date'" in err and "--as-of" not in err
    assert f"'{value}' is not a date (expected YYYY-MM-DD" in err
    code, _, err = invoke("status", "--plan", str(PLAN), "--as-of", value)
    assert code == 2 and "'--as-of'" in err


def test_bad_quarter_and_state_name_their_options(tmp_path: Path) -> None:
    """--from, --to and --state are checked when the command line is read."""
    code, _, err = invoke("timeline", "--plan", str(PLAN), "--to", "2025Q1")
    assert code == 2 and "'--to'" in err and "not a quarter" in err
    code, _, err = invoke("progress", "1.a.1", "--state", "klaar", "--text", "x")
    assert code == 2 and "'--state'" in err and "unknown state 'klaar'" in err


def test_plan_before_the_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`add --plan DIR status` works as `add status --plan DIR`; the command's own wins."""
    monkeypatch.chdir(tmp_path)
    args = ["status", "--as-of", "2025-11-01", "-f", "json"]
    code, out, _ = invoke("--plan", str(PLAN), *args)
    assert code == 0 and len(json.loads(out)) == 44
    assert invoke("--plan", str(tmp_path / "nowhere"), *args)[0] == 2
    code, out, _ = invoke("--plan", str(tmp_path / "nowhere"), *args, "--plan", str(PLAN))
    assert code == 0 and len(json.loads(out)) == 44
    code, _, err = invoke("--plan", str(tmp_path / "nowhere"), *args, env={"ADD_PLAN": str(PLAN)})
    assert code == 2 and "nowhere" in err


def test_version() -> None:
    """`add --version` prints the version."""
    from add_cli import __version__

    code, out, _ = invoke("--version")
    assert code == 0 and out == f"add {__version__}\n"


def test_status_to_a_file_is_plain_text(tmp_path: Path) -> None:
    """status -o FILE writes the table as on a pipe: plain text, nothing on stdout."""
    target = tmp_path / "status.txt"
    env = {"COLUMNS": "100"}
    code, out, err = invoke(
        "status", "--plan", str(PLAN), "--as-of", "2025-11-01", "-o", str(target), env=env
    )
    assert code == 0 and out == "" and f"wrote {target}" in err
    _, piped, _ = invoke("status", "--plan", str(PLAN), "--as-of", "2025-11-01", env=env)
    text = target.read_text(encoding="utf-8")
    assert text == piped and "\x1b[" not in text and "17/44" in text


def test_overdue_csv_to_a_file(tmp_path: Path) -> None:
    """overdue --format csv -o FILE writes the CSV records to the file."""
    import csv
    import io

    target = tmp_path / "late.csv"
    args = ["overdue", "--plan", str(PLAN), "--as-of", "2025-11-01", "--dept", "BZK"]
    code, out, _ = invoke(*args, "--format", "csv", "-o", str(target))
    assert code == 0 and out == ""
    records = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert [r["id"] for r in records] == ["1.c.2", "1.c.1", "1.b.3", "1.c.3"]
    assert records[0]["quarters_late"] == "6"


@pytest.mark.parametrize(
    "args",
    [
        ["show", "1.c.4", "-f", "json"],
        ["validate", "-f", "json"],
        ["timeline", "-f", "mermaid"],
        ["overdue", "-f", "md"],
    ],
)
def test_every_data_command_takes_output(args: list[str], tmp_path: Path) -> None:
    """-o FILE holds exactly what stdout would have shown."""
    target = tmp_path / "out"
    common = ["--plan", str(PLAN)] + (["--as-of", "2025-11-01"] if args[0] != "validate" else [])
    code, out, _ = invoke(*args, *common, "-o", str(target))
    assert code == 0 and out == ""
    assert target.read_text(encoding="utf-8") == invoke(*args, *common)[1]


def test_status_does_not_import_heavy_libraries() -> None:
    """Start-up stays light: a warm status imports neither jsonschema nor openpyxl.

    The first run checks the plan against its schemas (jsonschema) and caches the verdict
    with the plan; every later run on the same files answers from the cache."""
    code = (
        "import sys\n"
        "from add_cli.cli.app import main\n"
        "sys.argv = ['add', 'status', '--as-of', '2025-11-01', '--plan', sys.argv[1]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('jsonschema', 'openpyxl') if m in sys.modules]\n"
        "sys.stderr.write(repr(heavy))\n"
    )
    for _run in ("cold", "warm"):
        done = subprocess.run(
            [sys.executable, "-c", code, str(PLAN)], capture_output=True, text=True, check=False
        )
    assert done.stderr.endswith("[]"), done.stderr

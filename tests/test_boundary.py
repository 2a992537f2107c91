"""The one error boundary: an AddError becomes findings, a message and an exit code."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from add_cli.cli.errors import MAX_FINDINGS, AddGroup, report
from add_cli.core.errors import AddError, ExitCode
from add_cli.core.findings import Finding

ROOT = Path(__file__).resolve().parents[1]


def finding(n: int) -> Finding:
    return Finding("actions.yaml", n, 3, "error", "schema", f"problem {n}", "1.a.1")


def app_raising(error: Exception) -> typer.Typer:
    """A small app with the boundary whose one command raises `error`."""
    app = typer.Typer(cls=AddGroup)

    @app.command()
    def boom() -> None:
        raise error

    @app.command()
    def fine() -> None:
        typer.echo("ok")

    return app


def test_an_add_error_becomes_message_and_exit_code() -> None:
    """Findings, then 'add: message' on stderr, the error's exit code, no traceback."""
    error = AddError("plan-invalid", "the plan has 2 errors", [finding(1), finding(2)])
    result = CliRunner().invoke(app_raising(error), ["boom"])
    assert result.exit_code == ExitCode.USAGE
    assert isinstance(result.exception, SystemExit)
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "actions.yaml:1:3: error schema [1.a.1] problem 1",
        "actions.yaml:2:3: error schema [1.a.1] problem 2",
        "add: the plan has 2 errors",
    ]
    assert "Traceback" not in result.stderr


def test_the_exit_code_is_the_errors_own() -> None:
    """An error found (exit 1) is not a usage error (exit 2)."""
    error = AddError("edit-refused", "refused", [finding(1)], ExitCode.FOUND)
    assert CliRunner().invoke(app_raising(error), ["boom"]).exit_code == 1


def test_at_most_fifty_findings_are_printed() -> None:
    """More than 50 findings: the first 50, then '... and N more', then the message."""
    error = AddError("plan-invalid", "too many", [finding(n) for n in range(1, 61)])
    result = CliRunner().invoke(app_raising(error), ["boom"])
    lines = result.stderr.splitlines()
    assert MAX_FINDINGS == 50
    assert len(lines) == 52
    assert lines[49] == "actions.yaml:50:3: error schema [1.a.1] problem 50"
    assert lines[50] == "... and 10 more"
    assert lines[51] == "add: too many"


def test_exactly_fifty_findings_have_no_tail() -> None:
    stream = io.StringIO()
    code = report(AddError("plan-invalid", "m", [finding(n) for n in range(50)]), stream)
    assert code is ExitCode.USAGE
    assert "more" not in stream.getvalue()
    assert len(stream.getvalue().splitlines()) == 51


def test_other_exceptions_are_not_swallowed() -> None:
    """A bug stays a bug: the boundary only handles AddError (and the libraries' own)."""
    result = CliRunner().invoke(app_raising(RuntimeError("bug")), ["boom"])
    assert isinstance(result.exception, RuntimeError)


def test_the_installed_script_reports_without_traceback() -> None:
    """Through `main` (the script): an unknown action is a message and exit 2."""
    done = subprocess.run(
        [sys.executable, "-m", "add_cli.cli.app", "show", "9.z.9", "--plan", str(ROOT / "plan")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("add: no action '9.z.9'")
    assert "Traceback" not in done.stderr


def test_a_reader_that_stops_early_is_no_error(tmp_path: Path) -> None:
    """`add status | true` (a reader gone before add writes): add exits 0, with nothing on
    stderr; a pipeline with pipefail would otherwise fail."""
    import subprocess
    import sys

    done = subprocess.run(
        f"set -o pipefail; {sys.executable} -m add_cli.cli.app status --as-of 2025-10-31 | true",
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


def test_the_script_exits_at_once_with_the_command_s_code(tmp_path: Path) -> None:
    """`run` (the add script) ends the process right after the command, with the exit code
    and the output the command gave: all of stdout, usage errors on stderr."""
    script = "from add_cli.cli.app import run; run()"
    env = {"ADD_LANG": "en", "ADD_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    env["PYTHONPATH"] = str(ROOT / "src")

    def add(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", script, *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            check=False,
        )

    done = add("status", "--format", "json", "--as-of", "2025-10-31")
    assert done.returncode == 0 and done.stdout.rstrip().endswith("]")  # every byte flushed
    assert done.stdout.count('"id"') == 44
    assert add("status", "--bogus").returncode == 2
    assert "No such option" in add("status", "--bogus").stderr
    assert add("overdue", "--fail", "--as-of", "2026-06-30").returncode == 1
    assert add("--version").returncode == 0


def test_exit_codes_as_sys_exit_gives_them() -> None:
    from add_cli.cli.app import _exit_code

    assert (_exit_code(None), _exit_code(0), _exit_code(2)) == (0, 0, 2)
    assert _exit_code("a message") == 1


def test_an_answer_decided_before_printing_survives_a_reader_that_stops(tmp_path: Path) -> None:
    """`add overdue --fail | true` exits 1 when actions are late, `add validate | true` 1 on a
    plan with errors: the reader leaving early does not turn the verdict into success."""
    from tests.conftest import build_case

    broken = build_case("duplicate-id", tmp_path / "plan")

    def cut(args: str) -> int:
        done = subprocess.run(
            f"set -o pipefail; {sys.executable} -m add_cli.cli.app {args} | true",
            shell=True,
            executable="/bin/bash",
            capture_output=True,
            text=True,
            check=False,
            # Unbuffered: the first line written meets the closed pipe while the command runs.
            env={
                "ADD_LANG": "en",
                "PATH": "/usr/bin:/bin",
                "PYTHONPATH": str(ROOT / "src"),
                "PYTHONUNBUFFERED": "1",
                "ADD_CACHE_DIR": str(tmp_path / "cache"),
            },
            cwd=ROOT,
        )
        assert "Traceback" not in done.stderr
        return done.returncode

    assert cut("overdue --fail --as-of 2026-06-30") == 1
    assert cut("overdue --as-of 2026-06-30") == 0
    assert cut(f"validate --plan {broken}") == 1
    assert cut("validate") == 0


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("unbuffered", ["", "1"])
def test_output_to_a_full_disk_is_an_error_not_a_silent_success(
    tmp_path: Path, unbuffered: str
) -> None:
    """`add status > file` on a full disk: exit 2 and one line saying why, no traceback,
    whether the write fails during the command or when the output is flushed at the end."""
    env = {"ADD_LANG": "en", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT / "src")}
    env["ADD_CACHE_DIR"] = str(tmp_path / "cache")
    if unbuffered:
        env["PYTHONUNBUFFERED"] = unbuffered
    with Path("/dev/full").open("w") as full:
        done = subprocess.run(
            [sys.executable, "-c", "from add_cli.cli.app import run; run()", "status"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=ROOT,
            check=False,
        )
    assert done.returncode == 2, done.stderr
    assert "cannot write the output: No space left on device" in done.stderr
    assert "Traceback" not in done.stderr

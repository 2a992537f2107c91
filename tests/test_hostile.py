"""Hostile input: broken plans of every kind, given to validate and every read command.

For each: exit code 1 or 2, a message naming the file (and the line where there
is one), no traceback, bounded time and memory, and the plan files unchanged.
The resource-heavy cases run in a subprocess with a memory limit.
"""

from __future__ import annotations

import hashlib
import re
import resource
import shutil
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from typer.testing import CliRunner

from add_cli.checks.validate import validate
from add_cli.cli.app import app
from add_cli.store.load import load

BASE = Path(__file__).parent / "invalid_plans" / "_base"
TIME_LIMIT = 2.0
MEMORY_LIMIT = 1024 * 1024 * 1024  # 1 GiB of address space for the heavy cases


def fingerprint(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".add.lock"
    }


def bomb() -> str:
    lines = [
        "schema_version: 1",
        "report: {title: t, date: '2025-10-31'}",
        "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]",
    ]
    for i in range(1, 12):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    lines.append("entries: *a11")
    return "\n".join(lines) + "\n"


def write(name: str, content: str | bytes) -> Callable[[Path], None]:
    def apply(plan: Path) -> None:
        target = plan / name
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")

    return apply


def replace(name: str, old: str, new: str) -> Callable[[Path], None]:
    def apply(plan: Path) -> None:
        target = plan / name
        text = target.read_text(encoding="utf-8")
        assert old in text
        target.write_text(text.replace(old, new, 1), encoding="utf-8")

    return apply


def truncate(name: str) -> Callable[[Path], None]:
    def apply(plan: Path) -> None:
        target = plan / name
        data = target.read_bytes()
        target.write_bytes(data[: len(data) // 2 + 7])

    return apply


def fifty_mb(plan: Path) -> None:
    with (plan / "actions.yaml").open("ab") as handle:
        line = b"# " + b"x" * 1000 + b"\n"
        for _ in range(50 * 1024):
            handle.write(line)


# name -> (how to break the plan, file named in the message, line or None)
CASES: dict[str, tuple[Callable[[Path], None], str, int | None]] = {
    "syntax error": (
        replace(
            "actions.yaml",
            "partners: []\n      period: Gestart",
            "partners: [\n      period: Gestart",
        ),
        "actions.yaml",
        31,
    ),
    "tab indentation": (replace("plan.yaml", "  - id: '3'", "\t- id: '3'"), "plan.yaml", 14),
    "truncated file": (truncate("actions.yaml"), "actions.yaml", None),
    "empty file": (write("departments.yaml", ""), "departments.yaml", 1),
    "binary file": (write("plan.yaml", bytes(range(256)) * 4), "plan.yaml", 1),
    "not utf-8": (
        write("plan.yaml", "schema_version: 1\ntitle: Caf\xe9\n".encode("latin-1")),
        "plan.yaml",
        2,
    ),
    "alias bomb": (write("progress/2025-10-31.yaml", bomb()), "2025-10-31.yaml", 4),
    "50 MB file": (fifty_mb, "actions.yaml", 1),
    "deep nesting": (write("plan.yaml", "a: " + "[" * 20000 + "]" * 20000 + "\n"), "plan.yaml", 1),
    "deep mappings": (
        write("plan.yaml", "".join(f"{' ' * i}k{i}:\n" for i in range(3000))),
        "plan.yaml",
        None,
    ),
    "duplicate keys": (
        replace(
            "actions.yaml",
            "      what: Een visie.\n",
            "      what: Een visie.\n      what: Twee.\n",
        ),
        "actions.yaml",
        57,
    ),
    "duplicate ids": (
        replace("actions.yaml", "  - id: 1.b.1", "  - id: 1.a.1"),
        "actions.yaml",
        22,
    ),
}


def run_limited(args: list[str], cwd: Path) -> tuple[int, str, float]:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "add_cli.cli.app", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT + 5,
        preexec_fn=limit,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr, time.perf_counter() - start


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("command", ["validate", "status"])
def test_hostile_plan(case: str, command: str, tmp_path: Path) -> None:
    """Exit 1 or 2 naming file and line, quickly, within memory, files untouched."""
    plan = tmp_path / "plan"
    shutil.copytree(BASE, plan)
    breaker, file, line = CASES[case]
    breaker(plan)
    before = fingerprint(plan)
    code, output, seconds = run_limited([command, "--plan", "plan"], tmp_path)
    assert code in (1, 2), output
    assert "Traceback" not in output, output
    assert file in output, output
    if line is not None:
        assert re.search(rf"{re.escape(file)}:{line}:\d+:", output), output
    # Start-up of a fresh interpreter included; the work itself is well within the limit.
    assert seconds < TIME_LIMIT + 1.0, f"{case}: {seconds:.2f}s"
    assert fingerprint(plan) == before


def leaves(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Paths of every field of a document: scalars, and lists as a whole."""
    if isinstance(data, dict):
        out = []
        for key, value in data.items():
            out += leaves(value, (*path, key))
        return out
    if isinstance(data, list):
        out = [path]
        for i, value in enumerate(data):
            if isinstance(value, (dict, list)):
                out += leaves(value, (*path, i))
        return out
    return [path]


def wrong_type_cases() -> list[tuple[str, tuple[Any, ...]]]:
    yaml = YAML(typ="safe")
    cases = []
    for file in ("plan.yaml", "departments.yaml", "actions.yaml", "progress/2025-10-31.yaml"):
        data = yaml.load((BASE / file).read_text(encoding="utf-8"))
        for path in leaves(data):
            if path and path[-1] != "schema_version":
                cases.append((file, path))
    return cases


WRONG = wrong_type_cases()


def _set(data: Any, path: tuple[Any, ...], value: Any) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


@pytest.mark.parametrize(
    ("file", "path"), WRONG, ids=[f"{f}:{'/'.join(map(str, p))}" for f, p in WRONG]
)
def test_a_wrong_type_in_every_field(
    file: str, path: tuple[Any, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A mapping where text or a list belongs: validate exits 1 naming the line, status 2."""
    plan = tmp_path / "plan"
    shutil.copytree(BASE, plan)
    yaml = YAML(typ="rt")
    target = plan / file
    data = yaml.load(target.read_text(encoding="utf-8"))
    _set(data, path, {"onverwacht": [1, 2]})
    with target.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)
    before = fingerprint(plan)
    monkeypatch.chdir(plan)
    runner = CliRunner()
    tracemalloc.start()
    start = time.perf_counter()
    checked = runner.invoke(app, ["validate", "--plan", "."])
    status = runner.invoke(app, ["status", "--plan", "."])
    seconds = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    for result in (checked, status):
        assert result.exception is None or isinstance(result.exception, SystemExit)
    assert checked.exit_code == 1, checked.stdout
    name = Path(file).name
    assert re.search(rf"{re.escape(name)}:\d+:\d+: error schema", checked.stdout), checked.stdout
    assert status.exit_code == 2, status.stdout
    assert name in status.stderr
    assert seconds < TIME_LIMIT and peak < 100 * 1024 * 1024
    assert fingerprint(plan) == before


TEXTS = {
    f: (BASE / f).read_text(encoding="utf-8")
    for f in ("plan.yaml", "departments.yaml", "actions.yaml", "progress/2025-10-31.yaml")
}


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    file=st.sampled_from(sorted(TEXTS)),
    at=st.floats(min_value=0, max_value=1),
    cut=st.integers(min_value=0, max_value=40),
    insert=st.text(alphabet=st.sampled_from(list("-:[]{}&*!|>#'\"\t\n ab1.\\\x00é")), max_size=12),
)
def test_loader_fuzz(file: str, at: float, cut: int, insert: str, tmp_path: Path) -> None:
    """Random edits of plan files never crash the loader or the validator."""
    plan = tmp_path / f"fuzz-{abs(hash((file, at, cut, insert)))}"
    shutil.copytree(BASE, plan)
    text = TEXTS[file]
    i = int(at * len(text))
    (plan / file).write_text(text[:i] + insert + text[i + cut :], encoding="utf-8")
    result = load(plan)
    report = validate(result)
    for finding in report.findings:
        assert finding.line >= 1 and finding.col >= 1
        assert finding.path.endswith((".yaml", "plan")) or "/" in finding.path
    shutil.rmtree(plan)


# ------------------------------------------------------------------ every read command refuses


READ_COMMANDS: dict[str, list[str]] = {
    "status": ["status"],
    "status-json": ["status", "--format", "json"],
    "status-csv-file": ["status", "--format", "csv", "-o", "out.csv"],
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
    "deadlines": ["export", "deadlines", "-o", "out.ics"],
}
SEMANTIC_ERRORS = {
    "bad-period": "a period that cannot be read",
    "period-order": "an end before its start",
    "unknown-department": "an unknown department",
    "unknown-line": "an unknown action line",
    "duplicate-id": "a duplicate id",
    "unknown-action": "progress for an unknown action",
    "bad-date": "a date that does not exist",
}


def _corpus_cases() -> tuple[list[str], list[str]]:
    from add_cli.core.findings import CODES, LOAD_CODES
    from tests.test_invalid_plans import CASES as CORPUS_CASES

    errors = [c for c in CORPUS_CASES if c in LOAD_CODES or CODES[c][0] == "error"]
    warnings = [c for c in CORPUS_CASES if c in CODES and CODES[c][0] == "warning"]
    return errors, warnings


ERROR_CASES, WARNING_CASES = _corpus_cases()


def test_the_corpus_holds_every_kind_of_semantic_error() -> None:
    """The read-command test below covers each kind of semantic error the issue names."""
    assert set(SEMANTIC_ERRORS) <= set(ERROR_CASES)


@pytest.mark.parametrize("command", sorted(READ_COMMANDS))
@pytest.mark.parametrize("case", ERROR_CASES)
def test_read_command_refuses_a_plan_with_errors(
    case: str, command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Exit 2, validate's error lines and their count on stderr, nothing on stdout, no file.

    Every read command gives the same wording for the same problem as `add validate`
    (one rule engine), and none answers from a plan with errors: a typo in a period
    can no longer drop an action from `overdue --fail`."""
    from tests.conftest import build_case

    plan = build_case(case, tmp_path / "plan")
    monkeypatch.chdir(plan)
    runner = CliRunner()
    checked = runner.invoke(app, ["validate", "--plan", "."])
    errors = [line for line in checked.stdout.splitlines() if ": error " in line]
    assert errors, f"{case}: the corpus case has no error"
    before = sorted(p.relative_to(plan) for p in plan.rglob("*"))
    result = runner.invoke(app, [*READ_COMMANDS[command], "--plan", "."])
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stdout == ""
    stderr = result.stderr.splitlines()
    for line in errors:
        assert line in stderr, f"{line!r} not in {stderr}"
    assert any(str(len(errors)) in line for line in stderr if line.startswith("add:"))
    assert "Traceback" not in result.stderr
    assert sorted(p.relative_to(plan) for p in plan.rglob("*")) == before, "a file was written"


@pytest.mark.parametrize("case", WARNING_CASES)
def test_warnings_do_not_block(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A plan with only warnings is answered from."""
    from tests.conftest import build_case

    plan = build_case(case, tmp_path / "plan")
    monkeypatch.chdir(plan)
    result = CliRunner().invoke(app, ["status", "--format", "json", "--plan", "."])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("[")


# ------------------------------------------------------------------ formulas and terminals

FORMULA = "=cmd|' /C calc'!A0"


def test_a_formula_in_a_progress_text_is_never_a_live_formula_in_csv(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The issue's example: recorded in a round, then exported as CSV, the text starts with
    a quote, in the round's overview, the annex with status and the status table."""
    import csv
    import io

    plan = tmp_path / "plan"
    shutil.copytree(Path(__file__).resolve().parents[1] / "plan", plan)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    opened = runner.invoke(
        app,
        ["uitvraag", "open", "2026-02-10", "--title", "Voortgang februari 2026", "--due",
         "2026-03-01", "--plan", str(plan)],
    )  # fmt: skip
    assert opened.exit_code == 0, opened.stderr
    done = runner.invoke(
        app,
        ["progress", "1.b.1", "--state", "afgerond", "--text", FORMULA, "--date", "2026-02-10",
         "--plan", str(plan)],
    )  # fmt: skip
    assert done.exit_code == 0, done.stderr
    outputs = {
        "voortgang": ["export", "voortgang", "-f", "csv"],
        "bijlage1": ["export", "bijlage1", "-f", "csv", "--with-status", "--as-of", "2026-03-01"],
        "status": ["status", "-f", "csv", "--as-of", "2026-03-01"],
    }
    for name, args in outputs.items():
        result = runner.invoke(app, [*args, "--plan", str(plan)])
        assert result.exit_code == 0, (name, result.stderr)
        cells = [c for row in csv.reader(io.StringIO(result.stdout)) for c in row]
        assert "'" + FORMULA in cells, name
        assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells), name


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+31 70", "'+31 70"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Ligt op schema.", "Ligt op schema."),
        ("Q3 – Q4 2024", "Q3 – Q4 2024"),
    ],
)
def test_csv_cells_are_formula_safe(cell: str, safe: str) -> None:
    """OWASP's rule: a cell starting with = + - @ tab or CR gets a leading quote."""
    from add_cli.present.csvfile import safe_cell

    assert safe_cell(cell) == safe


class _Terminal:
    """A stream that says it is a terminal, so tables are drawn by rich."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return True


def test_terminal_tables_show_control_characters_and_markup_as_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An escape sequence never reaches the terminal raw; rich markup is never parsed."""
    from add_cli.present.terminal import Column, print_table

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setenv("COLUMNS", "100")
    stream = _Terminal()
    print_table(
        [Column("Id"), Column("Text", flex=True)],
        [["1.a.1", "a\x1b]0;owned\x07b [/x] [bold]c\x0bd"]],
        stream=stream,  # type: ignore[arg-type]  # a duck-typed text stream
    )
    out = "".join(stream.parts)
    assert "\x07" not in out and "\x0b" not in out and "]0;owned" in out
    assert "\\x1b]0;owned\\x07b [/x] [bold]c\\x0bd" in out


def test_show_and_the_error_boundary_escape_control_characters() -> None:
    """Plain output escapes them too: what `show` prints and what an error says."""
    import io

    from add_cli.cli.errors import report
    from add_cli.core.errors import AddError
    from add_cli.present.terminal import visible

    assert visible("a\x1b[2Jb\tc\nd") == "a\\x1b[2Jb\\tc\nd"
    stream = io.StringIO()
    report(AddError("usage", "no action '\x1b[2J'"), stream)
    assert stream.getvalue() == "add: no action '\\x1b[2J'\n"

"""Shared test set-up and helpers.

Every test gets its own empty plan cache and lock folder, so no test writes to the user's,
and every test speaks English (ADD_LANG=en) unless it asks for Dutch.
The helpers that many test files need are defined here once: `invoke` (run `add` in
process), `snapshot` (every file of a plan, to show that nothing changed), `build_case`
(a case of the invalid-plan corpus) and the `plan` fixture (a copy of the shipped plan).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from add_cli.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "plan"
"""The shipped plan: read it, never write it (take the `plan` fixture for that)."""
CORPUS = Path(__file__).parent / "invalid_plans"
"""One folder per finding code; see tests/test_invalid_plans.py."""

_runner = CliRunner()


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Each test gets its own empty plan cache."""
    directory = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("ADD_CACHE_DIR", str(directory))
    monkeypatch.delenv("ADD_NO_CACHE", raising=False)
    monkeypatch.setenv("ADD_LOCK_DIR", str(tmp_path_factory.mktemp("locks")))  # writers' locks
    # One language for every test (issue 16): English, so the assertions on text hold
    # whatever the machine's locale; tests of Dutch ask for it (--lang nl or ADD_LANG=nl).
    monkeypatch.setenv("ADD_LANG", "en")
    from add_cli.core.i18n import set_language

    set_language("en")
    return directory


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    """A copy of the shipped plan that a test may change."""
    copy = tmp_path / "plan"
    shutil.copytree(PLAN, copy)
    return copy


def make_plan(actions: int, target: Path) -> Path:
    """A synthetic plan of `actions` actions at `target`, made by benchmarks/make_plan.py."""
    import subprocess
    import sys

    maker = ROOT / "benchmarks" / "make_plan.py"
    subprocess.run(
        [sys.executable, str(maker), str(actions), str(target)], check=True, capture_output=True
    )
    return target


def invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Run `add ARGS` in process: (exit code, stdout, stderr). A bug's exception is raised."""
    result = _runner.invoke(app, list(args), env=env)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def snapshot(root: Path, folders: bool = False) -> dict[str, bytes]:
    """Every file below `root` by its relative path (and every folder, with `folders`)."""
    return {
        str(p.relative_to(root)): p.read_bytes() if p.is_file() else b"<dir>"
        for p in sorted(root.rglob("*"))
        if p.is_file() or (folders and p.is_dir())
    }


def build_case(case: str, target: Path) -> Path:
    """The corpus case `case` at `target`: the files of `_base`, with the case's files
    replacing them, and the files its DELETE lists removed."""
    shutil.copytree(CORPUS / "_base", target)
    source = CORPUS / case
    for file in source.rglob("*"):
        if file.is_dir() or file.name in {"expected.txt", "DELETE"}:
            continue
        dest = target / file.relative_to(source)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(file, dest)
    delete = source / "DELETE"
    if delete.exists():
        for name in delete.read_text().split():
            (target / name).unlink()
    return target

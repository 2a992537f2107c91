"""The add-validate hook of .pre-commit-hooks.yaml, run by pre-commit in a scratch repository.

pre-commit clones this repository at the current commit and pip-installs it into a virtual
environment of its own (`language: python`), which needs the package index. The test skips,
saying why, when pre-commit, git or this checkout's history are missing, or when the hook's
environment cannot be built; anything else that goes wrong fails it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "plan"
HOOKS = ".pre-commit-hooks.yaml"

GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@t",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@t",
}


def _pre_commit() -> list[str]:
    beside = Path(sys.executable).with_name("pre-commit")
    if beside.is_file():
        return [str(beside)]
    found = shutil.which("pre-commit")
    if found:
        return [found]
    pytest.skip("pre-commit is not installed (pip install pre-commit, a test extra)")


def _git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **GIT_ENV},
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip() or f"git {' '.join(args)} failed")
    return done.stdout.strip()


def _current_commit() -> str:
    """The commit of this checkout, which must hold the hooks file pre-commit will read."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    try:
        rev = _git(ROOT, "rev-parse", "HEAD")
        _git(ROOT, "cat-file", "-e", f"{rev}:{HOOKS}")
    except RuntimeError as exc:
        pytest.skip(f"this checkout's HEAD cannot serve the hook: {exc}")
    return rev


def _run(cmd: list[str], repo: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    # The hook's own environment must not see this test run's source tree or caches.
    for name in ("PYTHONPATH", "ADD_PLAN", "VIRTUAL_ENV"):
        env.pop(name, None)
    return subprocess.run(
        [*cmd, "run", "--all-files"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
        env=env,
        timeout=900,
    )


def _skip_when_the_environment_cannot_be_built(done: subprocess.CompletedProcess[str]) -> None:
    output = done.stdout + done.stderr
    if "An unexpected error has occurred" in output and (
        "Installing environment" in output or "CalledProcessError" in output
    ):
        log = output.strip().splitlines()[-3:]
        pytest.skip("pre-commit could not build the hook's environment: " + " | ".join(log))


def test_pre_commit_runs_add_validate_on_a_plan_repository(tmp_path: Path) -> None:
    """A clean plan passes the hook; a plan with an error fails it, naming the finding."""
    pre_commit = _pre_commit()
    rev = _current_commit()
    repo = tmp_path / "plans"
    shutil.copytree(PLAN, repo / "plan")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {ROOT.as_posix()}\n    rev: {rev}\n    hooks:\n"
        "      - id: add-validate\n",
        encoding="utf-8",
    )
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    home = tmp_path / "pre-commit-home"

    done = _run(pre_commit, repo, home)
    _skip_when_the_environment_cannot_be_built(done)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Validate the action plan with add" in done.stdout
    assert "Passed" in done.stdout

    actions = repo / "plan" / "actions.yaml"
    text = actions.read_text(encoding="utf-8")
    actions.write_text(text.replace("      lead: EZK\n", "      lead: XYZ\n", 1), encoding="utf-8")
    _git(repo, "add", "-A")
    done = _run(pre_commit, repo, home)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Failed" in done.stdout
    assert "error unknown-department" in done.stdout
    assert "plan/actions.yaml:" in done.stdout

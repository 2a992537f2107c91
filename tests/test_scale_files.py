"""A large plan spreads its actions over actions/*.yaml, beside or instead of actions.yaml."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from add_cli.cli.app import app
from add_cli.store import read as read_module
from add_cli.store.load import load
from add_cli.store.paths import plan_files

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()
HEADER = "schema_version: 1\nactions:\n"


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def split_plan(tmp_path: Path, keep_main: bool = True) -> Path:
    """The real plan with its actions from 2.b.3 on moved to actions/more.yaml."""
    plan = tmp_path / "plan"
    shutil.copytree(ROOT / "plan", plan)
    lines = (plan / "actions.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
    cut = lines.index("  - id: 2.b.3\n")
    (plan / "actions").mkdir()
    if keep_main:
        (plan / "actions.yaml").write_text("".join(lines[:cut]), encoding="utf-8")
        (plan / "actions" / "more.yaml").write_text(HEADER + "".join(lines[cut:]), "utf-8")
    else:
        start = lines.index("actions:\n") + 1
        (plan / "actions.yaml").unlink()
        (plan / "actions" / "a.yaml").write_text(HEADER + "".join(lines[start:cut]), "utf-8")
        (plan / "actions" / "b.yaml").write_text(HEADER + "".join(lines[cut:]), "utf-8")
    return plan


def test_split_plan_is_the_same_plan(tmp_path: Path) -> None:
    whole = load(ROOT / "plan")
    split = load(split_plan(tmp_path))
    assert split.ok and whole.plan is not None and split.plan is not None
    assert [a.id for a in split.plan.actions] == [a.id for a in whole.plan.actions]
    assert split.plan.actions[-1].source.path == "actions/more.yaml"
    code, out, err = invoke("validate", "--plan", str(tmp_path / "plan"))
    assert code == 0 and "0 errors" in err and "44 actions" in err
    # A warning of an action in the second file is placed in that file.
    assert any(
        ":warning" not in line and "plan/actions/more.yaml:" in line for line in out.splitlines()
    )


def test_actions_folder_instead_of_actions_yaml(tmp_path: Path) -> None:
    split = load(split_plan(tmp_path, keep_main=False))
    assert split.ok and split.plan is not None and len(split.plan.actions) == 44
    args = ("overdue", "--as-of", "2026-06-30", "--format", "json")
    code, out, _ = invoke(*args, "--plan", str(tmp_path / "plan"))
    assert code == 0 and '"id"' in out
    assert out == invoke(*args, "--plan", str(ROOT / "plan"))[1]


def test_problems_in_an_actions_file_are_placed_in_it(tmp_path: Path) -> None:
    plan = split_plan(tmp_path)
    more = plan / "actions" / "more.yaml"
    text = more.read_text(encoding="utf-8")
    # A schema error (a number for the title) and an id used in the other file too.
    text = text.replace("  - id: 2.b.3\n", "  - id: 1.a.1\n", 1)
    more.write_text(text + "  - id: 9.z.9\n    line: 4\n", encoding="utf-8")
    code, out, _ = invoke("validate", "--plan", str(plan))
    assert code == 1
    errors = [line for line in out.splitlines() if " error " in line]
    duplicate = (
        "plan/actions/more.yaml:3:9: error duplicate-id [1.a.1] action id 1.a.1 is also used"
    )
    assert any(line.endswith(f"{duplicate} at actions.yaml line 17") for line in errors), errors
    assert any(
        "plan/actions/more.yaml:" in line and " error schema [9.z.9]" in line for line in errors
    )


def test_actions_as_a_file_is_refused(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(ROOT / "plan", plan)
    (plan / "actions").write_text("not a folder\n", encoding="utf-8")
    result = load(plan)
    assert [f.code for f in result.load_errors] == ["not-a-file"]


def test_no_actions_at_all_is_missing_file(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(ROOT / "plan", plan)
    (plan / "actions.yaml").unlink()
    (plan / "actions").mkdir()
    assert [f.code for f in load(plan).load_errors] == ["missing-file"]


def test_the_whole_plan_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Many files each under the per-file limit still cannot make a plan of any size."""
    plan = split_plan(tmp_path)
    monkeypatch.setattr(read_module, "MAX_PLAN_BYTES", 60_000)
    result = load(plan)
    assert [f.code for f in result.load_errors] == ["file-too-large"]
    assert "in all" in result.load_errors[0].message


def test_the_cache_key_covers_the_actions_folder(tmp_path: Path) -> None:
    plan = split_plan(tmp_path)
    assert plan / "actions" / "more.yaml" in plan_files(plan)
    assert invoke("show", "2.b.3", "--plan", str(plan))[0] == 0
    more = plan / "actions" / "more.yaml"
    more.write_text(more.read_text(encoding="utf-8").replace("  - id: 2.b.3\n", "  - id: 2.b.33\n"))
    code, _out, _err = invoke("show", "2.b.3", "--plan", str(plan))
    assert code != 0


@pytest.mark.parametrize("keep_main", [True, False])
def test_a_second_process_shares_the_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, keep_main: bool
) -> None:
    """Forked reading (files of actions/ given to the second process) gives the same plan."""
    from add_cli.store import parallel

    whole = load(ROOT / "plan")
    monkeypatch.setattr(parallel, "PARALLEL_BYTES", 1000)
    split = load(split_plan(tmp_path, keep_main))
    assert split.ok and whole.plan is not None and split.plan is not None
    assert [a.id for a in split.plan.actions] == [a.id for a in whole.plan.actions]
    assert len(split.plan.progress) == len(whole.plan.progress)
    progress = [f"progress:{f.name}" for f in sorted((ROOT / "plan" / "progress").glob("*.yaml"))]
    files = ["actions", "ncdd", "actions:more.yaml"] if keep_main else ["ncdd", "actions:a.yaml"]
    files += [] if keep_main else ["actions:b.yaml"]
    assert list(split.docs) == ["plan", "departments", *files, *progress]


def test_overrides_are_read_once_and_let_go(tmp_path: Path) -> None:
    """The bytes hashed for the cache are what is read; each leaves once it is parsed,
    except a file two plan paths name, which both read from the same bytes."""
    plan = split_plan(tmp_path)
    more = plan / "actions" / "more.yaml"
    given = {f.resolve(): f.read_bytes() for f in plan_files(plan)}
    given[more.resolve()] = given[more.resolve()].replace(b"id: 2.b.3\n", b"id: 2.b.33\n")
    result = load(plan, overrides=given, consume=True)
    assert result.plan is not None and "2.b.33" in [a.id for a in result.plan.actions]
    assert given == {}
    (plan / "actions" / "same.yaml").symlink_to(more)
    given = {f.resolve(): f.read_bytes() for f in plan_files(plan)}
    given[more.resolve()] = given[more.resolve()].replace(b"id: 2.b.3\n", b"id: 2.b.33\n")
    result = load(plan, overrides=given, consume=True)
    assert list(given) == [more.resolve()]
    codes = [f.code for f in result.build_errors]
    assert "duplicate-id" in codes
    assert all("2.b.3]" not in f.message for f in result.build_errors)

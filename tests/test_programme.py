"""Issue 15: `add init`, `add carry-over` into the successor programme, several plans side by
side, and `add show` of a carried action with its whole history."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from tests.conftest import invoke as run
from tests.conftest import snapshot

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "plan"
TITLE = "Actieprogramma Duurzame Digitalisering 2026 – 2028"
runner = CliRunner()


@pytest.fixture
def plans(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the shipped plan and a fresh `add init` plan beside it."""
    old = tmp_path / "actieplan"
    shutil.copytree(SHIPPED, old)
    new = tmp_path / "programma"
    code, _, err = run("init", str(new), "--title", TITLE, "--id", "actieprogramma-2026")
    assert code == 0, err
    return old, new


def not_finished_in_october_2025() -> list[str]:
    """The actions the October 2025 report does not call finished, read from the file."""
    data = YAML(typ="safe").load((SHIPPED / "progress" / "2025-10-31.yaml").read_text("utf-8"))
    return [e["action"] for e in data["entries"] if e["state"] != "finished"]


def test_init_makes_an_empty_plan_that_validates(tmp_path: Path) -> None:
    """plan.yaml with id and title, the shipped departments, schemas, empty progress/."""
    new = tmp_path / "new"
    code, _, err = run("init", str(new), "--title", "Programma X", "--id", "programma-x")
    assert code == 0, err
    plan = YAML(typ="safe").load((new / "plan.yaml").read_text("utf-8"))
    assert plan["id"] == "programma-x" and plan["title"] == "Programma X"
    assert (new / "progress").is_dir() and not list((new / "progress").glob("*.yaml"))
    for name in ("plan", "actions", "departments"):
        line = (new / f"{name}.yaml").read_text("utf-8").splitlines()[0]
        schema = line.split("$schema=")[1]
        assert (new / schema).is_file(), line  # the editor's schema line resolves
    assert (new / "schemas" / "progress.schema.json").is_file()
    shipped = (SHIPPED / "departments.yaml").read_text("utf-8").splitlines()[1:]
    assert (new / "departments.yaml").read_text("utf-8").splitlines()[1:] == shipped
    code, out, err = run("validate", "--plan", str(new))
    assert code == 0 and "0 errors, 0 warnings" in err
    code, out, _ = run("status", "--plan", str(new), "--as-of", "2026-01-01")
    assert code == 0 and "No actions match." in out


def test_init_copies_departments_from_another_plan(tmp_path: Path) -> None:
    """--from PLAN: that plan's departments."""
    source = tmp_path / "source"
    shutil.copytree(ROOT / "tests" / "invalid_plans" / "_base", source)
    new = tmp_path / "new"
    assert run("init", str(new), "--title", "T", "--id", "t", "--from", str(source))[0] == 0
    assert (new / "departments.yaml").read_text("utf-8").splitlines()[1:] == (
        source / "departments.yaml"
    ).read_text("utf-8").splitlines()[1:]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--id", "Not A Slug", "--title", "T"], "slug"),
        (["--id", "ok", "--title", "bad\x07title"], "--title"),
    ],
)
def test_init_refuses_bad_input(tmp_path: Path, args: list[str], message: str) -> None:
    code, _, err = run("init", str(tmp_path / "new"), *args)
    assert code == 2 and message in err and not (tmp_path / "new").exists()


def test_init_refuses_a_folder_in_use(plans: tuple[Path, Path]) -> None:
    _old, new = plans
    before = snapshot(new)
    code, _, err = run("init", str(new), "--title", "T", "--id", "t")
    assert code == 2 and "not an empty folder" in err and snapshot(new) == before


def test_carry_over_the_shipped_plan_into_a_fresh_plan(plans: tuple[Path, Path]) -> None:
    """As of 2025-10-31, handed over 2026-01-01: exactly the actions the October 2025 report
    does not call finished move, texts kept; both plans validate; a second run adds nothing."""
    old, new = plans
    code, out, err = run(
        "carry-over",
        "--plan",
        str(old),
        "--to",
        str(new),
        "--as-of",
        "2025-10-31",
        "--on",
        "2026-01-01",
    )
    assert code == 0, err
    expected = not_finished_in_october_2025()
    assert len(expected) == 27
    moved = YAML(typ="safe").load((new / "actions.yaml").read_text("utf-8"))["actions"]
    assert [a["id"] for a in moved] == expected
    assert [line.split("\t")[0] for line in out.splitlines()] == expected
    source = {
        a["id"]: a
        for a in YAML(typ="safe").load((SHIPPED / "actions.yaml").read_text("utf-8"))["actions"]
    }
    for action in moved:
        was = source[action["id"]]
        assert action["continues"] == f"actieplan-2024/{action['id']}"
        assert action["line"] is None and "period" not in action["annex"]
        assert action["body"] == was["body"]
        assert action["annex"]["title"] == was["annex"]["title"]
    entries = YAML(typ="safe").load((old / "progress" / "2026-01-01.yaml").read_text("utf-8"))
    assert [e["action"] for e in entries["entries"]] == expected
    assert {e["state"] for e in entries["entries"]} == {"carried_over"}
    assert {e["text"] for e in entries["entries"]} == {f"meegenomen in {TITLE}"}
    # The October report is untouched.
    assert (old / "progress" / "2025-10-31.yaml").read_bytes() == (
        SHIPPED / "progress" / "2025-10-31.yaml"
    ).read_bytes()
    for folder in (old, new):
        code, out, err = run("validate", "--plan", str(folder))
        assert code == 0, out + err
    code, out, _ = run("validate", "--plan", str(new), "-f", "json")
    unplaced = [f for f in json.loads(out)["findings"] if f["code"] == "carried-unplaced"]
    assert len(unplaced) == 27
    # In the old plan, they are neither open nor late from the hand-over on.
    code, out, _ = run(
        "status", "--plan", str(old), "--as-of", "2026-01-02", "--state", "open", "-f", "json"
    )
    assert json.loads(out) == []
    code, out, _ = run("overdue", "--plan", str(old), "--as-of", "2026-06-01", "-f", "json")
    assert json.loads(out) == []
    # Twice: nothing added anywhere.
    before = snapshot(old.parent)
    code, _, err = run(
        "carry-over",
        "--plan",
        str(old),
        "--to",
        str(new),
        "--as-of",
        "2025-10-31",
        "--on",
        "2026-01-01",
    )
    assert code == 0 and "carried 0 actions" in err and "0 carried_over entries" in err
    assert snapshot(old.parent) == before


def test_carry_over_named_ids_and_dry_run(plans: tuple[Path, Path]) -> None:
    """--ids carries only those; --dry-run writes nothing; a finished action is refused."""
    old, new = plans
    before = snapshot(old.parent)
    code, _out, err = run(
        "carry-over",
        "--plan",
        str(old),
        "--to",
        str(new),
        "--on",
        "2026-01-01",
        "--ids",
        "1.c.2",
        "--ids",
        "kc3",
        "--dry-run",
    )
    assert code == 0 and "would carry 2 actions" in err
    assert snapshot(old.parent) == before
    code, _, err = run(
        "carry-over",
        "--plan",
        str(old),
        "--to",
        str(new),
        "--on",
        "2026-01-01",
        "--ids",
        "1.c.2",
    )
    assert code == 0
    moved = YAML(typ="safe").load((new / "actions.yaml").read_text("utf-8"))["actions"]
    assert [a["id"] for a in moved] == ["1.c.2"]
    code, _, err = run(
        "carry-over",
        "--plan",
        str(old),
        "--to",
        str(new),
        "--on",
        "2026-01-01",
        "--ids",
        "1.a.1",
    )
    assert code == 2 and "finished" in err


def test_carry_over_refuses_a_hand_over_after_today(plans: tuple[Path, Path]) -> None:
    old, new = plans
    before = snapshot(old.parent)
    code, _, err = run("carry-over", "--plan", str(old), "--to", str(new), "--on", "2999-01-01")
    assert code == 2 and "after today" in err and snapshot(old.parent) == before


def test_carry_over_needs_a_plan_to_go_to(plans: tuple[Path, Path], tmp_path: Path) -> None:
    old, _new = plans
    code, _, err = run("carry-over", "--plan", str(old), "--to", str(tmp_path / "nothing"))
    assert code == 2 and "add init" in err


def test_several_plans_side_by_side(plans: tuple[Path, Path]) -> None:
    """status/overdue/timeline with --plan twice: every plan's actions, with a plan column."""
    old, new = plans
    run(
        "carry-over",
        "--plan",
        str(old),
        "--to",
        str(new),
        "--as-of",
        "2025-10-31",
        "--on",
        "2026-01-01",
    )
    args = ["--plan", str(old), "--plan", str(new), "--as-of", "2026-02-01"]
    code, out, _ = run("status", *args, "-f", "json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 44 + 27
    assert {r["plan"] for r in rows} == {"actieplan-2024", "actieprogramma-2026"}
    carried = [r for r in rows if r["plan"] == "actieprogramma-2026"]
    assert all(r["continues"].startswith("actieplan-2024/") for r in carried)
    code, table, _ = run("status", *args)
    assert "Plan" in table and "actieprogramma-2026" in table
    code, out, _ = run("overdue", *args, "-f", "csv")
    assert code == 0 and out.splitlines()[0].endswith("plan")
    code, chart, _ = run("timeline", *args)
    assert code == 0 and "actieplan-2024: " in chart and "actieprogramma-2026: " in chart
    assert "27 action(s) on no action line yet, not drawn: 1.a.3" in chart
    code, _, err = run("timeline", *args, "-f", "svg")
    assert code == 2 and "one plan per svg" in err


def test_show_a_carried_action_with_its_whole_history(plans: tuple[Path, Path]) -> None:
    """The predecessor's entries first, found through a second --plan or plan.yaml."""
    old, new = plans
    run(
        "carry-over",
        "--plan",
        str(old),
        "--to",
        str(new),
        "--as-of",
        "2025-10-31",
        "--on",
        "2026-01-01",
    )
    code, out, err = run("show", "1.c.2", "--plan", str(new), "--plan", str(old), "-f", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["continues"] == "actieplan-2024/1.c.2"
    assert [(p["date"], p["state"]) for p in data["progress"]] == [
        ("2025-10-31", "in_progress"),
        ("2026-01-01", "carried_over"),
    ]
    assert {p["plan"] for p in data["progress"]} == {"actieplan-2024/1.c.2"}
    # Without the second --plan, plan.yaml's predecessor folder is read.
    text = (
        (new / "plan.yaml")
        .read_text("utf-8")
        .replace("lines: []", "predecessor: ../actieplan\nlines: []")
    )
    (new / "plan.yaml").write_text(text, "utf-8")
    code, out, _ = run("show", "1.c.2", "--plan", str(new))
    assert code == 0 and "Continues" in out and "[actieplan-2024/1.c.2]" in out
    assert out.index("2025-10-31") < out.index("2026-01-01")
    # Its period is unset until the team places it: no annex/body period difference is
    # shown (validate says so once, as carried-unplaced), as validate agrees.
    code, out, _ = run("show", "1.c.2", "--plan", str(new), "-f", "json")
    assert not [d for d in json.loads(out)["differences"] if "period" in d]


def test_a_new_plan_with_its_own_ids_records_progress_and_asks_departments(
    plans: tuple[Path, Path], tmp_path: Path
) -> None:
    """A plan made by `add init`, with printed codes of its own (`A1`), takes progress in a
    file whose `$schema` line resolves in that plan, and sends a questionnaire for it."""
    _old, new = plans
    actions = new / "actions.yaml"
    text = actions.read_text("utf-8")
    action = """  - id: A1
    line: '1'
    subline:
    annex:
      title: 'ACTIE A1: Nieuwe actie'
      departments: BZK
      lead: BZK
      partners: []
      period: Q1 2026 – Q4 2026
    body:
      title: 'ACTIE A1: Nieuwe actie'
      departments: BZK
      lead: BZK
      partners: []
      what: Iets nieuws.
      success: Als het er is.
      period: Q1 2026 – Q4 2026
"""
    plan_yaml = (new / "plan.yaml").read_text("utf-8")
    if "lines: []" in plan_yaml:
        plan_yaml = plan_yaml.replace(
            "lines: []",
            "lines:\n  - id: '1'\n    title: Lijn een\n    annex_heading: 'Actielijn 1: een'\n"
            "    sublines: []",
        )
        (new / "plan.yaml").write_text(plan_yaml, "utf-8")
    actions.write_text(text.replace("actions: []", "actions:\n" + action), "utf-8")
    code, out, err = run("validate", "--plan", str(new))
    assert code == 0, out + err
    code, _, err = run(
        "progress", "A1", "--state", "loopt", "--text", "Gestart.", "--date", "2026-02-01",
        "--plan", str(new),
    )  # fmt: skip
    assert code == 0, err
    written = (new / "progress" / "2026-02-01.yaml").read_text("utf-8")
    ref = written.splitlines()[0].split("$schema=")[1]
    assert (new / "progress" / ref).resolve().is_file(), ref
    code, _, err = run(
        "uitvraag", "export", "--dept", "BZK", "--as-of", "2026-03-01",
        "-o", str(tmp_path / "q.xlsx"), "--plan", str(new),
    )  # fmt: skip
    assert code == 0, err

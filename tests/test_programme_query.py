"""Issue 15 on the shipped plan: late starts, --state/--search/--role, status --by dept,
the new states and the annex export's title and headings from plan.yaml."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from add_cli.cli.app import app
from add_cli.core import query
from add_cli.core.model import State
from tests.conftest import invoke as run

ROOT = Path(__file__).resolve().parents[1]
PLAN = str(ROOT / "plan")
runner = CliRunner()


def rows_json(*args: str) -> list[dict[str, object]]:
    code, out, err = run(*args, "--plan", PLAN, "--format", "json")
    assert code == 0, err
    data: list[dict[str, object]] = json.loads(out)
    return data


def test_new_states_parse_in_english_and_dutch() -> None:
    """not_started and carried_over read from their names and their Dutch words."""
    assert State.parse("niet gestart") is State.NOT_STARTED
    assert State.parse("not-started") is State.NOT_STARTED
    assert State.parse("meegenomen") is State.CARRIED_OVER
    assert State.parse("carried over") is State.CARRIED_OVER


def test_late_start_and_finish_as_of_a_date() -> None:
    """As of 2024-10-01 nothing is reported: 1.a.1 (Q2–Q3 2024) started and finishes late,
    1.a.2 (from Q3 2024) only starts late, 1.c.1 (Gestart) never starts late."""
    by_id = {r["id"]: r for r in rows_json("overdue", "--as-of", "2024-10-01")}
    assert by_id["1.a.1"]["late"] == "both" and by_id["1.a.1"]["late_start"] is True
    assert by_id["1.a.2"]["late"] == "start" and by_id["1.a.2"]["overdue"] is False
    assert by_id["1.c.1"]["late"] == "end" and by_id["1.c.1"]["late_start"] is False
    assert "2.b.1" not in by_id and "1.a.4" not in by_id  # start Q1 2025, planned Q1 2025
    starts = {r["id"] for r in rows_json("overdue", "--as-of", "2024-10-01", "--kind", "start")}
    ends = {r["id"] for r in rows_json("overdue", "--as-of", "2024-10-01", "--kind", "end")}
    assert "1.a.2" in starts and "1.a.2" not in ends and "1.c.1" in ends - starts
    assert set(by_id) == starts | ends


def test_an_entry_ends_a_late_start_and_not_started_keeps_it(tmp_path: Path) -> None:
    """Any entry but `not_started` counts as a sign of a start."""
    plan = tmp_path / "plan"
    shutil.copytree(PLAN, plan)
    (plan / "progress" / "2024-10-01.yaml").write_text(
        "schema_version: 1\nreport:\n  title: Tussenstand\n  date: '2024-10-01'\nentries:\n"
        "  - action: 1.a.2\n    text: Nog niet begonnen.\n    state: not_started\n"
        "  - action: 2.b.3\n    text: Loopt.\n    state: in_progress\n",
        encoding="utf-8",
    )
    code, out, _ = run("overdue", "--plan", str(plan), "--as-of", "2024-10-02", "-f", "json")
    late = {r["id"]: r["late"] for r in json.loads(out)}
    assert late["1.a.2"] == "start" and "2.b.3" not in late
    code, out, _ = run("overdue", "--plan", str(plan), "--as-of", "2024-10-02", "--fail")
    assert code == 1 and "Late in" in out
    line = next(x for x in out.splitlines() if x.startswith("1.a.2"))
    assert " start " in line


def test_fail_counts_late_starts() -> None:
    """--fail exits 1 for late starts alone (--kind start)."""
    code, _, _ = run(
        "overdue", "--plan", PLAN, "--as-of", "2024-10-01", "--kind", "start", "--fail"
    )
    assert code == 1


def test_state_filter_open_and_by_name() -> None:
    """--state open: not finished, not carried; a state by its Dutch word; not_reported."""
    open_rows = rows_json("status", "--as-of", "2025-10-31", "--state", "open")
    assert len(open_rows) == 27 and all(r["state"] != "finished" for r in open_rows)
    done = rows_json("status", "--as-of", "2025-10-31", "--state", "afgerond")
    assert len(done) == 17 and {r["state"] for r in done} == {"finished"}
    none = rows_json("status", "--as-of", "2024-07-01", "--state", "not_reported")
    assert len(none) == 44
    code, _, err = run("status", "--plan", PLAN, "--state", "bijna")
    assert code == 2 and "open" in err


def test_search_ignores_case_and_accents() -> None:
    """beinvloeding finds beïnvloeding; DATACENTER finds the datacenter actions; ids match."""
    assert [r["id"] for r in rows_json("status", "--search", "beinvloeding")] == ["3.b.4"]
    found = {r["id"] for r in rows_json("status", "--search", "DATACENTER")}
    assert {"1.a.1", "1.a.3", "1.c.1"} <= found and "3.b.4" not in found
    assert [r["id"] for r in rows_json("status", "--search", "kc2")] == ["KC2"]
    assert query.fold("Beïnvloeding") == "beinvloeding"


def test_role_on_status_and_timeline() -> None:
    """--role partner on status: the actions a department joins (it leads none of them)."""
    joined = rows_json("status", "--dept", "BZK", "--role", "partner")
    assert joined and all(r["lead"] != "BZK" for r in joined)
    assert any(r["id"] == "1.b.1" for r in joined)
    code, out, _ = run(
        "timeline", "--plan", PLAN, "--dept", "BZK", "--role", "partner", "--as-of", "2025-11-01"
    )
    assert code == 0 and "1.b.1" in out and "1.c.2" not in out


def test_status_by_department() -> None:
    """A row per department: leads, joins, finished and late (EZK counts as EZ)."""
    code, out, _ = run(
        "status", "--plan", PLAN, "--as-of", "2025-11-01", "--by", "dept", "-f", "json"
    )
    rows = {r["department"]: r for r in json.loads(out)}
    assert code == 0 and "EZK" not in rows
    assert sum(r["leads"] for r in rows.values()) == 44
    assert rows["BZK"]["leads"] == 6 and rows["BZK"]["late"] >= 4
    code, table, _ = run("status", "--plan", PLAN, "--as-of", "2025-11-01", "--by", "dept")
    assert "Leads" in table and "BZK" in table


def test_late_start_in_the_table_timeline_and_working_annex() -> None:
    """The late start is visible in status, the timeline (mark S) and the working annex."""
    code, out, _ = run("status", "--plan", PLAN, "--as-of", "2024-10-01", "--line", "1")
    assert code == 0 and "START +1Q" in out and "Late start" in out
    code, out, _ = run("timeline", "--plan", PLAN, "--as-of", "2024-10-01", "--line", "1")
    assert code == 0 and "S." in out and "late start" in out
    code, svg, _ = run("timeline", "--plan", PLAN, "--as-of", "2024-10-01", "-f", "svg")
    assert code == 0 and "te laat gestart" in svg
    code, md, _ = run(
        "export", "bijlage1", "--plan", PLAN, "--with-status", "--as-of", "2024-10-01"
    )
    assert code == 0 and "start 1 kwartaal te laat" in md


def test_export_state_filter() -> None:
    """export bijlage1 --state open --with-status keeps only the open actions."""
    code, md, _ = run(
        "export",
        "bijlage1",
        "--plan",
        PLAN,
        "--with-status",
        "--as-of",
        "2025-10-31",
        "--state",
        "open",
    )
    assert code == 0 and md.count("| ACTIE") + md.count("| opstart") == 27


def test_annex_title_and_headings_come_from_plan_yaml(tmp_path: Path) -> None:
    """Another plan's annex export prints its own title and headings."""
    plan = tmp_path / "plan"
    shutil.copytree(PLAN, plan)
    text = (plan / "plan.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "headings: [Bijlage 1, Acties rijksoverheid]", "headings: [Bijlage A, Acties]"
    )
    (plan / "plan.yaml").write_text(text, encoding="utf-8")
    code, md, _ = run("export", "bijlage1", "--plan", str(plan))
    assert code == 0 and "Bijlage A" in md and "Acties rijksoverheid" not in md.split("\n\n")[1]


def test_carried_over_is_neither_open_nor_late() -> None:
    """A carried_over state closes the action: no late finish, no late start, not open."""
    from add_cli.checks.loaded import plan_for_reading
    from add_cli.core.model import ProgressEntry

    plan = plan_for_reading(Path(PLAN))
    action = plan.action("1.c.2")
    assert action is not None
    day = dt.date(2026, 2, 1)
    entry = ProgressEntry("1.c.2", dt.date(2026, 1, 1), "meegenomen in X", State.CARRIED_OVER)
    row = query.Row(action, entry, day)
    assert not row.overdue and not row.late_start and not row.is_open and row.late == ""
    assert query.filter_rows([row], query.OPEN) == []


@pytest.mark.parametrize("command", ["status", "overdue", "timeline"])
def test_several_plans_need_distinct_ids(command: str) -> None:
    """The same plan twice is refused: their rows could not be told apart."""
    code, _, err = run(command, "--plan", PLAN, "--plan", PLAN)
    assert code == 2 and "distinct ids" in err


def test_late_tables_fit_80_columns() -> None:
    """Piped at 80 columns, with late starts and carried columns, nothing runs over."""
    for args in (["overdue", "--as-of", "2024-10-01"], ["status", "--as-of", "2024-10-01"]):
        result = runner.invoke(app, [*args, "--plan", PLAN], env={"COLUMNS": "80"})
        assert result.exit_code == 0
        assert max(len(x) for x in result.stdout.splitlines()) <= 80

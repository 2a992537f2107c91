"""status, overdue and show on the real plan, pinned at fixed dates."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from add_cli.cli.app import app
from add_cli.present import terminal as render
from tests.conftest import invoke as shared_invoke

PLAN = str(Path(__file__).resolve().parents[1] / "plan")
runner = CliRunner()


def invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """`add ARGS --plan <the shipped plan>` (see conftest.invoke)."""
    return shared_invoke(*args, "--plan", PLAN, env=env)


def overdue_ids(*args: str) -> list[tuple[str, int]]:
    code, out, _ = invoke("overdue", "--format", "json", *args)
    assert code == 0
    return [(r["id"], r["quarters_late"]) for r in json.loads(out)]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # Before the first progress report: nothing reported, four actions past Q2 2024
        # (late finishes only: by default overdue also lists late starts, issue 15).
        (
            ["--as-of", "2024-07-01", "--kind", "end"],
            [("1.c.2", 1), ("2.a.2", 1), ("2.b.5", 1), ("2.c.3", 1)],
        ),
        (["--as-of", "2025-11-01", "--dept", "EZ"], [("1.b.1", 4)]),
        (["--as-of", "2025-11-01", "--dept", "EZK"], [("1.b.1", 4)]),
        (
            ["--as-of", "2026-01-01", "--dept", "EZ"],
            [("1.b.1", 5), ("2.c.1", 1), ("KC3", 1), ("3.a.4", 1), ("3.b.2", 1)],
        ),
        (
            ["--as-of", "2025-11-01", "--dept", "BZK"],
            [("1.c.2", 6), ("1.c.1", 5), ("1.b.3", 4), ("1.c.3", 4)],
        ),
        (
            ["--as-of", "2025-11-01", "--dept", "BZK", "--role", "partner"],
            [("1.b.1", 4)],
        ),
        (["--as-of", "2025-11-01", "--dept", "LNV"], [("2.b.2", 3)]),
        (["--as-of", "2025-11-01", "--dept", "IenW"], []),
        (["--as-of", "2025-11-01", "--dept", "BuZa", "--role", "any"], []),
    ],
)
def test_overdue_pinned(args: list[str], expected: list[tuple[str, int]]) -> None:
    """Overdue actions per department and date, most overdue first."""
    assert overdue_ids(*args) == expected


def test_an_expected_later_action_is_still_overdue() -> None:
    """'Verwacht in Q4 2026' does not excuse a Q4 2025 end; the expected quarter is shown."""
    code, out, _ = invoke("overdue", "--as-of", "2026-01-01", "--format", "json")
    assert code == 0
    row = next(r for r in json.loads(out) if r["id"] == "3.a.4")
    assert (row["state"], row["expected"], row["overdue"]) == ("expected", "2026-Q4", True)
    assert row["latest_progress"] == "Verwacht in Q4 2026."


def test_overdue_fail_flag() -> None:
    """--fail exits 1 when something is overdue, 0 when nothing is."""
    assert invoke("overdue", "--as-of", "2025-11-01", "--dept", "LNV", "--fail")[0] == 1
    assert invoke("overdue", "--as-of", "2025-11-01", "--dept", "IenW", "--fail")[0] == 0


def test_unknown_department_lists_known_codes() -> None:
    """An unknown code is a usage error naming the known codes."""
    code, _, err = invoke("overdue", "--dept", "XYZ")
    assert code == 2
    assert "unknown department 'XYZ'" in err
    assert "EZK" in err and "BuZa" in err


def test_status_before_the_first_report() -> None:
    """On 2024-01-01 nothing is finished and nothing is reported."""
    code, out, _ = invoke("status", "--as-of", "2024-01-01", "--format", "json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 44
    assert all(r["state"] is None and r["latest_progress"] is None for r in rows)
    assert not any(r["overdue"] for r in rows)


def test_status_json_shape() -> None:
    """Every documented field is present with its documented type."""
    code, out, _ = invoke("status", "--as-of", "2025-11-01", "--format", "json")
    rows = {r["id"]: r for r in json.loads(out)}
    assert code == 0
    assert rows["1.c.1"] == {
        "id": "1.c.1",
        "title": "Sturing op verduurzaming Overheidsdatacenters actualiseren (ODC's)",
        "line": "1",
        "subline": "1c",
        "lead": "BZK",
        "partners": [],
        "period": "Gestart, deadline Q3 2024",
        "start": None,
        "end": "2024-Q3",
        "deadline": "2024-09-30",
        "state": "in_progress",
        "overdue": True,
        "quarters_late": 5,
        "expected": None,
        "latest_progress": rows["1.c.1"]["latest_progress"],
        "latest_progress_date": "2025-10-31",
        "late_start": False,
        "late": "end",
        "continues": None,
        "plan": "actieplan-2024",
        "round": "2025-10-31",
        "updated_in_round": True,
    }
    assert rows["1.c.1"]["latest_progress"].startswith("Er is een gezamenlijk project")
    assert rows["3.b.1"]["title"] == "Overheidssamenwerking faciliteren"
    assert rows["2.a.4"]["deadline"] is None and rows["2.a.4"]["end"] is None


def test_status_tallies_after_the_report() -> None:
    """After the report: 17 of 44 finished; per line 2/13, 6/13, 9/18."""
    code, out, _ = invoke("status", "--as-of", "2025-11-01", env={"COLUMNS": "120"})
    assert code == 0
    totals = {m[1]: (m[2], m[3]) for m in re.finditer(r"^(\S+)\s.*?(\d+)/(\d+)\s+\d+$", out, re.M)}
    assert totals["1"] == ("2", "13")
    assert totals["2"] == ("6", "13")
    assert totals["3"] == ("9", "18")
    assert totals["total"] == ("17", "44")
    assert "LATE +6Q" in out  # 1.c.2


def test_status_filters() -> None:
    """--dept and --line select; an unknown line is a usage error."""
    code, out, _ = invoke("status", "--as-of", "2025-11-01", "--line", "1a", "-f", "json")
    assert [r["id"] for r in json.loads(out)] == ["1.a.1", "1.a.2", "1.a.3", "1.a.4"]
    code, out, _ = invoke("status", "--as-of", "2025-11-01", "--dept", "lnv", "-f", "json")
    assert [r["id"] for r in json.loads(out)] == ["2.b.2", "2.c.2"]
    code, _, err = invoke("status", "--line", "4")
    assert code == 2 and "1a" in err


def test_status_csv_and_markdown() -> None:
    """CSV parses back to 44 rows; Markdown is a table with a header and 44 rows."""
    _, out, _ = invoke("status", "--as-of", "2025-11-01", "--format", "csv")
    records = list(csv.DictReader(io.StringIO(out)))
    assert len(records) == 44 and records[0]["id"] == "1.a.1"
    assert records[7]["overdue"] == "yes"
    _, out, _ = invoke("status", "--as-of", "2025-11-01", "--format", "md")
    lines = out.splitlines()
    assert lines[0].startswith("| id | title |") and len(lines) == 46


def test_piped_output_is_plain_and_fits_80_columns() -> None:
    """Piped (as under the test runner): no escape codes, no box drawing, lines within 80."""
    for command in (["status"], ["overdue"]):
        code, out, _ = invoke(*command, "--as-of", "2025-11-01", env={"COLUMNS": "80"})
        assert code == 0
        assert "\x1b[" not in out
        assert not re.search("[─━│┃┌┐└┘├┤┬┴┼╭╮╯╰]", out)
        assert max(len(line) for line in out.splitlines()) <= 80


def test_plain_output_decision(monkeypatch: pytest.MonkeyPatch) -> None:
    """A terminal gets rich output unless NO_COLOR or TERM=dumb is set."""

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert render.plain_output(Tty()) is False
    assert render.plain_output(io.StringIO()) is True
    monkeypatch.setenv("NO_COLOR", "1")
    assert render.plain_output(Tty()) is True


def test_rich_table_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a terminal the table is drawn by rich (header rule), still within the width."""
    stream = io.StringIO()
    monkeypatch.setattr(render, "plain_output", lambda stream=None: False)
    monkeypatch.setenv("COLUMNS", "80")
    render.print_table(
        [render.Column("Id"), render.Column("Title", flex=True)],
        [["1.a.1", "x" * 200]],
        stream=stream,
    )
    text = stream.getvalue()
    assert "─" in text and "1.a.1" in text
    assert max(len(line) for line in text.splitlines()) <= 80


def test_show_everything_about_one_action() -> None:
    """show prints the annex row, body, schedule, progress, differences, references, NCDD."""
    code, out, _ = invoke("show", "1.C.4", "--as-of", "2025-11-01")
    assert code == 0
    for text in (
        "Start- en einddatum: 2021 – Q4 2030",
        "Deadline: 2030-12-31",
        "2025-10-31 in progress",
        "Annex and body differ",
        "Mentions: 1.b.4 (no such action)",
        "Referenced by: 1.c.6",
        "Duurzame IT-inkoop (werkgroep, Start Q1 2024)",
        "'lenW' -> 'IenW'",
    ):
        assert text in out, text


def test_show_json() -> None:
    """show --format json has the annex cells under their printed names."""
    code, out, _ = invoke("show", "3.b.1", "--format", "json", "--as-of", "2025-11-01")
    assert code == 0
    data = json.loads(out)
    assert data["annex"]["Actie"] == "ACTIE 3.b.1.: Overheidssamenwerking faciliteren"
    assert data["label"] == "3.b.1."
    assert data["progress"][0]["state"] == "on_schedule"


def test_show_unknown_id_suggests() -> None:
    """An unknown id exits 2 and suggests the closest ids."""
    code, _, err = invoke("show", "1.c.9")
    assert code == 2
    assert "did you mean 1.c.6" in err


def test_completion_is_installable() -> None:
    """Typer's shell completion options are offered."""
    result = runner.invoke(app, ["--help"])
    assert "--install-completion" in result.stdout


def test_every_label_is_defined_once_for_every_state_and_bar() -> None:
    """Each state (and not reported) and each timeline kind has all its labels; the Dutch
    state words are the ones State.parse reads."""
    from add_cli.core.model import STATE_LABELS, State
    from add_cli.core.query import state_names
    from add_cli.core.timeline import KINDS
    from add_cli.present import labels

    assert list(labels.STATE_LABELS_BY_NAME) == state_names()
    assert [labels.short(s) for s in state_names()] == [
        "done",
        "sched",
        "runs",
        "later",
        "uncl",
        "n/st",
        "carr",
        "n/r",
    ]
    for state in State:
        assert labels.dutch(state) == STATE_LABELS[state]
        assert State.parse(labels.dutch(state)) is state
    assert labels.english(None) == "not reported"
    assert labels.english("expected") == "expected later"
    assert set(labels.KIND_LABELS) == set(KINDS)
    for label in labels.KIND_LABELS.values():
        assert label.english and label.dutch and label.short and label.style
        assert label.colour.startswith("#") and len(label.mark) == 1

"""Reporting rounds: reporters, corrections, conflicts, the round's overview and status."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from add_cli.core.model import State, entry_key
from add_cli.core.query import latest_entry
from add_cli.core.rounds import conflicts, default_asked, is_round, report_of, round_for
from add_cli.store.load import load
from tests.conftest import invoke

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def progress(plan: Path, action: str, state: str, text: str, *more: str) -> tuple[int, str, str]:
    return invoke("progress", action, "--state", state, "--text", text, "--plan", str(plan), *more)


def open_round(plan: Path, day: str = "2026-06-30", *more: str) -> tuple[int, str, str]:
    args = ["uitvraag", "open", day, "--title", "Voortgang juni 2026", "--due", "2026-06-15"]
    return invoke(*args, "--plan", str(plan), *more)


def test_an_entry_on_its_own_does_not_shrink_the_overview(plan: Path) -> None:
    """The issue's new user: one entry on 2026-02-10 leaves `export voortgang` as published."""
    golden = (ROOT / "tests" / "golden" / "voortgang.md").read_text(encoding="utf-8")
    assert progress(plan, "1.c.5", "afgerond", "Afgerond.", "--date", "2026-02-10")[0] == 0
    code, out, _ = invoke("export", "voortgang", "--format", "md", "--plan", str(plan))
    assert code == 0 and out == golden
    loaded = load(plan).plan
    assert loaded is not None
    report = report_of(loaded, dt.date(2026, 2, 10))
    assert report is not None and not is_round(loaded, report)
    assert round_for(loaded, dt.date(2026, 3, 1)).date == dt.date(2025, 10, 31)  # type: ignore[union-attr]
    # Its own overview is every action, the one updated among them.
    code, out, _ = invoke("export", "voortgang", "--round", "2026-02-10", "--plan", str(plan))
    rows = [r for r in out.splitlines() if r.startswith("| ") and r[2].isalnum()][1:]
    assert len(rows) == 44 and sum(r.endswith("| ja |") for r in rows) == 1


def test_open_a_round(plan: Path) -> None:
    """The file holds title, date, due and the departments asked; opening it again is refused."""
    code, _, err = open_round(plan)
    assert code == 0, err
    loaded = load(plan).plan
    assert loaded is not None
    report = report_of(loaded, dt.date(2026, 6, 30))
    assert report is not None and report.due == dt.date(2026, 6, 15)
    assert report.asked == default_asked(loaded) == (
        "EZ", "BZ", "BZK", "IenW", "LNV", "OCW", "RVO", "NWO",
    )  # fmt: skip
    before = (plan / "progress" / "2026-06-30.yaml").read_bytes()
    code, _, err = open_round(plan)
    assert code == 2 and "exists already" in err
    assert (plan / "progress" / "2026-06-30.yaml").read_bytes() == before
    code, _, err = open_round(plan, "2026-07-31", "--dept", "XYZ")
    assert code == 2 and "unknown department 'XYZ'" in err
    assert not (plan / "progress" / "2026-07-31.yaml").exists()
    code, out, _ = open_round(plan, "2026-08-31", "--dept", "ezk", "--dept", "EZ")
    assert code == 0 and out.rstrip().endswith("asked EZ")  # EZK's successor, once


def test_answers_may_come_before_an_opened_rounds_date(plan: Path) -> None:
    """A round opened ahead takes entries dated its date; without the round they are refused."""
    ahead = (dt.date.today() + dt.timedelta(days=40)).isoformat()
    code, _, err = progress(plan, "1.c.5", "loopt", "Loopt.", "--date", ahead, "--by", "IenW")
    assert code == 2 and "after today" in err
    assert open_round(plan, ahead)[0] == 0
    code, _, err = progress(plan, "1.c.5", "loopt", "Loopt.", "--date", ahead, "--by", "IenW")
    assert code == 0, err


def test_one_entry_per_action_date_and_reporter(plan: Path) -> None:
    """A different second entry is refused naming --replace; --replace replaces it in place."""
    day = ("--date", "2026-02-10")
    assert progress(plan, "1.c.5", "loopt", "Eerste tekst.", *day, "--by", "IenW")[0] == 0
    target = plan / "progress" / "2026-02-10.yaml"
    before = target.read_text(encoding="utf-8")
    code, _, err = progress(plan, "1.c.5", "afgerond", "Afgerond.", *day, "--by", "ienw")
    assert code == 2 and "--replace" in err and "Eerste tekst." in err
    assert target.read_text(encoding="utf-8") == before
    # The same entry again is no second entry; another reporter's is its own.
    code, out, _ = progress(plan, "1.c.5", "loopt", "Eerste tekst.", *day, "--by", "IenW")
    assert code == 0 and "nothing written" in out
    assert progress(plan, "1.c.5", "loopt", "Eerste tekst.", *day, "--by", "EZ")[0] == 0
    code, out, err = progress(
        plan, "1.c.5", "afgerond", "Afgerond.", *day, "--by", "IenW", "--replace"
    )
    assert code == 0 and out.startswith("replaced 1.c.5"), err
    text = target.read_text(encoding="utf-8")
    assert "Eerste tekst." in text  # EZ's entry
    assert text.count("reported_by: IenW") == 1 and "Afgerond." in text
    loaded = load(plan).plan
    assert loaded is not None
    mine = [e for e in loaded.entries_for("1.c.5") if e.date == dt.date(2026, 2, 10)]
    assert [(e.reported_by, e.state) for e in mine] == [
        ("IenW", State.FINISHED),
        ("EZ", State.IN_PROGRESS),
    ]
    # The lead (IenW) speaks for the action, though EZ's entry comes later in the file.
    lead = latest_entry(loaded, "1.c.5", dt.date(2026, 2, 10))
    assert lead is not None and lead.reported_by == "IenW"


def test_the_reporter_is_part_of_the_same_entry_rule() -> None:
    """entry_key: the same words from another department are another entry."""
    day = dt.date(2026, 1, 1)
    a = entry_key("1.b.1", day, State.IN_PROGRESS, "x", None, "EZ")
    assert a == entry_key("1.B.1", day, State.IN_PROGRESS, "x", None, "ez")
    assert a != entry_key("1.b.1", day, State.IN_PROGRESS, "x", None, "BZK")
    assert a != entry_key("1.b.1", day, State.IN_PROGRESS, "x", None)


def test_a_partner_that_differs_is_a_conflict_never_an_override(plan: Path) -> None:
    """Lead EZ says loopt, partner BZK afgerond: the lead counts; same state is no conflict."""
    assert open_round(plan, "2026-06-30", "--dept", "EZ", "--dept", "BZK", "--dept", "IenW")[0] == 0
    day = ("--date", "2026-06-30")
    assert progress(plan, "1.b.1", "afgerond", "Klaar.", *day, "--by", "BZK")[0] == 0
    assert progress(plan, "1.b.1", "loopt", "Loopt nog.", *day, "--by", "EZ")[0] == 0
    assert progress(plan, "1.b.1", "loopt", "Anders gezegd.", *day, "--by", "IenW")[0] == 0
    loaded = load(plan).plan
    assert loaded is not None
    report = report_of(loaded, dt.date(2026, 6, 30))
    assert report is not None
    (conflict,) = conflicts(loaded, report)
    assert (conflict.action, conflict.lead.reported_by, conflict.partner.reported_by) == (
        "1.b.1", "EZ", "BZK",
    )  # fmt: skip
    entry = latest_entry(loaded, "1.b.1", dt.date(2026, 7, 1))
    assert entry is not None and entry.state is State.IN_PROGRESS
    code, out, _ = invoke("uitvraag", "status", "--plan", str(plan), "-f", "json", "--fail")
    assert code == 1
    data = json.loads(out)
    assert data["round"] == "2026-06-30" and data["asked"] == ["EZ", "BZK", "IenW"]
    assert data["answered_departments"] == 3 and data["due_passed"] is True
    assert data["conflicts"] == [
        {
            "action": "1.b.1",
            "lead": "EZ",
            "lead_state": "in_progress",
            "lead_text": "Loopt nog.",
            "partner": "BZK",
            "partner_state": "finished",
            "partner_text": "Klaar.",
        }
    ]
    ez = next(d for d in data["departments"] if d["department"] == "EZ")
    assert ez["answered"] == ["1.b.1"] and "1.a.1" in ez["open"]


def test_status_fail_is_clean_once_every_answer_is_in(plan: Path) -> None:
    """--fail exits 0 when no department asked has an open action."""
    assert open_round(plan, "2026-06-30", "--dept", "NWO")[0] == 0
    code, out, _ = invoke("uitvraag", "status", "--plan", str(plan), "--fail")
    assert code == 1 and "0 of 1 departments asked have answered" in out
    assert progress(plan, "1.b.2", "loopt", "Loopt.", "--date", "2026-06-30", "--by", "NWO")[0] == 0
    code, out, _ = invoke("uitvraag", "status", "--plan", str(plan), "--fail")
    assert code == 0 and "1 of 1 departments asked have answered" in out


def test_import_many_files_one_failing(plan: Path, tmp_path: Path) -> None:
    """A folder and a file: the bad one is reported, the good ones go in (exit 2)."""
    assert open_round(plan, "2026-06-30", "--dept", "RVO", "--dept", "LNV")[0] == 0
    out_dir = tmp_path / "out"
    code, _, err = invoke(
        "uitvraag", "export", "--round", "2026-06-30", "-o", str(out_dir), "--plan", str(plan)
    )
    assert code == 0, err
    rvo, lnv = out_dir / "uitvraag-2026-06-30-RVO.xlsx", out_dir / "uitvraag-2026-06-30-LNV.xlsx"
    for path, state in ((rvo, "afgerond"), (lnv, "klaar")):
        wb = openpyxl.load_workbook(path)
        wb["Uitvraag"]["J4"], wb["Uitvraag"]["K4"] = state, "Antwoord."
        wb.save(path)
    (out_dir / "~$uitvraag-2026-06-30-RVO.xlsx").write_bytes(b"lock")
    code, _, err = invoke("uitvraag", "import", str(out_dir), "--plan", str(plan))
    assert code == 2
    assert "uitvraag-2026-06-30-LNV.xlsx:Uitvraag!J4: error bad-state" in err
    assert "1 of 2 files were not recorded" in err and "~$" not in err
    loaded = load(plan).plan
    assert loaded is not None
    report = report_of(loaded, dt.date(2026, 6, 30))
    assert report is not None
    (entry,) = loaded.entries_of(report)
    assert (entry.action, entry.reported_by, entry.source_file) == (
        "2.a.2", "RVO", "uitvraag-2026-06-30-RVO.xlsx",
    )  # fmt: skip
    code, _, err = invoke("uitvraag", "import", str(tmp_path / "nothing"), "--plan", str(plan))
    assert code == 2 and "no such file" in err


def test_export_needs_an_existing_round(plan: Path, tmp_path: Path) -> None:
    """--round names an opened round; --as-of does not go with it."""
    args = [
        "uitvraag",
        "export",
        "--round",
        "2026-06-30",
        "-o",
        str(tmp_path / "d"),
        "--plan",
        str(plan),
    ]
    code, _, err = invoke(*args)
    assert code == 2 and "add uitvraag open 2026-06-30" in err
    code, _, err = invoke(*args, "--as-of", "2026-01-01")
    assert code == 2
    code, _, err = invoke("uitvraag", "export", "-o", str(tmp_path / "x.xlsx"), "--plan", str(plan))
    assert code == 2 and "--dept" in err


def test_the_questionnaire_says_since_when_an_action_is_late(plan: Path, tmp_path: Path) -> None:
    """The last column: the day after the deadline for a late action, empty otherwise."""
    out = tmp_path / "q.xlsx"
    args = ["uitvraag", "export", "--dept", "BZK", "--as-of", "2026-01-01", "-o", str(out)]
    assert invoke(*args, "--plan", str(plan))[0] == 0
    ws = openpyxl.load_workbook(out)["Uitvraag"]
    assert ws.cell(3, 13).value == "Te laat sinds"
    rows = {r[0]: r for r in ws.iter_rows(min_row=4, values_only=True)}
    assert rows["1.c.2"][12] == "2024-07-01"  # deadline Q2 2024, still running
    assert rows["2.b.5"][12] in (None, "")  # finished
    assert ws.page_setup.fitToHeight == 0 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert all((ws.row_dimensions[r].height or 0) >= 17 for r in range(4, ws.max_row + 1))

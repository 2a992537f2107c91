"""The questionnaire round trip: what is sent is recorded, and only that is read back."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from add_cli.checks import answers
from add_cli.core.model import Quarter, State
from add_cli.store import questionnaires, yamlread
from add_cli.store.load import load
from tests.conftest import invoke, snapshot

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "plan"
runner = CliRunner()
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def fill(path: Path, answers: dict[int, tuple[str | None, str | None, str | None]]) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb["Uitvraag"]
    for row, (state, text, quarter) in answers.items():
        ws[f"J{row}"], ws[f"K{row}"], ws[f"L{row}"] = state, text, quarter
    wb.save(path)


def export_questionnaire(plan: Path, tmp_path: Path, dept: str = "BZK") -> Path:
    out = tmp_path / f"uitvraag-{dept}.xlsx"
    code, _, err = invoke(
        "uitvraag", "export", "--dept", dept, "--as-of", "2026-01-01", "-o", str(out),
        "--plan", str(plan),
    )  # fmt: skip
    assert code == 0, err
    return out


def import_(plan: Path, path: Path, *more: str) -> tuple[int, str, str]:
    day = ("--date", "2026-01-20")
    return invoke("uitvraag", "import", str(path), *day, "--plan", str(plan), *more)


def edit(path: Path, changes: dict[str, str | None], sheet: str = "Uitvraag") -> None:
    wb = openpyxl.load_workbook(path)
    for cell, value in changes.items():
        wb[sheet][cell] = value
    wb.save(path)


# ------------------------------------------------------------------ export


def test_questionnaire_contents(plan: Path, tmp_path: Path) -> None:
    """The department's actions as lead and partner, latest state, protected but the answers."""
    path = export_questionnaire(plan, tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Uitvraag"]
    assert wb["_add"].sheet_state == "veryHidden"
    rows = {r[0]: r for r in ws.iter_rows(min_row=4, values_only=True)}
    assert rows["1.c.2"][1] == "trekker" and rows["1.b.1"][1] == "partner"
    assert rows["1.c.2"][5] == "2024-06-30" and rows["1.c.2"][6] == "loopt"
    assert ws.protection.sheet is True
    assert ws["C4"].protection.locked is True and ws["J4"].protection.locked is False
    (validation,) = ws.data_validations.dataValidation
    assert "ligt op schema" in validation.formula1 and "J4" in str(validation.sqref)


def test_export_records_what_was_sent(plan: Path, tmp_path: Path) -> None:
    """The plan gets questionnaires/<as-of>-<DEPT>.yaml; the workbook carries only its key."""
    path = export_questionnaire(plan, tmp_path)
    record = plan / "questionnaires" / "2026-01-01-BZK.yaml"
    data = yamlread.read(record).data
    assert data["department"] == "BZK" and data["as_of"] == "2026-01-01"
    assert data["made"] == dt.date.today().isoformat()
    assert re.fullmatch("[0-9a-f]{32}", data["key"])
    ws = openpyxl.load_workbook(path)["Uitvraag"]
    ids = [r[0] for r in ws.iter_rows(min_row=4, max_col=1, values_only=True)]
    assert data["actions"] == ids
    meta = openpyxl.load_workbook(path)["_add"]
    values = [c for row in meta.iter_rows(values_only=True) for c in row if c]
    assert values == ["format", "add-uitvraag/2", "sleutel", data["key"]]
    sent, bad = questionnaires.find(plan, data["key"])
    assert sent is not None and not bad and list(sent.actions) == ids
    # The plan still loads clean with the new folder in it.
    assert load(plan).ok and invoke("validate", "--plan", str(plan))[0] == 0


def test_role_chooses_the_actions_asked_about(plan: Path, tmp_path: Path) -> None:
    """--role lead asks about the actions BZK leads, partner the ones it joins; the default
    (any) both, and the record holds exactly what was asked."""
    asked = {}
    for role in ("lead", "partner", "any"):
        out = tmp_path / f"{role}.xlsx"
        code, _, err = invoke(
            "uitvraag", "export", "--dept", "BZK", "--role", role, "--as-of", "2026-01-01",
            "-o", str(out), "--plan", str(plan),
        )  # fmt: skip
        assert code == 0, err
        record = yamlread.read(plan / "questionnaires" / "2026-01-01-BZK.yaml").data
        asked[role] = set(record["actions"])
    assert asked["lead"] and asked["partner"] and not asked["lead"] & asked["partner"]
    assert asked["any"] == asked["lead"] | asked["partner"]


@pytest.mark.parametrize("actions", [[], ["1.a.1", "KC2"]])
def test_record_round_trip(tmp_path: Path, actions: list[str]) -> None:
    """A record is written, validated against its schema and found by its key only."""
    sent = questionnaires.new("IenW", dt.date(2026, 1, 1), dt.date(2026, 1, 2), actions)
    path = questionnaires.write(tmp_path, sent)
    assert path == tmp_path / "questionnaires" / "2026-01-01-IenW.yaml"
    assert questionnaires.find(tmp_path, sent.key) == (sent, [])
    assert questionnaires.find(tmp_path, "f" * 32) == (None, [])
    assert questionnaires.find(tmp_path, "not a key") == (None, [])
    bad = questionnaires.Sent("../x", sent.as_of, sent.made, sent.key, ())
    with pytest.raises(ValueError, match="schema"):
        questionnaires.write(tmp_path, bad)


def test_export_needs_a_writable_plan(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The packaged plan is read-only: export refuses before writing the workbook."""
    from add_cli.store import paths

    monkeypatch.setattr(paths, "is_packaged", lambda root: True)
    out = tmp_path / "u.xlsx"
    code, _, err = invoke("uitvraag", "export", "--dept", "BZK", "-o", str(out))
    assert code == 2 and "read-only" in err and not out.exists()


def test_questionnaire_prints_readably(plan: Path, tmp_path: Path) -> None:
    """A4 landscape fitted to the width only, header repeated, rows as tall as their text."""
    ws = openpyxl.load_workbook(export_questionnaire(plan, tmp_path))["Uitvraag"]
    setup = ws.page_setup
    assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == (
        "landscape", 9, 1, 0,
    )  # fmt: skip
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.print_title_rows == "$3:$3"
    assert "A2:L2" in {str(r) for r in ws.merged_cells.ranges}
    assert ws.row_dimensions[2].height >= 30  # the instruction wraps within the table
    heights = {ws.cell(r, 1).value: ws.row_dimensions[r].height for r in range(4, ws.max_row + 1)}
    long_row = max(range(4, ws.max_row + 1), key=lambda r: len(str(ws.cell(r, 8).value or "")))
    assert ws.row_dimensions[long_row].height > 2 * 15
    assert all(h and h >= 17 for h in heights.values())


def test_a_plan_text_with_control_characters_is_refused_not_crashed(
    plan: Path, tmp_path: Path
) -> None:
    """Validate calls a control character an error, so the export refuses the plan (exit 2,
    the finding named); the workbook writer itself marks such a character, never crashes."""
    from add_cli.present.questionnaire import build, prepare

    report = plan / "progress" / "2025-10-31.yaml"
    text = report.read_text(encoding="utf-8")
    first = re.search(r"^    text: (.+)$", text, re.M)
    assert first is not None
    text = text.replace(first.group(0), '    text: "Bel\\a en\\x0bverder"', 1)
    report.write_text(text, encoding="utf-8")
    out = tmp_path / "u.xlsx"
    code, _, err = invoke(
        "uitvraag", "export", "--dept", "BZK", "--as-of", "2026-01-01", "-o", str(out),
        "--plan", str(plan),
    )  # fmt: skip
    assert code == 2 and "control-character" in err and not out.exists()
    loaded = load(plan).plan
    assert loaded is not None
    built = build(loaded, prepare(loaded, "BZK", dt.date(2026, 1, 1), dt.date(2026, 1, 2)))
    sheet = openpyxl.load_workbook(io.BytesIO(built.data))["Uitvraag"]
    values = [c for r in sheet.values for c in r if c]
    assert "Bel\u2407 en\u240bverder" in values
    assert built.marked == 1


def test_text_cell_replaces_control_characters() -> None:
    """The shared text cell writes a visible marker for each control character."""
    from openpyxl import Workbook

    from add_cli.present.workbook import printable, text_cell

    ws = Workbook().active
    assert ws is not None
    cell = text_cell(ws, 1, 1, "a\x00b\x07c\td\ne\x1f\ufffe")
    assert cell.value == "a\u2400b\u2407c\td\ne\u241f\ufffd"
    assert printable("plain") == "plain"
    out = io.BytesIO()
    ws.parent.save(out)  # would raise IllegalCharacterError with the raw text


# ------------------------------------------------------------------ import


def test_questionnaire_round_trip(plan: Path, tmp_path: Path) -> None:
    """Answers come back as entries in one write; a second import records nothing new."""
    path = export_questionnaire(plan, tmp_path)
    fill(
        path,
        {
            4: ("loopt", "Nieuw overleg gepland.", None),
            6: ("verwacht later", "KPI volgt.", "Q2 2026"),
        },
    )
    before = snapshot(plan)
    code, _, err = import_(plan, path, "--dry-run")
    assert code == 0, err
    assert snapshot(plan) == before
    code, out, err = import_(plan, path)
    assert code == 0, err
    assert "Recorded 2 entries" in out
    new = [e for e in load(plan).plan.progress if e.date == dt.date(2026, 1, 20)]  # type: ignore[union-attr]
    assert [(e.action, e.state, e.expected) for e in new] == [
        ("1.a.1", State.IN_PROGRESS, None),
        ("1.b.3", State.EXPECTED, Quarter(2026, 2)),
    ]
    after = snapshot(plan)
    code, _, err = import_(plan, path)
    assert code == 0 and "already recorded" in err
    assert snapshot(plan) == after


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"J5": "klaar", "K5": "x"}, "Uitvraag!J5: error bad-state [1.b.1] 'klaar' is not a state"),
        ({"K5": "zonder stand"}, "Uitvraag!J5: error missing-state [1.b.1] Nieuwe stand is empty"),
        ({"J5": "loopt"}, "Uitvraag!K5: error missing-text [1.b.1] Nieuwe voortgang is empty"),
        ({"J5": "verwacht later", "K5": "x", "L5": "2026Q9"}, "Uitvraag!L5: error bad-quarter"),
        (
            {"J5": "loopt", "K5": "x", "L5": "2026-Q1"},
            "Uitvraag!L5: error quarter-without-expected [1.b.1] Verwacht kwartaal only with "
            "stand 'verwacht later'",
        ),
        ({"A5": "9.z.9"}, "Uitvraag!A5: error id-changed [1.b.1] id '9.z.9', but this row was"),
        ({"C3": "Titel"}, "Uitvraag!C3: error header-changed header 'Titel'"),
        ({"A40": "1.a.1", "J40": "loopt", "K40": "x"}, "Uitvraag!A40: error extra-row a row that"),
        ({"J5": "loopt", "K5": "Bel_x0007_"}, "Uitvraag!K5: error control-character [1.b.1]"),
    ],
)
def test_invalid_or_tampered_answers_write_nothing(
    plan: Path, tmp_path: Path, change: dict[str, str], expected: str
) -> None:
    """Every problem names file, sheet, row and column; exit 2 and the plan is untouched."""
    path = export_questionnaire(plan, tmp_path)
    edit(path, {"J4": "loopt", "K4": "Een geldig antwoord.", **change})
    before = snapshot(plan)
    code, _, err = invoke("uitvraag", "import", str(path), "--plan", str(plan))
    assert code == 2
    assert f"uitvraag-BZK.xlsx:{expected}" in err
    assert "nothing was recorded" in err
    assert snapshot(plan) == before


def test_answers_only_for_the_department_and_actions_sent(plan: Path, tmp_path: Path) -> None:
    """A workbook cannot claim another department or other actions: the record decides."""
    bzk = export_questionnaire(plan, tmp_path, "BZK")
    ez = export_questionnaire(plan, tmp_path, "EZ")
    ez_ids = questionnaires.find(plan, _key(ez))[0].actions  # type: ignore[union-attr]
    bzk_ids = questionnaires.find(plan, _key(bzk))[0].actions  # type: ignore[union-attr]
    foreign = next(a for a in ez_ids if a not in bzk_ids)
    # Rewriting column A to another department's action is an edited id.
    edit(bzk, {"A4": foreign, "J4": "afgerond", "K4": "Gedaan."})
    code, _, err = import_(plan, bzk)
    assert code == 2 and f"Uitvraag!A4: error id-changed [{bzk_ids[0]}] id '{foreign}'" in err
    # A key that is not a record's key (the hidden sheet edited) is refused.
    edit(bzk, {"A4": bzk_ids[0], "B2": "0" * 32}, sheet="_add")
    code, _, err = import_(plan, bzk)
    assert code == 2 and "_add!B2: error unknown-questionnaire" in err


def _key(path: Path) -> str:
    return str(openpyxl.load_workbook(path)["_add"]["B2"].value)


def test_only_the_newest_questionnaire_is_accepted(plan: Path, tmp_path: Path) -> None:
    """Exporting again for the same date and department replaces the key."""
    old = export_questionnaire(plan, tmp_path)
    shutil.move(old, tmp_path / "old.xlsx")
    new = export_questionnaire(plan, tmp_path)
    assert _key(new) != _key(tmp_path / "old.xlsx")
    assert len(list((plan / "questionnaires").iterdir())) == 1
    fill(tmp_path / "old.xlsx", {4: ("loopt", "x", None)})
    code, _, err = import_(plan, tmp_path / "old.xlsx")
    assert code == 2 and "unknown-questionnaire" in err
    fill(new, {4: ("loopt", "x", None)})
    assert import_(plan, new)[0] == 0


def test_a_broken_record_is_reported(plan: Path, tmp_path: Path) -> None:
    """A record file that fails its schema is named when no record matches the key."""
    path = export_questionnaire(plan, tmp_path)
    record = plan / "questionnaires" / "2026-01-01-BZK.yaml"
    record.write_text(record.read_text().replace("department:", "dept:"))
    code, _, err = import_(plan, path)
    assert code == 2 and "record-unreadable" in err and "2026-01-01-BZK.yaml" in err


def test_problem_lines_are_capped(plan: Path, tmp_path: Path) -> None:
    """At most 50 problem lines, then a count."""
    path = export_questionnaire(plan, tmp_path)
    rows = len(questionnaires.find(plan, _key(path))[0].actions)  # type: ignore[union-attr]
    edit(path, {f"A{r}": "x" for r in range(4, 4 + rows + answers.ROW_MARGIN)})
    code, _, err = import_(plan, path)
    lines = [ln for ln in err.splitlines() if ": error " in ln]
    assert code == 2 and len(lines) == 50
    assert f"... and {rows + answers.ROW_MARGIN - 50} more\n" in err

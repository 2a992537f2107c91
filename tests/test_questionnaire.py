"""The questionnaire round trip: what is sent is recorded, and only that is read back."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import time
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from add_cli.checks import answers
from add_cli.cli.app import app
from add_cli.core.errors import AddError
from add_cli.core.model import Quarter, State
from add_cli.store import questionnaires, yamlread
from add_cli.store.load import load

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "plan"
runner = CliRunner()
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    copy = tmp_path / "plan"
    shutil.copytree(PLAN, copy)
    return copy


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".add.lock"
    }


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


def test_export_survives_control_characters(plan: Path, tmp_path: Path) -> None:
    """A control character in a plan text is shown as a marker and reported, not a crash."""
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
    assert code == 0, err
    values = [c for r in openpyxl.load_workbook(out)["Uitvraag"].values for c in r if c]
    assert "Bel\u2407 en\u240bverder" in values
    assert "1 plan texts contain control characters" in err


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
    assert f"... and {rows + answers.ROW_MARGIN - 50} more problems" in err


# ------------------------------------------------------------------ hostile files


def _zip(entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buffer.getvalue()


def _replace_part(
    path: Path, part: str, data: bytes, compression: int = zipfile.ZIP_DEFLATED
) -> None:
    with zipfile.ZipFile(path) as z:
        entries = {i.filename: z.read(i) for i in z.infolist()}
    entries[part] = data
    path.write_bytes(_zip(entries, compression))


def _refused(plan: Path, path: Path, code_name: str) -> str:
    code, out, err = import_(plan, path)
    assert code == 2, err
    assert "Traceback" not in out + err
    assert f"{path.name}" in err and f"error {code_name}" in err, err
    return err


@pytest.mark.parametrize(
    ("name", "content", "code", "says"),
    [
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "not-xlsx", ".xls"),
        ("data.csv", b"Id;Nieuwe stand\n1.a.1;loopt\n", "not-xlsx", "csv"),
        ("empty.xlsx", b"", "not-xlsx", "empty"),
        ("kapot.xlsx", b"PK\x03\x04 broken", "not-xlsx", "zip"),
        ("other.zip", _zip({"readme.txt": b"hello"}), "not-xlsx", "not an Excel workbook"),
        (
            "sheet.ods",
            _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}),
            "not-xlsx",
            ".ods",
        ),
        ("many.xlsx", _zip({f"f{i}.xml": b"<a/>" for i in range(500)}), "workbook-too-large", ""),
    ],
)
def test_files_that_are_not_questionnaires(
    plan: Path, tmp_path: Path, name: str, content: bytes, code: str, says: str
) -> None:
    """One clear line and exit 2, never a traceback."""
    path = tmp_path / name
    path.write_bytes(content)
    err = _refused(plan, path, code)
    assert says in err


def test_broken_xml_in_the_sheet(plan: Path, tmp_path: Path) -> None:
    path = export_questionnaire(plan, tmp_path)
    _replace_part(path, "xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row>")
    _refused(plan, path, "workbook-broken")


def test_entity_declarations_are_refused(plan: Path, tmp_path: Path) -> None:
    path = export_questionnaire(plan, tmp_path)
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet/>'
    _replace_part(path, "xl/worksheets/sheet1.xml", bomb)
    _refused(plan, path, "workbook-broken")


@pytest.mark.parametrize("kind", ["chartsheet", "extra sheet", "no hidden sheet"])
def test_workbooks_with_other_sheets(plan: Path, tmp_path: Path, kind: str) -> None:
    path = export_questionnaire(plan, tmp_path)
    wb = openpyxl.load_workbook(path)
    if kind == "chartsheet":
        wb.create_chartsheet("Grafiek")
    elif kind == "extra sheet":
        wb.create_sheet("Notities")
    else:
        del wb["_add"]
    wb.save(path)
    err = _refused(plan, path, "not-questionnaire")
    assert "not an add questionnaire" in err
    if kind == "chartsheet":
        assert "chartsheet" in err


def _bounded(plan: Path, path: Path, code: str, says: str = "") -> None:
    """Refused within 3 s, and within 200 MB of Python allocations (measured in a second
    run: tracemalloc slows the first down)."""
    the_plan = load(plan).plan
    assert the_plan is not None
    day = dt.date(2026, 1, 20)
    start = time.perf_counter()
    with pytest.raises(AddError) as caught:
        answers.read(path, plan, the_plan, day)
    elapsed = time.perf_counter() - start
    assert caught.value.code == "questionnaire"
    assert [f.code for f in caught.value.findings] == [code]
    assert says in caught.value.findings[0].message
    tracemalloc.start()
    try:
        with pytest.raises(AddError):
            answers.read(path, plan, the_plan, day)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < 3 and peak < 200 * 1024 * 1024, (elapsed, peak)


def test_a_zip_bomb_is_refused_before_unpacking(plan: Path, tmp_path: Path) -> None:
    path = export_questionnaire(plan, tmp_path)
    _replace_part(path, "xl/worksheets/sheet1.xml", b" " * (30 * 1024 * 1024))
    assert path.stat().st_size < 200_000
    _bounded(plan, path, "workbook-too-large")


def test_a_compressed_sheet_under_the_total_is_refused_by_ratio(plan: Path, tmp_path: Path) -> None:
    path = export_questionnaire(plan, tmp_path)
    _replace_part(path, "xl/worksheets/sheet1.xml", b"<" * (10 * 1024 * 1024))
    _bounded(plan, path, "workbook-too-large")


def test_a_cell_far_below_the_questions_is_refused_quickly(plan: Path, tmp_path: Path) -> None:
    """One value at row 1,048,576 (a few kB on disk) is refused at once, naming the cell."""
    path = export_questionnaire(plan, tmp_path)
    edit(path, {"K1048576": "x"})
    _bounded(plan, path, "outside-questionnaire")
    err = _refused(plan, path, "outside-questionnaire")
    assert "Uitvraag!K1048576" in err


def test_many_formatted_cells_are_bounded(plan: Path, tmp_path: Path) -> None:
    """A sheet of empty styled cells is read in bounded time and refused past a count."""
    path = export_questionnaire(plan, tmp_path)
    cells = b"".join(b'<row r="%d"><c r="A%d" s="1"/></row>' % (r, r) for r in range(1, 100_001))
    cells += b'<row s="1" customFormat="1"/>' * 200_000
    sheet = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData>" + cells + b"</sheetData></worksheet>"
    )
    _replace_part(path, "xl/worksheets/sheet1.xml", sheet)
    _bounded(plan, path, "workbook-too-large")


@pytest.mark.parametrize(
    ("part", "data"),
    [
        (
            "xl/worksheets/sheet1.xml",
            f'<worksheet xmlns="{NS}"><sheetData>'.encode()
            + b"<x/>" * 300_000
            + b"</sheetData></worksheet>",
        ),
        (
            "xl/workbook.xml",
            f'<workbook xmlns="{NS}">'.encode() + b"<x/>" * 300_000 + b"</workbook>",
        ),
    ],
    ids=["sheet of many elements", "workbook part of many elements"],
)
def test_many_elements_are_bounded(plan: Path, tmp_path: Path, part: str, data: bytes) -> None:
    """Elements that are no cells are bounded as well (stored, so no ratio check applies)."""
    path = export_questionnaire(plan, tmp_path)
    _replace_part(path, part, data, zipfile.ZIP_STORED)
    _bounded(plan, path, "workbook-too-large", "elements" if "sheet" in part else "bytes")


def test_many_shared_strings_are_bounded(plan: Path, tmp_path: Path) -> None:
    path = export_questionnaire(plan, tmp_path)
    edit(path, {"J4": "loopt"})
    with zipfile.ZipFile(path) as z:
        entries = {i.filename: z.read(i) for i in z.infolist()}
    # Point the answer at a shared string that comes after 300,000 others.
    sheet = entries["xl/worksheets/sheet1.xml"]
    sheet = re.sub(
        rb'<c r="J4"([^>]*) t="inlineStr"><is><t>loopt</t></is></c>',
        rb'<c r="J4"\1 t="s"><v>299999</v></c>',
        sheet,
    )
    assert b"<v>299999</v>" in sheet
    entries["xl/worksheets/sheet1.xml"] = sheet
    entries["xl/sharedStrings.xml"] = (
        f'<sst xmlns="{NS}">'.encode() + b"<si/>" * 300_000 + b"</sst>"
    )
    rels = entries["xl/_rels/workbook.xml.rels"]
    if b"sharedStrings" not in rels:
        entries["xl/_rels/workbook.xml.rels"] = rels.replace(
            b"</Relationships>",
            f'<Relationship Id="rIdS" Type="{DOC}/sharedStrings" '
            'Target="sharedStrings.xml"/></Relationships>'.encode(),
        )
    path.write_bytes(_zip(entries, zipfile.ZIP_STORED))
    _bounded(plan, path, "workbook-too-large", "sharedStrings.xml has more than")


def test_a_cell_longer_than_excel_allows(plan: Path, tmp_path: Path) -> None:
    path = export_questionnaire(plan, tmp_path)
    edit(path, {"J4": "loopt", "K4": "SHORT"})  # openpyxl itself cuts a text at 32,767
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    _replace_part(path, "xl/worksheets/sheet1.xml", sheet.replace(b"SHORT", b"x" * 40_000))
    err = _refused(plan, path, "workbook-broken")
    assert "Uitvraag!K4" in err


def test_an_older_format_is_refused_with_a_hint(plan: Path, tmp_path: Path) -> None:
    path = export_questionnaire(plan, tmp_path)
    edit(path, {"B1": "add-uitvraag/1"}, sheet="_add")
    err = _refused(plan, path, "not-questionnaire")
    assert "_add!B1" in err and "export a new one" in err


# ------------------------------------------------------------------ the reader


def test_reader_handles_what_other_spreadsheets_write(tmp_path: Path) -> None:
    """Inline and rich-text strings, cells without a reference, absolute targets, escapes."""
    from add_cli.store import xlsxread

    sheet = (
        f'<worksheet xmlns="{NS}"><sheetData>'
        '<row r="2"><c t="inlineStr"><is><t>inline</t></is></c>'
        '<c t="s"><v>1</v></c><c><v>2026</v></c></row>'
        '<row><c r="C3" t="str"><f>A1</f><v>cached</v></c></row>'
        "</sheetData></worksheet>"
    ).encode()
    strings = (
        f'<sst xmlns="{NS}"><si><t>first</t></si>'
        "<si><r><t>ri</t></r><r><t>ch_x000A_text</t></r><rPh><t>phonetic</t></rPh></si></sst>"
    ).encode()
    path = tmp_path / "other.xlsx"
    path.write_bytes(
        _zip(
            {
                "_rels/.rels": f'<Relationships xmlns="{RELS}"><Relationship Id="r1" '
                f'Type="{DOC}/officeDocument" Target="/xl/workbook.xml"/></Relationships>'.encode(),
                "xl/workbook.xml": f'<workbook xmlns="{NS}" xmlns:r="{DOC}"><sheets>'
                '<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'.encode(),
                "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{RELS}">'
                f'<Relationship Id="rId1" Type="{DOC}/worksheet" Target="/xl/sheets/s.xml"/>'
                f'<Relationship Id="rId2" Type="{DOC}/sharedStrings" Target="strings.xml"/>'
                "</Relationships>".encode(),
                "xl/sheets/s.xml": sheet,
                "xl/strings.xml": strings,
            }
        )
    )
    book = xlsxread.open_xlsx(path)
    assert book.sheets == {"S": ("worksheet", "xl/sheets/s.xml")}
    assert book.cells("S", 10, 10) == {
        (2, 1): "inline",
        (2, 2): "rich\ntext",
        (2, 3): "2026",
        (3, 3): "cached",
    }
    with pytest.raises(AddError) as caught:
        book.cells("S", 2, 10)
    assert str(caught.value.findings[0]).startswith("other.xlsx:S!C3: error outside-questionnaire")

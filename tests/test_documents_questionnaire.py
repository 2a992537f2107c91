"""The questionnaire as .ods: exported with the xlsx's cells, protection and choices, and
imported back (from our own .ods and from one LibreOffice saved), within the reader's bounds."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from add_cli.core.model import Quarter, State
from add_cli.store.load import load
from add_cli.store.odsread import open_ods
from tests.test_questionnaire import export_questionnaire, fill, import_, invoke

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
STATE_CELL = '<table:table-cell table:style-name="qAnswer" table:content-validation-name="stand">'
EMPTY_ANSWER = '<table:table-cell table:style-name="qAnswer"></table:table-cell>'


def export_ods(plan_dir: Path, tmp_path: Path, dept: str = "BZK") -> Path:
    out = tmp_path / f"uitvraag-{dept}.ods"
    code, _, err = invoke(
        "uitvraag", "export", "--dept", dept, "--as-of", "2026-01-01", "-o", str(out),
        "--plan", str(plan_dir),
    )  # fmt: skip
    assert code == 0, err
    return out


def content(path: Path) -> str:
    return zipfile.ZipFile(path).read("content.xml").decode("utf-8")


def put_content(path: Path, text: str) -> None:
    with zipfile.ZipFile(path) as z:
        entries = {i.filename: z.read(i) for i in z.infolist()}
    entries["content.xml"] = text.encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("mimetype", entries.pop("mimetype"), zipfile.ZIP_STORED)
        for name, data in entries.items():
            z.writestr(name, data, zipfile.ZIP_DEFLATED)
    path.write_bytes(buffer.getvalue())


def answer(text: str, state: str, news: str, quarter: str | None = None) -> str:
    """Fill the first empty answer row: state, text and (optionally) the quarter."""

    def cell(value: str) -> str:
        return (
            '<table:table-cell table:style-name="qAnswer" office:value-type="string">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )

    at = text.index(STATE_CELL)
    end = text.index("</table:table-cell>", at) + len("</table:table-cell>")
    rest = text[end:]
    rest = rest.replace(EMPTY_ANSWER, cell(news), 1)
    after_text = rest.index(cell(news)) + len(cell(news))
    if quarter:
        rest = rest[:after_text] + rest[after_text:].replace(EMPTY_ANSWER, cell(quarter), 1)
    return text[:at] + cell(state) + rest


def test_ods_questionnaire_has_the_xlsx_cells_protection_and_choices(
    plan: Path, tmp_path: Path
) -> None:
    ods = export_ods(plan, tmp_path)
    xlsx = export_questionnaire(plan, tmp_path)
    book = open_ods(ods)
    assert list(book.sheets) == ["Uitvraag", "_add"]
    got = book.cells("Uitvraag", 100, 20)
    ws = openpyxl.load_workbook(xlsx)["Uitvraag"]
    expected = {
        (c.row, c.column): str(c.value)
        for row in ws.iter_rows()
        for c in row
        if c.value not in (None, "")
    }
    assert got == expected
    xml = content(ods)
    assert 'table:name="Uitvraag" table:style-name="ta1" table:protected="true"' in xml
    assert 'style:cell-protect="none"' in xml and "of:cell-content-is-in-list(" in xml
    assert "<table:table-header-rows>" in xml
    assert re.search(r'table:name="_add" table:style-name="taHidden"', xml)
    assert 'table:display="false"' in xml
    assert book.cells("_add", 10, 4)[(1, 2)] == "add-uitvraag/2"


def test_ods_questionnaire_round_trip(plan: Path, tmp_path: Path) -> None:
    path = export_ods(plan, tmp_path)
    text = answer(content(path), "loopt", "Nieuw overleg gepland.")
    text = answer(text, "verwacht later", "KPI volgt.", "Q2 2026")
    put_content(path, text)
    code, out, err = import_(plan, path)
    assert code == 0, err
    assert "Recorded 2 entries" in out
    new = [e for e in load(plan).plan.progress if e.date == dt.date(2026, 1, 20)]  # type: ignore[union-attr]
    assert [(e.state, e.expected, e.text) for e in new] == [
        (State.IN_PROGRESS, None, "Nieuw overleg gepland."),
        (State.EXPECTED, Quarter(2026, 2), "KPI volgt."),
    ]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (
            lambda t: t.replace(
                "</table:table></office:spreadsheet>",
                '<table:table-row table:number-rows-repeated="900"><table:table-cell '
                'table:number-columns-repeated="900" office:value-type="string"><text:p>x'
                "</text:p></table:table-cell></table:table-row></table:table>"
                "</office:spreadsheet>",
            ),
            "workbook-too-large",
        ),
        (
            lambda t: t.replace(
                "<office:document-content",
                '<!DOCTYPE x [<!ENTITY a "a">]><office:document-content',
                1,
            ),
            "workbook-broken",
        ),
        (lambda t: t[: len(t) // 2], "workbook-broken"),
        (
            lambda t: t.replace(
                'table:number-columns-spanned="12"',
                'table:number-columns-spanned="12" table:number-columns-repeated="x"',
                1,
            ),
            None,
        ),
    ],
)
def test_hostile_ods_is_refused(plan: Path, tmp_path: Path, change, code) -> None:  # type: ignore[no-untyped-def]
    path = export_ods(plan, tmp_path)
    put_content(path, change(content(path)))
    result, out, err = import_(plan, path)
    assert "Traceback" not in out + err
    if code is None:
        assert result == 2 and "workbook-broken" in err
    else:
        assert result == 2 and f"error {code}" in err, err


def test_an_ods_value_outside_the_questionnaire_is_refused(plan: Path, tmp_path: Path) -> None:
    path = export_ods(plan, tmp_path)
    text = content(path).replace(
        '</table:table><table:table table:name="_add"',
        '<table:table-row table:number-rows-repeated="200"><table:table-cell/></table:table-row>'
        '<table:table-row><table:table-cell office:value-type="string"><text:p>x</text:p>'
        '</table:table-cell></table:table-row></table:table><table:table table:name="_add"',
    )
    put_content(path, text)
    result, _, err = import_(plan, path)
    assert result == 2 and "outside-questionnaire" in err


@pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui",
)
def test_an_xlsx_questionnaire_saved_as_ods_by_libreoffice_imports(
    plan: Path, tmp_path: Path
) -> None:
    path = export_questionnaire(plan, tmp_path)
    fill(path, {4: ("loopt", "Regel een\nregel  twee", None)})
    subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "ods",
            "--outdir",
            str(tmp_path / "out"),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    code, _, err = import_(plan, tmp_path / "out" / f"{path.stem}.ods")
    assert code == 0, err
    new = [e for e in load(plan).plan.progress if e.date == dt.date(2026, 1, 20)]  # type: ignore[union-attr]
    assert [(e.action, e.state, e.text) for e in new] == [
        ("1.a.1", State.IN_PROGRESS, "Regel een\nregel  twee")
    ]


@pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui",
)
def test_libreoffice_reads_the_ods_questionnaires_protection_and_choices(
    plan: Path, tmp_path: Path
) -> None:
    """Saved by LibreOffice as xlsx: protected, answers unlocked, the list, the hidden sheet."""
    path = export_ods(plan, tmp_path)
    subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path / "out"),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    wb = openpyxl.load_workbook(tmp_path / "out" / f"{path.stem}.xlsx")
    ws = wb["Uitvraag"]
    assert wb["_add"].sheet_state == "hidden"
    assert ws.protection.sheet
    assert ws["A4"].protection.locked and not ws["J4"].protection.locked
    assert not ws["K4"].protection.locked and not ws["L4"].protection.locked
    (choice,) = ws.data_validations.dataValidation
    assert choice.type == "list" and "verwacht later" in (choice.formula1 or "")
    assert str(choice.sqref).startswith("J4")
    assert ws.print_title_rows == "$3:$3"
    assert {str(r) for r in ws.merged_cells.ranges} == {"A1:L1", "A2:L2"}

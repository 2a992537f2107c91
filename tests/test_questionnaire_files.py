"""The questionnaire import against files that are not what they claim: bounded and clear."""

from __future__ import annotations

import datetime as dt
import io
import re
import time
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest

from add_cli.checks import answers
from add_cli.core.errors import AddError
from add_cli.store.load import load
from tests.test_questionnaire import (
    DOC,
    NS,
    RELS,
    edit,
    export_questionnaire,
    import_,
)

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


def test_a_file_that_is_no_workbook_gets_one_line(plan: Path, tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_text("Id;Nieuwe stand\n1.a.1;loopt\n")
    code, out, err = import_(plan, path)
    assert code == 2 and out == ""
    assert err.splitlines() == [
        "add: data.csv: error not-xlsx a text file (a csv?), not an .xlsx workbook"
    ]

"""ODF and Word: the annex and progress tables as .ods, the progress report as .docx/.odt.

The .ods holds the xlsx's cells, headings, widths, frozen header and printed page;
the documents mark their header rows, carry their title and the language nl-NL. A
LibreOffice test (skipped without `soffice`) opens every .ods and reads its cells.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import docx
import openpyxl
import pytest
from typer.testing import CliRunner

from add_cli.cli.app import app
from add_cli.core.model import Plan
from add_cli.present import ods, odt, reportdoc, tables
from add_cli.present.odf import NS
from add_cli.store.load import load

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "plan"
runner = CliRunner()
T = "{" + NS["table"] + "}"
TX = "{" + NS["text"] + "}"
OFFICE = "{" + NS["office"] + "}"


def plan() -> Plan:
    loaded = load(PLAN).plan
    assert loaded is not None
    return loaded


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["export", *args, "--plan", str(PLAN)])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stderr


def documents() -> list[tables.Document]:
    p = plan()
    report = tables.latest_report(p, None)
    assert report is not None
    return [tables.bijlage1(p), tables.bijlage1(p, True, None), tables.voortgang(p, report)]


def cell_text(cell: ET.Element) -> str:
    lines = []
    for par in cell.iter(TX + "p"):
        out = par.text or ""
        for child in par:
            if child.tag == TX + "s":
                out += " " * int(child.get(TX + "c", "1"))
            out += child.tail or ""
        lines.append(out)
    return "\n".join(lines)


def meta_of(archive: zipfile.ZipFile) -> tuple[str | None, str | None]:
    """The document's title and language from meta.xml."""
    root = ET.fromstring(archive.read("meta.xml"))
    dc = "{" + NS["dc"] + "}"
    return root.findtext(f".//{dc}title"), root.findtext(f".//{dc}language")


def sheets(data: bytes) -> dict[str, list[list[str]]]:
    """Every sheet's rows of cell texts, read from content.xml."""
    root = ET.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("content.xml"))
    out = {}
    for table in root.iter(T + "table"):
        rows = [
            [cell_text(c) for c in row.iter(T + "table-cell")]
            for row in table.iter(T + "table-row")
        ]
        out[table.get(T + "name", "")] = rows
    return out


@pytest.mark.parametrize("index", [0, 1, 2])
def test_ods_has_the_xlsx_cells(index: int) -> None:
    from add_cli.present import xlsx

    doc = documents()[index]
    wb = openpyxl.load_workbook(io.BytesIO(xlsx.write(doc)))
    got = sheets(ods.write(doc))
    assert list(got) == wb.sheetnames
    for name, rows in got.items():
        expected = [
            [("" if v is None else str(v)) for v in row]
            for row in wb[name].iter_rows(values_only=True)
        ]
        padded = [r + [""] * (len(expected[0]) - len(r)) for r in rows]
        assert padded == expected


def test_ods_is_reproducible_and_only_text() -> None:
    doc = documents()[0]
    data = ods.write(doc)
    assert data == ods.write(doc)
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.namelist()[0] == "mimetype"
    assert archive.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
    content = ET.fromstring(archive.read("content.xml"))
    cells = list(content.iter(T + "table-cell"))
    assert cells and all(c.get(OFFICE + "value-type") == "string" for c in cells)
    assert not [c for c in cells if c.get(T + "formula")]
    assert meta_of(archive) == (doc.title, "nl-NL")


def test_ods_header_rows_frozen_widths_and_page() -> None:
    from add_cli.present.workbook import column_widths

    doc = documents()[0]
    archive = zipfile.ZipFile(io.BytesIO(ods.write(doc)))
    content = ET.fromstring(archive.read("content.xml"))
    for table, sheet in zip(doc.tables, content.iter(T + "table"), strict=True):
        header = sheet.find(T + "table-header-rows")
        assert header is not None
        rows = [[cell_text(c) for c in r.iter(T + "table-cell")] for r in header]
        assert rows == [[table.heading], list(table.headers)]
        widths = {
            s.get("{" + NS["style"] + "}name"): s[0].get("{" + NS["style"] + "}column-width")
            for s in content.iter("{" + NS["style"] + "}style")
            if s.get("{" + NS["style"] + "}family") == "table-column"
        }
        got = [widths[c.get(T + "style-name")] for c in sheet.iter(T + "table-column")]
        assert got == [ods._width_cm(w) for w in column_widths(table)]
    settings = archive.read("settings.xml").decode()
    assert settings.count('"VerticalSplitPosition" config:type="int">2<') == len(doc.tables)
    styles = archive.read("styles.xml").decode()
    assert 'style:print-orientation="landscape"' in styles
    assert 'fo:page-width="297mm"' in styles and 'loext:scale-to-X="1"' in styles
    assert "<text:sheet-name>" in styles
    assert (
        "Pagina <text:page-number>1</text:page-number> van <text:page-count>1</text:page-count>"
        in styles
    )
    assert "table:display-filter-buttons" in archive.read("content.xml").decode()


def test_ods_keeps_formula_text_and_control_characters_as_text() -> None:
    table = tables.Table("H", "S", ("A", "B"), (("=1+1", "a\x01b  c"),), (10, 10))
    doc = tables.Document("T", ("H",), (table,), documents()[0].date)
    rows = sheets(ods.write(doc))["S"]
    assert rows[2] == ["=1+1", "a\u2401b  c"]


def test_export_ods_docx_odt_through_the_cli(tmp_path: Path) -> None:
    for args in (
        ("bijlage1", "-f", "ods"),
        ("voortgang", "-f", "ods"),
        ("voortgang", "-f", "docx"),
        ("voortgang", "-f", "odt"),
    ):
        out = tmp_path / f"{args[0]}.{args[2]}"
        code, _ = run(*args, "-o", str(out))
        assert code == 0 and out.stat().st_size > 1000
    code, err = run("voortgang", "-f", "docx")
    assert code == 2 and "--output" in err
    code, err = run("bijlage1", "-f", "odt", "-o", str(tmp_path / "x.odt"))
    assert code == 2 and "voortgang" in err
    assert not (tmp_path / "x.odt").exists()


def report_document() -> reportdoc.ReportDocument:
    p = plan()
    report = tables.latest_report(p, None)
    assert report is not None
    return reportdoc.build(p, report)


def test_report_document_groups_every_entry_by_line() -> None:
    p = plan()
    report = tables.latest_report(p, None)
    assert report is not None
    doc = reportdoc.build(p, report)
    assert len([i for s in doc.sections for i in s.items]) == len(p.entries_of(report))
    assert [s.heading for s in doc.sections] == [
        line.annex_heading
        for line in p.lines
        if any(s.heading == line.annex_heading for s in doc.sections)
    ]
    assert doc.subtitle.startswith("Stand van zaken per ")


def test_docx_reads_back_with_title_language_and_header_rows() -> None:
    from add_cli.present import docx as writer

    rdoc = report_document()
    data = writer.write(rdoc)
    assert data == writer.write(rdoc)
    d = docx.Document(io.BytesIO(data))
    assert d.core_properties.title == rdoc.title
    assert d.core_properties.language == "nl-NL"
    assert d.paragraphs[0].text == rdoc.title and d.paragraphs[0].style.name == "Title"
    headings = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    assert headings == [s.heading for s in rdoc.sections]
    assert len(d.tables) == len(rdoc.sections)
    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    for table, section in zip(d.tables, rdoc.sections, strict=True):
        assert [c.text for c in table.rows[0].cells] == ["Actie", "Status"]
        assert table.rows[0]._tr.find("w:trPr/w:tblHeader", ns) is not None
        assert table.rows[1]._tr.find("w:trPr/w:tblHeader", ns) is None
        first = section.items[0]
        assert table.rows[1].cells[0].text == first.actie
        assert table.rows[1].cells[1].text == f"{first.state}\n{first.text}"
    styles = zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml").decode()
    assert '<w:lang w:val="nl-NL"' in styles


def test_odt_has_title_language_and_header_rows() -> None:
    rdoc = report_document()
    data = odt.write(rdoc)
    assert data == odt.write(rdoc)
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.text"
    assert meta_of(archive) == (rdoc.title, "nl-NL")
    assert 'fo:language="nl" fo:country="NL"' in archive.read("styles.xml").decode()
    content = ET.fromstring(archive.read("content.xml"))
    tables_ = list(content.iter(T + "table"))
    assert len(tables_) == len(rdoc.sections)
    for table, section in zip(tables_, rdoc.sections, strict=True):
        header = table.find(T + "table-header-rows")
        assert header is not None
        assert [cell_text(c) for c in header.iter(T + "table-cell")] == ["Actie", "Status"]
        body = list(table.findall(T + "table-row"))
        assert len(body) == len(section.items)
        assert cell_text(list(body[0].iter(T + "table-cell"))[1]) == (
            f"{section.items[0].state}\n{section.items[0].text}"
        )


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui",
)
@pytest.mark.parametrize("index", [0, 2])
def test_libreoffice_opens_the_ods(index: int, tmp_path: Path) -> None:
    doc = documents()[index]
    source = tmp_path / "doc.ods"
    source.write_bytes(ods.write(doc))
    # 44,34,76: comma, double quote, UTF-8; the last token -1: every sheet to its own file.
    options = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            options,
            "--outdir",
            str(tmp_path / "out"),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    for table in doc.tables:
        path = tmp_path / "out" / f"doc-{table.sheet}.csv"
        rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines(keepends=True)))
        width = len(table.headers)
        assert rows[0][0] == table.heading
        assert rows[1] == list(table.headers)
        assert [r[:width] for r in rows[2:]] == [list(r) for r in table.rows]


@pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui",
)
def test_libreoffice_reads_the_ods_print_setup(tmp_path: Path) -> None:
    """LibreOffice, saving the .ods as xlsx, keeps header rows, page, filter and title.

    (The frozen pane lives in the view settings, which a headless LibreOffice does not
    load; test_ods_header_rows_frozen_widths_and_page checks that it is written.)
    """
    doc = documents()[0]
    source = tmp_path / "doc.ods"
    source.write_bytes(ods.write(doc))
    subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path / "out"),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    wb = openpyxl.load_workbook(tmp_path / "out" / "doc.xlsx")
    assert wb.properties.title == doc.title
    for ws, table in zip(wb.worksheets, doc.tables, strict=True):
        assert ws.title == table.sheet
        assert ws.print_title_rows == "$1:$2"
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.paperSize == 9  # A4
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.auto_filter.ref == f"A2:C{2 + len(table.rows)}"
        assert ws.oddFooter.right.text == "Pagina &P van &N"
        assert ws.oddFooter.left.text == doc.title


def _convert(source: Path, target: str, tmp_path: Path) -> Path:
    """`soffice --convert-to target` of a document; skipped when Writer is not installed."""
    done = subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(tmp_path / "out"),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    out = tmp_path / "out" / f"{source.stem}.{target.split(':')[0]}"
    if not out.is_file():
        if "could not be loaded" in done.stderr + done.stdout:
            pytest.skip(
                "LibreOffice Writer is not installed: apt-get install libreoffice-writer-nogui"
            )
        raise AssertionError(done.stderr)
    return out


@pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui",
)
@pytest.mark.parametrize("kind", ["docx", "odt"])
def test_libreoffice_reads_the_report_and_keeps_its_language_in_pdf(
    kind: str, tmp_path: Path
) -> None:
    from add_cli.present import docx as docx_writer

    rdoc = report_document()
    source = tmp_path / f"report.{kind}"
    source.write_bytes((docx_writer if kind == "docx" else odt).write(rdoc))
    text = _convert(source, "txt:Text (encoded):UTF8", tmp_path).read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == rdoc.title and lines[1] == rdoc.subtitle
    for section in rdoc.sections:
        assert section.heading in lines
        for item in section.items:
            assert item.state in lines and item.text.split("\n")[0] in lines
    pdf = _convert(source, "pdf", tmp_path).read_bytes()
    assert b"/Lang(nl-NL)" in pdf.replace(b" ", b"")


def test_the_docx_of_a_round_is_its_full_overview(tmp_path: Path) -> None:
    """A round's document lists every action of the plan, not the round's new entries alone."""
    copy = tmp_path / "plan"
    shutil.copytree(PLAN, copy)
    steps = [
        ["uitvraag", "open", "2026-02-10", "--title", "Voortgang februari 2026",
         "--due", "2026-03-01"],
        ["progress", "1.c.5", "--state", "afgerond", "--text", "Afgerond in februari.",
         "--date", "2026-02-10", "--by", "BZK"],
        ["export", "voortgang", "--format", "docx", "-o", str(tmp_path / "ronde.docx")],
    ]  # fmt: skip
    for args in steps:
        result = runner.invoke(app, [*args, "--plan", str(copy)])
        assert result.exit_code == 0, (args, result.stderr)
    d = docx.Document(str(tmp_path / "ronde.docx"))
    rows = [row for table in d.tables for row in table.rows[1:]]
    assert len(rows) == len(plan().actions)
    cells = {row.cells[0].text.split(":")[0]: row.cells[1].text for row in rows}
    assert cells["1.c.5"] == "afgerond\nAfgerond in februari."
    assert d.core_properties.title == "Voortgang februari 2026"

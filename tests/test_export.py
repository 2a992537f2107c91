"""Exports for parliament: Bijlage 1 and the progress overview in Markdown, CSV and Excel.

Golden files live in tests/golden/; ADD_UPDATE_GOLDEN=1 rewrites them after a
deliberate change (then read the diff).
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from add_cli.cli.app import app
from add_cli.core.model import Plan
from add_cli.present import tables
from add_cli.store.load import load

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "plan"
GOLDEN = Path(__file__).parent / "golden"
BASE = Path(__file__).parent / "invalid_plans" / "_base"
runner = CliRunner()


def real_plan() -> Plan:
    plan = load(PLAN).plan
    assert plan is not None
    return plan


def export(*args: str, plan: Path = PLAN) -> tuple[int, bytes, str]:
    result = runner.invoke(app, ["export", *args, "--plan", str(plan)])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout_bytes, result.stderr


def golden(name: str, data: bytes) -> None:
    path = GOLDEN / name
    if os.environ.get("ADD_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
    assert data == path.read_bytes(), f"{name} differs from its golden file"


# ------------------------------------------------------------------ markdown


def md_tables(text: str) -> list[tuple[str, list[list[str]]]]:
    """(heading before it, rows of cell texts) for every table, read by a real parser."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    out: list[tuple[str, list[list[str]]]] = []
    heading = ""
    rows: list[list[str]] = []
    row: list[str] | None = None
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open":
            heading = _inline_text(tokens[i + 1])
        elif tok.type == "table_open":
            rows = []
        elif tok.type == "tr_open":
            row = []
        elif tok.type == "inline" and row is not None:
            row.append(_inline_text(tok))
        elif tok.type == "tr_close":
            assert row is not None
            rows.append(row)
            row = None
        elif tok.type == "table_close":
            out.append((heading, rows))
    return out


def _inline_text(tok: Any) -> str:
    parts = []
    for child in tok.children or []:
        if child.type == "text":
            parts.append(child.content)
        elif child.type == "html_inline" and child.content.lower().startswith("<br"):
            parts.append("\n")
        else:  # anything else means the text was read as markup
            raise AssertionError(f"unexpected markup {child.type}: {child.content!r}")
    return "".join(parts)


def test_bijlage1_markdown_golden_and_parsed_cells() -> None:
    """Three tables under the printed headings; every cell reads back as the plan's text."""
    code, out, _ = export("bijlage1", "--format", "md")
    assert code == 0
    golden("bijlage1.md", out)
    plan = real_plan()
    parsed = md_tables(out.decode("utf-8"))
    assert [h for h, _ in parsed] == [line.annex_heading for line in plan.lines]
    for (_heading, rows), line in zip(parsed, plan.lines, strict=True):
        assert rows[0] == ["Actie", "Departement", "Start- en einddatum"]
        actions = [a for a in plan.actions if a.line == line.id]
        assert rows[1:] == [
            [a.annex.title, a.annex.departments, a.annex.period.raw] for a in actions
        ]


def test_voortgang_markdown_golden_and_parsed_cells() -> None:
    """The report's overview: Actie | Status, each cell as printed."""
    code, out, _ = export("voortgang", "--format", "md")
    assert code == 0
    golden("voortgang.md", out)
    ((heading, rows),) = md_tables(out.decode("utf-8"))
    assert heading == "Deel 2: Overzicht status acties"
    entries = real_plan().progress
    assert rows[1:] == [[e.label, e.text] for e in entries]


def test_markdown_escapes_what_would_be_markup(tmp_path: Path) -> None:
    """Pipes, emphasis, HTML, entities and line breaks in cells come out as the text."""
    plan = tmp_path / "plan"
    shutil.copytree(BASE, plan)
    actions = plan / "actions.yaml"
    tricky = "ACTIE 1.a.1: a | b *c* _d_ <br> [e](f) `g` ~~h~~ &amp; \\\\ i"
    text = actions.read_text().replace(
        "'ACTIE 1.a.1: Verkenning vestigingslocaties datacenters'", json.dumps(tricky)
    )
    text = text.replace(
        "departments: EZK i.s.m. BZK\n      lead: EZK\n      partners: [BZK]\n      period: Q2",
        'departments: "EZK i.s.m.\\nBZK"\n      lead: EZK\n      partners: [BZK]\n      period: Q2',
        1,
    )
    actions.write_text(text)
    code, out, _ = export("bijlage1", "--format", "md", plan=plan)
    assert code == 0
    rows = md_tables(out.decode("utf-8"))[0][1]
    assert rows[1][0] == json.loads(json.dumps(tricky))
    assert rows[1][1] == "EZK i.s.m.\nBZK"


# ------------------------------------------------------------------ csv


def test_bijlage1_csv_is_rfc4180_and_round_trips() -> None:
    """CRLF records, a header, and every field equal to the plan's text."""
    code, out, _ = export("bijlage1", "--format", "csv")
    assert code == 0
    text = out.decode("utf-8")
    assert text.count("\r\n") == 45 and "\n" not in text.replace("\r\n", "")
    records = list(csv.reader(io.StringIO(text, newline="")))
    assert records[0] == ["Actielijn", "Actie", "Departement", "Start- en einddatum"]
    plan = real_plan()
    headings = {line.id: line.annex_heading for line in plan.lines}
    assert records[1:] == [
        [headings[a.line], a.annex.title, a.annex.departments, a.annex.period.raw]
        for a in plan.actions
    ]


def test_csv_bom_for_excel() -> None:
    """--bom starts the file with the UTF-8 byte-order mark; without it there is none."""
    assert export("voortgang", "--format", "csv", "--bom")[1].startswith(b"\xef\xbb\xbf")
    assert not export("voortgang", "--format", "csv")[1].startswith(b"\xef\xbb\xbf")


# ------------------------------------------------------------------ xlsx


def xlsx_dump(path: Path) -> dict[str, Any]:
    """A normalised view of a workbook: cells, styles, widths and print settings."""
    wb = openpyxl.load_workbook(path)
    out: dict[str, Any] = {"title": wb.properties.title, "sheets": {}}
    for ws in wb.worksheets:
        cells = {}
        for row in ws.iter_rows():
            for c in row:
                if c.value is None:
                    continue
                cells[c.coordinate] = {
                    "value": c.value,
                    "type": c.data_type,
                    "bold": bool(c.font.b),
                    "wrap": bool(c.alignment.wrap_text),
                    "quote": bool(c.quotePrefix),
                }
        out["sheets"][ws.title] = {
            "cells": cells,
            "widths": {k: v.width for k, v in sorted(ws.column_dimensions.items())},
            "freeze": ws.freeze_panes,
            "autofilter": ws.auto_filter.ref,
            "print_titles": ws.print_title_rows,
            "orientation": ws.page_setup.orientation,
            "paper": ws.page_setup.paperSize,
            "fit_width": ws.page_setup.fitToWidth,
            "fit_height": ws.page_setup.fitToHeight,
            "fit_to_page": ws.sheet_properties.pageSetUpPr.fitToPage,  # type: ignore[union-attr]
            "footer": ws.oddFooter.right.text,
        }
    return out


def test_bijlage1_xlsx_golden(tmp_path: Path) -> None:
    """One sheet per action line, bold frozen header, filter, A4 landscape fitted to width."""
    out = tmp_path / "bijlage1.xlsx"
    code, _, _ = export("bijlage1", "--format", "xlsx", "-o", str(out))
    assert code == 0
    dump = xlsx_dump(out)
    golden("bijlage1.xlsx.json", (json.dumps(dump, indent=1, ensure_ascii=False) + "\n").encode())
    assert dump["title"] == "Bijlage 1 Acties rijksoverheid"
    sheet = dump["sheets"]["Actielijn 1"]
    assert sheet["cells"]["A1"]["value"] == "Actielijn 1: de digitale sector verder verduurzamen"
    assert sheet["cells"]["B2"] == {
        "value": "Departement",
        "type": "s",
        "bold": True,
        "wrap": True,
        "quote": False,
    }
    assert (sheet["freeze"], sheet["autofilter"], sheet["print_titles"]) == (
        "A3",
        "A2:C15",
        "$1:$2",
    )
    assert (sheet["orientation"], sheet["paper"], sheet["fit_width"]) == ("landscape", 9, 1)
    plan = real_plan()
    rows = [
        [c["value"] for c in (sheet["cells"][f"{col}{r}"] for col in "ABC")] for r in range(3, 16)
    ]
    assert rows == [
        [a.annex.title, a.annex.departments, a.annex.period.raw]
        for a in plan.actions
        if a.line == "1"
    ]


def test_voortgang_and_working_variant_xlsx(tmp_path: Path) -> None:
    """The progress overview and the annex with state columns are workbooks too."""
    out = tmp_path / "v.xlsx"
    assert export("voortgang", "-f", "xlsx", "-o", str(out))[0] == 0
    ws = openpyxl.load_workbook(out).worksheets[0]
    assert [ws["A2"].value, ws["B2"].value] == ["Actie", "Status"]
    assert ws["B3"].value == "Afgerond. Zie Kamerbrief november 2024."
    out = tmp_path / "w.xlsx"
    args = ["bijlage1", "--with-status", "--as-of", "2025-11-01", "-f", "xlsx", "-o", str(out)]
    assert export(*args)[0] == 0
    ws = openpyxl.load_workbook(out)["Actielijn 1"]
    assert [c.value for c in ws[2]] == [
        "Actie",
        "Departement",
        "Start- en einddatum",
        "Stand per 2025-11-01",
        "Te laat",
        "Verwacht",
        "Laatste voortgang",
    ]
    row = {c.column_letter: c.value for c in ws[10]}  # 1.c.1, the eighth action
    assert row["A"].startswith("ACTIE 1.c.1") and row["D"] == "loopt"
    assert row["E"] == "ja, 5 kwartalen"


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_text_that_looks_like_a_formula_stays_text(start: str, tmp_path: Path) -> None:
    """A title starting with =, + , - or @ is a string cell with Excel's quote prefix."""
    plan = tmp_path / "plan"
    shutil.copytree(BASE, plan)
    title = f"{start}SUM(A1:A9) ACTIE 1.a.1"
    actions = plan / "actions.yaml"
    actions.write_text(
        actions.read_text().replace(
            "'ACTIE 1.a.1: Verkenning vestigingslocaties datacenters'", json.dumps(title)
        )
    )
    out = tmp_path / "f.xlsx"
    assert export("bijlage1", "-f", "xlsx", "-o", str(out), plan=plan)[0] == 0
    cell = openpyxl.load_workbook(out)["Actielijn 1"]["A3"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (title, "s", True)
    with zipfile.ZipFile(out) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert all(b"<f>" not in archive.read(n) for n in sheets)


def test_exports_are_reproducible(tmp_path: Path) -> None:
    """The same plan exports to byte-identical files in every format."""
    for fmt in ("xlsx", "md", "csv"):
        for kind in ("bijlage1", "voortgang"):
            a, b = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
            assert export(kind, "-f", fmt, "-o", str(a))[0] == 0
            assert export(kind, "-f", fmt, "-o", str(b))[0] == 0
            assert a.read_bytes() == b.read_bytes(), (kind, fmt)
    with zipfile.ZipFile(tmp_path / "a.xlsx") as archive:
        assert {i.date_time for i in archive.infolist()} == {(2025, 10, 31, 0, 0, 0)}


def test_voortgang_picks_the_latest_report_on_or_before_the_date() -> None:
    """Before the first report there is nothing to export (exit 2)."""
    plan = real_plan()
    assert tables.latest_report(plan, None) is not None
    code, _, err = export("voortgang", "--as-of", "2025-10-30")
    assert code == 2 and "no progress report on or before 2025-10-30" in err
    assert export("voortgang", "--as-of", "2025-10-31")[0] == 0


def test_xlsx_needs_an_output_file() -> None:
    """A spreadsheet is never written to the terminal."""
    code, _, err = export("bijlage1", "-f", "xlsx")
    assert code == 2 and "--output" in err

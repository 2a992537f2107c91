"""Excel a ministry would send: one worksheet per table, ready to print.

Each sheet has the printed heading in row 1 and the column names in row 2 (bold,
frozen, repeated on every printed page, with an autofilter), wrapped text in
columns sized for it, A4 landscape fitted to the page width, and page numbers
in the footer. Every cell is text: a value starting with =, +, - or @ is stored
as a string with Excel's quote prefix, never as a formula.

The bytes are reproducible: the document timestamps and the zip entry times are
fixed (to the date the document speaks for), so the same plan exports to the
same file.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.properties import CalcProperties
from openpyxl.writer.excel import ExcelWriter

from add_cli.present.tables import Document
from add_cli.present.workbook import column_widths, fit_height, page_setup, text_cell

HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
HEADER_BORDER = Border(bottom=Side(style="thin", color="1F3864"))


class _FixedTimeZip(zipfile.ZipFile):
    """A zip whose entries all carry one fixed time and the same attributes."""

    fixed_time: tuple[int, int, int, int, int, int] = (1980, 1, 1, 0, 0, 0)

    def writestr(
        self,
        zinfo_or_arcname: str | zipfile.ZipInfo,
        data: Any,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        name = (
            zinfo_or_arcname.filename
            if isinstance(zinfo_or_arcname, zipfile.ZipInfo)
            else zinfo_or_arcname
        )
        info = zipfile.ZipInfo(name, date_time=self.fixed_time)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        super().writestr(info, data, compresslevel=compresslevel)

    def write(  # type: ignore[override]  # a narrower signature: only our own calls
        self,
        filename: Any,
        arcname: str | None = None,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        """openpyxl streams worksheets through temporary files; store them the same way."""
        data = Path(filename).read_bytes()
        self.writestr(arcname or str(filename), data, compresslevel=compresslevel)


def workbook(doc: Document) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]  # a new Workbook always has its sheet
    stamp = dt.datetime.combine(doc.date, dt.time(0, 0))
    wb.properties.title = doc.title
    wb.properties.creator = "add"
    wb.properties.lastModifiedBy = "add"
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.calculation = CalcProperties(fullCalcOnLoad=False)
    for table in doc.tables:
        ws = wb.create_sheet(table.sheet)
        title = text_cell(ws, 1, 1, table.heading)
        title.font = Font(bold=True, size=12)
        title.alignment = Alignment(vertical="top")
        for col, header in enumerate(table.headers, start=1):
            cell = text_cell(ws, 2, col, header)
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
            cell.border = HEADER_BORDER
        for r, row in enumerate(table.rows, start=3):
            for col, value in enumerate(row, start=1):
                text_cell(ws, r, col, value)
        widths = column_widths(table)
        for col, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(col)].width = width
        for r, row in enumerate([table.headers, *table.rows], start=2):
            fit_height(ws, r, row, widths)
        last_col = get_column_letter(len(table.headers))
        last_row = 2 + len(table.rows)
        ws.freeze_panes = "A3"
        ws.auto_filter.ref = f"A2:{last_col}{last_row}"
        page_setup(ws, "1:2", doc.title)
    return wb


def write(doc: Document) -> bytes:
    """The workbook as reproducible .xlsx bytes."""
    buffer = io.BytesIO()
    with _FixedTimeZip(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.fixed_time = (doc.date.year, doc.date.month, doc.date.day, 0, 0, 0)
        # ExcelWriter directly: openpyxl's save() would stamp the current time.
        ExcelWriter(workbook(doc), archive).write_data()
    return buffer.getvalue()

"""The annex and progress tables as OpenDocument spreadsheets (.ods).

The same sheets as the xlsx (`present.xlsx`): the printed heading in row 1, the
column names in row 2 (bold, shaded, marked as the table's header rows so they
repeat on every printed page, frozen, with filter buttons), wrapped text in the
same column widths, rows as tall as their text, and the same printed page
(`workbook.PRINT`: A4 landscape, fitted to the width, sheet name above, title and
page numbers below). Every cell is a string cell: nothing is ever a formula. The
document title is the document's title; the bytes are reproducible (`odf.package`).
"""

from __future__ import annotations

from add_cli.present.odf import XMLNS, attr, meta, package, paragraphs, text
from add_cli.present.tables import Document, Table
from add_cli.present.workbook import LINE_HEIGHT, PRINT, column_widths, wrapped_lines

MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
CM_PER_INCH = 2.54


def _width_cm(chars: int) -> str:
    """Excel's column width (characters of 7 px, plus 5 px padding, at 96 dpi) in cm."""
    return f"{(chars * 7 + 5) / 96 * CM_PER_INCH:.3f}cm"


def _height(values: tuple[str, ...], widths: list[int]) -> float:
    lines = max(
        (wrapped_lines(v, w) for v, w in zip(values, widths, strict=False)),
        default=1,
    )
    return LINE_HEIGHT * lines + 2


def _cell(value: str, style: str) -> str:
    return (
        f'<table:table-cell table:style-name="{style}" office:value-type="string">'
        f"{paragraphs(value)}</table:table-cell>"
    )


def _quoted(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def _column(n: int) -> str:
    name = ""
    while n:
        n, rest = divmod(n - 1, 26)
        name = chr(65 + rest) + name
    return name


def _sheet(table: Table, heights: dict[float, str], columns: dict[str, str]) -> str:
    widths = column_widths(table)
    out = [f'<table:table table:name={attr(table.sheet)} table:style-name="ta1">']
    for width in widths:
        out.append(f'<table:table-column table:style-name="{columns[_width_cm(width)]}"/>')

    def row(values: tuple[str, ...], style: str, height: float) -> str:
        cells = "".join(_cell(v, style) for v in values)
        return f'<table:table-row table:style-name="{heights[height]}">{cells}</table:table-row>'

    out.append("<table:table-header-rows>")
    out.append(row((table.heading,), "ceHeading", LINE_HEIGHT + 5))
    out.append(row(table.headers, "ceHeader", _height(table.headers, widths)))
    out.append("</table:table-header-rows>")
    for values in table.rows:
        out.append(row(values, "ceText", _height(values, widths)))
    out.append("</table:table>")
    return "".join(out)


def _sizes(doc: Document) -> tuple[dict[float, str], dict[str, str]]:
    heights: set[float] = {LINE_HEIGHT + 5}
    widths: set[str] = set()
    for table in doc.tables:
        cols = column_widths(table)
        widths.update(_width_cm(w) for w in cols)
        heights.update(_height(values, cols) for values in (table.headers, *table.rows))
    return (
        {h: f"ro{i}" for i, h in enumerate(sorted(heights), start=1)},
        {w: f"co{i}" for i, w in enumerate(sorted(widths), start=1)},
    )


def _content(doc: Document) -> str:
    heights, columns = _sizes(doc)
    styles = [
        '<style:style style:name="ta1" style:family="table" style:master-page-name="Default">'
        '<style:table-properties table:display="true"/></style:style>'
    ]
    styles += [
        f'<style:style style:name="{name}" style:family="table-column">'
        f'<style:table-column-properties fo:break-before="auto" style:column-width="{width}"/>'
        "</style:style>"
        for width, name in columns.items()
    ]
    styles += [
        f'<style:style style:name="{name}" style:family="table-row">'
        f'<style:table-row-properties style:row-height="{height:.1f}pt" '
        'style:use-optimal-row-height="false" fo:break-before="auto"/></style:style>'
        for height, name in heights.items()
    ]
    wrap = '<style:table-cell-properties fo:wrap-option="wrap" style:vertical-align="top"'
    styles += [
        '<style:style style:name="ceText" style:family="table-cell" '
        f'style:parent-style-name="Default">{wrap}/></style:style>',
        '<style:style style:name="ceHeader" style:family="table-cell" '
        f'style:parent-style-name="Default">{wrap} fo:background-color="#d9e1f2" '
        'fo:border-bottom="0.06pt solid #1f3864"/>'
        '<style:text-properties fo:font-weight="bold"/></style:style>',
        '<style:style style:name="ceHeading" style:family="table-cell" '
        'style:parent-style-name="Default"><style:table-cell-properties '
        'style:vertical-align="top"/>'
        '<style:text-properties fo:font-size="12pt" fo:font-weight="bold"/></style:style>',
    ]
    sheets = "".join(_sheet(t, heights, columns) for t in doc.tables)
    ranges = "".join(
        f'<table:database-range table:name="__Anonymous_Sheet_DB__{i}" '
        f"table:target-range-address={attr(_ranged(t))} "
        'table:display-filter-buttons="true"/>'
        for i, t in enumerate(doc.tables)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<office:document-content {XMLNS} office:version="1.3">'
        f"<office:automatic-styles>{''.join(styles)}</office:automatic-styles>"
        f"<office:body><office:spreadsheet>{sheets}"
        f"<table:database-ranges>{ranges}</table:database-ranges>"
        "</office:spreadsheet></office:body></office:document-content>\n"
    )


def _ranged(table: Table) -> str:
    sheet = _quoted(table.sheet)
    return f"{sheet}.A2:{sheet}.{_column(len(table.headers))}{2 + len(table.rows)}"


def page_styles(title: str) -> str:
    """styles.xml: the printed page (`workbook.PRINT`) with `title` in the footer."""
    width, height = PRINT.paper_mm
    side = f"{PRINT.side_margin * CM_PER_INCH:.3f}cm"
    top = f"{PRINT.header_margin * CM_PER_INCH:.3f}cm"
    gap = f"{(PRINT.top_margin - PRINT.header_margin) * CM_PER_INCH:.3f}cm"
    before, _, rest = PRINT.page_label.replace("{pages}", "\0").partition("{page}")
    between, _, after = rest.partition("\0")
    page = (
        f"{text(before)}<text:page-number>1</text:page-number>{text(between)}"
        f"<text:page-count>1</text:page-count>{text(after)}"
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<office:document-styles {XMLNS} office:version="1.3">'
        "<office:styles>"
        '<style:default-style style:family="table-cell">'
        '<style:text-properties style:font-name="Arial" fo:font-size="11pt" '
        'fo:language="nl" fo:country="NL"/></style:default-style>'
        '<style:style style:name="Default" style:family="table-cell"/>'
        "</office:styles>"
        '<office:automatic-styles><style:page-layout style:name="pm1">'
        f'<style:page-layout-properties fo:page-width="{width}mm" fo:page-height="{height}mm" '
        f'style:print-orientation="{"landscape" if PRINT.landscape else "portrait"}" '
        f'fo:margin-left="{side}" fo:margin-right="{side}" fo:margin-top="{top}" '
        f'fo:margin-bottom="{top}" style:print="charts drawings objects zero-values" '
        f'loext:scale-to-X="{PRINT.fit_width}" loext:scale-to-Y="0"/>'
        f'<style:header-style><style:header-footer-properties fo:min-height="{gap}" '
        f'fo:margin-bottom="0.1cm"/></style:header-style>'
        f'<style:footer-style><style:header-footer-properties fo:min-height="{gap}" '
        f'fo:margin-top="0.1cm"/></style:footer-style>'
        "</style:page-layout></office:automatic-styles>"
        '<office:master-styles><style:master-page style:name="Default" '
        'style:page-layout-name="pm1">'
        "<style:header><style:region-left><text:p><text:sheet-name>???</text:sheet-name>"
        "</text:p></style:region-left></style:header>"
        f"<style:footer><style:region-left><text:p>{text(title)}</text:p></style:region-left>"
        f"<style:region-right><text:p>{page}</text:p></style:region-right></style:footer>"
        "</style:master-page></office:master-styles></office:document-styles>\n"
    )


def _settings(doc: Document) -> str:
    """The frozen header: each sheet split below row 2, the lower pane active."""
    return settings([t.sheet for t in doc.tables], rows=2, cols=0)


def settings(sheets: list[str], rows: int, cols: int) -> str:
    """settings.xml: each sheet frozen below `rows` rows and right of `cols` columns."""

    def item(name: str, kind: str, value: str) -> str:
        return (
            f'<config:config-item config:name="{name}" config:type="{kind}">'
            f"{value}</config:config-item>"
        )

    tables = "".join(
        f"<config:config-item-map-entry config:name={attr(sheet)}>"
        + item("HorizontalSplitMode", "short", "2" if cols else "0")
        + item("VerticalSplitMode", "short", "2" if rows else "0")
        + item("HorizontalSplitPosition", "int", str(cols))
        + item("VerticalSplitPosition", "int", str(rows))
        + item("ActiveSplitRange", "short", "3" if cols else "2")
        + item("PositionLeft", "int", "0")
        + item("PositionRight", "int", str(cols))
        + item("PositionTop", "int", "0")
        + item("PositionBottom", "int", str(rows))
        + "</config:config-item-map-entry>"
        for sheet in sheets
    )
    first = sheets[0] if sheets else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<office:document-settings {XMLNS} office:version="1.3"><office:settings>'
        '<config:config-item-set config:name="ooo:view-settings">'
        '<config:config-item-map-indexed config:name="Views"><config:config-item-map-entry>'
        + item("ViewId", "string", "view1")
        + f'<config:config-item-map-named config:name="Tables">{tables}'
        "</config:config-item-map-named>"
        + item("ActiveTable", "string", text(first))
        + "</config:config-item-map-entry></config:config-item-map-indexed>"
        "</config:config-item-set></office:settings></office:document-settings>\n"
    )


def write(doc: Document) -> bytes:
    """The spreadsheet as reproducible .ods bytes."""
    return package(
        MIMETYPE,
        doc.date,
        {
            "content.xml": _content(doc),
            "styles.xml": page_styles(doc.title),
            "meta.xml": meta(doc.title, doc.date),
            "settings.xml": _settings(doc),
        },
    )

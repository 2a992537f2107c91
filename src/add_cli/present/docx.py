"""The progress report as a Word document (.docx), for letters to parliament.

A small WordprocessingML writer of our own (see README, Dependencies): the title
(style Title) and the date, per action line a heading (Heading 1) and a table
'Actie | Status' whose first row is marked as a repeating header row
(`w:tblHeader`), the document language nl-NL (styles and properties) and the
title in the core properties. Fixed zip times: the same plan gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from add_cli.present.odf import LANGUAGE, text
from add_cli.present.reportdoc import Item, ReportDocument

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
TWIPS_WIDE = 13958
"""The text width of A4 landscape with 2 cm margins, in twentieths of a point."""

CONTENT_TYPES = (
    XML + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/settings.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/'
    'vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    XML + f'<Relationships xmlns="{PKG_REL}">'
    f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
    'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{REL}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)
DOC_RELS = (
    XML + f'<Relationships xmlns="{PKG_REL}">'
    f'<Relationship Id="rId1" Type="{REL}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId2" Type="{REL}/settings" Target="settings.xml"/>'
    "</Relationships>"
)
APP = (
    XML + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    'extended-properties"><Application>add</Application></Properties>'
)
SETTINGS = (
    XML + f'<w:settings xmlns:w="{W}"><w:themeFontLang w:val="{LANGUAGE}"/>'
    '<w:compat><w:compatSetting w:name="compatibilityMode" '
    'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>'
)


def _style(sid: str, name: str, size: int, bold: bool, level: int | None = None) -> str:
    outline = f'<w:outlineLvl w:val="{level}"/>' if level is not None else ""
    weight = "<w:b/>" if bold else ""
    return (
        f'<w:style w:type="paragraph" w:styleId="{sid}"><w:name w:val="{name}"/>'
        '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>'
        f'<w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/>{outline}</w:pPr>'
        f'<w:rPr>{weight}<w:sz w:val="{size * 2}"/></w:rPr></w:style>'
    )


STYLES = (
    XML + f'<w:styles xmlns:w="{W}"><w:docDefaults><w:rPrDefault><w:rPr>'
    '<w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial" w:eastAsia="Arial"/>'
    f'<w:sz w:val="22"/><w:lang w:val="{LANGUAGE}" w:eastAsia="{LANGUAGE}" w:bidi="ar-SA"/>'
    '</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="80"/></w:pPr>'
    "</w:pPrDefault></w:docDefaults>"
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
    "<w:qFormat/></w:style>"
    + _style("Title", "Title", 20, True)
    + _style("Subtitle", "Subtitle", 12, False)
    + _style("Heading1", "heading 1", 14, True, 0)
    + '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/>'
    '<w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:color="808080"/>'
    '<w:left w:val="single" w:sz="4" w:color="808080"/>'
    '<w:bottom w:val="single" w:sz="4" w:color="808080"/>'
    '<w:right w:val="single" w:sz="4" w:color="808080"/>'
    '<w:insideH w:val="single" w:sz="4" w:color="808080"/>'
    '<w:insideV w:val="single" w:sz="4" w:color="808080"/></w:tblBorders>'
    '<w:tblCellMar><w:left w:w="80" w:type="dxa"/><w:right w:w="80" w:type="dxa"/>'
    "</w:tblCellMar></w:tblPr></w:style></w:styles>"
)


def _para(value: str, style: str | None = None, bold: bool = False) -> str:
    props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    run_props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    lines = value.split("\n")
    runs = "<w:br/>".join(f'<w:t xml:space="preserve">{text(line)}</w:t>' for line in lines)
    return f"<w:p>{props}<w:r>{run_props}{runs}</w:r></w:p>"


def _cell(width: int, body: str, shade: bool = False) -> str:
    fill = '<w:shd w:val="clear" w:color="auto" w:fill="D9E1F2"/>' if shade else ""
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{fill}</w:tcPr>{body}</w:tc>'


def _table(headers: tuple[str, str], items: tuple[Item, ...]) -> str:
    widths = (TWIPS_WIDE * 2 // 5, TWIPS_WIDE - TWIPS_WIDE * 2 // 5)
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    head = "".join(
        _cell(w, _para(h, bold=True), True) for w, h in zip(widths, headers, strict=True)
    )
    rows = [
        "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" + head + "</w:tr>",
        *(
            "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
            + _cell(widths[0], _para(item.actie))
            + _cell(widths[1], _para(item.state, bold=True) + _para(item.text))
            + "</w:tr>"
            for item in items
        ),
    ]
    return (
        '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="5000" w:type="pct"/>'
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:val="0420" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )


def _document(doc: ReportDocument) -> str:
    body = [_para(doc.title, "Title"), _para(doc.subtitle, "Subtitle")]
    for section in doc.sections:
        body.append(_para(section.heading, "Heading1"))
        body.append(_table(doc.headers, section.items))
        body.append("<w:p/>")
    section_props = (
        '<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>'
        '<w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" '
        'w:header="567" w:footer="567" w:gutter="0"/></w:sectPr>'
    )
    return (
        XML
        + f'<w:document xmlns:w="{W}" xmlns:r="{REL}"><w:body>'
        + "".join(body)
        + section_props
        + "</w:body></w:document>"
    )


def _core(doc: ReportDocument) -> str:
    stamp = dt.datetime.combine(doc.date, dt.time(0, 0)).isoformat() + "Z"
    return (
        XML + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{text(doc.title)}</dc:title><dc:subject>{text(doc.subtitle)}</dc:subject>"
        f"<dc:creator>add</dc:creator><dc:language>{LANGUAGE}</dc:language>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    )


def write(doc: ReportDocument) -> bytes:
    """The report as reproducible .docx bytes."""
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELS,
        "word/document.xml": _document(doc),
        "word/_rels/document.xml.rels": DOC_RELS,
        "word/styles.xml": STYLES,
        "word/settings.xml": SETTINGS,
        "docProps/core.xml": _core(doc),
        "docProps/app.xml": APP,
    }
    stamp = (max(doc.date.year, 1980), doc.date.month, doc.date.day, 0, 0, 0)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data.encode("utf-8"))
    return buffer.getvalue()

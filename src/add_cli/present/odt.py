"""The progress report as an OpenDocument text (.odt).

The same document as the docx (`present.docx`): title, date, per action line a
heading and a table 'Actie | Status' whose first row is the table's header row
(`table:table-header-rows`, repeated on every page), language nl-NL in the default
style and the metadata, the title in the metadata. Reproducible bytes (`odf.package`).
"""

from __future__ import annotations

from add_cli.present.odf import LANGUAGE, XMLNS, meta, package, paragraphs, text
from add_cli.present.reportdoc import ReportDocument

MIMETYPE = "application/vnd.oasis.opendocument.text"
LANG, COUNTRY = LANGUAGE.split("-")

STYLES = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    f'<office:document-styles {XMLNS} office:version="1.3"><office:styles>'
    '<style:default-style style:family="paragraph"><style:text-properties '
    f'style:font-name="Arial" fo:font-family="Arial" fo:font-size="11pt" fo:language="{LANG}" '
    f'fo:country="{COUNTRY}"/></style:default-style>'
    '<style:style style:name="Standard" style:family="paragraph" style:class="text">'
    '<style:paragraph-properties fo:margin-bottom="0.14cm"/></style:style>'
    '<style:style style:name="Title" style:family="paragraph" style:parent-style-name="Standard"'
    ' style:class="chapter"><style:text-properties fo:font-size="20pt" fo:font-weight="bold"/>'
    "</style:style>"
    '<style:style style:name="Subtitle" style:family="paragraph" '
    'style:parent-style-name="Standard" style:class="chapter">'
    '<style:text-properties fo:font-size="12pt"/></style:style>'
    '<style:style style:name="Heading_20_1" style:display-name="Heading 1" '
    'style:family="paragraph" style:parent-style-name="Standard" '
    'style:default-outline-level="1" style:class="text"><style:paragraph-properties '
    'fo:margin-top="0.42cm" fo:margin-bottom="0.21cm" fo:keep-with-next="always"/>'
    '<style:text-properties fo:font-size="14pt" fo:font-weight="bold"/></style:style>'
    '<style:style style:name="Table_20_Heading" style:display-name="Table Heading" '
    'style:family="paragraph" style:parent-style-name="Standard" style:class="extra">'
    '<style:text-properties fo:font-weight="bold"/></style:style>'
    "</office:styles>"
    '<office:automatic-styles><style:page-layout style:name="pm1">'
    '<style:page-layout-properties fo:page-width="297mm" fo:page-height="210mm" '
    'style:print-orientation="landscape" fo:margin-top="2cm" fo:margin-bottom="2cm" '
    'fo:margin-left="2cm" fo:margin-right="2cm"/></style:page-layout>'
    "</office:automatic-styles><office:master-styles>"
    '<style:master-page style:name="Standard" style:page-layout-name="pm1"/>'
    "</office:master-styles></office:document-styles>\n"
)

AUTOMATIC = (
    "<office:automatic-styles>"
    '<style:style style:name="Tbl" style:family="table"><style:table-properties '
    'style:width="25.7cm" table:align="margins"/></style:style>'
    '<style:style style:name="TblA" style:family="table-column">'
    '<style:table-column-properties style:column-width="10.28cm"/></style:style>'
    '<style:style style:name="TblB" style:family="table-column">'
    '<style:table-column-properties style:column-width="15.42cm"/></style:style>'
    '<style:style style:name="TblHead" style:family="table-cell"><style:table-cell-properties '
    'fo:background-color="#d9e1f2" fo:padding="0.1cm" fo:border="0.5pt solid #808080"/>'
    "</style:style>"
    '<style:style style:name="TblCell" style:family="table-cell"><style:table-cell-properties '
    'fo:padding="0.1cm" fo:border="0.5pt solid #808080"/></style:style>'
    '<style:style style:name="Row" style:family="table-row"><style:table-row-properties '
    'fo:keep-together="always"/></style:style>'
    "</office:automatic-styles>"
)


def _cell(style: str, body: str) -> str:
    return (
        f'<table:table-cell table:style-name="{style}" office:value-type="string">'
        f"{body}</table:table-cell>"
    )


def _content(doc: ReportDocument) -> str:
    body = [
        f'<text:p text:style-name="Title">{text(doc.title)}</text:p>',
        f'<text:p text:style-name="Subtitle">{text(doc.subtitle)}</text:p>',
    ]
    for n, section in enumerate(doc.sections, start=1):
        body.append(
            f'<text:h text:style-name="Heading_20_1" text:outline-level="1">'
            f"{text(section.heading)}</text:h>"
        )
        head = "".join(_cell("TblHead", paragraphs(h, "Table_20_Heading")) for h in doc.headers)
        rows = "".join(
            '<table:table-row table:style-name="Row">'
            + _cell("TblCell", paragraphs(item.actie))
            + _cell("TblCell", paragraphs(item.state, "Table_20_Heading") + paragraphs(item.text))
            + "</table:table-row>"
            for item in section.items
        )
        body.append(
            f'<table:table table:name="Tabel{n}" table:style-name="Tbl">'
            '<table:table-column table:style-name="TblA"/>'
            '<table:table-column table:style-name="TblB"/>'
            f"<table:table-header-rows><table:table-row>{head}</table:table-row>"
            f"</table:table-header-rows>{rows}</table:table>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<office:document-content {XMLNS} office:version="1.3">{AUTOMATIC}'
        f"<office:body><office:text>{''.join(body)}</office:text></office:body>"
        "</office:document-content>\n"
    )


def write(doc: ReportDocument) -> bytes:
    """The report as reproducible .odt bytes."""
    return package(
        MIMETYPE,
        doc.date,
        {"content.xml": _content(doc), "styles.xml": STYLES, "meta.xml": meta(doc.title, doc.date)},
    )

"""The questionnaire as an OpenDocument spreadsheet (.ods), for departments that use LibreOffice.

The same sheet as the xlsx (`questionnaire.build`): title and instruction across the
table, the column names as the marked header row (repeated on every printed page),
the department's actions, and three unlocked yellow answer columns in an otherwise
protected sheet, the state chosen from a list; frozen beside the id and role
columns; the same printed page. A hidden sheet `_add` carries the format and the
key of the record. `uitvraag import` reads it back (`store.odsread`).
"""

from __future__ import annotations

from add_cli.checks.answers import (
    FIRST_ROW,
    FORMAT,
    HEADERS,
    META,
    QUARTER_COL,
    SHEET,
    STATE_CHOICES,
    STATE_COL,
    TEXT_COL,
)
from add_cli.core.model import Plan
from add_cli.present.odf import XMLNS, attr, meta, package, paragraphs
from add_cli.present.ods import MIMETYPE, _width_cm, page_styles, settings
from add_cli.present.questionnaire import LATE_HEADER, WIDTHS, Built, contents
from add_cli.present.workbook import LINE_HEIGHT, wrapped_lines
from add_cli.store.questionnaires import Sent

ANSWER_COLS = (STATE_COL, TEXT_COL, QUARTER_COL)


def _cell(value: str, style: str, extra: str = "") -> str:
    body = paragraphs(value) if value else ""
    kind = ' office:value-type="string"' if value else ""
    return f'<table:table-cell table:style-name="{style}"{kind}{extra}>{body}</table:table-cell>'


def _height(values: list[str] | tuple[str, ...], widths: tuple[float, ...]) -> str:
    lines = max(
        (wrapped_lines(v, w) for v, w in zip(values, widths, strict=False)),
        default=1,
    )
    return f"{LINE_HEIGHT * lines + 2:.1f}pt"


def write(plan: Plan, sent: Sent) -> Built:
    """The questionnaire for a record made by `questionnaire.prepare`, as .ods bytes."""
    made = contents(plan, sent)
    total = float(sum(WIDTHS))
    span = len(HEADERS)
    covered = "<table:covered-table-cell/>" * (span - 1)
    spanned = f' table:number-columns-spanned="{span}" table:number-rows-spanned="1"'
    rows = [  # (height, cells) of the title and the instruction
        (_height([made.title], (total * 0.85,)), _cell(made.title, "qTitle", spanned) + covered),
        (
            _height([made.instruction], (total,)),
            _cell(made.instruction, "qText", spanned) + covered,
        ),
    ]
    header = "".join(_cell(h, "qHeader") for h in (*HEADERS, LATE_HEADER))
    header_height = _height((*HEADERS, LATE_HEADER), tuple(float(w) for w in WIDTHS))
    data = []
    for values, since in zip(made.rows, made.since, strict=True):
        cells = ""
        for col in range(1, span + 1):
            if col in ANSWER_COLS:
                validation = ' table:content-validation-name="stand"' if col == STATE_COL else ""
                cells += _cell("", "qAnswer", validation)
            else:
                cells += _cell(values[col - 1] if col <= len(values) else "", "qText")
        cells += _cell(since, "qText")  # "Te laat sinds", read-only as in the xlsx
        data.append((_height(values, tuple(float(w) for w in WIDTHS)), cells))
    heights = sorted({h for h, _ in rows} | {header_height} | {h for h, _ in data})
    names = {h: f"ro{i}" for i, h in enumerate(heights, start=1)}
    widths = sorted({_width_cm(w) for w in WIDTHS})
    col_names = {w: f"co{i}" for i, w in enumerate(widths, start=1)}

    def row_xml(height: str, cells: str) -> str:
        return f'<table:table-row table:style-name="{names[height]}">{cells}</table:table-row>'

    body = [row_xml(h, c) for h, c in rows]
    body.append(
        "<table:table-header-rows>" + row_xml(header_height, header) + "</table:table-header-rows>"
    )
    body += [row_xml(h, c) for h, c in data]
    columns = "".join(
        f'<table:table-column table:style-name="{col_names[_width_cm(w)]}"/>' for w in WIDTHS
    )
    sheet = (
        f'<table:table table:name={attr(SHEET)} table:style-name="ta1" table:protected="true">'
        f"{columns}{''.join(body)}</table:table>"
    )
    hidden = (
        f'<table:table table:name={attr(META)} table:style-name="taHidden">'
        "<table:table-column/><table:table-column/>"
        + "".join(
            f"<table:table-row>{_cell(k, 'qText')}{_cell(v, 'qText')}</table:table-row>"
            for k, v in (("format", FORMAT), ("sleutel", sent.key))
        )
        + "</table:table>"
    )
    choices = ";".join('"' + c.replace('"', '""') + '"' for c in STATE_CHOICES)
    letter = chr(64 + STATE_COL)
    validations = (
        "<table:content-validations>"
        '<table:content-validation table:name="stand" '
        f"table:condition={attr('of:cell-content-is-in-list(' + choices + ')')} "
        'table:allow-empty-cell="true" table:display-list="unsorted" '
        f"table:base-cell-address={attr(f'{SHEET}.{letter}{FIRST_ROW}')}>"
        '<table:error-message table:message-type="stop" table:title="Nieuwe stand" '
        'table:display="true"><text:p>Kies een stand uit de lijst.</text:p>'
        "</table:error-message></table:content-validation></table:content-validations>"
    )
    wrap = '<style:table-cell-properties fo:wrap-option="wrap" style:vertical-align="top"'
    styles = (
        '<style:style style:name="ta1" style:family="table" style:master-page-name="Default">'
        '<style:table-properties table:display="true"/></style:style>'
        '<style:style style:name="taHidden" style:family="table">'
        '<style:table-properties table:display="false"/></style:style>'
        + "".join(
            f'<style:style style:name="{n}" style:family="table-column">'
            f'<style:table-column-properties style:column-width="{w}"/></style:style>'
            for w, n in col_names.items()
        )
        + "".join(
            f'<style:style style:name="{n}" style:family="table-row">'
            f'<style:table-row-properties style:row-height="{h}" '
            'style:use-optimal-row-height="false"/></style:style>'
            for h, n in names.items()
        )
        + f'<style:style style:name="qText" style:family="table-cell">{wrap}/></style:style>'
        + f'<style:style style:name="qTitle" style:family="table-cell">{wrap}/>'
        '<style:text-properties fo:font-size="12pt" fo:font-weight="bold"/></style:style>'
        + f'<style:style style:name="qHeader" style:family="table-cell">{wrap}/>'
        '<style:text-properties fo:font-weight="bold"/></style:style>'
        + f'<style:style style:name="qAnswer" style:family="table-cell">{wrap} '
        'fo:background-color="#fff2cc" style:cell-protect="none"/></style:style>'
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<office:document-content {XMLNS} office:version="1.3">'
        f"<office:automatic-styles>{styles}</office:automatic-styles>"
        f"<office:body><office:spreadsheet>{validations}{sheet}{hidden}"
        "</office:spreadsheet></office:body></office:document-content>\n"
    )
    title = f"Uitvraag {sent.department} {sent.as_of.isoformat()}"
    data_bytes = package(
        MIMETYPE,
        sent.as_of,
        {
            "content.xml": content,
            "styles.xml": page_styles(made.title),
            "meta.xml": meta(title, sent.as_of),
            "settings.xml": settings([SHEET], rows=FIRST_ROW - 1, cols=2),
        },
    )
    return Built(data_bytes, made.marked)

"""The questionnaire workbook: one per department, to be filled in and read back.

One protected sheet lists the department's actions (as lead and as partner), their
annex row, deadline and latest progress, and three unlocked answer columns: the new
state (a drop-down), the new text and the expected quarter. A very hidden sheet
carries only the format and the key of the record `uitvraag export` writes into the
plan (`store.questionnaires`): what the questionnaire was sent for is kept there, not
in the workbook. Reading the answers back is `checks.answers`.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from add_cli.checks.answers import (
    FIRST_ROW,
    FORMAT,
    HEADER_ROW,
    HEADERS,
    META,
    QUARTER_COL,
    SHEET,
    STATE_CHOICES,
    STATE_COL,
    TEXT_COL,
)
from add_cli.core.departments import Registry
from add_cli.core.model import NOT_REPORTED_LABEL, STATE_LABELS, Plan, State
from add_cli.core.query import Role, latest_entry, select
from add_cli.store.questionnaires import Sent, new

# Sized to print on A4 landscape at a readable scale; rows grow to fit their text.
WIDTHS = (7, 8, 32, 14, 14, 11, 13, 34, 11, 14, 36, 11, 12)
LATE_HEADER = "Te laat sinds"
"""A read-only column right of the answers (the reader ignores it): since when the
action is late against the annex (the day after its deadline), empty when not late."""
INSTRUCTION = (
    "Vul per actie de gele kolommen in: Nieuwe stand (kies uit de lijst), Nieuwe voortgang "
    "(de tekst voor de rapportage) en, bij 'verwacht later', het verwachte kwartaal als "
    "JJJJ-Kn (bijvoorbeeld 2026-Q4). Laat de rij leeg als er niets te melden is. "
    "De overige kolommen zijn beveiligd."
)
MARKED_NOTE = (
    " Let op: een teken dat Excel niet kan tonen (een stuurteken) staat in de tekst als symbool "
    "(␀ … ␟)."
)


def prepare(plan: Plan, dept: str, day: dt.date, made: dt.date, role: Role = "any") -> Sent:
    """The record of a new questionnaire for a department: its actions (those it leads and
    joins, or only one `role`) and a fresh key."""
    registry = Registry(plan.departments)
    actions = select(plan, dept, role)
    return new(registry.canonical(dept), day, made, [a.id for a in actions])


@dataclass(frozen=True)
class Built:
    data: bytes
    marked: int
    """How many cells had control characters replaced by visible markers."""


@dataclass(frozen=True)
class Contents:
    """What a questionnaire says in any format (xlsx here, ods in `questionnaire_ods`)."""

    title: str
    instruction: str
    rows: list[list[str]]
    """Per action: the cells before the answer columns."""
    marked: int
    since: list[str]
    """Per action: the day it became late ("Te laat sinds"), or ""."""


def contents(plan: Plan, sent: Sent) -> Contents:
    """The title, instruction and rows of the questionnaire for a record made by `prepare`."""
    from add_cli.present.workbook import CONTROL

    registry = Registry(plan.departments)
    family = registry.family(sent.department)
    day = sent.as_of
    rows: list[list[str]] = []
    since: list[str] = []
    for aid in sent.actions:
        action = plan.action(aid)
        assert action is not None, aid  # the record was made from this plan
        entry = latest_entry(plan, action.id, day)
        lead = registry.canonical(action.annex.lead) in family
        deadline = action.period.deadline
        late = (
            deadline is not None
            and deadline < day
            and (entry is None or entry.state is not State.FINISHED)
        )
        rows.append(
            [
                action.id,
                "trekker" if lead else "partner",
                action.annex.title,
                action.annex.departments,
                action.annex.period.raw,
                action.period.deadline.isoformat() if action.period.deadline else "",
                STATE_LABELS[entry.state] if entry else NOT_REPORTED_LABEL,
                entry.text if entry else "",
                entry.date.isoformat() if entry else "",
            ]
        )
        since.append((deadline + dt.timedelta(days=1)).isoformat() if late and deadline else "")
    marked = sum(1 for row in rows for value in row if CONTROL.search(value))
    title = f"Uitvraag voortgang {plan.title}: {sent.department}, stand per {day.isoformat()}"
    return Contents(title, INSTRUCTION + (MARKED_NOTE if marked else ""), rows, marked, since)


def build(plan: Plan, sent: Sent) -> Built:
    """The questionnaire workbook for a record made by `prepare`."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from add_cli.present.workbook import fit_height, page_setup, text_cell

    day = sent.as_of
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    for col, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    made = contents(plan, sent)
    rows, marked = made.rows, made.marked
    last_col = get_column_letter(len(HEADERS))
    # Title and instruction span the table's width and wrap within it, so that
    # neither widens the printed page.
    total = sum(WIDTHS[: len(HEADERS)])
    title, instruction, since = made.title, made.instruction, made.since
    for r, text in ((1, title), (2, instruction)):
        text_cell(ws, r, 1, text)
        ws.merge_cells(f"A{r}:{last_col}{r}")
        fit_height(ws, r, [text], [total * (0.85 if r == 1 else 1.0)])
    ws["A1"].font = Font(bold=True, size=12)
    for col, header in enumerate((*HEADERS, LATE_HEADER), start=1):
        text_cell(ws, HEADER_ROW, col, header).font = Font(bold=True)
    fit_height(ws, HEADER_ROW, (*HEADERS, LATE_HEADER), WIDTHS)
    answer_fill = PatternFill("solid", fgColor="FFF2CC")
    wrap = Alignment(wrap_text=True, vertical="top")
    late_font = Font(bold=True, color="C00000")
    for r, values in enumerate(rows, start=FIRST_ROW):
        text_cell(ws, r, len(HEADERS) + 1, since[r - FIRST_ROW]).font = late_font
        for col, value in enumerate(values, start=1):
            text_cell(ws, r, col, value)
        for col in (STATE_COL, TEXT_COL, QUARTER_COL):
            answer = ws.cell(row=r, column=col)
            answer.protection = Protection(locked=False)
            answer.fill = answer_fill
            answer.alignment = wrap
        fit_height(ws, r, values, WIDTHS)
    if rows:
        last = FIRST_ROW + len(rows) - 1
        choice = DataValidation(
            type="list",
            formula1='"' + ",".join(STATE_CHOICES) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Nieuwe stand",
            error="Kies een stand uit de lijst.",
        )
        ws.add_data_validation(choice)
        choice.add(f"J{FIRST_ROW}:J{last}")
    ws.freeze_panes = f"C{FIRST_ROW}"
    page_setup(ws, f"{HEADER_ROW}:{HEADER_ROW}", title)
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    meta = wb.create_sheet(META)
    meta.sheet_state = "veryHidden"
    for r, (name, value) in enumerate([("format", FORMAT), ("sleutel", sent.key)], start=1):
        meta.cell(row=r, column=1, value=name)
        meta.cell(row=r, column=2, value=value).data_type = "s"
    wb.properties.title = f"Uitvraag {sent.department} {day.isoformat()}"
    wb.properties.creator = "add"
    buffer = io.BytesIO()
    wb.save(buffer)
    return Built(buffer.getvalue(), marked)

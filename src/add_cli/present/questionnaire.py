"""The questionnaire round trip: a workbook per department, filled in and read back.

`export` writes one protected sheet with the department's actions (as lead and as
partner), their annex row, deadline and latest progress, and three unlocked answer
columns: the new state (a drop-down), the new text and the expected quarter. A
very hidden sheet records the department, the date and the action ids in order,
so that `read` can tell a tampered workbook (rows moved, ids changed, columns
renamed) from a filled-in one.

`read` checks every answer and reports every problem by sheet, row and column;
it returns entries only when there is none.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from add_cli.checks.record import NewEntry
from add_cli.core.departments import Registry
from add_cli.core.model import NOT_REPORTED_LABEL, STATE_LABELS, Plan, Quarter, State
from add_cli.core.query import latest_entry, select

SHEET = "Uitvraag"
META = "_add"
FORMAT = "add-uitvraag/1"
HEADER_ROW = 3
FIRST_ROW = 4
HEADERS = (
    "Id",
    "Rol",
    "Actie",
    "Departement",
    "Start- en einddatum",
    "Deadline",
    "Stand",
    "Laatste voortgang",
    "Datum",
    "Nieuwe stand",
    "Nieuwe voortgang",
    "Verwacht kwartaal",
)
ANSWER_COLS = {"J": "Nieuwe stand", "K": "Nieuwe voortgang", "L": "Verwacht kwartaal"}
WIDTHS = (8, 9, 45, 20, 20, 11, 15, 50, 11, 16, 50, 12)
STATE_CHOICES = [STATE_LABELS[s] for s in State]


class UitvraagError(Exception):
    """The workbook cannot be read as a questionnaire, or its answers are invalid."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def build(plan: Plan, dept: str, day: dt.date) -> bytes:
    """The questionnaire workbook for one department as of a date."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    registry = Registry(plan.departments)
    dept_code = registry.canonical(dept)
    family = registry.family(dept)
    actions = select(plan, dept, "any")
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    wrap = Alignment(wrap_text=True, vertical="top")
    ws["A1"] = f"Uitvraag voortgang {plan.title}: {dept_code}, stand per {day.isoformat()}"
    ws["A1"].font = Font(bold=True, size=12)
    ws["A2"] = (
        "Vul per actie de gele kolommen in: Nieuwe stand (kies uit de lijst), Nieuwe voortgang "
        "(de tekst voor de rapportage) en, bij 'verwacht later', het verwachte kwartaal als "
        "JJJJ-Kn (bijvoorbeeld 2026-Q4). Laat de rij leeg als er niets te melden is. "
        "De overige kolommen zijn beveiligd."
    )
    ws["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells("A2:L2")
    ws.row_dimensions[2].height = 45
    answer_fill = PatternFill("solid", fgColor="FFF2CC")
    for col, header in enumerate(HEADERS, start=1):
        cell = ws.cell(row=HEADER_ROW, column=col, value=header)
        cell.font = Font(bold=True)
        cell.alignment = wrap
        ws.column_dimensions[get_column_letter(col)].width = WIDTHS[col - 1]
    ids = []
    for r, action in enumerate(actions, start=FIRST_ROW):
        entry = latest_entry(plan, action.id, day)
        lead = registry.canonical(action.annex.lead) in family
        values = [
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
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=col, value=value)
            cell.data_type = "s"
            cell.alignment = wrap
        for col in range(10, 13):
            answer = ws.cell(row=r, column=col)
            answer.protection = Protection(locked=False)
            answer.fill = answer_fill
            answer.alignment = wrap
        ids.append(action.id)
    last = FIRST_ROW + len(actions) - 1
    if actions:
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
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[union-attr]
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    meta = wb.create_sheet(META)
    meta.sheet_state = "veryHidden"
    for r, (key, value) in enumerate(
        [
            ("format", FORMAT),
            ("departement", dept_code),
            ("peildatum", day.isoformat()),
            ("acties", ",".join(ids)),
        ],
        start=1,
    ):
        meta.cell(row=r, column=1, value=key)
        meta.cell(row=r, column=2, value=value).data_type = "s"
    wb.properties.title = f"Uitvraag {dept_code} {day.isoformat()}"
    wb.properties.creator = "add"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class Answer:
    row: int
    entry: NewEntry


@dataclass(frozen=True)
class Questionnaire:
    dept: str
    as_of: str
    answers: list[Answer]
    rows: int


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    return str(value).strip()


def _quarter(text: str) -> Quarter:
    """'2026-Q4' or 'Q4 2026'."""
    parts = text.upper().replace("-", " ").split()
    if len(parts) == 2 and parts[0].startswith("Q"):
        text = f"{parts[1]}-{parts[0]}"
    return Quarter.parse(text)


def read(path: Path, plan: Plan, day: dt.date) -> Questionnaire:
    """The answers in a filled-in questionnaire, or UitvraagError listing every problem."""
    from openpyxl import load_workbook

    name = path.name
    try:
        wb = load_workbook(path, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise UitvraagError([f"{name}: not a readable Excel workbook ({exc})"]) from None
    if SHEET not in wb.sheetnames or META not in wb.sheetnames:
        raise UitvraagError(
            [f"{name}: not an add questionnaire (sheets {SHEET!r} and {META!r} expected)"]
        )
    meta = {
        _text(wb[META].cell(row=r, column=1).value): _text(wb[META].cell(row=r, column=2).value)
        for r in range(1, 5)
    }
    if meta.get("format") != FORMAT:
        raise UitvraagError([f"{name}: unknown questionnaire format {meta.get('format')!r}"])
    ids = [i for i in meta.get("acties", "").split(",") if i]
    ws = wb[SHEET]
    problems = []
    where = f"{name}: sheet {SHEET}"
    for col, header in enumerate(HEADERS, start=1):
        found = _text(ws.cell(row=HEADER_ROW, column=col).value)
        if found != header:
            letter = chr(64 + col)
            problems.append(
                f"{where}, row {HEADER_ROW}, column {letter}: header {found!r}, expected "
                f"{header!r} (the questionnaire was changed)"
            )
    if problems:
        raise UitvraagError(problems)
    answers = []
    last = max(ws.max_row, FIRST_ROW + len(ids) - 1)
    for r in range(FIRST_ROW, last + 1):
        index = r - FIRST_ROW
        cell_id = _text(ws.cell(row=r, column=1).value)
        state_text = _text(ws[f"J{r}"].value)
        text = _text(ws[f"K{r}"].value)
        expected_text = _text(ws[f"L{r}"].value)
        at = f"{where}, row {r}"
        if index >= len(ids):
            if cell_id or state_text or text or expected_text:
                problems.append(f"{at}: a row that was not in the questionnaire")
            continue
        if cell_id != ids[index]:
            problems.append(
                f"{at}, column A: id {cell_id!r}, expected {ids[index]!r} (rows were changed)"
            )
            continue
        action = plan.action(cell_id)
        if action is None:
            problems.append(f"{at}, column A: unknown action {cell_id!r}")
            continue
        if not (state_text or text or expected_text):
            continue
        if not state_text:
            problems.append(f"{at}, column J (Nieuwe stand): empty, but there is an answer")
            continue
        try:
            state = State.parse(state_text)
        except ValueError:
            problems.append(
                f"{at}, column J (Nieuwe stand): {state_text!r} is not a state; "
                f"choose one of: {', '.join(STATE_CHOICES)}"
            )
            continue
        if not text:
            problems.append(f"{at}, column K (Nieuwe voortgang): empty; give the status text")
            continue
        quarter = None
        if expected_text:
            try:
                quarter = _quarter(expected_text)
            except ValueError:
                problems.append(
                    f"{at}, column L (Verwacht kwartaal): {expected_text!r} is not a quarter "
                    "(JJJJ-Kn, e.g. 2026-Q4)"
                )
                continue
            if state is not State.EXPECTED:
                problems.append(
                    f"{at}, column L (Verwacht kwartaal): only with stand 'verwacht later'"
                )
                continue
        answers.append(Answer(r, NewEntry(action.id, day, state, text, quarter)))
    if problems:
        raise UitvraagError(problems)
    return Questionnaire(meta.get("departement", ""), meta.get("peildatum", ""), answers, len(ids))

"""Reading a filled-in questionnaire back: answers only where it was sent for.

The workbook is read within fixed bounds (`store.xlsxread`); its hidden sheet gives
only a key, and the record with that key in the plan (`store.questionnaires`) says
which department and which actions, in which row order, the questionnaire was sent
for. Every problem becomes a finding at its sheet, row and column; entries come back
only when there is none.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from add_cli.checks.record import NewEntry
from add_cli.core.errors import AddError
from add_cli.core.findings import Finding, at_cell
from add_cli.core.i18n import _, ngettext
from add_cli.core.model import STATE_LABELS, Plan, Quarter, State
from add_cli.store import odsread, questionnaires, xlsxread

# The layout `present.questionnaire` writes; kept here as data so that reading
# does not import the writer (and openpyxl).
SHEET = "Uitvraag"
META = "_add"
FORMAT = "add-uitvraag/2"
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
ID_COL, STATE_COL, TEXT_COL, QUARTER_COL = 1, 10, 11, 12
STATE_CHOICES = [STATE_LABELS[s] for s in State]
ROW_MARGIN = 50
"""Rows below the last question that may hold a value (reported as added rows);
a value further down is refused before anything else is read."""
COL_MARGIN = 4
"""Columns right of the answers a sheet may use (for notes, ignored)."""
META_ROWS, META_COLS = 10, 4
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


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
    day: dt.date | None = None
    """The date the answers are recorded for (the round's date unless --date)."""


def _quarter(text: str) -> Quarter:
    """'2026-Q4' or 'Q4 2026'."""
    parts = text.upper().replace("-", " ").split()
    if len(parts) == 2 and parts[0].startswith("Q"):
        text = f"{parts[1]}-{parts[0]}"
    return Quarter.parse(text)


def _refuse(name: str, message: str, findings: list[Finding]) -> AddError:
    return AddError("questionnaire", f"{name}: {message}", findings)


Book = xlsxread.Xlsx | odsread.Ods


def _open(path: Path) -> Book:
    """The workbook (.xlsx, or .ods by its name), if it has exactly the questionnaire's two
    worksheets."""
    book: Book = (
        odsread.open_ods(path) if path.suffix.lower() == ".ods" else xlsxread.open_xlsx(path)
    )
    kinds = {name: kind for name, (kind, _part) in book.sheets.items()}
    others = [f"{n!r} ({k})" if k != "worksheet" else repr(n) for n, k in kinds.items()]
    if set(kinds) != {SHEET, META} or any(k != "worksheet" for k in kinds.values()):
        raise book.fail(
            "not-questionnaire",
            _("not an add questionnaire (worksheets {a} and {b} expected, found {found})").format(
                a=repr(SHEET), b=repr(META), found=", ".join(others) or _("none")
            ),
        )
    return book


def _sent(book: Book, root: Path) -> questionnaires.Sent:
    """The record of the questionnaire the workbook's key names."""
    meta = book.cells(META, META_ROWS, META_COLS)
    if meta.get((1, 2), "").strip() != FORMAT:
        found = meta.get((1, 2), "")
        raise book.fail(
            "not-questionnaire",
            _(
                "unknown questionnaire format {found} (this add reads {format}; "
                "a questionnaire made by an older add cannot be read: export a new one)"
            ).format(found=repr(found), format=FORMAT),
            META,
            1,
            2,
        )
    key = meta.get((2, 2), "").strip()
    sent, unreadable = questionnaires.find(root, key)
    if sent is not None:
        return sent
    findings = [
        at_cell(
            "unknown-questionnaire",
            (book.name, META, 2, 2),
            _(
                "the workbook's key matches no questionnaire sent from this plan "
                "({folder}/); answer the newest questionnaire `add uitvraag export` made"
            ).format(folder=questionnaires.FOLDER),
        )
    ]
    findings += [
        at_cell(
            "record-unreadable", (f"{questionnaires.FOLDER}/{u.path.name}", "", 0, 0), u.message
        )
        for u in unreadable
    ]
    raise _refuse(book.name, _("not a questionnaire sent from this plan"), findings)


def read(path: Path, root: Path, plan: Plan, day: dt.date | None = None) -> Questionnaire:
    """The answers in a filled-in questionnaire, or AddError('questionnaire') with findings.

    Each answer is an entry dated `day`, or without one the questionnaire's as-of date
    (its round's date), reported by the department it was sent to, with the file's
    name as its source.
    """
    book = _open(path)
    sent = _sent(book, root)
    when = day or sent.as_of
    origin = (sent.department, path.name)
    last = FIRST_ROW + len(sent.actions) - 1
    cells = book.cells(SHEET, last + ROW_MARGIN, len(HEADERS) + COL_MARGIN)
    name = book.name
    problems: list[Finding] = []

    def problem(code: str, row: int, col: int, message: str, action: str | None = None) -> None:
        problems.append(at_cell(code, (name, SHEET, row, col), message, action))

    def text(row: int, col: int) -> str:
        return cells.get((row, col), "").replace("\r\n", "\n").replace("\r", "\n").strip()

    for col, header in enumerate(HEADERS, start=1):
        found = text(HEADER_ROW, col)
        if found != header:
            problem(
                "header-changed",
                HEADER_ROW,
                col,
                _("header {found}, expected {header} (the questionnaire was changed)").format(
                    found=repr(found), header=repr(header)
                ),
            )
    if problems:
        raise _refuse(name, _("the questionnaire's columns were changed"), problems)
    answers = []
    for index, aid in enumerate(sent.actions):
        r = FIRST_ROW + index
        cell_id = text(r, ID_COL)
        if cell_id != aid:
            problem(
                "id-changed",
                r,
                ID_COL,
                _("id {found}, but this row was sent for {id} (rows were changed)").format(
                    found=repr(cell_id), id=repr(aid)
                ),
                aid,
            )
            continue
        answer = _answer(r, aid, plan, when, origin, text, problem)
        if answer is not None:
            answers.append(answer)
    for r in range(last + 1, last + ROW_MARGIN + 1):
        if any(text(r, col) for col in range(1, len(HEADERS) + 1)):
            problem("extra-row", r, ID_COL, _("a row that was not in the questionnaire as sent"))
    if problems:
        message = ngettext(
            "{n} problem in the answers", "{n} problems in the answers", len(problems)
        )
        raise _refuse(name, message.format(n=len(problems)), problems)
    return Questionnaire(sent.department, sent.as_of.isoformat(), answers, len(sent.actions), when)


def _answer(
    r: int,
    aid: str,
    plan: Plan,
    day: dt.date,
    origin: tuple[str, str],
    text: Callable[[int, int], str],
    problem: Callable[..., None],
) -> Answer | None:
    """One row's answer, or None (no answer, or a problem was reported)."""
    state_text, new_text, expected_text = (text(r, c) for c in (STATE_COL, TEXT_COL, QUARTER_COL))
    if not (state_text or new_text or expected_text):
        return None
    action = plan.action(aid)
    if action is None:
        message = _("the plan has no action {id} any more").format(id=repr(aid))
        problem("action-gone", r, ID_COL, message, aid)
        return None
    bad = False
    for col, value in ((STATE_COL, state_text), (TEXT_COL, new_text), (QUARTER_COL, expected_text)):
        if CONTROL.search(value):
            found = ", ".join(sorted({f"U+{ord(c):04X}" for c in CONTROL.findall(value)}))
            problem(
                "control-character",
                r,
                col,
                _("contains a control character ({found}); retype the text without it").format(
                    found=found
                ),
                aid,
            )
            bad = True
    if bad:
        return None
    if not state_text:
        message = _("Nieuwe stand is empty, but there is an answer")
        problem("missing-state", r, STATE_COL, message, aid)
        return None
    try:
        state = State.parse(state_text)
    except ValueError:
        problem(
            "bad-state",
            r,
            STATE_COL,
            _("{text} is not a state; choose one of: {choices}").format(
                text=repr(state_text), choices=", ".join(STATE_CHOICES)
            ),
            aid,
        )
        return None
    if not new_text:
        message = _("Nieuwe voortgang is empty; give the status text")
        problem("missing-text", r, TEXT_COL, message, aid)
        return None
    quarter = None
    if expected_text:
        try:
            quarter = _quarter(expected_text)
        except ValueError:
            problem(
                "bad-quarter",
                r,
                QUARTER_COL,
                _("{text} is not a quarter (JJJJ-Kn, e.g. 2026-Q4)").format(
                    text=repr(expected_text)
                ),
                aid,
            )
            return None
        if state is not State.EXPECTED:
            problem(
                "quarter-without-expected",
                r,
                QUARTER_COL,
                _("Verwacht kwartaal only with stand 'verwacht later'"),
                aid,
            )
            return None
    return Answer(r, NewEntry(action.id, day, state, new_text, quarter, *origin))

"""Findings: what `add validate` (and a failed load) reports, as data.

Each finding has a stable code from `CODES`; the text form is compiler style,
`path:line:col: severity CODE [action] message`, so editors and CI can read it.

A finding's `path` is relative to the plan folder ("actions.yaml",
"progress/2025-10-31.yaml"), whatever the working folder. `root` is how the plan
folder is shown to the user (relative to the working folder); the text form and
`as_dict` join the two, so a finding prints as a path the user can open.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from typing import Any, Literal

Severity = Literal["error", "warning"]

# code -> (severity, what it means). Load problems make the plan unreadable (exit 2).
LOAD_CODES: dict[str, str] = {
    "missing-file": "a required plan file is missing",
    "unreadable": "the file cannot be read",
    "file-too-large": "the file is larger than a plan file may be",
    "empty-file": "the file is empty",
    "binary-file": "the file is binary",
    "not-utf8": "the file is not UTF-8 text",
    "yaml-syntax": "the file is not valid YAML",
    "yaml-alias": "YAML aliases are not allowed",
    "yaml-anchor": "YAML anchors are not allowed",
    "yaml-merge-key": "YAML merge keys are not allowed",
    "yaml-tag": "YAML tags other than the standard ones are not allowed",
    "yaml-too-deep": "the YAML nesting is too deep",
    "duplicate-key": "a mapping has the same key twice",
    "schema-version": "the file has no valid schema_version",
    "unsupported-version": "the file's schema_version is newer than this add can read",
    "not-a-mapping": "the file's top level is not a mapping",
    "not-a-file": (
        "a plan file is not a regular file: a folder, a named pipe or device, a dangling "
        "symbolic link; or the progress folder is a file"
    ),
}

CODES: dict[str, tuple[Severity, str]] = {
    "schema": ("error", "a value does not match the file's JSON Schema"),
    "duplicate-id": ("error", "two actions (or lines, departments) share an id"),
    "unknown-department": ("error", "a lead or partner is not in departments.yaml"),
    "unknown-line": ("error", "an action names an action line or sub-line that plan.yaml lacks"),
    "bad-period": ("error", "the annex period cannot be read at all"),
    "period-order": ("error", "a period ends before it starts"),
    "unknown-reference": (
        "error",
        "an action's references list names an action that does not exist",
    ),
    "unknown-action": ("error", "a progress entry is for an action that does not exist"),
    "bad-date": ("error", "a date that does not exist (2025-02-30) or is not YYYY-MM-DD"),
    "bad-department": ("error", "the department registry contradicts itself"),
    "report-date": (
        "error",
        "a progress file's name (YYYY-MM-DD.yaml) is not the date of its report",
    ),
    "control-character": (
        "error",
        "a text holds a control character (Unicode Cc other than tab and line feed), "
        "which exports would carry invisibly and XML refuses",
    ),
    "period-free-text": ("warning", "a period is free text and was read only in part"),
    "text-reference-unknown": ("warning", "the body text mentions an action that does not exist"),
    "annex-body-period": ("warning", "annex and body give different periods"),
    "annex-body-departments": ("warning", "annex and body give a different lead or partners"),
    "annex-body-title": ("warning", "annex and body word the title differently"),
    "department-text": (
        "warning",
        "a lead or partner code does not occur in the printed departments",
    ),
    "correction-missing": ("warning", "a listed correction's text is not in the corrected value"),
    "duplicate-entry": (
        "warning",
        "an action has two progress entries on one date by one reporter",
    ),
    "expected-state": ("warning", "an expected quarter on an entry whose state is not 'expected'"),
    "unknown-file": ("warning", "a YAML file in the plan directory that add does not read"),
    "carried-unplaced": (
        "warning",
        "an action carried over from the predecessor plan has no action line or period yet",
    ),
}


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    col: int
    severity: Severity
    code: str
    message: str
    action: str | None = None
    sheet: str | None = None
    """For a workbook: the sheet (line = row, col = column); "" for the whole file."""
    root: str = ""
    """The plan folder as shown to the user; "" shows `path` as it is."""

    @property
    def shown_path(self) -> str:
        """The path as the user sees it: under `root`, relative to the working folder."""
        if not self.root:
            return self.path
        return os.path.normpath(f"{self.root}/{self.path}")

    def with_root(self, root: str) -> Finding:
        """The same finding, shown under the plan folder `root`."""
        return self if root == self.root else replace(self, root=root)

    def __str__(self) -> str:
        action = f" [{self.action}]" if self.action else ""
        where = f"{self.shown_path}:{self.line}:{self.col}"
        if self.sheet is not None:
            where = _cell_place(self.shown_path, self.sheet, self.line, self.col)
        return f"{where}: {self.severity} {self.code}{action} {self.message}"

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "path": self.shown_path,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "action": self.action,
        }
        if self.sheet is not None:  # plan-file findings keep their shape
            data["sheet"] = self.sheet
        return data


def make(
    code: str, where: tuple[str, int, int], message: str, action: str | None = None
) -> Finding:
    """A finding of a catalogued code at (path, line, col)."""
    if code in LOAD_CODES:
        severity: Severity = "error"
    else:
        severity = CODES[code][0]
    path, line, col = where
    return Finding(path, line, col, severity, code, message, action)


def sort_key(f: Finding) -> tuple[str, int, int, str]:
    return (f.path, f.line, f.col, f.code)


def shown(findings: list[Finding], root: str) -> list[Finding]:
    """The findings, shown under the plan folder `root` (see `Finding.root`)."""
    return [f.with_root(root) for f in findings]


# Problems in a questionnaire workbook (`uitvraag import`); all are errors.
WORKBOOK_CODES: dict[str, str] = {
    "not-xlsx": "the file is not an .xlsx workbook (an old .xls, a csv, an .ods, another zip)",
    "workbook-too-large": "the workbook is larger, or unpacks larger, than a questionnaire may",
    "workbook-broken": "a part of the workbook is missing or is not well-formed XML",
    "not-questionnaire": "the workbook's sheets are not those of an add questionnaire",
    "unknown-questionnaire": "the workbook's key matches no questionnaire this plan sent",
    "record-unreadable": "a questionnaire record in the plan cannot be read",
    "outside-questionnaire": "a cell far outside the question rows and columns",
    "header-changed": "a column header of the questionnaire was changed",
    "id-changed": "the id column does not hold the action this row was sent for",
    "extra-row": "a row that was not in the questionnaire as sent",
    "action-gone": "the plan no longer has the action of this row",
    "missing-state": "an answer without a new state",
    "bad-state": "the new state is not one of the listed states",
    "missing-text": "a new state without a progress text",
    "bad-quarter": "the expected quarter is not a quarter",
    "quarter-without-expected": "an expected quarter with a state other than 'verwacht later'",
    "control-character": "an answer contains a control character",
}


def column_letter(col: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell_place(path: str, sheet: str, row: int, col: int) -> str:
    if not sheet:
        return path
    if row < 1:
        return f"{path}:{sheet}"
    if col < 1:
        return f"{path}:{sheet}!{row}"
    return f"{path}:{sheet}!{column_letter(col)}{row}"


def at_cell(
    code: str,
    where: tuple[str, str, int, int],
    message: str,
    action: str | None = None,
) -> Finding:
    """A workbook finding at (file, sheet, row, column); sheet "" for the whole file."""
    if code not in WORKBOOK_CODES:
        raise ValueError(f"unknown workbook finding code {code!r}")
    path, sheet, row, col = where
    return Finding(path, row, col, "error", code, message, action, sheet=sheet)

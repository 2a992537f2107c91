"""The record of each questionnaire sent: `<plan>/questionnaires/<as-of>-<DEPT>.yaml`.

`uitvraag export` writes one when it makes a workbook: the department, the as-of
date, the day it was made, the action ids in row order and a random key. The
workbook carries only the key; `uitvraag import` finds the record by it and trusts
the record, never the workbook, for whom and for which actions answers count.
The newest questionnaire for a date and department is the one in circulation:
exporting again overwrites the record with a new key.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from add_cli.store.atomic import write_bytes
from add_cli.store.paths import schemas_dir
from add_cli.store.yamlread import YamlProblem, read

FOLDER = "questionnaires"
SCHEMA = "questionnaire.schema.json"
KEY = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True)
class Sent:
    """One questionnaire as it was sent."""

    department: str
    as_of: dt.date
    made: dt.date
    key: str
    actions: tuple[str, ...]

    @property
    def file_name(self) -> str:
        return f"{self.as_of.isoformat()}-{self.department}.yaml"


def new(department: str, as_of: dt.date, made: dt.date, actions: list[str]) -> Sent:
    """A record with a fresh random key."""
    return Sent(department, as_of, made, secrets.token_hex(16), tuple(actions))


def dump(sent: Sent) -> bytes:
    q = json.dumps  # a JSON string is a valid YAML double-quoted scalar
    lines = [
        "# yaml-language-server: $schema=../../schemas/questionnaire.schema.json",
        "# Written by `add uitvraag export`; `add uitvraag import` reads it by its key.",
        "schema_version: 1",
        f"department: {q(sent.department)}",
        f"as_of: {q(sent.as_of.isoformat())}",
        f"made: {q(sent.made.isoformat())}",
        f"key: {q(sent.key)}",
        "actions:" if sent.actions else "actions: []",
        *(f"  - {q(a)}" for a in sent.actions),
    ]
    return ("\n".join(lines) + "\n").encode()


def _validator() -> Any:
    from jsonschema import Draft202012Validator

    schema = json.loads((schemas_dir() / SCHEMA).read_text(encoding="utf-8"))
    return Draft202012Validator(schema)


def write(root: Path, sent: Sent) -> Path:
    """Write the record atomically (replacing one for the same date and department)."""
    errors = sorted(_validator().iter_errors(_as_data(sent)), key=str)
    if errors:  # a bug, not a user error: the record is built from the plan
        raise ValueError(f"questionnaire record does not match its schema: {errors[0].message}")
    folder = root / FOLDER
    folder.mkdir(exist_ok=True)
    path = folder / sent.file_name
    write_bytes(path, dump(sent))
    return path


def _as_data(sent: Sent) -> dict[str, Any]:
    return {
        "schema_version": 1,
        "department": sent.department,
        "as_of": sent.as_of.isoformat(),
        "made": sent.made.isoformat(),
        "key": sent.key,
        "actions": list(sent.actions),
    }


@dataclass(frozen=True)
class Unreadable:
    """A record file that cannot be read or does not match the schema."""

    path: Path
    message: str


def find(root: Path, key: str) -> tuple[Sent | None, list[Unreadable]]:
    """The record with this key, and the record files that could not be read."""
    folder = root / FOLDER
    if not KEY.match(key) or not folder.is_dir():
        return None, []
    validator = None
    bad: list[Unreadable] = []
    for file in sorted(folder.glob("*.yaml")):
        try:
            data = read(file).data
        except YamlProblem as problem:
            bad.append(Unreadable(file, f"{problem.line}:{problem.col}: {problem.message}"))
            continue
        validator = validator or _validator()
        error = next(iter(sorted(validator.iter_errors(data), key=str)), None)
        if error is not None:
            where = "/".join(str(p) for p in error.absolute_path) or "top level"
            bad.append(Unreadable(file, f"{where}: {error.message}"))
            continue
        if secrets.compare_digest(data["key"], key):
            try:
                as_of = dt.date.fromisoformat(data["as_of"])
                made = dt.date.fromisoformat(data["made"])
            except ValueError as exc:
                bad.append(Unreadable(file, str(exc)))
                continue
            sent = Sent(data["department"], as_of, made, key, tuple(data["actions"]))
            return sent, bad
    return None, bad


def questionnaire_files(folder: Path) -> list[Path]:
    """The workbooks in a folder, by name; Office's lock files (`~$...`) are skipped."""
    return sorted(
        p for p in folder.iterdir() if p.suffix.lower() == ".xlsx" and not p.name.startswith("~$")
    )

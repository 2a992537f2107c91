"""Rules over the texts of a plan, for `checks.validate`: corrections that must occur in
the text they correct, progress files named for their report's date, and no control
characters in any key or value."""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any

from add_cli.core import findings as F
from add_cli.core.findings import Finding
from add_cli.core.i18n import _
from add_cli.core.model import Action, real_date
from add_cli.store.read import LoadResult, Located
from add_cli.store.schema import action_of
from add_cli.store.yamlread import Document


def check_corrections(action: Action, at: Located) -> list[Finding]:
    out = []
    values: dict[str, tuple[str, ...]] = {
        "annex.title": (action.annex.title,),
        "annex.departments": (action.annex.departments,),
        "annex.period": (action.annex.period.raw,),
        "body.title": (action.body.cells.title,),
        "body.departments": (action.body.cells.departments,),
        "body.period": (action.body.cells.period.raw,),
        "body.what": action.body.what,
        "body.success": action.body.success,
        "body.category": (action.body.category or "",),
    }
    for i, c in enumerate(action.corrections):
        texts = values.get(c.field)
        if texts is None or not any(c.corrected in t for t in texts):
            out.append(
                F.make(
                    "correction-missing",
                    at.at("corrections", i),
                    _("correction of {field}: {text} does not occur in the value").format(
                        field=c.field, text=repr(c.corrected)
                    ),
                    action.id,
                )
            )
    return out


def _value_at(data: Any, where: tuple[Any, ...]) -> Any:
    """The value at a path in parsed YAML, or None where the path does not lead."""
    for key in where:
        if isinstance(data, dict):
            data = data.get(key)
        elif isinstance(data, list) and isinstance(key, int) and 0 <= key < len(data):
            data = data[key]
        else:
            return None
    return data


def check_report_names(result: LoadResult) -> list[Finding]:
    """A progress file is named for the date of its report: progress/2025-10-31.yaml."""
    out = []
    for kind, doc in result.docs.items():
        if not kind.startswith("progress:"):
            continue
        value = _value_at(doc.data, ("report", "date"))
        name = PurePosixPath(doc.path)
        # A date that does not exist is a bad-date already (store.build).
        if isinstance(value, str) and value != name.stem and real_date(value) is not None:
            out.append(
                F.make(
                    "report-date",
                    (doc.path, *doc.pos(("report", "date"))),
                    _(
                        "report date {date} differs from the file name {name}: "
                        "name the file {date}{suffix} or correct the date"
                    ).format(date=value, name=name.name, suffix=name.suffix),
                )
            )
    return out


# Unicode category Cc except tab and line feed: invisible in a terminal or a spreadsheet
# cell, refused by XML. The line and paragraph separators (U+2028, U+2029) are text, kept
# exactly (the writer escapes them), as `add progress` refuses only Cc.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def check_characters(doc: Document) -> list[Finding]:
    """Every text (key or value) of a document without a control character."""
    out = []
    stack: list[tuple[tuple[Any, ...], Any]] = [((), doc.data)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, str):
            found = _CONTROL.search(value)
            if found is not None:
                out.append(_control_finding(doc, where, found.group(), doc.pos(where)))
        elif isinstance(value, dict):
            for key, item in value.items():
                found = _CONTROL.search(key)
                if found is not None:
                    at = doc.key_pos((*where, key))
                    out.append(_control_finding(doc, (*where, key), found.group(), at))
                stack.append(((*where, key), item))
        elif isinstance(value, list):
            stack.extend(((*where, i), item) for i, item in enumerate(value))
    return out


def _control_finding(
    doc: Document, where: tuple[Any, ...], char: str, at: tuple[int, int]
) -> Finding:
    label = "/".join(str(p) for p in where) or _("top level")
    return F.make(
        "control-character",
        (doc.path, *at),
        _("{where}: control character U+{code} in the text").format(
            where=label, code=f"{ord(char):04X}"
        ),
        action_of(doc, where),
    )

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
    out: list[Finding] = []
    if not action.corrections:
        return out
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
    if doc.no_controls or not _any_control(doc.data):
        return []  # the usual case, found by a cheaper walk
    return _control_findings(doc)


def _control_findings(doc: Document) -> list[Finding]:
    """The control characters of a document, each with its path and position."""
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


_C0 = bytes([*range(0x09), *range(0x0B, 0x20), 0x7F])
"""The control characters below U+0080, as UTF-8 bytes: each is one byte that no other
character's encoding holds."""
_NOT_C0 = bytes(b for b in range(256) if b not in _C0)
_C1_LEAD = b"\xc2"
"""UTF-8 of U+0080 to U+00BF begins with this byte; the rest of _CONTROL (U+0080 to
U+009F) is among those."""
_BATCH = 4096


def _any_control(data: Any) -> bool:
    """Whether any text (key or value) holds a control character.

    Texts are checked a batch at a time, joined by spaces and encoded: C-speed byte
    operations instead of one regex search per text with its path (`check_characters`
    finds those paths after).
    """
    texts: list[str] = []
    try:
        _collect(data, texts)
    except _Odd:
        return True  # a value of an unexpected type: the exact walk judges
    for start in range(0, len(texts), _BATCH):
        joined = " ".join(texts[start : start + _BATCH])
        raw = joined.encode("utf-8", "surrogatepass")
        if raw.translate(None, _NOT_C0):
            return True
        if _C1_LEAD in raw and _CONTROL.search(joined) is not None:
            return True
    return False


class _Odd(Exception):
    pass


def _collect(data: Any, texts: list[str]) -> None:
    """Every key and text in `data` (parsed YAML: dicts, lists and scalars), appended."""
    if type(data) is dict:
        texts += data  # the keys
        data = data.values()
    elif type(data) is not list:
        data = (data,)
    for item in data:
        kind = type(item)
        if kind is str:
            texts.append(item)
        elif kind is dict or kind is list:
            _collect(item, texts)  # as deep as the reader allows (yamlread.MAX_DEPTH)
        elif isinstance(item, (str, dict, list)):
            raise _Odd


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

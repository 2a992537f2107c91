"""Splicing progress entries into a progress file's text, and reading the result back.

An entry is appended to a file's top-level `entries` list by inserting its lines:
every existing line stays byte for byte as it was, whatever its layout, comments,
quoting or line endings (CRLF stays CRLF). A new file gets a fixed head. Either
way the text is parsed back with `yamlread`, like every reader parses it, and
must hold exactly the data meant; otherwise the edit is refused.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

from add_cli.core.errors import AddError
from add_cli.core.i18n import _
from add_cli.store.yamlread import YamlProblem, decode, parse

BOM = "\ufeff"
# What ruamel.yaml counts as a line break when it reports positions.
_LINE = re.compile(r"[^\r\n\x85\u2028\u2029]*(?:\r\n|[\r\n\x85\u2028\u2029]|$)")
# Characters YAML 1.1 readers and many editors take for line breaks: a text that
# holds one is written double-quoted, with the character escaped.
_BREAKS = frozenset("\x85\u2028\u2029")


def _refused(message: str) -> AddError:
    return AddError("edit-refused", message)


def same(a: Any, b: Any) -> bool:
    """Equal data of equal types (`True` is not `1`, `1.0` is not `1`)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b) or (a != a and b != b)  # .nan reads back as itself


def split_lines(text: str) -> list[str]:
    """The lines of `text`, each with its line break, as ruamel.yaml numbers them."""
    return [m.group() for m in _LINE.finditer(text) if m.group()]


def newline_of(text: str) -> str:
    """The file's line ending: that of its first line ("\\n" for a text without one)."""
    end = text.find("\n")
    return "\r\n" if end > 0 and text[end - 1] == "\r" else "\n"


def _dump(entry: dict[str, Any], width: int, double_quoted: bool) -> str:
    from ruamel.yaml import YAML
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    yaml = YAML(typ="rt")
    yaml.width = width
    yaml.allow_unicode = True
    yaml.indent(mapping=2, sequence=2, offset=0)
    item = {
        k: DoubleQuotedScalarString(v) if double_quoted and isinstance(v, str) else v
        for k, v in entry.items()
    }
    buffer = io.StringIO()
    yaml.dump([item], buffer)
    return buffer.getvalue()


def dump_entry(entry: dict[str, Any], indent: int, newline: str = "\n") -> str:
    """The lines of one list item holding `entry`, indented by `indent` spaces.

    The first of these forms that reads back as exactly `entry` is used: folded at
    100 columns, on one line, double-quoted on one line. (ruamel.yaml's folding can
    drop one of two spaces, for one.)
    """
    breaks = any(isinstance(v, str) and _BREAKS & set(v) for v in entry.values())
    forms = [(100_000, True)] if breaks else [(100, False), (100_000, False), (100_000, True)]
    pad = " " * indent
    for width, double_quoted in forms:
        dumped = _dump(entry, width, double_quoted)
        lines = dumped.split("\n")
        if lines and not lines[-1]:
            lines.pop()
        block = "".join(pad + line.rstrip(" ") + "\n" for line in lines)
        try:
            back = parse("<entry>", block).data
        except YamlProblem:
            continue
        if isinstance(back, list) and len(back) == 1 and same(back[0], entry):
            return block.replace("\n", newline) if newline != "\n" else block
    raise _refused(
        _("the entry for {id} cannot be written so that it reads back as given").format(
            id=entry.get("action")
        )
    )


def _entries_list(path: str, doc_data: Any) -> list[Any]:
    entries = doc_data.get("entries") if isinstance(doc_data, dict) else None
    if not isinstance(entries, list):
        raise _refused(_("{path}: has no 'entries' list to add to").format(path=path))
    return entries


def splice(path: str, text: str, entry: dict[str, Any]) -> str:
    """`text` with `entry` appended to its top-level `entries` list, other lines untouched."""
    bom = BOM if text.startswith(BOM) else ""
    body = text[len(bom) :]
    doc = parse(path, body)
    entries = _entries_list(path, doc.data)
    newline = newline_of(body)
    lines = split_lines(body)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += newline
    key_line = doc.key_pos(("entries",))[0]
    if not entries:
        # "entries: []" becomes "entries:" with the entry as its first item.
        if lines[key_line - 1].split("#")[0].strip() != "entries: []":
            raise _refused(
                _("{path}:{line}: cannot add to this 'entries' layout").format(
                    path=path, line=key_line
                )
            )
        lines[key_line - 1] = lines[key_line - 1].replace(" []", "", 1)  # keeps a comment
        dash, end = 2, key_line
    else:
        first_line, first_col = doc.pos(("entries", 0))
        dash = first_col - 3  # the item starts two columns after its "- "
        if dash < 0 or lines[first_line - 1][dash : dash + 2] != "- ":
            raise _refused(
                _("{path}:{line}: cannot add to this 'entries' layout").format(
                    path=path, line=first_line
                )
            )
        end = _list_end(doc, lines, key_line, first_line)
    meant = {**doc.data, "entries": [*entries, entry]}
    spliced = bom + "".join([*lines[:end], dump_entry(entry, dash, newline), *lines[end:]])
    read_back(path, spliced.encode("utf-8"), meant)
    return spliced


def _list_end(doc: Any, lines: list[str], key_line: int, first_line: int) -> int:
    """The last line of the top-level `entries` list: where the next top-level key starts
    (less the blank lines and comments just above it, which belong to it), or the file's end."""
    later = sorted(
        line
        for (key_path, (line, _col)) in doc.positions.items()
        if len(key_path) == 2 and key_path[0] == "<key>" and line > key_line
    )
    end = later[0] - 1 if later else len(lines)
    while end > first_line and (
        not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")
    ):
        end -= 1
    return end


def replace_item(path: str, text: str, line: int, col: int, entry: dict[str, Any]) -> str:
    """`text` with the `entries` item that starts at `line`:`col` replaced by `entry`;
    every other line untouched (a correction: git keeps the old one)."""
    bom = BOM if text.startswith(BOM) else ""
    body = text[len(bom) :]
    doc = parse(path, body)
    entries = _entries_list(path, doc.data)
    starts = [doc.pos(("entries", i)) for i in range(len(entries))]
    if (line, col) not in starts:
        raise _refused(
            _("{path}:{line}: no entry starts here to replace (was the file changed?)").format(
                path=path, line=line
            )
        )
    index = starts.index((line, col))
    newline = newline_of(body)
    lines = split_lines(body)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += newline
    dash = col - 3
    if dash < 0 or lines[line - 1][dash : dash + 2] != "- ":
        raise _refused(
            _("{path}:{line}: cannot replace in this 'entries' layout").format(path=path, line=line)
        )
    if index + 1 < len(starts):
        end = starts[index + 1][0] - 1
        while end > line and (
            not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")
        ):
            end -= 1
    else:
        end = _list_end(doc, lines, doc.key_pos(("entries",))[0], line)
    meant = {**doc.data, "entries": [*entries[:index], entry, *entries[index + 1 :]]}
    replaced = bom + "".join([*lines[: line - 1], dump_entry(entry, dash, newline), *lines[end:]])
    read_back(path, replaced.encode("utf-8"), meant)
    return replaced


SCHEMA_REF = "../../schemas/progress.schema.json"
"""Where a progress file's editor finds its schema: the repository's schemas/ beside plan/."""


def schema_ref(root: Path) -> str:
    """The `$schema` path for a new progress file of the plan in `root`: the plan's own
    schemas/ folder when it has one (a plan made by `add init`), else the repository's."""
    if (root / "schemas" / "progress.schema.json").is_file():
        return "../schemas/progress.schema.json"
    return SCHEMA_REF


def new_round(day: dt.date, report: dict[str, Any], schema: str = SCHEMA_REF) -> str:
    """The text of a new round's file: its report (title, date, due, asked), no entries."""
    q = json.dumps  # a JSON string is a valid YAML double-quoted scalar
    asked = report["asked"]
    return "".join(
        [
            f"# yaml-language-server: $schema={schema}\n",
            f"# Uitvraag per {day.isoformat()}, geopend met `add uitvraag open`.\n",
            "schema_version: 1\n",
            "report:\n",
            f"  title: {q(report['title'], ensure_ascii=False)}\n",
            f"  date: '{report['date']}'\n",
            f"  due: '{report['due']}'\n",
            "  asked:" + (" []\n" if not asked else "\n"),
            *(f"    - {q(code)}\n" for code in asked),
            "entries: []\n",
        ]
    )


def new_round_data(report: dict[str, Any]) -> dict[str, Any]:
    """What `new_round` must read back as."""
    return {"schema_version": 1, "report": dict(report), "entries": []}


def new_file(day: dt.date, entries: list[dict[str, Any]], schema: str = SCHEMA_REF) -> str:
    """The text of a new progress file for `day` holding `entries`."""
    head = (
        f"# yaml-language-server: $schema={schema}\n"
        f"# Voortgang per {day.isoformat()}, vastgelegd met add.\n"
        "schema_version: 1\n"
        "report:\n"
        f"  title: Voortgang per {day.isoformat()}\n"
        f"  date: '{day.isoformat()}'\n"
        "entries:\n"
    )
    return head + "".join(dump_entry(e, 2) for e in entries)


def new_file_data(day: dt.date, entries: list[dict[str, Any]]) -> dict[str, Any]:
    """What `new_file` must read back as."""
    return {
        "schema_version": 1,
        "report": {"title": f"Voortgang per {day.isoformat()}", "date": day.isoformat()},
        "entries": list(entries),
    }


def read_back(path: str, data: bytes, meant: Any) -> None:
    """Parse `data` as every reader does; refuse the edit unless it holds exactly `meant`."""
    try:
        back = parse(path, decode(path, data)).data
    except YamlProblem as problem:
        raise _refused(_("{problem}; nothing was written").format(problem=problem)) from None
    if not same(back, meant):
        raise _refused(
            _(
                "{path}: the file would not read back as the data meant "
                "(a text that YAML cannot hold as given?); nothing was written"
            ).format(path=path)
        )

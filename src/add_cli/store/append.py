"""Appending whole actions to a plan's actions.yaml (what `add carry-over` writes).

The new items are spliced after the last existing action (`store.splice` helpers): every
existing line stays byte for byte as it was, and the result is read back before use.
"""

from __future__ import annotations

import copy
from typing import Any

from add_cli.core.errors import AddError
from add_cli.core.i18n import _


def append_actions(path: str, data: bytes, items: list[dict[str, Any]]) -> bytes:
    """The actions file with `items` appended to its top-level `actions` list, which must
    be the file's last key; every existing line stays as it was. Read back before use."""
    from add_cli.store.splice import BOM, dump_entry, newline_of, read_back, split_lines
    from add_cli.store.yamlread import YamlProblem, decode, parse

    try:
        text = decode(path, data)
        bom = BOM if text.startswith(BOM) else ""
        body = text[len(bom) :]
        doc = parse(path, body)
    except YamlProblem as problem:
        raise AddError(
            "edit-refused", _("{problem}; nothing was written").format(problem=problem)
        ) from None
    actions = doc.data.get("actions") if isinstance(doc.data, dict) else None
    if not isinstance(actions, list) or list(doc.data)[-1] != "actions":
        raise AddError(
            "edit-refused",
            _(
                "{path}: carry-over appends to an `actions` list that ends the file; "
                "nothing was written"
            ).format(path=path),
        )
    newline = newline_of(body)
    lines = split_lines(body)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += newline
    if not actions:
        key_line = doc.key_pos(("actions",))[0]
        if lines[key_line - 1].split("#")[0].strip() != "actions: []":
            raise AddError(
                "edit-refused",
                _("{path}:{line}: cannot add to this layout").format(path=path, line=key_line),
            )
        lines[key_line - 1] = lines[key_line - 1].replace(" []", "", 1)
        dash = 2
    else:
        first_line, first_col = doc.pos(("actions", 0))
        dash = first_col - 3
        if dash < 0 or lines[first_line - 1][dash : dash + 2] != "- ":
            raise AddError(
                "edit-refused",
                _("{path}:{line}: cannot add to this layout").format(path=path, line=first_line),
            )
    added = "".join(dump_entry(item, dash, newline) for item in items)
    out = (bom + "".join(lines) + added).encode("utf-8")
    meant = {**plain(doc.data), "actions": [*plain(actions), *items]}
    read_back(path, out, meant)
    return out


def plain(value: Any) -> Any:
    """Plain dicts, lists and scalars (what `dump_entry` writes and reads back)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return copy.copy(value)

"""The JSON Schema pass: every document against its schema in schemas/, before the model is built.

This is the one place where the shape of plan data is checked. Each error becomes a
`schema` finding worded the same for every command, and says which values are at
fault (`SchemaError.blame`), so that the builder can leave exactly those items out.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from add_cli.core import findings as F
from add_cli.core.findings import Finding
from add_cli.store import parallel
from add_cli.store.paths import FILES, PROGRESS_SCHEMA, schemas_dir
from add_cli.store.yamlread import Document, Path_


@dataclass(frozen=True)
class SchemaError:
    kind: str
    """The document's kind ('plan', 'actions', 'progress:<name>', ...)."""
    blame: tuple[Path_, ...]
    """The values at fault: where the error is, or the key a mapping lacks or should not have."""
    finding: Finding


def schema_for(kind: str) -> str:
    """The schema file of a document kind."""
    if kind.startswith("progress:"):
        return PROGRESS_SCHEMA
    return FILES[kind][1]


def start(
    docs: dict[str, Document],
) -> tuple[list[SchemaError], parallel.Pending[list[SchemaError]]]:
    """Check every document: all but the actions now, the actions when the result is asked for.

    On a large plan the actions are checked in a second process from this moment on,
    so the caller can build the rest of the model meanwhile.
    """
    actions = docs.get("actions")
    pending = parallel.start(
        lambda: check({"actions": actions} if actions is not None else {}),
        fork=actions is not None and parallel.worth_forking(actions.size),
    )
    return check({k: d for k, d in docs.items() if k != "actions"}), pending


def check(docs: dict[str, Document]) -> list[SchemaError]:
    """The JSON Schema errors of these documents, in one process."""
    from jsonschema import Draft202012Validator

    validators: dict[str, Any] = {}
    out = []
    for kind, doc in docs.items():
        name = schema_for(kind)
        if name not in validators:
            schema = json.loads((schemas_dir() / name).read_text(encoding="utf-8"))
            validators[name] = Draft202012Validator(_inline_refs(schema, schema.get("$defs", {})))
        for error in validators[name].iter_errors(doc.data):
            out.append(SchemaError(kind, tuple(_blame(error)), _finding(doc, error)))
    return out


def _inline_refs(node: Any, defs: dict[str, Any]) -> Any:
    """The schema with its local $refs replaced by their definitions.

    The same schema, validated several times faster: jsonschema resolves a $ref on
    every use, thousands of times for a large plan. Plan schemas are not recursive.
    """
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/") and len(node) == 1:
            return _inline_refs(defs[ref.removeprefix("#/$defs/")], defs)
        return {k: _inline_refs(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline_refs(v, defs) for v in node]
    return node


def _extra_keys(error: Any) -> list[str]:
    allowed = set(error.schema.get("properties", {}))
    return [k for k in error.instance if k not in allowed]


def _blame(error: Any) -> Iterator[Path_]:
    where: Path_ = tuple(error.absolute_path)
    if error.validator == "required" and isinstance(error.instance, dict):
        # The mapping lacks a key: blame the key, so that a top-level mapping (a
        # file) loses only that value, and an item loses itself.
        missing = [k for k in error.validator_value if k not in error.instance]
        yield from ((*where, k) for k in missing)
        if missing:
            return
    elif error.validator == "additionalProperties" and isinstance(error.instance, dict):
        extra = _extra_keys(error)
        yield from ((*where, k) for k in extra)
        if extra:
            return
    yield where


def _finding(doc: Document, error: Any) -> Finding:
    where = tuple(error.absolute_path)
    line, col = doc.pos(where)
    message = error.message
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = set(error.schema.get("properties", {}))
        extra = _extra_keys(error)
        if extra:
            line, col = doc.key_pos((*where, extra[0]))
            message = f"unknown key {extra[0]!r} (allowed: {', '.join(sorted(allowed))})"
    elif error.validator in ("anyOf", "oneOf") and error.context:
        best = min(error.context, key=lambda e: len(e.message))
        message = f"{error.message.split(' is not valid')[0]} is not valid: {best.message}"
    if len(message) > 300:
        message = message[:297] + "..."
    label = "/".join(str(p) for p in where)
    return F.make(
        "schema",
        (doc.path, line, col),
        f"{label or 'top level'}: {message}",
        action_of(doc, where),
    )


def action_of(doc: Document, where: tuple[Any, ...]) -> str | None:
    if len(where) >= 2 and where[0] in ("actions", "entries") and isinstance(where[1], int):
        items = doc.data.get(where[0])
        if isinstance(items, list) and where[1] < len(items) and isinstance(items[where[1]], dict):
            key = "id" if where[0] == "actions" else "action"
            value = items[where[1]].get(key)
            return str(value) if isinstance(value, (str, int, float)) else None
    return None

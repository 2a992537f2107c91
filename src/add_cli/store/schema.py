"""The JSON Schema pass: every document against its schema in schemas/, before the model is built.

This is the one place where the shape of plan data is checked. Each error becomes a
`schema` finding worded the same for every command, and says which values are at
fault (`SchemaError.blame`), so that the builder can leave exactly those items out.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from add_cli.core import findings as F
from add_cli.core.findings import Finding
from add_cli.core.i18n import _
from add_cli.store import parallel
from add_cli.store.paths import FILES, PROGRESS_SCHEMA, is_actions, schemas_dir
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
    if is_actions(kind):
        return FILES["actions"][1]
    return FILES[kind][1]


CHILD_SHARE = 3 / 4
"""On a large plan, the share of the actions the second process checks: this process
checks the other files and builds their part of the model meanwhile."""


def start(
    docs: dict[str, Document],
) -> tuple[list[SchemaError], parallel.Pending[list[SchemaError]]]:
    """Check every document: the errors found now, and those still pending.

    On a large plan most of the actions are checked in a second process from this
    moment on, so that the caller can build the rest of the model meanwhile; the
    pending part is what that process finds. Otherwise it is the actions, checked
    when the result is asked for.
    Documents the quick check (`store.fastschema`) finds valid skip jsonschema, whose
    import and pass are most of the time of reading a large plan.
    """
    docs = {k: d for k, d in docs.items() if not _quick(schema_for(k))(d.data)}
    actions = docs.get("actions")
    rest = {k: d for k, d in docs.items() if k != "actions"}
    items = actions.data.get("actions") if actions is not None else None
    if actions is None or not isinstance(items, list) or not parallel.worth_forking(actions.size):
        pending = parallel.start(
            lambda: check({"actions": actions} if actions is not None else {}), fork=False
        )
        return check(rest), pending
    cut = int(len(items) * CHILD_SHARE)
    pending = parallel.start(lambda: _check_actions(actions, 0, cut), fork=True)
    return [*check(rest), *_check_actions(actions, cut, len(items))], pending


def check(docs: dict[str, Document]) -> list[SchemaError]:
    """The JSON Schema errors of these documents, in one process."""
    out = []
    for kind, doc in docs.items():
        validator = _validator(schema_for(kind))
        for error in validator.iter_errors(doc.data):
            where: Path_ = tuple(error.absolute_path)
            out.append(SchemaError(kind, tuple(_blame(error, where)), _finding(doc, error, where)))
    return out


def _check_actions(doc: Document, start: int, end: int) -> list[SchemaError]:
    """The errors of actions[start:end]; with the first of them, those of the rest of the file."""
    part = {**doc.data, "actions": doc.data["actions"][start:end]}
    out = []
    for error in _validator(schema_for("actions")).iter_errors(part):
        where: Path_ = tuple(error.absolute_path)
        if len(where) >= 2 and where[0] == "actions" and isinstance(where[1], int):
            where = ("actions", where[1] + start, *where[2:])
        elif start > 0:
            continue  # the first part reports what is outside the actions list
        out.append(SchemaError("actions", tuple(_blame(error, where)), _finding(doc, error, where)))
    return out


_VALIDATORS: dict[str, Any] = {}
_QUICK: dict[str, Callable[[Any], bool]] = {}


def _schema(name: str) -> Any:
    schema = json.loads((schemas_dir() / name).read_text(encoding="utf-8"))
    return _inline_refs(schema, schema.get("$defs", {}))


def _validator(name: str) -> Any:
    if name not in _VALIDATORS:
        from jsonschema import Draft202012Validator

        _VALIDATORS[name] = Draft202012Validator(_schema(name))
    return _VALIDATORS[name]


def _quick(name: str) -> Callable[[Any], bool]:
    """True only for data valid under the schema (see `store.fastschema`)."""
    if name not in _QUICK:
        from add_cli.store.fastschema import compile_schema

        _QUICK[name] = compile_schema(_schema(name))
    return _QUICK[name]


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


def _blame(error: Any, where: Path_) -> Iterator[Path_]:
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


def _finding(doc: Document, error: Any, where: Path_) -> Finding:
    line, col = doc.pos(where)
    message = error.message
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = set(error.schema.get("properties", {}))
        extra = _extra_keys(error)
        if extra:
            line, col = doc.key_pos((*where, extra[0]))
            message = _("unknown key {key} (allowed: {keys})").format(
                key=repr(extra[0]), keys=", ".join(sorted(allowed))
            )
    elif error.validator in ("anyOf", "oneOf") and error.context:
        best = min(error.context, key=lambda e: len(e.message))
        message = f"{error.message.split(' is not valid')[0]} is not valid: {best.message}"
    if len(message) > 300:
        message = message[:297] + "..."
    label = "/".join(str(p) for p in where)
    return F.make(
        "schema",
        (doc.path, line, col),
        f"{label or _('top level')}: {message}",
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

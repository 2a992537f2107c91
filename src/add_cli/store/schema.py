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

_ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "title", "description", "default"})


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

    Documents the quick check (`store.fastschema`) finds valid skip jsonschema, whose
    import and pass are most of the time of reading a large plan; of the others,
    jsonschema sees only the list items the quick check cannot vouch for (`_reduced`).
    When many actions are left, most of them are checked in a second process from this
    moment on, so that the caller can build the rest of the model meanwhile; the
    pending part is what that process finds. Otherwise it is the actions, checked
    when the result is asked for.
    """
    docs = {k: d for k, d in docs.items() if not _passes(k, d)}
    actions = docs.get("actions")
    rest = {k: d for k, d in docs.items() if k != "actions"}
    if actions is None:
        return check(rest), parallel.start(list, fork=False)
    data, places = _reduced(schema_for("actions"), actions.data)
    items = data.get("actions")
    share = len(items) / max(1, len(actions.data["actions"])) if "actions" in places else 1
    if not isinstance(items, list) or not parallel.worth_forking(int(actions.size * share)):
        pending = parallel.start(lambda: _errors("actions", actions, data, places), fork=False)
        return check(rest), pending
    cut = int(len(items) * CHILD_SHARE)
    pending = parallel.start(lambda: _check_part(actions, data, places, 0, cut), fork=True)
    return [*check(rest), *_check_part(actions, data, places, cut, len(items))], pending


def ready(kinds: list[str]) -> None:
    """Compile the quick checks of these document kinds now: made before a fork, they are
    made once for both processes instead of once in each."""
    for kind in kinds:
        name = schema_for(kind)
        _quick(name)
        if is_actions(kind):
            _items_check(name, "actions")


def vouch(kind: str, doc: Document) -> None:
    """Run the quick check on a document where it was parsed (a second process), so that
    `start` need not: it marks the document when the check passes (`Document.vouched`)."""
    if _quick(schema_for(kind))(doc.data):
        doc.vouched = True


def vouch_items(kind: str, items: list[Any]) -> bool:
    """Whether the quick check of the items of a document's `actions` list passes every one
    of `items` (a part of that list), where the schema checks those items one by one."""
    check = _items_check(schema_for(kind), "actions")
    return check is not None and all(map(check, items))


def _passes(kind: str, doc: Document) -> bool:
    """The quick check of a document, minus what `vouch` or `vouch_items` passed already.

    A document whose `actions` list is valid item by item is valid when the rest of it is
    with only the items not vouched for: the schema has no keyword over a whole list, and
    none at the top that depends on its length (`_items_check`).
    """
    name = schema_for(kind)
    if doc.vouched:
        return True
    data, start = doc.data, doc.vouched_from
    if start is not None and _items_check(name, "actions") is not None:
        items = data.get("actions") if type(data) is dict else None
        if type(items) is list and 0 <= start <= len(items):
            return _quick(name)({**data, "actions": items[:start]})
    return _quick(name)(data)


def check(docs: dict[str, Document]) -> list[SchemaError]:
    """The JSON Schema errors of these documents, in one process."""
    out = []
    for kind, doc in docs.items():
        data, places = _reduced(schema_for(kind), doc.data)
        out += _errors(kind, doc, data, places)
    return out


def _errors(
    kind: str, doc: Document, data: Any, places: dict[str, list[int]], skip: int = 0
) -> list[SchemaError]:
    """The errors jsonschema finds in `data` (the document, or `_reduced` of it).

    Paths into a reduced list are turned back into paths into the document's; with
    `skip`, the items start that far into the list of actions, and what is outside
    it is left to the part that starts at 0.
    """
    out = []
    for error in _validator(schema_for(kind)).iter_errors(data):
        where: Path_ = tuple(error.absolute_path)
        if len(where) >= 2 and isinstance(where[1], int) and where[0] in places:
            index = where[1] + (skip if where[0] == "actions" else 0)
            where = (where[0], places[where[0]][index], *where[2:])
        elif len(where) >= 2 and where[0] == "actions" and isinstance(where[1], int):
            where = ("actions", where[1] + skip, *where[2:])
        elif skip > 0:
            continue  # the first part reports what is outside the actions list
        out.append(SchemaError(kind, tuple(_blame(error, where)), _finding(doc, error, where)))
    return out


def _check_part(
    doc: Document, data: Any, places: dict[str, list[int]], start: int, end: int
) -> list[SchemaError]:
    """The errors of the (reduced) actions[start:end]; with the first part, those of the
    rest of the file."""
    part = {**data, "actions": data["actions"][start:end]}
    return _errors("actions", doc, part, places, start)


_PLAIN_TOP = frozenset({"type", "properties", "required", "additionalProperties"})
_PLAIN_LIST = frozenset({"type", "items"})
_ITEMS: dict[tuple[str, str], Callable[[Any], bool] | None] = {}


def _keywords(schema: dict[str, Any]) -> set[str]:
    return {k for k, _v in schema.items() if k not in _ANNOTATIONS}


def _reduced(name: str, data: Any) -> tuple[Any, dict[str, list[int]]]:
    """The document with only the list items the quick check cannot vouch for, and for
    each list reduced so, the index in the document of each item kept.

    jsonschema finds the same errors in it, in the same order: an item the quick check
    vouches for has none, and the lists are checked item by item (`items`) with no
    keyword over the whole list; no error at the top of a file words its content. A
    schema of any other shape is left whole.
    """
    schema = _schema(name)
    if type(data) is not dict or not _plain_top(schema):
        return data, {}
    reduced = dict(data)
    places: dict[str, list[int]] = {}
    for key in schema.get("properties", {}):
        items = data.get(key)
        if type(items) is not list:
            continue
        vouched = _items_check(name, key)
        if vouched is None:
            continue
        kept = [i for i, item in enumerate(items) if not vouched(item)]
        reduced[key] = [items[i] for i in kept]
        places[key] = kept
    return reduced, places


def _plain_top(schema: Any) -> bool:
    """An object schema with no keyword that words the content of its lists as a whole."""
    return (
        schema.get("type", "object") == "object"
        and _keywords(schema) <= _PLAIN_TOP
        and type(schema.get("properties", {})) is dict
    )


def _items_check(name: str, key: str) -> Callable[[Any], bool] | None:
    """The quick check of the items of the list at `key` of a document of schema `name`,
    when its schema checks them one by one and nothing else (see `_reduced`); else None."""
    if (name, key) not in _ITEMS:
        schema = _schema(name)
        sub = schema.get("properties", {}).get(key) if _plain_top(schema) else None
        if (
            type(sub) is dict
            and "items" in sub
            and sub.get("type", "array") == "array"
            and _keywords(sub) <= _PLAIN_LIST
        ):
            from add_cli.store.fastschema import compile_schema

            _ITEMS[name, key] = compile_schema(sub["items"])
        else:
            _ITEMS[name, key] = None
    return _ITEMS[name, key]


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

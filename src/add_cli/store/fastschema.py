"""A quick yes for plan data that is valid, before the full JSON Schema pass.

The plan schemas use a small part of JSON Schema. `accepts` compiles a schema into
a plain Python predicate that says True only when the data is valid under Draft
2020-12 as jsonschema reads it, and False when it is invalid *or when it cannot
tell* (a keyword or a value it does not know, a float where an integer belongs):
then `store.schema` runs jsonschema itself, which finds and words the errors. So a
True here is never wrong, and a False only costs the full pass.

On 10,000 valid actions jsonschema took seconds (and its import tens of
milliseconds); this takes a fraction of a second.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Check = Callable[[Any], bool]

_ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "title", "description", "default"})
_TYPES: dict[str, Check] = {
    "string": lambda x: type(x) is str,
    "integer": lambda x: type(x) is int,  # 1.0 is an integer too: left to jsonschema
    "number": lambda x: type(x) is int or type(x) is float,
    "boolean": lambda x: type(x) is bool,
    "null": lambda x: x is None,
    "object": lambda x: type(x) is dict,
    "array": lambda x: type(x) is list,
}


def _never(_value: Any) -> bool:
    return False


def compile_schema(schema: Any) -> Check:
    """A predicate that is True only for values valid under `schema`."""
    if schema is True:
        return lambda _x: True
    if type(schema) is not dict:
        return _never
    checks: list[Check] = []
    for keyword, value in schema.items():
        if keyword in _ANNOTATIONS:
            continue
        made = _keyword(keyword, value, schema)
        if made is None:
            return _never  # a keyword this does not know: let jsonschema judge
        checks.append(made)
    if not checks:
        return lambda _x: True
    if len(checks) == 1:
        return checks[0]
    return lambda x: all(check(x) for check in checks)


def _keyword(keyword: str, value: Any, schema: dict[str, Any]) -> Check | None:
    """The check of one keyword, or None when it is not one this can decide."""
    if keyword == "type":
        names = value if type(value) is list else [value]
        tests = [_TYPES.get(n) for n in names] if all(type(n) is str for n in names) else [None]
        if None in tests:
            return None
        found = [t for t in tests if t is not None]
        return found[0] if len(found) == 1 else lambda x: any(t(x) for t in found)
    if keyword == "minLength" and type(value) is int:
        return lambda x: type(x) is not str or len(x) >= value
    if keyword == "pattern" and type(value) is str:
        search = re.compile(value).search
        return lambda x: type(x) is not str or search(x) is not None
    if keyword == "minItems" and type(value) is int:
        return lambda x: type(x) is not list or len(x) >= value
    if keyword == "uniqueItems" and type(value) is bool:
        if not value:
            return lambda _x: True
        # Only lists of text are judged here (1 and True differ in JSON, not in Python).
        return lambda x: (
            type(x) is not list or (all(type(i) is str for i in x) and len(set(x)) == len(x))
        )
    if keyword in ("const", "enum"):
        options = [value] if keyword == "const" else value
        if type(options) is not list or not all(type(o) in (str, int) for o in options):
            return None
        allowed = {(type(o), o) for o in options}
        return lambda x: (type(x), x) in allowed if type(x) in (str, int) else False
    if keyword == "items":
        item = compile_schema(value)
        return lambda x: type(x) is not list or all(item(i) for i in x)
    if keyword == "required" and type(value) is list:
        return lambda x: type(x) is not dict or all(k in x for k in value)
    if keyword == "properties" and type(value) is dict:
        props = {k: compile_schema(v) for k, v in value.items()}
        return lambda x: type(x) is not dict or all(props[k](v) for k, v in x.items() if k in props)
    if keyword == "additionalProperties":
        if "patternProperties" in schema:
            return None
        known = frozenset(schema.get("properties", {}))
        if value is False:
            return lambda x: type(x) is not dict or all(k in known for k in x)
        extra = compile_schema(value)
        return lambda x: (
            type(x) is not dict or all(extra(v) for k, v in x.items() if k not in known)
        )
    if keyword == "if":
        condition = _exact(value)
        if condition is None:
            return None
        then = compile_schema(schema.get("then", True))
        otherwise = compile_schema(schema.get("else", True))
        return lambda x: then(x) if condition(x) else otherwise(x)
    if keyword in ("then", "else"):
        return lambda _x: True  # judged with their "if" (and ignored without one)
    if keyword == "anyOf" and type(value) is list and value:
        options_ = [compile_schema(v) for v in value]
        return lambda x: any(o(x) for o in options_)
    return None


def _exact(schema: Any) -> Check | None:
    """A predicate that decides validity exactly (True: valid, False: invalid), or None.

    An `if` condition must be exact both ways, since its False picks the other branch;
    only the keywords whose check here is exact qualify: `required`, `not` of an exact
    schema, and `type` without `integer` (1.0 is an integer to JSON Schema).
    """
    if schema is True:
        return lambda _x: True
    if type(schema) is not dict:
        return None
    checks: list[Check] = []
    for keyword, value in schema.items():
        if keyword in _ANNOTATIONS:
            continue
        if keyword == "required" and type(value) is list:
            checks.append(_required(list(value)))
        elif keyword == "not":
            inner = _exact(value)
            if inner is None:
                return None
            checks.append(_negated(inner))
        elif keyword == "type" and "integer" not in (value if type(value) is list else [value]):
            made = _keyword(keyword, value, schema)
            if made is None:
                return None
            checks.append(made)
        else:
            return None
    return lambda x: all(check(x) for check in checks)


def _required(names: list[Any]) -> Check:
    return lambda x: type(x) is not dict or all(k in x for k in names)


def _negated(inner: Check) -> Check:
    return lambda x: not inner(x)

"""A quick yes for plan data that is valid, before the full JSON Schema pass.

The plan schemas use a small part of JSON Schema. `compile_schema` turns a schema into
a plain Python predicate that says True only when the data is valid under Draft
2020-12 as jsonschema reads it, and False when it is invalid *or when it cannot
tell* (a keyword or a value it does not know, a float where an integer belongs):
then `store.schema` runs jsonschema itself, which finds and words the errors. So a
True here is never wrong, and a False only costs the full pass.

The predicate is Python source generated from the schema and compiled once: one
function per object or array schema, with direct `type(x) is str` tests and plain
loops, and the small schemas of single values inlined as expressions. On 10,000
valid actions jsonschema took seconds (and its import tens of milliseconds); a tree
of closures a third of a second; this a few hundredths.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Check = Callable[[Any], bool]

_ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "title", "description", "default"})
_TYPES = {
    "string": "type({v}) is str",
    "integer": "type({v}) is int",  # 1.0 is an integer too: left to jsonschema
    "number": "(type({v}) is int or type({v}) is float)",
    "boolean": "type({v}) is bool",
    "null": "{v} is None",
    "object": "type({v}) is dict",
    "array": "type({v}) is list",
}
_GUARDS = {"string": "str", "object": "dict", "array": "list"}
"""The keywords that apply to one type only, by that type's name in Python."""
_INLINE = frozenset(
    {"type", "minLength", "pattern", "minItems", "uniqueItems", "const", "enum", "anyOf", "not"}
)
"""Keywords whose check is one expression: a schema of only these is inlined."""


class _Unknown(Exception):
    """A keyword or value this cannot decide: the schema's check is False (jsonschema judges)."""


def _unique_texts(items: list[Any]) -> bool:
    # Only lists of text are judged here (1 and True differ in JSON, not in Python).
    return all(type(i) is str for i in items) and len(set(items)) == len(items)


class _Generator:
    """Python source for the checks of one schema, and the constants it names."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.names: dict[str, Any] = {"_unique_texts": _unique_texts, "_M": object()}
        self.count = 0

    def name(self, prefix: str, value: Any) -> str:
        self.count += 1
        name = f"_{prefix}{self.count}"
        self.names[name] = value
        return name

    # ---- expressions
    def expr(self, schema: Any, v: str) -> str:
        """A boolean expression over the variable `v`: True only when `v` is valid."""
        if schema is True:
            return "True"
        if type(schema) is not dict:
            return "False"
        keywords = {k: val for k, val in schema.items() if k not in _ANNOTATIONS}
        if not keywords:
            return "True"
        try:
            if keywords.keys() <= _INLINE:
                return self._inline(keywords, v)
            return f"{self.function(keywords)}({v})"
        except _Unknown:
            return "False"

    def _inline(self, keywords: dict[str, Any], v: str) -> str:
        parts = []
        guarded: str | None = None  # the one Python type `type` asserts, if any
        if "type" in keywords:
            parts.append(self._type(keywords["type"], v))
            names = keywords["type"] if type(keywords["type"]) is list else [keywords["type"]]
            if len(names) == 1:
                guarded = _GUARDS.get(names[0])
        for keyword, value in keywords.items():
            if keyword != "type":
                parts.append(self._keyword(keyword, value, v, guarded))
        return "(" + " and ".join(parts) + ")"

    def _type(self, value: Any, v: str) -> str:
        names = value if type(value) is list else [value]
        if not names or not all(type(n) is str and n in _TYPES for n in names):
            raise _Unknown
        tests = [_TYPES[n].format(v=v) for n in names]
        return tests[0] if len(tests) == 1 else "(" + " or ".join(tests) + ")"

    def _keyword(self, keyword: str, value: Any, v: str, guarded: str | None) -> str:
        """One inline keyword; `guarded`: the type already asserted before it."""

        def only(python_type: str, test: str) -> str:
            if guarded == python_type:
                return test
            return f"(type({v}) is not {python_type} or {test})"

        if keyword == "minLength" and type(value) is int:
            return only("str", f"len({v}) >= {value}")
        if keyword == "pattern" and type(value) is str:
            search = self.name("p", re.compile(value).search)
            return only("str", f"{search}({v}) is not None")
        if keyword == "minItems" and type(value) is int:
            return only("list", f"len({v}) >= {value}")
        if keyword == "uniqueItems" and type(value) is bool:
            return only("list", f"_unique_texts({v})") if value else "True"
        if keyword in ("const", "enum"):
            options = [value] if keyword == "const" else value
            if type(options) is not list or not all(type(o) in (str, int) for o in options):
                raise _Unknown
            if all(type(o) is str for o in options):
                return f"(type({v}) is str and {v} in {self.name('e', frozenset(options))})"
            allowed = self.name("e", frozenset((type(o), o) for o in options))
            return f"((type({v}) is str or type({v}) is int) and (type({v}), {v}) in {allowed})"
        if keyword == "anyOf" and type(value) is list and value:
            return "(" + " or ".join(self.expr(o, v) for o in value) + ")"
        if keyword == "not":
            return f"not {self.exact(value, v)}"
        raise _Unknown

    def exact(self, schema: Any, v: str) -> str:
        """An expression that decides validity exactly (True: valid, False: invalid).

        An `if` condition must be exact both ways, since its False picks the other
        branch; only the keywords whose check here is exact qualify: `required`, `not`
        of an exact schema, and `type` without `integer` (1.0 is an integer to JSON Schema).
        """
        if schema is True:
            return "True"
        if type(schema) is not dict:
            raise _Unknown
        parts = ["True"]
        for keyword, value in schema.items():
            if keyword in _ANNOTATIONS:
                continue
            if keyword == "required" and type(value) is list:
                parts.append(f"(type({v}) is not dict or {self._has(value, v)})")
            elif keyword == "not":
                parts.append(f"not {self.exact(value, v)}")
            elif keyword == "type" and "integer" not in (value if type(value) is list else [value]):
                parts.append(self._type(value, v))
            else:
                raise _Unknown
        return "(" + " and ".join(parts) + ")"

    @staticmethod
    def _has(keys: list[Any], v: str) -> str:
        if not all(type(k) is str for k in keys):
            raise _Unknown
        return "(" + " and ".join(["True", *(f"{k!r} in {v}" for k in keys)]) + ")"

    # ---- functions
    def function(self, keywords: dict[str, Any]) -> str:
        """A function for a schema with keywords that need statements; its name."""
        name = self.name("f", None)
        del self.names[name]
        body: list[str] = []
        inline = {k: val for k, val in keywords.items() if k in _INLINE}
        texts_only = (
            type(keywords.get("items")) is dict and keywords["items"].get("type") == "string"
        )
        if inline.get("uniqueItems") is True and texts_only:
            # The items loop below returns False for any item that is not text: the
            # uniqueness of texts is then one set (after the loop), not _unique_texts.
            del inline["uniqueItems"]
        else:
            texts_only = False
        if inline:
            body.append(f"if not {self._inline(inline, 'x')}: return False")
        asserted = keywords.get("type") if type(keywords.get("type")) is str else None
        objects: list[str] = []
        arrays: list[str] = []
        for keyword, value in keywords.items():
            if keyword in _INLINE or keyword in ("then", "else"):
                continue  # inlined above; judged with their "if" (and ignored without one)
            if keyword == "required" and type(value) is list:
                objects.insert(0, f"if not {self._has(value, 'x')}: return False")
            elif keyword == "properties" and type(value) is dict:
                required = keywords.get("required")
                required = required if type(required) is list else []
                optional: list[str] = []
                for key, sub in value.items():
                    test = self.expr(sub, "v")
                    if test == "True":
                        continue
                    if key in required:  # checked to be there first
                        objects.append(f"v = x[{key!r}]")
                        objects.append(f"if not {test}: return False")
                    else:
                        optional.append(f"v = x.get({key!r}, _M)")
                        optional.append(f"if v is not _M and not {test}: return False")
                if optional and keywords.get("additionalProperties") is False:
                    # Every key is known and every required one there (both checked
                    # first): a mapping of only the required keys has no optional one.
                    objects.append(f"if len(x) > {len(set(required))}:")
                    objects += [f"    {line}" for line in optional]
                else:
                    objects += optional
            elif keyword == "additionalProperties":
                if "patternProperties" in keywords:
                    raise _Unknown
                known = self.name("k", frozenset(keywords.get("properties", {})))
                if value is False:
                    objects.insert(0, f"if not x.keys() <= {known}: return False")
                else:
                    test = self.expr(value, "v")
                    objects.append("for k, v in x.items():")
                    objects.append(f"    if k not in {known} and not {test}: return False")
            elif keyword == "items":
                arrays.append("for v in x:")
                arrays.append(f"    if not {self.expr(value, 'v')}: return False")
                if texts_only:
                    arrays.append("if len(set(x)) != len(x): return False")
            elif keyword == "if":
                condition = self.exact(value, "x")
                then = self.expr(keywords.get("then", True), "x")
                otherwise = self.expr(keywords.get("else", True), "x")
                body.append(f"if not ({then} if {condition} else {otherwise}): return False")
            else:
                raise _Unknown
        for python_type, lines in (("dict", objects), ("list", arrays)):
            if lines and asserted == {"dict": "object", "list": "array"}[python_type]:
                body += lines  # the type is asserted above
            elif lines:
                body += [f"if type(x) is {python_type}:", *(f"    {line}" for line in lines)]
        self.lines += [f"def {name}(x):", *(f"    {line}" for line in body), "    return True", ""]
        return name


def source(schema: Any) -> tuple[str, dict[str, Any]]:
    """The Python source of the check of `schema` (function `check`) and the names it uses."""
    generator = _Generator()
    test = generator.expr(schema, "x")
    generator.lines += ["def check(x):", f"    return {test}", ""]
    return "\n".join(generator.lines), generator.names


def compile_schema(schema: Any) -> Check:
    """A predicate that is True only for values valid under `schema`."""
    text, names = source(schema)
    namespace = dict(names)
    exec(compile(text, "<fastschema>", "exec"), namespace)  # our own source, from our schemas
    check: Check = namespace["check"]
    return check

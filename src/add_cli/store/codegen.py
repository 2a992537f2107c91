"""Writes `store/decoders.py` and `store/encoders.py`: the codec's code, as modules.

`codec` compiles a decoder from the classes' fields when it first needs one, a few
milliseconds that every warm answer would pay at start. For the kinds a warm answer
reads, the same source is committed as a module (byte-compiled when installed, like
the rest of add); so are the writers `codec.encode` runs on a plan (`encoders`).
tests/test_decoders.py and tests/test_encoders.py fail when they differ from what this
makes now (a model class changed: run `python -m add_cli.store.codegen`).
"""

from __future__ import annotations

import datetime as dt
import sys
import types
import typing
from enum import Enum
from pathlib import Path
from typing import Any, Literal

from add_cli.store import codec

HEADER = '''"""The decoders of `codec.PRECOMPILED`, made by `python -m add_cli.store.codegen`.

Do not edit: tests/test_decoders.py fails when this differs from what `codegen` makes.
"""
# ruff: noqa
# mypy: ignore-errors
# fmt: off
'''
_BASE = {
    "new": "object.__new__",
    "set_dict": "object.__setattr__",
    "bad": "_bad",
    "day": "_date.fromordinal",
}
_BUILTIN_FACTORIES = {dict: "dict", list: "list", set: "set", tuple: "tuple"}
_ON_USE = frozenset({"add_cli.core.findings"})
"""Modules of classes imported by their decoder when it first runs, not with the module:
a warm answer reads findings only from the cache entry of a refused plan."""


def generate() -> str:
    """The text of `decoders.py` for the classes as they are now."""
    source, space = codec.decoder_source(codec.PRECOMPILED)
    modules: set[str] = set()
    names: list[str] = []
    memos: list[str] = []
    for name, value in space.items():
        if name.startswith("C_") and value.__module__ in _ON_USE:
            at = source.index(f"def decode_{value.__name__}(v):") + 1
            source.insert(at, f"    from {value.__module__} import {value.__qualname__} as {name}")
        elif name in _BASE:
            names.append(f"{name} = {_BASE[name]}")
        elif name in ("tuple", "map"):
            continue  # the builtins
        elif name.startswith("M_"):
            names.append(f"{name} = {{}}")
            memos.append(name)
        else:
            names.append(f"{name} = {_expression(value, modules)}")
    roots = ", ".join(f"decode_root_{i}" for i in range(len(codec.PRECOMPILED)))
    return "\n".join(
        [
            HEADER,
            "from datetime import date as _date",
            *(f"import {m}" for m in sorted(modules)),
            "",
            "from add_cli.store.precompiled import bad as _bad",
            "",
            *names,
            f"MEMOS = ({''.join(f'{m}, ' for m in memos)})",
            "",
            *source,
            "",
            f"ROOTS = ({roots},)",
            "",
        ]
    )


def _expression(value: Any, modules: set[str]) -> str:
    """Source that makes `value` (a class, an enum's values, a frozenset, a default)."""
    if isinstance(value, type):
        if value in _BUILTIN_FACTORIES:
            return _BUILTIN_FACTORIES[value]
        modules.add(value.__module__)
        return f"{value.__module__}.{value.__qualname__}"
    if isinstance(value, dict) and value and all(isinstance(v, Enum) for v in value.values()):
        enum = type(next(iter(value.values())))
        assert value == {m.value: m for m in enum}
        return f"{{m.value: m for m in {_expression(enum, modules)}}}"
    if isinstance(value, frozenset):
        items = sorted((_literal(v) for v in value), key=str)
        return f"frozenset(({''.join(f'{v}, ' for v in items)}))"
    return _literal(value)


def _literal(value: Any) -> str:
    if value is None or type(value) in (str, int, bool, float):
        return repr(value)
    if isinstance(value, type) and value in (str, int, bool, float):
        return value.__name__
    raise TypeError(f"codegen cannot write {value!r}")


ENCODERS_HEADER = '''"""The cache's writers, made by `python -m add_cli.store.codegen`.

Do not edit: tests/test_encoders.py fails when this differs from what `codegen` makes.
`encode_<Class>(o)` is `codec._plain(o)` for an instance of that class, in straight-line
code: a field of the type its annotation says is written in place, anything else goes
to the generic walk `P`. `codec.encode` sets S (the shared strings' `setdefault`), P,
and K (the plain form of each instance of `codec.SHARED` written so far, by identity).
"""
# ruff: noqa
# mypy: ignore-errors
# fmt: off
'''


def generate_encoders() -> str:
    """The text of `encoders.py` for the classes as they are now."""
    space: dict[str, Any] = {}
    source: list[str] = []
    for cls in codec.ALLOWED:
        source += _encoder_source(cls, space)
    modules: set[str] = set()
    names = [f"{name} = {_expression(value, modules)}" for name, value in space.items()]
    table = ", ".join(f"C_{cls.__name__}: encode_{cls.__name__}" for cls in codec.ALLOWED)
    return "\n".join(
        [
            ENCODERS_HEADER,
            "from datetime import date",
            *(f"import {m}" for m in sorted(modules)),
            "",
            "S = P = None",
            "K = {}",
            *names,
            "",
            *source,
            "",
            f"ENCODERS = {{{table}}}",
            "",
        ]
    )


def _encoder_source(cls: type, space: dict[str, Any]) -> list[str]:
    me = cls.__name__
    space[f"C_{me}"] = cls
    hints = codec._hints(cls)
    names = codec._written_fields(cls)
    items = [_write_expr(f"v{i}", hints[name], space) for i, name in enumerate(names)]
    shared = cls in codec.SHARED
    lines = [f"def encode_{me}(o):"]
    if shared:  # written once (see codec.SHARED)
        lines += ["    r = K.get(id(o))", "    if r is not None:", "        return r"]
    lines += [f"    if o.__class__ is not C_{me}:", "        return P(o)"]
    lines += [f"    v{i} = o.{name}" for i, name in enumerate(names)]
    lines.append(f"    {'r = K[id(o)] = ' if shared else 'return '}(")
    lines += [f"        {item}," for item in items]
    lines.append("    )")
    if shared:
        lines.append("    return r")
    return lines


def _write_expr(var: str, kind: Any, space: dict[str, Any]) -> str:
    """An expression for `codec._plain(var)` when `var` has type `kind` (else it calls `P`)."""
    args = typing.get_args(kind)
    origin = typing.get_origin(kind)
    if kind is str or (origin is Literal and all(type(a) is str for a in args)):
        return f"S({var}, {var}) if {var}.__class__ is str else P({var})"
    if kind in (int, bool, float):
        return f"{var} if {var}.__class__ is {kind.__name__} else P({var})"
    if kind is dt.date:
        return f"{var}.toordinal() if {var}.__class__ is date else P({var})"
    if isinstance(kind, type) and issubclass(kind, Enum):
        space[f"E_{kind.__name__}"] = kind
        return f"{var}._value_ if {var}.__class__ is E_{kind.__name__} else P({var})"
    if kind in codec.SHARED:  # written already: what the writer would return (K's doc)
        return f"K.get(id({var})) or encode_{kind.__name__}({var})"
    if kind in codec.ALLOWED:
        return f"encode_{kind.__name__}({var})"
    if origin in (types.UnionType, typing.Union) and len(args) == 2 and type(None) in args:
        (other,) = [a for a in args if a is not type(None)]
        return f"None if {var} is None else ({_write_expr(var, other, space)})"
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = args[0]
        if item in codec.ALLOWED:  # most are empty
            items = f"(tuple(map(encode_{item.__name__}, {var})) if {var} else ())"
        elif item is str:  # none (most), or all strings: shared at C speed
            space["STR"] = frozenset({str})
            each = f"tuple([{_write_expr('x', item, space)} for x in {var}])"
            shared = f"tuple(map(S, {var}, {var})) if STR.issuperset(map(type, {var}))"
            items = f"({var} if not {var} else {shared} else {each})"
        else:
            items = f"tuple([{_write_expr('x', item, space)} for x in {var}])"
        return f"{items} if {var}.__class__ is tuple else P({var})"
    return f"P({var})"


def main() -> None:
    for name, text in (("decoders.py", generate()), ("encoders.py", generate_encoders())):
        target = Path(__file__).with_name(name)
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target}", file=sys.stderr)


if __name__ == "__main__":
    main()

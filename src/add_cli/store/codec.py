"""The cached plan as plain data: tuples in marshal, read back by the classes' own types.

A pickle names the classes and functions to call, so a crafted cache file runs
code. Here an instance is written as the tuple of its field values (dates as day
numbers, enums as their values, nested instances as tuples again) and read back by
walking `dataclasses.fields` and the field annotations from a known root class.
Only the classes in `ALLOWED` are ever constructed, every value must have its
field's type, and anything else makes `decode` raise `CodecError`, which the cache
treats as a miss. marshal builds only built-in values and never calls anything (a
code object it may build fails the type checks). marshal is not hardened against
crafted input either; the cache reads only files in a private folder of the user's
own (see `cache`), so planting one takes the user's own rights.

Fields whose name starts with "_" and that have a default (`Plan._by_id`) are
derived: they are not written, and `__post_init__` rebuilds them on reading.
Instances are made without calling `__init__` (whose field checks and set-once
assignments cost more than the reading itself), by filling `__dict__` directly.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import marshal
import sys
import types
import typing
from enum import Enum
from typing import Any, Literal

from add_cli.core import model as M
from add_cli.core.findings import Finding
from add_cli.store import precompiled
from add_cli.store.precompiled import CodecError, Decoder
from add_cli.store.precompiled import bad as _bad
from add_cli.store.precompiled import run as _run

ALLOWED: tuple[type, ...] = (
    M.Plan,
    M.ActionLine,
    M.SubLine,
    M.Action,
    M.Cells,
    M.Body,
    M.Period,
    M.Quarter,
    M.Correction,
    M.Source,
    M.Department,
    M.ProgressEntry,
    M.Report,
    M.Ncdd,
    M.NcddGroup,
    M.WorkingGroupBox,
    Finding,
)
"""The only classes `decode` constructs (besides dates and the enums of their fields)."""

SHARED: tuple[type, ...] = (M.Period, M.Quarter)
"""Classes whose instances a plan shares (`store.build` makes one period per distinct
text): `encode` writes each instance once, marshal refers back to it, and the decoders
make one instance of it again (by the identity of what marshal read)."""

PRECOMPILED: tuple[Any, ...] = (
    tuple[str, tuple[Finding, ...]],  # a cache entry's verdict (`checks.loaded`)
    tuple[M.Department, ...],
    M.Plan | None,
)
"""The kinds a warm answer decodes (`precompiled.HEAD`, ...): their decoders are the
committed module `decoders` (made by `codegen`), so that no start of add compiles them."""
_PRECOMPILED_AT = {kind: i for i, kind in enumerate(PRECOMPILED)}

MARSHAL_VERSION = 4

__all__ = ["PRECOMPILED", "CodecError", "Decoder", "decode", "encode"]


def encode(value: Any) -> bytes:
    """`value` (allowed instances, tuples, dates, enums, plain values) as bytes.

    Equal strings are written once (marshal refers back to the first), so reading
    makes one string object for each distinct text: less to read and to allocate.
    So is each instance of a class of `SHARED` (one per distinct period text).
    """
    from add_cli.store import encoders

    writers: Any = encoders  # generated, untyped (see `codegen`)
    strings: dict[str, str] = {}
    shared: dict[int, Any] = {}
    write = writers.ENCODERS.get(type(value))
    if write is None:
        plain = _plain(value, strings, shared)
    else:  # a plan: the generated writers, several times faster
        writers.S, writers.K = strings.setdefault, shared
        writers.P = lambda v: _plain(v, strings, shared)
        try:
            plain = write(value)
        finally:
            writers.S = writers.P = None
            writers.K = {}
    shared.clear()  # as after `_plain(value, {})`: marshal sees the same references
    return marshal.dumps(plain, MARSHAL_VERSION)


def decode(data: bytes | memoryview, kind: Any) -> Any:
    """The value of type `kind` that `data` encodes; CodecError for anything else.

    `kind` is a type as annotations write it: an allowed class, `tuple[Finding, ...]`,
    `tuple[str, Plan | None]`.
    """
    at = _PRECOMPILED_AT.get(kind)
    if at is not None:
        return precompiled.decode(data, at)
    plain = precompiled.loads(data)
    try:
        decoder = _compiled(kind)
    except TypeError as exc:  # a model field of a type the codec does not know (a bug)
        raise CodecError(str(exc)) from None
    return _run(decoder, plain)


# ------------------------------------------------------------------ writing

_PLAIN = (str, int, bool, float, type(None))


def _plain(value: Any, strings: dict[str, str], shared: dict[int, Any] | None = None) -> Any:
    """The plain form of `value`: what `encode` writes (the generated writers write the
    same, faster). `shared` holds the plain form of each instance of `SHARED` made so
    far, by identity (every one is part of `value`, alive while it is written)."""
    if shared is None:
        shared = {}
    kind = type(value)
    if kind is str:
        return strings.setdefault(value, value)
    if kind in _PLAIN:
        return value
    if kind is tuple:
        return tuple([_plain(item, strings, shared) for item in value])
    if kind is dt.date:
        return value.toordinal()
    if isinstance(value, Enum):
        return value.value
    names = _written_fields(kind)  # CodecError for a class outside ALLOWED
    if kind in SHARED:
        made = shared.get(id(value))
        if made is None:
            made = shared[id(value)] = tuple(
                [_plain(getattr(value, n), strings, shared) for n in names]
            )
        return made
    return tuple([_plain(getattr(value, name), strings, shared) for name in names])


_FIELDS: dict[type, tuple[str, ...]] = {}


def _written_fields(cls: type) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        if cls not in ALLOWED:
            raise CodecError(f"{cls.__name__} is not a class the cache may hold")
        names = tuple(f.name for f in dataclasses.fields(cls) if not _derived(f))
        _FIELDS[cls] = names
    return names


def _derived(f: dataclasses.Field[Any]) -> bool:
    has_default = f.default is not dataclasses.MISSING
    has_default = has_default or f.default_factory is not dataclasses.MISSING
    return f.name.startswith("_") and has_default


# ------------------------------------------------------------------ reading


def _compiled(kind: Any) -> Decoder:
    """A decoder for `kind`: one function per class reachable from it, compiled at once.

    Each function checks the plain fields in one condition and converts the others
    in straight-line code: about twice as fast as closures looping over field
    descriptions, which matters on large plans. The source is made from field
    positions and our own classes' field names only, never from data, the way
    `dataclasses` makes `__init__`. The kinds of `PRECOMPILED` are not compiled
    here: `decoders` holds the same source, written at development time.
    """
    source, space = decoder_source((kind,))
    exec("\n".join(source), space)  # see the docstring
    decoder: Decoder = space["decode_root_0"]
    return decoder


def decoder_source(kinds: tuple[Any, ...]) -> tuple[list[str], dict[str, Any]]:
    """The source of `decode_root_<i>` for each of `kinds` (and of the functions they
    call), and the names it uses besides builtins (see `_compiled`)."""
    space: dict[str, Any] = {
        "new": object.__new__,
        "set_dict": object.__setattr__,
        "bad": _bad,
        "day": dt.date.fromordinal,
        "tuple": tuple,
        "map": map,
        _DEFS: [],
    }
    todo: list[type] = []
    source = []
    for i, kind in enumerate(kinds):
        source += [f"def decode_root_{i}(v):", *_field_lines("v", kind, "value", space, todo)]
        source.append("    return v")
    done = set()
    while todo:
        cls = todo.pop()
        if cls not in done:
            done.add(cls)
            source += _class_source(cls, space, todo)
    return [*space.pop(_DEFS), *source], space


_DEFS = "  defs"
"""The key, in a decoder's space, of the item functions' source (`_field_lines`)."""


def _fn(cls: type) -> str:
    return f"decode_{cls.__name__}"


_HINTS: dict[str, Any] = {}


def _hints(cls: type) -> dict[str, Any]:
    """The classes' field types, evaluated once per distinct annotation text."""
    space = vars(sys.modules[cls.__module__])
    out = {}
    for f in dataclasses.fields(cls):
        text = f.type
        if not isinstance(text, str):
            out[f.name] = text
            continue
        key = f"{cls.__module__}:{text}"
        if key not in _HINTS:
            _HINTS[key] = eval(text, space)  # our own annotation texts, never data
        out[f.name] = _HINTS[key]
    return out


def _class_source(cls: type, space: dict[str, Any], todo: list[type]) -> list[str]:
    if cls not in ALLOWED:
        raise TypeError(f"the plan cache cannot hold a {cls!r}")
    hints = _hints(cls)
    names = _written_fields(cls)
    me = cls.__name__
    space[f"C_{me}"] = cls
    lines = [f"def {_fn(cls)}(v):"]
    params = cls.__dataclass_params__  # type: ignore[attr-defined]  # set by @dataclass
    memo = bool(params.eq and params.frozen) and all(hints[n] in _PLAIN for n in names)
    shared = cls in SHARED
    if shared:  # what `encode` wrote once, read once: one instance (see SHARED)
        # The memo holds `v`, so no other value gets its id while the entry is there.
        space[f"M_{me}"] = {}
        lines += [f"    o = M_{me}.get(id(v))", "    if o is not None:", "        return o[1]"]
    elif memo:  # equal values are interchangeable: make each distinct one once
        space[f"M_{me}"] = {}
        lines += [f"    o = M_{me}.get(v)", "    if o is not None:", "        return o"]
    # Unpacking checks the length (ValueError or TypeError: a CodecError in `decode`),
    # then one condition checks the fields of plain types (fewer statements to compile).
    lines.append(f"    {''.join(f'f{i}, ' for i in range(len(names)))}= v")
    conditions = ["v.__class__ is not tuple"]
    converts = []
    for i, name in enumerate(names):
        var = f"f{i}"
        condition = _condition(var, hints[name], space)
        if condition is not None:
            conditions.append(condition)
            continue
        shape = _converted(var, hints[name], space, todo)
        if shape is None:
            converts += _field_lines(var, hints[name], f"{me}.{name}", space, todo)
            continue
        condition, convert = shape
        if condition is not None:
            conditions.append(condition)
        converts.append(f"    {var} = {convert}")
    lines += [f"    if {' or '.join(conditions)}:", f"        raise bad(v, {me!r})", *converts]
    attrs = ", ".join(f"{name!r}: f{i}" for i, name in enumerate(names))
    for f in dataclasses.fields(cls):
        if _derived(f):
            factory = f.default_factory is not dataclasses.MISSING
            space[f"X_{me}_{f.name}"] = f.default_factory if factory else f.default
            attrs += f", {f.name!r}: X_{me}_{f.name}{'()' if factory else ''}"
    # Set __dict__ whole: neither __init__ nor the classes' __setattr__ runs.
    lines += [f"    o = new(C_{me})", f"    set_dict(o, '__dict__', {{{attrs}}})"]
    if hasattr(cls, "__post_init__"):
        lines.append("    o.__post_init__()")
    if shared:
        lines.append(f"    M_{me}[id(v)] = (v, o)")
    elif memo:
        lines.append(f"    M_{me}[v] = o")
    lines.append("    return o")
    return lines


def _condition(var: str, kind: Any, space: dict[str, Any]) -> str | None:
    """An expression true when `var` is not of `kind`, for plain kinds; else None."""
    args = typing.get_args(kind)
    origin = typing.get_origin(kind)
    if kind in _PLAIN:
        return f"{var}.__class__ is not {kind.__name__}"
    if origin in (types.UnionType, typing.Union) and len(args) == 2 and type(None) in args:
        (other,) = [a for a in args if a is not type(None)]
        if other in _PLAIN:
            return f"({var} is not None and {var}.__class__ is not {other.__name__})"
    if origin is Literal and all(type(a) is str for a in args):
        name = f"L_{len(space)}"
        space[name] = frozenset(args)
        return f"{var}.__class__ is not str or {var} not in {name}"
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis and args[0] in _PLAIN:
        name = f"S_{args[0].__name__}"
        space[name] = frozenset({args[0]})
        return f"{var}.__class__ is not tuple or not {name}.issuperset(map(type, {var}))"
    return None


def _converted(
    var: str, kind: Any, space: dict[str, Any], todo: list[type]
) -> tuple[str | None, str] | None:
    """For the usual non-plain kinds: a condition true when `var` is bad (or None)
    and an expression for its decoded value; None for the rest."""
    args = typing.get_args(kind)
    origin = typing.get_origin(kind)
    if kind in ALLOWED:
        todo.append(kind)
        return None, f"{_fn(kind)}({var})"
    if origin in (types.UnionType, typing.Union) and len(args) == 2 and type(None) in args:
        (other,) = [a for a in args if a is not type(None)]
        if other in ALLOWED:
            todo.append(other)
            return None, f"None if {var} is None else {_fn(other)}({var})"
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis and args[0] in ALLOWED:
        todo.append(args[0])
        # Most are empty: then there is nothing to map.
        return (
            f"{var}.__class__ is not tuple",
            f"tuple(map({_fn(args[0])}, {var})) if {var} else ()",
        )
    if kind is dt.date:
        return f"{var}.__class__ is not int", f"day({var})"
    if isinstance(kind, type) and issubclass(kind, Enum):
        name = f"E_{kind.__name__}"
        space[name] = {m.value: m for m in kind}
        return None, f"{name}[{var}]"  # KeyError (or TypeError): see decode
    return None


def _field_lines(
    var: str, kind: Any, label: str, space: dict[str, Any], todo: list[type]
) -> list[str]:
    """Lines that check `var` against `kind`, converting it where needed."""
    fail = f"raise bad({var}, {label!r})"
    args = typing.get_args(kind)
    origin = typing.get_origin(kind)
    if kind in _PLAIN:
        return [f"    if {var}.__class__ is not {kind.__name__}:", f"        {fail}"]
    if origin in (types.UnionType, typing.Union) and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        if len(rest) == 1:
            inner = _field_lines(var, rest[0], label, space, todo)
            return [f"    if {var} is not None:", *(f"    {line}" for line in inner)]
    if origin is Literal and all(type(a) in _PLAIN for a in args):
        name = f"L_{len(space)}"
        space[name] = frozenset(args)
        return [
            f"    if {var}.__class__ is not str or {var} not in {name}:"
            if all(type(a) is str for a in args)
            else f"    if {var} not in {name}:",
            f"        {fail}",
        ]
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = args[0]
        if item in _PLAIN:
            return [
                f"    if {var}.__class__ is not tuple:",
                f"        {fail}",
                f"    for x in {var}:",
                f"        if x.__class__ is not {item.__name__}:",
                f"            raise bad(x, {label!r})",
            ]
        if item in ALLOWED:
            todo.append(item)
            return [
                f"    if {var}.__class__ is not tuple:",
                f"        {fail}",
                f"    if {var}:",  # most are empty: skip the map
                f"        {var} = tuple(map({_fn(item)}, {var}))",
            ]
    if origin is tuple and args and Ellipsis not in args:  # a fixed-size tuple
        lines = [
            f"    if {var}.__class__ is not tuple or len({var}) != {len(args)}:",
            f"        {fail}",
        ]
        parts = [f"{var}_{j}" for j in range(len(args))]
        lines.append(f"    {', '.join(parts)}, = {var}")
        for part, sub in zip(parts, args, strict=True):
            lines += _field_lines(part, sub, label, space, todo)
        return [*lines, f"    {var} = ({', '.join(parts)},)"]
    if origin is tuple:  # a tuple of anything else: one function for the item
        item_fn = f"I_{len(space)}"
        body = _field_lines("x", args[0], label, space, todo)
        space[_DEFS] += [f"def {item_fn}(x):", *body, "    return x"]
        return [
            f"    if {var}.__class__ is not tuple:",
            f"        {fail}",
            f"    {var} = tuple(map({item_fn}, {var}))",
        ]
    if kind is dt.date:
        return [f"    if {var}.__class__ is not int:", f"        {fail}", f"    {var} = day({var})"]
    if isinstance(kind, type) and issubclass(kind, Enum):
        name = f"E_{kind.__name__}"
        space[name] = {m.value: m for m in kind}
        return [f"    {var} = {name}[{var}]"]  # KeyError (or TypeError): see decode
    if kind in ALLOWED:
        todo.append(kind)
        return [f"    {var} = {_fn(kind)}({var})"]
    raise TypeError(f"the plan cache cannot hold a {kind!r} ({label})")

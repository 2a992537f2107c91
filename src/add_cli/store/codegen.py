"""Writes `store/decoders.py`: the codec's decoders of `codec.PRECOMPILED`, as a module.

`codec` compiles a decoder from the classes' fields when it first needs one, a few
milliseconds that every warm answer would pay at start. For the kinds a warm answer
reads, the same source is committed as a module (byte-compiled when installed, like
the rest of add); tests/test_decoders.py fails when it differs from what this makes
now (a model class changed: run `python -m add_cli.store.codegen`).
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Any

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


def main() -> None:
    target = Path(__file__).with_name("decoders.py")
    target.write_text(generate(), encoding="utf-8")
    print(f"wrote {target}", file=sys.stderr)


if __name__ == "__main__":
    main()

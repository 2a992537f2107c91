"""Reading a cache entry's sections with the committed decoders (`decoders`).

This is the warm answer's path: it imports neither `codec`'s compiler nor the findings
(`decoders` imports `core.findings` only when an entry holds a finding, a refused
plan). What a section may hold, and how each value is checked, is `codec`'s (see
its docstring); `codec.decode` of a kind of `codec.PRECOMPILED` comes here too.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable
from typing import Any

HEAD, DEPARTMENTS, PLAN = range(3)
"""Which of `codec.PRECOMPILED` (in its order): the verdict's kind and error findings,
`tuple[Department, ...]`, `Plan | None`."""

Decoder = Callable[[Any], Any]


class CodecError(ValueError):
    """The data is not an encoding of the expected type."""


def bad(value: Any, what: object) -> CodecError:
    return CodecError(f"expected {what}, got {type(value).__name__}")


def decode(data: bytes | memoryview, which: int) -> Any:
    """The value of `codec.PRECOMPILED[which]` that `data` encodes; CodecError else."""
    from add_cli.store import decoders

    plain = loads(data)
    memos: tuple[dict[Any, Any], ...] = decoders.MEMOS
    try:
        return run(decoders.ROOTS[which], plain)
    finally:  # each decode makes its own instances, as a compiled decoder does
        for memo in memos:
            memo.clear()


def loads(data: bytes | memoryview) -> Any:
    try:
        return marshal.loads(data)
    except Exception as exc:  # EOFError, ValueError, TypeError on damaged data
        raise CodecError(f"not marshal data: {exc}") from None


def run(decoder: Decoder, plain: Any) -> Any:
    try:
        return decoder(plain)
    except CodecError:
        raise
    except Exception as exc:  # a day number out of range, an unknown enum value, ...
        raise CodecError(f"bad value: {exc!r}") from None

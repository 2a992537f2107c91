"""The committed decoders (`store/decoders.py`) are what `store.codegen` makes now, and
they decode exactly as the decoders `store.codec` compiles at run time."""

from __future__ import annotations

import marshal
import random
from pathlib import Path
from typing import Any

import pytest

from add_cli.checks import loaded
from add_cli.core.findings import Finding
from add_cli.core.model import Department, Plan
from add_cli.store import codec, codegen, decoders
from add_cli.store.load import load

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "plan"
FINDING = Finding("actions.yaml", 3, 5, "error", "bad-period", "text", "2.b.2")


def test_the_committed_module_is_what_codegen_makes() -> None:
    """Fails after a change to a cached class: run `python -m add_cli.store.codegen`."""
    committed = Path(decoders.__file__).read_text(encoding="utf-8")
    assert committed == codegen.generate()


def test_the_kinds_a_warm_answer_reads_are_precompiled() -> None:
    assert loaded._HEAD in codec.PRECOMPILED
    assert tuple[Department, ...] in codec.PRECOMPILED
    assert (Plan | None) in codec.PRECOMPILED
    assert len(decoders.ROOTS) == len(codec.PRECOMPILED)


def _both(data: bytes, kind: Any) -> tuple[Any, Any]:
    """What the committed decoder and a freshly compiled one give (or the error's type)."""
    out = []
    plain = marshal.loads(data)
    for decoder in (
        decoders.ROOTS[codec.PRECOMPILED.index(kind)],
        codec._compiled(kind),
    ):
        try:
            value = decoder(plain)
        except Exception as exc:  # compared below: both refuse, or both give one value
            out.append(("refused", type(exc) is codec.CodecError))
        else:
            out.append(("value", marshal.loads(codec.encode(value))))
    return out[0], out[1]


def _samples() -> list[tuple[Any, Any]]:
    plan = load(PLAN).plan
    assert plan is not None
    return [
        (loaded._HEAD, ("ok", ())),
        (loaded._HEAD, ("plan-invalid", (FINDING, FINDING.with_root("")))),
        (tuple[Department, ...], plan.departments),
        (Plan | None, plan),
        (Plan | None, None),
    ]


@pytest.mark.parametrize("case", range(5))
def test_both_decoders_agree_on_real_values(case: int) -> None:
    kind, value = _samples()[case]
    data = codec.encode(value)
    generated, compiled = _both(data, kind)
    assert generated == compiled == ("value", marshal.loads(data))
    assert marshal.loads(codec.encode(codec.decode(data, kind))) == marshal.loads(data)


def _mutations(plain: Any, rng: random.Random, n: int) -> list[Any]:
    """`plain` with one item somewhere replaced by a value of another type, `n` times."""
    swaps = [None, 0, -3, 10**9, "x", "", True, 1.5, (), ("x",), b"b", [1]]
    out = []
    for _ in range(n):
        path = []
        node = plain
        while node.__class__ is tuple and node and rng.random() < 0.85:
            i = rng.randrange(len(node))
            path.append(i)
            node = node[i]
        out.append(_put(plain, path, rng.choice(swaps)))
    return out


def _put(node: Any, path: list[int], value: Any) -> Any:
    if not path:
        return value
    i = path[0]
    return (*node[:i], _put(node[i], path[1:], value), *node[i + 1 :])


@pytest.mark.parametrize("case", range(5))
def test_both_decoders_agree_on_damaged_values(case: int) -> None:
    """Each refuses what the other refuses and gives what the other gives."""
    kind, value = _samples()[case]
    plain = marshal.loads(codec.encode(value))
    rng = random.Random(case)
    for bad in _mutations(plain, rng, 300):
        generated, compiled = _both(marshal.dumps(bad), kind)
        assert generated == compiled, bad

"""The committed decoders (`store/decoders.py`) are what `store.codegen` makes now, and
they decode exactly as the decoders `store.codec` compiles at run time."""

from __future__ import annotations

import marshal
import random
from pathlib import Path
from typing import Any

import pytest

from add_cli.core.findings import Finding
from add_cli.core.model import Department, Plan
from add_cli.store import codec, codegen, decoders, precompiled
from add_cli.store.load import load

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "plan"
FINDING = Finding("actions.yaml", 3, 5, "error", "bad-period", "text", "2.b.2")


def test_the_committed_module_is_what_codegen_makes() -> None:
    """Fails after a change to a cached class: run `python -m add_cli.store.codegen`."""
    committed = Path(decoders.__file__).read_text(encoding="utf-8")
    assert committed == codegen.generate()


HEAD = tuple[str, tuple[Finding, ...]]


def test_the_kinds_a_warm_answer_reads_are_precompiled() -> None:
    assert codec.PRECOMPILED[precompiled.HEAD] == HEAD
    assert codec.PRECOMPILED[precompiled.DEPARTMENTS] == tuple[Department, ...]
    assert codec.PRECOMPILED[precompiled.PLAN] == Plan | None
    assert len(decoders.ROOTS) == len(codec.PRECOMPILED)
    assert codec.CodecError is precompiled.CodecError


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
        (HEAD, ("ok", ())),
        (HEAD, ("plan-invalid", (FINDING, FINDING.with_root("")))),
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


def test_a_warm_answer_imports_neither_the_compiler_nor_the_findings(tmp_path: Path) -> None:
    """From a cache entry of a valid plan: the plan comes back without `codec` or
    `core.findings` imported; the findings of a refused plan import them on use."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "ADD_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("ADD_NO_CACHE", None)
    script = """if True:
        import sys
        from pathlib import Path
        from add_cli.checks.loaded import plan_for_reading
        plan = plan_for_reading(Path(sys.argv[1]))
        assert len(plan.actions) > 40
        names = ("add_cli.store.codec", "add_cli.core.findings")
        print(sorted(m for m in names if m in sys.modules))
    """
    runs = [
        subprocess.run(
            [sys.executable, "-c", script, str(PLAN)], env=env, capture_output=True, text=True
        )
        for _ in range(2)
    ]
    assert [r.returncode for r in runs] == [0, 0], runs[-1].stderr
    assert runs[1].stdout.strip() == "[]"  # warm: neither
    assert "add_cli.store.codec" in runs[0].stdout  # cold: the entry was written


def test_a_refused_plans_findings_come_back_from_the_cache() -> None:
    data = codec.encode(("plan-invalid", (FINDING,)))
    kind, (back,) = precompiled.decode(data, precompiled.HEAD)
    assert kind == "plan-invalid" and back == FINDING and type(back) is Finding

"""The committed writers (`store/encoders.py`) are what `store.codegen` makes now, and
they write exactly what the generic walk (`codec._plain`) writes, whatever a field holds."""

from __future__ import annotations

import datetime as dt
import marshal
import random
from pathlib import Path
from typing import Any

import pytest

from add_cli.core.findings import Finding
from add_cli.core.model import Plan, Quarter, State
from add_cli.store import codec, codegen, encoders
from add_cli.store.load import load

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "plan"


def test_the_committed_module_is_what_codegen_makes() -> None:
    """Fails after a change to a cached class: run `python -m add_cli.store.codegen`."""
    committed = Path(encoders.__file__).read_text(encoding="utf-8")
    assert committed == codegen.generate_encoders()
    assert set(encoders.ENCODERS) == set(codec.ALLOWED)


def _walked(value: Any) -> bytes:
    return marshal.dumps(codec._plain(value, {}), codec.MARSHAL_VERSION)


def _alike(value: Any) -> bool:
    """`encode` and the walk write the same values, each as often (marshal's flags of
    what may be referred back to follow reference counts, so bytes may differ there)."""
    written, walked = codec.encode(value), _walked(value)
    return len(written) == len(walked) and marshal.loads(written) == marshal.loads(walked)


def _plan() -> Plan:
    plan = load(PLAN).plan
    assert plan is not None
    return plan


def test_shared_instances_are_written_once() -> None:
    """Actions share their period (one per distinct text): it is written once, and
    read back as one instance, which the decoded plan's actions share again."""
    plan = _plan()
    periods = {id(a.annex.period) for a in plan.actions}
    assert len(periods) < len(plan.actions)  # the reader shares them
    data = codec.encode(plan)
    assert _alike(plan)
    back = codec.decode(data, Plan)
    assert len({id(a.annex.period) for a in back.actions}) == len(periods)
    assert marshal.loads(codec.encode(back)) == marshal.loads(data)


def _instances(value: Any, out: dict[type, list[Any]]) -> None:
    if isinstance(value, tuple):
        for item in value:
            _instances(item, out)
    elif type(value) in codec.ALLOWED:
        out.setdefault(type(value), []).append(value)
        for name in codec._written_fields(type(value)):
            _instances(getattr(value, name), out)


SWAPS: list[Any] = [
    None,
    0,
    True,
    1.5,
    "x",
    (),
    ("a", 1),
    dt.date(2025, 1, 2),
    State.FINISHED,
    Quarter(2025, 3),
]


def _changed(obj: Any, name: str, value: Any) -> Any:
    """A copy of the (frozen) instance `obj` with field `name` holding `value`."""
    copy = object.__new__(type(obj))
    object.__setattr__(copy, "__dict__", {**obj.__dict__, name: value})
    return copy


@pytest.mark.parametrize("seed", range(4))
def test_every_field_of_any_type_is_written_as_the_walk_writes_it(seed: int) -> None:
    """Each class's writer, on real instances with one field swapped for a value of
    another type (or of a shared instance), writes what `_plain` writes."""
    found: dict[type, list[Any]] = {}
    plan = _plan()
    _instances(plan, found)
    finding = Finding("actions.yaml", 3, 5, "error", "bad-period", "text", "2.b.2")
    found[Finding] = [finding]
    rng = random.Random(seed)
    for cls in codec.ALLOWED:
        for obj in rng.sample(found[cls], min(3, len(found[cls]))):
            assert _alike(obj)
            for name in codec._written_fields(cls):
                odd = _changed(obj, name, rng.choice([*SWAPS, rng.choice(found[cls])]))
                assert _alike(odd), (cls, name)
                both = (odd, obj, odd)  # the same instances twice: marshal refers back
                assert _alike(both)
    with pytest.raises(codec.CodecError):
        codec.encode(_changed(plan.actions[0], "label", Path("x")))


def test_the_writers_are_left_unset_after_encoding() -> None:
    """`encode` sets the generated module's S, P, K for one call only, also on failure."""
    codec.encode(_plan())
    with pytest.raises(codec.CodecError):
        codec.encode(_changed(_plan().actions[0], "label", Path("x")))
    assert (encoders.S, encoders.P, encoders.K) == (None, None, {})

"""@frozen classes become dataclasses on first use: whatever asks first gets the same answer."""

from __future__ import annotations

import dataclasses

import pytest

from add_cli.core.model import frozen


def _make() -> tuple[type, type]:
    @frozen
    class Base:
        """A base."""

        a: int
        b: str = "b"
        c: list[int] = dataclasses.field(default_factory=list)

    @frozen
    class Child(Base):
        e: int = 4

    return Base, Child


@pytest.mark.parametrize(
    "first", ["fields", "init", "child_fields", "child_init", "is_dataclass", "match_args"]
)
def test_any_first_use_defines_the_same_dataclass(first: str) -> None:
    base, child = _make()
    assert "__dataclass_fields__" not in vars(base) or not isinstance(
        vars(base)["__dataclass_fields__"], dict
    )
    if first == "fields":
        dataclasses.fields(base)
    elif first == "init":
        base(1)
    elif first == "child_fields":
        dataclasses.fields(child)
    elif first == "child_init":
        child(1, e=5)
    elif first == "is_dataclass":
        assert dataclasses.is_dataclass(child)
    else:
        assert child.__match_args__ == ("a", "b", "c", "e")
    assert [f.name for f in dataclasses.fields(base)] == ["a", "b", "c"]
    assert [f.name for f in dataclasses.fields(child)] == ["a", "b", "c", "e"]
    assert base.__match_args__ == ("a", "b", "c")
    one = child(1)
    assert (one.a, one.b, one.c, one.e) == (1, "b", [], 4)
    assert dataclasses.replace(one, e=7).e == 7
    assert dataclasses.fields(one) == dataclasses.fields(child)
    assert "c" not in vars(base)  # the factory's Field is not left on the class
    assert not base.__dataclass_params__.eq
    with pytest.raises(dataclasses.FrozenInstanceError):
        one.a = 2


def test_a_plain_subclass_sees_the_bases_fields() -> None:
    base, _child = _make()

    class Plain(base):  # type: ignore[valid-type,misc]
        pass

    assert [f.name for f in dataclasses.fields(Plain)] == ["a", "b", "c"]
    assert [f.name for f in dataclasses.fields(base)] == ["a", "b", "c"]

"""@frozen classes become dataclasses on first use: whatever asks first gets the same answer."""

from __future__ import annotations

import dataclasses

import pytest

from add_cli.core.frozen import frozen


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


def _written_out() -> list[type]:
    """The @frozen classes of add that write their own __init__."""
    from add_cli.core import frozen as machinery
    from add_cli.core import model, query, rounds, timeline
    from add_cli.present import terminal

    found = []
    for module in (model, query, rounds, timeline, terminal):
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and value.__module__ == module.__name__
                and dataclasses.is_dataclass(value)
                and value.__setattr__ in (machinery._set_once, machinery.no_assignment)
                and value.__dict__.get("__init__") not in (None, machinery._first_init)
                and value.__dict__["__init__"].__code__.co_filename == module.__file__
            ):  # not one `_first_init` made
                found.append(value)
    return found


def test_written_out_inits_take_the_fields_in_order() -> None:
    import inspect

    from add_cli.core.query import Row
    from add_cli.present.terminal import Column

    found = _written_out()
    assert Row in found and Column in found
    for cls in found:
        params = list(inspect.signature(cls.__init__).parameters.values())[1:]
        fields = [f for f in dataclasses.fields(cls) if f.init]
        assert [p.name for p in params] == [f.name for f in fields], cls
        for p, f in zip(params, fields, strict=True):
            default = inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default
            assert p.default == default, (cls, f.name)
            assert f.default_factory is dataclasses.MISSING, (cls, f.name)
        args = [object() for _ in fields]
        made = cls(*args)
        assert [getattr(made, f.name) for f in fields] == args
        assert set(vars(made)) >= {f.name for f in fields}
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(made, fields[0].name, 1)

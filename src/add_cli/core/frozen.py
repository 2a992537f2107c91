"""`@frozen`: a dataclass whose fields are set once, made as late as possible.

Every command imports the model, and generating dataclass methods costs start-up
time (each is compiled with exec). So most model classes are `@frozen`: a plain
dataclass without __eq__/__repr__ (compared by identity; nothing compares them as
wholes) whose fields can be set once, in __init__, and never reassigned. Neither a
@frozen class nor Quarter (`core.model`, which writes its methods out) becomes a
dataclass (nor imports `dataclasses`) before its fields are first asked for
(`_Deferred`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar, dataclass_transform

_T = TypeVar("_T")

# `dataclasses` (with `inspect`, which it imports) is imported on the first use of a
# class's fields, not with this module: a warm answer never asks for them.
if TYPE_CHECKING:
    from dataclasses import dataclass as _dataclass_later
    from dataclasses import field
else:

    def field(**kwargs: Any) -> Any:
        """`dataclasses.field`, made when the class becomes a dataclass (`_Deferred`)."""
        return _FieldLater(kwargs)

    def _dataclass_later(**params: Any) -> Any:
        """`dataclass(**params)`, run on the first use of what it makes (`_Deferred`)."""

        def later(cls: type) -> type:
            _defer(cls, params)
            return cls

        return later


class _FieldLater:
    def __init__(self, kwargs: dict[str, Any]) -> None:
        self.kwargs = kwargs


def _frozen_error(message: str) -> Exception:
    from dataclasses import FrozenInstanceError

    return FrozenInstanceError(message)


def _set_once(self: Any, name: str, value: Any) -> None:
    if name in self.__dict__:
        raise _frozen_error(f"cannot assign to field {name!r}")
    object.__setattr__(self, name, value)


def no_assignment(self: Any, name: str, value: Any) -> None:
    """A __setattr__ that refuses every assignment, for a class whose __init__ writes
    its __dict__ itself."""
    raise _frozen_error(f"cannot assign to field {name!r}")


def _no_delete(self: Any, name: str) -> None:
    raise _frozen_error(f"cannot delete field {name!r}")


def _init_source(cls: type) -> tuple[str, dict[str, Any]]:
    """The source of `cls`'s __init__ (as dataclass would make it) and the names it uses."""
    from dataclasses import MISSING, fields

    params: list[str] = []
    body: list[str] = []
    names: dict[str, Any] = {"_MISSING": MISSING}
    for f in fields(cls):
        if f.default is not MISSING:
            names[f"_default_{f.name}"] = f.default
        if f.default_factory is not MISSING:
            names[f"_factory_{f.name}"] = f.default_factory
        if not f.init:
            if f.default_factory is not MISSING:
                body.append(f"    __add_dict__[{f.name!r}] = _factory_{f.name}()")
            elif f.default is not MISSING:
                body.append(f"    __add_dict__[{f.name!r}] = _default_{f.name}")
            continue
        if f.default_factory is not MISSING:
            params.append(f"{f.name}=_MISSING")
            body.append(
                f"    __add_dict__[{f.name!r}] = "
                f"_factory_{f.name}() if {f.name} is _MISSING else {f.name}"
            )
        else:
            params.append(f"{f.name}=_default_{f.name}" if f.default is not MISSING else f.name)
            body.append(f"    __add_dict__[{f.name!r}] = {f.name}")
    if hasattr(cls, "__post_init__"):
        body.append("    __add_self__.__post_init__()")
    # Names no field has (a field may be called `self` or `d`), as dataclass does.
    source = (
        "def __init__(__add_self__, {}):\n    __add_dict__ = __add_self__.__dict__\n{}\n".format(
            ", ".join(params), "\n".join(body) or "    pass"
        )
    )
    return source, names


def _first_init(self: Any, /, *args: Any, **kwargs: Any) -> None:
    """Make the class's real __init__ on its first instance, then run it.

    dataclass compiles an __init__ per class with exec when the class is defined,
    which cost every command several milliseconds of start-up for classes most runs
    never construct (a warm answer reads the plan without calling __init__).
    """
    cls = type(self)
    owner = next(c for c in cls.__mro__ if c.__dict__.get("__init__") is _first_init)
    source, names = _init_source(owner)
    exec(source, names)  # our own source, made from the class's fields
    owner.__init__ = names["__init__"]  # type: ignore[misc]  # replacing the stand-in
    names["__init__"](self, *args, **kwargs)


@dataclass_transform(eq_default=False, frozen_default=True, field_specifiers=(field,))
def frozen(cls: type[_T]) -> type[_T]:
    """A dataclass whose fields are set once, in __init__; cheaper to define than frozen=True.

    Nothing is done when the class is defined: `dataclass` runs on the first use of
    what it makes (`_Deferred`), __init__ is made on first use (`_first_init`) unless
    the class writes its own (tests/test_frozen_deferred.py checks that it takes the
    fields, with their defaults, in order); there is no __eq__ or __repr__ (instances
    compare by identity).
    """
    # mypy forbids assigning to a method of a class; here that is the very point.
    if "__init__" not in cls.__dict__:  # else the class's own, written out for speed
        cls.__init__ = _first_init  # type: ignore[method-assign, assignment]
    cls.__setattr__ = _set_once  # type: ignore[method-assign]
    cls.__delattr__ = _no_delete  # type: ignore[method-assign]
    _defer(cls, {"init": False, "eq": False, "repr": False})
    return cls


def _defer(cls: type, params: dict[str, Any]) -> None:
    for name in _DATACLASS_NAMES:
        setattr(cls, name, _Deferred(cls, name, params))


_DATACLASS_NAMES = ("__dataclass_fields__", "__dataclass_params__", "__match_args__")
"""What `dataclass` sets on a class that others read (`dataclasses.fields`, `replace`, ...)."""


class _Deferred:
    """Stands for one of `_DATACLASS_NAMES` of a @frozen class until it is first read,
    then runs `dataclass` on the class (its fields and their defaults) and gives the
    real value. Defining a dataclass costs a few hundred microseconds; a warm answer
    reads the plan's classes without asking for their fields (`store.codec`)."""

    def __init__(self, cls: type, name: str, params: dict[str, Any]) -> None:
        self.cls, self.name, self.params = cls, name, params

    def __get__(self, obj: object, owner: type | None = None) -> Any:
        cls = self.cls
        if cls.__dict__.get(self.name) is self:
            import dataclasses

            for name in _DATACLASS_NAMES:
                if isinstance(cls.__dict__.get(name), _Deferred):
                    delattr(cls, name)
            for name, value in list(cls.__dict__.items()):
                if isinstance(value, _FieldLater):
                    setattr(cls, name, dataclasses.field(**value.kwargs))
            # A @frozen class's __init__ is the stand-in: for a class without a
            # docstring dataclass writes one from inspect.signature, which on
            # object's own __init__ compiles tokenize's patterns.
            dataclasses.dataclass(**self.params)(cls)
        return cls.__dict__[self.name] if self.name in cls.__dict__ else getattr(cls, self.name)

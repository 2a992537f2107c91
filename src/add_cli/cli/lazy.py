"""The commands of `add`, imported and built only when one is looked up.

Typer builds the Click command of every command of an app on every run (parameters from
each function's signature), and importing every command's module costs as much again,
while a run needs one command. `LazyCommands` is the `commands` mapping of the app's group
(`app.AddApp`): it knows each command's name and the module and attribute that define it
(`Spec`), so listing the names imports nothing; looking one up imports its module and
builds its Click command exactly as Typer builds it for the whole app (the same Typer
code, run for that command alone). `add --help` and completing a command name look up the
commands they list; `add status` looks up `status` only.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from typing import Any

import typer
import typer.main

Spec = tuple[str, str, str]
"""(command name, module, attribute): a function command or a sub-command `typer.Typer`."""


def build(spec: Spec, rich_markup_mode: Any = None) -> Any:
    """The Click command of `spec`, as `typer.main.get_command` of the whole app makes it."""
    name, module, attribute = spec
    target = getattr(importlib.import_module(module), attribute)
    alone = typer.Typer(rich_markup_mode=rich_markup_mode, add_completion=False)
    if isinstance(target, typer.Typer):
        alone.add_typer(target, name=name)
    else:
        alone.command(name)(target)
    return typer.main.get_group(alone).commands[name]


class LazyCommands(MutableMapping[str, Any]):
    """Command name -> Click command, each built on first lookup (then `on_load` is called).

    Iterating, `len` and `in` never build a command; `[name]`, `.get`, `.values()` and
    `.items()` build the ones they return. Commands added later (Click's `add_command`) are
    kept as given.
    """

    def __init__(
        self,
        specs: Iterable[Spec],
        on_load: Callable[[Any], None],
        rich_markup_mode: Any = None,
    ) -> None:
        self._specs: dict[str, Spec | None] = {spec[0]: spec for spec in specs}
        self._built: dict[str, Any] = {}
        self._on_load = on_load
        self._markup = rich_markup_mode

    def __getitem__(self, name: str) -> Any:
        if name in self._built:
            return self._built[name]
        spec = self._specs[name]  # KeyError: no such command
        assert spec is not None  # a command given without a spec is in _built
        command = build(spec, self._markup)
        self._built[name] = command
        self._on_load(command)
        return command

    def __setitem__(self, name: str, command: Any) -> None:
        self._specs.setdefault(name, None)
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._specs[name]
        self._built.pop(name, None)

    def __contains__(self, name: object) -> bool:
        return name in self._specs

    def __iter__(self) -> Iterator[str]:
        return iter(self._specs)

    def __len__(self) -> int:
        return len(self._specs)

    def loaded(self) -> list[Any]:
        """The commands built so far (nothing is built)."""
        return [self._built[name] for name in self._specs if name in self._built]

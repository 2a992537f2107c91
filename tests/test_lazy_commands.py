"""The app builds only the command that runs (`cli.lazy`), and says what it always said.

An eager app, assembled the way `cli/app.py` did before (every module imported, every
command built by Typer up front), is the reference: help, in both languages, completion
of command names and the Click description of every command are the same.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
import typer.main
from typer.testing import CliRunner

from add_cli.cli.app import COMMANDS, app
from add_cli.cli.errors import AddGroup
from add_cli.cli.lazy import LazyCommands
from tests.test_toolchain_completion import Probe

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "plan"
runner = CliRunner()


def eager_app() -> typer.Typer:
    """`add` as it was assembled before commands were built lazily."""
    eager = typer.Typer(
        name="add",
        cls=AddGroup,
        help=app.info.help,
        no_args_is_help=True,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    eager.registered_callback = app.registered_callback
    functions = [spec for spec in COMMANDS if not isinstance(_target(spec), typer.Typer)]
    groups = [spec for spec in COMMANDS if isinstance(_target(spec), typer.Typer)]
    for spec in functions:
        eager.command(spec[0])(_target(spec))
    for spec in groups:
        eager.add_typer(_target(spec), name=spec[0])
    return eager


def _target(spec: tuple[str, str, str]) -> Any:
    return getattr(importlib.import_module(spec[1]), spec[2])


def _paths(command: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [path]
    for name in getattr(command, "commands", {}):
        found += _paths(command.commands[name], (*path, name))
    return found


def test_the_lazy_group_is_lazy() -> None:
    group: Any = typer.main.get_command(app)
    assert isinstance(group.commands, LazyCommands)
    assert list(group.commands) == [spec[0] for spec in COMMANDS]
    assert len(group.commands) == len(COMMANDS) and "status" in group.commands
    assert group.commands.loaded() == []  # naming them built nothing
    assert group.get_command(None, "nonsense") is None
    status = group.commands["status"]
    assert group.commands.loaded() == [status] and group.commands["status"] is status


def test_commands_describe_themselves_as_before() -> None:
    eager: Any = typer.main.get_command(eager_app())
    lazy: Any = typer.main.get_command(app)
    assert list(lazy.commands) == list(eager.commands)
    for name in eager.commands:
        assert describe(lazy.commands[name]) == describe(eager.commands[name]), name


def describe(value: Any, depth: int = 0) -> Any:
    """A Click command (its parameters, their types, sub-commands) as plain comparable data;
    functions by name (each build wraps the command's function anew). The English texts
    `lang.localize` keeps aside are left out: a lazy command is localized when built."""
    assert depth < 12
    if callable(value) and not isinstance(value, type) and hasattr(value, "__qualname__"):
        return f"function {getattr(value, '__wrapped__', value).__qualname__}"
    if isinstance(value, (list, tuple)):
        return [describe(item, depth + 1) for item in value]
    if isinstance(value, dict) or hasattr(value, "keys"):
        return {str(k): describe(value[k], depth + 1) for k in value if k != "_add_english"}
    module = type(value).__module__
    if module.startswith(("typer", "click", "add_cli")) and hasattr(value, "__dict__"):
        return (type(value).__qualname__, describe(vars(value), depth + 1))
    return value


@pytest.mark.parametrize("language", ["en", "nl"])
def test_help_is_as_before(language: str) -> None:
    eager = eager_app()
    paths = _paths(typer.main.get_command(eager))
    assert len(paths) > len(COMMANDS)
    for path in paths:
        args = [*path, "--help"]
        before = runner.invoke(eager, args, env={"ADD_LANG": language, "COLUMNS": "100"})
        after = runner.invoke(app, args, env={"ADD_LANG": language, "COLUMNS": "100"})
        assert (after.exit_code, after.output) == (before.exit_code, before.output), path


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--version"],
        ["stauts"],
        ["--lang", "nl", "stauts"],
        ["status", "--nope"],
        ["export"],
        ["uitvraag", "nope"],
        ["--lang", "nl", "overdue", "-f"],
        ["show", "9.z.9", "--plan", str(PLAN)],
        ["--lang", "nl", "show", "9.z.9", "--plan", str(PLAN)],
        ["overdue", "--fail", "--as-of", "2026-06-30", "--plan", str(PLAN)],
    ],
)
def test_answers_and_errors_are_as_before(args: list[str]) -> None:
    """Exit codes, messages and output through the boundary, in both languages."""
    before = runner.invoke(eager_app(), args)
    after = runner.invoke(app, args)
    assert (after.exit_code, after.stdout, after.stderr) == (
        before.exit_code,
        before.stdout,
        before.stderr,
    )


@pytest.mark.parametrize(
    ("args", "incomplete"),
    [([], ""), ([], "s"), ([], "--"), (["uitvraag"], ""), (["status"], "--"), (["export"], "b")],
)
def test_completion_is_as_before(args: list[str], incomplete: str) -> None:
    def complete(typer_app: typer.Typer) -> list[tuple[str, str | None]]:
        cli = typer.main.get_command(typer_app)
        found = Probe(cli, {}, "add", "_ADD_COMPLETE").get_completions(args, incomplete)
        return [(item.value, item.help) for item in found]

    assert complete(app) == complete(eager_app())
    if args == [] and incomplete == "s":
        assert [value for value, _ in complete(app)] == ["status", "show", "site"]


COMMAND_MODULES = {spec[1] for spec in COMMANDS}


@pytest.mark.parametrize("command", ["status", "overdue"])
def test_a_command_imports_no_other_command(command: str, tmp_path: Path) -> None:
    """`add status` imports status's module only: start-up pays for one command."""
    script = (
        "import json, sys\n"
        "from add_cli.cli.app import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stderr.write(json.dumps(sorted(sys.modules)))\n"
    )
    args = [command, "--plan", str(PLAN), "--as-of", "2026-06-30"]
    env = {**_env(), "ADD_CACHE_DIR": str(tmp_path)}
    for _ in ("cold", "warm"):
        done = subprocess.run(
            [sys.executable, "-c", script, *args], env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        modules = set(json.loads(done.stderr.splitlines()[-1]))
        mine = f"add_cli.cli.{command}"
        assert mine in modules
        assert not (COMMAND_MODULES - {mine}) & modules
        assert "add_cli.cli.app" in modules and done.stdout.strip()


def _env() -> dict[str, str]:
    import os

    return {**os.environ, "ADD_LANG": "en"}


def test_building_the_command_imports_no_model() -> None:
    """Parsing `add status` and `add overdue` needs the cli only: the model (5 ms of
    dataclasses) and the presentation are imported when a command asks for them, so a
    warm answer that needs neither does not pay for them."""
    script = (
        "import json, sys\n"
        "import typer.main\n"
        "from add_cli.cli.app import app\n"
        "group = typer.main.get_command(app)\n"
        "group.commands['status'], group.commands['overdue']\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    modules = set(json.loads(done.stdout))
    assert "add_cli.cli.status" in modules
    heavy = sorted(m for m in modules if m.startswith(("add_cli.core.model", "add_cli.present")))
    assert heavy == []

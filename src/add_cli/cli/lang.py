"""Which language the command line speaks, and Click's and Typer's own words in it.

The choice, first that applies: `--lang nl|en` (an option of the app, read before the
command line is parsed so that `--help` and usage errors follow it too), `ADD_LANG`,
`LC_ALL`, `LC_MESSAGES`, `LANG` (a value starting with `nl` is Dutch, anything else
English); on Windows, when none of those is set, the user's locale.

Help texts are English message ids stored on the Click commands; `localize` swaps them for
their translation once the language is known. Click and Typer translate their own
messages ("Usage:", "Missing argument", "No such option") with `gettext.gettext`; `adopt`
points those modules' `_` and `ngettext` at `core.i18n`, whose catalogue holds them too.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from add_cli.cli.lazy import LazyCommands
from add_cli.core import i18n

ENV_ORDER = ("ADD_LANG", "LC_ALL", "LC_MESSAGES", "LANG")

CLICK_MODULES = (
    "typer._click.core",
    "typer._click.types",
    "typer._click.parser",
    "typer._click.exceptions",
    "typer._click.decorators",
    "typer._click.termui",
    "typer._click.formatting",
    "typer._click.shell_completion",
    "typer._click.utils",
    "typer.core",
    "typer.main",
    "click.core",
    "click.types",
    "click.parser",
    "click.exceptions",
    "click.decorators",
    "click.termui",
    "click.formatting",
    "click.shell_completion",
    "click.utils",
)


def _code(value: str) -> str:
    return "nl" if value.strip().lower().startswith("nl") else "en"


def from_args(args: Sequence[str]) -> str | None:
    """The value of `--lang` in `args` (before any `--`), if given."""
    for i, arg in enumerate(args):
        if arg == "--":
            return None
        if arg == "--lang" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
    return None


def _windows_locale() -> str:  # pragma: no cover - Windows only
    try:
        import ctypes

        buffer = ctypes.create_unicode_buffer(85)
        if ctypes.windll.kernel32.GetUserDefaultLocaleName(buffer, 85):  # type: ignore[attr-defined]  # Windows only
            return str(buffer.value)
    except (AttributeError, OSError):
        pass
    import locale

    name = locale.getlocale()[0] or ""
    return "nl" if name.lower().startswith(("nl", "dutch")) else name


def choose(args: Sequence[str], environ: Mapping[str, str] | None = None) -> str:
    """'nl' or 'en' for this run (see the module docstring for the order)."""
    given = from_args(args)
    if given:
        return _code(given)
    environ = os.environ if environ is None else environ
    for name in ENV_ORDER:
        value = environ.get(name, "")
        if value:
            return _code(value)
    if os.name == "nt":  # pragma: no cover - Windows only
        return _code(_windows_locale())
    return "en"


def adopt() -> None:
    """Let Click and Typer speak through `core.i18n` (their modules' `_` and `ngettext`)."""
    for name in CLICK_MODULES:
        module = sys.modules.get(name)
        if module is None:
            continue
        if hasattr(module, "_"):
            module._ = i18n._  # type: ignore[attr-defined]  # Click's own gettext name
        if hasattr(module, "ngettext"):
            module.ngettext = i18n.ngettext  # type: ignore[attr-defined]  # as above


_ORIGINAL = "_add_english"


def _swap(obj: Any, attribute: str) -> None:
    originals: dict[str, Any] = obj.__dict__.setdefault(_ORIGINAL, {})
    if attribute not in originals:
        originals[attribute] = getattr(obj, attribute, None)
    english = originals[attribute]
    if isinstance(english, str) and english:
        setattr(obj, attribute, i18n._(english))


USAGE_METAVARS = {
    "[OPTIONS]": i18n.N_("[OPTIONS]"),
    "COMMAND [ARGS]...": i18n.N_("COMMAND [ARGS]..."),
}
"""Click's placeholders in a usage line (`options_metavar`, `subcommand_metavar`)."""


def localize(command: Any) -> None:
    """Help texts of `command`, its parameters and sub-commands in the language spoken now."""
    for attribute in ("help", "short_help", "epilog"):
        _swap(command, attribute)
    for attribute in ("options_metavar", "subcommand_metavar"):
        if getattr(command, attribute, None) in USAGE_METAVARS or attribute in command.__dict__.get(
            _ORIGINAL, {}
        ):
            _swap(command, attribute)
    for param in getattr(command, "params", ()):
        _swap(param, "help")
    commands = getattr(command, "commands", {})
    # Commands built later are localized as they are built (`errors.AddGroup`).
    for sub in commands.loaded() if isinstance(commands, LazyCommands) else commands.values():
        localize(sub)


def help_texts(command: Any) -> list[str]:
    """Every English help text of `command` and below (for the catalogue)."""
    found: list[str] = []
    originals = command.__dict__.get(_ORIGINAL, {})
    for attribute in ("help", "short_help", "epilog"):
        text = originals.get(attribute, getattr(command, attribute, None))
        if isinstance(text, str) and text:
            found.append(text)
    for param in getattr(command, "params", ()):
        text = param.__dict__.get(_ORIGINAL, {}).get("help", getattr(param, "help", None))
        if isinstance(text, str) and text:
            found.append(text)
    for sub in getattr(command, "commands", {}).values():
        found += help_texts(sub)
    return found

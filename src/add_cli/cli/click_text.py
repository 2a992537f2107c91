"""Click's own words (usage lines, usage errors) in the language spoken now.

Typer 0.28's copy of Click writes "Usage: ", "Error: ", "Try ... for help." and its
usage errors ("No such option: --x", "Missing argument 'ID'.") as fixed English text, not
through gettext. `install` replaces the usage prefix and the two `show` methods with ones
that say the same through `core.i18n`: a message is matched against `TEMPLATES` (Click's
English, with `{fields}`) and rebuilt from its translation. Typer's own `_` (section
headings, "[default: ...]", "Missing command.") is pointed at `core.i18n` by `lang.adopt`.
"""

from __future__ import annotations

import re
import sys
from functools import cache
from typing import IO, Any

from add_cli.core.i18n import N_, _

TEMPLATES = (
    N_("No such option: {name}"),
    N_("No such option: {name} Did you mean {possibility}?"),
    N_("No such option: {name} (Possible options: {possibilities})"),
    N_("Missing argument {param}."),
    N_("Missing option {param}."),
    N_("Missing parameter {param}."),
    N_("Missing parameter: {param}"),
    N_("Invalid value for {param}: {message}"),
    N_("Invalid value: {message}"),
    N_("Got unexpected extra argument ({args})"),
    N_("Got unexpected extra arguments ({args})"),
    N_("No such command {name}."),
    N_("Option {name} requires an argument."),
    N_("Option {name} does not take a value."),
    N_("{value} is not a valid integer."),
    N_("{value} is not one of {choices}."),
    N_("{value} is not {choice}."),
    N_("Could not open file {name}: {message}"),
)
"""Click's usage-error messages, English, as they appear (fields in braces)."""

HELP_OPTION = N_("Show this message and exit.")
"""The help of -h/--help, which Click adds to each command when it is first asked for."""


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    out = []
    for template in TEMPLATES:
        parts = re.split(r"\{(\w+)\}", template)
        regex = "".join(
            f"(?P<{part}>.+?)" if i % 2 else re.escape(part) for i, part in enumerate(parts)
        )
        out.append((re.compile(regex + r"\Z", re.DOTALL), template))
    return tuple(out)


def translate(message: str) -> str:
    """A Click message in the language spoken now (as it is when no template fits)."""
    for pattern, template in _patterns():
        found = pattern.match(message)
        if found:
            fields = found.groupdict()
            if "message" in fields:
                fields["message"] = translate(fields["message"])
            return _(template).format(**fields)
    return _(message)


def _show_error(self: Any, file: IO[Any] | None = None) -> None:
    from typer._click.utils import echo

    file = file or sys.stderr
    color = None
    ctx = getattr(self, "ctx", None)
    if ctx is not None:
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            hint = _("Try '{command}' for help.").format(
                command=f"{ctx.command_path} {ctx.help_option_names[0]}"
            )
            hint += "\n"
        color = ctx.color
        echo(f"{ctx.get_usage()}\n{hint}", file=file, color=color)
    message = _("Error: {message}").format(message=translate(self.format_message()))
    echo(message, file=file, color=color)


def install() -> None:
    """Put the translating usage prefix and error display into Typer's Click (once)."""
    try:
        from typer._click import core, exceptions, formatting
    except ImportError:  # pragma: no cover - a Typer without its own Click
        return
    if getattr(formatting.HelpFormatter, "_add_i18n", False):
        return
    write_usage = formatting.HelpFormatter.write_usage

    def _write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        write_usage(self, prog, args, _("Usage: ") if prefix is None else prefix)

    get_help_option = core.Command.get_help_option

    def _get_help_option(self: Any, ctx: Any) -> Any:
        option = get_help_option(self, ctx)
        if option is not None:
            option.help = _(HELP_OPTION)
        return option

    # mypy forbids assigning to a class's method; patching Click's own is the point here.
    core.Command.get_help_option = _get_help_option  # type: ignore[method-assign]
    formatting.HelpFormatter.write_usage = _write_usage  # type: ignore[method-assign]
    formatting.HelpFormatter._add_i18n = True  # type: ignore[attr-defined]  # our marker
    exceptions.ClickException.show = _show_error  # type: ignore[method-assign]
    exceptions.UsageError.show = _show_error  # type: ignore[method-assign]

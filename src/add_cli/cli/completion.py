"""Shell completion from the plan: action ids, department codes, states, round dates.

Completion runs on every <TAB>, so it reads the plan cheaply: a line scan of actions.yaml and
departments.yaml (no YAML parser, no schema, no cache) and the names of progress/*.yaml. It
never fails: a plan that cannot be found or read completes nothing, and the command itself
reports the problem when it runs.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from add_cli.cli._click import Context

try:
    from typer._click.shell_completion import CompletionItem
except ImportError:  # pragma: no cover - Typer before it carried its own Click
    from click.shell_completion import CompletionItem  # type: ignore[assignment]  # same API


# Compiled where used (`re` keeps them): every command imports this module, few complete.
_ITEM = r"^(?P<indent>\s*)-\s+(?P<key>id|code):\s*(?P<value>.*?)\s*$"
_FIELD = r"^(?P<indent>\s*)(?P<key>title|name):\s*(?P<value>.*?)\s*$"
_ROUND = r"^(\d{4}-\d{2}-\d{2})\.yaml$"


def _scalar(text: str) -> str:
    """A plain or quoted YAML scalar on one line, without a trailing comment."""
    if text[:1] in "'\"":
        quote = text[0]
        end = text.find(quote, 1)
        return text[1:end] if end > 0 else text[1:]
    return text.split(" #", 1)[0].strip()


def _plan_dir(ctx: Context | None) -> Path | None:
    """The plan the command line names so far (--plan, add --plan, $ADD_PLAN), or the default."""
    from add_cli.store import paths

    given: Any = None
    while ctx is not None and given is None:
        given = ctx.params.get("plan")
        if isinstance(given, (list, tuple)):  # a repeatable --plan: the first one answers
            given = given[0] if given else None
        ctx = ctx.parent
    if given is None:
        given = os.environ.get("ADD_PLAN") or None
    return paths.locate(Path(given) if given is not None else None, Path.cwd())


def _scan(path: Path, key: str, field: str) -> list[tuple[str, str]]:
    """(value, help) of the list items `- key: value` at the outermost level of a file.

    The help is the first `field:` inside the item (an action's annex title, without its
    "ACTIE x:" prefix; a department's name).
    """
    from add_cli.core.model import strip_action_prefix  # not needed unless completing
    from add_cli.store.paths import read_regular

    try:
        text = read_regular(path).decode("utf-8", errors="replace")
    except OSError:  # missing, not a regular file, too large: nothing to offer
        return []
    found: list[tuple[int, str, str]] = []
    item_indent = -1
    item_line, field_line = re.compile(_ITEM), re.compile(_FIELD)
    for line in text.splitlines():
        item = item_line.match(line)
        if item and item["key"] == key:
            item_indent = len(item["indent"])
            found.append((item_indent, _scalar(item["value"]), ""))
            continue
        other = field_line.match(line)
        beside = other and found and not found[-1][2] and other["key"] == field
        if other and beside and len(other["indent"]) > item_indent:  # the item's first one
            text = strip_action_prefix(_scalar(other["value"]))
            found[-1] = (found[-1][0], found[-1][1], text)
    if not found:
        return []
    top = min(indent for indent, _, _ in found)
    return [(value, help) for indent, value, help in found if indent == top and value]


Pairs = list[tuple[str, str]]


def _never_fails(produce: Callable[[Context, str], Pairs]) -> Callable[[Context, str], Pairs]:
    """A Typer `autocompletion` callback: (value, help) pairs that start with `incomplete`."""

    def complete(ctx: Context, incomplete: str) -> Pairs:
        try:
            pairs = produce(ctx, incomplete)
        except Exception:  # completion must never break the shell
            return []
        folded = incomplete.casefold()
        return [(value, help) for value, help in pairs if value.casefold().startswith(folded)]

    return complete


def items(complete: Callable[[Context, str], Pairs], ctx: Context, incomplete: str) -> list[Any]:
    """The same as Click's completion items, for a parameter type's `shell_complete`."""
    return [CompletionItem(value, help=help or None) for value, help in complete(ctx, incomplete)]


def action_ids(ctx: Context, incomplete: str) -> Pairs:
    root = _plan_dir(ctx)
    return _scan(root / "actions.yaml", "id", "title") if root else []


def department_codes(ctx: Context, incomplete: str) -> Pairs:
    root = _plan_dir(ctx)
    return _scan(root / "departments.yaml", "code", "name") if root else []


def round_dates(ctx: Context, incomplete: str) -> Pairs:
    """The dates of the rounds: progress/YYYY-MM-DD.yaml, newest first."""
    root = _plan_dir(ctx)
    folder = root / "progress" if root else None
    if folder is None or not folder.is_dir():
        return []
    dates = [m[1] for p in folder.iterdir() if (m := re.match(_ROUND, p.name))]
    return [(d, "round") for d in sorted(dates, reverse=True)]


def states(ctx: Context, incomplete: str) -> Pairs:
    from add_cli.core.model import STATE_LABELS, State

    return [(s.value, STATE_LABELS.get(s, "")) for s in State]


complete_action_id = _never_fails(action_ids)
complete_department = _never_fails(department_codes)
complete_round_date = _never_fails(round_dates)
complete_state = _never_fails(states)

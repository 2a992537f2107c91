"""What the commands share: the date, the plan, the chosen actions, the output.

Nothing here prints an error or exits: a problem is an `AddError`, which the boundary
(`errors`) turns into a message and an exit code.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, cast

import typer

from add_cli.cli._click import get_current_context
from add_cli.core.errors import AddError
from add_cli.core.i18n import _
from add_cli.store import paths

if TYPE_CHECKING:
    from add_cli.checks.record import NewEntry, Recorded
    from add_cli.core.model import Action, Department, Plan
    from add_cli.core.query import LateKind, LateLine, Role, Row


def today(day: dt.date | None) -> dt.date:
    """--as-of / --date, or today. The clock is read here and nowhere below the cli."""
    return dt.date.today() if day is None else day


def chosen_plan(plan: Path | None) -> Path | None:
    """The command's --plan; else the app's (`add --plan DIR COMMAND`, or ADD_PLAN)."""
    if plan is not None:
        return plan
    ctx = get_current_context(silent=True)
    while ctx is not None:
        if isinstance(ctx.obj, dict) and ctx.obj.get("plan") is not None:
            found: Path = ctx.obj["plan"]
            return found
        ctx = ctx.parent
    return None


def plan_root(plan: Path | None) -> Path:
    return paths.locate(chosen_plan(plan), Path.cwd())


def writable_root(plan: Path | None) -> Path:
    """The plan directory for a command that writes; never the installed package's copy."""
    root = plan_root(plan)
    if paths.is_packaged(root):
        raise AddError(
            "read-only",
            _(
                "the plan shipped inside the installed package is read-only; "
                "run from a checkout with ./plan, or pass --plan DIR (or set ADD_PLAN)"
            ),
        )
    return root


def load_plan(plan: Path | None, held: bool = False) -> Plan:
    """The plan for a read command (see `checks.loaded.plan_for_reading`; `held`: the
    command writes its answer through `output_to(..., held=True)`)."""
    from add_cli.checks.loaded import plan_for_reading

    return plan_for_reading(plan_root(plan), held)


def find_action(plan: Plan, action_id: str) -> Action:
    """The action with this id, or an AddError suggesting the closest ids."""
    action = plan.action(action_id)
    if action is None:
        from add_cli.core.detail import suggestions

        close = suggestions(plan, action_id)
        hint = _("; did you mean {ids}?").format(ids=_(" or ").join(close)) if close else ""
        raise AddError(
            "unknown-action",
            _("no action {id}{hint} (`add status` lists them all)").format(
                id=repr(action_id), hint=hint
            ),
        )
    return action


def write_output(output: Path, data: bytes) -> None:
    """Write `-o FILE` (see `store.output.write_file`) and say so on stderr."""
    from add_cli.store.output import write_file

    write_file(output, data)
    typer.echo(_("wrote {path}").format(path=output), err=True)


@contextmanager
def output_to(output: Path | None, held: bool = False) -> Iterator[TextIO]:
    """Where a command writes its data: stdout, or (with -o) the file, written at the end.

    Presenters decide plain text or colour by the stream; a file gets plain text.
    Nothing is written to the file when the command fails half-way. `held`: the answer
    is kept until the plan's verdict is in (`checks.loaded.settle`), and never written
    when the plan has errors: the refusal is (see `chosen_rows`).
    """
    if output is None and not held:
        yield sys.stdout
        return
    if output is None:
        gate = _Held(sys.stdout)
        yield cast(TextIO, gate)  # a text stream, as far as the presenters go
        gate.release()
        return
    buffer = io.StringIO()
    yield buffer
    if held:
        from add_cli.checks.loaded import settle

        settle()
    write_output(output, buffer.getvalue().encode("utf-8"))


class _Held:
    """stdout, held until the plan's verdict is in (`checks.loaded.settle`): what is
    written is kept until then, and passed on from then on. The verdict is looked for
    every `_LOOK` characters kept, so that little is held (a large answer's text held
    whole took 30 MB on 10,000 actions). A presenter sees a stream that is no terminal.

    Not an io.TextIOBase: that closes itself when dropped, flushing stdout at a moment
    when a failed write (a full disk) would go unreported (`cli.app.run` reports it)."""

    _LOOK = 1 << 16

    def __init__(self, target: TextIO) -> None:
        self._target = target
        self._parts: list[str] | None = []
        self._kept = 0

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def write(self, text: str) -> int:
        if self._parts is None:
            return self._target.write(text)
        self._parts.append(text)
        self._kept += len(text)
        if self._kept >= self._LOOK:
            from add_cli.checks.loaded import settled

            self._kept = 0
            if settled():
                self.release()
        return len(text)

    def release(self) -> None:
        """Wait for the verdict (AddError: the plan's refusal), then pass everything on."""
        if self._parts is None:
            return
        from add_cli.checks.loaded import settle

        settle()
        parts, self._parts = self._parts, None
        for part in parts:
            self._target.write(part)

    def flush(self) -> None:
        if self._parts is None:
            self._target.flush()


def record_entries(
    root: Path, entries: list[NewEntry], dry_run: bool, replace: bool = False
) -> Recorded:
    """Record entries as of today. A refused edit is an AddError (exit 1 with findings, else 2)."""
    from add_cli.checks.record import record

    return record(root, entries, today=today(None), dry_run=dry_run, replace=replace)


def selected_rows(
    plan: Path | None,
    as_of: dt.date | None,
    dept: str | None = None,
    line: str | None = None,
    role: Role = "lead",
) -> tuple[Plan, dt.date, list[Row]]:
    """The usual start of a read command: the date, the plan, and the chosen actions' rows."""
    from add_cli.core import query

    day = today(as_of)
    the_plan = load_plan(plan)
    check_dept(the_plan, dept)
    check_line(the_plan, line)
    selected = query.select(the_plan, dept, role, line)
    return the_plan, day, query.rows(the_plan, day, selected)


def late_lines(
    plan: Path | None,
    as_of: dt.date | None,
    dept: str | None,
    role: Role,
    kind: LateKind,
    state: str | None,
) -> tuple[dt.date, list[LateLine], bool]:
    """What `chosen_rows` and `query.overdue_rows` give for one plan without --search, as
    `LateLine`s, from the plan's facts (a warm answer never builds the plan); and whether
    their texts are free of control characters (`PlanFacts.plain_text`)."""
    from add_cli.checks.loaded import facts_for_reading

    day = today(as_of)
    facts = facts_for_reading(plan_root(plan))
    _check_dept_in(facts.departments, dept)
    return day, facts.late(day, kind, dept, role, state), facts.plain_text


def check_dept(plan: Plan, dept: str | None) -> None:
    _check_dept_in(plan.departments, dept)


def _check_dept_in(departments: Sequence[Department], dept: str | None) -> None:
    from add_cli.core.departments import Registry

    if dept is None:
        return
    registry = Registry(departments)
    if registry.resolve(dept) is None:
        raise AddError(
            "unknown-department",
            _("unknown department {code}; known: {known}").format(
                code=repr(dept), known=registry.describe_known()
            ),
        )


def check_line(plan: Plan, line: str | None) -> None:
    if line is None:
        return
    known = [x for ln in plan.lines for x in (ln.id, *(s.id for s in ln.sublines))]
    if line.strip().casefold() not in {k.casefold() for k in known}:
        raise AddError(
            "unknown-line",
            _("unknown action line {id}; known: {known}").format(
                id=repr(line), known=", ".join(known)
            ),
        )


def chosen_rows(
    plans: list[Path] | None,
    as_of: dt.date | None,
    dept: str | None = None,
    line: str | None = None,
    role: Role = "lead",
    state: str | None = None,
    search: str | None = None,
    held: bool = False,
) -> tuple[list[Plan], dt.date, list[Row]]:
    """`selected_rows` over one or more plans (`--plan` given more than once), filtered by
    --state and --search. Each plan is loaded for reading on its own
    (`checks.loaded.plan_for_reading`); a department or line must be known in one of them.

    `held`: the plans may come before their verdicts; the caller writes through
    `output_to(..., held=True)`. (An error raised before that, such as an unknown
    department, gives way to the plan's refusal: `cli.errors.boundary`.)"""
    from add_cli.core import query

    day = today(as_of)
    roots: list[Path | None] = list(plans) if plans else [None]
    loaded = [load_plan(p, held) for p in roots]
    if len(loaded) > 1:
        ids = [p.id or "" for p in loaded]
        if "" in ids or len(set(ids)) != len(ids):
            raise AddError(
                "usage",
                "plans shown together need distinct ids (plan.yaml `id`); got "
                + ", ".join(i or "(none)" for i in ids),
            )
    _check_in_any(loaded, dept, line)
    out: list[Row] = []
    for the_plan in loaded:
        if dept is not None and not _knows_dept(the_plan, dept):
            continue
        if line is not None and not _knows_line(the_plan, line):
            continue
        selected = query.select(the_plan, dept, role, line)
        out += query.filter_rows(query.rows(the_plan, day, selected), state, search)
    return loaded, day, out


def _knows_dept(plan: Plan, dept: str) -> bool:
    try:
        check_dept(plan, dept)
    except AddError:
        return False
    return True


def _knows_line(plan: Plan, line: str) -> bool:
    try:
        check_line(plan, line)
    except AddError:
        return False
    return True


def _check_in_any(plans: list[Plan], dept: str | None, line: str | None) -> None:
    """The error of the first plan when no plan knows the department (or line)."""
    if dept is not None and not any(_knows_dept(p, dept) for p in plans):
        check_dept(plans[0], dept)
    if line is not None and not any(_knows_line(p, line) for p in plans):
        check_line(plans[0], line)

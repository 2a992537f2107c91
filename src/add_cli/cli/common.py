"""What the commands share: the date, the plan, the chosen actions, writing a file, failing."""

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

from add_cli.store import paths

if TYPE_CHECKING:
    from add_cli.checks.record import NewEntry, Recorded
    from add_cli.core.model import Action, Plan, Quarter
    from add_cli.core.query import Row


def fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"add: {message}", err=True)
    raise typer.Exit(code)


def parse_day(value: str | None) -> dt.date:
    """--as-of: a date, or today. The clock is read here and nowhere in the core."""
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"--as-of {value!r} is not a date (expected YYYY-MM-DD, e.g. 2025-10-31)")


def plan_root(plan: Path | None) -> Path:
    return paths.locate(plan, Path.cwd())


def writable_root(plan: Path | None) -> Path:
    """The plan directory for a command that writes; never the installed package's copy."""
    root = plan_root(plan)
    if paths.is_packaged(root):
        fail(
            "the plan shipped inside the installed package is read-only; "
            "run from a checkout with ./plan, or pass --plan DIR (or set ADD_PLAN)"
        )
    return root


def load_plan(plan: Path | None) -> "Plan":
    """The plan for a read command (see `checks.loaded.plan_for_reading`)."""
    from add_cli.checks.loaded import plan_for_reading
    from add_cli.core.errors import AddError

    try:
        return plan_for_reading(plan_root(plan))
    except AddError as exc:  # until the one error boundary exists
        for f in exc.findings:
            typer.echo(str(f), err=True)
        fail(exc.message, int(exc.exit_code))


def find_action(plan: "Plan", action_id: str) -> "Action":
    """The action with this id, or exit 2 suggesting the closest ids."""
    action = plan.action(action_id)
    if action is None:
        from add_cli.core.detail import suggestions

        close = suggestions(plan, action_id)
        hint = f"; did you mean {' or '.join(close)}?" if close else ""
        fail(f"no action {action_id!r}{hint} (`add status` lists them all)")
    return action


def write_output(output: Path, data: bytes) -> None:
    """Write `-o FILE` (see `store.output.write_file`) and say so on stderr; a failure exits 2."""
    from add_cli.core.errors import AddError
    from add_cli.store.output import write_file

    try:
        write_file(output, data)
    except AddError as exc:
        fail(exc.message, int(exc.exit_code))
    typer.echo(f"wrote {output}", err=True)


def record_or_fail(root: Path, entries: "list[NewEntry]", dry_run: bool) -> "Recorded":
    """Record entries as of today; a refused edit prints its findings and exits 1 (2 without)."""
    from add_cli.checks.record import record
    from add_cli.core.errors import AddError

    try:
        return record(root, entries, today=dt.date.today(), dry_run=dry_run)
    except AddError as exc:
        for f in exc.findings:
            typer.echo(str(f), err=True)
        fail(exc.message, int(exc.exit_code))


def selected_rows(
    plan: Path | None,
    as_of: str | None,
    dept: str | None = None,
    line: str | None = None,
    role: str = "lead",
) -> tuple["Plan", dt.date, "list[Row]"]:
    """The usual start of a read command: the date, the plan, and the chosen actions' rows."""
    from add_cli.core import query

    day = parse_day(as_of)
    the_plan = load_plan(plan)
    check_dept(the_plan, dept)
    check_line(the_plan, line)
    selected = query.select(the_plan, dept, role, line)  # type: ignore[arg-type]
    return the_plan, day, query.rows(the_plan, day, selected)


def check_dept(plan: "Plan", dept: str | None) -> None:
    from add_cli.core.departments import Registry

    if dept is None:
        return
    registry = Registry(plan.departments)
    if registry.resolve(dept) is None:
        fail(f"unknown department {dept!r}; known: {registry.describe_known()}")


def check_line(plan: "Plan", line: str | None) -> None:
    if line is None:
        return
    known = [x for ln in plan.lines for x in (ln.id, *(s.id for s in ln.sublines))]
    if line.strip().casefold() not in {k.casefold() for k in known}:
        fail(f"unknown action line {line!r}; known: {', '.join(known)}")


def parse_quarter(value: str | None, option: str) -> "Quarter | None":
    from add_cli.core.model import Quarter

    if value is None:
        return None
    try:
        return Quarter.parse(value)
    except ValueError:
        fail(f"{option} {value!r} is not a quarter (expected YYYY-Qn, e.g. 2025-Q3)")

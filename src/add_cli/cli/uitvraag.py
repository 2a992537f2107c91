"""`add uitvraag`: the questionnaire round trip."""

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from add_cli.cli.common import (
    check_dept,
    fail,
    load_plan,
    parse_day,
    plan_root,
    record_or_fail,
    writable_root,
)
from add_cli.cli.options import (
    AsOfOption,
    DryRunOption,
    EntryDateOption,
    PlanOption,
)
from add_cli.store import paths

if TYPE_CHECKING:
    from add_cli.core.errors import AddError

MAX_PROBLEMS = 50
"""Problem lines printed before the rest are only counted (until the cli's one error
boundary does this for every command)."""

uitvraag_app = typer.Typer(
    help="Collect updates from departments through an Excel questionnaire.",
    no_args_is_help=True,
)


def _fail_with(exc: "AddError", tail: str = "") -> NoReturn:
    if len(exc.findings) == 1 and exc.findings[0].sheet == "":
        # The file as a whole is not a questionnaire: one line says what it is.
        typer.echo(str(exc.findings[0]), err=True)
        raise typer.Exit(int(exc.exit_code))
    for finding in exc.findings[:MAX_PROBLEMS]:
        typer.echo(str(finding), err=True)
    if len(exc.findings) > MAX_PROBLEMS:
        typer.echo(f"... and {len(exc.findings) - MAX_PROBLEMS} more problems", err=True)
    fail(exc.message + tail, int(exc.exit_code))


@uitvraag_app.command("export")
def uitvraag_export(
    dept: Annotated[str, typer.Option("--dept", help="The department to ask (EZ = EZK).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The .xlsx file to write.")],
    as_of: AsOfOption = None,
    plan: PlanOption = None,
) -> None:
    """Write a questionnaire workbook for one department: its actions, as lead and partner.

    The plan records what was sent (questionnaires/<as-of>-<DEPT>.yaml, with a key the
    workbook carries), so the plan folder must be writable. Exporting again for the same
    date and department replaces the record: only the newest workbook can be imported.
    """
    from add_cli.present.questionnaire import build, prepare
    from add_cli.present.workbook import CONTROL_MARKER_NOTE
    from add_cli.store import questionnaires
    from add_cli.store.atomic import write_bytes

    day = parse_day(as_of)
    root = writable_root(plan)
    the_plan = load_plan(plan)
    check_dept(the_plan, dept)
    sent = prepare(the_plan, dept, day, dt.date.today())
    built = build(the_plan, sent)
    record = root / questionnaires.FOLDER / sent.file_name
    try:
        previous = record.read_bytes() if record.is_file() else None
        questionnaires.write(root, sent)
    except OSError as exc:
        fail(f"cannot write the questionnaire record {record}: {exc.strerror or exc}")
    try:
        write_bytes(output, built.data)
    except OSError as exc:
        # Without the workbook the new key is useless: put the old record back.
        try:
            if previous is None:
                record.unlink()
            else:
                write_bytes(record, previous)
        except OSError:
            pass
        fail(f"cannot write {output}: {exc.strerror or exc}")
    shown = paths.display_path(record, Path.cwd())
    typer.echo(f"wrote {output} (recorded as sent in {shown})", err=True)
    if built.marked:
        typer.echo(
            f"{built.marked} plan texts contain control characters; in the workbook "
            f"{CONTROL_MARKER_NOTE}",
            err=True,
        )


@uitvraag_app.command("import")
def uitvraag_import(
    file: Annotated[Path, typer.Argument(help="The filled-in questionnaire (.xlsx).")],
    date: EntryDateOption = None,
    dry_run: DryRunOption = False,
    plan: PlanOption = None,
) -> None:
    """Read the answers back and record them all in one atomic write.

    The workbook must be the newest questionnaire exported from this plan for its
    department and date; answers count only on the rows it was sent with. Every answer
    is checked first; any problem is reported by sheet, row and column, and then
    nothing is written. Rows without an answer are skipped, and entries already
    recorded are not recorded twice.
    """
    from add_cli.checks.answers import read
    from add_cli.core.errors import AddError
    from add_cli.present.terminal import Column, print_table

    day = parse_day(date)
    root = writable_root(plan) if not dry_run else plan_root(plan)
    the_plan = load_plan(plan)
    if not file.is_file():
        fail(f"{file}: no such file")
    try:
        questionnaire = read(file, root, the_plan, day)
    except AddError as exc:
        _fail_with(exc, "; nothing was recorded")
    answers = questionnaire.answers
    typer.echo(
        f"{file.name}: {questionnaire.dept}, asked as of {questionnaire.as_of}: "
        f"{len(answers)} answers in {questionnaire.rows} rows",
        err=True,
    )
    if not answers:
        return
    done = record_or_fail(root, [a.entry for a in answers], dry_run)
    rows = [[e.action, e.state.value, str(e.expected or ""), e.text] for e in done.added]
    if rows:
        verb = "Would record" if dry_run else "Recorded"
        shown = paths.display_path(done.path, Path.cwd())
        print_table(
            [Column("Id"), Column("State"), Column("Expected"), Column("Text", flex=True)],
            rows,
            title=f"{verb} {len(rows)} entries dated {day} in {shown}",
        )
    if done.skipped:
        typer.echo(f"{len(done.skipped)} answers were already recorded; skipped", err=True)

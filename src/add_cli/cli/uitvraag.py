"""`add uitvraag`: the questionnaire round trip."""

from pathlib import Path
from typing import Annotated

import typer

from add_cli.cli.common import (
    check_dept,
    load_plan,
    plan_root,
    record_entries,
    today,
    writable_root,
    write_output,
)
from add_cli.cli.options import AsOfOption, DryRunOption, EntryDateOption, PlanOption
from add_cli.core.errors import AddError
from add_cli.store import paths

uitvraag_app = typer.Typer(
    help="Collect updates from departments through an Excel questionnaire.",
    no_args_is_help=True,
)


def _refused(exc: AddError, file: Path) -> AddError:
    """The reader's refusal, saying that nothing was recorded.

    A file that is not a questionnaire at all has one finding for the whole file: that
    one line is the message, so the user reads one clear line.
    """
    if len(exc.findings) == 1 and exc.findings[0].sheet == "":
        return AddError(exc.code, str(exc.findings[0]), (), exc.exit_code)
    message = f"{exc.message}; nothing was recorded"
    return AddError(exc.code, message, exc.findings, exc.exit_code)


@uitvraag_app.command("export")
def uitvraag_export(
    dept: Annotated[str, typer.Option("--dept", help="The department to ask (EZ = EZK).")],
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="The file to write: .xlsx, or .ods (OpenDocument) by its name."
        ),
    ],
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

    day = today(as_of)
    root = writable_root(plan)
    the_plan = load_plan(plan)
    check_dept(the_plan, dept)
    sent = prepare(the_plan, dept, day, today(None))
    if output.suffix.lower() == ".ods":
        from add_cli.present import questionnaire_ods

        built = questionnaire_ods.write(the_plan, sent)
    else:
        built = build(the_plan, sent)
    record = root / questionnaires.FOLDER / sent.file_name
    try:
        previous = record.read_bytes() if record.is_file() else None
    except OSError as exc:
        raise AddError("write-failed", f"cannot read {record}: {exc.strerror or exc}") from None
    questionnaires.write(root, sent)
    try:
        write_output(output, built.data)
    except AddError:
        # Without the workbook the new key is useless: put the old record back.
        try:
            if previous is None:
                record.unlink()
            else:
                write_bytes(record, previous)
        except (OSError, AddError):
            pass
        raise
    shown = paths.display_path(record, Path.cwd())
    typer.echo(f"recorded as sent in {shown}", err=True)
    if built.marked:
        typer.echo(
            f"{built.marked} plan texts contain control characters; in the workbook "
            f"{CONTROL_MARKER_NOTE}",
            err=True,
        )


@uitvraag_app.command("import")
def uitvraag_import(
    file: Annotated[
        Path, typer.Argument(help="The filled-in questionnaire (.xlsx, or .ods by its name).")
    ],
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
    from add_cli.present.terminal import Column, print_table

    day = today(date)
    root = writable_root(plan) if not dry_run else plan_root(plan)
    the_plan = load_plan(plan)
    if not file.is_file():
        raise AddError("usage", f"{file}: no such file")
    try:
        questionnaire = read(file, root, the_plan, day)
    except AddError as exc:
        raise _refused(exc, file) from None
    answers = questionnaire.answers
    typer.echo(
        f"{file.name}: {questionnaire.dept}, asked as of {questionnaire.as_of}: "
        f"{len(answers)} answers in {questionnaire.rows} rows",
        err=True,
    )
    if not answers:
        return
    done = record_entries(root, [a.entry for a in answers], dry_run)
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

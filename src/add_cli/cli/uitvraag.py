"""`add uitvraag`: the questionnaire round trip."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

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

if TYPE_CHECKING:
    import datetime as dt

    from add_cli.core.model import Plan
    from add_cli.present.questionnaire import Questionnaire

uitvraag_app = typer.Typer(
    help="Collect updates from departments through an Excel questionnaire.",
    no_args_is_help=True,
)


@uitvraag_app.command("export")
def uitvraag_export(
    dept: Annotated[str, typer.Option("--dept", help="The department to ask (EZ = EZK).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The .xlsx file to write.")],
    as_of: AsOfOption = None,
    plan: PlanOption = None,
) -> None:
    """Write a questionnaire workbook for one department: its actions, as lead and partner."""
    from add_cli.present.questionnaire import build

    day = today(as_of)
    the_plan = load_plan(plan)
    check_dept(the_plan, dept)
    write_output(output, build(the_plan, dept, day))


@uitvraag_app.command("import")
def uitvraag_import(
    file: Annotated[Path, typer.Argument(help="The filled-in questionnaire (.xlsx).")],
    date: EntryDateOption = None,
    dry_run: DryRunOption = False,
    plan: PlanOption = None,
) -> None:
    """Read the answers back and record them all in one atomic write.

    Every answer is checked first; any problem is reported by sheet, row and column,
    and then nothing is written. Rows without an answer are skipped, and entries
    already recorded are not recorded twice.
    """
    from add_cli.present.terminal import Column, print_table

    day = today(date)
    root = writable_root(plan) if not dry_run else plan_root(plan)
    the_plan = load_plan(plan)
    if not file.is_file():
        raise AddError("usage", f"{file}: no such file")
    questionnaire = _read(file, the_plan, day)
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


def _read(file: Path, plan: "Plan", day: "dt.date") -> "Questionnaire":
    """The questionnaire's answers; a refused workbook is an AddError saying nothing was recorded.

    The reader's problems (sheet, row, column) come as the error's findings, or, from a
    reader that predates AddError, as its `problems`, printed here before the message.
    """
    from add_cli.present import questionnaire as reader

    legacy = getattr(reader, "UitvraagError", None)
    refused = f"{file.name}: nothing was recorded"
    try:
        return reader.read(file, plan, day)
    except AddError as exc:
        if "nothing was recorded" in exc.message:
            raise
        message = f"{exc.message}; {refused}"
        raise AddError(exc.code, message, exc.findings, exc.exit_code) from None
    except Exception as exc:
        if legacy is None or not isinstance(exc, legacy):
            raise
        for problem in getattr(exc, "problems", ()):
            typer.echo(problem, err=True)
        raise AddError("questionnaire", refused) from None

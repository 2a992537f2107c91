"""`add uitvraag`: the questionnaire round trip."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from add_cli.store import paths

if TYPE_CHECKING:
    pass

from add_cli.cli.common import (
    check_dept,
    fail,
    load_plan,
    parse_day,
    plan_root,
    record_or_fail,
    writable_root,
    write_output,
)
from add_cli.cli.options import (
    AsOfOption,
    DryRunOption,
    EntryDateOption,
    PlanOption,
)

# ------------------------------------------------------------------ uitvraag

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

    day = parse_day(as_of)
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
    from add_cli.present.questionnaire import UitvraagError, read
    from add_cli.present.terminal import Column, print_table

    day = parse_day(date)
    root = writable_root(plan) if not dry_run else plan_root(plan)
    the_plan = load_plan(plan)
    if not file.is_file():
        fail(f"{file}: no such file")
    try:
        questionnaire = read(file, the_plan, day)
    except UitvraagError as exc:
        for problem in exc.problems:
            typer.echo(problem, err=True)
        fail(f"{file.name}: nothing was recorded")
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

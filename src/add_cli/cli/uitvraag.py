"""`add uitvraag`: the reporting round: open it, send questionnaires, read the answers
back, see who has answered (DOMAIN.md: Reporting round)."""

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from add_cli.checks.rounds import (
    current_codes,
    latest_round,
    questionnaire_paths,
    refusal,
    refused,
    round_of,
)
from add_cli.cli.common import (
    check_dept,
    load_plan,
    plan_root,
    record_entries,
    today,
    writable_root,
)
from add_cli.cli.completion import complete_department
from add_cli.cli.options import AsOfOption, DryRunOption, PlanOption, RoleChoice
from add_cli.cli.params import DATE
from add_cli.core.errors import AddError, ExitCode
from add_cli.core.i18n import _
from add_cli.store import paths

if TYPE_CHECKING:
    from add_cli.checks.answers import Questionnaire
    from add_cli.core.model import Plan
    from add_cli.core.query import Role

uitvraag_app = typer.Typer(
    help="Reporting rounds: open one, send Excel questionnaires, import the answers, "
    "see who has answered.",
    no_args_is_help=True,
)


RoundOption = Annotated[
    dt.date | None,
    typer.Option(
        "--round",
        click_type=DATE,
        metavar="DATE",
        help="The round (its date, YYYY-MM-DD).",
        show_default=False,
    ),
]
ReplaceOption = Annotated[
    bool,
    typer.Option(
        "--replace",
        help="Correct earlier answers: replace a department's entry for the same action and date.",
    ),
]


@uitvraag_app.command("open")
def uitvraag_open(
    date: Annotated[
        dt.date, typer.Argument(click_type=DATE, metavar="DATE", help="The round's date.")
    ],
    title: Annotated[str, typer.Option("--title", help="The title of the round's report.")],
    due: Annotated[
        dt.date,
        typer.Option("--due", click_type=DATE, help="The due date for the answers, YYYY-MM-DD."),
    ],
    dept: Annotated[
        list[str] | None,
        typer.Option(
            "--dept",
            metavar="CODE",
            help="A department to ask (repeat the option). Default: every department that "
            "leads or joins an action.",
        ),
    ] = None,
    dry_run: DryRunOption = False,
    plan: PlanOption = None,
) -> None:
    """Open a round: create progress/DATE.yaml with its title, date, due date and the
    departments asked. The file is validated and written like every edit; a round that
    exists is refused. The date may lie ahead: answers come in before it."""
    from add_cli.checks.record import open_round
    from add_cli.core.rounds import default_asked

    root = writable_root(plan) if not dry_run else plan_root(plan)
    the_plan = load_plan(plan)
    for code in dept or ():
        check_dept(the_plan, code)
    asked = current_codes(the_plan, dept) if dept else list(default_asked(the_plan))
    if not asked:
        raise AddError("usage", _("no department to ask: the plan's actions name none"))
    target = open_round(root, date, title=title, due=due, asked=asked, dry_run=dry_run)
    verb = _("would open") if dry_run else _("opened")
    shown = paths.display_path(target, Path.cwd())
    typer.echo(
        _("{verb} round {date} in {path}: due {due}; asked {asked}").format(
            verb=verb, date=date, path=shown, due=due, asked=", ".join(asked)
        )
    )


@uitvraag_app.command("export")
def uitvraag_export(
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="The file to write: .xlsx, or .ods (OpenDocument) by its name; "
            "with --round alone, a folder.",
        ),
    ],
    dept: Annotated[
        str | None,
        typer.Option(
            "--dept", help="The department to ask (EZ = EZK).", autocompletion=complete_department
        ),
    ] = None,
    role: Annotated[
        RoleChoice,
        typer.Option(
            "--role",
            help="The actions it leads, joins as partner, or either (the default).",
        ),
    ] = RoleChoice.any,
    round_: RoundOption = None,
    as_of: AsOfOption = None,
    plan: PlanOption = None,
) -> None:
    """Write questionnaire workbooks: their actions as lead and partner, prefilled with
    the latest state and text, with since when each late one is late.

    With --round DATE: one per department the round asked, DIR/uitvraag-DATE-CODE.xlsx,
    as of the round's date; with --dept too, only that department's (-o FILE). With
    --dept alone: one, as of --as-of. The plan records what was sent
    (questionnaires/<date>-<DEPT>.yaml, with a key the workbook carries), so the plan
    folder must be writable. Exporting again for the same date and department replaces
    the record: only the newest workbook can be imported.
    """
    root = writable_root(plan)
    the_plan = load_plan(plan)
    if round_ is None and dept is None:
        raise AddError("usage", _("give --dept CODE, --round DATE, or both"))
    if round_ is not None and as_of is not None:
        raise AddError("usage", _("--as-of goes with --dept alone; a round's date is its own"))
    if round_ is None:
        assert dept is not None
        check_dept(the_plan, dept)
        _export_one(root, the_plan, dept, today(as_of), output, role.value)
        return
    report = round_of(the_plan, round_)
    if dept is not None:
        check_dept(the_plan, dept)
        _export_one(root, the_plan, dept, report.date, output, role.value)
        return
    from add_cli.core.rounds import default_asked

    if output.exists() and not output.is_dir():
        raise AddError(
            "usage", _("{path}: with --round alone, -o names a folder").format(path=output)
        )
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AddError(
            "write-failed",
            _("cannot make {path}: {why}").format(path=output, why=exc.strerror or exc),
        ) from None
    for code in report.asked or default_asked(the_plan):
        target = output / f"uitvraag-{report.date.isoformat()}-{code}.xlsx"
        _export_one(root, the_plan, code, report.date, target, role.value)


def _export_one(
    root: Path, the_plan: "Plan", dept: str, day: dt.date, output: Path, role: "Role" = "any"
) -> None:
    """One department's questionnaire as of `day`, and its record in the plan."""
    from add_cli.checks.rounds import send
    from add_cli.present.questionnaire import build, prepare
    from add_cli.present.workbook import CONTROL_MARKER_NOTE

    sent = prepare(the_plan, dept, day, today(None), role)
    if output.suffix.lower() == ".ods":
        from add_cli.present import questionnaire_ods

        built = questionnaire_ods.write(the_plan, sent)
    else:
        built = build(the_plan, sent)
    record = send(root, sent, output, built.data)
    typer.echo(_("wrote {path}").format(path=output), err=True)
    shown = paths.display_path(record, Path.cwd())
    typer.echo(
        _("recorded as sent in {path} ({n} actions)").format(path=shown, n=len(sent.actions)),
        err=True,
    )
    if built.marked:
        typer.echo(
            _("{n} plan texts contain control characters; in the workbook {note}").format(
                n=built.marked, note=CONTROL_MARKER_NOTE
            ),
            err=True,
        )


@uitvraag_app.command("import")
def uitvraag_import(
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE|DIR...",
            help="Filled-in questionnaires (.xlsx or .ods), or folders of them.",
        ),
    ],
    date: Annotated[
        dt.date | None,
        typer.Option(
            "--date",
            click_type=DATE,
            help="Date the answers, YYYY-MM-DD. Default: the questionnaire's date (its round).",
            show_default=False,
        ),
    ] = None,
    replace: ReplaceOption = False,
    dry_run: DryRunOption = False,
    plan: PlanOption = None,
) -> None:
    """Read the answers back and record each file's in its round, in one atomic write
    per file, with reported_by (the department) and source (the file name).

    Each workbook must be the newest questionnaire exported from this plan for its
    department and date; answers count only on the rows it was sent with. Every file is
    checked completely before anything is written; a file with a problem is reported by
    sheet, row and column and recorded not at all, and the others still go in. Rows
    without an answer are skipped, and answers already recorded are not recorded twice.
    """
    from add_cli.checks.answers import read

    root = writable_root(plan) if not dry_run else plan_root(plan)
    the_plan = load_plan(plan)
    paths_ = questionnaire_paths(files)
    failures: list[tuple[Path, AddError]] = []
    good: list[tuple[Path, Questionnaire]] = []
    for file in paths_:
        try:
            good.append((file, read(file, root, the_plan, date)))
        except AddError as exc:
            failures.append((file, refused(exc)))
    for file, questionnaire in good:
        try:
            _record_one(root, file, questionnaire, dry_run, replace)
        except AddError as exc:
            failures.append(
                (
                    file,
                    AddError(exc.code, f"{file.name}: {exc.message}", exc.findings, exc.exit_code),
                )
            )
    if failures:
        raise refusal(failures, len(paths_))


def _record_one(
    root: Path, file: Path, questionnaire: "Questionnaire", dry_run: bool, replace: bool
) -> None:
    from add_cli.present.rounds import print_recorded

    answers = questionnaire.answers
    typer.echo(
        _("{file}: {dept}, asked as of {date}: {n} answers in {rows} rows").format(
            file=file.name,
            dept=questionnaire.dept,
            date=questionnaire.as_of,
            n=len(answers),
            rows=questionnaire.rows,
        ),
        err=True,
    )
    if not answers:
        return
    done = record_entries(root, [a.entry for a in answers], dry_run, replace)
    print_recorded(done, questionnaire.dept, questionnaire.day, dry_run)
    if done.replaced:
        typer.echo(_("{n} earlier answers were replaced").format(n=len(done.replaced)), err=True)
    if done.skipped:
        typer.echo(
            _("{n} answers were already recorded; skipped").format(n=len(done.skipped)), err=True
        )


@uitvraag_app.command("status")
def uitvraag_status(
    round_: RoundOption = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table (for people) or json.")] = (
        "table"
    ),
    fail: Annotated[bool, typer.Option("--fail", help="Exit 1 while answers are missing.")] = False,
    plan: PlanOption = None,
) -> None:
    """Who has answered: per department the actions asked, answered and still open, and
    whether the due date has passed (today is after it); then the conflicts (a partner's
    answer whose state differs from the lead's: the lead's counts, the partner's is only
    shown). Default: the latest round in the plan."""
    import sys

    from add_cli.core.rounds import round_status
    from add_cli.present.rounds import write_round_status

    if format not in ("table", "json"):
        raise AddError(
            "usage", _("--format {value}: choose table or json").format(value=repr(format))
        )
    the_plan = load_plan(plan)
    report = round_of(the_plan, round_) if round_ is not None else latest_round(the_plan)
    status = round_status(the_plan, report, today(None))
    write_round_status(status, format, sys.stdout)
    if fail and status.missing:
        raise typer.Exit(int(ExitCode.FOUND))

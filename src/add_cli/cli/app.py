"""The `add` command line: parse options, call the core, print, exit.

Exit codes: 0 clean; 1 the command found what it looks for (validation errors,
overdue actions with --fail); 2 usage errors and plans that cannot be loaded.
"""

import datetime as dt
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from add_cli.store import paths

if TYPE_CHECKING:
    from add_cli.checks.record import NewEntry, Recorded
    from add_cli.core.model import Action, Plan, Quarter
    from add_cli.core.query import Row

app = typer.Typer(
    name="add",
    help="Keep the Actieplan Duurzame Digitalisering as versioned YAML and ask it questions.",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

PlanOption = Annotated[
    Path | None,
    typer.Option(
        "--plan",
        envvar="ADD_PLAN",
        help="Plan directory. Default: ./plan when it exists, else the plan shipped with add.",
        show_default=False,
    ),
]
OutOption = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", help="File to write (atomically). md and csv go to stdout without it."
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of", help="Date to report on, YYYY-MM-DD. Default: today.", show_default=False
    ),
]


DeptOption = Annotated[
    str | None, typer.Option("--dept", help="Only actions this department leads (EZ = EZK).")
]
EntryDateOption = Annotated[
    str | None,
    typer.Option(
        "--date", help="Date of the entries, YYYY-MM-DD. Default: today.", show_default=False
    ),
]
DryRunOption = Annotated[bool, typer.Option("--dry-run", help="Check and show; write nothing.")]
LineOption = Annotated[
    str | None,
    typer.Option("--line", help="Only one action line (1, 2, 3) or sub-line (1a ... 3c)."),
]


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    md = "md"


class TextFormat(StrEnum):
    text = "text"
    json = "json"


class RoleChoice(StrEnum):
    lead = "lead"
    partner = "partner"
    any = "any"


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
    """Load the plan for a read command (from the cache when the files are unchanged).

    A plan that cannot be loaded exits 2.
    """
    from add_cli.store.cache import load_plan as cached

    the_plan, result = cached(plan_root(plan), Path.cwd())
    if the_plan is None:
        for f in (result.load_errors or result.structural) if result else []:
            typer.echo(str(f), err=True)
        fail("the plan cannot be loaded; run `add validate` for every problem")
    return the_plan


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
    """Write a file atomically and say so on stderr; a failure exits 2."""
    from add_cli.store.atomic import write_bytes

    try:
        write_bytes(output, data)
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")
    typer.echo(f"wrote {output}", err=True)


def record_or_fail(root: Path, entries: "list[NewEntry]", dry_run: bool) -> "Recorded":
    """Record entries; a refused edit prints its findings and exits 1 (2 without findings)."""
    from add_cli.checks.record import EditError, record

    try:
        return record(root, entries, dry_run=dry_run)
    except EditError as exc:
        for f in exc.findings:
            typer.echo(str(f), err=True)
        fail(str(exc), 1 if exc.findings else 2)


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


# ------------------------------------------------------------------ validate


@app.command()
def validate(
    plan: PlanOption = None,
    format: Annotated[
        TextFormat, typer.Option("--format", "-f", help="text (one finding per line) or json.")
    ] = TextFormat.text,
) -> None:
    """Check the plan files: schema, ids, departments, periods, references, dates.

    Prints every finding at once as `path:line:col: severity CODE [action] message`.
    Exit 0 without errors (warnings allowed), 1 with errors, 2 when a file cannot be loaded.
    """
    from add_cli.checks.validate import check
    from add_cli.present.terminal import to_json

    root = plan_root(plan)
    result, report = check(root)
    code = 2 if result.load_errors else (1 if report.errors else 0)
    if format is TextFormat.json:
        sys.stdout.write(
            to_json(
                {
                    "plan": paths.display_path(root, Path.cwd()),
                    "valid": code == 0,
                    "loadable": not result.load_errors,
                    "errors": report.errors,
                    "warnings": report.warnings,
                    "actions": report.actions,
                    "progress_entries": report.entries,
                    "findings": [f.as_dict() for f in report.findings],
                }
            )
        )
    else:
        for f in report.findings:
            typer.echo(str(f))
        where = paths.display_path(root, Path.cwd())
        if result.load_errors:
            summary = f"{where}: cannot be loaded ({report.errors} errors)"
        else:
            summary = (
                f"{where}: {report.files} files, {report.actions} actions, "
                f"{report.entries} progress entries: {report.errors} errors, "
                f"{report.warnings} warnings"
            )
        typer.echo(summary, err=True)
    raise typer.Exit(code)


# ------------------------------------------------------------------ status


def _late_marker(quarters: int) -> str:
    return f"LATE +{quarters}Q" if quarters else ""


@app.command()
def status(
    plan: PlanOption = None,
    as_of: AsOfOption = None,
    dept: DeptOption = None,
    line: LineOption = None,
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
) -> None:
    """Where the plan stands as of a date: per action line, then per action."""
    the_plan, day, rows = selected_rows(plan, as_of, dept, line)
    if format is Format.table:
        _print_status(the_plan, rows, day, dept, line)
    else:
        _write_rows(rows, format)


def _write_rows(rows: "list[Row]", format: Format) -> None:
    """Rows for scripts: JSON (the documented shape), CSV or Markdown."""
    from add_cli.present.terminal import to_csv, to_json, to_markdown

    if format is Format.json:
        sys.stdout.write(to_json([r.as_json() for r in rows]))
        return

    headers = [
        "id",
        "title",
        "lead",
        "partners",
        "period",
        "start",
        "end",
        "deadline",
        "state",
        "overdue",
        "quarters_late",
        "expected",
        "latest_progress",
    ]
    table = []
    for r in rows:
        data = r.as_json()
        data["partners"] = ", ".join(data["partners"])
        data["overdue"] = "yes" if data["overdue"] else "no"
        table.append(["" if data[h] is None else str(data[h]) for h in headers])
    out = to_csv(headers, table) if format is Format.csv else to_markdown(headers, table)
    sys.stdout.write(out)


def _print_status(
    plan: "Plan", rows: "list[Row]", day: dt.date, dept: str | None, line: str | None
) -> None:
    from add_cli.core import query
    from add_cli.present.terminal import Column, bar, plain_output, print_table

    plain = plain_output()
    scope = []
    if dept:
        scope.append(f"department {dept}")
    if line:
        scope.append(f"line {line}")
    title = f"{plan.title}: status as of {day.isoformat()}" + (
        f" ({', '.join(scope)})" if scope else ""
    )
    tallies = query.summarise(plan, rows)
    states = query.state_names()
    short = {
        "finished": "done",
        "on_schedule": "sched",
        "in_progress": "runs",
        "expected": "later",
        "unclear": "uncl",
        "not_reported": "n/r",
    }
    legend = "; ".join(f"{short[s]} = {query.STATE_TEXT[s]}" for s in states)
    columns = [Column("Line"), Column("Title", flex=True)]
    columns += [Column(short[s], align="right") for s in states]
    columns += [Column("Finished"), Column("Late", align="right")]
    table = []
    for t in tallies:
        indent = "" if t.key in {ln.id for ln in plan.lines} or t.key == "total" else "  "
        table.append(
            [indent + t.key, t.title]
            + [str(t.states.get(s, 0)) for s in states]
            + [f"{bar(t.finished, t.total, 8, plain)} {t.finished}/{t.total}", str(t.overdue)]
        )
    print_table(columns, table, title=title, note=legend)
    if not rows:
        typer.echo("No actions match.")
        return
    columns = [
        Column("Id"),
        Column("Title", flex=True),
        Column("Lead"),
        Column("Period"),
        Column("State"),
        Column("Overdue"),
        Column("Expected"),
    ]
    table = []
    for row in rows:
        table.append(
            [
                row.action.id,
                row.action.title,
                row.action.annex.lead,
                row.action.period.raw,
                query.STATE_TEXT[row.state_name],
                _late_marker(row.quarters_late),
                str(row.expected or ""),
            ]
        )
    typer.echo("")
    print_table(columns, table)


# ------------------------------------------------------------------ overdue


@app.command()
def overdue(
    plan: PlanOption = None,
    dept: Annotated[
        str | None,
        typer.Option("--dept", help="Only this department's actions (EZ = EZK, BZ = BuZa)."),
    ] = None,
    role: Annotated[
        RoleChoice,
        typer.Option("--role", help="With --dept: actions it leads, joins as partner, or either."),
    ] = RoleChoice.lead,
    as_of: AsOfOption = None,
    fail_: Annotated[
        bool, typer.Option("--fail", help="Exit 1 when any action is overdue (for CI).")
    ] = False,
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
) -> None:
    """Actions past their annex end quarter and not finished, the most overdue first."""
    from add_cli.core import query

    _plan, day, rows = selected_rows(plan, as_of, dept, role=role.value)
    late = query.overdue_rows(rows)
    if format is Format.table:
        _print_overdue(late, day, dept, role.value)
    else:
        _write_rows(late, format)
    if fail_ and late:
        raise typer.Exit(1)


def _print_overdue(rows: "list[Row]", day: dt.date, dept: str | None, role: str) -> None:
    from add_cli.core import query
    from add_cli.present.terminal import Column, print_table

    scope = f" for {dept} ({role})" if dept else ""
    if not rows:
        typer.echo(f"No overdue actions{scope} as of {day.isoformat()}.")
        return
    columns = [
        Column("Id"),
        Column("Title", flex=True),
        Column("Lead"),
        Column("End"),
        Column("Late", align="right"),
        Column("State"),
        Column("Expected"),
        Column("Latest progress", flex=True),
    ]
    table = [
        [
            r.action.id,
            r.action.title,
            r.action.annex.lead,
            str(r.action.period.end or ""),
            f"{r.quarters_late}Q",
            query.STATE_TEXT[r.state_name],
            str(r.expected or ""),
            r.entry.text if r.entry else "",
        ]
        for r in rows
    ]
    title = f"{len(rows)} overdue action{'s' if len(rows) != 1 else ''}{scope} as of {day}"
    print_table(columns, table, title=title)


# ------------------------------------------------------------------ timeline


class ChartFormat(StrEnum):
    table = "table"
    mermaid = "mermaid"
    svg = "svg"
    html = "html"


def parse_quarter(value: str | None, option: str) -> "Quarter | None":
    from add_cli.core.model import Quarter

    if value is None:
        return None
    try:
        return Quarter.parse(value)
    except ValueError:
        fail(f"{option} {value!r} is not a quarter (expected YYYY-Qn, e.g. 2025-Q3)")


@app.command()
def timeline(
    plan: PlanOption = None,
    as_of: AsOfOption = None,
    dept: DeptOption = None,
    line: LineOption = None,
    start: Annotated[
        str | None, typer.Option("--from", help="First quarter shown, YYYY-Qn.", show_default=False)
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Last quarter shown, YYYY-Qn.", show_default=False)
    ] = None,
    format: Annotated[
        ChartFormat,
        typer.Option("--format", "-f", help="table (terminal), mermaid, svg or html."),
    ] = ChartFormat.table,
    output: OutOption = None,
) -> None:
    """What runs when, and what is late: a bar per action over quarters."""
    from add_cli.core.timeline import layout, text_lines

    first, last = parse_quarter(start, "--from"), parse_quarter(end, "--to")
    the_plan, day, rows = selected_rows(plan, as_of, dept, line)
    try:
        lay = layout(the_plan, rows, day, first, last)
    except ValueError as exc:
        fail(str(exc))
    if format is ChartFormat.table:
        from add_cli.present.terminal import plain_output, width

        lines = text_lines(the_plan.title, lay, width())
        if plain_output():
            sys.stdout.write("\n".join(text for text, _ in lines) + "\n")
            return
        from rich.console import Console
        from rich.text import Text

        console = Console(width=width(), highlight=False)
        for text, spans in lines:
            styled = Text(text, no_wrap=True, overflow="ellipsis")
            for a, b, style in spans:
                styled.stylize(style, a, b or len(text))
            console.print(styled)
        return
    from add_cli.present.chart import html, mermaid, svg

    writer = {ChartFormat.mermaid: mermaid, ChartFormat.svg: svg, ChartFormat.html: html}[format]
    text = writer(the_plan.title, lay)
    if output is None:
        sys.stdout.write(text)
        return
    write_output(output, text.encode("utf-8"))


# ------------------------------------------------------------------ show


@app.command()
def show(
    action_id: Annotated[str, typer.Argument(metavar="ID", help="Action id, e.g. 1.c.4 or KC1.")],
    plan: PlanOption = None,
    as_of: AsOfOption = None,
    format: Annotated[
        TextFormat, typer.Option("--format", "-f", help="text or json.")
    ] = TextFormat.text,
) -> None:
    """Everything about one action: annex row, body, schedule, progress, differences."""
    from add_cli.core.detail import as_text, detail
    from add_cli.present.terminal import to_json, width

    day = parse_day(as_of)
    the_plan = load_plan(plan)
    action = find_action(the_plan, action_id)
    data = detail(the_plan, action, day)
    if format is TextFormat.json:
        sys.stdout.write(to_json(data))
    else:
        sys.stdout.write(as_text(data, width=min(width(), 100)))


# ------------------------------------------------------------------ progress


@app.command()
def progress(
    action_id: Annotated[str, typer.Argument(metavar="ID", help="Action id, e.g. 1.c.4 or KC1.")],
    state: Annotated[
        str,
        typer.Option(
            "--state",
            help="finished, on_schedule, in_progress, expected or unclear "
            "(or afgerond, ligt op schema, loopt, verwacht later, onduidelijk).",
        ),
    ],
    text: Annotated[str, typer.Option("--text", help="The status text, as it will be reported.")],
    date: EntryDateOption = None,
    expected: Annotated[
        str | None,
        typer.Option(
            "--expected", help="With --state expected: the quarter it is expected, YYYY-Qn."
        ),
    ] = None,
    dry_run: DryRunOption = False,
    plan: PlanOption = None,
) -> None:
    """Record a progress entry in progress/<date>.yaml (created when missing).

    The file is changed only by adding the entry's lines; the plan is validated with
    the entry before the file is replaced, atomically and under a lock.
    """
    from add_cli.checks.record import NewEntry
    from add_cli.core.model import Quarter, State

    day = parse_day(date)
    try:
        the_state = State.parse(state)
    except ValueError as exc:
        fail(str(exc))
    quarter = None
    if expected is not None:
        try:
            quarter = Quarter.parse(expected)
        except ValueError as exc:
            fail(f"--expected: {exc}")
        if the_state is not State.EXPECTED:
            fail("--expected goes with --state expected")
    if not text.strip():
        fail("--text must not be empty")
    root = writable_root(plan)
    action = find_action(load_plan(plan), action_id)
    entry = NewEntry(action.id, day, the_state, text.strip(), quarter)
    done = record_or_fail(root, [entry], dry_run)
    shown = paths.display_path(done.path, Path.cwd())
    if not done.added:
        typer.echo(f"{entry.action}: the same entry is already recorded for {day}; nothing written")
        return
    verb = "would record" if dry_run else "recorded"
    typer.echo(f"{verb} {done.added[0].action} {day} {the_state.value} in {shown}")


# ------------------------------------------------------------------ uitvraag

uitvraag_app = typer.Typer(
    help="Collect updates from departments through an Excel questionnaire.",
    no_args_is_help=True,
)
app.add_typer(uitvraag_app, name="uitvraag")


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


# ------------------------------------------------------------------ diff


@app.command()
def diff(
    rev_a: Annotated[str, typer.Argument(help="Earlier revision.", show_default=True)] = "HEAD",
    rev_b: Annotated[
        str | None,
        typer.Argument(help="Later revision. Default: the working tree.", show_default=False),
    ] = None,
    format: Annotated[
        TextFormat, typer.Option("--format", "-f", help="text (a table) or json.")
    ] = TextFormat.text,
    plan: PlanOption = None,
) -> None:
    """What changed in the plan between two git revisions (default: HEAD and the working tree).

    Actions added or removed, annex period, departments or title changed, body texts
    changed, progress entries added or removed, and changes of the latest state.
    """
    from add_cli.present.terminal import Column, print_table, to_json
    from add_cli.store.diff import GitError, between

    root = plan_root(plan)
    try:
        changes, a, b = between(root, rev_a, rev_b)
    except GitError as exc:
        fail(str(exc))
    if format is TextFormat.json:
        sys.stdout.write(to_json({"from": a, "to": b, "changes": [c.as_json() for c in changes]}))
        return
    if not changes:
        typer.echo(f"No changes to the plan between {a} and {b}.")
        return
    print_table(
        [Column("Change"), Column("Id"), Column("Before", flex=True), Column("After", flex=True)],
        [[c.kind, c.id, c.before or "", c.after or ""] for c in changes],
        title=f"{len(changes)} changes to the plan from {a} to {b}",
    )


# ------------------------------------------------------------------ export

export_app = typer.Typer(
    help="Export the annex tables and progress overviews (Excel, Markdown, CSV).",
    no_args_is_help=True,
)
app.add_typer(export_app, name="export")


class ExportFormat(StrEnum):
    xlsx = "xlsx"
    md = "md"
    csv = "csv"


ExportFormatOption = Annotated[
    ExportFormat, typer.Option("--format", "-f", help="xlsx, md (GitHub Markdown) or csv.")
]
BomOption = Annotated[
    bool,
    typer.Option("--bom", help="CSV for Excel: start the UTF-8 file with a byte-order mark."),
]


def _emit(doc: object, format: ExportFormat, output: Path | None, bom: bool) -> None:
    from add_cli.present import csvfile, markdown
    from add_cli.present.tables import Document

    assert isinstance(doc, Document)
    if format is ExportFormat.xlsx:
        from add_cli.present import xlsx

        if output is None:
            fail("xlsx needs --output FILE (a spreadsheet is not written to the terminal)")
        data = xlsx.write(doc)
    elif format is ExportFormat.md:
        data = markdown.write(doc).encode("utf-8")
    else:
        data = csvfile.write(doc, bom=bom).encode("utf-8")
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    write_output(output, data)


@export_app.command("bijlage1")
def export_bijlage1(
    format: ExportFormatOption = ExportFormat.md,
    output: OutOption = None,
    with_status: Annotated[
        bool,
        typer.Option(
            "--with-status",
            help="Working variant for internal use: add state, lateness, expected quarter "
            "and latest progress as of --as-of.",
        ),
    ] = False,
    as_of: AsOfOption = None,
    bom: BomOption = False,
    plan: PlanOption = None,
) -> None:
    """Bijlage 1 (Acties rijksoverheid): a table per action line, cells exactly as printed."""
    from add_cli.present import tables

    the_plan = load_plan(plan)
    day = parse_day(as_of) if (with_status or as_of) else None
    _emit(tables.bijlage1(the_plan, with_status, day), format, output, bom)


@export_app.command("voortgang")
def export_voortgang(
    format: ExportFormatOption = ExportFormat.md,
    output: OutOption = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Use the latest report dated on or before this date (YYYY-MM-DD). "
            "Default: the latest report.",
            show_default=False,
        ),
    ] = None,
    bom: BomOption = False,
    plan: PlanOption = None,
) -> None:
    """The progress report's overview (Actie | Status), as printed."""
    from add_cli.present import tables

    the_plan = load_plan(plan)
    day = parse_day(as_of) if as_of else None
    report = tables.latest_report(the_plan, day)
    if report is None:
        when = f" on or before {day}" if day else ""
        fail(f"no progress report{when} in the plan")
    _emit(tables.voortgang(the_plan, report), format, output, bom)


def main() -> None:
    """Entry point of the `add` script."""
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover - interactive only
        sys.stderr.write("add: interrupted\n")
        sys.exit(130)
    except BrokenPipeError:  # pragma: no cover - `add status | head`
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)


if __name__ == "__main__":  # pragma: no cover
    main()

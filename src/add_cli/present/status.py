"""The status and overdue tables for people."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TextIO, TypeVar

from add_cli.core import query
from add_cli.core.i18n import _, long_date, ngettext, quarter
from add_cli.core.model import Plan, Quarter, Report, State, action_key
from add_cli.core.query import DeptTally, LateLine, Row
from add_cli.present.labels import LATE_SHORT, STATE_LABELS_BY_NAME, english
from add_cli.present.terminal import (
    Column,
    bar,
    plain_output,
    print_columns,
    print_table,
    visible_columns,
)

_K = TypeVar("_K")


def _late_marker(row: Row) -> str:
    """'LATE +2Q' for a late finish; 'START +3Q' for a late start; 'LATE +2Q +S' for both."""
    if row.quarters_late:
        n = row.quarters_late
        marker = ngettext("LATE +{n}Q", "LATE +{n}Q", n).format(n=n)
        return marker + (" +S" if row.late_start else "")
    if row.late_start:
        n = row.quarters_late_start
        return ngettext("START +{n}Q", "START +{n}Q", n).format(n=n)
    return ""


def round_line(plan: Plan, day: dt.date, today: dt.date | None = None) -> str:
    """Which round the status speaks for: the latest on or before `day`, and how many of
    the departments asked have answered (`today`: for whether its due date passed)."""
    from add_cli.core import rounds  # here: overdue's start-up does without it

    return _round_text(plan, rounds.round_for(plan, day), day, today)


def _round_text(plan: Plan, report: Report | None, day: dt.date, today: dt.date | None) -> str:
    """`round_line` of the round `rounds.round_for` gave."""
    from add_cli.core import rounds

    if report is None:
        return _("No reporting round on or before {date}.").format(date=long_date(day))
    text = _("Round {date}").format(date=long_date(report.date))
    if not report.asked:
        return text + _(": a published report on every action")
    status = rounds.round_status(plan, report, today or day)
    text += _(": {n} of {total} departments asked answered").format(
        n=status.answered, total=len(status.departments)
    )
    if report.due is not None:
        text += _("; due {date}").format(date=long_date(report.due)) + (
            _(", passed") if status.due_passed else ""
        )
    return text


def write_status(
    plan: Plan,
    rows: Sequence[Row],
    day: dt.date,
    out: TextIO,
    dept: str | None = None,
    line: str | None = None,
    today: dt.date | None = None,
    show_plan: bool = False,
) -> None:
    """A tally per action line and sub-line, then a line per action, with the round the
    status speaks for and each action's latest entry date (`*`: not updated in it); with
    `show_plan`, the plan's id first (several plans are shown together)."""
    from add_cli.core import rounds  # here: overdue's start-up does without it

    scope = []
    if dept:
        scope.append(_("department {dept}").format(dept=dept))
    if line:
        scope.append(_("line {line}").format(line=line))
    title = _("{title}: status as of {date}").format(title=plan.title, date=long_date(day)) + (
        f" ({', '.join(scope)})" if scope else ""
    )
    # The two states of a living plan get a column only when some action is in them.
    seen = {r.state_name for r in rows}
    rare = (State.NOT_STARTED.value, State.CARRIED_OVER.value)
    states = [s for s in query.state_names() if s not in rare or s in seen]
    bar_width = 8 if len(states) <= 6 else 5  # room for the extra state columns in 80
    short = {s: _(STATE_LABELS_BY_NAME[s].short) for s in states}
    legend = "; ".join(f"{short[s]} = {english(s)}" for s in states)
    columns = [Column(_("Line")), Column(_("Title"), flex=True)]
    columns += [Column(short[s], align="right") for s in states]
    columns += [Column(_("Finished")), Column(_("Late"), align="right")]
    if any(r.late_start for r in rows):
        columns += [Column(_("Late start"), align="right")]
    plain = plain_output(out)
    lines = {ln.id for ln in plan.lines}
    table = []
    for t in query.summarise(plan, list(rows)):
        indent = "" if t.key in lines or t.key == "total" else "  "
        table.append(
            [indent + (_("total") if t.key == "total" else t.key), t.title]
            + [str(t.states.get(s, 0)) for s in states]
            + [
                f"{bar(t.finished, t.total, bar_width, plain)} {t.finished}/{t.total}",
                str(t.overdue),
            ]
            + ([str(t.late_start)] if len(columns) > len(states) + 4 else [])
        )
    print_table(columns, table, title=title, note=legend, stream=out)
    if not rows:
        out.write(_("No actions match.") + "\n")
        return
    columns = [
        Column(_("Id")),
        Column(_("Title"), flex=True),
        Column(_("Lead")),
        Column(_("Period"), flex=True),
        Column(_("State")),
        Column(_("Overdue")),
        Column(_("Expected")),
        Column(_("Latest")),
    ]
    report = rounds.round_for(plan, day)
    updated = rounds.updated_in(plan, report)
    names = [row.state_name for row in rows]
    states = _each(english, names)  # each label once: thousands of rows repeat them
    expected = _each_quarter([row.expected for row in rows])
    table = [
        [
            row.action.id,
            row.action.title,
            row.action.annex.lead,
            row.action.period.raw,
            state,
            _late_marker(row) if row.quarters_late or row.late_start else "",
            when,
            _latest(row, updated if report is not None else None),
        ]
        for row, state, when in zip(rows, states, expected, strict=True)
    ]
    note = None
    if report is not None:
        note = _("Latest: the date of the latest entry; * not updated in round {date}").format(
            date=long_date(report.date)
        )
    if show_plan:
        columns.insert(0, Column(_("Plan")))
        table = [[row.plan_id, *cells] for row, cells in zip(rows, table, strict=True)]
    out.write("\n")
    title = _round_text(plan, report, day, today)
    print_table(columns, table, title=title, note=note, stream=out)


def _latest(row: Row, updated: set[str] | None) -> str:
    """The latest entry's date, marked `*` when the action was not updated in the round."""
    date = row.entry.date.isoformat() if row.entry else "-"
    if updated is not None and action_key(row.action.id) not in updated:
        date += " *"
    return date


STATUS_EXTRA_HEADERS = ("latest_progress_date", "round", "updated_in_round")
"""The CSV and Markdown columns of `add status` after the rows' (`records.HEADERS`): the
round's. (`records` is imported by the formats that need it: tables do without.)"""


def write_status_records(
    plans: Sequence[Plan], rows: Sequence[Row], day: dt.date, format: str, out: TextIO
) -> None:
    """status as json, csv or md: each row's fields (`records`), and the round of its plan
    it speaks for with whether the action was updated in it (null without a round)."""
    from add_cli.core import rounds  # here: overdue's start-up does without it
    from add_cli.present import records

    speaks: dict[str, tuple[dt.date | None, set[str]]] = {}
    for plan in plans:
        report = rounds.round_for(plan, day)
        speaks[plan.id] = (report.date if report else None, rounds.updated_in(plan, report))
    first = speaks[plans[0].id] if plans else (None, set())

    def items() -> Iterator[dict[str, Any]]:
        memo: dict[Any, Any] = {}  # see `Row.as_json`
        for r in rows:
            item = r.as_json(memo)
            when, updated = speaks.get(r.plan_id, first)
            item["round"] = when.isoformat() if when else None
            item["updated_in_round"] = action_key(r.action.id) in updated if when else None
            yield item

    if format == "json":
        from add_cli.present.jsontext import write_list

        write_list(items(), out)  # streamed: a large plan's answer is never held whole
        return
    data = list(items())
    table = []
    for item, cells in zip(data, records.cells(rows), strict=True):
        flag = item["updated_in_round"]
        extra = [
            item["latest_progress_date"] or "",
            item["round"] or "",
            "" if flag is None else "yes" if flag else "no",
        ]
        table.append(cells + extra)
    if format == "csv":
        from add_cli.present.csvfile import to_csv

        out.write(to_csv((*records.HEADERS, *STATUS_EXTRA_HEADERS), table))
    elif format == "md":
        from add_cli.present.markdown import to_markdown

        out.write(to_markdown((*records.HEADERS, *STATUS_EXTRA_HEADERS), table))
    else:
        raise ValueError(f"no row format {format!r}")


def write_overdue(
    rows: Sequence[Row],
    day: dt.date,
    out: TextIO,
    dept: str | None = None,
    role: str = "lead",
    kind: str = "end",
    show_plan: bool = False,
) -> None:
    """The late actions, most overdue first, with their latest progress (see `write_late`)."""
    lines = [query.late_line(r) for r in rows]
    write_late(lines, day, out, dept, role, kind, show_plan)


def write_late(
    lines: Sequence[LateLine],
    day: dt.date,
    out: TextIO,
    dept: str | None = None,
    role: str = "lead",
    kind: str = "end",
    show_plan: bool = False,
    plain_text: bool = False,
) -> None:
    """The late actions (`query.late_line`, or the plan's facts), most overdue first,
    with their latest progress.

    `kind` is the --kind asked for: with `start` or `any` a column `Late in` says which
    lateness each row has (finish, start or both). `plain_text`: the lines' ids, titles,
    leads, texts and plan ids are known to have no control character (`PlanFacts`), so
    they need no escaping; the other cells are escaped as `print_table` does."""
    scope = _(" for {dept} ({role})").format(dept=dept, role=_(role)) if dept else ""
    if not lines:
        message = {
            "end": _("No overdue actions{scope} as of {date}."),
            "start": _("No late-starting actions{scope} as of {date}."),
            "any": _("No late actions{scope} as of {date}."),
        }[kind]
        out.write(message.format(scope=scope, date=long_date(day)) + "\n")
        return
    columns = [
        Column(_("Id")),
        Column(_("Title"), flex=True),
        Column(_("Lead")),
        Column(_("End")),
        Column(_("Late"), align="right"),
        Column(_("State")),
        Column(_("Expected")),
        Column(_("Latest progress"), flex=True),
    ]
    # Column by column, each label and quarter made once: thousands of rows repeat them.
    plan_ids, ids, headings, leads, starts, ends, ns, overdues, lates, names, expected, texts = zip(
        *lines, strict=True
    )
    by_end = kind == "end"
    late = _each(lambda n: _("{n}Q").format(n=n), ns)
    # Each column with whether it is the plan's text (escaped below unless `plain_text`)
    # or made here from labels (always escaped, as `print_table` escapes every cell).
    cells: list[tuple[Sequence[str], bool]] = [
        (ids, True),
        (headings, True),
        (leads, True),
        (_each_quarter(ends), False),
        (late if by_end else [t if o else "" for t, o in zip(late, overdues, strict=True)], False),
        (_each(english, names), False),
        (_each_quarter(expected), False),
        (texts, True),
    ]
    if not by_end:
        cells[3:3] = [(_each_quarter(starts), False), (_each(_late_in, lates), False)]
        columns[3:3] = [Column(_("Start")), Column(_("Late in"))]
    if show_plan:
        cells.insert(0, (plan_ids, True))
        columns.insert(0, Column(_("Plan")))
    shown = [c if plain_text and texts_ else visible_columns([c])[0] for c, texts_ in cells]
    titles = {
        "end": ngettext(
            "{n} overdue action{scope} as of {date}",
            "{n} overdue actions{scope} as of {date}",
            len(lines),
        ),
        "start": ngettext(
            "{n} late-starting action{scope} as of {date}",
            "{n} late-starting actions{scope} as of {date}",
            len(lines),
        ),
        "any": ngettext(
            "{n} late action{scope} as of {date}",
            "{n} late actions{scope} as of {date}",
            len(lines),
        ),
    }
    title = titles[kind].format(n=len(lines), scope=scope, date=long_date(day))
    print_columns(columns, shown, title=title, stream=out, escaped=True)


def _late_in(late: str) -> str:
    return _(LATE_SHORT[late])


def _each(func: Callable[[_K], str], values: Sequence[_K]) -> list[str]:
    """`func` of each value, computed once for each distinct value."""
    done = {value: func(value) for value in set(values)}
    return [done[value] for value in values]


def _each_quarter(values: Sequence[Quarter | None]) -> list[str]:
    """`quarter` of each value, once for each distinct object (no hashing of quarters)."""
    distinct = {id(value): value for value in values}
    done = {key: quarter(value) for key, value in distinct.items()}
    return [done[id(value)] for value in values]


def write_by_department(
    tallies: Sequence[DeptTally], day: dt.date, out: TextIO, format: str = "table"
) -> None:
    """`status --by dept`: a row per department with the actions it leads and joins
    (a table, or json/csv/md records with the fields of `DeptTally.as_json`)."""
    if format != "table":
        _department_records(tallies, format, out)
        return
    columns = [
        Column("Dept"),
        Column("Name", flex=True),
        Column("Leads", align="right"),
        Column("Joins", align="right"),
        Column("Finished", align="right"),
        Column("Late", align="right"),
    ]
    table = [
        [t.code, t.name, str(t.leads), str(t.joins), str(t.finished), str(t.late)] for t in tallies
    ]
    title = f"Actions per department as of {day.isoformat()}"
    note = "Late: a late finish or a late start, of an action it leads or joins."
    print_table(columns, table, title=title, note=note, stream=out)


def _department_records(tallies: Sequence[DeptTally], format: str, out: TextIO) -> None:
    data = [t.as_json() for t in tallies]
    if format == "json":
        from add_cli.present.terminal import to_json

        out.write(to_json(data))
        return
    headers = ("department", "name", "leads", "joins", "finished", "late")
    cells = [[str(d[h]) for h in headers] for d in data]
    if format == "csv":
        from add_cli.present.csvfile import to_csv

        out.write(to_csv(headers, cells))
    else:
        from add_cli.present.markdown import to_markdown

        out.write(to_markdown(headers, cells))

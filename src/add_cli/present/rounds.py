"""`add uitvraag`: who has answered in a round, and the conflicts (status); what an
import recorded."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from add_cli.core.i18n import _, long_date, ngettext
from add_cli.core.rounds import RoundStatus
from add_cli.present.labels import english
from add_cli.present.terminal import Column, print_table, to_json

if TYPE_CHECKING:
    from add_cli.checks.record import Recorded


def as_json(status: RoundStatus) -> dict[str, Any]:
    """The stable JSON shape documented in the README."""
    report = status.report
    return {
        "round": report.date.isoformat(),
        "title": report.title,
        "due": report.due.isoformat() if report.due else None,
        "due_passed": status.due_passed,
        "asked": [d.department for d in status.departments],
        "answered_departments": status.answered,
        "missing": status.missing,
        "departments": [
            {
                "department": d.department,
                "asked": list(d.asked),
                "answered": list(d.answered),
                "open": list(d.open),
            }
            for d in status.departments
        ],
        "conflicts": [
            {
                "action": c.action,
                "lead": c.lead.reported_by,
                "lead_state": c.lead.state.value,
                "lead_text": c.lead.text,
                "partner": c.partner.reported_by,
                "partner_state": c.partner.state.value,
                "partner_text": c.partner.text,
            }
            for c in status.conflicts
        ],
    }


def write_round_status(status: RoundStatus, format: str, out: TextIO) -> None:
    if format == "json":
        out.write(to_json(as_json(status)))
        return
    report = status.report
    due = ""
    if report.due is not None:
        due = _(", due {date}").format(date=long_date(report.due)) + (
            _(" (passed)") if status.due_passed else ""
        )
    title = _("Round {date}: {title}{due}").format(
        date=long_date(report.date), title=report.title, due=due
    )
    note = _("{n} of {total} departments asked have answered; {missing} answers missing").format(
        n=status.answered, total=len(status.departments), missing=status.missing
    )
    columns = [
        Column(_("Dept")),
        Column(_("Asked"), align="right"),
        Column(_("Answered"), align="right"),
        Column(_("Open"), align="right"),
        Column(_("Open actions"), flex=True),
    ]
    table = [
        [
            d.department,
            str(len(d.asked)),
            str(len(d.answered)),
            str(len(d.open)),
            ", ".join(d.open),
        ]
        for d in status.departments
    ]
    print_table(columns, table, title=title, note=note, stream=out)
    if not status.conflicts:
        out.write("\nNo conflicts.\n")
        return
    out.write("\n")
    columns = [
        Column(_("Id")),
        Column(_("Lead")),
        Column(_("Lead's state (counts)")),
        Column(_("Partner")),
        Column(_("Partner's state")),
        Column(_("Partner's text"), flex=True),
    ]
    rows = [
        [
            c.action,
            c.lead.reported_by or "",
            english(c.lead.state.value),
            c.partner.reported_by or "",
            english(c.partner.state.value),
            c.partner.text,
        ]
        for c in status.conflicts
    ]
    print_table(
        columns,
        rows,
        title=ngettext("{n} conflict", "{n} conflicts", len(rows)).format(n=len(rows)),
        stream=out,
    )


def print_recorded(done: Recorded, dept: str, day: dt.date | None, dry_run: bool) -> None:
    """The table of the answers an import recorded (or would record) for `dept`."""
    from add_cli.store.paths import display_path

    rows = [[e.action, e.state.value, str(e.expected or ""), e.text] for e in done.added]
    if rows:
        verb = _("Would record") if dry_run else _("Recorded")
        shown = display_path(done.path, Path.cwd())
        print_table(
            [
                Column(_("Id")),
                Column(_("State")),
                Column(_("Expected")),
                Column(_("Text"), flex=True),
            ],
            rows,
            title=_("{verb} {n} entries dated {date} by {dept} in {path}").format(
                verb=verb, n=len(rows), date=day, dept=dept, path=shown
            ),
        )

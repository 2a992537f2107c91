"""Deadlines as an iCalendar file (RFC 5545): an all-day event per action deadline and round.

Written by hand, as the few lines RFC 5545 asks for: CRLF line endings, lines folded at 75
octets (never inside a UTF-8 character), TEXT values escaped (backslash, semicolon, comma,
newline), a DTSTAMP in UTC, all-day events as VALUE=DATE with DTEND the day after.
Each event's UID depends only on the plan and the action id (or the round's date), so a
calendar that imports the file again updates its events instead of adding copies.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from add_cli.core.model import Action, Plan, Report

PRODID = "-//add//Actieplan Duurzame Digitalisering//NL"
UID_DOMAIN = "add-cli.invalid"
"""The right-hand side of every UID: a name that is nobody's host (RFC 6761's .invalid)."""


@dataclass(frozen=True)
class Event:
    uid: str
    day: dt.date
    summary: str
    description: str
    categories: tuple[str, ...] = ()


def plan_slug(plan: Plan) -> str:
    """The plan's id when it has one, else its title as a slug ('actieplan-duurzame-...')."""
    given = getattr(plan, "id", None)  # plans carry an id from the plan-ids change on
    text = given if isinstance(given, str) and given else plan.title
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "plan"


def round_due(report: Report) -> dt.date | None:
    """The due date of a round's answers, where the report records one."""
    due = getattr(report, "due", None)  # rounds record a due date from the rounds change on
    return due if isinstance(due, dt.date) else None


def action_event(plan: Plan, action: Action) -> Event | None:
    """The deadline of an action: the last day of its annex end quarter (None: open end)."""
    deadline = action.annex.period.deadline
    if deadline is None:
        return None
    lead = action.annex.lead
    partners = ", ".join(action.annex.partners)
    end = action.annex.period.end
    quarter = f"Q{end.q} {end.year}" if end else ""
    lines = [
        f"Actie {action.id}: {action.title}",
        f"Trekker: {lead}" + (f"; i.s.m. {partners}" if partners else ""),
        f"Start- en einddatum (Bijlage 1): {action.annex.period.raw}",
        f"Deadline: {deadline.isoformat()} (laatste dag van {quarter})",
        f"Plan: {plan.title}",
    ]
    return Event(
        uid=f"deadline-{_uid_part(action.id)}.{plan_slug(plan)}@{UID_DOMAIN}",
        day=deadline,
        summary=f"Deadline actie {action.id} ({lead}): {action.title}",
        description="\n".join(lines),
        categories=("Deadline", lead),
    )


def round_event(plan: Plan, report: Report) -> Event:
    """A round's due date for the answers; without one, the date the report speaks for."""
    due = round_due(report)
    if due is not None:
        summary = f"Uitvraag voortgang: antwoorden uiterlijk vandaag ({report.title})"
        day = due
    else:
        summary = f"Peildatum voortgangsrapportage: {report.title}"
        day = report.date
    description = "\n".join(
        [
            report.title,
            f"Peildatum: {report.date.isoformat()}",
            *([f"Antwoorden uiterlijk: {due.isoformat()}"] if due else []),
            f"Bestand: {report.path}",
            f"Plan: {plan.title}",
        ]
    )
    return Event(
        uid=f"round-{report.date.isoformat()}.{plan_slug(plan)}@{UID_DOMAIN}",
        day=day,
        summary=summary,
        description=description,
        categories=("Uitvraag",),
    )


def events(plan: Plan, actions: Iterable[Action], with_rounds: bool = True) -> list[Event]:
    """The events of the chosen actions, then of the rounds, each in the plan's order."""
    out = [e for a in actions if (e := action_event(plan, a)) is not None]
    if with_rounds:
        out += [round_event(plan, r) for r in sorted(plan.reports, key=lambda r: r.date)]
    return out


def escape_text(text: str) -> str:
    """An RFC 5545 TEXT value: backslash, semicolon and comma escaped, newlines as \\n."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """One content line folded at 75 octets: CRLF and a space before each continuation."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line + "\r\n"
    parts = []
    start, limit = 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # never split a character
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, limit = end, 74  # a continuation line starts with the folding space
    return "\r\n ".join(parts) + "\r\n"


def _uid_part(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9.-]+", "-", text)


def _date(day: dt.date) -> str:
    return day.strftime("%Y%m%d")


def write(plan: Plan, chosen: list[Event], stamp: dt.datetime, name: str) -> bytes:
    """The VCALENDAR with the events; `stamp` (UTC) is every event's DTSTAMP."""
    stamp_text = stamp.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in chosen:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{stamp_text}",
            f"DTSTART;VALUE=DATE:{_date(event.day)}",
            f"DTEND;VALUE=DATE:{_date(event.day + dt.timedelta(days=1))}",
            f"SUMMARY:{escape_text(event.summary)}",
            f"DESCRIPTION:{escape_text(event.description)}",
        ]
        if event.categories:
            lines.append("CATEGORIES:" + ",".join(escape_text(c) for c in event.categories))
        lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) for line in lines).encode("utf-8")

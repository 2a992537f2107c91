"""Everything about one action, as data (`add show`) and as text."""

from __future__ import annotations

import datetime as dt
import difflib
import textwrap
from typing import Any

from add_cli.core.compare import differences, text_references
from add_cli.core.departments import Registry
from add_cli.core.model import Action, Plan
from add_cli.core.periods import describe
from add_cli.core.query import NOT_REPORTED, STATE_TEXT, Row, latest_entry


def suggestions(plan: Plan, wanted: str, n: int = 3) -> list[str]:
    """The ids closest to a mistyped one."""
    ids = [a.id for a in plan.actions]
    lowered = {i.casefold(): i for i in ids}
    close = difflib.get_close_matches(wanted.casefold(), list(lowered), n=n, cutoff=0.5)
    return [lowered[c] for c in close]


def detail(plan: Plan, action: Action, day: dt.date) -> dict[str, Any]:
    registry = Registry(plan.departments)
    row = Row(action, latest_entry(plan, action.id, day), day)
    line = next((ln for ln in plan.lines if ln.id == action.line), None)
    sub = next((s for s in line.sublines if s.id == action.subline), None) if line else None
    ids = {a.id.casefold() for a in plan.actions}
    body = action.body
    return {
        "id": action.id,
        "label": action.label,
        "title": action.title,
        "line": {"id": action.line, "title": line.title if line else None},
        "subline": {"id": sub.id, "title": sub.title} if sub else None,
        "annex": {
            "Actie": action.annex.title,
            "Departement": action.annex.departments,
            "Start- en einddatum": action.annex.period.raw,
            "lead": action.annex.lead,
            "partners": list(action.annex.partners),
            "others": list(action.annex.others),
        },
        "body": {
            "title": body.cells.title,
            "subtitle": body.subtitle,
            "departments": body.cells.departments,
            "lead": body.cells.lead,
            "partners": list(body.cells.partners),
            "others": list(body.cells.others),
            "category": body.category,
            "what": list(body.what),
            "success": list(body.success),
            "success_is_list": body.success_is_list,
            "period": body.cells.period.raw,
        },
        "schedule": {
            "annex": describe(action.period),
            "body": describe(body.cells.period),
            "start": str(action.period.start) if action.period.start else None,
            "end": str(action.period.end) if action.period.end else None,
            "deadline": action.period.deadline.isoformat() if action.period.deadline else None,
            "notes": list(action.period.warnings),
        },
        "as_of": {"date": day.isoformat(), **row.as_json()},
        "progress": [
            {
                "date": e.date.isoformat(),
                "state": e.state.value,
                "expected": str(e.expected) if e.expected else None,
                "text": e.text,
                "report": e.report,
            }
            for e in plan.entries_for(action.id)
        ],
        "differences": [d.message for d in differences(action, registry)],
        "references": list(action.references),
        "referenced_by": [a.id for a in plan.actions if action.id in a.references],
        "mentions": [
            {"id": m.target, "exists": m.target.casefold() in ids, "context": m.context}
            for m in text_references(action)
        ],
        "ncdd": [
            {"kind": b.kind, "name": b.name, "start": b.start or None, "description": b.description}
            for b in (plan.ncdd.boxes if plan.ncdd else ())
            if b.subline == action.subline
        ],
        "corrections": [
            {"field": c.field, "printed": c.printed, "corrected": c.corrected, "reason": c.reason}
            for c in action.corrections
        ],
    }


def as_text(d: dict[str, Any], width: int = 80) -> str:
    """`add show` for people: sections of labelled, wrapped text."""
    out: list[str] = []
    indent = "  "

    def para(label: str, text: str | None, sub: str = indent) -> None:
        if not text:
            return
        head = f"{sub}{label}: " if label else sub
        out.extend(
            textwrap.wrap(
                text,
                width=width,
                initial_indent=head,
                subsequent_indent=sub + "  ",
                break_on_hyphens=False,
            )
            or [head]
        )

    def items(label: str, values: list[str]) -> None:
        out.append(f"{indent}{label}:")
        for v in values:
            para("", f"- {v}", indent * 2)

    out.append(f"{d['id']}  {d['title']}")
    where = f"Action line {d['line']['id']}: {d['line']['title']}"
    if d["subline"]:
        where += f" / {d['subline']['id']}: {d['subline']['title']}"
    para("", where, "")
    out.append("")
    out.append("Annex (Bijlage 1)")
    for key in ("Actie", "Departement", "Start- en einddatum"):
        para(key, d["annex"][key])
    partners = ", ".join(d["annex"]["partners"] + d["annex"]["others"]) or "none"
    para("Lead / partners", f"{d['annex']['lead']} / {partners}")
    out.append("")
    out.append("Schedule")
    s = d["schedule"]
    para("Annex period", s["annex"])
    para("Deadline", s["deadline"] or "none (open end)")
    a = d["as_of"]
    state = STATE_TEXT[a["state"] or NOT_REPORTED]
    if a["overdue"]:
        state += (
            f"; OVERDUE by {a['quarters_late']} quarter{'s' if a['quarters_late'] != 1 else ''}"
        )
    if a["expected"]:
        state += f"; expected {a['expected']}"
    para(f"As of {a['date']}", state)
    out.append("")
    out.append("Body")
    b = d["body"]
    para("Title", b["title"])
    para("Subtitle", b["subtitle"])
    para("Departments", b["departments"])
    para("Category", b["category"])
    if len(b["what"]) == 1:
        para("Wat?", b["what"][0])
    else:
        items("Wat?", b["what"])
    if b["success_is_list"]:
        items("Wanneer succesvol?", b["success"])
    else:
        para("Wanneer succesvol?", " ".join(b["success"]))
    para("Start- en einddatum?", b["period"])
    para("Read as", s["body"])
    out.append("")
    out.append("Progress")
    if not d["progress"]:
        out.append(f"{indent}none")
    for e in d["progress"]:
        label = f"{e['date']} {STATE_TEXT[e['state']]}"
        if e["expected"]:
            label += f" (expected {e['expected']})"
        para(label, e["text"])
    if d["differences"]:
        out.append("")
        out.append("Annex and body differ")
        for diff in d["differences"]:
            para("", f"- {diff}")
    refs = d["references"] or d["referenced_by"] or d["mentions"]
    if refs:
        out.append("")
        out.append("References")
        if d["references"]:
            para("Builds on", ", ".join(d["references"]))
        if d["referenced_by"]:
            para("Referenced by", ", ".join(d["referenced_by"]))
        for m in d["mentions"]:
            note = "" if m["exists"] else " (no such action)"
            para("Mentions", f"{m['id']}{note}: '…{m['context']}…'")
    if d["ncdd"]:
        out.append("")
        out.append(f"NCDD beside sub-line {d['subline']['id']}")
        for g in d["ncdd"]:
            start = f", {g['start']}" if g["start"] else ""
            para("", f"- {g['name']} ({g['kind']}{start}): {g['description']}")
    if d["corrections"]:
        out.append("")
        out.append("Extraction noise corrected")
        for c in d["corrections"]:
            para("", f"- {c['field']}: {c['printed']!r} -> {c['corrected']!r} ({c['reason']})")
    return "\n".join(out) + "\n"

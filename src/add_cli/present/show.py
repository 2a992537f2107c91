"""`add show` for people: sections of labelled, wrapped text."""

from __future__ import annotations

import textwrap

from add_cli.core.detail import Detail
from add_cli.core.i18n import _, long_date, ngettext
from add_cli.present.labels import english
from add_cli.present.terminal import visible


def as_text(d: Detail, width: int = 80) -> str:
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

    def items(label: str, values: tuple[str, ...]) -> None:
        out.append(f"{indent}{label}:")
        for v in values:
            para("", f"- {v}", indent * 2)

    out.append(f"{d.id}  {d.title}")
    where = _("Action line {id}: {title}").format(id=d.line.id, title=d.line.title)
    if d.subline:
        where += f" / {d.subline.id}: {d.subline.title}"
    para("", where, "")
    out.append("")
    out.append(_("Annex (Bijlage 1)"))
    para("Actie", d.annex.actie)
    para("Departement", d.annex.departement)
    para("Start- en einddatum", d.annex.period)
    partners = ", ".join(d.annex.partners + d.annex.others) or _("none")
    para(_("Lead / partners"), f"{d.annex.lead} / {partners}")
    out.append("")
    out.append(_("Schedule"))
    s = d.schedule
    para(_("Annex period"), s.annex)
    para(_("Deadline"), s.deadline or _("none (open end)"))
    row = d.row
    state = english(row.state_name)
    if row.overdue:
        late = row.quarters_late
        state += ngettext("; OVERDUE by {n} quarter", "; OVERDUE by {n} quarters", late).format(
            n=late
        )
    if row.expected:
        state += _("; expected {quarter}").format(quarter=row.expected)
    para(_("As of {date}").format(date=long_date(row.as_of)), state)
    out.append("")
    out.append(_("Body"))
    b = d.body
    para(_("Title"), b.title)
    para(_("Subtitle"), b.subtitle)
    para(_("Departments"), b.departments)
    para(_("Category"), b.category)
    if len(b.what) == 1:
        para("Wat?", b.what[0])
    else:
        items("Wat?", b.what)
    if b.success_is_list:
        items("Wanneer succesvol?", b.success)
    else:
        para("Wanneer succesvol?", " ".join(b.success))
    para("Start- en einddatum?", b.period)
    para(_("Read as"), s.body)
    out.append("")
    out.append(_("Progress"))
    if not d.progress:
        out.append(indent + _("none"))
    if d.continues:
        para(_("Continues"), d.continues)
    for e in d.progress:
        label = f"{e.date} {english(e.state)}"
        if e.plan:
            label += f" [{e.plan}]"
        if e.expected:
            label += _(" (expected {quarter})").format(quarter=e.expected)
        para(label, e.text)
    if d.differences:
        out.append("")
        out.append(_("Annex and body differ"))
        for diff in d.differences:
            para("", f"- {diff}")
    if d.references or d.referenced_by or d.mentions:
        out.append("")
        out.append(_("References"))
        if d.references:
            para(_("Builds on"), ", ".join(d.references))
        if d.referenced_by:
            para(_("Referenced by"), ", ".join(d.referenced_by))
        for m in d.mentions:
            note = "" if m.exists else " (no such action)"
            para(_("Mentions"), f"{m.id}{note}: '…{m.context}…'")
    if d.ncdd and d.subline:
        out.append("")
        out.append(_("NCDD beside sub-line {id}").format(id=d.subline.id))
        for g in d.ncdd:
            start = f", {g.start}" if g.start else ""
            para("", f"- {g.name} ({g.kind}{start}): {g.description}")
    if d.corrections:
        out.append("")
        out.append(_("Extraction noise corrected"))
        for c in d.corrections:
            para("", f"- {c.field}: {c.printed!r} -> {c.corrected!r} ({c.reason})")
    return visible("\n".join(out)) + "\n"

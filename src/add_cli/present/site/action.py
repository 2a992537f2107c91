"""A page per action: the annex row, the body texts, the schedule, every progress entry,
where annex and body differ, references, NCDD boxes and the corrections made to the print."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from add_cli.core.compare import differences
from add_cli.core.departments import Registry
from add_cli.core.detail import Detail, detail
from add_cli.core.model import Action, Plan, State
from add_cli.present.labels import STATE_LABELS_BY_NAME
from add_cli.present.site.overview import late_text, state_cell
from add_cli.present.site.page import action_file, action_link, e, page, period_nl, quarter

FIELDS_NL = {"period": "Planning", "departments": "Departementen", "title": "Titel"}


def _dl(pairs: list[tuple[str, str]]) -> str:
    """A definition list of (term, HTML) pairs, empty values left out."""
    items = "".join(f"<dt>{e(term)}</dt><dd>{value}</dd>" for term, value in pairs if value)
    return f"<dl>{items}</dl>"


def _paragraphs(texts: tuple[str, ...], as_list: bool) -> str:
    if not texts:
        return ""
    if as_list and len(texts) > 1:
        return "<ul>" + "".join(f"<li>{e(t)}</li>" for t in texts) + "</ul>"
    return "".join(f"<p>{e(t)}</p>" for t in texts)


def _progress(d: Detail) -> str:
    if not d.progress:
        return "<p>Er is nog geen voortgang gemeld.</p>"
    body = "".join(
        f"<tr><td>{e(p.date)}</td><td>{e(STATE_LABELS_BY_NAME[p.state].dutch)}</td>"
        f"<td>{e(p.expected)}</td><td>{e(p.text)}</td><td>{e(p.report)}</td></tr>"
        for p in d.progress
    )
    return (
        "<table><caption>Alle voortgangsmeldingen, de oudste eerst</caption><thead><tr>"
        '<th scope="col">Datum</th><th scope="col">Stand</th><th scope="col">Verwacht</th>'
        '<th scope="col">Tekst</th><th scope="col">Rapportage</th></tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )


def _differences(action: Action, registry: Registry) -> str:
    found = differences(action, registry)
    if not found:
        return (
            "<p>Bijlage 1 en de hoofdtekst zeggen hetzelfde over titel, departementen "
            "en planning.</p>"
        )
    annex, body = action.annex, action.body.cells
    values = {
        "period": (annex.period.raw, body.period.raw),
        "departments": (annex.departments, body.departments),
        "title": (annex.title, body.title),
    }
    rows = "".join(
        f'<tr><th scope="row">{e(FIELDS_NL.get(d.field, d.field))}</th>'
        f"<td>{e(values.get(d.field, ('', ''))[0])}</td>"
        f"<td>{e(values.get(d.field, ('', ''))[1])}</td></tr>"
        for d in found
    )
    return (
        "<table><caption>Waar Bijlage 1 en de hoofdtekst verschillen</caption><thead><tr>"
        '<th scope="col">Onderdeel</th><th scope="col">Bijlage 1</th>'
        '<th scope="col">Hoofdtekst</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def _references(d: Detail, known: dict[str, str]) -> str:
    def link(action_id: str) -> str:
        real = known.get(action_id.casefold())
        return action_link(real, action_id) if real else e(action_id)

    parts = []
    if d.references:
        parts.append(("Verwijst naar", ", ".join(link(r) for r in d.references)))
    if d.referenced_by:
        parts.append(("Genoemd bij", ", ".join(link(r) for r in d.referenced_by)))
    if d.mentions:
        parts.append(
            (
                "Genoemd in de tekst",
                "<ul>"
                + "".join(
                    f"<li>{link(m.id)}: “{e(m.context)}”"
                    + ("" if m.exists else " (deze actie staat niet in het plan)")
                    + "</li>"
                    for m in d.mentions
                )
                + "</ul>",
            )
        )
    return _dl(parts) if parts else "<p>Geen verwijzingen naar andere acties.</p>"


def _extra(d: Detail) -> str:
    out = ""
    if d.ncdd:
        out += "<h2>NCDD</h2>" + "".join(
            f"<h3>{e(b.kind.capitalize())}: {e(b.name)}</h3>"
            + (f"<p>Start: {e(b.start)}</p>" if b.start else "")
            + f"<p>{e(b.description)}</p>"
            for b in d.ncdd
        )
    if d.corrections:
        rows = "".join(
            f"<tr><td>{e(c.field)}</td><td>{e(c.printed)}</td><td>{e(c.corrected)}</td>"
            f"<td>{e(c.reason)}</td></tr>"
            for c in d.corrections
        )
        out += (
            "<h2>Correcties op de gedrukte tekst</h2>"
            "<table><caption>Wat add anders leest dan gedrukt, en waarom</caption><thead><tr>"
            '<th scope="col">Veld</th><th scope="col">Gedrukt</th>'
            '<th scope="col">Gelezen als</th><th scope="col">Reden</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>"
        )
    return out


def action_page(
    plan: Plan, action: Action, day: dt.date, registry: Registry, known: dict[str, str]
) -> str:
    """An action's page; `known`: every action id by its casefolded form."""
    d = detail(plan, action, day)
    row = d.row
    line = f"Actielijn {d.line.id}" + (f": {d.line.title}" if d.line.title else "")
    sub = f"Subactielijn {d.subline.id}: {d.subline.title}" if d.subline else ""
    entry = row.entry
    now = _dl(
        [
            ("Stand", state_cell(row)),
            ("Te laat", ("ja, " if row.overdue else "") + late_text(row)),
            (
                "Verwacht",
                e(quarter(row.expected)) if entry and entry.state is State.EXPECTED else "",
            ),
            (
                "Laatste voortgang",
                e(f"{entry.date.isoformat()}: {entry.text}") if entry else "geen",
            ),
        ]
    )
    body = d.body
    schedule = action.period
    content = (
        f"<p>{e(line)}" + (f"<br>{e(sub)}" if sub else "") + "</p>"
        f"<h2>Stand per {day.isoformat()}</h2>{now}"
        "<h2>Bijlage 1</h2>"
        + _dl(
            [
                ("Actie", e(d.annex.actie)),
                ("Departement", e(d.annex.departement)),
                ("Start- en einddatum", e(d.annex.period)),
            ]
        )
        + "<h2>Hoofdtekst</h2>"
        + _dl(
            [
                ("Titel", e(body.title)),
                ("Ondertitel", e(body.subtitle)),
                ("Departementen", e(body.departments)),
                ("Categorie", e(body.category)),
                ("Wat?", _paragraphs(body.what, True)),
                ("Wanneer succesvol?", _paragraphs(body.success, body.success_is_list)),
                ("Start- en einddatum?", e(body.period)),
            ]
        )
        + "<h2>Planning</h2>"
        + _dl(
            [
                ("Volgens Bijlage 1", e(period_nl(schedule))),
                ("Volgens de hoofdtekst", e(period_nl(action.body.cells.period))),
                ("Uiterlijk klaar", e(d.schedule.deadline)),
            ]
        )
        + "<h2>Voortgang</h2>"
        + _progress(d)
        + "<h2>Bijlage 1 en hoofdtekst</h2>"
        + _differences(action, registry)
        + "<h2>Verwijzingen</h2>"
        + _references(d, known)
        + _extra(d)
    )
    return page(plan, day, action_file(action.id), f"Actie {action.id}: {action.title}", content)


def pages(plan: Plan, day: dt.date) -> dict[str, str]:
    return dict(each_page(plan, day))


def each_page(plan: Plan, day: dt.date) -> Iterator[tuple[str, str]]:
    """(file name, page) of every action, made one at a time."""
    registry = Registry(plan.departments)
    known = {a.id.casefold(): a.id for a in plan.actions}  # once, not once per page
    for a in plan.actions:
        yield action_file(a.id), action_page(plan, a, day, registry, known)

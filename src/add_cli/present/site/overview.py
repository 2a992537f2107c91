"""The overview (counts per action line and per department, the late actions) and the
department pages."""

from __future__ import annotations

import datetime as dt

from add_cli.core.departments import Registry
from add_cli.core.model import Department, Plan
from add_cli.core.query import Row, overdue_rows, rows, select, state_names, summarise
from add_cli.core.timeline import kind_of
from add_cli.present.labels import STATE_LABELS_BY_NAME
from add_cli.present.site.page import (
    DEPARTMENTS,
    INDEX,
    TIMELINE,
    action_link,
    badge,
    department_file,
    e,
    page,
)


def late_text(row: Row) -> str:
    """'nee', or how many quarters late: '1 kwartaal', '4 kwartalen'."""
    n = row.quarters_late
    return f"{n} {'kwartaal' if n == 1 else 'kwartalen'}" if row.overdue else "nee"


def state_cell(row: Row) -> str:
    """The state in words with its letter; 'te laat' added when the action is late."""
    words = STATE_LABELS_BY_NAME[row.state_name].dutch
    if row.overdue:
        words += ", te laat"
    return badge(kind_of(row), words)


def action_table(caption: str, selected: list[Row]) -> str:
    """Actie | Trekker | Planning | Stand | Te laat, one row per action."""
    if not selected:
        return f"<p>{e(caption)}: geen.</p>"
    body = "".join(
        "<tr>"
        f'<th scope="row">{action_link(r.action.id)}</th>'
        f"<td>{e(r.action.title)}</td>"
        f"<td>{e(r.action.annex.departments)}</td>"
        f"<td>{e(r.action.period.raw)}</td>"
        f"<td>{state_cell(r)}</td>"
        f"<td>{late_text(r)}</td>"
        "</tr>"
        for r in selected
    )
    return (
        f"<table><caption>{e(caption)}</caption><thead><tr>"
        '<th scope="col">Actie</th><th scope="col">Titel</th><th scope="col">Departement</th>'
        '<th scope="col">Start- en einddatum</th><th scope="col">Stand</th>'
        '<th scope="col">Te laat</th></tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )


def _line_counts(plan: Plan, all_rows: list[Row]) -> str:
    names = state_names()
    head = "".join(
        f'<th scope="col" class="num">{e(STATE_LABELS_BY_NAME[n].dutch)}</th>' for n in names
    )
    body = []
    for tally in summarise(plan, all_rows):
        label = "Totaal" if tally.key == "total" else f"{tally.key}: {tally.title}"
        cells = "".join(f'<td class="num">{tally.states.get(n, 0)}</td>' for n in names)
        body.append(
            f'<tr><th scope="row">{e(label)}</th><td class="num">{tally.total}</td>{cells}'
            f'<td class="num">{tally.overdue}</td></tr>'
        )
    return (
        "<table><caption>Acties per actielijn en subactielijn</caption><thead><tr>"
        f'<th scope="col">Actielijn</th><th scope="col" class="num">Acties</th>{head}'
        f'<th scope="col" class="num">Te laat</th></tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def departments_with_actions(plan: Plan) -> list[tuple[Department, list[str], list[str]]]:
    """Each department that leads or joins an action: (department, lead ids, partner ids)."""
    out = []
    for dept in plan.departments:
        lead = [a.id for a in select(plan, dept.code, "lead")]
        partner = [a.id for a in select(plan, dept.code, "partner")]
        if lead or partner:
            out.append((dept, lead, partner))
    return out


def _department_counts(plan: Plan, by_id: dict[str, Row]) -> str:
    body = []
    for dept, lead, partner in departments_with_actions(plan):
        finished = sum(by_id[i].state_name == "finished" for i in lead)
        late = sum(by_id[i].overdue for i in lead)
        body.append(
            f'<tr><th scope="row"><a href="{department_file(dept.code)}">{e(dept.code)}</a></th>'
            f"<td>{e(dept.name)}</td><td class='num'>{len(lead)}</td>"
            f"<td class='num'>{len(partner)}</td><td class='num'>{finished}</td>"
            f"<td class='num'>{late}</td></tr>"
        )
    return (
        "<table><caption>Acties per departement</caption><thead><tr>"
        '<th scope="col">Code</th><th scope="col">Departement</th>'
        '<th scope="col" class="num">Trekker van</th><th scope="col" class="num">Partner bij</th>'
        '<th scope="col" class="num">Afgerond (als trekker)</th>'
        '<th scope="col" class="num">Te laat (als trekker)</th></tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def pages(plan: Plan, day: dt.date) -> dict[str, str]:
    all_rows = rows(plan, day)
    by_id = {r.action.id: r for r in all_rows}
    late = overdue_rows(all_rows)
    latest = max((r.date for r in plan.reports), default=None)
    report = f" De laatste voortgangsrapportage is van {latest.isoformat()}." if latest else ""
    intro = (
        f"<p>De stand van de {len(all_rows)} acties per {day.isoformat()}: de laatste "
        f"voortgang die op of voor die datum is gemeld.{report} "
        "Een actie is te laat als het eindkwartaal uit Bijlage 1 voorbij is en de actie "
        "niet is afgerond. "
        f'Zie ook de <a href="{TIMELINE}">tijdlijn</a>.</p>'
    )
    overview = (
        intro
        + "<h2>Per actielijn</h2>"
        + _line_counts(plan, all_rows)
        + "<h2>Per departement</h2>"
        + _department_counts(plan, by_id)
        + f"<h2>Te late acties ({len(late)})</h2>"
        + action_table("Te late acties, de meest te late eerst", late)
    )
    files = {INDEX: page(plan, day, INDEX, f"Voortgang per {day.isoformat()}", overview)}
    items = "".join(
        f'<li><a href="{department_file(d.code)}">{e(d.code)}: {e(d.name)}</a> '
        f"(trekker van {len(lead)}, partner bij {len(partner)})</li>"
        for d, lead, partner in departments_with_actions(plan)
    )
    files[DEPARTMENTS] = page(plan, day, DEPARTMENTS, "Departementen", f"<ul>{items}</ul>")
    registry = Registry(plan.departments)
    for dept, lead, partner in departments_with_actions(plan):
        family = sorted(registry.family(dept.code) - {dept.code})
        also = f"<p>Inclusief de acties van {e(', '.join(family))}.</p>" if family else ""
        note = f"<p>{e(dept.note)}</p>" if dept.note else ""
        lead_rows = [by_id[i] for i in lead]
        body = (
            also
            + note
            + f"<p>Trekker van {len(lead)} acties, waarvan {sum(r.overdue for r in lead_rows)} "
            f"te laat; partner bij {len(partner)} acties.</p>"
            + "<h2>Trekker</h2>"
            + action_table(f"Acties met {dept.code} als trekker", lead_rows)
            + "<h2>Partner</h2>"
            + action_table(f"Acties met {dept.code} als partner", [by_id[i] for i in partner])
        )
        name = department_file(dept.code)
        files[name] = page(plan, day, name, f"{dept.code}: {dept.name}", body)
    return files

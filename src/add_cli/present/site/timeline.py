"""The timeline page: a bar per action over quarters, with a data table beside it.

The bars are a table too (a row per action, a column per quarter), so they need no
script or image: each quarter an action runs in is a cell with its colour and its
letter (A afgerond, S ligt op schema, L loopt, ! te laat, ? geen voortgang), the
column of the as-of date is framed and named. The data table beside it says the
same in words.
"""

from __future__ import annotations

import datetime as dt

from add_cli.core.model import Plan
from add_cli.core.query import rows
from add_cli.core.timeline import Bar, Layout, layout
from add_cli.present.labels import KIND_LABELS
from add_cli.present.site.overview import state_cell
from add_cli.present.site.page import LETTERS, TIMELINE, action_link, e, legend, page, quarter


def _bar_cells(bar: Bar, lay: Layout) -> str:
    cells = []
    words = KIND_LABELS[bar.kind].dutch
    for col in range(lay.width):
        if bar.first <= col <= bar.last:
            mark = LETTERS[bar.kind]
            if col == bar.first and bar.unknown_start:
                mark = "…" + mark
            if col == bar.last and (bar.open_end or bar.past_window):
                mark += "→"
            cells.append(f'<td class="k-{bar.kind}" title="{e(words)}"><span>{e(mark)}</span></td>')
        else:
            cells.append("<td></td>")
    return "".join(cells)


def _grid(lay: Layout) -> str:
    heads = []
    for col, q in enumerate(lay.quarters):
        now = col == lay.as_of_col
        label = f"Q{q.q}<br>{q.year}" + ("<br>peildatum" if now else "")
        framed = ' class="now"' if now else ""
        heads.append(f'<th scope="col"{framed}>{label}</th>')
    body = []
    for section in lay.sections:
        body.append(
            f'<tr><th scope="colgroup" colspan="{lay.width + 1}">{e(section.title)}</th></tr>'
        )
        for bar in section.bars:
            body.append(
                f'<tr><th scope="row">{action_link(bar.row.action.id)}</th>'
                f"{_bar_cells(bar, lay)}</tr>"
            )
    hidden = f"<p>{lay.hidden} acties vallen buiten dit venster.</p>" if lay.hidden else ""
    return (
        '<div class="scroll"><table class="grid"><caption>Tijdlijn van '
        f"{quarter(lay.start)} tot en met {quarter(lay.end)}: een balk per actie</caption>"
        f'<thead><tr><th scope="col">Actie</th>{"".join(heads)}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>{hidden}"
    )


def _data(lay: Layout) -> str:
    body = "".join(
        f'<tr><th scope="row">{action_link(bar.row.action.id)}</th>'
        f"<td>{e(bar.row.action.title)}</td>"
        f"<td>{e(bar.row.action.period.raw)}</td>"
        f"<td>{state_cell(bar.row)}</td></tr>"
        for bar in lay.bars
    )
    return (
        '<div class="scroll"><table><caption>De gegevens van de tijdlijn</caption><thead><tr>'
        '<th scope="col">Actie</th><th scope="col">Titel</th>'
        '<th scope="col">Start- en einddatum</th><th scope="col">Stand</th></tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def pages(plan: Plan, day: dt.date) -> dict[str, str]:
    lay = layout(plan, rows(plan, day), day, None, None)
    body = (
        "<p>Elke balk loopt over de kwartalen uit Bijlage 1. De kleur en de letter geven de "
        "stand: </p>"
        + legend()
        + "<p>“…” aan het begin: gestart, startdatum onbekend. “→” aan het eind: loopt door "
        "na het venster of heeft geen einddatum. De kolom van de peildatum heeft een rode rand "
        "en het woord ‘peildatum’.</p>"
        + '<div class="side"><section aria-labelledby="balken"><h2 id="balken">Balken</h2>'
        + _grid(lay)
        + '</section><section aria-labelledby="gegevens"><h2 id="gegevens">Gegevens</h2>'
        + _data(lay)
        + "</section></div>"
    )
    return {TIMELINE: page(plan, day, TIMELINE, f"Tijdlijn per {day.isoformat()}", body)}

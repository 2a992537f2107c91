"""The frame every page of the site shares: language, title, skip link, navigation, footer.

Also the small pieces the pages are made of (escaped text, links to pages, state
badges with their letter) and the one stylesheet. Colours meet WCAG AA contrast
(4.5:1 for text), and a state is always shown as words or a letter, never colour alone.
"""

from __future__ import annotations

import datetime as dt
import re
from html import escape

from add_cli.core.model import Period, Plan, Quarter
from add_cli.core.timeline import KINDS, Kind
from add_cli.present.labels import KIND_LABELS

CSS_NAME = "stijl.css"
INDEX = "index.html"
TIMELINE = "tijdlijn.html"
STATEMENT = "toegankelijkheid.html"
DEPARTMENTS = "departementen.html"

LETTERS: dict[Kind, str] = {
    "finished": "A",
    "on_schedule": "S",
    "in_progress": "L",
    "overdue": "!",
    "not_reported": "?",
}
"""The letter each timeline mark carries beside its colour."""
DARK_TEXT = {"in_progress", "not_reported"}
"""Kinds whose fill is light: black text on it (else white)."""

NAV = (
    (INDEX, "Overzicht"),
    (DEPARTMENTS, "Departementen"),
    (TIMELINE, "Tijdlijn"),
    (STATEMENT, "Toegankelijkheid"),
)


def _kind_css() -> str:
    rules = []
    for kind in KINDS:
        colour = KIND_LABELS[kind].colour
        text = "#000000" if kind in DARK_TEXT else "#ffffff"
        rules.append(f".k-{kind} {{ background: {colour}; color: {text}; }}")
    return "\n".join(rules)


CSS = (
    """\
body { font-family: Arial, Helvetica, sans-serif; line-height: 1.5; margin: 0; color: #1a1a1a;
  background: #ffffff; }
.skip { position: absolute; left: -10000px; top: 0; }
.skip:focus { left: 0.5rem; top: 0.5rem; background: #ffffff; padding: 0.5rem;
  outline: 3px solid #154273; }
header { background: #154273; color: #ffffff; padding: 0.75rem 1rem; }
header p { margin: 0; font-weight: bold; }
nav ul { list-style: none; margin: 0; padding: 0.5rem 1rem; display: flex; flex-wrap: wrap;
  gap: 1.5rem; background: #e6ecf3; }
nav a { color: #0b3a6e; }
nav a[aria-current="page"] { font-weight: bold; text-decoration: none; }
main { padding: 1rem; max-width: 90rem; }
footer { border-top: 1px solid #8c8c8c; padding: 0.75rem 1rem; color: #333333; }
a { color: #0b3a6e; }
a:focus { outline: 3px solid #154273; outline-offset: 2px; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
caption { text-align: left; font-weight: bold; padding: 0.25rem 0; }
th, td { border: 1px solid #8c8c8c; padding: 0.25rem 0.5rem; text-align: left;
  vertical-align: top; }
thead th { background: #e6ecf3; }
td.num, th.num { text-align: right; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; }
dt { font-weight: bold; }
dd { margin: 0; }
dd > p:first-child, dd > ul:first-child { margin-top: 0; }
.badge { display: inline-block; min-width: 1.4em; text-align: center; font-weight: bold;
  border-radius: 3px; padding: 0 0.3em; }
.side { display: flex; flex-wrap: wrap; gap: 2rem; align-items: flex-start; }
.side > * { flex: 1 1 30rem; min-width: 0; }
.scroll { overflow-x: auto; }
table.grid td { padding: 0; min-width: 1.6rem; text-align: center; }
table.grid td span { display: block; }
table.grid th.now { border: 3px solid #c62828; }
.fill { background: #fff8d6; padding: 0.1rem 0.3rem; }
"""
    + _kind_css()
    + "\n@media print { nav, .skip { display: none; } }\n"
)


def e(text: str | None) -> str:
    return escape(text or "", quote=True)


def slug(text: str) -> str:
    """A file-name-safe form of an id or code (letters, digits, dot, dash)."""
    return re.sub(r"[^A-Za-z0-9.-]+", "-", text).strip("-") or "x"


def action_file(action_id: str) -> str:
    return f"actie-{slug(action_id)}.html"


def department_file(code: str) -> str:
    return f"departement-{slug(code)}.html"


def action_link(action_id: str, text: str | None = None) -> str:
    return f'<a href="{action_file(action_id)}">{e(text or action_id)}</a>'


def quarter(q: Quarter | None) -> str:
    return f"Q{q.q} {q.year}" if q else ""


def period_nl(period: Period) -> str:
    """The schedule read in Dutch: 'gestart (datum onbekend) tot en met Q4 2029'."""
    if period.start_kind == "started":
        start = "gestart (datum onbekend)"
    elif period.start is not None:
        start = ("voorziene start " if period.planned else "") + quarter(period.start)
    else:
        start = "geen start"
    if period.end_kind == "ongoing":
        end = "doorlopend"
    elif period.end is not None:
        end = "tot en met " + quarter(period.end)
    else:
        end = "geen einddatum"
    return f"{start}, {end}"


def badge(kind: Kind, label: str | None = None) -> str:
    """A state or timeline kind as its letter on its colour, followed by its words."""
    words = label if label is not None else KIND_LABELS[kind].dutch
    return f'<span class="badge k-{kind}" aria-hidden="true">{LETTERS[kind]}</span> {e(words)}'


def legend() -> str:
    items = "".join(f"<li>{badge(kind)}</li>" for kind in KINDS)
    return f'<ul class="legend">{items}</ul>'


def page(plan: Plan, day: dt.date, name: str, title: str, body: str) -> str:
    """A whole page: `title` is its h1 and (with the plan's title) its document title."""
    current = ' aria-current="page"'
    links = "".join(
        f'<li><a href="{href}"{current if href == name else ""}>{label}</a></li>'
        for href, label in NAV
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(title)} – {e(plan.title)}</title>\n"
        f'<link rel="stylesheet" href="{CSS_NAME}">\n</head>\n<body>\n'
        '<a class="skip" href="#inhoud">Naar de inhoud</a>\n'
        f"<header><p>{e(plan.title)}</p></header>\n"
        f'<nav aria-label="Hoofdmenu"><ul>{links}</ul></nav>\n'
        f'<main id="inhoud">\n<h1>{e(title)}</h1>\n{body}\n</main>\n'
        f"<footer><p>Stand per {day.isoformat()}, gemaakt met add uit het actieplan "
        "en de voortgangsrapportages. "
        f'<a href="{STATEMENT}">Toegankelijkheidsverklaring</a></p></footer>\n'
        "</body>\n</html>\n"
    )

"""The timeline as Mermaid, SVG and a standalone HTML page.

The SVG is written directly: a chart of rectangles and labels needs no library,
stays small, embeds no fonts or scripts, loads nothing from the network and is
byte-for-byte reproducible. It is sized for A4 landscape (297 x 210 mm) and
prints as one page for the real plan.
"""

from __future__ import annotations

from html import escape

from add_cli.core.timeline import KINDS, Bar, Layout
from add_cli.present.labels import KIND_LABELS, LATE_START


def _mermaid_text(text: str) -> str:
    """Mermaid task names end at ':' and lines at ';' or '#'."""
    for ch in ":;#":
        text = text.replace(ch, " ")
    return " ".join(text.split())


def mermaid(title: str, lay: Layout) -> str:
    """A Mermaid gantt block, a section per action line; renders on GitHub and GitLab."""
    start = lay.start.first_day.isoformat()
    end = lay.end.last_day.isoformat()
    out = [
        "```mermaid",
        "gantt",
        f"    title {_mermaid_text(title)} (stand per {lay.as_of.isoformat()})",
        "    dateFormat YYYY-MM-DD",
        "    axisFormat %Y-%m",
        "    todayMarker off",
        "    section Peildatum",
        f"    Peildatum {lay.as_of.isoformat()} :milestone, peildatum, {lay.as_of.isoformat()}, 0d",
    ]
    for section in lay.sections:
        out.append(f"    section {_mermaid_text(section.title)}")
        for i, bar in enumerate(section.bars):
            action = bar.row.action
            begins = action.period.start
            first = begins.first_day.isoformat() if begins and not bar.from_before else start
            last = (
                action.period.end.last_day.isoformat()
                if (action.period.end is not None and not bar.past_window)
                else end
            )
            note = " (gestart)" if bar.unknown_start else ""
            note += " (doorlopend)" if bar.open_end else ""
            note += f" ({LATE_START.dutch})" if bar.row.late_start else ""
            name = _mermaid_text(f"{action.id} {action.title}{note}")
            tag = KIND_LABELS[bar.kind].mermaid or (
                LATE_START.mermaid if bar.row.late_start else ""
            )
            out.append(f"    {name} :{tag}t{section.key}x{i}, {first}, {last}")
    out.append("```")
    return "\n".join(out) + "\n"


# A4 landscape proportions; the viewBox scales to the page.
LABEL_W = 430
COL_W = 34
ROW_H = 16
TOP = 78


def _ink(colour: str) -> str:
    """Black or white, whichever reads better on the `#rrggbb` colour (WCAG luminance)."""

    def channel(hex2: str) -> float:
        c = int(hex2, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#000000" if luminance > 0.179 else "#ffffff"


def _svg_bar(bar: Bar, y: float, x0: float) -> list[str]:
    colour = KIND_LABELS[bar.kind].colour
    x = x0 + bar.first * COL_W + 1
    w = (bar.last - bar.first + 1) * COL_W - 2
    parts = [
        f'<rect x="{x:.0f}" y="{y + 3:.0f}" width="{w:.0f}" height="{ROW_H - 6}" '
        f'rx="3" fill="{colour}"/>'
    ]
    if bar.unknown_start:
        parts.append(
            f'<rect x="{x:.0f}" y="{y + 3:.0f}" width="{min(w, COL_W):.0f}" '
            f'height="{ROW_H - 6}" fill="url(#started)"/>'
        )
    if bar.from_before and not bar.unknown_start:
        parts.append(
            f'<path d="M{x:.0f},{y + 3:.0f} l-6,{(ROW_H - 6) / 2:.1f} '
            f'l6,{(ROW_H - 6) / 2:.1f} z" fill="{colour}"/>'
        )
    if bar.row.late_start:  # the start quarter passed with no sign of a start
        parts.append(
            f'<text x="{x + 3:.0f}" y="{y + ROW_H - 6:.0f}" fill="#ffffff" '
            f'font-size="9" font-weight="bold">{LATE_START.mark}</text>'
            f'<rect x="{x:.0f}" y="{y + 3:.0f}" width="3" height="{ROW_H - 6}" '
            f'fill="{LATE_START.colour}"><title>{LATE_START.dutch}</title></rect>'
        )
    if w >= 14:  # the kind's mark, so that no bar tells its state by colour alone
        parts.append(
            f'<text x="{x + w - 4:.0f}" y="{y + ROW_H - 6:.0f}" text-anchor="end" '
            f'font-size="9" font-weight="bold" fill="{_ink(colour)}">'
            f"{escape(KIND_LABELS[bar.kind].mark)}</text>"
        )
    if bar.open_end or bar.past_window:
        xe = x + w
        parts.append(
            f'<path d="M{xe:.0f},{y + 3:.0f} l7,{(ROW_H - 6) / 2:.1f} '
            f'l-7,{(ROW_H - 6) / 2:.1f} z" fill="{colour}"/>'
        )
    return parts


def svg(title: str, lay: Layout) -> str:
    n = lay.width
    rows = sum(len(s.bars) + 1 for s in lay.sections)
    width = LABEL_W + n * COL_W + 30
    legend_y = TOP + rows * ROW_H + 24
    height = legend_y + 46
    x0 = LABEL_W
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" font-family="Arial, Helvetica, sans-serif" '
        'font-size="11">',
        f"<title>{escape(title)}: tijdlijn per {lay.as_of.isoformat()}</title>",
        '<defs><pattern id="started" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="3" height="6" fill="#ffffff" '
        'fill-opacity="0.6"/></pattern></defs>',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="10" y="22" font-size="16" font-weight="bold">{escape(title)}</text>',
        f'<text x="10" y="40" font-size="12">Tijdlijn per {lay.as_of.isoformat()}, '
        f"{lay.start} tot en met {lay.end}</text>",
    ]
    for i, q in enumerate(lay.quarters):
        x = x0 + i * COL_W
        if q.q == 1 or (i == 0 and q.q <= 2):
            out.append(f'<text x="{x + 2}" y="{TOP - 20}" font-weight="bold">{q.year}</text>')
        out.append(
            f'<text x="{x + COL_W / 2:.0f}" y="{TOP - 6}" text-anchor="middle" '
            f'fill="#555555">Q{q.q}</text>'
        )
        shade = "#f4f4f4" if q.year % 2 else "#ffffff"
        out.append(
            f'<rect x="{x}" y="{TOP}" width="{COL_W}" height="{rows * ROW_H}" '
            f'fill="{shade}" stroke="#e0e0e0" stroke-width="0.5"/>'
        )
    y = TOP
    for section in lay.sections:
        out.append(
            f'<text x="10" y="{y + ROW_H - 5}" font-weight="bold">{escape(section.title)}</text>'
        )
        y += ROW_H
        for bar in section.bars:
            action = bar.row.action
            label = action.title if len(action.title) <= 62 else action.title[:61].rstrip() + "…"
            out.append(
                f'<text x="10" y="{y + ROW_H - 5}">'
                f'<tspan font-weight="bold">{escape(action.id)}</tspan> '
                f"{escape(label)}</text>"
            )
            out += _svg_bar(bar, y, x0)
            if bar.kind == "overdue":
                late = bar.row.quarters_late
                out.append(
                    f'<text x="{x0 + (bar.last + 1) * COL_W + 9:.0f}" '
                    f'y="{y + ROW_H - 5}" fill="{KIND_LABELS["overdue"].colour}" font-size="9">'
                    f"+{late}Q</text>"
                )
            y += ROW_H
    if lay.as_of_col is not None:
        day = lay.as_of
        q_first = lay.quarters[lay.as_of_col].first_day
        frac = (day - q_first).days / 92
        marker_x = x0 + (lay.as_of_col + frac) * COL_W
        out.append(
            f'<line x1="{marker_x:.1f}" y1="{TOP - 2}" x2="{marker_x:.1f}" '
            f'y2="{TOP + rows * ROW_H}" '
            'stroke="#c62828" stroke-width="1.5" stroke-dasharray="4 3"/>'
        )
        out.append(
            f'<text x="{marker_x + 3:.1f}" y="{TOP + rows * ROW_H + 12}" fill="#c62828">'
            f"peildatum {day.isoformat()}</text>"
        )
    lx = 10
    for kind in KINDS:
        colour, label = KIND_LABELS[kind].colour, KIND_LABELS[kind].dutch
        mark = escape(KIND_LABELS[kind].mark)
        out.append(f'<rect x="{lx}" y="{legend_y}" width="18" height="10" rx="2" fill="{colour}"/>')
        out.append(
            f'<text x="{lx + 15}" y="{legend_y + 9}" text-anchor="end" font-size="9" '
            f'font-weight="bold" fill="{_ink(colour)}">{mark}</text>'
        )
        out.append(f'<text x="{lx + 24}" y="{legend_y + 9}">{label}</text>')
        lx += 44 + 7 * len(label)
    out.append(
        f'<rect x="{lx}" y="{legend_y}" width="18" height="10" fill="#777777"/>'
        f'<rect x="{lx}" y="{legend_y}" width="18" height="10" fill="url(#started)"/>'
    )
    out.append(f'<text x="{lx + 24}" y="{legend_y + 9}">gestart, startdatum onbekend</text>')
    if any(b.row.late_start for s in lay.sections for b in s.bars):
        lx += 44 + 7 * len("gestart, startdatum onbekend")
        out.append(
            f'<rect x="{lx}" y="{legend_y}" width="3" height="10" fill="{LATE_START.colour}"/>'
            f'<text x="{lx + 9}" y="{legend_y + 9}">{LATE_START.mark}: {LATE_START.dutch}</text>'
        )
    out.append(
        f'<text x="10" y="{legend_y + 28}" fill="#555555">Pijlpunt: loopt door '
        "voorbij het venster of heeft geen einddatum. +nQ: aantal kwartalen te laat. "
        "Planning volgens Bijlage 1.</text>"
    )
    if lay.hidden:
        out.append(
            f'<text x="10" y="{legend_y + 42}" fill="#555555">{lay.hidden} acties '
            "vallen buiten het venster.</text>"
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"


def html(title: str, lay: Layout) -> str:
    """A standalone page with the chart; prints on one A4 landscape page per screen."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}: tijdlijn per {lay.as_of.isoformat()}</title>\n"
        "<style>\n"
        "@page { size: A4 landscape; margin: 10mm; }\n"
        "body { margin: 0; font-family: Arial, Helvetica, sans-serif; }\n"
        "svg { width: 100%; height: auto; display: block; }\n"
        "@media print { svg { width: auto; height: auto; max-width: 100%; max-height: 188mm;"
        " margin: 0 auto; break-inside: avoid; } }\n"
        "</style>\n</head>\n<body>\n" + svg(title, lay) + "</body>\n</html>\n"
    )

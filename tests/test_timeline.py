"""The timeline: layout logic (columns, open ends, clipping, empty selections) and writers."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from add_cli.cli.app import app
from add_cli.core import query
from add_cli.core.model import Plan, Quarter
from add_cli.core.timeline import column, default_window, layout
from add_cli.present.chart import html, mermaid, svg
from add_cli.present.timeline import cells, text_lines
from add_cli.store.load import load

ROOT = Path(__file__).resolve().parents[1]
AS_OF = dt.date(2025, 11, 1)
Q = Quarter


@pytest.fixture(scope="module")
def plan() -> Plan:
    result = load(ROOT / "plan")
    assert result.plan is not None
    return result.plan


def bars_by_id(plan: Plan, start: Quarter, end: Quarter, ids: list[str] | None = None):  # type: ignore[no-untyped-def]
    actions = [a for a in plan.actions if ids is None or a.id in ids]
    lay = layout(plan, query.rows(plan, AS_OF, actions), AS_OF, start, end)
    return lay, {b.row.action.id: b for b in lay.bars}


def test_quarter_to_column() -> None:
    """Columns count quarters from the window's start, across years."""
    assert column(Q(2024, 1), Q(2024, 1)) == 0
    assert column(Q(2024, 4), Q(2024, 1)) == 3
    assert column(Q(2025, 1), Q(2024, 3)) == 2
    assert column(Q(2023, 4), Q(2024, 1)) == -1


def test_bars_in_the_window(plan: Plan) -> None:
    """A bar covers its start to its end quarter; the as-of column is the as-of quarter."""
    lay, bars = bars_by_id(plan, Q(2024, 1), Q(2026, 4))
    assert lay.width == 12 and lay.as_of_col == 7  # 2025-Q4
    a = bars["1.a.1"]  # Q2 2024 – Q3 2024, finished
    assert (a.first, a.last, a.kind) == (1, 2, "finished")
    assert not (a.from_before or a.open_end or a.past_window or a.unknown_start)
    b = bars["2.a.1"]  # Q3 – Q4 2024
    assert (b.first, b.last) == (2, 3)


def test_open_ends_and_unknown_starts(plan: Plan) -> None:
    """doorlopend runs to the right edge; Gestart is an unknown start at the left edge."""
    _, bars = bars_by_id(plan, Q(2024, 1), Q(2026, 4))
    ongoing = bars["2.a.4"]  # Q2 2024 – doorlopend
    assert (ongoing.first, ongoing.last, ongoing.open_end) == (1, 11, True)
    started = bars["1.c.1"]  # Gestart, deadline Q3 2024, overdue
    assert started.unknown_start and started.from_before
    assert (started.first, started.last, started.kind) == (0, 2, "overdue")
    planned = bars["1.a.4"]  # Voorziene start Q1 2025: no end
    assert (planned.first, planned.open_end) == (4, True)
    always = bars["3.a.5"]  # doorlopend: no start, no end
    assert (always.first, always.last, always.unknown_start, always.from_before) == (
        0,
        11,
        False,
        True,
    )


def test_clipping_to_the_window(plan: Plan) -> None:
    """Bars are cut at the window's edges; actions wholly outside are hidden and counted."""
    lay, bars = bars_by_id(plan, Q(2025, 1), Q(2025, 4))
    assert lay.width == 4
    long_one = bars["1.b.2"]  # Q1 2023 – Q4 2028
    assert (long_one.first, long_one.last) == (0, 3)
    assert long_one.from_before and long_one.past_window and not long_one.open_end
    assert "1.a.1" not in bars  # ended in Q3 2024
    assert "2.b.5" not in bars  # ended in Q2 2024
    assert lay.hidden == 44 - len(lay.bars)
    row = cells(long_one, lay.width)
    assert row[0].startswith("<") and row[-1].endswith(">")


def test_the_as_of_column_outside_the_window(plan: Plan) -> None:
    """An as-of date outside the window has no marker column."""
    lay, _ = bars_by_id(plan, Q(2023, 1), Q(2024, 4))
    assert lay.as_of_col is None


def test_empty_selection(plan: Plan) -> None:
    """No actions: no sections, and every writer still produces its frame."""
    lay = layout(plan, [], AS_OF, Q(2024, 1), Q(2025, 4))
    assert lay.sections == () and lay.hidden == 0
    text = "\n".join(t for t, _ in text_lines(plan.title, lay, 80))
    assert "timeline as of 2025-11-01" in text
    ET.fromstring(svg(plan.title, lay))
    assert mermaid(plan.title, lay).startswith("```mermaid\ngantt\n")


def test_default_window_stays_readable(plan: Plan) -> None:
    """By default at most three years back and two ahead of the as-of quarter."""
    start, end = default_window(query.rows(plan, AS_OF), AS_OF)
    assert start == Q(2022, 4) and end == Q(2027, 4)


def test_a_window_that_ends_before_it_starts(plan: Plan) -> None:
    """--to before --from is a clear error."""
    with pytest.raises(ValueError, match="ends"):
        layout(plan, [], AS_OF, Q(2025, 3), Q(2025, 1))


def test_terminal_chart_fits_80_columns_and_marks_states() -> None:
    """Piped: plain text, within 80 columns, with the as-of marker and the legend."""
    runner = CliRunner()
    result = runner.invoke(
        app,
        ["timeline", "--plan", str(ROOT / "plan"), "--as-of", "2025-11-01"],
        env={"COLUMNS": "80"},
    )
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert any("v as of" in line for line in lines)
    row = next(line for line in lines if line.startswith("1.c.1"))
    assert "?!" in row and "\x1b[" not in result.stdout
    assert "overdue" in lines[-2]  # the legend speaks the language (issue 16): English here


def test_mermaid_block(plan: Plan) -> None:
    """A gantt block with a section per action line and done/active/crit tags."""
    lay = layout(plan, query.rows(plan, AS_OF), AS_OF)
    text = mermaid(plan.title, lay)
    assert text.startswith("```mermaid\ngantt\n") and text.endswith("```\n")
    assert text.count("    section Actielijn") == 3
    assert ":done, " in text and ":crit, " in text and ":active, " in text
    assert ":milestone, peildatum, 2025-11-01, 0d" in text
    for line in text.splitlines()[8:-1]:
        if not line.startswith("    section"):
            name = line.split(" :", 1)[0]
            assert ":" not in name and ";" not in name and "#" not in name


def test_svg_and_html_are_standalone(plan: Plan) -> None:
    """Well-formed SVG with legend, ids and as-of line; HTML embeds it and loads nothing."""
    lay = layout(plan, query.rows(plan, AS_OF), AS_OF)
    image = svg(plan.title, lay)
    root = ET.fromstring(image)
    texts = " ".join("".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "1.c.1" in texts and "peildatum 2025-11-01" in texts and "te laat" in texts
    page = html(plan.title, lay)
    assert page.startswith("<!DOCTYPE html>") and image in page
    assert "size: A4 landscape" in page
    for forbidden in ("<script", "<link", "src=", "@import", "url(http"):
        assert forbidden not in page
    assert page.count("http") == page.count("http://www.w3.org/2000/svg")
    assert svg(plan.title, lay) == image  # reproducible


def test_timeline_cli_formats(tmp_path: Path) -> None:
    """--format svg/html write files; bad quarters and windows are usage errors."""
    runner = CliRunner()
    plan = str(ROOT / "plan")
    out = tmp_path / "t.svg"
    result = runner.invoke(
        app,
        [
            "timeline",
            "--plan",
            plan,
            "-f",
            "svg",
            "-o",
            str(out),
            "--dept",
            "BZK",
            "--from",
            "2024-Q1",
            "--to",
            "2025-Q4",
        ],
    )
    assert result.exit_code == 0 and out.read_text().startswith("<svg")
    bad = runner.invoke(app, ["timeline", "--plan", plan, "--from", "2024-Q5"])
    assert bad.exit_code == 2 and "not a quarter" in bad.stderr
    bad = runner.invoke(app, ["timeline", "--plan", plan, "--from", "2025-Q3", "--to", "2025-Q1"])
    assert bad.exit_code == 2 and "before it starts" in bad.stderr
    none = runner.invoke(app, ["timeline", "--plan", plan, "--dept", "OCW", "-f", "mermaid"])
    assert none.exit_code == 0 and "section" not in none.stdout.replace("section Peildatum", "")

"""`add site`: the static Dutch site's pages, links and texts (no browser needed)."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from add_cli.cli.app import app
from add_cli.core.model import Plan
from add_cli.core.query import overdue_rows, rows
from add_cli.present.site import build
from add_cli.present.site.page import action_file
from add_cli.store.load import load
from tests.conftest import build_case
from tests.test_hostile import ERROR_CASES

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "plan"
DAY = dt.date(2026, 1, 15)
runner = CliRunner()


def plan() -> Plan:
    loaded = load(PLAN).plan
    assert loaded is not None
    return loaded


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.tags: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.refs.append(value)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed(html: str) -> Links:
    p = Links()
    p.feed(html)
    return p


def test_the_site_has_every_page() -> None:
    p = plan()
    files = build(p, DAY)
    for name in ("index.html", "tijdlijn.html", "toegankelijkheid.html", "stijl.css"):
        assert name in files
    for action in p.actions:
        assert action_file(action.id) in files
    assert any(name.startswith("departement-") for name in files)


def test_no_scripts_nothing_from_the_network_and_every_link_resolves() -> None:
    files = build(plan(), DAY)
    for name, text in files.items():
        if not name.endswith(".html"):
            continue
        page = parsed(text)
        assert "script" not in page.tags and "iframe" not in page.tags, name
        assert '<html lang="nl">' in text and "<title>" in text
        for ref in page.refs:
            assert not re.match(r"[a-z]+:", ref) and not ref.startswith("//"), (name, ref)
            target = ref.split("#")[0]
            assert target == "" or target in files, (name, ref)


def test_overview_counts_and_late_actions() -> None:
    p = plan()
    index = build(p, DAY)["index.html"]
    late = overdue_rows(rows(p, DAY))
    assert late, "the shipped plan has late actions on this date"
    assert f"Te late acties ({len(late)})" in index
    for row in late:
        assert f'href="{action_file(row.action.id)}"' in index
    total = re.search(r'Totaal</th><td class="num">(\d+)</td>', index)
    assert total is not None and int(total[1]) == len(p.actions)


def test_an_action_page_has_annex_body_schedule_and_every_entry() -> None:
    p = plan()
    files = build(p, DAY)
    action = next(a for a in p.actions if len(p.entries_for(a.id)) >= 1)
    page = files[action_file(action.id)]
    text = " ".join(parsed(page).text)
    for heading in ("Bijlage 1", "Hoofdtekst", "Planning", "Voortgang", "Verwijzingen"):
        assert f"<h2>{heading}</h2>" in page
    assert action.annex.departments in text
    for entry in p.entries_for(action.id):
        if entry.date <= DAY:
            assert entry.text in text


def test_timeline_marks_carry_letters_and_a_data_table() -> None:
    page = build(plan(), DAY)["tijdlijn.html"]
    cells = re.findall(r'<td class="k-(\w+)"[^>]*><span>([^<]+)</span>', page)
    assert cells
    letters = {"finished": "A", "on_schedule": "S", "in_progress": "L", "overdue": "!"}
    for kind, mark in cells:
        assert letters.get(kind, "?") in mark  # never colour alone
    assert "De gegevens van de tijdlijn" in page and "peildatum" in page


def test_statement_is_there_to_fill_in() -> None:
    page = build(plan(), DAY)["toegankelijkheid.html"]
    assert "WCAG" in page and "[in te vullen:" in page


def test_the_command_writes_the_folder(tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = runner.invoke(
        app, ["site", "-o", str(out), "--as-of", "2026-01-15", "--plan", str(PLAN)]
    )
    assert result.exit_code == 0, result.output
    assert (out / "index.html").is_file() and "Voortgang per 2026-01-15" in (
        out / "index.html"
    ).read_text(encoding="utf-8")
    again = runner.invoke(
        app, ["site", "-o", str(out), "--as-of", "2026-01-15", "--plan", str(PLAN)]
    )
    assert again.exit_code == 0
    a_file = tmp_path / "file"
    a_file.write_text("x")
    refused = runner.invoke(app, ["site", "-o", str(a_file), "--plan", str(PLAN)])
    assert refused.exit_code == 2 and "is a file" in refused.stderr


@pytest.mark.parametrize("case", ERROR_CASES)
def test_site_refuses_a_plan_with_errors_and_writes_nothing(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan_dir = build_case(case, tmp_path / "plan")
    monkeypatch.chdir(plan_dir)
    result = runner.invoke(app, ["site", "-o", str(tmp_path / "site"), "--plan", "."])
    assert result.exit_code == 2, result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert not (tmp_path / "site").exists()


def test_site_of_the_small_plan(tmp_path: Path) -> None:
    base = ROOT / "tests" / "invalid_plans" / "_base"
    result = runner.invoke(app, ["site", "-o", str(tmp_path / "s"), "--plan", str(base)])
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "s" / "tijdlijn.html").is_file()


def test_the_index_of_references_gives_what_a_scan_of_every_action_gives() -> None:
    """detail() reads 'referenced by' and the known ids from an index made once per plan
    (the site made one page per action, each scanning every action); same answers."""
    from add_cli.core.detail import detail

    p = plan()
    referring = [a for a in p.actions if a.references]
    assert referring, "the shipped plan has actions that refer to others"
    for action in p.actions:
        d = detail(p, action, DAY)
        assert d.referenced_by == tuple(a.id for a in p.actions if action.id in a.references)
        ids = {a.id.casefold() for a in p.actions}
        assert all(m.exists == (m.id.casefold() in ids) for m in d.mentions)


def test_the_site_is_written_page_by_page_with_the_same_files(tmp_path: Path) -> None:
    from add_cli.present.site import files

    p = plan()
    streamed = dict(files(p, DAY))
    assert streamed == build(p, DAY) and len(streamed) == 58

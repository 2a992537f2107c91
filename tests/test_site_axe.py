"""Accessibility checked, not assumed: axe-core (WCAG 2.1 A and AA) finds nothing on any page
of the site nor on the HTML timeline, in headless Chromium.

Skipped with its reason where Chromium or axe-core is missing. To run it:
  apt-get install chromium
  npm install --prefix .cache/axe axe-core@4
  PYTHONPATH=$PWD/src .venv/bin/python -m pytest tests/test_site_axe.py
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from add_cli.cli.app import app
from tests.chromium import Browser, missing

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "plan"
runner = CliRunner()

pytestmark = pytest.mark.skipif(missing() is not None, reason=missing() or "")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with Browser() as b:
        yield b


def invoke(*args: str) -> None:
    result = runner.invoke(app, [*args, "--plan", str(PLAN)])
    assert result.exit_code == 0, result.output


def test_every_site_page_has_no_violations(browser: Browser, tmp_path: Path) -> None:
    invoke("site", "-o", str(tmp_path / "site"), "--as-of", "2026-01-15")
    pages = sorted((tmp_path / "site").glob("*.html"))
    assert len(pages) > 10
    found = {p.name: browser.axe(p.as_uri()) for p in pages}
    assert {name: v for name, v in found.items() if v} == {}


def test_the_html_timeline_has_no_violations(browser: Browser, tmp_path: Path) -> None:
    out = tmp_path / "tijdlijn.html"
    invoke("timeline", "-f", "html", "--as-of", "2026-01-15", "-o", str(out))
    assert browser.axe(out.as_uri()) == []


def test_axe_does_find_violations(browser: Browser, tmp_path: Path) -> None:
    """The check can fail: a page without language, alt text or contrast is caught."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!DOCTYPE html><html><head><title>x</title></head><body><img src="x.png">'
        '<p style="color:#bbbbbb">te licht</p></body></html>',
        encoding="utf-8",
    )
    ids = {v["id"] for v in browser.axe(bad.as_uri())}
    assert {"html-has-lang", "image-alt", "color-contrast"} <= ids

"""The static site for the intranet (`add site`): Dutch pages, no scripts, nothing from the network.

`build(plan, day)` returns every file of the site by its name: the overview
(`index.html`), a page per department and per action, the timeline with its data
table, the accessibility statement to fill in, and one stylesheet. All links are
relative and the folder is flat, so the site works from `file://` and from any web
server path. Charts never rely on colour alone: every coloured mark carries a letter
explained in its legend, and every chart has a data table beside it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from add_cli.core.model import Plan
from add_cli.present.site import action, overview, statement, timeline
from add_cli.present.site.page import CSS, CSS_NAME


def build(plan: Plan, day: dt.date) -> dict[str, str]:
    """Every file of the site as of `day`: file name -> text (UTF-8)."""
    return dict(files(plan, day))


def files(plan: Plan, day: dt.date) -> Iterator[tuple[str, str]]:
    """The files of `build`, one at a time: the page of each action is made as it is
    asked for, so that a large plan's site is never held whole (10,000 pages)."""
    yield CSS_NAME, CSS
    yield from overview.pages(plan, day).items()
    yield from action.each_page(plan, day)
    yield from timeline.pages(plan, day).items()
    yield from statement.pages(plan, day).items()

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

from add_cli.core.model import Plan
from add_cli.present.site import action, overview, statement, timeline
from add_cli.present.site.page import CSS, CSS_NAME


def build(plan: Plan, day: dt.date) -> dict[str, str]:
    """Every file of the site as of `day`: file name -> text (UTF-8)."""
    files = {CSS_NAME: CSS}
    files.update(overview.pages(plan, day))
    files.update(action.pages(plan, day))
    files.update(timeline.pages(plan, day))
    files.update(statement.pages(plan, day))
    return files

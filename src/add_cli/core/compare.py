"""Where the annex and the body say different things, and what an action's text refers to.

Pure functions over the model; `validate` turns them into findings with positions
and `add show` prints them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from add_cli.core.departments import Registry
from add_cli.core.i18n import _
from add_cli.core.model import Action, Period, strip_action_prefix

ACTION_CODE = re.compile(r"(?<![\w.])(\d+\.[a-z]\.\d+)(?![\w])")
_QUOTES = str.maketrans({"‘": "", "’": "", "'": "", "“": "", "”": "", '"': ""})


@dataclass(frozen=True)
class Difference:
    code: str
    """The finding code: annex-body-period, annex-body-departments or annex-body-title."""
    field: str
    """Where the body says it: 'period', 'departments' or 'title'."""
    message: str


def title_key(title: str) -> str:
    """A title for comparison: no 'ACTIE x:' prefix, quotes, case or trailing period."""
    text = strip_action_prefix(title).translate(_QUOTES)
    return " ".join(text.split()).rstrip(" .").casefold()


def period_key(period: Period) -> tuple[Any, ...]:
    return (period.start, period.start_kind, period.end, period.end_kind, period.planned)


def differences(action: Action, registry: Registry) -> list[Difference]:
    """Where the annex and the body of one action differ in period, departments or title."""
    out = []
    annex, body = action.annex, action.body.cells
    # A carried action's annex period is unset until the team places it (validate's
    # carried-unplaced says so): nothing to compare yet.
    unset = bool(action.continues) and not annex.period.raw
    # Equal inputs read the same: most actions print the same cells twice, and the
    # comparisons below are only made where they differ.
    same_period = annex.period is body.period or period_key(annex.period) == period_key(body.period)
    if not unset and not same_period:
        out.append(
            Difference(
                "annex-body-period",
                "period",
                _("annex period {a} differs from body period {b}").format(
                    a=repr(annex.period.raw), b=repr(body.period.raw)
                ),
            )
        )
    same_lead = annex.lead == body.lead or registry.canonical(annex.lead) == registry.canonical(
        body.lead
    )
    same_partners = annex.partners == body.partners or {
        registry.canonical(p) for p in annex.partners
    } == {registry.canonical(p) for p in body.partners}
    same_others = annex.others == body.others or {o.casefold() for o in annex.others} == {
        o.casefold() for o in body.others
    }
    if not (same_lead and same_partners and same_others):
        out.append(
            Difference(
                "annex-body-departments",
                "departments",
                _("annex departments {a} differ from body {b}").format(
                    a=repr(annex.departments), b=repr(body.departments)
                ),
            )
        )
    if annex.title != body.title and title_key(annex.title) != title_key(body.title):
        out.append(
            Difference(
                "annex-body-title",
                "title",
                _("annex title {a} is worded differently in the body: {b}").format(
                    a=repr(annex.title), b=repr(body.title)
                ),
            )
        )
    return out


@dataclass(frozen=True)
class TextReference:
    target: str
    context: str
    """A few words around the mention."""


_MAYBE_CODE = re.compile(r"\.[a-z]\.\d")
"""What every match of ACTION_CODE holds: a search for it skips to each "." quickly."""


def text_references(action: Action) -> list[TextReference]:
    """Action codes the body's texts mention ('zie actie 1.b.4')."""
    out: list[TextReference] = []
    maybe = _MAYBE_CODE.search
    for text in (*action.body.what, *action.body.success, action.body.cells.period.raw):
        if maybe(text) is None:  # most texts: no code in them
            continue
        for m in ACTION_CODE.finditer(text):
            context = text[max(0, m.start() - 20) : m.end() + 5].strip()
            out.append(TextReference(m[1], context))
    return out

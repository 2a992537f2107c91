"""Everything about one action, as data (`add show`); `present.show` words it."""

from __future__ import annotations

import datetime as dt
import difflib
import weakref
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from add_cli.core.compare import differences, text_references
from add_cli.core.departments import Registry
from add_cli.core.model import Action, Plan, split_continues
from add_cli.core.periods import describe
from add_cli.core.query import Row, latest_entry


def suggestions(plan: Plan, wanted: str, n: int = 3) -> list[str]:
    """The ids closest to a mistyped one."""
    ids = [a.id for a in plan.actions]
    lowered = {i.casefold(): i for i in ids}
    close = difflib.get_close_matches(wanted.casefold(), list(lowered), n=n, cutoff=0.5)
    return [lowered[c] for c in close]


@dataclass(frozen=True)
class Named:
    """An action line or sub-line: its id and title."""

    id: str
    title: str | None


@dataclass(frozen=True)
class AnnexRow:
    """The annex (Bijlage 1) row as printed, with the departments read from it."""

    actie: str
    departement: str
    period: str
    lead: str
    partners: tuple[str, ...]
    others: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "Actie": self.actie,
            "Departement": self.departement,
            "Start- en einddatum": self.period,
            "lead": self.lead,
            "partners": list(self.partners),
            "others": list(self.others),
        }


@dataclass(frozen=True)
class BodyText:
    """What the body of the plan says about the action."""

    title: str
    subtitle: str | None
    departments: str
    lead: str
    partners: tuple[str, ...]
    others: tuple[str, ...]
    category: str | None
    what: tuple[str, ...]
    success: tuple[str, ...]
    success_is_list: bool
    period: str


@dataclass(frozen=True)
class Schedule:
    annex: str
    """The annex period in words."""
    body: str
    """The body's period in words."""
    start: str | None
    end: str | None
    deadline: str | None
    notes: tuple[str, ...]


@dataclass(frozen=True)
class ProgressItem:
    date: str
    state: str
    expected: str | None
    text: str
    report: str | None
    plan: str | None = None
    """The predecessor plan's id for an entry of the action this one continues."""


@dataclass(frozen=True)
class Mention:
    """An action id the body text mentions, and whether that action exists."""

    id: str
    exists: bool
    context: str


@dataclass(frozen=True)
class NcddBox:
    kind: str
    name: str
    start: str | None
    description: str


@dataclass(frozen=True)
class CorrectionItem:
    field: str
    printed: str
    corrected: str
    reason: str


@dataclass(frozen=True)
class Detail:
    """Everything `add show` says about one action as of a date."""

    id: str
    label: str
    title: str
    line: Named
    subline: Named | None
    annex: AnnexRow
    body: BodyText
    schedule: Schedule
    row: Row
    """The action as of the date: state, overdue, expected quarter, latest entry."""
    progress: tuple[ProgressItem, ...]
    differences: tuple[str, ...]
    references: tuple[str, ...]
    referenced_by: tuple[str, ...]
    mentions: tuple[Mention, ...]
    ncdd: tuple[NcddBox, ...]
    corrections: tuple[CorrectionItem, ...]
    continues: str | None = None
    """The action this one carries on (`<plan id>/<action id>`)."""

    def as_json(self) -> dict[str, Any]:
        """The documented JSON shape of `add show --format json`."""

        def items(values: tuple[Any, ...]) -> list[dict[str, Any]]:
            return [asdict(v) for v in values]

        return {
            "id": self.id,
            "label": self.label,
            "title": self.title,
            "line": asdict(self.line),
            "subline": asdict(self.subline) if self.subline else None,
            "annex": self.annex.as_json(),
            "body": _lists(asdict(self.body)),
            "schedule": _lists(asdict(self.schedule)),
            "as_of": {"date": self.row.as_of.isoformat(), **self.row.as_json()},
            "progress": items(self.progress),
            "differences": list(self.differences),
            "references": list(self.references),
            "referenced_by": list(self.referenced_by),
            "mentions": items(self.mentions),
            "ncdd": items(self.ncdd),
            "corrections": items(self.corrections),
            "continues": self.continues,
        }


def _lists(data: dict[str, Any]) -> dict[str, Any]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}


def lineage(action: Action, predecessors: Sequence[Plan]) -> list[tuple[Plan, Action]]:
    """The actions `action` continues, nearest first, found among `predecessors` by plan id
    (a chain of successors is followed; a link to a plan not given ends it)."""
    by_id = {p.id: p for p in predecessors if p.id}
    out: list[tuple[Plan, Action]] = []
    seen: set[str] = set()
    current = action
    while current.continues and current.continues not in seen:
        seen.add(current.continues)
        link = split_continues(current.continues)
        earlier = by_id.get(link[0]) if link else None
        found = earlier.action(link[1]) if earlier is not None and link else None
        if earlier is None or found is None:
            break
        out.append((earlier, found))
        current = found
    return out


def history(plan: Plan, action: Action, predecessors: Sequence[Plan] = ()) -> list[ProgressItem]:
    """The action's whole history: the entries of the actions it continues (oldest plan
    first), then its own (DOMAIN.md: Carried over)."""
    items: list[ProgressItem] = []
    chain = [(plan, action), *lineage(action, predecessors)]
    for the_plan, the_action in reversed(chain):
        own = the_plan is plan
        items += [
            ProgressItem(
                date=e.date.isoformat(),
                state=e.state.value,
                expected=str(e.expected) if e.expected else None,
                text=e.text,
                report=e.report,
                plan=None if own else f"{the_plan.id}/{the_action.id}",
            )
            for e in the_plan.entries_for(the_action.id)
        ]
    return items


_INDEXES: weakref.WeakKeyDictionary[Plan, tuple[frozenset[str], dict[str, tuple[str, ...]]]] = (
    weakref.WeakKeyDictionary()
)


def _index(plan: Plan) -> tuple[frozenset[str], dict[str, tuple[str, ...]]]:
    """The plan's action ids (casefolded), and per id the actions that refer to it (in plan
    order): made once per plan, for the site's page per action (else quadratic)."""
    found = _INDEXES.get(plan)
    if found is None:
        by: dict[str, list[str]] = {}
        for a in plan.actions:
            for target in dict.fromkeys(a.references):
                by.setdefault(target, []).append(a.id)
        ids = frozenset(a.id.casefold() for a in plan.actions)
        found = _INDEXES[plan] = (ids, {k: tuple(v) for k, v in by.items()})
    return found


def detail(plan: Plan, action: Action, day: dt.date, predecessors: Sequence[Plan] = ()) -> Detail:
    registry = Registry(plan.departments)
    ids, referring = _index(plan)
    row = Row(action, latest_entry(plan, action.id, day), day, plan.id)
    line = next((ln for ln in plan.lines if ln.id == action.line), None)
    sub = next((s for s in line.sublines if s.id == action.subline), None) if line else None
    body = action.body
    period = action.period
    return Detail(
        id=action.id,
        label=action.label,
        title=action.title,
        line=Named(action.line, line.title if line else None),
        subline=Named(sub.id, sub.title) if sub else None,
        annex=AnnexRow(
            actie=action.annex.title,
            departement=action.annex.departments,
            period=period.raw,
            lead=action.annex.lead,
            partners=action.annex.partners,
            others=action.annex.others,
        ),
        body=BodyText(
            title=body.cells.title,
            subtitle=body.subtitle,
            departments=body.cells.departments,
            lead=body.cells.lead,
            partners=body.cells.partners,
            others=body.cells.others,
            category=body.category,
            what=body.what,
            success=body.success,
            success_is_list=body.success_is_list,
            period=body.cells.period.raw,
        ),
        schedule=Schedule(
            annex=describe(period),
            body=describe(body.cells.period),
            start=str(period.start) if period.start else None,
            end=str(period.end) if period.end else None,
            deadline=period.deadline.isoformat() if period.deadline else None,
            notes=period.warnings,
        ),
        row=row,
        progress=tuple(history(plan, action, predecessors)),
        differences=tuple(d.message for d in differences(action, registry)),
        references=action.references,
        referenced_by=referring.get(action.id, ()),
        mentions=tuple(
            Mention(m.target, m.target.casefold() in ids, m.context)
            for m in text_references(action)
        ),
        ncdd=tuple(
            NcddBox(b.kind, b.name, b.start or None, b.description)
            for b in (plan.ncdd.boxes if plan.ncdd else ())
            if b.subline == action.subline
        ),
        corrections=tuple(
            CorrectionItem(c.field, c.printed, c.corrected, c.reason) for c in action.corrections
        ),
        continues=action.continues,
    )

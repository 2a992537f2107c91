"""Building the model from documents the JSON Schema pass has checked.

The builder trusts the schema: every value it reads has the type the schema gives
it. An item with a schema error in it (an action, an entry, a line, a department,
a group ...) is left out of the model, known from the errors' paths, so the builder
never sees a wrong shape; it checks no types and words no problems of its own.

Two rules the model needs to be sound are applied here, once, with their findings
in `LoadResult.build_errors` (which `checks.validate` reports as they are): a second
action with the same id (`action_key`) is left out (`duplicate-id`), and so is an
entry or report whose date does not exist (`real_date`, `bad-date`; the plan's
`published` date follows the same rule).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from add_cli.core import findings as F
from add_cli.core.i18n import _
from add_cli.core.model import (
    Action,
    ActionLine,
    Body,
    Cells,
    Correction,
    Department,
    Ncdd,
    NcddGroup,
    Plan,
    ProgressEntry,
    Quarter,
    Report,
    Source,
    State,
    SubLine,
    WorkingGroupBox,
    action_key,
    action_label,
    real_date,
)
from add_cli.core.periods import parse_period
from add_cli.store import schema
from add_cli.store.paths import is_actions
from add_cli.store.read import LoadResult, Located
from add_cli.store.yamlread import Document, Path_


def build(result: LoadResult) -> LoadResult:
    """Run the schema pass over the parsed documents and build the model from what passes."""
    if result.load_errors:
        return result
    errors, pending = schema.start(result.docs)
    builder = _Builder(result)
    builder.blame(errors)
    plan_doc = result.docs["plan"]
    title = plan_doc.data.get("title", "") if builder.ok(plan_doc, ("title",)) else ""
    if builder.ok(plan_doc, ("published",)) and "published" in plan_doc.data:
        builder.date(plan_doc, ("published",))
    entries, reports = builder.progress()
    lines = builder.lines()
    departments = builder.departments()
    ncdd = builder.ncdd()
    actions_errors = pending.result()  # the actions' schema pass, maybe in a second process
    builder.blame(actions_errors)
    actions = builder.actions()
    result.schema = [e.finding for e in (*errors, *actions_errors)]
    result.plan = Plan(
        title=title,
        lines=lines,
        actions=actions,
        departments=departments,
        progress=entries,
        reports=reports,
        ncdd=ncdd,
        **builder.plan_fields(plan_doc),
    )
    return result


_STATES = {state.value: state for state in State}

T = TypeVar("T")
_RECORDS = (Source, ProgressEntry, Action, Body, Cells)
"""The model classes made by the hundred thousand, through `_maker`."""
_MAKERS: dict[type, Any] = {}


def _maker(cls: type[T]) -> Callable[..., T]:
    """A function that makes what `cls(**fields)` makes, given every field by name.

    The model's write-once __setattr__ (`core.model.frozen`) runs once per field in
    __init__, and materialises each object's __dict__; building a plan of 10,000 actions
    made 700,000 such calls. This sets each field with object.__setattr__, as a frozen
    dataclass's __init__ does: half the time, and objects that keep their compact
    attribute storage. Every field must be given: there are no defaults.
    """
    if cls not in _MAKERS:
        if cls not in _RECORDS or hasattr(cls, "__post_init__"):
            raise TypeError(f"store.build does not make {cls.__name__} without __init__")
        names = [f.name for f in dataclasses.fields(cls)]  # type: ignore[arg-type]
        source = "\n".join(
            [
                f"def make(*, {', '.join(names)}):",
                "    made = new(cls)",
                *(f"    put(made, {name!r}, {name})" for name in names),
                "    return made",
            ]
        )
        space: dict[str, Any] = {"new": object.__new__, "put": object.__setattr__, "cls": cls}
        exec(compile(source, f"<make {cls.__name__}>", "exec"), space)  # our own source
        _MAKERS[cls] = space["make"]
    return _MAKERS[cls]  # type: ignore[no-any-return]


def _text_at(data: Any, where: Path_) -> str:
    """The text at a path where the schema pass has vouched for one."""
    for key in where:
        data = data[key]
    return str(data)


def _texts(value: str | list[str] | None) -> tuple[str, ...]:
    """A text or a list of texts (the schema allows both) as a tuple."""
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _flatten(value: Any) -> tuple[str, ...]:
    """Nested lists of texts (introduction, feedback) as one tuple of paragraphs."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(t for v in value for t in _flatten(v))
    return ()


class _Builder:
    def __init__(self, result: LoadResult) -> None:
        self.result = result
        self.bad: dict[str, set[Path_]] = {}
        """By document kind: every blamed path and each of its ancestors."""
        self.blamed: dict[str, set[Path_]] = {}
        """By document kind: the blamed paths themselves."""
        self.kinds = {id(doc): kind for kind, doc in result.docs.items()}

    def blame(self, errors: list[schema.SchemaError]) -> None:
        for error in errors:
            bad = self.bad.setdefault(error.kind, set())
            blamed = self.blamed.setdefault(error.kind, set())
            for where in error.blame:
                blamed.add(where)
                bad.update(where[:n] for n in range(len(where) + 1))

    def date(self, doc: Document, where: Path_, action: str | None = None) -> dt.date | None:
        """The (schema-checked) YYYY-MM-DD text at `where` as a date; a bad-date if none such."""
        value = _text_at(doc.data, where)
        day = real_date(value)
        if day is None:
            self.result.build_errors.append(
                F.make(
                    "bad-date",
                    (doc.path, *doc.pos(where)),
                    _("{key} {value} is not a real date (YYYY-MM-DD)").format(
                        key=where[-1], value=repr(value)
                    ),
                    action,
                )
            )
        return day

    def ok(self, doc: Document, where: Path_) -> bool:
        """No schema error in or at the value at `where`: it has the schema's shape."""
        return where not in self.bad.get(self.kinds[id(doc)], ())

    def items(self, doc: Document, key: str) -> Iterator[tuple[Path_, dict[str, Any]]]:
        """The items of a top-level list that have no schema error; the others are left out."""
        for where, raw, _at in self.placed_items(doc, key):
            yield where, raw

    def placed_items(
        self, doc: Document, key: str
    ) -> Iterator[tuple[Path_, dict[str, Any], tuple[int, int]]]:
        """`items`, each with its position (line, column) in the file."""
        kind = self.kinds[id(doc)]
        if (key,) in self.blamed.get(kind, ()):
            return  # not a list (or missing): the error says so
        raw_items = doc.data.get(key) or ()
        bad = self.bad.get(kind, ())
        places = doc.item_positions((key,)) if raw_items else None
        for i, raw in enumerate(raw_items):
            where: Path_ = (key, i)
            if where in bad:
                self.result.left_out.append(Located(doc, where))
            else:
                yield where, raw, places[i] if places is not None else doc.pos(where)

    # ---- files
    def plan_fields(self, doc: Document) -> dict[str, Any]:
        """The plan's id, annex title and headings, and predecessor, where given."""
        data = doc.data if isinstance(doc.data, dict) else {}
        out: dict[str, Any] = {}
        for key in ("id", "predecessor"):
            if key in data and self.ok(doc, (key,)):
                out[key] = data[key]
        if "annex" in data and self.ok(doc, ("annex",)):
            annex = data["annex"]
            if "title" in annex:
                out["annex_title"] = annex["title"]
            if "headings" in annex:
                out["annex_headings"] = tuple(annex["headings"])
        return out

    def lines(self) -> tuple[ActionLine, ...]:
        doc = self.result.docs["plan"]
        out = []
        for where, obj in self.items(doc, "lines"):
            lid = obj["id"]
            subs = tuple(SubLine(s["id"], lid, s["title"]) for s in obj["sublines"])
            self.result.lines_at.setdefault(lid, Located(doc, where))
            out.append(ActionLine(lid, obj["title"], obj["annex_heading"], subs))
        return tuple(out)

    def departments(self) -> tuple[Department, ...]:
        doc = self.result.docs["departments"]
        out = []
        for where, obj in self.items(doc, "departments"):
            dept = Department(
                code=obj["code"],
                name=obj["name"],
                kind=obj["kind"],
                aliases=tuple(obj.get("aliases", ())),
                successor=obj.get("successor"),
                note=obj.get("note"),
            )
            self.result.departments_at.setdefault(dept.code, Located(doc, where))
            out.append(dept)
        return tuple(out)

    @staticmethod
    def cells(obj: dict[str, Any]) -> Cells:
        return _maker(Cells)(
            title=obj["title"],
            departments=obj["departments"],
            period=parse_period(obj.get("period", "")),
            lead=obj["lead"],
            partners=tuple(obj["partners"]),
            others=tuple(obj["others"]) if "others" in obj else (),
        )

    @staticmethod
    def corrections(obj: dict[str, Any]) -> tuple[Correction, ...]:
        return tuple(
            Correction(c["field"], c["printed"], c["corrected"], c["reason"])
            for c in obj.get("corrections", ())
        )

    def actions(self) -> tuple[Action, ...]:
        """The actions of actions.yaml, then of actions/*.yaml (`paths.ACTIONS_DIR`)."""
        first_place: dict[str, Located] = {}
        out: list[Action] = []
        for kind, doc in self.result.docs.items():
            if is_actions(kind):
                out += self.actions_of(doc, first_place)
        return tuple(out)

    def actions_of(self, doc: Document, first_place: dict[str, Located]) -> list[Action]:
        raw_actions = doc.data.get("actions")
        if isinstance(raw_actions, list):  # ids of actions left out still count as declared
            self.result.declared_ids.update(
                action_key(a["id"])
                for a in raw_actions
                if isinstance(a, dict) and isinstance(a.get("id"), str)
            )
        out = []
        make_action, make_body, make_source = _maker(Action), _maker(Body), _maker(Source)
        for where, obj, at in self.placed_items(doc, "actions"):
            aid: str = obj["id"]
            place = Located(doc, where)
            key = action_key(aid)
            self.result.actions_at.setdefault(key, []).append(place)
            first = first_place.setdefault(key, place)
            if first is not place:
                # A second action with this id: look-ups would pick one silently.
                self.result.left_out.append(place)
                self.result.build_errors.append(
                    F.make(
                        "duplicate-id",
                        place.at("id"),
                        _("action id {id} is also used at {where}line {line}").format(
                            id=aid,
                            where="" if first.doc is doc else f"{first.doc.path} ",
                            line=first.at()[1],
                        ),
                        aid,
                    )
                )
                continue
            annex = self.cells(obj["annex"])
            body = obj["body"]
            out.append(
                make_action(
                    id=aid,
                    label=action_label(annex.title, aid),
                    line=obj["line"] or "",
                    subline=obj["subline"],
                    annex=annex,
                    body=make_body(
                        cells=self.cells(body),
                        category=body.get("category"),
                        what=_texts(body["what"]),
                        success=_texts(body["success"]),
                        success_is_list=isinstance(body["success"], list),
                        subtitle=body.get("subtitle"),
                    ),
                    references=tuple(obj["references"]) if "references" in obj else (),
                    corrections=self.corrections(obj) if "corrections" in obj else (),
                    source=make_source(path=doc.path, line=at[0], col=at[1]),
                    continues=obj.get("continues"),
                )
            )
            self.result.action_places.append(place)
        return out

    def progress(self) -> tuple[tuple[ProgressEntry, ...], tuple[Report, ...]]:
        entries: list[ProgressEntry] = []
        reports: list[Report] = []
        quarters: dict[str, Quarter] = {}  # expected quarters: a few, given thousands of times
        make_entry, make_source = _maker(ProgressEntry), _maker(Source)
        for kind, doc in self.result.docs.items():
            if not kind.startswith("progress:"):
                continue
            rep = doc.data.get("report")
            report_date = self.date(doc, ("report", "date")) if self.ok(doc, ("report",)) else None
            if report_date is None:  # a schema error, or a date that does not exist
                self.result.left_out.append(Located(doc, ("report",)))
                continue
            report = Report(
                title=rep["title"],
                date=report_date,
                path=doc.path,
                introduction=_flatten(rep.get("introduction")),
                feedback=tuple(
                    (s["heading"], _flatten(s["text"])) for s in rep.get("feedback", ())
                ),
                due=self.date(doc, ("report", "due")) if "due" in rep else None,
                asked=tuple(rep.get("asked", ())),
            )
            reports.append(report)
            for where, obj, at in self.placed_items(doc, "entries"):
                entry_date = (
                    self.date(doc, (*where, "date"), obj["action"])
                    if "date" in obj
                    else report_date
                )
                if entry_date is None:
                    self.result.left_out.append(Located(doc, where))
                    continue
                expected = obj.get("expected")
                if expected is not None and expected not in quarters:
                    quarters[expected] = Quarter.parse(expected)
                state = obj["state"]
                entry = make_entry(
                    action=obj["action"],
                    date=entry_date,
                    text=obj["text"],
                    state=_STATES[state] if state in _STATES else State(state),
                    expected=quarters[expected] if expected is not None else None,
                    label=obj.get("label"),
                    report=report.title,
                    corrections=self.corrections(obj) if "corrections" in obj else (),
                    source=make_source(path=doc.path, line=at[0], col=at[1]),
                    report_path=doc.path,
                    reported_by=obj.get("reported_by"),
                    source_file=obj.get("source"),
                )
                entries.append(entry)
                self.result.entries_at.append((entry, Located(doc, where)))
        return tuple(entries), tuple(sorted(reports, key=lambda r: r.date))

    def ncdd(self) -> Ncdd | None:
        doc = self.result.docs.get("ncdd")
        if doc is None:
            return None
        data = doc.data
        groups = tuple(
            NcddGroup(
                name=g["name"],
                kind=g["kind"],
                programme_line=g["programme_line"],
                description=g["description"],
                funding=g.get("funding"),
            )
            for _where, g in self.items(doc, "groups")
        )
        boxes = tuple(
            WorkingGroupBox(
                name=b["name"],
                subline=b["subline"],
                description=b["description"],
                start=b.get("start", ""),
                kind=b["kind"],
            )
            for _where, b in self.items(doc, "boxes")
        )
        return Ncdd(
            name=data.get("name", "") if self.ok(doc, ("name",)) else "",
            about=_flatten(data.get("about")) if self.ok(doc, ("about",)) else (),
            members=tuple(data.get("members", ())) if self.ok(doc, ("members",)) else (),
            groups=groups,
            boxes=boxes,
        )

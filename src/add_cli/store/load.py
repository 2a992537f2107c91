"""The only reader of plan/ and schemas/: YAML files -> `Plan`, with source positions.

A plan directory holds:

    plan.yaml            title, sources, action lines and sub-lines
    departments.yaml     the department registry
    actions.yaml         the actions (annex and body)
    ncdd.yaml            Bijlage 2 (optional)
    progress/*.yaml      progress reports, one file per reporting date

Building the model is tolerant: an item with the wrong shape is skipped and
reported (`structural` findings), never a crash. `add validate` reports the
JSON Schema errors instead, which cover every structural problem and more.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from add_cli.core import findings as F
from add_cli.core.findings import Finding
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
)
from add_cli.core.periods import parse_period
from add_cli.store import parallel
from add_cli.store.paths import FILES, PROGRESS_DIR, SCHEMA_VERSION, display_path, plan_files
from add_cli.store.yamlread import Document, Path_, YamlProblem, decode, parse, read


@dataclass
class Located:
    """A model object with the document and the path it came from."""

    doc: Document
    where: Path_

    def at(self, *sub: str | int) -> tuple[str, int, int]:
        line, col = self.doc.pos((*self.where, *sub))
        return self.doc.path, line, col


@dataclass
class LoadResult:
    root: Path
    cwd: Path = field(default_factory=Path.cwd)
    plan: Plan | None = None
    docs: dict[str, Document] = field(default_factory=dict)
    """Every document read, by kind ('plan', 'actions', ..., 'progress:<name>')."""
    load_errors: list[Finding] = field(default_factory=list)
    structural: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    actions_at: dict[str, list[Located]] = field(default_factory=dict)
    """Where each action id is defined (more than one place for duplicates)."""
    declared_ids: set[str] = field(default_factory=set)
    """Every action id the files declare, also of actions left out for their shape."""
    action_places: list[Located] = field(default_factory=list)
    """Where each action of `plan.actions` is defined, in the same order."""
    entries_at: list[tuple[ProgressEntry, Located]] = field(default_factory=list)
    lines_at: dict[str, Located] = field(default_factory=dict)
    departments_at: dict[str, Located] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.load_errors and not self.structural and self.plan is not None


def _problem_finding(p: YamlProblem) -> Finding:
    return F.make(p.code, (p.path, p.line, p.col), p.message)


def _read_all(root: Path, cwd: Path, result: LoadResult, overrides: dict[Path, bytes]) -> None:
    if not root.is_dir():
        shown = display_path(root, cwd)
        result.load_errors.append(
            F.make("missing-file", (shown, 1, 1), "plan directory does not exist")
        )
        return
    progress = root / PROGRESS_DIR
    reports = [f for f in plan_files(root) if f.parent == progress]
    # A progress file that an edit is about to create exists only as an override.
    on_disk = {f.resolve() for f in reports}
    reports += [
        progress / p.name for p in overrides if p.parent == progress.resolve() and p not in on_disk
    ]
    reports.sort(key=lambda f: f.name)
    # On a large plan the progress files are parsed in a second process meanwhile.
    size = sum(f.stat().st_size for f in reports if f.exists())
    actions = root / "actions.yaml"
    big = (
        parallel.worth_forking(size)
        and actions.exists()
        and parallel.worth_forking(actions.stat().st_size)
    )

    def read_reports() -> LoadResult:
        part = LoadResult(root=root)
        for file in reports:
            _read_one(file, display_path(file, cwd), f"progress:{file.name}", part, overrides)
        return part

    pending = parallel.start(read_reports, fork=big)
    for kind, (name, _schema, required) in FILES.items():
        file = root / name
        shown = display_path(file, cwd)
        if not file.is_file() and file.resolve() not in overrides:
            if required:
                result.load_errors.append(
                    F.make("missing-file", (shown, 1, 1), f"required plan file {name} is missing")
                )
            continue
        _read_one(file, shown, kind, result, overrides)
    part = pending.result()
    result.docs.update(part.docs)
    result.load_errors += part.load_errors
    known = {name for name, _s, _r in FILES.values()}
    for file in sorted(root.iterdir()):
        if file.suffix in {".yaml", ".yml"} and file.name not in known:
            result.warnings.append(
                F.make(
                    "unknown-file",
                    (display_path(file, cwd), 1, 1),
                    "add does not read this file (plan files: "
                    + ", ".join(sorted(known))
                    + f", {PROGRESS_DIR}/*.yaml)",
                )
            )


def _read_one(
    file: Path, shown: str, kind: str, result: LoadResult, overrides: dict[Path, bytes]
) -> None:
    try:
        override = overrides.get(file.resolve())
        doc = read(file, shown) if override is None else parse(shown, decode(shown, override))
    except YamlProblem as problem:
        result.load_errors.append(_problem_finding(problem))
        return
    if not isinstance(doc.data, dict):
        result.load_errors.append(
            F.make("not-a-mapping", (shown, 1, 1), "a plan file must be a YAML mapping at the top")
        )
        return
    version = doc.data.get("schema_version")
    where = (shown, *doc.pos(("schema_version",)))
    if "schema_version" not in doc.data:
        result.load_errors.append(
            F.make(
                "schema-version",
                (shown, 1, 1),
                f"missing schema_version (this add reads {SCHEMA_VERSION})",
            )
        )
        return
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        result.load_errors.append(
            F.make(
                "schema-version", where, f"schema_version must be a whole number, not {version!r}"
            )
        )
        return
    if version > SCHEMA_VERSION:
        result.load_errors.append(
            F.make(
                "unsupported-version",
                where,
                f"schema_version {version} is newer than this add reads ({SCHEMA_VERSION}); "
                "upgrade add",
            )
        )
        return
    result.docs[kind] = doc


# ---------------------------------------------------------------- building


class _Skip(Exception):
    """An item has the wrong shape; it is left out of the model."""


class _Builder:
    def __init__(self, result: LoadResult) -> None:
        self.result = result
        self.first_place: dict[str, Located] = {}

    def bad(self, doc: Document, where: Path_, message: str, action: str | None = None) -> None:
        line, col = doc.pos(where)
        self.result.structural.append(F.make("schema", (doc.path, line, col), message, action))

    # typed getters: report and skip the item on a wrong type
    def text(self, doc: Document, obj: Any, where: Path_, key: str, optional: bool = False) -> Any:
        value = obj.get(key) if isinstance(obj, dict) else None
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value or value.isspace():
            what = "missing" if value is None else f"not text ({type(value).__name__})"
            self.bad(doc, (*where, key), f"{key}: {what}")
            raise _Skip
        return value

    def texts(self, doc: Document, obj: dict[str, Any], where: Path_, key: str) -> tuple[str, ...]:
        value = obj.get(key, [])
        if isinstance(value, str):
            return (value,)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.bad(doc, (*where, key), f"{key}: expected a list of texts")
            raise _Skip
        return tuple(value)

    def mapping(self, doc: Document, obj: Any, where: Path_, what: str) -> dict[str, Any]:
        if not isinstance(obj, dict):
            self.bad(doc, where, f"{what}: expected a mapping, not {type(obj).__name__}")
            raise _Skip
        return obj

    def items(self, doc: Document, key: str) -> Iterator[tuple[int, Any]]:
        value = doc.data.get(key, [])
        if not isinstance(value, list):
            self.bad(doc, (key,), f"{key}: expected a list")
            return
        yield from enumerate(value)

    def corrections(
        self, doc: Document, obj: dict[str, Any], where: Path_
    ) -> tuple[Correction, ...]:
        out = []
        for i, c in enumerate(obj.get("corrections", []) or []):
            try:
                c = self.mapping(doc, c, (*where, "corrections", i), "correction")
                out.append(
                    Correction(
                        field=self.text(doc, c, (*where, "corrections", i), "field"),
                        printed=self.text(doc, c, (*where, "corrections", i), "printed"),
                        corrected=str(c.get("corrected", "")),
                        reason=self.text(doc, c, (*where, "corrections", i), "reason"),
                    )
                )
            except _Skip:
                continue
        return tuple(out)

    # ---- files
    def lines(self) -> tuple[ActionLine, ...]:
        doc = self.result.docs.get("plan")
        if doc is None:
            return ()
        out = []
        for i, raw in self.items(doc, "lines"):
            where: Path_ = ("lines", i)
            try:
                obj = self.mapping(doc, raw, where, "line")
                lid = str(self.text(doc, obj, where, "id"))
                subs = []
                for j, s in enumerate(obj.get("sublines", []) or []):
                    sw: Path_ = (*where, "sublines", j)
                    s = self.mapping(doc, s, sw, "sub-line")
                    subs.append(
                        SubLine(self.text(doc, s, sw, "id"), lid, self.text(doc, s, sw, "title"))
                    )
                line = ActionLine(
                    lid,
                    self.text(doc, obj, where, "title"),
                    self.text(doc, obj, where, "annex_heading"),
                    tuple(subs),
                )
            except _Skip:
                continue
            self.result.lines_at.setdefault(lid, Located(doc, where))
            out.append(line)
        return tuple(out)

    def departments(self) -> tuple[Department, ...]:
        doc = self.result.docs.get("departments")
        if doc is None:
            return ()
        out = []
        for i, raw in self.items(doc, "departments"):
            where: Path_ = ("departments", i)
            try:
                obj = self.mapping(doc, raw, where, "department")
                dept = Department(
                    code=self.text(doc, obj, where, "code"),
                    name=self.text(doc, obj, where, "name"),
                    kind=self.text(doc, obj, where, "kind"),
                    aliases=self.texts(doc, obj, where, "aliases"),
                    successor=self.text(doc, obj, where, "successor", optional=True),
                    note=self.text(doc, obj, where, "note", optional=True),
                )
            except _Skip:
                continue
            self.result.departments_at.setdefault(dept.code, Located(doc, where))
            out.append(dept)
        return tuple(out)

    def cells(self, doc: Document, obj: dict[str, Any], where: Path_, aid: str) -> Cells:
        period = self.text(doc, obj, where, "period")
        return Cells(
            title=self.text(doc, obj, where, "title"),
            departments=self.text(doc, obj, where, "departments"),
            period=parse_period(period),
            lead=self.text(doc, obj, where, "lead"),
            partners=self.texts(doc, obj, where, "partners"),
            others=self.texts(doc, obj, where, "others"),
        )

    def actions(self) -> tuple[Action, ...]:
        doc = self.result.docs.get("actions")
        if doc is None:
            return ()
        out = []
        for i, raw in self.items(doc, "actions"):
            where: Path_ = ("actions", i)
            aid = None
            if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                self.result.declared_ids.add(raw["id"].casefold())
            try:
                obj = self.mapping(doc, raw, where, "action")
                aid = str(self.text(doc, obj, where, "id"))
                annex_obj = self.mapping(doc, obj.get("annex"), (*where, "annex"), "annex")
                body_obj = self.mapping(doc, obj.get("body"), (*where, "body"), "body")
                annex = self.cells(doc, annex_obj, (*where, "annex"), aid)
                body_cells = self.cells(doc, body_obj, (*where, "body"), aid)
                success = body_obj.get("success")
                subline = obj.get("subline")
                if subline is not None and not isinstance(subline, str):
                    self.bad(doc, (*where, "subline"), "subline: expected text or null", aid)
                    raise _Skip
                refs = obj.get("references", []) or []
                if not isinstance(refs, list) or not all(isinstance(r, str) for r in refs):
                    self.bad(doc, (*where, "references"), "references: expected a list of ids", aid)
                    raise _Skip
                action = Action(
                    id=aid,
                    label=_label(annex.title, aid),
                    line=str(self.text(doc, obj, where, "line")),
                    subline=subline,
                    annex=annex,
                    body=Body(
                        cells=body_cells,
                        category=self.text(
                            doc, body_obj, (*where, "body"), "category", optional=True
                        ),
                        what=self.texts(doc, body_obj, (*where, "body"), "what"),
                        success=self.texts(doc, body_obj, (*where, "body"), "success"),
                        success_is_list=isinstance(success, list),
                        subtitle=self.text(
                            doc, body_obj, (*where, "body"), "subtitle", optional=True
                        ),
                    ),
                    references=tuple(refs),
                    corrections=self.corrections(doc, obj, where),
                    source=Source(doc.path, *doc.pos(where)),
                )
            except _Skip:
                continue
            place = Located(doc, where)
            first: Located | None = self.first_place.setdefault(aid.casefold(), place)
            first = None if first is place else first
            self.result.actions_at.setdefault(aid, []).append(place)
            if first is not None:
                # A second action with this id: look-ups would pick one silently.
                line = first.at()[1]
                self.result.structural.append(
                    F.make(
                        "duplicate-id",
                        place.at("id"),
                        f"action id {aid} is also used at line {line}",
                        aid,
                    )
                )
                continue
            self.result.action_places.append(place)
            out.append(action)
        return tuple(out)

    def progress(self) -> tuple[tuple[ProgressEntry, ...], tuple[Report, ...]]:
        entries: list[ProgressEntry] = []
        reports: list[Report] = []
        for kind, doc in self.result.docs.items():
            if not kind.startswith("progress:"):
                continue
            try:
                rep = self.mapping(doc, doc.data.get("report"), ("report",), "report")
                title = self.text(doc, rep, ("report",), "title")
                report_date = _date(rep.get("date"))
                if report_date is None:
                    self.bad(doc, ("report", "date"), "report date: expected YYYY-MM-DD")
                    raise _Skip
            except _Skip:
                continue
            report = Report(
                title=title,
                date=report_date,
                path=doc.path,
                introduction=_flatten(rep.get("introduction")),
                feedback=tuple(
                    (str(s.get("heading", "")), _flatten(s.get("text")))
                    for s in rep.get("feedback", []) or []
                    if isinstance(s, dict)
                ),
            )
            reports.append(report)
            for i, raw in self.items(doc, "entries"):
                where: Path_ = ("entries", i)
                try:
                    obj = self.mapping(doc, raw, where, "entry")
                    aid = str(self.text(doc, obj, where, "action"))
                    state_text = self.text(doc, obj, where, "state")
                    try:
                        state = State(state_text)
                    except ValueError:
                        self.bad(
                            doc, (*where, "state"), f"state: unknown state {state_text!r}", aid
                        )
                        raise _Skip from None
                    entry_date = report_date
                    if obj.get("date") is not None:
                        entry_date = _date(obj.get("date"))  # type: ignore[assignment]
                        if entry_date is None:
                            self.bad(doc, (*where, "date"), "date: expected YYYY-MM-DD", aid)
                            raise _Skip
                    expected = None
                    if obj.get("expected") is not None:
                        try:
                            expected = Quarter.parse(str(obj["expected"]))
                        except ValueError:
                            self.bad(doc, (*where, "expected"), "expected: expected YYYY-Qn", aid)
                            raise _Skip from None
                    entry = ProgressEntry(
                        action=aid,
                        date=entry_date,
                        text=self.text(doc, obj, where, "text"),
                        state=state,
                        expected=expected,
                        label=self.text(doc, obj, where, "label", optional=True),
                        report=title,
                        corrections=self.corrections(doc, obj, where),
                        source=Source(doc.path, *doc.pos(where)),
                    )
                except _Skip:
                    continue
                entries.append(entry)
                self.result.entries_at.append((entry, Located(doc, where)))
        return tuple(entries), tuple(sorted(reports, key=lambda r: r.date))

    def ncdd(self) -> Ncdd | None:
        doc = self.result.docs.get("ncdd")
        if doc is None:
            return None
        data = doc.data
        groups = []
        for i, g in self.items(doc, "groups"):
            where: Path_ = ("groups", i)
            try:
                g = self.mapping(doc, g, where, "group")
                groups.append(
                    NcddGroup(
                        name=self.text(doc, g, where, "name"),
                        kind=self.text(doc, g, where, "kind"),
                        programme_line=self.text(doc, g, where, "programme_line"),
                        description=self.text(doc, g, where, "description"),
                        funding=self.text(doc, g, where, "funding", optional=True),
                    )
                )
            except _Skip:
                continue
        boxes = []
        for i, b in self.items(doc, "boxes"):
            where = ("boxes", i)
            try:
                b = self.mapping(doc, b, where, "box")
                boxes.append(
                    WorkingGroupBox(
                        name=self.text(doc, b, where, "name"),
                        subline=self.text(doc, b, where, "subline"),
                        description=self.text(doc, b, where, "description"),
                        start=self.text(doc, b, where, "start", optional=True) or "",
                        kind=self.text(doc, b, where, "kind"),
                    )
                )
            except _Skip:
                continue
        return Ncdd(
            name=str(data.get("name", "")),
            about=_flatten(data.get("about")),
            members=tuple(m for m in data.get("members", []) or [] if isinstance(m, str)),
            groups=tuple(groups),
            boxes=tuple(boxes),
        )


def _label(title: str, aid: str) -> str:
    """The printed code in an annex title: 'ACTIE 3.b.1.: ...' -> '3.b.1.'."""
    if title.upper().startswith("ACTIE "):
        head = title[6:]
        code, sep, _rest = head.partition(":")
        if sep and len(code) <= 40:
            return code.strip()
        return head.split(" ", 1)[0]
    return aid


def _flatten(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(t for v in value for t in _flatten(v))
    return ()


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def load(
    root: Path, cwd: Path | None = None, overrides: dict[Path, bytes] | None = None
) -> LoadResult:
    """Read a plan directory. Never raises for bad input: see `LoadResult.load_errors`.

    `overrides` gives file contents (by resolved path) to use instead of the disk's,
    so that an edit can be validated before it is written.
    """
    with parallel.no_gc():
        return build(read_documents(root, cwd, overrides))


def read_documents(
    root: Path, cwd: Path | None = None, overrides: dict[Path, bytes] | None = None
) -> LoadResult:
    """The first half of `load`: parse the files, without building the model."""
    result = LoadResult(root=root, cwd=cwd or Path.cwd())
    _read_all(root, result.cwd, result, overrides or {})
    return result


def build(result: LoadResult) -> LoadResult:
    """The second half of `load`: build the model from the parsed documents."""
    if result.load_errors:
        return result
    root, cwd = result.root, result.cwd
    builder = _Builder(result)
    plan_doc = result.docs["plan"]
    title = ""
    try:
        title = builder.text(plan_doc, plan_doc.data, (), "title")
        published = plan_doc.data.get("published")
        if published is not None and _date(published) is None:
            builder.bad(plan_doc, ("published",), "published: expected a date, YYYY-MM-DD")
    except _Skip:
        pass
    entries, reports = builder.progress()
    result.plan = Plan(
        title=title,
        root=display_path(root, cwd),
        lines=builder.lines(),
        actions=builder.actions(),
        departments=builder.departments(),
        progress=entries,
        reports=reports,
        ncdd=builder.ncdd(),
    )
    return result

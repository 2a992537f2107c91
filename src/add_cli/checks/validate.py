"""`add validate`: the JSON Schema pass and the semantic rules, as a list of findings."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from add_cli.core import findings as F
from add_cli.core.compare import differences, text_references
from add_cli.core.departments import Registry
from add_cli.core.findings import Finding
from add_cli.core.model import Action, ActionLine, Cells
from add_cli.store.load import LoadResult, Located, build, read_documents
from add_cli.store.paths import FILES, PROGRESS_SCHEMA, schemas_dir
from add_cli.store.yamlread import Document


@dataclass
class ValidationReport:
    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    actions: int = 0
    entries: int = 0

    @property
    def errors(self) -> int:
        return sum(f.severity == "error" for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == "warning" for f in self.findings)


def validate(result: LoadResult) -> ValidationReport:
    """All findings for a loaded plan. Load errors are returned as they are."""
    return _report(result, schema_findings(result))


def check(
    root: Path, cwd: Path | None = None, overrides: dict[Path, bytes] | None = None
) -> tuple[LoadResult, ValidationReport]:
    """Load and validate a plan directory in one go.

    On a large plan the JSON Schema check of the actions runs in a second process
    from the moment the file is parsed, while this one builds the model and runs
    the other checks.
    """
    from add_cli.store import parallel

    with parallel.no_gc():
        return _check(root, cwd, overrides)


def _check(
    root: Path, cwd: Path | None, overrides: dict[Path, bytes] | None
) -> tuple[LoadResult, ValidationReport]:
    from add_cli.store import parallel

    result = read_documents(root, cwd, overrides)
    if result.load_errors:
        return result, _report(result, [])
    actions = result.docs.get("actions")
    pending = parallel.start(
        lambda: _schema_pass({"actions": actions} if actions else {}),
        fork=actions is not None and parallel.worth_forking(actions.size),
    )
    build(result)
    rest = _schema_pass({k: d for k, d in result.docs.items() if k != "actions"})
    semantic = semantic_findings(result) if result.plan is not None else []
    return result, _report(result, [*pending.result(), *rest], semantic)


def _report(
    result: LoadResult, schema: list[Finding], semantic: list[Finding] | None = None
) -> ValidationReport:
    report = ValidationReport(files=len(result.docs))
    if result.load_errors:
        report.findings = sorted(result.load_errors, key=F.sort_key)
        return report
    out: list[Finding] = [*result.warnings, *schema]
    plan = result.plan
    if plan is not None:
        report.actions = len(plan.actions)
        report.entries = len(plan.progress)
        out += semantic if semantic is not None else semantic_findings(result)
    report.findings = sorted(set(out), key=F.sort_key)
    return report


# ------------------------------------------------------------------ schema


def _schema_for(kind: str) -> str:
    if kind.startswith("progress:"):
        return PROGRESS_SCHEMA
    return FILES[kind][1]


def schema_findings(result: LoadResult) -> list[Finding]:
    """JSON Schema errors of every document."""
    return _schema_pass(result.docs)


def _schema_pass(docs: dict[str, Document]) -> list[Finding]:
    from jsonschema import Draft202012Validator

    cache: dict[str, Any] = {}
    out = []
    for kind, doc in docs.items():
        name = _schema_for(kind)
        if name not in cache:
            schema = json.loads((schemas_dir() / name).read_text(encoding="utf-8"))
            cache[name] = Draft202012Validator(_inline_refs(schema, schema.get("$defs", {})))
        for error in cache[name].iter_errors(doc.data):
            out.append(_schema_finding(doc, error))
    return out


def _inline_refs(node: Any, defs: dict[str, Any]) -> Any:
    """The schema with its local $refs replaced by their definitions.

    The same schema, validated several times faster: jsonschema resolves a $ref on
    every use, thousands of times for a large plan. Plan schemas are not recursive.
    """
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/") and len(node) == 1:
            return _inline_refs(defs[ref.removeprefix("#/$defs/")], defs)
        return {k: _inline_refs(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline_refs(v, defs) for v in node]
    return node


def _schema_finding(doc: Document, error: Any) -> Finding:
    where = tuple(error.absolute_path)
    line, col = doc.pos(where)
    message = error.message
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = set(error.schema.get("properties", {}))
        extra = [k for k in error.instance if k not in allowed]
        if extra:
            line, col = doc.key_pos((*where, extra[0]))
            message = f"unknown key {extra[0]!r} (allowed: {', '.join(sorted(allowed))})"
    elif error.validator in ("anyOf", "oneOf") and error.context:
        best = min(error.context, key=lambda e: len(e.message))
        message = f"{error.message.split(' is not valid')[0]} is not valid: {best.message}"
    if len(message) > 300:
        message = message[:297] + "..."
    label = "/".join(str(p) for p in where)
    return F.make(
        "schema",
        (doc.path, line, col),
        f"{label or 'top level'}: {message}",
        _action_of(doc, where),
    )


def _action_of(doc: Document, where: tuple[Any, ...]) -> str | None:
    if len(where) >= 2 and where[0] in ("actions", "entries") and isinstance(where[1], int):
        items = doc.data.get(where[0])
        if isinstance(items, list) and where[1] < len(items) and isinstance(items[where[1]], dict):
            key = "id" if where[0] == "actions" else "action"
            value = items[where[1]].get(key)
            return str(value) if isinstance(value, (str, int, float)) else None
    return None


# ---------------------------------------------------------------- semantic


def semantic_findings(result: LoadResult) -> list[Finding]:
    plan = result.plan
    assert plan is not None
    registry = Registry(plan.departments)
    out: list[Finding] = []
    out += _check_departments(result, registry)
    out += _check_lines(result)
    ids = {a.id.casefold() for a in plan.actions} | result.declared_ids
    for aid, places in result.actions_at.items():
        for place in places[1:]:
            first = places[0].at()
            out.append(
                F.make(
                    "duplicate-id",
                    place.at("id"),
                    f"action id {aid} is also used at line {first[1]}",
                    aid,
                )
            )
    lines = {line.id: line for line in plan.lines}
    for action, at in zip(plan.actions, result.action_places, strict=True):
        out += _check_action(action, at, registry, ids, lines)
    out += _check_progress(result, ids)
    out += _check_dates(result)
    return out


def _check_departments(result: LoadResult, registry: Registry) -> list[Finding]:
    out = []
    seen: dict[str, str] = {}
    assert result.plan is not None
    for dept in result.plan.departments:
        at = result.departments_at[dept.code]
        for name in (dept.code, *dept.aliases):
            key = name.casefold()
            if key in seen and seen[key] != dept.code:
                out.append(
                    F.make("bad-department", at.at("code"), f"{name} also names {seen[key]}")
                )
            elif key in seen and name == dept.code:
                out.append(
                    F.make("duplicate-id", at.at("code"), f"department {name} is listed twice")
                )
            seen.setdefault(key, dept.code)
        if dept.successor and registry.resolve(dept.successor) is None:
            out.append(
                F.make(
                    "bad-department",
                    at.at("successor"),
                    f"successor {dept.successor} is not a known department",
                )
            )
    return out


def _check_lines(result: LoadResult) -> list[Finding]:
    out = []
    assert result.plan is not None
    seen: set[str] = set()
    for line in result.plan.lines:
        at = result.lines_at[line.id]
        for sub in (line.id, *(s.id for s in line.sublines)):
            if sub in seen:
                out.append(
                    F.make("duplicate-id", at.at("id"), f"action line {sub} is listed twice")
                )
            seen.add(sub)
    return out


def _check_action(
    action: Action,
    at: Located,
    registry: Registry,
    ids: set[str],
    lines: dict[str, ActionLine],
) -> list[Finding]:
    out = []
    aid = action.id
    line = lines.get(action.line)
    if line is None:
        out.append(
            F.make(
                "unknown-line",
                at.at("line"),
                f"action line {action.line!r} is not in plan.yaml",
                aid,
            )
        )
    elif action.subline is not None and action.subline not in {s.id for s in line.sublines}:
        out.append(
            F.make(
                "unknown-line",
                at.at("subline"),
                f"sub-line {action.subline!r} is not part of action line {line.id}",
                aid,
            )
        )
    for section, cells in (("annex", action.annex), ("body", action.body.cells)):
        out += _check_cells(section, cells, at, registry, aid)
    for i, ref in enumerate(action.references):
        if ref.casefold() not in ids:
            out.append(
                F.make(
                    "unknown-reference",
                    at.at("references", i),
                    f"references {ref}, which is not an action",
                    aid,
                )
            )
    for mention in text_references(action):
        if mention.target.casefold() not in ids:
            out.append(
                F.make(
                    "text-reference-unknown",
                    at.at("body"),
                    f"the body mentions action {mention.target} ('…{mention.context}…'), "
                    "which does not exist",
                    aid,
                )
            )
    out += _check_corrections(action, at)
    out += _compare(action, at, registry)
    return out


def _check_cells(
    section: str, cells: Cells, at: Located, registry: Registry, aid: str
) -> list[Finding]:
    out = []
    for key, codes in (("lead", (cells.lead,)), ("partners", cells.partners)):
        for i, code in enumerate(codes):
            where = at.at(section, key) if key == "lead" else at.at(section, key, i)
            dept = registry.resolve(code)
            if dept is None:
                out.append(
                    F.make(
                        "unknown-department",
                        where,
                        f"{section} {key.removesuffix('s')} {code!r} is not a known department "
                        f"(known: {', '.join(registry.codes())})",
                        aid,
                    )
                )
            elif not _mentions(cells.departments, dept.code, dept.aliases):
                out.append(
                    F.make(
                        "department-text",
                        where,
                        f"{code} is not in the printed departments {cells.departments!r}",
                        aid,
                    )
                )
    period = cells.period
    where = at.at(section, "period")
    for error in period.errors:
        out.append(F.make("period-order", where, f"{section} period {period.raw!r} {error}", aid))
    nothing = period.start_kind == "none" and period.end_kind == "none"
    if section == "annex" and nothing and not period.errors:
        out.append(
            F.make(
                "bad-period", where, f"annex period {period.raw!r}: no schedule could be read", aid
            )
        )
    else:
        for warning in period.warnings:
            out.append(F.make("period-free-text", where, f"{section} period: {warning}", aid))
    return out


def _mentions(text: str, code: str, aliases: tuple[str, ...]) -> bool:
    words = set(re.findall(r"[\w]+", text.casefold()))
    return any(name.casefold() in words for name in (code, *aliases))


def _check_corrections(action: Action, at: Located) -> list[Finding]:
    out = []
    values: dict[str, tuple[str, ...]] = {
        "annex.title": (action.annex.title,),
        "annex.departments": (action.annex.departments,),
        "annex.period": (action.annex.period.raw,),
        "body.title": (action.body.cells.title,),
        "body.departments": (action.body.cells.departments,),
        "body.period": (action.body.cells.period.raw,),
        "body.what": action.body.what,
        "body.success": action.body.success,
        "body.category": (action.body.category or "",),
    }
    for i, c in enumerate(action.corrections):
        texts = values.get(c.field)
        if texts is None or not any(c.corrected in t for t in texts):
            out.append(
                F.make(
                    "correction-missing",
                    at.at("corrections", i),
                    f"correction of {c.field}: {c.corrected!r} does not occur in the value",
                    action.id,
                )
            )
    return out


def _compare(action: Action, at: Located, registry: Registry) -> list[Finding]:
    return [
        F.make(d.code, at.at("body", d.field), d.message, action.id)
        for d in differences(action, registry)
    ]


def _check_progress(result: LoadResult, ids: set[str]) -> list[Finding]:
    out = []
    seen: dict[tuple[str, dt.date], Located] = {}
    for entry, at in result.entries_at:
        aid = entry.action
        if aid.casefold() not in ids:
            out.append(
                F.make(
                    "unknown-action",
                    at.at("action"),
                    f"progress entry for unknown action {aid!r}",
                    aid,
                )
            )
        key = (aid.casefold(), entry.date)
        if key in seen:
            first = seen[key].at()
            out.append(
                F.make(
                    "duplicate-entry",
                    at.at(),
                    f"second progress entry for {aid} on {entry.date} "
                    f"(first at {first[0]}:{first[1]})",
                    aid,
                )
            )
        seen.setdefault(key, at)
        if entry.expected is not None and entry.state.value != "expected":
            out.append(
                F.make(
                    "expected-state",
                    at.at("expected"),
                    f"expected quarter {entry.expected} given, "
                    f"but the state is {entry.state.value}",
                    aid,
                )
            )
        for i, c in enumerate(entry.corrections):
            if c.corrected not in entry.text:
                out.append(
                    F.make(
                        "correction-missing",
                        at.at("corrections", i),
                        f"correction: {c.corrected!r} does not occur in the text",
                        aid,
                    )
                )
    return out


def _value_at(data: Any, where: tuple[Any, ...]) -> Any:
    """The value at a path in parsed YAML, or None where the path does not lead."""
    for key in where:
        if isinstance(data, dict):
            data = data.get(key)
        elif isinstance(data, list) and isinstance(key, int) and 0 <= key < len(data):
            data = data[key]
        else:
            return None
    return data


def _check_dates(result: LoadResult) -> list[Finding]:
    """Dates that match YYYY-MM-DD in form but do not exist (2025-02-30)."""
    out = []
    checks: list[tuple[Document, tuple[Any, ...], str | None]] = []
    plan_doc = result.docs.get("plan")
    if plan_doc is not None:
        checks.append((plan_doc, ("published",), None))
    for kind, doc in result.docs.items():
        if not kind.startswith("progress:"):
            continue
        checks.append((doc, ("report", "date"), None))
        entries = doc.data.get("entries")
        if isinstance(entries, list):
            for i, e in enumerate(entries):
                if isinstance(e, dict) and "date" in e:
                    checks.append((doc, ("entries", i, "date"), str(e.get("action"))))
    for doc, where, aid in checks:
        value = _value_at(doc.data, where)
        if not isinstance(value, str):
            continue
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            line, col = doc.pos(where)
            out.append(
                F.make(
                    "bad-date",
                    (doc.path, line, col),
                    f"{where[-1]} {value!r} is not a real date (YYYY-MM-DD)",
                    aid,
                )
            )
    return out

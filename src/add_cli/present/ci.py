"""Validate's findings for CI systems: GitHub workflow commands, GitLab Code Quality, SARIF 2.1.0.

Each writer takes the findings as `add validate` has them (paths as the user sees them, relative
to the working folder, which in a pipeline is the repository's root) and writes one document.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import quote

from add_cli.core.findings import CODES, LOAD_CODES, Finding
from add_cli.core.i18n import _, ngettext
from add_cli.present.markdown import table_lines

if TYPE_CHECKING:
    from add_cli.checks.validate import ValidationReport

GITHUB_LIMIT = 10
"""GitHub shows at most 10 error and 10 warning annotations of a step; more are dropped."""

SUMMARY_ROWS = 200
"""Rows of the step summary's table; the rest is counted (a summary may be 1 MiB at most)."""

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


# ---------------------------------------------------------------- GitHub


def _escape_data(text: str) -> str:
    """A workflow command's message: %, CR and LF escaped as GitHub's toolkit does."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """A workflow command's property value: also ':' and ',', which end a property."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _path(f: Finding) -> str:
    """The finding's path with forward slashes, as every CI system wants it (on Windows too)."""
    return f.shown_path.replace("\\", "/")


def _message(f: Finding) -> str:
    return f"[{f.action}] {f.message}" if f.action else f.message


def github_command(f: Finding) -> str:
    """`::error file=…,line=…,col=…,title=CODE::message` for one finding."""
    props = [f"file={_escape_property(_path(f))}"]
    if f.line >= 1:
        props.append(f"line={f.line}")
        if f.col >= 1:
            props.append(f"col={f.col}")
    props.append(f"title={_escape_property(f.code)}")
    return f"::{f.severity} {','.join(props)}::{_escape_data(_message(f))}"


def write_github(report: ValidationReport, summary_line: str, out: TextIO) -> None:
    """One annotation per finding, at most `GITHUB_LIMIT` of each severity, then a notice.

    Findings past the limit are printed as plain lines (the log keeps them all); the last
    line is a `::notice::` with the full counts.
    """
    shown = {"error": 0, "warning": 0}
    for f in report.findings:
        if shown[f.severity] < GITHUB_LIMIT:
            shown[f.severity] += 1
            out.write(github_command(f) + "\n")
        else:
            out.write(f"{f}\n")
    left = report.errors - shown["error"], report.warnings - shown["warning"]
    errors = ngettext("{n} error", "{n} errors", shown["error"]).format(n=shown["error"])
    warnings = ngettext("{n} warning", "{n} warnings", shown["warning"]).format(n=shown["warning"])
    rest = (
        _(" (annotated: {errors}, {warnings})").format(errors=errors, warnings=warnings)
        if any(left)
        else ""
    )
    out.write(f"::notice title=add validate::{_escape_data(summary_line + rest)}\n")


def github_summary(report: ValidationReport, summary_line: str) -> str:
    """The Markdown for $GITHUB_STEP_SUMMARY: the counts and a table of the findings."""
    lines = ["## add validate", "", summary_line, ""]
    if report.findings:
        rows = [
            [f.severity, f.code, f"{_path(f)}:{f.line}:{f.col}", f.action or "", f.message]
            for f in report.findings[:SUMMARY_ROWS]
        ]
        lines += table_lines(
            [_("Severity"), _("Code"), _("Place"), _("Action"), _("Message")], rows
        )
        if len(report.findings) > SUMMARY_ROWS:
            more = len(report.findings) - SUMMARY_ROWS
            lines += ["", _("... and {n} more findings.").format(n=more)]
        lines.append("")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- GitLab


def _fingerprints(findings: Sequence[Finding]) -> list[str]:
    """A stable fingerprint per finding: its code, file, action and message.

    Not its line: a finding keeps its fingerprint when lines above it are added, so GitLab
    sees the same problem. Findings that agree in all four are told apart by their order.
    """
    seen: dict[tuple[str, str, str, str], int] = {}
    out = []
    for f in findings:
        key = (f.code, _path(f), f.action or "", f.message)
        seen[key] = seen.get(key, 0) + 1
        text = "\0".join((*key, str(seen[key])))
        out.append(hashlib.sha256(text.encode("utf-8")).hexdigest())
    return out


def gitlab_report(report: ValidationReport) -> list[dict[str, Any]]:
    """A GitLab Code Quality report: one issue per finding."""
    return [
        {
            "description": _message(f),
            "check_name": f.code,
            "fingerprint": fingerprint,
            "severity": "major" if f.severity == "error" else "minor",
            "location": {"path": _path(f), "lines": {"begin": max(f.line, 1)}},
        }
        for f, fingerprint in zip(report.findings, _fingerprints(report.findings), strict=True)
    ]


# ---------------------------------------------------------------- SARIF


def _rules() -> list[dict[str, Any]]:
    rules = [
        {
            "id": code,
            "shortDescription": {"text": meaning},
            "defaultConfiguration": {"level": "error"},
        }
        for code, meaning in LOAD_CODES.items()
    ]
    rules += [
        {
            "id": code,
            "shortDescription": {"text": meaning},
            "defaultConfiguration": {"level": severity},
        }
        for code, (severity, meaning) in CODES.items()
        if code not in LOAD_CODES
    ]
    return rules


def sarif_report(report: ValidationReport, version: str) -> dict[str, Any]:
    """A SARIF 2.1.0 log with one run: add's rules (every catalogued code) and the findings."""
    rules = _rules()
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    results = []
    for f, fingerprint in zip(report.findings, _fingerprints(report.findings), strict=True):
        location: dict[str, Any] = {"artifactLocation": {"uri": quote(_path(f))}}
        if f.line >= 1:
            location["region"] = {"startLine": f.line, "startColumn": max(f.col, 1)}
        result: dict[str, Any] = {
            "ruleId": f.code,
            "level": f.severity,
            "message": {"text": _message(f)},
            "locations": [{"physicalLocation": location}],
            "partialFingerprints": {"addFinding/v1": fingerprint},
        }
        if f.code in index:
            result["ruleIndex"] = index[f.code]
        if f.action:
            result["properties"] = {"action": f.action}
        results.append(result)
    driver = {"name": "add", "version": version, "rules": rules}
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, "results": results}],
    }


def to_json(data: Any) -> str:
    from add_cli.present.jsontext import dumps

    return dumps(data) + "\n"

"""What validate and diff print: findings with their summary, and changes between revisions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from add_cli.core.i18n import _, ngettext
from add_cli.present.terminal import Column, print_table, to_json

if TYPE_CHECKING:
    from add_cli.checks.validate import ValidationReport
    from add_cli.store.diff import Change


def write_validation(
    report: ValidationReport, where: str, loadable: bool, format: str, out: TextIO
) -> str:
    """The findings (one per line, or JSON) to `out`; returns the summary line for stderr."""
    valid = loadable and not report.errors
    summary = validation_summary(report, where, loadable)
    if format == "json":
        out.write(
            to_json(
                {
                    "plan": where,
                    "valid": valid,
                    "loadable": loadable,
                    "errors": report.errors,
                    "warnings": report.warnings,
                    "actions": report.actions,
                    "progress_entries": report.entries,
                    "findings": [f.as_dict() for f in report.findings],
                }
            )
        )
    elif format in CI_FORMATS:
        write_for_ci(report, summary, format, out)
    else:
        out.writelines(f"{f}\n" for f in report.findings)
    return summary


CI_FORMATS = ("github", "gitlab", "sarif")
"""Formats for CI systems (`present.ci`): GitHub annotations, GitLab Code Quality, SARIF."""


def write_for_ci(report: ValidationReport, summary: str, format: str, out: TextIO) -> None:
    from add_cli import __version__
    from add_cli.present import ci

    if format == "github":
        ci.write_github(report, summary, out)
    elif format == "gitlab":
        out.write(ci.to_json(ci.gitlab_report(report)))
    else:
        out.write(ci.to_json(ci.sarif_report(report, __version__)))


def validation_summary(report: ValidationReport, where: str, loadable: bool) -> str:
    """The one-line summary: files, actions, entries, errors and warnings (each counted in
    the singular or the plural, as the number asks: "1 error", "2 errors")."""
    errors = ngettext("{n} error", "{n} errors", report.errors).format(n=report.errors)
    if not loadable:
        return _("{where}: cannot be loaded ({errors})").format(where=where, errors=errors)
    counts = [
        ngettext("{n} file", "{n} files", report.files).format(n=report.files),
        ngettext("{n} action", "{n} actions", report.actions).format(n=report.actions),
        ngettext("{n} progress entry", "{n} progress entries", report.entries).format(
            n=report.entries
        ),
    ]
    warnings = ngettext("{n} warning", "{n} warnings", report.warnings).format(n=report.warnings)
    return _("{where}: {counts}: {errors}, {warnings}").format(
        where=where, counts=", ".join(counts), errors=errors, warnings=warnings
    )


def write_changes(changes: Sequence[Change], a: str, b: str, format: str, out: TextIO) -> None:
    """The changes as a table (or a sentence when there are none), or as JSON."""
    if format == "json":
        out.write(to_json({"from": a, "to": b, "changes": [c.as_json() for c in changes]}))
        return
    if not changes:
        out.write(_("No changes to the plan between {a} and {b}.").format(a=a, b=b) + "\n")
        return
    print_table(
        [
            Column(_("Change")),
            Column(_("Id")),
            Column(_("Before"), flex=True),
            Column(_("After"), flex=True),
        ],
        [[c.kind, c.action, change_text(c, c.before), change_text(c, c.after)] for c in changes],
        title=_("{n} changes to the plan from {a} to {b}").format(n=len(changes), a=a, b=b),
        stream=out,
    )


def change_text(change: Change, value: Any) -> str:
    """A change's before or after value as a short text for the table ("" for none)."""
    if value is None:
        return ""
    text = _value_text(value)
    return f"{change.field}: {text}" if change.field else text


def _value_text(value: Any) -> str:
    if isinstance(value, list):
        return " / ".join(_value_text(v) for v in value)
    if not isinstance(value, dict):
        return str(value)
    if "date" in value and "state" in value:  # a progress entry
        expected = (
            _(" (expected {quarter})").format(quarter=value["expected"])
            if value.get("expected")
            else ""
        )
        return f"{value['date']} {value['state']}{expected}: {value['text']}"
    if "lead" in value:  # departments
        partners = ", ".join(value.get("partners") or [])
        return _("{text} (lead {lead}").format(text=value["text"], lead=value["lead"]) + (
            f"; {partners})" if partners else ")"
        )
    if "title" in value:  # an action
        return str(value["title"])
    return str(value.get("text", ""))  # a period

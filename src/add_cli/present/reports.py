"""What validate and diff print: findings with their summary, and changes between revisions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from add_cli.present.terminal import Column, print_table, to_json

if TYPE_CHECKING:
    from add_cli.checks.validate import ValidationReport
    from add_cli.store.diff import Change


def write_validation(
    report: ValidationReport, where: str, loadable: bool, format: str, out: TextIO
) -> str:
    """The findings (one per line, or JSON) to `out`; returns the summary line for stderr."""
    valid = loadable and not report.errors
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
    else:
        out.writelines(f"{f}\n" for f in report.findings)
    if not loadable:
        return f"{where}: cannot be loaded ({report.errors} errors)"
    return (
        f"{where}: {report.files} files, {report.actions} actions, "
        f"{report.entries} progress entries: {report.errors} errors, "
        f"{report.warnings} warnings"
    )


def write_changes(changes: Sequence[Change], a: str, b: str, format: str, out: TextIO) -> None:
    """The changes as a table (or a sentence when there are none), or as JSON."""
    if format == "json":
        out.write(to_json({"from": a, "to": b, "changes": [c.as_json() for c in changes]}))
        return
    if not changes:
        out.write(f"No changes to the plan between {a} and {b}.\n")
        return
    print_table(
        [Column("Change"), Column("Id"), Column("Before", flex=True), Column("After", flex=True)],
        [[c.kind, c.id, c.before or "", c.after or ""] for c in changes],
        title=f"{len(changes)} changes to the plan from {a} to {b}",
        stream=out,
    )

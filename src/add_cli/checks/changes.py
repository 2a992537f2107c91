"""`add diff`: the changes between two revisions of a plan, each of them checked first.

A revision with errors is refused like any plan a read command answers from: its
error findings are shown at `<revision>:<path>` (git's own notation), and nothing is
compared. An answer from a plan nobody checked could be silently wrong.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from add_cli.checks.validate import check
from add_cli.core.errors import AddError, ExitCode
from add_cli.core.i18n import _, ngettext
from add_cli.core.model import Plan
from add_cli.store.diff import Change, checkout_revision, compare, repository

WORKING_TREE = "working tree"


def between(root: Path, rev_a: str, rev_b: str | None) -> tuple[list[Change], str, str]:
    """Changes from revision A to revision B (None: the working tree), and both names."""
    top, rel = repository(root)
    label_b = rev_b or WORKING_TREE
    with tempfile.TemporaryDirectory(prefix="add-diff-") as tmp:
        a = _checked(checkout_revision(top, rel, rev_a, Path(tmp) / "a"), f"{rev_a}:{rel}", rev_a)
        if rev_b is None:
            b = _checked(root, None, label_b)
        else:
            folder = checkout_revision(top, rel, rev_b, Path(tmp) / "b")
            b = _checked(folder, f"{rev_b}:{rel}", rev_b)
        return compare(a, b), rev_a, label_b


def _checked(folder: Path, shown_root: str | None, label: str) -> Plan:
    """The plan in `folder`, or AddError with its errors shown under `shown_root`."""
    result, report = check(folder)
    errors = [f for f in report.findings if f.severity == "error"]
    if shown_root is not None:
        errors = [f.with_root(shown_root.rstrip(":").rstrip("/") or label) for f in errors]
    if result.load_errors or result.plan is None or errors:
        n = len(errors)
        where = (
            _("in the working tree") if label == WORKING_TREE else _("at {rev}").format(rev=label)
        )
        count = ngettext("{n} error", "{n} errors", n).format(n=n)
        raise AddError(
            "plan-invalid",
            _(
                "the plan {where} has {count}; fix them (see `add validate`) before comparing"
            ).format(where=where, count=count),
            errors,
            ExitCode.USAGE,
        )
    return result.plan

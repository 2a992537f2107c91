"""The plan a read command answers from: loaded, checked, and cached with its verdict.

`plan_for_reading` is the one way read commands (status, overdue, show, timeline,
export, uitvraag export) get a plan. It refuses a plan that cannot be loaded or that
has errors, with the same findings `add validate` reports.
"""

from __future__ import annotations

from pathlib import Path

from add_cli.core.errors import AddError, ExitCode
from add_cli.core.model import Plan


def plan_for_reading(root: Path) -> Plan:
    """The plan in `root`, or AddError ('plan-unloadable' / 'plan-invalid') with the findings."""
    from add_cli.store.cache import load_plan as cached

    plan, result = cached(root, Path.cwd())
    if plan is None:
        problems = result.problems if result else []
        raise AddError(
            "plan-unloadable",
            "the plan cannot be loaded; run `add validate` for every problem",
            problems,
            ExitCode.USAGE,
        )
    return plan

"""The plan a read command answers from: loaded, checked, and cached with its verdict.

`plan_for_reading` is the one way read commands (status, overdue, show, timeline,
export, uitvraag export) get a plan. It refuses a plan that cannot be loaded or that
has errors, with the same error findings `add validate` reports; warnings do not
block. The verdict is cached with the plan (see `store.cache`), so a refusal from
the cache costs no more than an answer from it.

A cache entry holds paths relative to the plan folder; they are shown relative to
the working folder on reading, so one entry serves every working folder.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from add_cli.core.errors import AddError, ExitCode
from add_cli.core.findings import Finding
from add_cli.core.model import Plan

if TYPE_CHECKING:
    from add_cli.checks.validate import ValidationReport
    from add_cli.store.load import LoadResult

OK, INVALID, UNLOADABLE = "ok", "plan-invalid", "plan-unloadable"
Verdict = tuple[str, Plan | None, tuple[Finding, ...]]
"""(OK, plan, ()) or (INVALID / UNLOADABLE, None, the error findings)."""
_STORED = tuple[str, Plan | None, tuple[Finding, ...]]


def plan_for_reading(root: Path) -> Plan:
    """The plan in `root`, or AddError ('plan-unloadable' / 'plan-invalid') with the findings."""
    from add_cli.store import cache

    directory = cache.usable_dir()
    if directory is not None:
        try:
            hexkey, contents = cache.key(root)
        except OSError:  # a file vanished or is unreadable: load reports it
            directory = None
    if directory is None:
        from add_cli.checks.validate import check

        return _answer(_verdict(*check(root)))
    relocate = _relocator(root, Path.cwd())
    payload = cache.read(directory, hexkey)
    if payload is not None:
        cached = _decode(payload, relocate)
        if cached is not None:
            return _answer(cached)
    return _answer(_fill(root, directory, hexkey, contents, relocate))


def _fill(
    root: Path,
    directory: Path,
    hexkey: str,
    contents: dict[Path, bytes],
    relocate: Callable[[str], str],
) -> Verdict:
    """Check the plan from the bytes the key was made of, store the verdict, return it."""
    from add_cli.checks.validate import check
    from add_cli.store import cache, codec

    base = root.resolve()
    verdict = _verdict(*check(base, cwd=base, overrides=contents))  # paths relative to root
    try:
        payload = codec.encode(verdict)
    except codec.CodecError:  # a value the codec does not know: answer uncached
        return _verdict(*check(root, overrides=contents))
    cache.write(directory, hexkey, payload)
    shown = _decode(payload, relocate)  # the same paths a hit would show
    return shown if shown is not None else _verdict(*check(root, overrides=contents))


def _verdict(result: LoadResult, report: ValidationReport) -> Verdict:
    errors = tuple(f for f in report.findings if f.severity == "error")
    if result.load_errors or result.plan is None:
        return UNLOADABLE, None, errors or tuple(result.load_errors)
    if errors:
        return INVALID, None, errors
    return OK, result.plan, ()


def _decode(payload: bytes, relocate: Callable[[str], str]) -> Verdict | None:
    from add_cli.store import codec
    from add_cli.store.parallel import no_gc

    try:
        with no_gc():
            kind, plan, errors = codec.decode(payload, _STORED, relocate)
    except codec.CodecError:
        return None
    well_formed = {
        OK: plan is not None and not errors,
        INVALID: plan is None and bool(errors),
        UNLOADABLE: plan is None,
    }
    if not well_formed.get(kind, False):
        return None
    return kind, plan, errors


def _answer(verdict: Verdict) -> Plan:
    kind, plan, errors = verdict
    if kind == OK and plan is not None:
        return plan
    n = len(errors)
    count = f"{n} error" if n == 1 else f"{n} errors"
    if kind == INVALID:
        message = (
            f"the plan has {count}; run `add validate` for every finding, and fix the errors first"
        )
    else:
        message = f"the plan cannot be loaded ({count}); run `add validate` for every problem"
    raise AddError(kind, message, errors, ExitCode.USAGE)


def _relocator(root: Path, cwd: Path) -> Callable[[str], str]:
    """Shows a path relative to the plan folder as `load` would from `cwd`."""
    from add_cli.store.paths import display_path

    def shown(relative: str) -> str:
        return display_path(root / relative, cwd)

    return shown

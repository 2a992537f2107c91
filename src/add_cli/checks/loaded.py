"""The plan a read command answers from: loaded, checked, and cached with its verdict.

`plan_for_reading` is the one way read commands (status, overdue, show, timeline,
export, uitvraag export) get a plan. It refuses a plan that cannot be loaded or that
has errors, with the same error findings `add validate` reports; warnings do not
block. The verdict is cached with the plan (see `store.cache`), so a refusal from
the cache costs no more than an answer from it.

A cache entry holds paths relative to the plan folder (as the model does); findings
are shown under the plan folder as seen from the working folder on reading, so one
entry serves every working folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from add_cli.core.errors import AddError, ExitCode
from add_cli.core.findings import Finding
from add_cli.core.i18n import _, ngettext
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
    from add_cli.store.paths import display_path

    directory = cache.usable_dir()
    if directory is not None:
        try:
            hexkey, contents = cache.key(root)
        except OSError:  # a file vanished or is unreadable: load reports it
            directory = None
    if directory is None:
        return _answer(_checked(root, None))
    shown_root = display_path(root, Path.cwd())
    payload = cache.read(directory, hexkey)
    if payload is not None:
        cached = _decode(payload, shown_root)
        if cached is not None:
            return _answer(cached)
    verdict = _checked(root, contents)
    _store(directory, hexkey, verdict)
    return _answer(verdict)


def _checked(root: Path, contents: dict[Path, bytes] | None) -> Verdict:
    """Read and check the files (a cache miss): the reader and the rules load only here,
    which keeps them off the start-up path of an answer from the cache."""
    from add_cli.checks.validate import check

    return _verdict(*check(root, overrides=contents, consume=True))


def _store(directory: Path, hexkey: str, verdict: Verdict) -> None:
    """Cache the verdict; its findings are kept relative to the plan folder (no `root`)."""
    from add_cli.store import cache, codec

    kind, plan, errors = verdict
    try:
        payload = codec.encode((kind, plan, tuple(f.with_root("") for f in errors)))
    except codec.CodecError:  # a value the codec does not know: answer uncached
        return
    cache.write(directory, hexkey, payload)


def _verdict(result: LoadResult, report: ValidationReport) -> Verdict:
    errors = tuple(f for f in report.findings if f.severity == "error")
    if result.load_errors or result.plan is None:
        return UNLOADABLE, None, errors or tuple(result.load_errors)
    if errors:
        return INVALID, None, errors
    return OK, result.plan, ()


def _decode(payload: bytes, shown_root: str) -> Verdict | None:
    from add_cli.store import codec
    from add_cli.store.parallel import no_gc

    try:
        with no_gc():
            kind, plan, errors = codec.decode(payload, _STORED)
    except codec.CodecError:
        return None
    well_formed = {
        OK: plan is not None and not errors,
        INVALID: plan is None and bool(errors),
        UNLOADABLE: plan is None,
    }
    if not well_formed.get(kind, False):
        return None
    return kind, plan, tuple(f.with_root(shown_root) for f in errors)


def _answer(verdict: Verdict) -> Plan:
    kind, plan, errors = verdict
    if kind == OK and plan is not None:
        return plan
    n = len(errors)
    count = ngettext("{n} error", "{n} errors", n).format(n=n)
    if kind == INVALID:
        message = _(
            "the plan has {count}; run `add validate` for every finding, and fix the errors first"
        ).format(count=count)
    else:
        message = _(
            "the plan cannot be loaded ({count}); run `add validate` for every problem"
        ).format(count=count)
    raise AddError(kind, message, errors, ExitCode.USAGE)

"""The plan a read command answers from: loaded, checked, and cached with its verdict.

`plan_for_reading` is the one way read commands (status, overdue, show, timeline,
export, uitvraag export) get a plan. It refuses a plan that cannot be loaded or that
has errors, with the same error findings `add validate` reports; warnings do not
block. The verdict is cached with the plan (see `store.cache`), so a refusal from
the cache costs no more than an answer from it.

A cache entry holds paths relative to the plan folder (as the model does); findings
are shown under the plan folder as seen from the working folder on reading, so one
entry serves every working folder.

An entry's payload is four sections, each decoded only by who needs it: the verdict
(its kind and error findings), the departments, the plan's facts (`core.facts`: what
`add overdue` prints, as plain tuples) and the plan. `facts_for_reading` decodes the
first three only: a warm `add overdue` on a large plan never builds the plan.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from add_cli.core.errors import AddError, ExitCode
from add_cli.core.i18n import _, ngettext
from add_cli.core.model import Plan
from add_cli.store.paths import MAX_PLAN_BYTES

if TYPE_CHECKING:
    from typing import TypeAlias

    from add_cli.checks.validate import ValidationReport
    from add_cli.core.facts import PlanFacts
    from add_cli.core.findings import Finding
    from add_cli.store import cache, parallel
    from add_cli.store.load import LoadResult

    Verdict: TypeAlias = tuple[str, Plan | None, tuple[Finding, ...]]
    """(OK, plan, ()) or (INVALID / UNLOADABLE, None, the error findings)."""

OK, INVALID, UNLOADABLE = "ok", "plan-invalid", "plan-unloadable"
_SECTIONS = 4
"""verdict, departments, facts, plan (see the module's docstring)."""
_SIZE = 8
"""Bytes of each section's length, written before the sections."""
T = TypeVar("T")


def plan_for_reading(root: Path, held: bool = False) -> Plan:
    """The plan in `root`, or AddError ('plan-unloadable' / 'plan-invalid') with the findings.

    `held`: the caller holds back its whole answer (output, files) until `settle`, which
    raises that AddError when the plan has errors. A cold read of a large plan then runs
    the rules in a second process while the caller works out its answer (`_ahead`); every
    other read is settled before it returns, as without `held`.
    """
    from add_cli.store import parallel

    plan = _answer(_read(root, _decode, held))
    parallel.keep(plan)  # never freed piece by piece when the process ends after the command
    return plan


def pending() -> bool:
    """Whether a plan was handed out before its verdict (`plan_for_reading(held=True)`)."""
    return bool(_PENDING)


def settled() -> bool:
    """Whether `settle` would return (or raise) at once: every verdict held is in."""
    return all(rules.ready() for _key, _result, rules in _PENDING)


def settle() -> None:
    """Wait for the verdict of every plan handed out before it; AddError when one has errors
    (the refusal `plan_for_reading` would have raised: nothing may come of that answer).

    Every verdict is taken in, in the order the plans were read, before the first refusal
    is raised: none is left for a later command of the same process."""
    refusal: AddError | None = None
    while _PENDING:
        _key, result, rules = _PENDING.pop(0)
        try:
            _answer(_verdict_of(result, rules.result()))  # WorkerFailed: the process died
        except AddError as exc:
            refusal = refusal or exc
    if refusal is not None:
        raise refusal


def abandon() -> None:
    """Forget the verdicts still to come (the command ended without them: Ctrl-C, or a
    library caller that never settled): their processes end on their own, writing the
    cache entry, and `store.parallel.join` waits for them as for any other."""
    while _PENDING:
        _key, _result, rules = _PENDING.pop()
        rules.abandon()


_PENDING: list[tuple[str, LoadResult, parallel.Pending[tuple[Finding, ...]]]] = []
"""Plans handed out before their verdict (by cache key), the rules' errors still to come."""
PENDING = "pending"
"""The kind of a verdict still to come (see `settle`)."""


def facts_for_reading(root: Path) -> PlanFacts:
    """The facts of the plan in `root` (`core.facts`), refused as `plan_for_reading` refuses.

    From the cache they are read without the plan; on a miss (or without a cache)
    they are taken from the plan just read and checked."""
    from add_cli.core.facts import PlanFacts

    found = _read(root, _decode_facts)
    if isinstance(found, PlanFacts):
        return found
    if isinstance(found, tuple) and found[0] != OK:
        _answer(found)  # raises
    assert isinstance(found, tuple) and found[1] is not None
    return PlanFacts.of(found[1])


def _read(root: Path, decode: Callable[[bytes, str], T | None], held: bool = False) -> T | Verdict:
    """What `decode` reads from the plan's cache entry, else the verdict made now (and cached).

    `held` (see `plan_for_reading`): the verdict may be PENDING, made by a second process."""
    from add_cli.store import cache
    from add_cli.store.paths import display_path

    directory = cache.usable_dir()
    if directory is not None:
        try:
            hexkey, contents = cache.key(root)
        except OSError:  # a file vanished or is unreadable: load reports it
            directory = None
    if directory is None:
        return _checked(root, None)
    payload = cache.read(directory, hexkey)
    if payload is None and any(key == hexkey for key, _r, _p in _PENDING):
        settle()  # this process is making it (`--plan A --plan A`): not another add to wait for
    if payload is None and cache.wait(directory, hexkey):  # another add was making it
        payload = cache.read(directory, hexkey)
    if payload is not None:
        cached = decode(payload, display_path(root, Path.cwd()))
        if cached is not None:
            return cached
    size = sum(len(data) for data in contents.values())  # before check consumes them
    claim = cache.claim(directory, hexkey)
    try:
        if held and _early(size):
            return _ahead(root, contents, directory, hexkey, claim)
        early = _Early(directory, hexkey, claim) if _early(size) else None
        unkeyed: list[str] = []
        verdict = _checked(root, contents, early, unkeyed)
        if unkeyed:  # a file came after the key was made: an entry under it would lie
            _unkept(early, claim)
        else:
            _store(directory, hexkey, verdict, size, early, claim)
    finally:
        if claim is not None:
            claim.release()  # the process writing the entry holds the claim until it has
    return verdict


def _checked(
    root: Path,
    contents: dict[Path, bytes] | None,
    early: _Early | None = None,
    unkeyed: list[str] | None = None,
) -> Verdict:
    """Read and check the files (a cache miss): the reader and the rules load only here,
    which keeps them off the start-up path of an answer from the cache. `unkeyed` gets
    the files read that were not among `contents` (`LoadResult.unkeyed`)."""
    from add_cli.checks.validate import check
    from add_cli.store import parallel

    loaded = early.start if early is not None else None
    # Light documents: an answer needs no position deeper than an action's own, unless a
    # finding does (then that file is read again: `yamlread.Document.light`).
    result, report = check(root, overrides=contents, consume=True, loaded=loaded, light=True)
    if early is not None:
        # The parsed files are not freed (a tenth of a second on 10,000 actions, pages
        # shared with the entry's process copied one by one) when the process ends
        # right after the command: its memory goes back at once (EARLY_BYTES bounds it).
        parallel.keep(result)
    if unkeyed is not None:
        unkeyed += result.unkeyed
    return _verdict(result, report)


def _unkept(early: _Early | None, claim: cache.Claim | None) -> None:
    """No entry for this read: the plan's files changed while it was read (a file that was
    not there when the key was made was read). The next read makes the entry."""
    if early is not None and early.handoff is not None:
        early.handoff.cancel()
    if claim is not None:
        claim.done()


def _ahead(
    root: Path,
    contents: dict[Path, bytes],
    directory: Path,
    hexkey: str,
    claim: cache.Claim | None,
) -> Verdict:
    """A large plan read now, its rules run by a second process (`parallel.Pending` with
    `then`) while the caller works out its answer; that process then encodes and writes the
    cache entry of the verdict, and outlives the command. The verdict is PENDING (`settle`),
    unless the plan cannot be loaded at all, which is known now."""
    from add_cli.store import cache, parallel
    from add_cli.store.load import load

    result = load(root, overrides=contents, consume=True, light=True)
    parallel.keep(result)  # the parsed files: see `_checked`

    def rules() -> tuple[Finding, ...]:
        from add_cli.checks.validate import validate  # here: in the second process only

        with parallel.no_gc():
            findings = validate(result).findings
        return tuple(f for f in findings if f.severity == "error")

    keyed = not result.unkeyed  # else an entry under this key would lie (see `_unkept`)
    if result.load_errors or result.plan is None:
        verdict = _verdict_of(result, rules())
        if keyed:
            _store(directory, hexkey, verdict, claim=claim)
        else:
            _unkept(None, claim)
        return verdict

    def write(errors: tuple[Finding, ...]) -> None:
        payload = encode(_verdict_of(result, errors)) if keyed else None
        if payload is not None:
            cache.write(directory, hexkey, payload)
        if claim is not None:
            claim.done()

    _PENDING.append((hexkey, result, parallel.start(rules, fork=True, then=write)))
    return PENDING, result.plan, ()


def _verdict_of(result: LoadResult, errors: tuple[Finding, ...]) -> Verdict:
    """`_verdict` of a result and the error findings of its rules."""
    if result.load_errors or result.plan is None:
        return UNLOADABLE, None, errors or tuple(result.load_errors)
    if errors:
        return INVALID, None, errors
    return OK, result.plan, ()


EARLY_BYTES = MAX_PLAN_BYTES
"""The largest plan (bytes of files) whose cache entry is begun as soon as the model is
built (`_Early`), and whose rules run beside a held answer (`_ahead`): every plan add reads.
A child forked then holds the parsed files too. On 50,000 actions (93 MB) that took the cold
read's peak from 460 to 566 MB (the budget is 600) and its time from 4.5 to 4.1 s; before
the parsed files were light (`yamlread.Document.light`), the peak was 624 MB, and this
stopped at 32 MB."""


def _early(size: int) -> bool:
    """Whether a plan of `size` bytes has its entry begun early (see EARLY_BYTES)."""
    from add_cli.store import parallel

    return parallel.worth_forking(size) and size <= EARLY_BYTES


class _Early:
    """A large plan's cache entry, encoded by a second process from the moment the model
    is built, while this one runs the rules (`parallel.Handoff`).

    The verdict is sent to it as the entry's first section: the child writes the entry
    when that says the plan is fine (ok, no errors), never otherwise. A plan with errors
    is not worth the plan's encoding: the child is ended and the verdict cached as any
    other (`_store`). Nothing is written when this process ends without a verdict."""

    def __init__(self, directory: Path, hexkey: str, claim: cache.Claim | None = None) -> None:
        self.directory, self.hexkey, self.claim = directory, hexkey, claim
        self.plan: Plan | None = None
        self.handoff: parallel.Handoff[list[bytes] | None] | None = None

    def start(self, result: LoadResult) -> None:
        """Begin encoding the model just built (called by `check` before the rules)."""
        from add_cli.store import parallel

        plan = result.plan
        if plan is None or result.load_errors:
            return
        self.handoff = parallel.handoff(lambda: _plan_sections(plan), self._finish)
        self.plan = plan

    def _finish(self, sections: list[bytes] | None, head: bytes) -> None:
        """In the child: write the entry, if `head` is that of a plan without errors."""
        from add_cli.store import cache

        if sections is not None and _fine(head):
            cache.write(self.directory, self.hexkey, _joined([head, *sections]))
            if self.claim is not None:
                self.claim.done()

    def settle(self, verdict: Verdict) -> bool:
        """Whether the child writes `verdict`'s entry (it has been sent the verdict);
        False when there is no child (any more): the caller caches the verdict."""
        if self.handoff is None:
            return False
        kind, plan, errors = verdict
        if kind == OK and plan is not None and plan is self.plan and not errors:
            head = _head_section(kind, errors)
            if head is not None:
                return self.handoff.send(head, detach=True)
        self.handoff.cancel()
        return False


def _store(
    directory: Path,
    hexkey: str,
    verdict: Verdict,
    size: int = 0,
    early: _Early | None = None,
    claim: cache.Claim | None = None,
) -> None:
    """Cache the verdict; its findings are kept relative to the plan folder (no `root`).

    For a large plan (`size` bytes of files) the entry is encoded and written by a
    second process while this one answers (`parallel.background`): on 10,000 actions
    the encoding alone takes a few tenths of a second. When that process was started
    early (`_Early`), it is told the verdict. The `add` script does not wait for that
    process to end (`parallel.join`): a read of the same plan meanwhile waits for the
    entry instead (`claim`, `store.cache.wait`)."""
    from add_cli.store import cache, parallel

    if early is not None and early.settle(verdict):
        return

    def write() -> None:
        payload = encode(verdict)
        if payload is not None:
            cache.write(directory, hexkey, payload)
        if claim is not None:
            claim.done()

    parallel.background(write, fork=parallel.worth_forking(size), detach=True)


def encode(verdict: Verdict) -> list[bytes] | None:
    """The payload of a cache entry for `verdict`, in parts (to be written one after the
    other); None when the codec cannot hold it."""
    kind, plan, errors = verdict
    head = _head_section(kind, errors)
    sections = _plan_sections(plan)
    if head is None or sections is None:
        return None
    return _joined([head, *sections])


def _head_section(kind: str, errors: tuple[Finding, ...]) -> bytes | None:
    """The verdict's section: its kind and error findings (relative to the plan folder)."""
    from add_cli.store import codec

    try:
        return codec.encode((kind, tuple(f.with_root("") for f in errors)))
    except codec.CodecError:  # a value the codec does not know: answer uncached
        return None


def _plan_sections(plan: Plan | None) -> list[bytes] | None:
    """The departments', facts' and plan's sections (of no plan: of a refusal)."""
    import marshal

    from add_cli.core.facts import plan_facts
    from add_cli.store import codec
    from add_cli.store.parallel import no_gc

    try:
        with no_gc():  # what is made here is acyclic, and freed right after
            return [
                codec.encode(plan.departments if plan is not None else ()),
                marshal.dumps(plan_facts(plan) if plan else None, codec.MARSHAL_VERSION),
                codec.encode(plan),
            ]
    except codec.CodecError:
        return None


def _joined(sections: list[bytes]) -> list[bytes]:
    """The payload's parts: the sections' lengths, then the sections."""
    return [b"".join(len(s).to_bytes(_SIZE, "big") for s in sections), *sections]


def _fine(head: bytes) -> bool:
    """Whether a verdict's section says: a plan without errors."""
    from add_cli.store import precompiled

    try:
        kind, errors = precompiled.decode(head, precompiled.HEAD)
    except precompiled.CodecError:
        return False
    return bool(kind == OK and not errors)


def _sections(payload: bytes) -> list[memoryview] | None:
    """The payload's sections, or None when it is not made of them."""
    start = _SIZE * _SECTIONS
    if len(payload) < start:
        return None
    view = memoryview(payload)
    out = []
    for i in range(_SECTIONS):
        size = int.from_bytes(view[i * _SIZE : (i + 1) * _SIZE], "big")
        out.append(view[start : start + size])
        start += size
    return out if start == len(payload) else None


def _verdict(result: LoadResult, report: ValidationReport) -> Verdict:
    return _verdict_of(result, tuple(f for f in report.findings if f.severity == "error"))


def _head(section: memoryview, shown_root: str) -> tuple[str, tuple[Finding, ...]] | None:
    """The verdict's kind and findings (shown under `shown_root`), or None."""
    from add_cli.store import precompiled

    try:
        kind, errors = precompiled.decode(section, precompiled.HEAD)
    except precompiled.CodecError:
        return None
    return kind, tuple(f.with_root(shown_root) for f in errors)


def _decode(payload: bytes, shown_root: str) -> Verdict | None:
    """The verdict a cache entry holds, with its plan; None when it is not one."""
    from add_cli.store import precompiled
    from add_cli.store.parallel import no_gc

    sections = _sections(payload)
    head = _head(sections[0], shown_root) if sections is not None else None
    if sections is None or head is None:
        return None
    kind, errors = head
    try:
        with no_gc():
            plan = precompiled.decode(sections[3], precompiled.PLAN)
    except precompiled.CodecError:
        return None
    return _well_formed(kind, plan, errors)


def _well_formed(kind: str, plan: object, errors: tuple[Finding, ...]) -> Verdict | None:
    well_formed = {
        OK: plan is not None and not errors,
        INVALID: plan is None and bool(errors),
        UNLOADABLE: plan is None,
    }
    if not well_formed.get(kind, False):
        return None
    assert plan is None or isinstance(plan, Plan)
    return kind, plan, errors


def _decode_facts(payload: bytes, shown_root: str) -> PlanFacts | Verdict | None:
    """The facts a cache entry holds, or its refusal (a verdict without a plan); None
    when it is not an entry."""
    import marshal

    from add_cli.core.facts import PlanFacts
    from add_cli.store import precompiled
    from add_cli.store.parallel import no_gc

    sections = _sections(payload)
    head = _head(sections[0], shown_root) if sections is not None else None
    if sections is None or head is None:
        return None
    kind, errors = head
    if kind != OK:
        return _well_formed(kind, None, errors)
    if errors:
        return None
    try:
        departments = precompiled.decode(sections[1], precompiled.DEPARTMENTS)
        with no_gc():
            return PlanFacts(marshal.loads(sections[2]), departments)
    except (precompiled.CodecError, ValueError, EOFError, TypeError):  # not facts (see PlanFacts)
        return None


def _answer(verdict: Verdict) -> Plan:
    kind, plan, errors = verdict
    if kind in (OK, PENDING) and plan is not None:
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

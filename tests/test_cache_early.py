"""A cold read's cache entry, encoded by a child forked as soon as the model is built
(`checks.loaded._Early`, `store.parallel.Handoff`): it holds exactly what the entry
made in process holds, for valid and invalid plans; a child that never gets the verdict
writes nothing; the answers from the entry are the answers from the files."""

from __future__ import annotations

import marshal
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from add_cli.checks import loaded
from add_cli.checks.validate import check
from add_cli.core.errors import AddError
from add_cli.core.facts import PlanFacts
from add_cli.store import cache, codec, parallel
from add_cli.store.load import load
from tests.conftest import CORPUS, PLAN, build_case, invoke, make_plan

CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir() and p.name != "_base")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A plan of 120 actions made by benchmarks/make_plan.py (read only)."""
    return make_plan(120, tmp_path_factory.mktemp("synthetic") / "plan")


def _entry(folder: Path) -> bytes:
    """The payload of the one cache entry in `folder`."""
    (path,) = folder.glob("add-plan-*.cache")
    hexkey = path.name.removeprefix("add-plan-").removesuffix(".cache")
    payload = cache.read(folder, hexkey)
    assert payload is not None
    return payload


def _in_process(root: Path) -> bytes:
    """The payload the in-process path makes of the plan (`loaded.encode`)."""
    result, report = check(root)
    payload = loaded.encode(loaded._verdict(result, report))
    assert payload is not None
    return b"".join(payload)


def _alike(payload: bytes, expected: bytes) -> bool:
    """Two entries hold the same: each section of the same length and value. (Their bytes
    may differ in marshal's flag of what may be referred back to, which follows the
    reference counts of the moment.)"""
    mine, theirs = loaded._sections(payload), loaded._sections(expected)
    assert mine is not None and theirs is not None
    return all(
        len(a) == len(b) and marshal.loads(a) == marshal.loads(b)
        for a, b in zip(mine, theirs, strict=True)
    )


def _unshared(value: Any) -> Any:
    """What the cache wrote before instances were shared (`codec.SHARED`): every value
    written out where it stands. Decoding reads values: equal ones decode alike."""
    if isinstance(value, tuple):
        return tuple(_unshared(item) for item in value)
    if type(value) in codec.ALLOWED:
        return tuple(_unshared(getattr(value, n)) for n in codec._written_fields(type(value)))
    return marshal.loads(marshal.dumps(codec._plain(value, {})))


class _Spy:
    """Counts the handoffs started and what became of them."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.started = self.sent = self.cancelled = 0
        real = parallel.handoff
        spy = self

        def handoff(work: Any, finish: Any) -> Any:
            made = real(work, finish)
            if made is not None:
                spy.started += 1
                send, cancel = made.send, made.cancel

                def sent(word: bytes, **how: Any) -> bool:
                    spy.sent += 1
                    return send(word, **how)  # type: ignore[no-any-return]

                def cancelled() -> None:
                    spy.cancelled += 1
                    cancel()

                made.send, made.cancel = sent, cancelled  # type: ignore[method-assign]
            return made

        monkeypatch.setattr(parallel, "handoff", handoff)


def _cold(root: Path) -> str:
    """A cold `plan_for_reading` of `root`, waited for: 'ok' or the refusal's code."""
    try:
        loaded.plan_for_reading(root)
        kind = "ok"
    except AddError as exc:
        kind = exc.code
    parallel.join()
    assert not parallel._HANDOFFS
    return kind


@pytest.mark.parametrize("which", ["shipped", "synthetic"])
def test_the_early_childs_entry_is_the_in_process_one(
    which: str,
    synthetic: Path,
    tmp_path: Path,
    _private_cache: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = PLAN if which == "shipped" else synthetic
    spy = _Spy(monkeypatch)
    monkeypatch.setattr(parallel, "PARALLEL_BYTES", 0)  # every plan counts as large
    assert _cold(root) == "ok"
    assert (spy.started, spy.sent, spy.cancelled) == (1, 1, 0)
    payload = _entry(_private_cache)
    assert _alike(payload, _in_process(root))
    # ... and it reads back as the entry of before did: the same verdict, facts and plan.
    plan = load(root).plan
    assert plan is not None
    sections = loaded._sections(payload)
    assert sections is not None
    assert marshal.loads(sections[0]) == ("ok", ())
    assert marshal.loads(sections[3]) == _unshared(plan)
    verdict = loaded._decode(payload, ".")
    assert verdict is not None and verdict[0] == "ok" and verdict[2] == ()
    assert _unshared(verdict[1]) == _unshared(plan)
    facts = loaded._decode_facts(payload, ".")
    assert isinstance(facts, PlanFacts)
    assert facts.columns == PlanFacts.of(plan).columns


def test_without_fork_the_entry_is_the_same(
    synthetic: Path, _private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where fork is missing (Windows) the entry is made in process, byte for byte alike."""
    expected = _in_process(synthetic)
    monkeypatch.setattr(parallel, "PARALLEL_BYTES", 0)
    monkeypatch.delattr(os, "fork")
    assert parallel.handoff(list, lambda made, word: None) is None
    assert _cold(synthetic) == "ok"
    assert _alike(_entry(_private_cache), expected)


@pytest.mark.parametrize("case", CASES)
def test_an_invalid_plans_entry_is_the_in_process_one(
    case: str, tmp_path: Path, _private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A plan with errors: the early child is ended, and the verdict cached as before."""
    root = build_case(case, tmp_path / "plan")
    spy = _Spy(monkeypatch)
    monkeypatch.setattr(parallel, "PARALLEL_BYTES", 0)
    kind = _cold(root)
    assert spy.sent + spy.cancelled == spy.started <= 1
    assert spy.sent == (kind == "ok")
    payload = _entry(_private_cache)
    assert _alike(payload, _in_process(root))
    sections = loaded._sections(payload)
    assert sections is not None
    if kind != "ok":
        assert marshal.loads(sections[3]) is None  # never the plan of a refused one
        assert marshal.loads(sections[0])[0] == kind


def test_the_child_never_writes_a_plan_under_another_verdict(
    tmp_path: Path, _private_cache: Path
) -> None:
    """`_finish` (what the child runs on the parent's word) writes only under a verdict
    of a plan without errors."""
    plan = load(PLAN).plan
    assert plan is not None
    sections = loaded._plan_sections(plan)
    assert sections is not None
    early = loaded._Early(_private_cache, "a" * 40)
    finding = check(build_case("duplicate-id", tmp_path / "bad"))[1].findings[0]
    for head in (
        codec.encode(("plan-invalid", (finding,))),
        codec.encode(("ok", (finding,))),
        codec.encode(("plan-unloadable", ())),
        b"not a verdict",
        b"",
    ):
        early._finish(sections, head)
        assert not list(_private_cache.iterdir()), head
    early._finish(None, codec.encode(("ok", ())))  # the codec could not hold the plan
    assert not list(_private_cache.iterdir())
    early._finish(sections, codec.encode(("ok", ())))
    assert len(list(_private_cache.glob("add-plan-*.cache"))) == 1


_PARENT = """if True:
    import os, sys, time
    from pathlib import Path
    from add_cli.checks import loaded
    from add_cli.store.load import load

    mode, root, folder = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    result = load(root)
    early = loaded._Early(folder, "b" * 40)
    early.start(result)
    handoff = early.handoff
    print(handoff._pid, flush=True)
    if mode == "send":  # the control: the verdict reaches the child
        assert early.settle(("ok", result.plan, ()))
        from add_cli.store import parallel
        parallel.join()
    elif mode == "partial":  # a word cut off: the pipe breaks in the middle of it
        os.write(handoff._fd, (100).to_bytes(8, "big") + b"only a part")
        os._exit(0)
    elif mode == "exit":  # ends without a verdict (an exception, say): join ends the child
        sys.exit(3)
    else:  # killed while the rules run
        time.sleep(60)
"""


def _gone(pid: int, timeout: float = 30.0) -> bool:
    """Whether process `pid` (not ours: it has no parent left) has ended."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            return True
        if state in ("Z", "X"):
            return True
        time.sleep(0.05)
    return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
@pytest.mark.parametrize("mode", ["killed", "partial", "exit", "send"])
def test_a_child_without_the_whole_verdict_writes_nothing(
    mode: str, synthetic: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    with subprocess.Popen(
        [sys.executable, "-c", _PARENT, mode, str(synthetic), str(folder)],
        stdout=subprocess.PIPE,
        text=True,
    ) as parent:
        assert parent.stdout is not None
        child = int(parent.stdout.readline())
        if mode == "killed":
            os.kill(parent.pid, signal.SIGKILL)
        parent.wait(timeout=60)
    assert _gone(child)
    written = sorted(p.name for p in folder.iterdir())
    if mode == "send":
        assert written == [f"add-plan-{'b' * 40}.cache"]
        payload = cache.read(folder, "b" * 40)
        assert payload is not None and _alike(payload, _in_process(synthetic))
    else:
        assert written == []


def test_warm_answers_are_the_cold_ones(
    synthetic: Path, tmp_path: Path, _private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """status and overdue as JSON: uncached, cold (entry written by the early child) and
    warm (from that entry) give the same text."""
    commands = [
        ("status", "--format", "json"),
        ("overdue", "--format", "json"),
        ("overdue", "--kind", "start", "--dept", "BZK", "--format", "json"),
    ]
    day = ("--plan", str(synthetic), "--as-of", "2026-11-25")
    plain = {}
    monkeypatch.setenv("ADD_NO_CACHE", "1")
    for args in commands:
        plain[args] = invoke(args[0], *day, *args[1:])
    monkeypatch.delenv("ADD_NO_CACHE")
    monkeypatch.setattr(parallel, "PARALLEL_BYTES", 0)
    for args in commands:
        shutil.rmtree(_private_cache)
        _private_cache.mkdir()
        cold = invoke(args[0], *day, *args[1:])
        assert len(list(_private_cache.glob("add-plan-*.cache"))) == 1
        with monkeypatch.context() as m:
            m.setattr(loaded, "_checked", _no_reading)
            warm = invoke(args[0], *day, *args[1:])
        assert cold == warm == plain[args], args
        assert cold[0] == 0 and cold[1].startswith(("[", "{"))


def _no_reading(*_args: object, **_kwargs: object) -> None:
    raise AssertionError("the plan was read again: the entry was not used")


def _marker(folder: Path) -> Any:
    def finish(made: str, word: bytes) -> None:
        (folder / "done").write_bytes(made.encode() + b"|" + word)

    return finish


def test_a_handoff_finishes_on_the_word_and_never_without_it(tmp_path: Path) -> None:
    sent = parallel.handoff(lambda: "made", _marker(tmp_path / "a"))
    cancelled = parallel.handoff(lambda: "made", _marker(tmp_path / "b"))
    forgotten = parallel.handoff(lambda: "made", _marker(tmp_path / "c"))
    assert sent is not None and cancelled is not None and forgotten is not None
    for name in "abc":
        (tmp_path / name).mkdir()
    sent.send(b"the word" * 20_000)  # more than a pipe holds: sent while the child reads
    cancelled.cancel()
    cancelled.cancel()  # once is enough; twice does nothing
    parallel.join()  # waits for the sent one, ends the forgotten one
    assert not parallel._HANDOFFS and not parallel._BACKGROUND
    assert (tmp_path / "a" / "done").read_bytes() == b"made|" + b"the word" * 20_000
    assert not (tmp_path / "b" / "done").exists()
    assert not (tmp_path / "c" / "done").exists()
    sent.send(b"again")  # after the word: nothing more
    assert not parallel._BACKGROUND


def _wait_for_end(handoff: Any) -> None:
    """Until the handoff's child has ended (left for `join` to reap)."""
    os.waitid(os.P_PID, handoff._pid, os.WEXITED | os.WNOWAIT)


def test_a_handoff_whose_work_failed_takes_the_word_quietly(tmp_path: Path) -> None:
    def boom() -> str:
        raise ValueError("bad")

    failed = parallel.handoff(boom, _marker(tmp_path))
    assert failed is not None
    _wait_for_end(failed)
    assert failed.send(b"word") is False  # the pipe is broken: told so, no BrokenPipeError
    parallel.join()
    assert not (tmp_path / "done").exists()


def test_a_verdict_the_child_cannot_take_is_cached_here(
    synthetic: Path, _private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The early child ended before the verdict (its work failed): the entry is written
    as without it, not left out."""
    expected = _in_process(synthetic)
    real, settle = parallel.handoff, loaded._Early.settle

    def failing(work: Any, finish: Any) -> Any:
        return real(lambda: os._exit(1), finish)

    def settle_late(self: loaded._Early, verdict: Any) -> bool:
        _wait_for_end(self.handoff)
        return settle(self, verdict)

    monkeypatch.setattr(parallel, "handoff", failing)
    monkeypatch.setattr(loaded._Early, "settle", settle_late)
    monkeypatch.setattr(parallel, "PARALLEL_BYTES", 0)
    assert _cold(synthetic) == "ok"
    assert _alike(_entry(_private_cache), expected)


def test_a_fork_that_fails_leaves_the_work_to_the_caller(
    synthetic: Path, _private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No process to be had (a limit): the work is done here, and the entry is the same."""
    expected = _in_process(synthetic)

    def no_process() -> int:
        raise BlockingIOError("Resource temporarily unavailable")

    monkeypatch.setattr(parallel, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(os, "fork", no_process)
    assert parallel.handoff(list, lambda made, word: None) is None
    assert parallel.start(lambda: 41 + 1, fork=True).result() == 42
    assert _cold(synthetic) == "ok"  # every process this read would fork: none
    assert _alike(_entry(_private_cache), expected)


def test_a_plan_over_the_early_limit_is_cached_after_the_verdict(
    synthetic: Path, _private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above EARLY_BYTES (memory: a child forked early holds the parsed files too) the
    entry is begun once the verdict is made, by a background child, and is the same."""
    expected = _in_process(synthetic)
    spy = _Spy(monkeypatch)
    forked: list[bool] = []
    real = parallel.background

    def background(func: Any, fork: bool, **how: Any) -> None:
        forked.append(fork)
        real(func, fork, **how)

    monkeypatch.setattr(parallel, "background", background)
    monkeypatch.setattr(parallel, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(loaded, "EARLY_BYTES", 0)
    assert _cold(synthetic) == "ok"
    assert spy.started == 0 and forked == [True]
    assert _alike(_entry(_private_cache), expected)


def test_a_handoff_finishes_while_a_later_process_holds_its_pipe(tmp_path: Path) -> None:
    """A process forked after the handoff inherits the pipe's end: the child still
    finishes as soon as the whole word has come, not when every holder has closed it."""
    sent = parallel.handoff(lambda: "made", _marker(tmp_path))
    assert sent is not None
    holder = os.fork()
    if holder == 0:  # pragma: no cover - holds the pipe's end, then ends
        time.sleep(60)
        os._exit(0)
    try:
        started = time.monotonic()
        sent.send(b"word")
        parallel.join()
        assert time.monotonic() - started < 30
        assert (tmp_path / "done").read_bytes() == b"made|word"
    finally:
        os.kill(holder, signal.SIGKILL)
        os.waitpid(holder, 0)

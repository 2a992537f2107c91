"""A held answer (`add status` not on a terminal): a large plan's rules run in a second
process while the answer is worked out, and the answer is written only once they have
found no error (`checks.loaded.plan_for_reading(held=True)`, `settle`,
`cli.common.output_to(held=True)`).

Every case compares the held path (forced with PARALLEL_BYTES = 0) with the ordinary one:
the same output, the same refusal with the same findings, the same cache entry."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from add_cli.checks import loaded
from add_cli.store import parallel
from tests.conftest import CORPUS, PLAN, build_case, invoke, make_plan
from tests.test_cache_early import _alike, _entry, _in_process

CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir() and p.name != "_base")
STATUS = ("status", "--format", "json", "--as-of", "2026-06-30")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_plan(120, tmp_path_factory.mktemp("synthetic") / "plan")


def _clear(cache: Path) -> None:
    for path in cache.iterdir():
        path.unlink()


def _both(
    root: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, *extra: str
) -> tuple[tuple[int, str, str], tuple[int, str, str], list[int]]:
    """(the ordinary answer, the held answer, how many verdicts were held) of a cold read."""
    ordinary = invoke(*STATUS, "--plan", str(root), *extra)
    _clear(cache)
    held: list[int] = []
    real = loaded._ahead

    def counting(*args: object) -> object:
        held.append(1)
        return real(*args)  # type: ignore[arg-type]

    with monkeypatch.context() as patch:
        patch.setattr(parallel, "PARALLEL_BYTES", 0)  # every plan counts as large
        patch.setattr(loaded, "_ahead", counting)
        answer = invoke(*STATUS, "--plan", str(root), *extra)
    assert not loaded.pending()
    return ordinary, answer, held


@pytest.mark.parametrize("which", ["shipped", "synthetic"])
def test_a_held_answer_is_the_answer(
    which: str, synthetic: Path, _private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = PLAN if which == "shipped" else synthetic
    ordinary, held, count = _both(root, _private_cache, monkeypatch)
    assert count == [1]
    assert held == ordinary and ordinary[0] == 0
    assert _alike(_entry(_private_cache), _in_process(root))  # written by the rules' process


@pytest.mark.parametrize("case", CASES)
def test_a_held_answer_of_an_invalid_plan_is_its_refusal(
    case: str, tmp_path: Path, _private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each corpus case: the same exit code, output and findings held or not; a plan with
    errors writes nothing on stdout; the verdict's entry is the one made in process."""
    root = build_case(case, tmp_path / "plan")
    ordinary, held, _count = _both(root, _private_cache, monkeypatch)
    assert held == ordinary
    if ordinary[0] != 0:
        assert held[1] == ""
    assert _alike(_entry(_private_cache), _in_process(root))


def test_an_error_of_the_command_gives_way_to_the_plans_refusal(
    tmp_path: Path, _private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unknown department asked of a plan with errors: the plan's refusal, held or not
    (the command saw the department was unknown before the verdict was in)."""
    root = build_case("duplicate-id", tmp_path / "plan")
    ordinary, held, count = _both(root, _private_cache, monkeypatch, "--dept", "NOPE")
    assert count == [1]
    assert held == ordinary
    assert held[0] == 2 and "the plan has" in held[2] and "NOPE" not in held[2]


def test_a_refused_held_answer_writes_no_file(
    tmp_path: Path, _private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = build_case("duplicate-id", tmp_path / "plan")
    out = tmp_path / "status.json"
    monkeypatch.setattr(parallel, "PARALLEL_BYTES", 0)
    code, stdout, stderr = invoke(*STATUS, "--plan", str(root), "-o", str(out))
    assert code == 2 and stdout == "" and "the plan has" in stderr
    assert not out.exists()
    shutil.rmtree(root)
    good = make_plan(30, tmp_path / "good")
    code, _stdout, _stderr = invoke(*STATUS, "--plan", str(good), "-o", str(out))
    assert code == 0 and out.read_text(encoding="utf-8").startswith("[")


def test_a_rules_process_that_dies_is_one_line_and_exit_2(
    synthetic: Path, _private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second process running the rules dies: no answer, no entry, one line, exit 2."""
    import os

    real = parallel.start

    def dying(func: object, fork: bool, then: object = None) -> object:
        if then is None:
            return real(func, fork)  # type: ignore[arg-type]
        return real(lambda: os._exit(9), fork, then)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(parallel, "start", dying)
    code, stdout, stderr = invoke(*STATUS, "--plan", str(synthetic))
    assert (code, stdout) == (2, "")
    assert stderr.strip().splitlines() == [
        "add: the worker process failed: it ended without a result; nothing was answered, "
        "run it again"
    ]
    assert not list(_private_cache.glob("add-plan-*.cache"))


class _Rules:
    """A second process's rules, as `settle` sees them: ready from the second look on."""

    def __init__(self, errors: tuple[object, ...]) -> None:
        self.errors, self.looks = errors, 0

    def ready(self) -> bool:
        self.looks += 1
        return self.looks >= 2

    def result(self) -> tuple[object, ...]:
        return self.errors


def test_held_output_is_passed_on_once_the_verdict_is_in(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What is written is kept until the verdict is in (looked for every _LOOK characters),
    then passed on, in order, and what follows goes straight through."""
    import io

    from add_cli.cli.common import _Held
    from add_cli.store.load import load

    monkeypatch.setattr(loaded, "_PENDING", [("k", load(PLAN), _Rules(()))])
    monkeypatch.setattr(_Held, "_LOOK", 10)
    target = io.StringIO()
    gate = _Held(target)
    gate.write("a" * 10)  # first look: not in yet
    assert target.getvalue() == ""
    gate.write("b" * 10)  # second look: in, and fine
    assert target.getvalue() == "a" * 10 + "b" * 10 and not loaded.pending()
    gate.write("c")
    gate.release()
    assert target.getvalue() == "a" * 10 + "b" * 10 + "c"


def test_held_output_of_a_refused_plan_is_never_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    from add_cli.checks.validate import check
    from add_cli.cli.common import _Held
    from add_cli.core.errors import AddError
    from add_cli.store.load import load

    root = build_case("duplicate-id", tmp_path / "plan")
    errors = tuple(f for f in check(root)[1].findings if f.severity == "error")
    assert errors
    monkeypatch.setattr(loaded, "_PENDING", [("k", load(root), _Rules(errors))])
    monkeypatch.setattr(_Held, "_LOOK", 10)
    target = io.StringIO()
    gate = _Held(target)
    gate.write("a" * 10)
    with pytest.raises(AddError) as refused:
        gate.write("b" * 10)
    assert refused.value.code == "plan-invalid" and tuple(refused.value.findings) == errors
    assert target.getvalue() == ""


def test_a_command_that_ends_otherwise_leaves_no_verdict_behind(
    synthetic: Path, tmp_path: Path, _private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C while a held answer is worked out (of a plan with errors): the verdict still to
    come is forgotten, its process waited for, and the next command of the same process
    answers as if nothing had happened (it was refused with the old plan's findings)."""
    from add_cli.present import status

    bad = build_case("duplicate-id", tmp_path / "bad")
    monkeypatch.setattr(parallel, "PARALLEL_BYTES", 0)

    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(status, "write_status_records", interrupted)
        code, out, _err = invoke(*STATUS, "--plan", str(bad))
    assert code == 130 and out == ""  # interrupted
    assert not loaded.pending()
    parallel.join()
    code, out, err = invoke(*STATUS, "--plan", str(synthetic))
    assert (code, err) == (0, "") and out.startswith("[")


def test_every_held_verdict_is_taken_in(
    tmp_path: Path, _private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two plans with errors shown together: the first one's refusal, and no verdict left
    for the next command; the same plan twice is settled before its entry is waited for
    (this process is making it: there is no other add to wait for)."""
    from add_cli.store import cache

    one = build_case("duplicate-id", tmp_path / "one")
    two = build_case("unknown-department", tmp_path / "two")
    monkeypatch.setattr(parallel, "PARALLEL_BYTES", 0)
    alone = invoke(*STATUS, "--plan", str(one))
    _clear(_private_cache)
    both = invoke(*STATUS, "--plan", str(one), "--plan", str(two))
    assert both == alone and both[0] == 2
    assert not loaded.pending()
    waits: list[bool] = []
    real_wait = cache.wait

    def spying(directory: Path, hexkey: str, timeout: float = cache.WAIT) -> bool:
        waits.append(loaded.pending())
        return real_wait(directory, hexkey, timeout)

    monkeypatch.setattr(cache, "wait", spying)
    _clear(_private_cache)
    twice = invoke(*STATUS, "--plan", str(one), "--plan", str(one))
    assert twice == alone
    assert waits and not any(waits)  # never waited while this process had it pending


def test_without_fork_a_held_answer_leaves_no_lock_file(
    synthetic: Path, _private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    ordinary = invoke(*STATUS, "--plan", str(synthetic))
    _clear(_private_cache)
    monkeypatch.setattr(parallel, "PARALLEL_BYTES", 0)
    monkeypatch.delattr(os, "fork")
    assert invoke(*STATUS, "--plan", str(synthetic)) == ordinary
    names = [p.name for p in _private_cache.iterdir()]
    assert len(names) == 1 and names[0].startswith("add-plan-"), names


def test_a_result_is_looked_for_on_a_descriptor_numbered_over_1024() -> None:
    """`Pending.ready` (held output) and the handoff's child use poll, not select, which
    refuses a descriptor numbered 1024 or more (a process with many files open)."""
    import os
    import resource

    soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 1100:
        pytest.skip(f"the file limit is {soft}: no descriptor numbered 1024 or more")
    spare = [os.dup(0) for _ in range(1030)]
    try:
        read_fd, write_fd = os.pipe()
        assert read_fd >= 1024
        assert parallel._readable(read_fd, 0) is False
        os.write(write_fd, b"x")
        assert parallel._readable(read_fd, 0) is True
        os.close(read_fd)
        os.close(write_fd)
    finally:
        for fd in spare:
            os.close(fd)


_SCRIPT = """
import sys, time
from add_cli.checks import loaded
from add_cli.store import parallel
parallel.PARALLEL_BYTES = 0  # every plan counts as large: the held answer, the early entry
real = loaded.encode
def slow(verdict):
    time.sleep(3)  # the entry's writer takes its time
    return real(verdict)
loaded.encode = slow
loaded._plan_sections = (lambda real: lambda plan: (time.sleep(3), real(plan))[1])(
    loaded._plan_sections
)
sys.argv = ["add", *sys.argv[1:]]
from add_cli.cli.app import run
run()
"""


@pytest.mark.parametrize("command", ["status", "overdue"])
def test_the_add_script_ends_before_its_entry_is_written(
    command: str, synthetic: Path, tmp_path: Path
) -> None:
    """The add script, on a cold read: the rules' process of a held `status`, and the early
    entry's process of any other read, outlive it without holding its output open (a reader
    of `add ... | cat` gets the end of the output when add ends); the entry comes later."""
    import os
    import subprocess
    import sys
    import time

    cache = tmp_path / "cache"
    env = {**os.environ, "ADD_CACHE_DIR": str(cache), "ADD_LANG": "en"}
    args = [command, "--plan", str(synthetic), "--as-of", "2026-06-30"]
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, *args],
        capture_output=True,  # read until every holder of the pipes has closed them
        text=True,
        env=env,
        timeout=120,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout
    assert not list(cache.glob("add-plan-*.cache"))  # its writer is still asleep
    deadline = time.monotonic() + 60
    while not list(cache.glob("add-plan-*.cache")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(list(cache.glob("add-plan-*.cache"))) == 1

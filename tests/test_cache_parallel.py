"""The plan cache is never stale; the forked path gives the same answers as the serial one."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from add_cli.checks.loaded import plan_for_reading
from add_cli.checks.validate import check
from add_cli.core.errors import AddError
from add_cli.store import parallel

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "plan"
BASE = Path(__file__).parent / "invalid_plans" / "_base"


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("add-plan-*.cache"))


def test_cache_hit_and_never_stale(tmp_path: Path, _private_cache: Path) -> None:
    """A second read comes from the cache; any changed byte is a miss."""
    plan = tmp_path / "plan"
    shutil.copytree(PLAN, plan)
    first = plan_for_reading(plan)
    assert first is not None
    assert len(_entries(_private_cache)) == 1
    again = plan_for_reading(plan)
    assert again is not None and again.action("1.a.1") is not None
    target = plan / "progress" / "2025-10-31.yaml"
    target.write_text(
        target.read_text(encoding="utf-8").replace(
            "Afgerond. Zie Kamerbrief november 2024.", "Afgerond. Zie Kamerbrief december 2024."
        ),
        encoding="utf-8",
    )
    changed = plan_for_reading(plan)
    assert changed is not None
    assert changed.entries_for("1.a.1")[-1].text.endswith("december 2024.")
    assert len(_entries(_private_cache)) == 2


def test_a_corrupt_cache_entry_is_ignored(tmp_path: Path, _private_cache: Path) -> None:
    """A damaged cache file is not trusted: the plan is read from its files."""
    plan = tmp_path / "plan"
    shutil.copytree(PLAN, plan)
    assert plan_for_reading(plan) is not None
    (entry,) = _entries(_private_cache)
    entry.write_bytes(b"not a pickle")
    again = plan_for_reading(plan)
    assert again is not None and len(again.actions) == 44


def test_a_broken_plan_is_refused_and_its_verdict_cached(
    tmp_path: Path, _private_cache: Path
) -> None:
    """A plan that cannot be loaded is refused with its load errors, from the cache too."""
    plan = tmp_path / "plan"
    shutil.copytree(BASE, plan)
    (plan / "actions.yaml").write_text("schema_version: 1\nactions: [\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(AddError) as caught:
            plan_for_reading(plan)
        assert caught.value.code == "plan-unloadable" and caught.value.findings
        assert caught.value.findings[0].code == "yaml-syntax"
    assert len(_entries(_private_cache)) == 1


def test_no_cache_setting(
    tmp_path: Path, _private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ADD_NO_CACHE=1 reads the files every time and writes no cache."""
    monkeypatch.setenv("ADD_NO_CACHE", "1")
    assert plan_for_reading(PLAN) is not None
    assert not list(_private_cache.iterdir())


@pytest.mark.parametrize("case", ["_base", "schema", "duplicate-id", "unknown-action"])
def test_forked_checks_match_serial_ones(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the fork threshold at zero, validate gives exactly the serial findings."""
    from tests.conftest import build_case

    plan = build_case(case, tmp_path / "plan")
    _, serial = check(plan, tmp_path)
    monkeypatch.setattr(parallel, "PARALLEL_BYTES", 0)
    _, forked = check(plan, tmp_path)
    assert [str(f) for f in forked.findings] == [str(f) for f in serial.findings]


def test_a_failing_child_is_reported() -> None:
    """An exception in the forked child reaches the parent as an error, not a hang."""

    def boom() -> int:
        raise ValueError("bad")

    with pytest.raises(RuntimeError, match="ValueError: bad"):
        parallel.start(boom, fork=True).result()
    assert parallel.start(lambda: 41 + 1, fork=True).result() == 42


def test_background_work_is_done_when_joined(tmp_path: Path) -> None:
    """background() runs the work in a child; join() returns only once it is done."""
    import time

    marker = tmp_path / "done"

    def slow_write() -> None:
        time.sleep(0.3)
        marker.write_text("yes", encoding="utf-8")

    parallel.background(slow_write, fork=True)
    assert not marker.exists()  # the caller went on meanwhile
    parallel.join()
    assert marker.read_text(encoding="utf-8") == "yes"
    parallel.background(lambda: marker.write_text("inline", encoding="utf-8"), fork=False)
    assert marker.read_text(encoding="utf-8") == "inline"  # without fork: here and now


def test_a_failing_background_child_does_not_touch_the_caller(tmp_path: Path) -> None:
    """The child's exception stays in the child: join waits for it and returns normally."""
    marker = tmp_path / "started"

    def boom() -> None:
        marker.write_text("yes", encoding="utf-8")
        raise ValueError("bad")

    parallel.background(boom, fork=True)
    parallel.join()  # no exception, no hang
    assert marker.read_text(encoding="utf-8") == "yes"  # it ran, and join waited for it


def test_a_cold_read_writes_the_cache_entry_before_the_command_ends(
    tmp_path: Path, _private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a large plan the entry is written by a second process; a command run in-process
    (here, as by a library user) waits for it, and the next read is an answer from that
    entry. (The `add` script does not wait: see the detached tests below.)"""
    from tests.conftest import invoke

    plan = tmp_path / "plan"
    shutil.copytree(PLAN, plan)
    monkeypatch.setattr(parallel, "PARALLEL_BYTES", 0)  # every plan counts as large
    code, first, _err = invoke("status", "--plan", str(plan), "--as-of", "2026-06-30")
    assert code == 0
    assert len(_entries(_private_cache)) == 1  # written before invoke returned

    def no_reading(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the plan was read again: the entry was not used")

    monkeypatch.setattr("add_cli.checks.loaded._checked", no_reading)
    code, again, _err = invoke("status", "--plan", str(plan), "--as-of", "2026-06-30")
    assert (code, again) == (0, first)


def test_a_flipped_byte_in_an_entry_is_a_miss(tmp_path: Path, _private_cache: Path) -> None:
    """An entry whose payload changed on disk (same length) is not read back as valid."""
    from add_cli.store import cache

    plan = tmp_path / "plan"
    shutil.copytree(PLAN, plan)
    assert plan_for_reading(plan) is not None
    (entry,) = _entries(_private_cache)
    data = bytearray(entry.read_bytes())
    hexkey = entry.name.removeprefix("add-plan-").removesuffix(".cache")
    assert cache.read(_private_cache, hexkey) is not None
    data[len(data) // 2] ^= 0x01
    entry.write_bytes(bytes(data))
    assert cache.read(_private_cache, hexkey) is None
    again = plan_for_reading(plan)  # read from the files, and cached anew
    assert again is not None and len(again.actions) == 44
    assert cache.read(_private_cache, hexkey) is not None


def test_a_result_that_cannot_be_sent_is_a_failure_never_a_value(tmp_path: Path) -> None:
    """The child pickles its result straight into the pipe: when that fails half-way
    (a value pickle cannot take, after much that it could), the parent reads a stream
    cut short and reports a failure; the child never goes on as the parent would."""
    import os

    parent = os.getpid()
    big = ["tekst " * 20] * 20_000  # well over the pipe's capacity before the bad part
    went_on = tmp_path / "went-on"
    try:
        pending = parallel.start(lambda: (big, lambda: None), fork=True)
    finally:
        if os.getpid() != parent:  # a child that left `start` (returned or raised)
            went_on.write_text(str(os.getpid()))
            os._exit(0)
    with pytest.raises(RuntimeError, match="ended without a result"):
        pending.result()
    assert not went_on.exists()


def test_a_large_result_streams_back_whole() -> None:
    """A result many times the pipe's capacity comes back equal, piece by piece."""
    data = [{"tekst": f"regel {i} – ‘quote’", "n": i} for i in range(200_000)]
    assert parallel.start(lambda: data, fork=True).result() == data


def test_a_reader_child_that_dies_ends_the_command_with_one_line(tmp_path: Path) -> None:
    """The second process of a large plan's read is killed (out of memory, say): the
    command says so in one line and exits 2, with no traceback, no answer and no entry."""
    import subprocess
    import sys

    from tests.conftest import make_plan

    plan = make_plan(300, tmp_path / "plan")
    cache = tmp_path / "cache"
    script = (
        "import os, sys\n"
        "from add_cli.store import parallel\n"
        "parallel.PARALLEL_BYTES = 0\n"
        "real = parallel.start\n"
        "parallel.start = lambda func, fork: real(lambda: os._exit(9), fork) if fork "
        "else real(func, fork)\n"
        f"sys.argv = ['add', '--plan', {str(plan)!r}, 'status', '--format', 'json']\n"
        "from add_cli.cli.app import run\n"
        "run()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={**os.environ, "ADD_CACHE_DIR": str(cache), "ADD_LANG": "en"},
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.strip().splitlines() == [
        "add: the worker process failed: it ended without a result; nothing was answered, "
        "run it again"
    ]
    assert not list(cache.glob("add-plan-*.cache"))


_DETACH_SCRIPT = """
import sys, time
from pathlib import Path
from add_cli.store import parallel
parallel.keep_until_exit = True  # as the add script sets it
marker = Path(sys.argv[1])
def slow():
    time.sleep(3)
    marker.write_text("written")
parallel.background(slow, fork=True, detach=sys.argv[2] == "detach")
print("answered", flush=True)
parallel.leave(0)
"""


@pytest.mark.parametrize("detach", [True, False])
def test_the_add_script_does_not_wait_for_a_detached_child(tmp_path: Path, detach: bool) -> None:
    """A process that ends after its command leaves a detached child (the cache entry's
    writer) running: the answer and the exit code are out before the child is done, and
    the child does not hold the caller's pipe (a reader of the output would wait for it).
    A child that is not detached is waited for."""
    import subprocess
    import sys
    import time

    marker = tmp_path / "marker"
    how = "detach" if detach else "wait"
    done = subprocess.run(
        [sys.executable, "-c", _DETACH_SCRIPT, str(marker), how],
        capture_output=True,  # read until every holder of the pipe has closed it
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "answered\n", "")
    assert marker.exists() is not detach  # the detached child is still asleep
    deadline = time.monotonic() + 30
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert marker.read_text(encoding="utf-8") == "written"  # it finished on its own


def test_a_read_waits_for_the_entry_another_add_is_making(tmp_path: Path) -> None:
    """While one add makes an entry (its claim), another that misses it waits until it is
    written, then reads it; nobody making it: no wait. A claim is had once at a time."""
    from add_cli.store import cache

    key = "ab" * 20
    assert cache.wait(tmp_path, key) is False  # no lock file: nobody is making it
    claim = cache.claim(tmp_path, key)
    assert claim is not None
    assert cache.claim(tmp_path, key) is None  # claimed already

    def write_later() -> None:
        import time

        time.sleep(0.5)
        cache.write(tmp_path, key, b"the entry")
        claim.done()

    parallel.background(write_later, fork=True)  # the writer holds the claim too
    claim.release()  # this process lets go; the writer's hold keeps the lock
    assert cache.read(tmp_path, key) is None
    assert cache.wait(tmp_path, key) is True  # waited for the writer
    assert cache.read(tmp_path, key) == b"the entry"
    parallel.join()
    assert not list(tmp_path.glob("*.lock"))  # the writer removed its lock file
    assert cache.wait(tmp_path, key) is False


def test_a_wait_for_a_writer_that_hangs_ends(tmp_path: Path) -> None:
    """A claim held too long (a writer stopped with Ctrl-Z, say) is waited for at most
    `timeout`; the reader then reads the plan itself. A writer that ends without writing
    lets go by ending: no wait at all."""
    import time

    from add_cli.store import cache

    key = "cd" * 20
    claim = cache.claim(tmp_path, key)
    assert claim is not None
    start = time.monotonic()
    assert cache.wait(tmp_path, key, timeout=0.3) is True
    assert time.monotonic() - start >= 0.3
    claim.release()  # ended without writing: the lock file stays, unlocked
    assert cache.wait(tmp_path, key) is False
    again = cache.claim(tmp_path, key)  # the next add claims it anew
    assert again is not None
    again.done()


def test_stale_lock_files_are_pruned_and_held_ones_kept(tmp_path: Path) -> None:
    """A lock file left by a writer that was killed is removed after STALE_TEMP, like a
    temporary file; one in use is touched when claimed and kept."""
    from add_cli.store import cache

    old = tmp_path / f".add-plan-{'ef' * 20}.cache.lock"
    old.write_bytes(b"")
    os.utime(old, (0, 0))
    held = cache.claim(tmp_path, "12" * 20)
    assert held is not None
    cache.prune(tmp_path)
    assert not old.exists()
    assert held.path.exists()
    held.done()
    assert not held.path.exists()


def test_a_miss_while_another_add_makes_the_entry_is_answered_from_it(
    tmp_path: Path, _private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read that misses the entry waits for the add making it (`cache.wait`), and then
    answers from that entry instead of reading the plan a second time."""
    from add_cli.store import cache

    plan = tmp_path / "plan"
    shutil.copytree(PLAN, plan)
    first = plan_for_reading(plan)
    (entry,) = _entries(_private_cache)
    made = entry.read_bytes()
    entry.unlink()  # as if another add were still making it

    def other_add_finishes(directory: Path, hexkey: str, timeout: float = 0) -> bool:
        entry.write_bytes(made)
        return True

    def no_reading(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the plan was read again: the entry was not waited for")

    monkeypatch.setattr(cache, "wait", other_add_finishes)
    monkeypatch.setattr("add_cli.checks.loaded._checked", no_reading)
    again = plan_for_reading(plan)
    assert len(again.actions) == len(first.actions) == 44


@pytest.mark.parametrize("large", [False, True], ids=["in-process", "two-processes"])
def test_a_file_that_comes_after_the_key_is_made_is_never_cached_under_it(
    tmp_path: Path, _private_cache: Path, monkeypatch: pytest.MonkeyPatch, large: bool
) -> None:
    """A progress file created between the cache key and the read (an edit, a checkout):
    the answer is what the read found, but no entry is written under a key that does not
    hold that file, so the plan as it is afterwards is read anew, not refused from the cache."""
    from add_cli.store import cache
    from tests.conftest import invoke

    plan = tmp_path / "plan"
    shutil.copytree(PLAN, plan)
    late = plan / "progress" / "2099-12-31.yaml"
    real_key = cache.key

    def key_then_edit(root: Path) -> tuple[str, dict[Path, bytes]]:
        made = real_key(root)
        late.write_text("", encoding="utf-8")  # empty: an error of its own
        return made

    if large:
        monkeypatch.setattr(parallel, "PARALLEL_BYTES", 0)
    with monkeypatch.context() as patch:
        patch.setattr(cache, "key", key_then_edit)
        code, _out, err = invoke("status", "--format", "json", "--plan", str(plan))
    assert code == 2 and "2099-12-31.yaml" in err
    parallel.join()
    assert _entries(_private_cache) == []
    assert not list(_private_cache.glob("*.lock"))
    late.unlink()
    code, _out, err = invoke("status", "--format", "json", "--plan", str(plan))
    assert (code, err) == (0, "")
    assert len(_entries(_private_cache)) == 1


def test_a_lock_file_that_is_no_regular_file_is_never_claimed(tmp_path: Path) -> None:
    """A named pipe (or a folder) where an entry's lock file belongs: no claim (the read
    goes on unclaimed), no wait, and nothing blocks."""
    from add_cli.store import cache

    key = "9" * 40
    os.mkfifo(tmp_path / f".add-plan-{key}.cache.lock")
    assert cache.claim(tmp_path, key) is None
    assert cache.wait(tmp_path, key) is False
    (tmp_path / f".add-plan-{'8' * 40}.cache.lock").mkdir()
    assert cache.claim(tmp_path, "8" * 40) is None

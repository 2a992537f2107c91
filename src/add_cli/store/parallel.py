"""Run a piece of work in a forked child while the parent goes on.

Large plans are read and checked on two cores: the child inherits the parent's
memory (nothing is copied in) and sends its result back pickled. Where fork is
not available, or the work is small, it simply runs in the parent.
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

from add_cli.core.errors import AddError
from add_cli.core.i18n import _

T = TypeVar("T")

PARALLEL_BYTES = 2 * 1024 * 1024
"""Below this much plan text, forking costs more than it saves."""


_PIPE_BYTES = 1 << 20
"""The pipe's capacity asked for (Linux's default for a user's pipes at most), and the
child's write buffer: the child seldom waits for the parent to read."""


def _widen(fd: int) -> None:
    """Ask for a pipe of _PIPE_BYTES (Linux); elsewhere, or refused, it keeps its size."""
    import fcntl  # here: only a forking read needs it (and only Unix has it)

    if hasattr(fcntl, "F_SETPIPE_SZ"):
        with contextlib.suppress(OSError):
            fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, _PIPE_BYTES)


class WorkerFailed(AddError, RuntimeError):
    """A forked worker ended without its result (killed, out of memory, a bug in it): the
    command ends with one line and exit 2, never with a traceback, and never answers
    without that work. (Redoing it here could read files changed since the plan's cache
    key was made from their bytes.)"""

    def __init__(self, why: str) -> None:
        message = _("the worker process failed: {why}; nothing was answered, run it again")
        super().__init__("worker-failed", message.format(why=why))


def worth_forking(size: int) -> bool:
    """Whether work on this much plan text (bytes or characters) pays for a second process."""
    return size > PARALLEL_BYTES


class Pending(Generic[T]):
    """`func`'s result, worked out in a forked child (see `start`).

    With `then`, the child goes on after sending its result: it runs `then(result)` (work
    the caller does not wait for, such as writing the plan cache's entry), detached as a
    `background` child is. Without fork, `result` runs both, in turn."""

    def __init__(
        self, func: Callable[[], T], fork: bool, then: Callable[[T], object] | None = None
    ) -> None:
        self._func = func
        self._then = then
        self._pid = 0
        self._fd = -1
        if fork and hasattr(os, "fork"):
            import pickle  # here: the start-up of every read command imports this module

            read_fd, write_fd = os.pipe()
            _widen(write_fd)
            try:
                pid = os.fork()
            except OSError:  # no process to be had (a limit, memory): `result` does it
                os.close(read_fd)
                os.close(write_fd)
                return
            if pid == 0:  # pragma: no cover - runs in the child
                try:
                    os.close(read_fd)
                    if then is not None:  # it may outlive the command
                        _quiet()
                    try:
                        made: tuple[bool, Any] = (True, func())
                    except BaseException as exc:
                        made = (False, f"{type(exc).__name__}: {exc}")
                    # Pickled straight into the pipe: the parent unpickles each part as
                    # it comes, instead of after the whole (tens of MB on a large plan)
                    # is made. Should pickling fail half-way, the parent reads a stream
                    # cut short: a failure, never a value.
                    with os.fdopen(write_fd, "wb", buffering=_PIPE_BYTES) as out:
                        pickle.dump(made, out, protocol=pickle.HIGHEST_PROTOCOL)
                    if then is not None and made[0]:
                        then(made[1])
                finally:
                    os._exit(0)
            os.close(write_fd)
            self._pid, self._fd = pid, read_fd

    @property
    def forked(self) -> bool:
        """Whether a child does the work (else `result` does it, here)."""
        return self._pid != 0

    def ready(self) -> bool:
        """Whether `result` would return (or raise) without waiting for the work: the
        result has begun to come in, or the child has ended."""
        if not self._pid:
            return self._then is None  # run by `result` itself, which would wait for it
        return _readable(self._fd, 0)

    def abandon(self) -> None:
        """Never take the result: a child still sending it ends at the broken pipe, one
        that has sent it goes on with `then`; `join` waits for it (see `_DETACHED`)."""
        if not self._pid:
            return
        os.close(self._fd)  # a child still sending gets a broken pipe, and ends
        _on_exit()
        _DETACHED.append(self._pid)
        self._pid = 0

    def result(self) -> T:
        if not self._pid:
            made = self._func()
            if self._then is not None:
                self._then(made)
            return made
        import pickle

        # Unpickled as it streams in: the whole payload (tens of MB on a large plan) is
        # never held beside what it becomes.
        with os.fdopen(self._fd, "rb") as handle:
            try:
                ok, value = pickle.load(handle)
            except Exception:  # cut short (EOFError, UnpicklingError, ...): no result
                ok, value = False, "it ended without a result"
        if self._then is None:
            os.waitpid(self._pid, 0)
        else:  # it goes on with `then`
            _on_exit()
            _DETACHED.append(self._pid)
        self._pid = 0
        if not ok:
            raise WorkerFailed(str(value))
        return value  # type: ignore[no-any-return]  # unpickled: what func returned


@contextlib.contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building large acyclic data.

    Every few hundred new objects the collector walks all tracked objects; building
    a plan of 10,000 actions (or unpickling it) spends most of its time there.
    The plan's data has no reference cycles, so nothing is lost by waiting.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # Move what was built out of the collector's sight: otherwise its first
        # run after this walks every one of those objects once more.
        gc.freeze()
        if enabled:
            gc.enable()


def start(
    func: Callable[[], T], fork: bool, then: Callable[[T], object] | None = None
) -> Pending[T]:
    """Begin `func` (in a child when `fork` and the platform allows); `.result()` waits.
    `then`: see `Pending`."""
    return Pending(func, fork, then)


_BACKGROUND: list[int] = []
"""Children doing work in the background (see `background`), waited for by `join`."""
_DETACHED: list[int] = []
"""Background children a process that ends after its command leaves running (`join`)."""


def background(func: Callable[[], object], fork: bool, detach: bool = False) -> None:
    """Run `func` in a forked child while the caller goes on; `join` waits for it.

    For work whose result the caller does not need, such as writing the plan cache
    after a cold read: the answer is worked out and printed on one core while the
    entry is encoded and written on the other. The command does not end before the
    child has (`join`, called by the command line's boundary and at exit), so the
    entry is there when the command is; with `detach`, a process that ends right after
    its command (`keep_until_exit`) does not wait for it (see `join`). Without fork, or
    when `fork` is False, `func` runs here and now. The child never writes to the
    terminal and never raises: a failure leaves the entry unwritten, which is a cache
    miss next time.
    """
    if not (fork and hasattr(os, "fork")):
        func()
        return
    import sys

    # Whatever the parent has buffered is written by the parent alone.
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: the parent's to report
            stream.flush()
    try:
        pid = os.fork()
    except OSError:  # no process to be had (a limit, memory): here and now
        func()
        return
    if pid == 0:  # pragma: no cover - runs in the child
        code = 0
        try:
            _quiet()
            func()
        except BaseException:
            code = 1
        os._exit(code)
    _on_exit()
    (_DETACHED if detach else _BACKGROUND).append(pid)


def _quiet() -> None:  # pragma: no cover - runs in the child
    """Point a child's standard streams at the null device: it never writes to them, and
    one that outlives the command (`detach`) must not keep the caller's pipe open (a
    reader of `add ... | ...` would wait for it)."""
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)


def _readable(fd: int, timeout: float) -> bool:
    """Whether `fd` has data (or its end) to read, waiting at most `timeout` seconds.

    poll, not select: select refuses a descriptor numbered 1024 or more (a process with
    many files open), and has no such limit only where poll is missing (Windows, which
    does not fork)."""
    import select

    if hasattr(select, "poll"):
        poller = select.poll()
        poller.register(fd, select.POLLIN | select.POLLHUP | select.POLLERR)
        return bool(poller.poll(int(timeout * 1000)))
    readable, _w, _x = select.select([fd], [], [], timeout)
    return bool(readable)


def _on_exit() -> None:
    """Have `join` run when the process exits (once)."""
    if not _JOIN_AT_EXIT:
        import atexit

        atexit.register(join)
        _JOIN_AT_EXIT.append(True)


_JOIN_AT_EXIT: list[bool] = []


class Handoff(Generic[T]):
    """A forked child that does `work` now and `finish`es it on a word from the parent.

    For work the parent can start before it knows whether it is wanted, such as
    encoding a plan's cache entry while the rules that decide the plan's verdict still
    run (`checks.loaded`). The parent either `send`s its word (bytes), after which the
    child runs `finish(work's result, word)` and `join` waits for it like a `background`
    child, or `cancel`s, and the child is ended. The child finishes only on a whole
    word: when the parent ends, is killed or closes the pipe without one (`join` cancels
    what was never sent), the child does nothing more. It never writes to the terminal
    and never raises. Only where fork is available: see `handoff`.
    """

    def __init__(self, work: Callable[[], T], finish: Callable[[T, bytes], object]) -> None:
        import sys

        for stream in (sys.stdout, sys.stderr):  # as in `background`
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        parent = os.getpid()
        read_fd, write_fd = os.pipe()
        try:
            pid = os.fork()
        except OSError:  # no process to be had (a limit, memory): the caller does it all
            os.close(read_fd)
            os.close(write_fd)
            raise
        if pid == 0:  # pragma: no cover - runs in the child
            os.close(write_fd)
            code = 0
            try:
                _quiet()
                made = work()
                word = _receive(read_fd, parent)
                if word is not None:
                    finish(made, word)
            except BaseException:
                code = 1
            os._exit(code)
        os.close(read_fd)
        _on_exit()
        self._pid, self._fd = pid, write_fd
        _HANDOFFS.append(self)

    def send(self, word: bytes, detach: bool = False) -> bool:
        """Let the child finish with `word` (`join` waits for it, unless `detach`: see
        `background`); False when it could not be told (it ended already, its work
        failed). A word longer than a pipe holds (64 KiB on Linux) waits here until the
        child has done its work."""
        if self._fd < 0:
            return False
        data = len(word).to_bytes(_LENGTH, "big") + word
        sent = True
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(self._fd, view) :]
        except OSError:  # the child is gone: it writes nothing
            sent = False
        finally:
            self._close()
        (_DETACHED if detach else _BACKGROUND).append(self._pid)
        return sent

    def cancel(self) -> None:
        """End the child without a word: it does nothing more."""
        if self._fd < 0:
            return
        self._close()
        import signal

        with contextlib.suppress(OSError):  # already ended
            os.kill(self._pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self._pid, 0)

    def _close(self) -> None:
        os.close(self._fd)
        self._fd = -1
        _HANDOFFS.remove(self)


_LENGTH = 8
"""Bytes of a handoff word's length, sent before the word."""
_HANDOFFS: list[Handoff[Any]] = []
"""Handoffs not yet sent nor cancelled (see `join`)."""


def handoff(work: Callable[[], T], finish: Callable[[T, bytes], object]) -> Handoff[T] | None:
    """A `Handoff` doing `work` in a forked child; None where fork is not available or
    fails (the caller then does both itself, when it knows the word)."""
    if not hasattr(os, "fork"):
        return None
    try:
        return Handoff(work, finish)
    except OSError:
        return None


def _receive(fd: int, parent: int) -> bytes | None:  # pragma: no cover - runs in the child
    """The whole word the parent sends through `fd`, or None (no word, a part of one,
    or the parent ended while a process it forked later still holds the pipe open).

    The word is whole once as many bytes as its length says have come: the child does
    not wait for the pipe to close, which another process forked later (holding the
    pipe's end too) could put off."""
    data = b""
    while len(data) < _LENGTH or len(data) < _LENGTH + int.from_bytes(data[:_LENGTH], "big"):
        if not _readable(fd, 1.0):
            if os.getppid() != parent:
                return None
            continue
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            return None  # the pipe closed before the word was whole
        data += chunk
    if len(data) != _LENGTH + int.from_bytes(data[:_LENGTH], "big"):
        return None  # more than the word: not a word the parent sends
    return data[_LENGTH:]


def join() -> None:
    """Wait for every background child (`background`, `Handoff.send`) to finish; end
    every handoff that was never sent (it does nothing more).

    A detached child (`detach`) is left to finish on its own when the process ends right
    after its command (`keep_until_exit`, the `add` script): the command's answer is out
    and its exit code known, and the plan cache's entry, all the child does, is written
    a moment later (a read of the same plan meanwhile waits for it: `store.cache.wait`).
    Anywhere else (tests, a library user) it is waited for, as every other child."""
    while _HANDOFFS:
        _HANDOFFS[-1].cancel()
    waiting = _BACKGROUND if keep_until_exit else [*_DETACHED, *_BACKGROUND]
    if not keep_until_exit:
        _DETACHED.clear()
    while waiting:
        pid = waiting.pop()
        with contextlib.suppress(ChildProcessError):  # already waited for
            os.waitpid(pid, 0)
    _BACKGROUND.clear()


keep_until_exit = False
"""Set by the `add` script (`cli.app.run`): the process ends right after its command."""
_KEPT: list[object] = []


def keep(value: object) -> None:
    """Hold `value` until the process ends, when it ends right after the command.

    A plan of 10,000 actions is some 100,000 objects; freeing them one by one when the
    command returns cost 50 ms, just before the process (`leave`) gave all its memory
    back at once anyway. In any other process (tests, a library user) nothing is held.
    """
    if keep_until_exit:
        _KEPT.append(value)


def leave(code: int) -> None:
    """End the process with `code`: wait for background work, flush the output, exit
    without tearing down what was built (see `keep`)."""
    import sys

    from add_cli.core.i18n import _

    join()
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        pass  # a reader that left: the rest of the output goes nowhere
    except (OSError, ValueError) as exc:  # a full disk behind `> file`: never a silent 0
        with contextlib.suppress(OSError, ValueError):
            why = getattr(exc, "strerror", None) or exc
            sys.stderr.write("add: " + _("cannot write the output: {why}").format(why=why) + "\n")
        code = code or 2
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    os._exit(code)

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


def worth_forking(size: int) -> bool:
    """Whether work on this much plan text (bytes or characters) pays for a second process."""
    return size > PARALLEL_BYTES


class Pending(Generic[T]):
    def __init__(self, func: Callable[[], T], fork: bool) -> None:
        self._func = func
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
                finally:
                    os._exit(0)
            os.close(write_fd)
            self._pid, self._fd = pid, read_fd

    def result(self) -> T:
        if not self._pid:
            return self._func()
        import pickle

        # Unpickled as it streams in: the whole payload (tens of MB on a large plan) is
        # never held beside what it becomes.
        with os.fdopen(self._fd, "rb") as handle:
            try:
                ok, value = pickle.load(handle)
            except Exception:  # cut short (EOFError, UnpicklingError, ...): no result
                ok, value = False, "it ended without a result"
        os.waitpid(self._pid, 0)
        self._pid = 0
        if not ok:
            raise RuntimeError(f"the worker process failed: {value}")
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


def start(func: Callable[[], T], fork: bool) -> Pending[T]:
    """Begin `func` (in a child when `fork` and the platform allows); `.result()` waits."""
    return Pending(func, fork)


_BACKGROUND: list[int] = []
"""Children doing work in the background (see `background`), waited for by `join`."""


def background(func: Callable[[], object], fork: bool) -> None:
    """Run `func` in a forked child while the caller goes on; `join` waits for it.

    For work whose result the caller does not need, such as writing the plan cache
    after a cold read: the answer is worked out and printed on one core while the
    entry is encoded and written on the other. The command does not end before the
    child has (`join`, called by the command line's boundary and at exit), so the
    entry is there when the command is. Without fork, or when `fork` is False, `func`
    runs here and now. The child never writes to the terminal and never raises: a
    failure leaves the entry unwritten, which is a cache miss next time.
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
            func()
        except BaseException:
            code = 1
        os._exit(code)
    _on_exit()
    _BACKGROUND.append(pid)


def _on_exit() -> None:
    """Have `join` run when the process exits (once)."""
    if not _JOIN_AT_EXIT:
        import atexit

        atexit.register(join)
        _JOIN_AT_EXIT.append(True)


_JOIN_AT_EXIT: list[bool] = []


def join() -> None:
    """Wait for every background child (`background`) to finish."""
    while _BACKGROUND:
        pid = _BACKGROUND.pop()
        with contextlib.suppress(ChildProcessError):  # already waited for
            os.waitpid(pid, 0)


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

"""How run.py runs a command: piped or on a pseudo-terminal, with its wall time and peak memory.

Each run is one child process waited for with `os.wait4`, whose resource usage
gives the peak resident set of that child (the largest of it and the children it
waited for, such as add's forked reader), so memory is per command, not the
maximum over everything run so far as `getrusage(RUSAGE_CHILDREN)` would give.
Linux starts a child's peak at its parent's size when it forks, so run.py keeps
itself small (it never loads a plan itself): its own size, about 20 MB, is the
floor of every figure, and a Python process is never smaller than that anyway.

A cold read leaves the plan cache's writer running after add has answered and ended
(`store.parallel.join`): the time is add's own, which is when the user has the answer and
the prompt back. run.py adopts such orphans (Linux's child subreaper) and waits for them
after each run: their peak counts in the run's, and the next run starts only once they
are done (a warm run finds the entry written, a cold one competes with nothing).
"""

from __future__ import annotations

import os
import pty
import select
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass


@dataclass
class Timing:
    first: float
    """Seconds of the first run (which fills add's cache: the cold run)."""
    median: float
    """Median seconds of the further runs (warm)."""
    peak_mb: float
    """Largest peak resident set over all runs, in MB."""


def run_once(cmd: list[str], env: dict[str, str], tty: bool) -> tuple[float, float, int, bytes]:
    """(seconds, peak MB, exit code, stderr tail) of one run, output drained as a reader would."""
    start = time.perf_counter()
    if tty:
        master, slave = pty.openpty()
        os.set_inheritable(slave, True)
        proc = subprocess.Popen(
            cmd, env=env, stdin=slave, stdout=slave, stderr=subprocess.PIPE, close_fds=True
        )
        os.close(slave)
        while True:  # read the terminal until the child closes it
            ready, _, _ = select.select([master], [], [], 30)
            if not ready:
                break
            try:
                if not os.read(master, 65536):
                    break
            except OSError:  # EIO: the last writer has gone
                break
        os.close(master)
    else:
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert proc.stdout is not None
        while proc.stdout.read(65536):
            pass
    assert proc.stderr is not None
    err = proc.stderr.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    peak = max([usage.ru_maxrss, *_orphans()])
    peak = peak / 1024 if sys.platform != "darwin" else peak / 2**20
    return elapsed, peak, proc.returncode, err[-500:]


def adopt_orphans() -> None:
    """Become the subreaper of what the commands leave running (Linux; elsewhere a no-op)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    pr_set_child_subreaper = 36
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_child_subreaper, 1, 0, 0, 0)


def _orphans() -> list[int]:
    """Wait for every process the last command left running; their peaks (ru_maxrss)."""
    peaks: list[int] = []
    while True:
        try:
            _pid, _status, usage = os.wait4(-1, 0)
        except ChildProcessError:
            return peaks
        peaks.append(usage.ru_maxrss)


def timed(cmd: list[str], env: dict[str, str], repeat: int, tty: bool = False) -> Timing:
    runs, peaks = [], []
    for _ in range(repeat + 1):
        elapsed, peak, code, err = run_once(cmd, env, tty)
        if code not in (0, 1):
            sys.exit(f"{' '.join(cmd)} failed ({code}): {err.decode(errors='replace')}")
        runs.append(elapsed)
        peaks.append(peak)
    return Timing(runs[0], statistics.median(runs[1:]) if repeat else runs[0], max(peaks))

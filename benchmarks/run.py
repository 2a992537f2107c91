#!/usr/bin/env python3
"""Time add's commands on the real plan and on synthetic plans, side by side.

    python benchmarks/run.py [--sizes 1000,10000] [--curve 1000,5000,10000,25000,50000]
                             [--repeat 7] [--no-taskwarrior] [--only startup]

Run it with the project's environment (`.venv/bin/python benchmarks/run.py`).

In one run it measures, next to the floor of the stack (`python -c "import typer"`,
on a pseudo-terminal and piped):

- the real plan: `add status` and `add overdue` on a pseudo-terminal and piped (warm);
- every size of `--sizes`: status, overdue --dept BZK, validate and the xlsx export;
- the curve over `--curve`: cold `add status --format json` (the first read after an
  edit; median of five, each with an empty cache), warm `add overdue`, `add validate`
  (median of five), with the peak memory of each;
- Taskwarrior's `task overdue` on the same tasks (a private TASKDATA/TASKRC) when
  `task` is installed, beside warm `add overdue` on the 10,000-action plan.

Read commands are timed warm (the plan cache filled by a first run, which is
reported as "first"); validate always reads the files itself. The sources are
byte-compiled first, as an installed package is. The budgets of issue 19 are
checked at the end; the exit code is 1 when one is missed.
"""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import measure
import taskwarrior

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ADD = str(BIN / "add")
AS_OF = ["--as-of", "2026-06-30"]
COLD_RUNS = 5
"""Cold reads and validate runs timed at each size of the curve (their median counts)."""


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def cpu_probe() -> float:
    """The fastest of five runs of a fixed pure-Python loop, in a fresh interpreter.

    Printed beside the results, never used to scale a budget: this virtual machine's
    speed varies with its host (the same loop took 200 ms on a quiet afternoon and 360 ms
    an hour later), and absolute budgets (the cold read's 1.0 s) move with it."""
    code = (
        "import time\nt = time.perf_counter()\ns = 0\n"
        "for i in range(3_000_000): s += i\nprint(time.perf_counter() - t)"
    )
    runs = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(5)
    ]
    return min(runs)


def megabytes(mb: float) -> str:
    return f"{mb:,.0f} MB"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


class Budgets:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.failed = False

    def check(self, text: str, got: float, limit: float, show: Callable[[float], str] = ms) -> None:
        ok = got <= limit
        self.failed |= not ok
        self.lines.append(f"- {'PASS' if ok else 'FAIL'} {text}: {show(got)}")

    def fail(self, text: str) -> None:
        self.failed = True
        self.lines.append(f"- FAIL {text}")


def make_plan(n: int, target: Path) -> None:
    script = ROOT / "benchmarks" / "make_plan.py"
    subprocess.run([sys.executable, str(script), str(n), str(target)], check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--curve", default="1000,5000,10000,25000,50000")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--no-taskwarrior", action="store_true")
    parser.add_argument(
        "--only", choices=["startup"], help="startup: only the real plan against import typer"
    )
    args = parser.parse_args()
    only = args.only == "startup"
    sizes = [] if only else [int(s) for s in args.sizes.split(",") if s]
    curve = [] if only else [int(s) for s in args.curve.split(",") if s]
    # An installed add has compiled bytecode, as typer has in site-packages; an editable
    # checkout may not (PYTHONDONTWRITEBYTECODE), which would time the compiler too.
    compileall.compile_dir(str(ROOT / "src"), quiet=1)
    measure.adopt_orphans()  # the cache's writer outlives a cold read: see measure.py
    budgets = Budgets()
    print(f"Machine: {machine()}")
    print(f"CPU probe (a 3,000,000-step Python loop, fastest of 5) at the start: {ms(cpu_probe())}")
    with tempfile.TemporaryDirectory(prefix="add-bench-") as tmp:
        work = Path(tmp)
        env = {**os.environ, "ADD_CACHE_DIR": str(work / "cache"), "COLUMNS": "120"}
        env.pop("ADD_NO_CACHE", None)
        env.pop("NO_COLOR", None)
        env.setdefault("TERM", "xterm-256color")
        plans: dict[int, Path] = {}
        for n in sorted({*sizes, *curve}):
            plans[n] = work / f"plan-{n}"
            make_plan(n, plans[n])
        rep = args.repeat
        start_up(env, rep, budgets)
        if not only:
            table(env, rep, sizes, plans, work, budgets)
        grow(env, curve, plans, budgets, args.repeat)
        if not args.no_taskwarrior and sizes:
            n = 10000 if 10000 in plans else max(sizes)
            side_by_side(env, rep, n, plans[n], work, budgets)
    print(f"\nCPU probe at the end: {ms(cpu_probe())}")
    print("\n## Budgets\n")
    print("\n".join(budgets.lines))
    return 1 if budgets.failed else 0


def start_up(env: dict[str, str], rep: int, budgets: Budgets) -> None:
    """Each command against the floor, runs interleaved so that both meet the same load."""
    real = str(ROOT / "plan")
    typer = [sys.executable, "-c", "import typer"]
    print("\n## Start-up on the real plan (warm, median of interleaved runs)\n")
    print("| command | pseudo-terminal | ratio | piped | ratio |")
    print("| --- | --- | --- | --- | --- |")
    rows = []
    for name in ("status", "overdue"):
        cmd = [ADD, name, "--plan", real, *AS_OF]
        measure.timed(cmd, env, 0)  # fill the cache
        cells = []
        for tty in (True, False):
            floor, own = [], []
            for _ in range(max(5, rep)):
                floor.append(measure.run_once(typer, env, tty)[0])
                own.append(measure.run_once(cmd, env, tty)[0])
            f, o = statistics.median(floor), statistics.median(own)
            cells.append((f, o, o / f))
        rows.append((name, cells))
    for name, ((f_tty, tty, r_tty), (f_pipe, pipe, r_pipe)) in rows:
        print(
            f"| `add {name}` (floor {ms(f_tty)} / {ms(f_pipe)}) | {ms(tty)} | {r_tty:.2f} | "
            f"{ms(pipe)} | {r_pipe:.2f} |"
        )
        budgets.check(
            f"{name} on the real plan on a terminal within 1.3x import typer",
            r_tty,
            1.3,
            lambda r: f"{r:.2f}x",
        )
        budgets.check(
            f"{name} on the real plan piped within 1.15x import typer",
            r_pipe,
            1.15,
            lambda r: f"{r:.2f}x",
        )


def table(
    env: dict[str, str],
    rep: int,
    sizes: list[int],
    plans: dict[int, Path],
    work: Path,
    budgets: Budgets,
) -> None:
    commands = {
        "status": ["status", *AS_OF],
        "overdue --dept BZK": ["overdue", "--dept", "BZK", *AS_OF],
        "validate": ["validate"],
        "export bijlage1 xlsx": ["export", "bijlage1", "--format", "xlsx"],
    }
    labels = {"real (44)": ROOT / "plan", **{f"{n:,}": plans[n] for n in sizes}}
    print("\n## Commands, piped (median warm, first run, peak memory)\n")
    print("| command | " + " | ".join(labels) + " |")
    print("|" + " --- |" * (len(labels) + 1))
    for name, args in commands.items():
        cells = []
        for label, plan in labels.items():
            out = ["-o", str(work / "out.xlsx")] if "xlsx" in name else []
            big = label not in ("real (44)", "1,000")
            t = measure.timed(
                [ADD, *args, *out, "--plan", str(plan)], env, max(2, rep // 3) if big else rep
            )
            cells.append(f"{ms(t.median)} (first {ms(t.first)}, {t.peak_mb:,.0f} MB)")
        print(f"| `add {name}` | " + " | ".join(cells) + " |")


def grow(
    env: dict[str, str], curve: list[int], plans: dict[int, Path], budgets: Budgets, rep: int
) -> None:
    """Cold status --format json, warm overdue, validate at each size: the curve.

    The sizes take turns, round after round, rather than each being measured in one go:
    the host's speed drifts over the minutes a curve takes, and measured size after size
    that drift bent the curve (a slow minute on the 1,000-action point alone halved the
    growth of warm overdue between 1,000 and 10,000 actions)."""
    if not curve:
        return
    print("\n## Growth (piped; ms per 1,000 actions in brackets; peak MB)\n")
    print("| actions | status json, cold | overdue, warm | validate | peak MB |")
    print("| --- | --- | --- | --- | --- |")
    status_json = {n: [ADD, "status", "--format", "json", "--plan", str(plans[n])] for n in curve}
    here = {n: {**env, "ADD_CACHE_DIR": env["ADD_CACHE_DIR"] + f"-{n}"} for n in curve}
    runs: dict[int, tuple[list[float], list[float], list[float]]] = {n: ([], [], []) for n in curve}
    peaks = dict.fromkeys(curve, 0.0)

    def once(n: int, which: int, cmd: list[str], where: dict[str, str]) -> None:
        timing = measure.timed(cmd, where, 0)
        runs[n][which].append(timing.first)
        peaks[n] = max(peaks[n], timing.peak_mb)

    # A cold read is the first of its cache: COLD_RUNS of them, each with an empty cache
    # folder of its own, and their median (one run alone varies by a third here);
    # validate never uses the cache: the median of COLD_RUNS runs.
    for i in range(COLD_RUNS):
        for n in curve:
            cold_cache = {**env, "ADD_CACHE_DIR": here[n]["ADD_CACHE_DIR"] + f"-cold-{i}"}
            once(n, 0, status_json[n], cold_cache)
            once(n, 2, [ADD, "validate", "--plan", str(plans[n])], here[n])
    for n in curve:
        measure.timed(status_json[n], here[n], 0)  # fill the cache for the warm runs
    for _i in range(max(rep, 1)):
        for n in curve:
            once(n, 1, [ADD, "overdue", "--plan", str(plans[n]), *AS_OF], here[n])
    points: dict[int, tuple[float, float, float, float]] = {}
    for n in curve:
        cold, warm, check = (statistics.median(r) for r in runs[n])
        peak = peaks[n]
        points[n] = (cold, warm, check, peak)
        k = n / 1000
        print(
            f"| {n:,} | {ms(cold)} ({cold * 1000 / k:,.0f}) | "
            f"{ms(warm)} ({warm * 1000 / k:,.0f}) | "
            f"{ms(check)} ({check * 1000 / k:,.0f}) | {peak:,.0f} |"
        )
    if 10000 in points:
        cold, _warm, check, peak = points[10000]
        budgets.check("cold status --format json on 10,000 actions within 1.0 s", cold, 1.0)
        budgets.check("validate on 10,000 actions within 2.0 s", check, 2.0)
        budgets.check("10,000 actions: no command above 150 MB", peak, 150, megabytes)
    if 50000 in points:
        _cold, warm, check, peak = points[50000]
        budgets.check("validate on 50,000 actions within 10 s", check, 10.0)
        budgets.check("warm overdue on 50,000 actions within 1 s", warm, 1.0)
        budgets.check("50,000 actions: at most 600 MB", peak, 600, megabytes)
    if not points:
        return
    small, large = min(points), max(points)
    if large >= 10 * small:
        # Linear: the cost of each further 1,000 actions at the top of the curve is at most
        # 1.5x that at the bottom (fixed start-up cost taken out by using differences).
        mid = sorted(points)[len(points) // 2]
        for i, what in enumerate(("status json, cold", "overdue, warm", "validate", "peak memory")):
            low = (points[mid][i] - points[small][i]) / (mid - small)
            high = (points[large][i] - points[mid][i]) / (large - mid)
            budgets.check(
                f"{what} grows linearly ({mid:,} to {large:,} per action "
                f"over {small:,} to {mid:,}) within 1.5x",
                high / low if low > 0 else 1.0,
                1.5,
                lambda r: f"{r:.2f}x",
            )


def side_by_side(
    env: dict[str, str], rep: int, n: int, plan: Path, work: Path, budgets: Budgets
) -> None:
    if taskwarrior.available() is None:
        print("\nTaskwarrior is not installed (`apt-get install taskwarrior`): no side by side.")
        budgets.fail(f"overdue on {n:,} actions against task overdue: Taskwarrior not installed")
        return
    task_env = taskwarrior.prepare(plan, work / "tw")
    print(f"\n## Side by side with {taskwarrior.version()}, {n:,} actions, piped (warm)\n")
    add = [ADD, "overdue", "--plan", str(plan)]
    measure.timed(add, env, 0)
    task = ["task", "overdue"]
    measure.timed(task, task_env, 0)
    runs = max(3, rep)
    t_add = measure.timed(add, env, runs)
    t_task = measure.timed(task, task_env, runs)
    print("| command | median | peak MB |")
    print("| --- | --- | --- |")
    print(f"| `add overdue` | {ms(t_add.median)} | {t_add.peak_mb:,.0f} |")
    print(f"| `task overdue` | {ms(t_task.median)} | {t_task.peak_mb:,.0f} |")
    budgets.check(
        f"warm overdue on {n:,} actions at most 1.0x task overdue",
        t_add.median / t_task.median,
        1.0,
        lambda r: f"{r:.2f}x",
    )


if __name__ == "__main__":
    sys.exit(main())

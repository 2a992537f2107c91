#!/usr/bin/env python3
"""Time add's commands on the real plan and on synthetic plans, side by side.

    python benchmarks/run.py [--sizes 1000,10000] [--repeat 7]

Run it with the project's environment (`.venv/bin/python benchmarks/run.py`).
For each plan it reports the median wall time of repeated runs of `add status`,
`add overdue --dept BZK`, `add validate` and `add export bijlage1 --format xlsx`,
next to the floor of the stack, `python -c "import typer"`. Read commands are
timed warm (the plan cache filled by a first run, which is reported as "cold"),
validate always reads the files itself. The sources are byte-compiled first, as
an installed package is. The budgets of issue 8 are checked at
the end; the exit code is 1 when one is missed.
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
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ADD = str(BIN / "add")


def timed(cmd: list[str], env: dict[str, str], repeat: int) -> tuple[float, float]:
    """(first run, median of `repeat` further runs) in seconds."""
    runs = []
    for _ in range(repeat + 1):
        start = time.perf_counter()
        done = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        runs.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):
            sys.exit(f"{' '.join(cmd)} failed: {done.stderr.decode()[-500:]}")
    return runs[0], statistics.median(runs[1:])


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    # An installed add has compiled bytecode, as typer has in site-packages; an editable
    # checkout may not (PYTHONDONTWRITEBYTECODE), which would time the compiler too.
    compileall.compile_dir(str(ROOT / "src"), quiet=1)
    with tempfile.TemporaryDirectory(prefix="add-bench-") as tmp:
        work = Path(tmp)
        env = {**os.environ, "ADD_CACHE_DIR": str(work / "cache"), "NO_COLOR": "1"}
        env.pop("ADD_NO_CACHE", None)
        plans = {"real (44)": ROOT / "plan"}
        for n in sizes:
            target = work / f"plan-{n}"
            subprocess.run(
                [sys.executable, str(ROOT / "benchmarks" / "make_plan.py"), str(n), str(target)],
                check=True,
            )
            plans[f"{n:,}"] = target
        _, floor = timed([sys.executable, "-c", "import typer"], env, args.repeat)
        commands = {
            "status": ["status", "--as-of", "2026-06-30"],
            "overdue --dept BZK": ["overdue", "--dept", "BZK", "--as-of", "2026-06-30"],
            "validate": ["validate"],
            "export bijlage1 xlsx": [
                "export",
                "bijlage1",
                "--format",
                "xlsx",
                "-o",
                str(work / "out.xlsx"),
            ],
        }
        results: dict[tuple[str, str], tuple[float, float]] = {}
        for label, plan in plans.items():
            big = "10,000" in label
            for name, cmd in commands.items():
                repeat = max(3, args.repeat // 2) if big else args.repeat
                results[(label, name)] = timed([ADD, *cmd, "--plan", str(plan)], env, repeat)
    print(f"Machine: {machine()}")
    print(f'Floor, `python -c "import typer"`: {floor * 1000:.0f} ms (median)\n')
    header = "| command | " + " | ".join(plans) + " |"
    print(header)
    print("|" + " --- |" * (len(plans) + 1))
    for name in commands:
        cells = []
        for label in plans:
            cold, warm = results[(label, name)]
            cells.append(f"{warm * 1000:,.0f} ms (first {cold * 1000:,.0f})")
        print(f"| `add {name}` | " + " | ".join(cells) + " |")
    print()
    budgets = []
    real = "real (44)"
    for name in ("status", "overdue --dept BZK"):
        warm = results[(real, name)][1]
        budgets.append(
            (
                f"{name} on the real plan within 1.5x import typer ({1.5 * floor * 1000:.0f} ms)",
                warm,
                1.5 * floor,
            )
        )
    if "10,000" in plans:
        budgets.append(
            (
                "overdue on 10,000 actions, plan read before, within 0.5 s",
                results[("10,000", "overdue --dept BZK")][1],
                0.5,
            )
        )
        budgets.append(
            (
                "validate on 10,000 actions, cold, within 5 s",
                results[("10,000", "validate")][0],
                5.0,
            )
        )
        budgets.append(
            (
                "export bijlage1 xlsx on 10,000 actions within 3 s",
                results[("10,000", "export bijlage1 xlsx")][1],
                3.0,
            )
        )
    failed = False
    for text, got, limit in budgets:
        ok = got <= limit
        failed |= not ok
        print(f"- {'PASS' if ok else 'FAIL'} {text}: {got * 1000:,.0f} ms")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

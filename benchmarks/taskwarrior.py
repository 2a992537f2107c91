"""The same tasks in Taskwarrior, for a side-by-side `task overdue`.

Every action of a plan becomes one task: its title as the description, its
action line as the project, the last day of its end quarter as the due date,
completed when its latest report as of today says finished. They are imported
into a private TASKDATA with its own TASKRC, so nothing of the user's is touched.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def available() -> str | None:
    """The `task` program, or None when Taskwarrior is not installed."""
    return shutil.which("task")


def tasks_of(plan_dir: Path) -> list[dict[str, str]]:
    sys.path.insert(0, str(ROOT / "src"))
    from add_cli.core import query
    from add_cli.store.load import load

    plan = load(plan_dir).plan
    assert plan is not None, f"{plan_dir} does not load"
    today = dt.date.today()
    out = []
    for i, row in enumerate(query.rows(plan, today)):
        task = {
            "uuid": str(uuid.UUID(int=i + 1)),
            "description": row.action.annex.title,
            "project": f"line{row.action.line}",
            "entry": "20240617T000000Z",
            "status": "completed" if row.state_name == "finished" else "pending",
        }
        deadline = row.action.period.deadline
        if deadline is not None:
            task["due"] = deadline.strftime("%Y%m%dT235959Z")
        if task["status"] == "completed":
            task["end"] = "20260430T000000Z"
        out.append(task)
    return out


def prepare(plan_dir: Path, work: Path) -> dict[str, str]:
    """Import the plan's actions into a private Taskwarrior; the environment to run `task` in."""
    data = work / "taskdata"
    data.mkdir(parents=True, exist_ok=True)
    rc = work / "taskrc"
    rc.write_text(
        f"data.location={data}\nconfirmation=off\nverbose=nothing\ngc=on\ncolor=off\n"
        "recurrence=off\nhooks=off\nnews.version=99.99.99\n",
        encoding="utf-8",
    )
    env = {"TASKDATA": str(data), "TASKRC": str(rc), "PATH": "/usr/bin:/bin", "HOME": str(work)}
    source = work / "tasks.json"
    # Written by a child: loading the plan here would grow this process, and a child's
    # peak memory as Linux reports it starts from its parent's size at the fork.
    subprocess.run([sys.executable, __file__, str(plan_dir), str(source)], check=True)
    done = subprocess.run(
        ["task", "rc.verbose=nothing", "import", str(source)],
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        sys.exit(f"task import failed: {done.stderr[-500:]}")
    return env


def version() -> str:
    done = subprocess.run(["task", "--version"], capture_output=True, text=True)
    return done.stdout.strip()


if __name__ == "__main__":
    Path(sys.argv[2]).write_text(json.dumps(tasks_of(Path(sys.argv[1]))), encoding="utf-8")

"""A warm `add status` / `add overdue` leaves the slow-to-import modules alone.

Start-up is checked by benchmarks/run.py, never timed here; this checks what a warm
answer imports: not `dataclasses` (nor `inspect` through it: the model's classes become
dataclasses on first use of their fields), not the findings, not the codec's compiler,
not the reader or the rules.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PLAN = Path(__file__).resolve().parents[1] / "plan"
AVOIDED = (
    "dataclasses",
    "add_cli.core.findings",
    "add_cli.store.codec",
    "add_cli.store.read",
    "add_cli.checks.validate",
    "add_cli.present.records",
    "unicodedata",
)
SCRIPT = """if True:
    import io, sys
    sys.argv = ["add", *sys.argv[1:]]
    out, sys.stdout = sys.stdout, io.StringIO()
    from add_cli.cli.app import main
    try:
        main()
    except SystemExit:
        pass
    text, sys.stdout = sys.stdout.getvalue(), out
    assert text.strip(), "no output"
    print(sorted(m for m in {avoided!r} if m in sys.modules))
"""


@pytest.mark.parametrize("command", ["status", "overdue"])
def test_a_warm_answer_imports_none_of_the_slow_modules(command: str, tmp_path: Path) -> None:
    env = {**os.environ, "ADD_CACHE_DIR": str(tmp_path / "cache"), "COLUMNS": "100"}
    env.pop("ADD_NO_CACHE", None)
    args = [command, "--plan", str(PLAN), "--as-of", "2026-06-30"]
    code = SCRIPT.format(avoided=AVOIDED)
    cold, warm = (
        subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True)
        for _ in range(2)
    )
    assert cold.returncode == 0 and warm.returncode == 0, cold.stderr + warm.stderr
    assert "add_cli.checks.validate" in cold.stdout  # the first run read the files
    assert warm.stdout.strip() == "[]"

#!/usr/bin/env python3
"""Set up and run the project with nothing but Python 3.11+.

    python3 dev.py status [ARGS]   create .venv if needed, then run `add status ARGS`
    python3 dev.py add ARGS        run any `add` command
    python3 dev.py test [ARGS]     run the whole test suite (pytest ARGS)
    python3 dev.py lint            ruff, mypy (strict on src/) and the import layers
    python3 dev.py i18n            re-extract the messages, update nl's .po, compile the .mo

The virtual environment lives in .venv and is (re)installed whenever
pyproject.toml changes; nothing is installed outside it.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".add-installed"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")


def _python() -> Path:
    return BIN / ("python.exe" if os.name == "nt" else "python")


def _wanted_stamp() -> str:
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    return f"{digest} {sys.version_info[:2]}"


def ensure_venv() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may be run by an older python3
        sys.exit(f"add needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    if not _python().exists():
        print("dev.py: creating .venv", file=sys.stderr)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    if STAMP.exists() and STAMP.read_text() == _wanted_stamp():
        return
    print("dev.py: installing add and its test tools into .venv", file=sys.stderr)
    pip = [str(_python()), "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "install", "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "install", "-e", f"{ROOT}[test]"], check=True)
    STAMP.write_text(_wanted_stamp())


def run(argv: list[str]) -> int:
    return subprocess.call(argv, cwd=ROOT)


def main(args: list[str]) -> int:
    if not args or args[0] in {"-h", "--help", "help"}:
        print(__doc__)
        return 0
    command, rest = args[0], args[1:]
    ensure_venv()
    add = str(BIN / "add")
    if command == "status":
        return run([add, "status", *rest])
    if command == "add":
        return run([add, *rest])
    if command == "test":
        return run([str(_python()), "-m", "pytest", *rest])
    if command == "i18n":
        # scripts/i18n.py: Babel extracts (code, help texts, Click's messages) into
        # src/add_cli/locale/add.pot, updates nl/LC_MESSAGES/add.po, compiles add.mo.
        return run([str(_python()), str(ROOT / "scripts" / "i18n.py"), *rest])
    if command == "lint":
        folders = ("src", "tests", "benchmarks", "scripts", "dev.py")
        paths = [p for p in folders if (ROOT / p).exists()]
        ruff = run([str(BIN / "ruff"), "check", *paths])
        mypy = run([str(BIN / "mypy")])
        layers = run([str(BIN / "lint-imports"), "--no-cache"])
        return ruff or mypy or layers
    print(f"dev.py: unknown command {command!r}\n{__doc__}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

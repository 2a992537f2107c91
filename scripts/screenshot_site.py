#!/usr/bin/env python3
"""Make the README's screenshot of the site's overview page in headless Chromium.

    .venv/bin/python scripts/screenshot_site.py [PNG] [--as-of DATE] [add site options...]

Builds the site (`add site`) in a temporary folder and writes a screenshot of its
index.html to PNG (default docs/site-overview.png), 1280 px wide. Needs Debian's
chromium (apt-get install chromium); run it from the repository with PYTHONPATH=src
or an installed add. Default as-of date: 2026-01-15, so the picture is repeatable.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


def main(argv: list[str]) -> int:
    png = Path(argv[0]) if argv and not argv[0].startswith("-") else ROOT / "docs/site-overview.png"
    rest = argv[1:] if argv and not argv[0].startswith("-") else argv
    if "--as-of" not in rest:
        rest = [*rest, "--as-of", "2026-01-15"]
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("chromium is not installed (apt-get install chromium)")
        return 1
    png.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        subprocess.run(
            [sys.executable, "-m", "add_cli.cli.app", "site", "-o", str(site), *rest], check=True
        )
        subprocess.run(
            [
                chromium,
                *FLAGS,
                f"--user-data-dir={tmp}/profile",
                f"--screenshot={png.resolve()}",
                "--window-size=1280,1000",
                (site / "index.html").as_uri(),
            ],
            check=True,
            capture_output=True,
        )
    print(f"wrote {png}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

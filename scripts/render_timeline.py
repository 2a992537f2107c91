#!/usr/bin/env python3
"""Render `add timeline --format html` in headless Chromium, to look at it.

    .venv/bin/python scripts/render_timeline.py OUTDIR [--as-of DATE] [add options...]

Writes OUTDIR/timeline.html, a screenshot OUTDIR/timeline.png, and the page
printed on A4 landscape, OUTDIR/timeline-a4.pdf (and OUTDIR/timeline-a4-1.png
when pdftoppm is there). Needs Debian's chromium (apt-get install chromium
chromium-driver); Chromium is started the way this machine allows it: headless,
no sandbox (root), no GPU, no background networking.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    add = str(Path(sys.executable).parent / "add")
    html = out / "timeline.html"
    subprocess.run([add, "timeline", "--format", "html", "-o", str(html), *argv[1:]], check=True)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("chromium is not installed (apt-get install chromium chromium-driver)")
        return 1
    with tempfile.TemporaryDirectory() as profile:
        base = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}"]
        url = html.resolve().as_uri()
        subprocess.run(
            [*base, f"--screenshot={out / 'timeline.png'}", "--window-size=1500,1100", url],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [*base, f"--print-to-pdf={out / 'timeline-a4.pdf'}", "--no-pdf-header-footer", url],
            check=True,
            capture_output=True,
        )
    if shutil.which("pdftoppm"):
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "70",
                "-png",
                str(out / "timeline-a4.pdf"),
                str(out / "timeline-a4"),
            ],
            check=True,
        )
    for file in sorted(out.iterdir()):
        print(file)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

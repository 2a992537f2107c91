"""The README's walk-through of a reporting round, run exactly as written.

The commands are parsed out of the fenced block after `<!-- round-walkthrough -->` in the
README, so the README's example is the test. The one step that is not a command (the
departments filling in their workbooks) is done here, where the README has its comment.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from add_cli.cli.app import app
from add_cli.core.model import State
from add_cli.core.query import latest_entry
from add_cli.core.rounds import conflicts, report_of
from add_cli.store.load import load

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()

# What the departments answer (id -> Nieuwe stand, Nieuwe voortgang); OCW stays silent.
ANSWERS = {
    "EZ": {
        "1.a.1": ("afgerond", "Afgerond."),
        "1.b.1": ("loopt", "Green paper in concept."),
    },
    "BZK": {
        "1.b.1": ("afgerond", "Green paper is af."),  # BZK is a partner: contradicts EZ
        "1.c.2": ("afgerond", "Levensduurafspraken vastgelegd in het raamcontract."),
    },
    "IenW": {"1.c.5": ("ligt op schema", "De Buyer Group ICT loopt door.")},
}


def walkthrough() -> list[str]:
    """The lines of the README's round walk-through block."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    marker = text.index("<!-- round-walkthrough -->")
    block = re.search(r"```sh\n(.*?)```", text[marker:], re.S)
    assert block is not None, "no ```sh block after the round-walkthrough marker"
    return [line for line in block.group(1).splitlines() if line.strip()]


def fill(folder: Path) -> None:
    """The departments fill in the yellow columns of their workbooks (OCW does not)."""
    for dept, answers in ANSWERS.items():
        (path,) = folder.glob(f"uitvraag-*-{dept}.xlsx")
        wb = openpyxl.load_workbook(path)
        ws = wb["Uitvraag"]
        for row in ws.iter_rows(min_row=4):
            if row[0].value in answers:
                state, text = answers[row[0].value]
                ws.cell(row=row[0].row, column=10, value=state)
                ws.cell(row=row[0].row, column=11, value=text)
        wb.save(path)
    # An Office lock file beside them is skipped by the import.
    (folder / "~$uitvraag-2026-06-30-EZ.xlsx").write_bytes(b"\x00lock")


def test_the_readme_round_runs_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Open, export, fill in, import (twice), status, correct, publish: as the README says."""
    shutil.copytree(ROOT / "plan", tmp_path / "plan")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ADD_PLAN", raising=False)
    outputs: list[tuple[list[str], int, str, str]] = []
    lines = walkthrough()
    assert sum(line.startswith("add ") for line in lines) >= 8
    for line in lines:
        if line.startswith("#"):
            fill(tmp_path / "uitvraag-2026-06-30")
            continue
        command, _, comment = line.partition("#")
        argv = shlex.split(command)
        assert argv[0] == "add", line
        result = runner.invoke(app, argv[1:])
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        expected = 1 if "exit 1" in comment else 0
        assert result.exit_code == expected, (line, result.stdout, result.stderr)
        outputs.append((argv[1:], result.exit_code, result.stdout, result.stderr))
        if argv[1:3] == ["uitvraag", "import"] and len(outputs) > 3:
            # The second import of the same files records nothing.
            assert "Recorded" not in result.stdout and "already recorded" in result.stderr

    round_file = tmp_path / "plan" / "progress" / "2026-06-30.yaml"
    assert round_file.is_file()
    books = sorted(p.name for p in (tmp_path / "uitvraag-2026-06-30").glob("uitvraag-*.xlsx"))
    assert books == [f"uitvraag-2026-06-30-{d}.xlsx" for d in ("BZK", "EZ", "IenW", "OCW")]

    first_status = next(o for o in outputs if "--fail" in o[0])
    out = first_status[2]
    assert "3 of 4 departments asked have answered" in out
    assert re.search(r"^OCW\s+2\s+0\s+2\s+1\.b\.2, 3\.b\.7", out, re.M)
    assert re.search(r"^1\.b\.1\s+EZ\s+in progress\s+BZK\s+finished", out, re.M)
    last_status = [o for o in outputs if o[0][:2] == ["uitvraag", "status"]][-1]
    assert last_status[1] == 0 and "No conflicts." in last_status[2]

    plan = load(tmp_path / "plan").plan
    assert plan is not None
    report = report_of(plan, round_file_date := plan.reports[-1].date)
    assert report is not None and str(round_file_date) == "2026-06-30"
    assert report.asked == ("EZ", "IenW", "BZK", "OCW") and str(report.due) == "2026-06-15"
    recorded = {(e.action, e.reported_by, e.source_file) for e in plan.entries_of(report)}
    assert ("1.b.1", "EZ", "uitvraag-2026-06-30-EZ.xlsx") in recorded
    assert ("1.b.1", "BZK", None) in recorded  # replaced by `add progress --replace`
    assert len(plan.entries_of(report)) == 5 and not conflicts(plan, report)
    lead = latest_entry(plan, "1.b.1", report.date)
    assert lead is not None and lead.reported_by == "EZ" and lead.state is State.IN_PROGRESS

    overview = (tmp_path / "voortgang-2026-06-30.md").read_text(encoding="utf-8")
    rows = [r for r in overview.splitlines() if re.match(r"\| (\d\.[a-z]\.\d|KC\d) \|", r)]
    assert len(rows) == 44  # every action, never the round's new entries alone
    by_id = {r.split(" | ")[0][2:]: r for r in rows}
    assert "| loopt | Green paper in concept. | 2026-06-30 | ja |" in by_id["1.b.1"]
    assert by_id["1.a.2"].endswith("| 2025-10-31 | nee |")
    assert sum(r.endswith("| ja |") for r in rows) == 4
    ws = openpyxl.load_workbook(tmp_path / "voortgang-2026-06-30.xlsx").worksheets[0]
    assert ws.max_row == 2 + 44

    status = outputs[-1][2]
    assert "Round 2026-06-30: 3 of 4 departments asked answered" in status
    assert re.search(r"^1\.a\.2 .* 2025-10-31 \*$", status, re.M)
    assert re.search(r"^1\.a\.1 .* 2026-06-30$", status, re.M)

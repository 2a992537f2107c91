"""Keeping the plan current: progress entries and diff (the questionnaire: test_questionnaire)."""

from __future__ import annotations

import datetime as dt
import difflib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from add_cli.checks.record import NewEntry, record
from add_cli.core.errors import AddError
from add_cli.core.model import State
from add_cli.store.load import load
from tests.conftest import invoke, snapshot

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "plan"
TODAY = dt.date(2026, 12, 31)  # what the command line would pass as today
runner = CliRunner()


def only_insertions(before: str, after: str) -> list[str]:
    """The lines added; fails if any line was changed or removed."""
    added = []
    for line in difflib.ndiff(before.splitlines(True), after.splitlines(True)):
        assert not line.startswith("- "), f"line changed or removed: {line!r}"
        if line.startswith("+ "):
            added.append(line[2:])
    return added


# ------------------------------------------------------------------ progress


def test_record_appends_only_the_entry(plan: Path) -> None:
    """An entry for an existing report date adds its lines and changes nothing else."""
    target = plan / "progress" / "2025-10-31.yaml"
    before = target.read_text(encoding="utf-8")
    code, out, _ = invoke(
        "progress",
        "1.b.1",
        "--state",
        "loopt",
        "--text",
        "Green paper: concept klaar.",
        "--date",
        "2025-10-31",
        "--by",
        "BZK",
        "--plan",
        str(plan),
    )
    assert code == 0, out
    added = only_insertions(before, target.read_text(encoding="utf-8"))
    assert added == [
        "  - action: 1.b.1\n",
        "    text: 'Green paper: concept klaar.'\n",
        "    state: in_progress\n",
        "    reported_by: BZK\n",
    ]
    entries = load(plan).plan.entries_for("1.b.1")  # type: ignore[union-attr]
    assert entries[-1].text == "Green paper: concept klaar."


def test_recording_the_same_entry_twice_writes_nothing(plan: Path) -> None:
    """Saving an unchanged plan is byte-identical: a repeated entry is not written again."""
    args = [
        "progress",
        "3.a.4",
        "--state",
        "expected",
        "--expected",
        "2026-Q4",
        "--text",
        "Verwacht in Q4 2026.",
        "--date",
        "2025-10-31",
        "--plan",
        str(plan),
    ]
    before = snapshot(plan)
    code, out, _ = invoke(*args)
    assert code == 0 and "nothing written" in out
    assert snapshot(plan) == before


def test_a_new_date_gets_its_own_valid_file(plan: Path) -> None:
    """progress/<date>.yaml is created with its schema line and validates."""
    code, _, _ = invoke(
        "progress",
        "kc3",
        "--state",
        "afgerond",
        "--text",
        "Kennisportaal live.",
        "--date",
        "2026-03-02",
        "--plan",
        str(plan),
    )
    assert code == 0
    text = (plan / "progress" / "2026-03-02.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/progress.schema.json\n")
    assert invoke("validate", "--plan", str(plan))[0] == 0
    code, out, _ = invoke("status", "--plan", str(plan), "--as-of", "2026-03-02", "-f", "json")
    import json

    row = next(r for r in json.loads(out) if r["id"] == "KC3")
    assert (row["state"], row["latest_progress"]) == ("finished", "Kennisportaal live.")


def test_layout_of_a_hand_written_file_is_kept(plan: Path) -> None:
    """Comments, quotes, odd indentation and a key after the entries all stay as written."""
    target = plan / "progress" / "2026-01-01.yaml"
    original = (
        "# yaml-language-server: $schema=../../schemas/progress.schema.json\n"
        "schema_version: 1   # version\n"
        'report: {title: "Handmatig", date: "2026-01-01"}\n'
        "entries:\n"
        "# first comes 1.a.1\n"
        '- action: "1.a.1"\n'
        "  text:   'Afgerond.'   # quoted on purpose\n"
        "  state: finished\n"
        "\n"
        "# trailing comment about the next key\n"
    )
    target.write_text(original, encoding="utf-8")
    entry = NewEntry("2.b.2", dt.date(2026, 1, 1), State.IN_PROGRESS, "FarmID: # geen commentaar")
    record(plan, [entry], today=TODAY)
    after = target.read_text(encoding="utf-8")
    added = only_insertions(original, after)
    assert added == [
        "- action: 2.b.2\n",
        "  text: 'FarmID: # geen commentaar'\n",
        "  state: in_progress\n",
    ]
    assert after.index("- action: 2.b.2") < after.index("# trailing comment")


def test_an_empty_entries_list_gets_its_first_item(plan: Path) -> None:
    """'entries: []' becomes a block list holding the entry; comments and the rest stay."""
    target = plan / "progress" / "2026-02-02.yaml"
    original = (
        "# yaml-language-server: $schema=../../schemas/progress.schema.json\n"
        "schema_version: 1\n"
        "report: {title: Leeg, date: '2026-02-02'}\n"
        "entries: []   # nog niets\n"
    )
    target.write_text(original, encoding="utf-8")
    record(plan, [NewEntry("1.a.1", dt.date(2026, 2, 2), State.FINISHED, "Klaar.")], today=TODAY)
    assert target.read_text(encoding="utf-8") == (
        "# yaml-language-server: $schema=../../schemas/progress.schema.json\n"
        "schema_version: 1\n"
        "report: {title: Leeg, date: '2026-02-02'}\n"
        "entries:   # nog niets\n"
        "  - action: 1.a.1\n"
        "    text: Klaar.\n"
        "    state: finished\n"
    )


def test_an_edit_that_would_make_the_plan_invalid_is_refused(plan: Path) -> None:
    """The plan is validated with the edit in place; an invalid result writes nothing."""
    before = snapshot(plan)
    with pytest.raises(AddError) as info:
        entry = NewEntry("1.a.1", dt.date(2025, 10, 31), State.FINISHED, "", reported_by="EZ")
        record(plan, [entry], today=TODAY)
    assert any(f.code == "schema" for f in info.value.findings)
    assert snapshot(plan) == before
    with pytest.raises(AddError):
        record(plan, [NewEntry("9.z.9", dt.date(2025, 10, 31), State.FINISHED, "x")], today=TODAY)
    assert snapshot(plan) == before


def test_a_new_progress_file_is_validated_before_it_exists(plan: Path) -> None:
    """An entry for a new date is checked in the file that is about to be created."""
    before = snapshot(plan)
    with pytest.raises(AddError) as info:
        record(plan, [NewEntry("1.a.1", dt.date(2026, 7, 1), State.FINISHED, "")], today=TODAY)
    assert any(f.path.endswith("2026-07-01.yaml") for f in info.value.findings)
    assert snapshot(plan) == before
    assert not (plan / "progress" / "2026-07-01.yaml").exists()


def test_errors_the_plan_already_had_do_not_block_an_edit(plan: Path) -> None:
    """Only errors the edit would add are refused; existing ones are left to validate."""
    actions = plan / "actions.yaml"
    text = actions.read_text(encoding="utf-8")
    actions.write_text(text.replace("      lead: RVO\n", "      lead: XYZ\n", 1), encoding="utf-8")
    assert invoke("validate", "--plan", str(plan))[0] == 1
    done = record(
        plan, [NewEntry("1.a.1", dt.date(2026, 3, 3), State.FINISHED, "Klaar.")], today=TODAY
    )
    assert [e.action for e in done.added] == ["1.a.1"]
    with pytest.raises(AddError):
        record(plan, [NewEntry("1.a.2", dt.date(2026, 3, 3), State.FINISHED, "")], today=TODAY)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--state", "klaar", "--text", "x"], "unknown state 'klaar'"),
        (["--state", "loopt", "--text", "x", "--expected", "2026-Q1"], "--expected goes with"),
        (["--state", "verwacht", "--text", "x", "--expected", "Q5"], "not a quarter"),
        (["--state", "loopt", "--text", "  "], "must not be empty"),
        (["--state", "loopt", "--text", "x", "--date", "2026-02-30"], "YYYY-MM-DD"),
    ],
)
def test_bad_progress_input_is_a_usage_error(plan: Path, args: list[str], message: str) -> None:
    """Bad options exit 2 with a message; the plan is not touched."""
    before = snapshot(plan)
    code, _, err = invoke("progress", "1.a.1", *args, "--plan", str(plan))
    assert code == 2 and message in err
    assert snapshot(plan) == before


def test_unknown_action_suggests(plan: Path) -> None:
    """A mistyped id exits 2 with the closest ids."""
    code, _, err = invoke(
        "progress", "1.a.5", "--state", "loopt", "--text", "x", "--plan", str(plan)
    )
    assert code == 2 and "did you mean" in err


def test_concurrent_writers_do_not_lose_entries(plan: Path) -> None:
    """Eight processes recording at once: every entry arrives, the file stays valid."""
    ids = ["1.a.1", "1.a.2", "1.b.1", "1.c.1", "2.a.1", "2.b.2", "3.a.1", "3.b.1"]
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "add_cli.cli.app",
                "progress",
                aid,
                "--state",
                "loopt",
                "--text",
                f"Parallel {aid}.",
                "--date",
                "2026-05-01",
                "--plan",
                str(plan),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for aid in ids
    ]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()
    result = load(plan)
    assert result.plan is not None and not result.load_errors
    got = sorted(e.action for e in result.plan.progress if e.date == dt.date(2026, 5, 1))
    assert got == sorted(ids)


WRITER = """
import sys
from pathlib import Path
from add_cli.store.atomic import write_bytes
path, started = Path(sys.argv[1]), Path(sys.argv[2])
a, b = b"a" * 2_000_000, b"b" * 3_000_000
i = 0
while True:
    write_bytes(path, a if i % 2 else b)
    if i == 0:
        started.touch()
    i += 1
"""


def test_a_killed_writer_leaves_the_old_or_the_new_file(tmp_path: Path) -> None:
    """SIGKILL during writes never leaves a mixed or truncated file."""
    target = tmp_path / "file.bin"
    target.write_bytes(b"a" * 2_000_000)
    started = tmp_path / "started"
    for delay in (0.0, 0.01, 0.03, 0.07, 0.13):
        started.unlink(missing_ok=True)
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(target), str(started)])
        deadline = time.monotonic() + 30
        while not started.exists() and time.monotonic() < deadline:
            time.sleep(0.005)
        assert started.exists(), "the writer never completed a write"
        time.sleep(delay)  # then kill it somewhere in the middle of further writes
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        data = target.read_bytes()
        assert data in (b"a" * 2_000_000, b"b" * 3_000_000)
    leftovers = [p.name for p in tmp_path.iterdir() if p.name not in {"file.bin", "started"}]
    assert all(name.startswith(".file.bin.") for name in leftovers)  # orphans, never the file


def test_the_installed_plan_is_read_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Writing commands refuse the copy of the plan inside an installed package."""
    from add_cli.store import paths

    monkeypatch.setattr(paths, "is_packaged", lambda root: True)
    code, _, err = invoke("progress", "1.a.1", "--state", "loopt", "--text", "x")
    assert code == 2 and "read-only" in err


# ------------------------------------------------------------------ diff


def git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        env={
            **os.environ,
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@t",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@t",
        },
    )


def test_diff_in_the_plans_terms(tmp_path: Path) -> None:
    """Period and department changes, removed actions and new progress, HEAD vs working tree."""
    repo = tmp_path / "repo"
    shutil.copytree(PLAN, repo / "plan")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    actions = repo / "plan" / "actions.yaml"
    text = actions.read_text(encoding="utf-8")
    text = text.replace("      period: Q3 2024 – Q1 2025\n", "      period: Q3 2024 – Q2 2025\n", 1)
    text = text.replace(
        "      departments: BZK\n      lead: BZK\n",
        "      departments: BZK i.s.m. IenW\n      lead: BZK\n",
        1,
    )
    actions.write_text(text, encoding="utf-8")
    plan = repo / "plan"
    assert (
        invoke(
            "progress",
            "2.b.2",
            "--state",
            "afgerond",
            "--text",
            "FarmID opgeleverd.",
            "--date",
            "2026-02-01",
            "--plan",
            str(plan),
        )[0]
        == 0
    )
    code, out, err = invoke("diff", "--plan", str(plan), "--format", "json")
    assert code == 0, err
    import json

    changes = {(c["kind"], c["id"]) for c in json.loads(out)["changes"]}
    assert ("period", "1.a.2") in changes
    assert ("departments", "1.b.3") in changes
    assert ("progress-added", "2.b.2") in changes
    assert ("state", "2.b.2") in changes
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "update")
    code, out, _ = invoke("diff", "HEAD~1", "HEAD", "--plan", str(plan))
    assert code == 0 and "progress-added" in out and "1.a.2" in out
    assert "No changes" in invoke("diff", "--plan", str(plan))[1]
    code, _, err = invoke("diff", "nope", "--plan", str(plan))
    assert code == 2 and "unknown revision 'nope'" in err


def test_diff_outside_git(plan: Path) -> None:
    """Outside a git repository diff says so and exits 2."""
    code, _, err = invoke("diff", "--plan", str(plan))
    assert code == 2 and "not inside a git repository" in err


def test_diff_refuses_a_revision_with_errors(tmp_path: Path) -> None:
    """A revision with errors is not compared: its errors are named at rev:path, exit 2."""
    repo = tmp_path / "repo"
    shutil.copytree(PLAN, repo / "plan")
    actions = repo / "plan" / "actions.yaml"
    good = actions.read_text(encoding="utf-8")
    bad = good.replace("      lead: BZK\n", "      lead: XYZ\n", 1)
    assert bad != good
    actions.write_text(bad, encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "broken")
    actions.write_text(good, encoding="utf-8")
    code, out, err = invoke("diff", "--plan", str(repo / "plan"))
    assert code == 2 and out == ""
    assert "HEAD:plan/actions.yaml:" in err and "unknown-department" in err
    assert "the plan at HEAD has 1 error" in err
    git(repo, "commit", "-qam", "fixed")
    actions.write_text(bad, encoding="utf-8")
    code, out, err = invoke("diff", "HEAD~1", "HEAD", "--plan", str(repo / "plan"))
    assert code == 2 and "the plan at HEAD~1 has 1 error" in err
    code, out, err = invoke("diff", "--plan", str(repo / "plan"))
    assert code == 2 and "the plan in the working tree has 1 error" in err

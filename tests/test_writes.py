"""Every write add makes: read back, refused when it cannot be right, atomic, and portable."""

from __future__ import annotations

import datetime as dt
import errno
import os
import shutil
import stat
import threading
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from add_cli.checks.record import NewEntry, record
from add_cli.core.errors import AddError, ExitCode
from add_cli.core.model import State
from add_cli.store import atomic, lock
from add_cli.store.load import load
from add_cli.store.output import write_file
from add_cli.store.splice import new_file, splice
from add_cli.store.yamlread import parse
from tests.conftest import invoke
from tests.conftest import snapshot as shared_snapshot

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "plan"
TODAY = dt.date.today()  # what the command line passes to record
runner = CliRunner()


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file and folder of the plan (temporary files included)."""
    return shared_snapshot(root, folders=True)


def progress(plan: Path, text: str, date: str = "2026-03-02", action: str = "1.a.1") -> tuple:
    # The shipped report has an entry without a reporter for every action on 2025-10-31:
    # another one that date is a department's (one entry per action, date and reporter).
    by = ["--by", "BZK"] if date == "2025-10-31" else []
    return invoke(
        "progress", action, "--state", "loopt", "--text", text, "--date", date, "--plan", str(plan),
        *by,
    )  # fmt: skip


def texts_of(plan: Path, day: dt.date) -> list[str]:
    loaded = load(plan)
    assert loaded.plan is not None, loaded.load_errors
    return [e.text for e in loaded.plan.progress if e.date == day]


# ------------------------------------------------------------------ texts are kept exactly


TEXTS = [
    "Afgerond.  Zie Kamerbrief november 2024, met een lange toelichting die over de rand gaat.",
    "Loopt.  " * 20 + "Einde.",
    "Eerste regel\u2028tweede regel",
    "Alinea\u2029alinea",
    "Tab\tin de tekst en een\nnieuwe regel",
    "  spaties voor en achter  ",
    "Citaat: 'enkel' en \"dubbel\" # geen commentaar",
    "x\ufeffy en \U0001f600 en é—“x”",
]


@pytest.mark.parametrize("text", TEXTS)
def test_the_first_entry_of_a_new_file_is_kept_exactly(plan: Path, text: str) -> None:
    """A new progress file reads back with the text exactly as given; a repeat writes nothing."""
    code, out, err = progress(plan, text)
    assert code == 0, err
    assert texts_of(plan, dt.date(2026, 3, 2)) == [text]
    written = (plan / "progress" / "2026-03-02.yaml").read_text(encoding="utf-8")
    assert "\u2028" not in written and "\u2029" not in written  # escaped, never a raw break
    before = snapshot(plan)
    code, out, _ = progress(plan, text)
    assert code == 0 and "nothing written" in out
    assert snapshot(plan) == before


@pytest.mark.parametrize("text", TEXTS)
def test_an_entry_appended_to_an_existing_file_is_kept_exactly(plan: Path, text: str) -> None:
    """Splicing into the shipped report keeps the text exactly, and a repeat is recognised."""
    code, _, err = progress(plan, text, date="2025-10-31", action="1.b.1")
    assert code == 0, err
    assert text in texts_of(plan, dt.date(2025, 10, 31))
    before = snapshot(plan)
    code, out, _ = progress(plan, text, date="2025-10-31", action="1.b.1")
    assert code == 0 and "nothing written" in out
    assert snapshot(plan) == before


WORDS = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs"), whitelist_characters="\t\n"),
    min_size=1,
    max_size=300,
).filter(lambda t: not t.isspace())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=WORDS)
def test_any_recordable_text_reads_back_exactly(text: str) -> None:
    """Property: a text without refused characters is written so that it parses back as itself."""
    entry = {"action": "1.a.1", "text": text, "state": "in_progress"}
    fresh = new_file(dt.date(2026, 1, 1), [entry])
    assert parse("x", fresh).data["entries"] == [entry]
    existing = "schema_version: 1\r\nreport: {title: T, date: '2026-01-01'}\r\nentries: []\r\n"
    spliced = splice("x", existing, entry)
    assert parse("x", spliced).data["entries"] == [entry]
    assert spliced.startswith(existing.replace(" []", ""))


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\x0b", "U+000B"),
        ("\x1b", "U+001B"),
        ("\r", "U+000D"),
        ("\x85", "U+0085"),
        ("\x7f", "U+007F"),
        ("\x00", "U+0000"),
    ],
)
def test_control_characters_are_refused(plan: Path, char: str, name: str) -> None:
    """Control characters other than tab and newline are named and refused; nothing written."""
    before = snapshot(plan)
    code, _, err = progress(plan, f"Loopt{char}door.")
    assert code == 2 and name in err and "control character" in err
    assert snapshot(plan) == before
    with pytest.raises(AddError) as info:
        record(
            plan, [NewEntry("1.a.1", dt.date(2026, 3, 2), State.FINISHED, f"a{char}")], today=TODAY
        )
    assert info.value.code == "edit-refused" and name in info.value.message
    assert snapshot(plan) == before


# ------------------------------------------------------------------ dates that cannot be right


def test_a_date_after_today_is_refused(plan: Path) -> None:
    """A typo such as 2062 for 2026 is refused, with today's date in the message."""
    before = snapshot(plan)
    code, _, err = progress(plan, "Tikfout.", date="2062-02-10")
    assert code == 2 and "after today" in err and "2062-02-10" in err
    assert snapshot(plan) == before


def test_an_opened_round_may_be_dated_ahead(plan: Path) -> None:
    """Answers for a round that exists as a file are recorded before its date."""
    ahead = TODAY + dt.timedelta(days=30)
    (plan / "progress" / f"{ahead}.yaml").write_text(
        "# yaml-language-server: $schema=../../schemas/progress.schema.json\n"
        "schema_version: 1\n"
        f"report: {{title: Ronde, date: '{ahead}'}}\n"
        "entries: []\n",
        encoding="utf-8",
    )
    code, _, err = progress(plan, "Vooruit.", date=str(ahead))
    assert code == 0, err
    assert texts_of(plan, ahead) == ["Vooruit."]


def test_a_date_before_the_plan_was_published_is_refused(plan: Path) -> None:
    """plan.yaml says published 2024-06-17: an entry dated earlier is a typo; that day is fine."""
    before = snapshot(plan)
    code, _, err = progress(plan, "Te vroeg.", date="2024-06-16")
    assert code == 2 and "before the plan was published (2024-06-17)" in err
    assert snapshot(plan) == before
    assert progress(plan, "Op de dag zelf.", date="2024-06-17")[0] == 0


def test_the_core_takes_today_from_its_caller(plan: Path) -> None:
    """record never reads the clock: the same date is fine or refused by the `today` given."""
    entry = NewEntry("1.a.1", dt.date(2026, 3, 2), State.FINISHED, "Klaar.")
    with pytest.raises(AddError, match="after today"):
        record(plan, [entry], today=dt.date(2026, 3, 1), dry_run=True)
    assert record(plan, [entry], today=dt.date(2026, 3, 2), dry_run=True).added == [entry]


# ------------------------------------------------------------------ failing writes


def no_temporary_files(root: Path) -> bool:
    return not [p for p in root.rglob("*") if p.name.endswith(".tmp")]


def test_a_full_disk_is_a_message(plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ENOSPC while writing: exit 2, 'disk is full', the plan unchanged, no temporary file."""
    before = snapshot(plan)

    def full(fd: int, data: Any) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "write", full)
    code, out, err = progress(plan, "Past niet.", date="2025-10-31")
    assert code == 2 and "disk is full" in err and "Traceback" not in out + err
    assert snapshot(plan) == before and no_temporary_files(plan)


def test_a_failing_fsync_is_a_message(plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An error at fsync leaves the old file and no temporary file."""
    before = snapshot(plan)

    def broken(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(atomic.os, "fsync", broken)
    with pytest.raises(AddError) as info:
        record(plan, [NewEntry("1.a.1", dt.date(2026, 3, 2), State.FINISHED, "K.")], today=TODAY)
    assert info.value.code == "write-failed" and "Input/output error" in info.value.message
    assert snapshot(plan) == before and no_temporary_files(plan)


def test_a_read_only_plan_folder_is_a_message(plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No permission to create the temporary file: 'read-only', exit 2, nothing changed."""
    before = snapshot(plan)

    def denied(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(atomic.tempfile, "mkstemp", denied)
    code, _, err = progress(plan, "Alleen lezen.", date="2025-10-31")
    assert code == 2 and "permission denied" in err and "read-only" in err
    assert snapshot(plan) == before


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="root writes anywhere")
def test_a_really_read_only_plan_folder(plan: Path) -> None:
    """chmod a-w on the progress folder: a message and exit 2, not a traceback."""
    folder = plan / "progress"
    folder.chmod(0o555)
    try:
        code, out, err = progress(plan, "Alleen lezen.", date="2025-10-31")
    finally:
        folder.chmod(0o755)
    assert code == 2 and "read-only" in err and "Traceback" not in out + err


def test_a_folder_where_the_progress_file_should_be(plan: Path) -> None:
    """progress/<date>.yaml being a folder is a message, and nothing is written."""
    (plan / "progress" / "2026-03-02.yaml").mkdir()
    before = snapshot(plan)
    code, out, err = progress(plan, "Map.")
    assert code == 2 and "is a folder" in err and "Traceback" not in out + err
    assert snapshot(plan) == before


def test_a_file_where_the_progress_folder_should_be(tmp_path: Path) -> None:
    """A plan without a progress folder, but a file of that name: a message."""
    plan = tmp_path / "plan"
    shutil.copytree(PLAN, plan, ignore=shutil.ignore_patterns("progress"))
    (plan / "progress").write_text("geen map\n", encoding="utf-8")
    code, out, err = progress(plan, "Map.")
    assert code == 2 and "progress is a file" in err and "Traceback" not in out + err


# ------------------------------------------------------------------ Windows


def test_replace_is_retried_while_the_file_is_held(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Windows a PermissionError from the rename (a scanner holds the file) is retried."""
    target = tmp_path / "f.txt"
    target.write_bytes(b"old")
    real = os.replace
    calls: list[int] = []

    def held(src: Any, dst: Any) -> None:
        calls.append(1)
        if len(calls) <= 3:
            raise PermissionError(errno.EACCES, "The process cannot access the file")
        real(src, dst)

    monkeypatch.setattr(atomic, "RETRY_REPLACE", True)
    monkeypatch.setattr(atomic, "REPLACE_PAUSE", 0.0)
    monkeypatch.setattr(atomic.os, "replace", held)
    atomic.write_bytes(target, b"new")
    assert target.read_bytes() == b"new" and len(calls) == 4
    calls.clear()
    monkeypatch.setattr(atomic, "RETRY_REPLACE", False)  # elsewhere: no second try
    with pytest.raises(AddError) as info:
        atomic.write_bytes(target, b"newer")
    assert info.value.code == "read-only" and len(calls) == 1
    assert target.read_bytes() == b"new" and [p.name for p in tmp_path.iterdir()] == ["f.txt"]


def test_replace_gives_up_after_ten_tries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file held for good: ten tries, then a message, and no temporary file."""
    target = tmp_path / "f.txt"
    target.write_bytes(b"old")
    calls: list[int] = []

    def held(src: Any, dst: Any) -> None:
        calls.append(1)
        raise PermissionError(errno.EACCES, "The process cannot access the file")

    monkeypatch.setattr(atomic, "RETRY_REPLACE", True)
    monkeypatch.setattr(atomic, "REPLACE_PAUSE", 0.0)
    monkeypatch.setattr(atomic.os, "replace", held)
    with pytest.raises(AddError):
        atomic.write_bytes(target, b"new")
    assert len(calls) == atomic.REPLACE_TRIES == 10
    assert [p.name for p in tmp_path.iterdir()] == ["f.txt"]


def test_crlf_files_keep_crlf(plan: Path) -> None:
    """An entry appended to a CRLF file uses CRLF; no other byte changes."""
    target = plan / "progress" / "2026-01-01.yaml"
    original = (
        "# yaml-language-server: $schema=../../schemas/progress.schema.json\r\n"
        "schema_version: 1\r\n"
        "report: {title: Windows, date: '2026-01-01'}\r\n"
        "entries:\r\n"
        "  - action: 1.a.1\r\n"
        "    text: Afgerond.\r\n"
        "    state: finished\r\n"
    )
    target.write_bytes(original.encode("utf-8"))
    record(plan, [NewEntry("2.b.2", dt.date(2026, 1, 1), State.IN_PROGRESS, "Loopt.")], today=TODAY)
    after = target.read_bytes().decode("utf-8")
    assert after == original + "  - action: 2.b.2\r\n    text: Loopt.\r\n    state: in_progress\r\n"


def test_the_lock_lives_outside_the_plan(plan: Path) -> None:
    """The lock file is in a private folder, named by the resolved plan folder, never in it."""
    from filelock import FileLock, Timeout

    with lock.plan_lock(plan) as held:
        assert plan not in held.parents and held.parent.is_dir()
        if os.name != "nt":
            assert stat.S_IMODE(held.parent.stat().st_mode) == 0o700
        assert lock.lock_path(plan / ".." / "plan") == held  # another spelling, the same lock
        with pytest.raises(Timeout):  # another writer must wait
            FileLock(str(held), timeout=0).acquire()
    assert lock.lock_path(plan.parent) != held
    record(plan, [NewEntry("1.a.1", dt.date(2026, 3, 2), State.FINISHED, "K.")], today=TODAY)
    assert not [p for p in plan.rglob("*") if "lock" in p.name]


def test_the_lock_folder_falls_back_to_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without $ADD_LOCK_DIR and with an unusable runtime folder, the cache folder is used."""
    monkeypatch.delenv("ADD_LOCK_DIR")
    (tmp_path / "runtime").write_text("not a folder", encoding="utf-8")
    import platformdirs

    monkeypatch.setattr(
        platformdirs, "user_runtime_dir", lambda app: str(tmp_path / "runtime" / app)
    )
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = lock.lock_folder()
    assert folder == tmp_path / "cache" / "add" / "locks" and folder.is_dir()
    if os.name != "nt":
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700


# ------------------------------------------------------------------ -o


def test_output_replaces_a_regular_file(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_bytes(b"old")
    write_file(target, b"new")
    assert target.read_bytes() == b"new"


def test_output_keeps_a_symlink_and_replaces_its_target(tmp_path: Path) -> None:
    """-o link: the link stays a link; the file it points to (via a relative chain) is new."""
    (tmp_path / "data").mkdir()
    real = tmp_path / "data" / "out.csv"
    real.write_bytes(b"old")
    (tmp_path / "hop").symlink_to("data/out.csv")
    link = tmp_path / "link"
    link.symlink_to("hop")
    write_file(link, b"new")
    assert link.is_symlink() and (tmp_path / "hop").is_symlink()
    assert real.read_bytes() == b"new"
    dangling = tmp_path / "dangling"
    dangling.symlink_to("data/new.csv")
    write_file(dangling, b"fresh")
    assert dangling.is_symlink() and (tmp_path / "data" / "new.csv").read_bytes() == b"fresh"


def test_output_writes_into_a_device(tmp_path: Path) -> None:
    """A link to /dev/null stays a link to the device (nothing is renamed over it)."""
    link = tmp_path / "null"
    link.symlink_to("/dev/null")
    write_file(link, b"gone")
    assert link.is_symlink() and stat.S_ISCHR(Path("/dev/null").stat().st_mode)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_output_writes_into_a_named_pipe(tmp_path: Path) -> None:
    """-o fifo: the reader gets the bytes; the pipe stays a pipe."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    write_file(fifo, b"through the pipe")
    reader.join(timeout=10)
    assert got == [b"through the pipe"] and stat.S_ISFIFO(fifo.stat().st_mode)


@pytest.mark.skipif(not Path("/dev/fd").is_dir(), reason="no /dev/fd")
def test_output_to_a_file_descriptor_link_appends_to_what_it_points_at(tmp_path: Path) -> None:
    """-o /dev/fd/N (as /dev/stdout is) writes where the shell redirected, keeping the file."""
    target = tmp_path / "redirected"
    with target.open("ab") as shell:
        shell.write(b"before;")
        shell.flush()
        inode = target.stat().st_ino
        write_file(Path(f"/dev/fd/{shell.fileno()}"), b"after")
    assert target.read_bytes() == b"before;after" and target.stat().st_ino == inode


def test_output_refuses_a_folder_and_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(AddError, match="is a folder; name a file in it"):
        write_file(tmp_path, b"x")
    with pytest.raises(AddError, match=r"the folder .*nope does not exist") as info:
        write_file(tmp_path / "nope" / "out.csv", b"x")
    assert info.value.exit_code == ExitCode.USAGE
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(AddError, match="is not a folder"):
        write_file(tmp_path / "file" / "out.csv", b"x")


def test_output_problems_reach_the_command_line(plan: Path, tmp_path: Path) -> None:
    """`-o FOLDER` and `-o missing/x.csv`: exit 2 with the message, no traceback."""
    for target, message in ((tmp_path, "is a folder"), (tmp_path / "no" / "x.csv", "not exist")):
        code, out, err = invoke(
            "export", "bijlage1", "--format", "csv", "-o", str(target), "--plan", str(plan)
        )
        assert code == 2 and message in err and "Traceback" not in out + err


def test_read_back_compares_types_exactly() -> None:
    """1 is not True, 1.0 is not 1, '1' is not 1; .nan is itself."""
    from add_cli.store.splice import same

    assert same({"a": [1, "x", float("nan")]}, {"a": [1, "x", float("nan")]})
    assert not same(1, True) and not same(1.0, 1) and not same("1", 1)
    assert not same({"a": 1}, {"a": 1, "b": 2}) and not same([1], [1, 1])

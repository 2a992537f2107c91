"""`add export deadlines --format ics`: RFC 5545, read back with the icalendar package."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from add_cli.cli.app import app
from add_cli.present import ics
from add_cli.store.load import load

icalendar = pytest.importorskip("icalendar", reason="icalendar (test extra) reads the file back")

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "plan"
runner = CliRunner()
EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}  # 2026-01-01T00:00:00Z


def export(*args: str, env: dict[str, str] | None = None) -> tuple[int, bytes, str]:
    result = runner.invoke(app, ["export", "deadlines", *args], env=env)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout_bytes, result.stderr


def events(data: bytes) -> list[object]:
    calendar = icalendar.Calendar.from_ical(data)
    return list(calendar.walk("VEVENT"))


def test_every_action_deadline_and_the_round_is_an_all_day_event() -> None:
    """One event per action with a deadline (last day of its end quarter), one per round."""
    code, data, err = export("--plan", str(PLAN), env=EPOCH)
    assert code == 0, err
    plan = load(PLAN).plan
    assert plan is not None
    with_deadline = [a for a in plan.actions if a.annex.period.deadline is not None]
    found = events(data)
    assert len(found) == len(with_deadline) + len(plan.reports)
    by_uid = {str(e["UID"]): e for e in found}  # type: ignore[index]
    assert len(by_uid) == len(found), "UIDs are unique"
    for action in with_deadline:
        event = next(e for uid, e in by_uid.items() if uid.startswith(f"deadline-{action.id}."))
        start = event["DTSTART"]  # type: ignore[index]
        end = event["DTEND"]  # type: ignore[index]
        assert start.params["VALUE"] == "DATE" and end.params["VALUE"] == "DATE"
        assert start.dt == action.annex.period.deadline
        assert end.dt == start.dt + dt.timedelta(days=1)
        summary = str(event["SUMMARY"])  # type: ignore[index]
        assert summary == f"Deadline actie {action.id} ({action.annex.lead}): {action.title}"
        assert action.annex.period.raw in str(event["DESCRIPTION"])  # type: ignore[index]
        assert event["DTSTAMP"].dt == dt.datetime(2026, 1, 1, tzinfo=dt.UTC)  # type: ignore[index]
    rounds = [e for uid, e in by_uid.items() if uid.startswith("round-2025-10-31.")]
    assert len(rounds) == 1
    assert rounds[0]["DTSTART"].dt == dt.date(2025, 10, 31)  # type: ignore[index]
    assert "Voortgang Actieplan" in str(rounds[0]["SUMMARY"])  # type: ignore[index]


def test_the_file_is_rfc_5545_text() -> None:
    """CRLF everywhere, no line over 75 octets, VCALENDAR around it, folded lines unfold."""
    _, data, _ = export("--plan", str(PLAN), env=EPOCH)
    assert data.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert data.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    lines = data.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines), "long titles are folded"
    for line in lines:
        line.decode("utf-8")  # folding never splits a character


def test_uids_are_stable_so_a_second_import_updates() -> None:
    """Two exports at different times: the same UIDs and events, only DTSTAMP differs."""
    _, first, _ = export("--plan", str(PLAN), env=EPOCH)
    _, second, _ = export("--plan", str(PLAN), env={"SOURCE_DATE_EPOCH": "1798761600"})
    assert first != second
    strip = re.compile(rb"DTSTAMP:[0-9TZ]+\r\n")
    assert strip.sub(b"", first) == strip.sub(b"", second)
    _, again, _ = export("--plan", str(PLAN), env=EPOCH)
    assert again == first, "the same moment gives the same bytes"


def test_dept_keeps_the_actions_it_leads(tmp_path: Path) -> None:
    """--dept BZK: only BZK's deadlines (plus rounds); -o writes the file; EZ selects EZK."""
    out = tmp_path / "bzk.ics"
    code, _, err = export("--plan", str(PLAN), "--dept", "BZK", "-o", str(out), env=EPOCH)
    assert code == 0 and "wrote" in err
    found = events(out.read_bytes())
    deadlines = [e for e in found if str(e["UID"]).startswith("deadline-")]  # type: ignore[index]
    assert deadlines and all("(BZK)" in str(e["SUMMARY"]) for e in deadlines)  # type: ignore[index]
    code, data, _ = export("--plan", str(PLAN), "--dept", "EZ", "--no-rounds", env=EPOCH)
    found = events(data)
    assert found and all(str(e["UID"]).startswith("deadline-") for e in found)  # type: ignore[index]
    assert all("(EZK)" in str(e["SUMMARY"]) for e in found)  # type: ignore[index]


def test_role_takes_the_actions_a_department_joins() -> None:
    """--role partner: the deadlines of the actions BZK joins, led by others; any: both."""
    _code, data, _ = export("--plan", str(PLAN), "--dept", "BZK", "--no-rounds", env=EPOCH)
    led = {str(e["UID"]) for e in events(data)}  # type: ignore[index]
    args = ("--plan", str(PLAN), "--dept", "BZK", "--role", "partner", "--no-rounds")
    code, data, err = export(*args, env=EPOCH)
    assert code == 0, err
    joined = events(data)
    assert joined and all("(BZK)" not in str(e["SUMMARY"]) for e in joined)  # type: ignore[index]
    args = ("--plan", str(PLAN), "--dept", "BZK", "--role", "any", "--no-rounds")
    _code, data, _ = export(*args, env=EPOCH)
    both = {str(e["UID"]) for e in events(data)}  # type: ignore[index]
    assert both == led | {str(e["UID"]) for e in joined}  # type: ignore[index]


def test_unknown_department_is_a_usage_error() -> None:
    code, _, err = export("--plan", str(PLAN), "--dept", "NOPE")
    assert code == 2 and "unknown department 'NOPE'" in err


def test_a_plan_with_errors_is_refused(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(PLAN, plan)
    text = (plan / "actions.yaml").read_text(encoding="utf-8")
    (plan / "actions.yaml").write_text(text.replace("lead: EZK", "lead: XYZ", 1), encoding="utf-8")
    code, data, err = export("--plan", str(plan))
    assert code == 2 and not data and "unknown-department" in err


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a, b; c", "a\\, b\\; c"),
        ("back\\slash", "back\\\\slash"),
        ("two\nlines\r\nthree", "two\\nlines\\nthree"),
        ("plain é", "plain é"),
    ],
)
def test_text_escaping(text: str, escaped: str) -> None:
    assert ics.escape_text(text) == escaped


@given(st.text(alphabet=st.characters(exclude_categories=("Cc", "Cs")), max_size=400))
def test_folding_round_trips(text: str) -> None:
    """Any line folds into CRLF-ended lines of at most 75 octets and unfolds to itself."""
    folded = ics.fold("SUMMARY:" + text).encode("utf-8")
    parts = folded.split(b"\r\n")
    assert parts[-1] == b""
    assert all(len(p) <= 75 for p in parts)
    assert folded.decode("utf-8").replace("\r\n ", "").removesuffix("\r\n") == "SUMMARY:" + text


def test_special_characters_come_back_from_icalendar() -> None:
    """A summary with , ; \\ and a newline reads back exactly."""
    plan = load(PLAN).plan
    assert plan is not None
    event = ics.Event("x@y", dt.date(2026, 3, 31), "a, b; c \\ d", "één\ntwee, drie")
    data = ics.write(plan, [event], dt.datetime(2026, 1, 1, tzinfo=dt.UTC), "naam; met, tekens")
    (found,) = events(data)
    assert str(found["SUMMARY"]) == "a, b; c \\ d"  # type: ignore[index]
    assert str(found["DESCRIPTION"]) == "één\ntwee, drie"  # type: ignore[index]


def test_a_round_with_a_due_date_is_on_its_due_date() -> None:
    """Where a report records a due date, the round's event is on that date."""
    plan = load(PLAN).plan
    assert plan is not None
    report = plan.reports[0]
    due = SimpleNamespace(
        title=report.title, date=report.date, path=report.path, due=dt.date(2025, 11, 14)
    )
    event = ics.round_event(plan, due)  # type: ignore[arg-type]
    assert event.day == dt.date(2025, 11, 14)
    assert event.uid == ics.round_event(plan, report).uid
    assert "uiterlijk" in event.summary and "2025-11-14" in event.description


@pytest.mark.parametrize("args", [[], ["-o", "out.ics"]], ids=["stdout", "file"])
@pytest.mark.parametrize("case", ["unknown-action", "duplicate-key", "schema"])
def test_deadlines_refuse_a_plan_with_errors_like_every_read_command(
    case: str, args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As in test_read_refuses: exit 2, validate's error lines on stderr, nothing written."""
    from tests.conftest import build_case

    plan = build_case(case, tmp_path / "plan")
    monkeypatch.chdir(plan)
    validated = runner.invoke(app, ["validate", "--plan", "."])
    errors = [line for line in validated.stdout.splitlines() if ": error " in line]
    assert errors
    before = sorted(p.relative_to(plan) for p in plan.rglob("*"))
    result = runner.invoke(app, ["export", "deadlines", *args, "--plan", "."])
    assert result.exit_code == 2 and result.stdout == ""
    assert all(line in result.stderr.splitlines() for line in errors)
    assert sorted(p.relative_to(plan) for p in plan.rglob("*")) == before


@pytest.mark.parametrize("epoch", ["99999999999999999999", "-5", "soon", ""])
def test_a_source_date_epoch_out_of_range_falls_back_to_the_clock(epoch: str) -> None:
    """No traceback for a SOURCE_DATE_EPOCH that is not a usable time: DTSTAMP is now."""
    code, data, err = export("--plan", str(PLAN), "--no-rounds", env={"SOURCE_DATE_EPOCH": epoch})
    assert code == 0, err
    stamp = events(data)[0]["DTSTAMP"].dt  # type: ignore[index]
    assert abs(stamp - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)

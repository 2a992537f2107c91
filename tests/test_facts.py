"""The plan's facts (core.facts) answer `add overdue` exactly as the plan itself does.

Differential: every answer from the facts is compared with the one `query.rows`,
`select`, `filter_rows` and `overdue_rows` give on the plan (the path `add overdue`
takes with --search or several plans), over the shipped plan, a synthetic plan, the
same plans with generated progress (ties of several reporters on one date
included), many dates and every filter.
"""

from __future__ import annotations

import datetime as dt
import io
import marshal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from add_cli.checks import loaded
from add_cli.cli import overdue
from add_cli.core import query
from add_cli.core.facts import COLUMNS, VERSION, PlanFacts, plan_facts
from add_cli.core.findings import Finding
from add_cli.core.model import Plan, ProgressEntry, Quarter, State
from add_cli.present.status import write_late, write_overdue
from add_cli.store import cache, codec
from add_cli.store.load import load

from .conftest import PLAN, invoke, make_plan

KINDS: tuple[query.LateKind, ...] = ("end", "start", "any")
ROLES: tuple[query.Role, ...] = ("lead", "partner", "any")
STATES = (None, query.OPEN, query.NOT_REPORTED, *(s.value for s in State))


def _plan(folder: Path) -> Plan:
    plan = load(folder).plan
    assert plan is not None
    return plan


@pytest.fixture(scope="module")
def shipped() -> Plan:
    return _plan(PLAN)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Plan:
    return _plan(make_plan(400, tmp_path_factory.mktemp("synthetic") / "plan"))


def _slow(
    plan: Plan,
    day: dt.date,
    kind: query.LateKind,
    dept: str | None,
    role: query.Role,
    state: str | None,
) -> list[query.LateLine]:
    """What `add overdue` computes through rows (`common.chosen_rows`, `overdue_rows`)."""
    selected = query.select(plan, dept, role, None)
    rows = query.filter_rows(query.rows(plan, day, selected), state, None)
    return [query.late_line(r) for r in query.overdue_rows(rows, kind)]


def _same(plan: Plan, facts: PlanFacts, day: dt.date, dept: str | None) -> None:
    for kind in KINDS:
        for role in ROLES if dept else ROLES[:1]:
            for state in STATES:
                want = _slow(plan, day, kind, dept, role, state)
                assert facts.late(day, kind, dept, role, state) == want, (day, kind, role, state)


def _days(plan: Plan) -> list[dt.date]:
    """Dates around every entry date and quarter end of the plan, and far before and after."""
    days = {dt.date(2000, 1, 1), dt.date(2100, 1, 1)}
    for e in plan.progress:
        days |= {e.date - dt.timedelta(days=1), e.date, e.date + dt.timedelta(days=1)}
    for a in plan.actions:
        for q in (a.period.start, a.period.end):
            if q is not None:
                days |= {q.last_day, q.last_day + dt.timedelta(days=1)}
    return sorted(days)


def test_the_shipped_plan_answers_alike(shipped: Plan) -> None:
    facts = _round_trip(shipped)
    for day in _days(shipped):
        _same(shipped, facts, day, None)
    for dept in ("BZK", "EZ", "EZK", "bz", "OCW", "NOPE"):
        for day in (dt.date(2025, 1, 1), dt.date(2026, 6, 30), dt.date(2027, 12, 31)):
            _same(shipped, facts, day, dept)


def test_a_synthetic_plan_answers_alike(synthetic: Plan) -> None:
    facts = _round_trip(synthetic)
    for day in _days(synthetic)[::7]:
        _same(synthetic, facts, day, None)
    _same(synthetic, facts, dt.date(2026, 6, 30), "BZK")


def _round_trip(plan: Plan) -> PlanFacts:
    """The facts as a warm answer reads them: through marshal, checked."""
    return PlanFacts(marshal.loads(marshal.dumps(plan_facts(plan))), plan.departments)


def _with_progress(plan: Plan, progress: list[ProgressEntry]) -> Plan:
    return Plan(
        title=plan.title,
        lines=plan.lines,
        actions=plan.actions,
        departments=plan.departments,
        progress=tuple(progress),
        reports=plan.reports,
        ncdd=plan.ncdd,
        id=plan.id,
    )


_SHIPPED = _plan(PLAN)
_CODES = [d.code for d in _SHIPPED.departments] + ["BuZa", "XYZ"]
_entries = st.lists(
    st.tuples(
        st.integers(0, len(_SHIPPED.actions) - 1),
        st.sampled_from([dt.date(2024, 10, 31), dt.date(2025, 4, 30), dt.date(2025, 10, 31)]),
        st.sampled_from(list(State)),
        st.one_of(st.none(), st.sampled_from(_CODES)),
        st.one_of(st.none(), st.builds(Quarter, st.integers(2024, 2028), st.integers(1, 4))),
    ),
    max_size=120,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_entries, st.dates(dt.date(2024, 1, 1), dt.date(2027, 12, 31)))
def test_generated_progress_answers_alike(entries: list[tuple], day: dt.date) -> None:
    """Several entries of one action on one date, by the lead, a partner or nobody."""
    progress = [
        ProgressEntry(
            _SHIPPED.actions[i].id.upper() if n % 3 == 0 else _SHIPPED.actions[i].id,
            date,
            f"text {n}",
            state,
            expected,
            reported_by=by,
        )
        for n, (i, date, state, by, expected) in enumerate(entries)
    ]
    plan = _with_progress(_SHIPPED, progress)
    facts = _round_trip(plan)
    _same(plan, facts, day, None)
    _same(plan, facts, day, "BZK")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _tables_alike(plan: Plan, day: dt.date) -> None:
    """`write_late` of the facts prints what `write_overdue` prints of the rows, piped
    and on a terminal."""
    facts = _round_trip(plan)
    for kind in KINDS:
        rows = query.overdue_rows(query.rows(plan, day), kind)
        for dept, show_plan, stream in ((None, False, io.StringIO), ("BZK", True, _Terminal)):
            slow, fast = stream(), stream()
            write_overdue(rows, day, slow, dept, "lead", kind, show_plan)
            lines = facts.late(day, kind)
            write_late(lines, day, fast, dept, "lead", kind, show_plan, facts.plain_text)
            assert fast.getvalue() == slow.getvalue()


def test_the_table_is_the_rows_table(shipped: Plan) -> None:
    assert _round_trip(shipped).plain_text
    for day in (dt.date(2025, 1, 1), dt.date(2026, 6, 30), dt.date(2030, 1, 1)):
        _tables_alike(shipped, day)


def test_control_characters_are_escaped_alike() -> None:
    """Texts with escape sequences, tabs and C1 controls: the facts say so, and both
    tables show them escaped."""
    nasty = ["\x1b[31mred", "a\tb", "c\x85d", "line\nbreak", "\x7f"]
    progress = [
        ProgressEntry(a.id, dt.date(2025, 4, 30), nasty[i % len(nasty)], State.NOT_STARTED)
        for i, a in enumerate(_SHIPPED.actions)
    ]
    plan = _with_progress(_SHIPPED, progress)
    assert not _round_trip(plan).plain_text
    _tables_alike(plan, dt.date(2026, 6, 30))
    clean = _with_progress(_SHIPPED, [replace_text(e, "line\nbreak") for e in progress])
    assert _round_trip(clean).plain_text  # a newline is not escaped
    _tables_alike(clean, dt.date(2026, 6, 30))


def replace_text(entry: ProgressEntry, text: str) -> ProgressEntry:
    return ProgressEntry(entry.action, entry.date, text, entry.state)


def test_the_control_characters_are_those_visible_escapes() -> None:
    from add_cli.core import facts
    from add_cli.present import terminal

    escaped = {c for c in range(0x110000) if terminal.visible(chr(c)) != chr(c)}
    assert {c for c in range(0x110000) if facts._CONTROL.match(chr(c))} == escaped
    assert {c for c in range(0x110000) if terminal._CONTROL.match(chr(c))} == escaped


def _one(**change: object) -> tuple[object, ...]:
    """The plain facts of one action with one entry, with `change`d columns."""
    columns: dict[str, object] = {
        "id": ("1",),
        "title": ("t",),
        "lead": ("L",),
        "partners": (("P",),),
        "line": ("1",),
        "subline": (None,),
        "starts": (True,),
        "start": (None,),
        "end": (8100,),
        "entries": (1,),
        "entry_day": (700_000,),
        "entry_state": ("finished",),
        "entry_expected": (None,),
        "entry_text": ("",),
    }
    columns.update(change)
    return (VERSION, "", True, *(columns[name] for name in COLUMNS))


def test_well_formed_facts_are_read() -> None:
    assert len(PlanFacts(_one(), ())) == 1


@pytest.mark.parametrize(
    "plain",
    [
        None,
        (),
        (VERSION + 1, *_one()[1:]),
        (VERSION, 1, *_one()[2:]),
        (VERSION, "", 1, *_one()[3:]),
        _one()[:-1],
        _one(id=["1"]),
        _one(id=(1,)),
        _one(id=("1", "2")),
        _one(partners=((3,),)),
        _one(partners=("P",)),
        _one(subline=(5,)),
        _one(starts=(1,)),
        _one(start=("Q",)),
        _one(end=(True,)),
        _one(entries=(2,)),
        _one(entries=(-1,)),
        _one(entry_day=(0,)),
        _one(entry_day=(10**9,)),
        _one(entry_day=(1.5,)),
        _one(entry_state=("x",)),
        _one(entry_expected=(2.0,)),
        _one(entry_text=(None,)),
        _one(entry_text=()),
    ],
)
def test_facts_of_the_wrong_shape_are_refused(plain: object) -> None:
    with pytest.raises(ValueError):
        PlanFacts(plain, ())


def test_facts_from_the_cache_are_the_plans(tmp_path: Path) -> None:
    """Cold (read and checked) and warm (from the entry) give the same facts; an entry of
    the old layout is a miss, never misread."""
    cold = loaded.facts_for_reading(Path(PLAN))
    warm = loaded.facts_for_reading(Path(PLAN))
    assert warm.columns == cold.columns == PlanFacts.of(_SHIPPED).columns
    assert [d.code for d in warm.departments] == [d.code for d in _SHIPPED.departments]
    directory = cache.usable_dir()
    assert directory is not None
    hexkey, _ = cache.key(Path(PLAN))
    payload = cache.read(directory, hexkey)
    assert payload is not None
    assert loaded._decode_facts(payload[:-1], ".") is None
    assert loaded._decode_facts(marshal.dumps(("ok", None, ())), ".") is None
    # The plan and the facts come out of one entry.
    assert len(loaded.plan_for_reading(Path(PLAN)).actions) == len(warm)


@pytest.mark.parametrize(
    "args",
    [
        ["--as-of", "2026-06-30"],
        ["--as-of", "2026-06-30", "--kind", "end", "--dept", "BZK", "--role", "any"],
        ["--as-of", "2025-01-01", "--state", "open"],
        ["--as-of", "2025-01-01", "--dept", "NOPE"],
    ],
)
def test_overdue_with_and_without_the_facts(
    args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command's answer from the facts (cold, then warm) is its answer through rows."""
    fast = invoke("overdue", "--plan", str(PLAN), *args)
    warm = invoke("overdue", "--plan", str(PLAN), *args)
    monkeypatch.setattr(overdue, "answers_from_facts", lambda *_: False)
    slow = invoke("overdue", "--plan", str(PLAN), *args)
    assert fast == warm == slow


def _entry(*sections: bytes) -> bytes:
    return b"".join(len(s).to_bytes(8, "big") for s in sections) + b"".join(sections)


_OK_HEAD = codec.encode(("ok", ()))
_NO_DEPARTMENTS = codec.encode(())


@pytest.mark.parametrize(
    "payload",
    [
        b"",
        b"\0" * 31,
        marshal.dumps(("ok", None, ())),  # the old layout
        _entry(_OK_HEAD, _NO_DEPARTMENTS, marshal.dumps(_one()))[:-1],  # cut short
        _entry(_OK_HEAD, _NO_DEPARTMENTS, marshal.dumps(_one())) + b"x",  # too long
        _entry(b"junk", _NO_DEPARTMENTS, marshal.dumps(_one()), b""),
        _entry(_OK_HEAD, b"junk", marshal.dumps(_one()), b""),
        _entry(_OK_HEAD, _NO_DEPARTMENTS, b"junk", b""),
        _entry(_OK_HEAD, _NO_DEPARTMENTS, marshal.dumps(compile("1", "x", "eval")), b""),
        _entry(_OK_HEAD, _NO_DEPARTMENTS, marshal.dumps(_one(entry_state=("x",))), b""),
        _entry(codec.encode(("ok", (Finding("a", 1, 1, "error", "x", "y"),))), b"", b"", b""),
        _entry(codec.encode(("bad-kind", ())), b"", b"", b""),
        _entry(codec.encode(("plan-invalid", ())), b"", b"", b""),  # a refusal without a reason
    ],
)
def test_a_damaged_entry_is_a_miss_for_the_facts(payload: bytes) -> None:
    """Anything but an entry with well-formed facts (or a refusal) is a miss, never an
    exception."""
    assert loaded._decode_facts(payload, ".") is None


def test_an_entry_with_facts_is_read() -> None:
    facts = loaded._decode_facts(_entry(_OK_HEAD, _NO_DEPARTMENTS, marshal.dumps(_one()), b""), ".")
    assert isinstance(facts, PlanFacts) and len(facts) == 1

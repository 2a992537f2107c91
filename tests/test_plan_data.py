"""The shipped plan against its two source documents in ../shared/seeds/.

These read the seeds next to the repository (CI has them there) and skip with a
reason where that folder is absent. Whitespace from the PDF's line wrapping is
not significant: texts are compared with runs of white space folded to one.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from add_cli.core.model import Correction, Plan, State
from add_cli.store.load import load

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
PLAN_SEED = SEEDS / "001_40a8b154a6a82665.txt"
REPORT_SEED = SEEDS / "000_ce35982128c2dd08.txt"

needs_seeds = pytest.mark.skipif(
    not (PLAN_SEED.is_file() and REPORT_SEED.is_file()),
    reason=f"the source documents are not at {SEEDS} (they live in shared/, beside the repo)",
)


@cache
def plan() -> Plan:
    result = load(ROOT / "plan")
    assert result.ok, (result.load_errors, result.schema)
    assert result.plan is not None
    return result.plan


def fold(text: str) -> str:
    return " ".join(text.split())


def undo(text: str, corrections: tuple[Correction, ...], field: str) -> str:
    """Put the printed (noisy) text back where a listed correction changed it."""
    for c in corrections:
        if c.field == field:
            text = text.replace(c.corrected, c.printed)
    return text


def test_there_are_44_actions_in_three_lines_and_nine_sublines() -> None:
    """The plan has 44 actions, three action lines and nine sub-lines."""
    p = plan()
    assert len(p.actions) == 44
    assert [line.id for line in p.lines] == ["1", "2", "3"]
    assert [s.id for line in p.lines for s in line.sublines] == [
        "1a",
        "1b",
        "1c",
        "2a",
        "2b",
        "2c",
        "3a",
        "3b",
        "3c",
    ]
    assert len({a.id for a in p.actions}) == 44


def test_actions_are_in_annex_order_and_grouped() -> None:
    """Actions follow Bijlage 1; each sits in its line and sub-line (KC1-3 in line 3 only)."""
    ids = [a.id for a in plan().actions]
    assert ids[:4] == ["1.a.1", "1.a.2", "1.a.3", "1.a.4"]
    assert ids[26:29] == ["KC1", "KC2", "KC3"]
    assert ids[-1] == "3.c.2"
    for a in plan().actions:
        if a.id.startswith("KC"):
            assert (a.line, a.subline) == ("3", None)
            assert a.label == f"opstart Kenniscentrum {a.id[-1]}"
        else:
            assert a.line == a.id[0] and a.subline == a.id[0] + a.id[2]


def test_printed_codes_keep_their_trailing_period() -> None:
    """The id has no trailing period; the annex text keeps the printed 'ACTIE 3.b.1.:'."""
    action = plan().action("3.B.1")
    assert action is not None
    assert action.id == "3.b.1"
    assert action.label == "3.b.1."
    assert action.annex.title == "ACTIE 3.b.1.: Overheidssamenwerking faciliteren"
    assert action.title == "Overheidssamenwerking faciliteren"


@needs_seeds
def test_every_annex_row_is_a_line_of_the_seed() -> None:
    """Actie<TAB>Departement<TAB>Start- en einddatum, rebuilt from plan/, is printed as such."""
    seed_lines = set(PLAN_SEED.read_text(encoding="utf-8").splitlines())
    for a in plan().actions:
        row = "\t".join(
            [
                undo(a.annex.title, a.corrections, "annex.title"),
                undo(a.annex.departments, a.corrections, "annex.departments"),
                undo(a.annex.period.raw, a.corrections, "annex.period"),
            ]
        )
        assert row in seed_lines, f"{a.id}: {row!r} is not a line of the annex"


@needs_seeds
def test_annex_headings_are_printed() -> None:
    """Each action line's annex heading is the one above its table in Bijlage 1."""
    text = PLAN_SEED.read_text(encoding="utf-8").replace("**", "")
    for line in plan().lines:
        assert line.annex_heading in text


@needs_seeds
def test_body_texts_occur_in_the_seed() -> None:
    """Title, departments, category, Wat?, Wanneer succesvol? and period of the body are printed."""
    raw = PLAN_SEED.read_text(encoding="utf-8")
    # Markup of the text conversion is not part of the printed text.
    raw = re.sub(r"<a [^>]*>(.*?)</a>", r"\1", raw)
    raw = raw.replace("&amp;", "&").replace("**", "").replace("<li>• ", "<li>")
    seed = fold(re.sub(r"</?(b|p|li|ul[^>]*)>|\*", " ", raw))
    for a in plan().actions:
        body = a.body
        fields = {
            "body.title": [body.cells.title],
            "body.departments": [body.cells.departments],
            "body.category": [body.category or ""],
            "body.what": list(body.what),
            "body.success": list(body.success),
            "body.period": [body.cells.period.raw],
        }
        for name, texts in fields.items():
            for text in texts:
                printed = fold(undo(text, a.corrections, name))
                assert printed in seed, f"{a.id} {name}: {printed[:80]!r} not in the seed"


def report_text() -> str:
    """Part 2 of the report with the link-target lists dropped and line wraps joined."""
    lines = REPORT_SEED.read_text(encoding="utf-8").splitlines()
    start = next(i for i, s in enumerate(lines) if s.strip() == "Actie Status")
    kept: list[str] = []
    in_links = False
    for line in lines[start + 1 :]:
        is_url = bool(re.fullmatch(r"https?://\S+", line.strip()))
        if is_url and (in_links or (kept and not kept[-1].strip())):
            in_links = True
            continue
        in_links = False
        kept.append(line.strip())
    joined = ""
    for line in kept:
        if not line:
            joined += "\n"
        elif joined.endswith("-") and not joined.endswith(" -"):
            joined += line
        else:
            joined += " " + line
    return fold(joined)


@needs_seeds
def test_every_progress_text_occurs_in_the_report() -> None:
    """Each status text and its Actie cell are the report's words."""
    text = report_text()
    for entry in plan().progress:
        printed = undo(entry.text, entry.corrections, "text")
        assert fold(printed) in text, f"{entry.action}: {entry.text[:80]!r}"
        assert entry.label is not None and fold(entry.label) in text


@needs_seeds
def test_every_action_in_the_report_has_its_entry() -> None:
    """The report's overview names 44 actions; each has one entry dated 2025-10-31."""
    text = REPORT_SEED.read_text(encoding="utf-8")
    part2 = text[text.index("Deel 2: Overzicht status acties") :]
    codes = re.findall(r"^\s*(\d\.[a-c]\.\d|opstart Kenniscentrum \d)", part2, re.M)
    ids = ["KC" + c[-1] if c.startswith("opstart") else c for c in codes]
    assert len(ids) == 44
    entries = {e.action: e for e in plan().progress}
    for aid in ids:
        assert aid in entries, aid
        assert str(entries[aid].date) == "2025-10-31"
    assert set(entries) == {a.id for a in plan().actions}


def test_states_follow_the_report_wording() -> None:
    """'Afgerond' is finished, 'Ligt op schema' on schedule, 'Verwacht in Q4 2026' expected."""
    for entry in plan().progress:
        if entry.text.startswith("Afgerond"):
            assert entry.state is State.FINISHED, entry.action
        if entry.text.startswith("Ligt op schema"):
            assert entry.state is State.ON_SCHEDULE, entry.action
    expected = {e.action: str(e.expected) for e in plan().progress if e.expected}
    assert expected == {"KC3": "2026-Q1", "3.a.4": "2026-Q4", "3.a.6": "2026-Q4"}


def test_derived_departments() -> None:
    """Lead is the first department named; i.s.m. introduces partners; EZK stays as printed."""
    p = plan()
    a = p.action("1.b.1")
    assert a is not None and (a.annex.lead, a.annex.partners) == ("EZK", ("BZK", "IenW"))
    a = p.action("3.b.5")
    assert a is not None and (a.annex.lead, a.annex.partners) == ("EZK", ("BZ",))
    assert a.body.cells.departments == "EZK i.s.m. BuZa"
    a = p.action("2.a.2")
    assert a is not None and a.body.cells.others == ("Topsector Energie",)


def test_corrections_are_listed() -> None:
    """Extraction noise fixed in the data is listed: lenW, schaa sprong, the split URL."""
    p = plan()
    a = p.action("2.c.1")
    assert a is not None
    assert "schaalsprong" in a.annex.title
    assert {(c.field, c.printed) for c in a.corrections} >= {("annex.title", "schaa sprong")}
    assert not any("lenW" in x.body.cells.departments for x in p.actions)
    entry = next(e for e in p.progress if e.action == "1.b.2")
    assert "toekenningen-perspectief" in entry.text and entry.corrections


def test_ncdd_is_transcribed() -> None:
    """Bijlage 2: members, seven working groups and two project groups; six body boxes."""
    ncdd = plan().ncdd
    assert ncdd is not None
    assert len(ncdd.members) == 29
    kinds = [g.kind for g in ncdd.groups]
    assert kinds.count("werkgroep") == 7 and kinds.count("projectgroep") == 2
    funded = {g.name: g.funding for g in ncdd.groups if g.funding}
    assert set(funded) == {"LETSGO", "ReplanIT"}
    boxes = {(b.name, b.subline, b.start) for b in ncdd.boxes if b.kind == "werkgroep"}
    assert ("Lifecycle Assesment", "1b", "Start Q3 2024") in boxes
    assert ("GreenOps", "1c", "Start 2023") in boxes
    assert len(boxes) == 6


def test_report_keeps_part_one() -> None:
    """The report's feedback (part 1) is kept as report-level text."""
    (report,) = plan().reports
    assert str(report.date) == "2025-10-31"
    headings = [h for h, _ in report.feedback]
    assert "Feedback private sector" in headings
    assert "Appreciatie Europese Commissie" in headings

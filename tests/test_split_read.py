"""A file of actions parsed in two parts (`store.split`) gives the whole file's document.

Every test compares the merged document (head parsed here, tail as the second process
parses it) with `yamlread.parse` of the whole file: the same data (values, types, key
order), the same position tree, size, path and control-character flag; where the two
parts cannot show that the cut is clean, no merged document at all. Then the read as a
whole (`read_documents`, `validate.check`) with the second process made to cut small
files: the same documents, findings and positions as reading without it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from add_cli.checks.validate import check as validate
from add_cli.store import parallel, schema, split
from add_cli.store.read import read_documents
from add_cli.store.yamlread import MAX_DEPTH, Document, YamlProblem, decode, parse
from tests.conftest import CORPUS, PLAN, build_case, make_plan
from tests.test_yamlfast import assert_light_same, document, same_data

ROOT = Path(__file__).resolve().parents[1]
NAME = "actions.yaml"


def whole(raw: bytes) -> Document | None:
    """What reading the whole file gives (None: a problem)."""
    try:
        return parse(NAME, decode(NAME, raw))
    except YamlProblem:
        return None


def halves(raw: bytes, cut: int, indent: int) -> Document | None:
    """The merged document of the parts before and after `cut`, or None."""
    part = split.Split(Path(NAME), NAME, raw, cut, indent)
    head, tail = part.head(), part.tail()
    return None if head is None or tail is None else split.merge(head, tail)


def assert_same(merged: Document, doc: Document) -> None:
    assert same_data(merged.data, doc.data)
    assert merged.tree == doc.tree
    assert (merged.size, merged.path, merged.no_controls) == (doc.size, doc.path, doc.no_controls)


def line_starts(raw: bytes) -> Iterator[int]:
    yield 0
    at = raw.find(b"\n")
    while at >= 0:
        yield at + 1
        at = raw.find(b"\n", at + 1)


def item_starts(raw: bytes, indent: int) -> list[int]:
    """Where the items of the top-level list start (the first one's line included)."""
    marks = (b"\n" + b" " * indent + b"- ", b"\n" + b" " * indent + b"-\n")
    return [at for at in line_starts(raw) if at and raw[at - 1 : at + indent + 2] in marks]


def every_cut(raw: bytes, indent: int) -> set[int]:
    """Try every line start as the cut: each merged document is the whole file's; the cuts
    that gave one."""
    doc = whole(raw)
    made = set()
    for cut in line_starts(raw):
        merged = halves(raw, cut, indent)
        if merged is not None:
            assert doc is not None, f"the whole file is refused, a cut at {cut} is not"
            assert_same(merged, doc)
            made.add(cut)
    return made


@pytest.fixture(scope="module")
def small_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_plan(24, tmp_path_factory.mktemp("plan") / "p")


def test_every_cut_of_a_small_plan(small_plan: Path) -> None:
    """Cut at any line: the parts merge only between two items, into the whole document."""
    raw = (small_plan / NAME).read_bytes()
    items = item_starts(raw, 2)
    assert len(items) == 24
    assert every_cut(raw, 2) == set(items[1:])  # the first item's line: no list yet
    assert every_cut(raw, 4) == set()  # not the list's indentation


def test_every_cut_of_the_shipped_plan() -> None:
    raw = (PLAN / NAME).read_bytes()
    items = item_starts(raw, 2)
    assert len(items) > 10
    assert every_cut(raw, 2) == set(items[1:])


def test_find_cuts_at_the_next_item(small_plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(split, "MIN_PART", 1000)
    raw = (small_plan / NAME).read_bytes()
    items = item_starts(raw, 2)
    for at in (split.MIN_PART, len(raw) // 2, items[-1] - 1):
        found = split.find(Path(NAME), NAME, raw, at)
        assert found is not None and found.indent == 2
        assert found.cut == min(i for i in items if i >= at)
    assert split.find(Path(NAME), NAME, raw, len(raw) - 10) is None  # too little left
    assert split.find(Path(NAME), NAME, raw, 10) is None
    first = b"actions:\n" + raw[raw.index(b"\nactions:\n") + 10 :]
    assert split.find(Path(NAME), NAME, first, len(raw) // 2) is not None
    no_list = raw.replace(b"\nactions:\n", b"\nactions: # c\n")
    assert split.find(Path(NAME), NAME, no_list, len(raw) // 2) is None


def indented(text: str, by: int) -> str:
    return "".join(" " * by + line if line.strip() else line for line in text.splitlines(True))


def is_list(text: str) -> bool:
    """A generated document whose root is a sequence."""
    lines = [x for x in text.splitlines() if x.strip() and x.strip()[0] != "#" and x != "---"]
    return bool(lines) and lines[0].startswith("-")


@st.composite
def actions_file(draw: st.DrawFn, clean: bool) -> tuple[str, int]:
    """An actions file around a generated list (`test_yamlfast.document`), and its indent."""
    body = draw(document(clean).filter(is_list))
    if body.startswith("---\n"):
        body = body[4:]
    by = draw(st.sampled_from([2, 4] if clean else [1, 2, 3]))
    head = draw(st.sampled_from(["", "# c\n", "schema_version: 1\n", "a: [x]\nb:\n  c: 1\n"]))
    end = "" if body.endswith("\n") else "\n"
    after = draw(st.sampled_from(["", "", "# end\n", "\n", "z: 1\n", "  # c\n"]))
    return head + "actions:\n" + indented(body, by) + end + after, by


def check_all_cuts(text: str, by: int) -> int:
    raw = text.encode()
    made = every_cut(raw, by)
    assert made <= set(item_starts(raw, by))
    return len(made)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(actions_file(clean=True))
def test_generated_action_lists(made: tuple[str, int]) -> None:
    check_all_cuts(*made)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(actions_file(clean=False), st.data())
def test_generated_near_misses(made: tuple[str, int], data: st.DataObject) -> None:
    text, by = made
    for _ in range(data.draw(st.integers(0, 2))):
        at = data.draw(st.integers(0, len(text)))
        text = text[:at] + data.draw(st.sampled_from(["\r", "\t", '"', "'", " ", "\n"])) + text[at:]
    check_all_cuts(text, by)


def test_generated_lists_are_cut() -> None:
    """The generated tests are not vacuous: most clean lists of two items or more merge."""
    merged = 0

    @settings(max_examples=60, deadline=None, database=None)
    @given(actions_file(clean=True))
    def run(made: tuple[str, int]) -> None:
        nonlocal merged
        merged += check_all_cuts(*made) > 0

    run()
    assert merged >= 15


HEAD = "schema_version: 1\nactions:\n  - id: a\n"


@pytest.mark.parametrize(
    ("text", "why"),
    [
        (HEAD + "  - id: b\nextra: 1\n", "a top-level key after the list"),
        (HEAD + "  - id: b\n# c\nextra: 1\n", "a key after the list, after a comment"),
        ("actions:\n  - id: a\n  - id: b\nschema_version: 1\n", "the list is not last"),
        (HEAD + '    what: "x\n  - id: b"\n  - id: c\n', "a quoted scalar over the cut"),
        (HEAD + "    what: 'x\n  - id: b'\n", "a single-quoted scalar over the cut"),
        (HEAD + '    what: plain\n      "open\n  - id: b\n      close"\n', "a quote opened"),
        (HEAD + "    what: x\r\n  - id: b\r\n", "carriage returns"),
        (HEAD + "    what:\tx\n  - id: b\n", "a tab in the head"),
        (HEAD + "  - id: b\n    what:\tx\n", "a tab in the tail"),
        (HEAD + "  - id: b\n    what: |\n      x\n", "a block scalar in the tail"),
        (HEAD + "  - id: b\n    what: &x 1\n", "an anchor in the tail"),
        (HEAD + "  - id: b\n  id: c\n", "a key among the items"),
        (HEAD + "  - id: b\n - id: c\n", "odd indentation"),
        ("schema_version: 1\nactions:\n  []\n  - id: b\n", "no block list"),
        ("schema_version: 1\nactions: [a]\n  - id: b\n", "a flow list"),
        ("schema_version: 1\nactions:\n  - id: a\n  - id: a\n---\n  - id: b\n", "two documents"),
        (HEAD + "  - id: b\n...\n", "a document end"),
        (HEAD + "  - id: b\n    id: c\n", "a duplicate key in the tail"),
        ("schema_version: 1\nother:\n  - x\nactions:\n  - id: a\n  - id: b\n", "fine"),
        ("a:\n  actions:\n    - id: a\n    - id: b\n", "not the top level"),
    ],
)
def test_what_is_not_cut_cleanly(text: str, why: str) -> None:
    """Each cut gives the whole file's document, or nothing (the whole file is read)."""
    raw = text.encode()
    made = every_cut(raw, 2) | every_cut(raw, 4)
    if why == "fine":
        assert made
    else:
        assert not made, why


def test_bytes_that_are_not_text() -> None:
    raw = (HEAD + "  - id: b\n    what: x\n").encode()
    cut = raw.index(b"  - id: b")
    assert halves(raw, cut, 2) is not None
    assert halves(raw.replace(b"what: x", b"what: \xff"), cut, 2) is None  # not UTF-8
    assert halves(raw.replace(b"id: a", b"id: \x00"), cut, 2) is None  # NUL in the head
    bom = b"\xef\xbb\xbf" + raw
    merged = halves(bom, cut + 3, 2)
    assert merged is not None
    doc = whole(bom)
    assert doc is not None
    assert_same(merged, doc)
    escaped = raw.replace(b"what: x", b'what: "\\u0007"')
    merged = halves(escaped, cut, 2)
    assert merged is not None and not merged.no_controls and merged.data["actions"][1]["what"]


@pytest.mark.parametrize("depth", range(MAX_DEPTH - 4, MAX_DEPTH + 2))
def test_nesting_is_limited_as_in_the_whole_file(depth: int) -> None:
    """The tail sits inside two blocks: it may nest as deep as the whole file allows."""
    lines = ["schema_version: 1", "actions:", "  - id: a", "  - id: b"]
    for level in range(depth):
        lines.append("    " + "  " * level + f"k{level}:")
    lines[-1] += " [x]"
    raw = ("\n".join(lines) + "\n").encode()
    cut = raw.index(b"  - id: b")
    merged = halves(raw, cut, 2)
    doc = whole(raw)
    assert (merged is None) == (doc is None)
    if merged is not None and doc is not None:
        assert_same(merged, doc)


# ---------------------------------------------------------------- the read as a whole


def compare_reads(plan: Path, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Read `plan` with and without a second process cutting actions.yaml: the same
    documents; the merged document's `vouched_from`."""
    alone = read_documents(plan)
    monkeypatch.setattr(parallel, "PARALLEL_BYTES", -1)  # any work is worth a process
    monkeypatch.setattr(split, "MIN_PART", 0)
    merges: list[int | None] = []
    real_merge = split.merge

    def counting(
        head: Document, tail: split.Tail, head_vouched: bool = False, raw: bytes | None = None
    ) -> Document:
        doc = real_merge(head, tail, head_vouched, raw)
        merges.append(doc.vouched_from)
        return doc

    monkeypatch.setattr(split, "merge", counting)
    forked = read_documents(plan)
    assert list(forked.docs) == list(alone.docs)
    assert [str(f) for f in forked.load_errors] == [str(f) for f in alone.load_errors]
    for kind, doc in alone.docs.items():
        assert_same(forked.docs[kind], doc)
    # Light (as a read that answers reads): the same data, and every position once asked.
    light = read_documents(plan, light=True)
    assert list(light.docs) == list(alone.docs)
    assert [str(f) for f in light.load_errors] == [str(f) for f in alone.load_errors]
    for kind, doc in alone.docs.items():
        if light.docs[kind].light:  # else read by the event parser: all positions
            assert_light_same(light.docs[kind], doc)
        else:
            assert_same(light.docs[kind], doc)
    return merges[: len(merges) // 2]  # each cut was merged twice: whole and light


def at_fraction(monkeypatch: pytest.MonkeyPatch, fraction: float) -> None:
    """Make the reader cut at the first item after `fraction` of the file."""
    real_find = split.find

    def find(file: Path, shown: str, raw: bytes, _at: int) -> split.Split | None:
        return real_find(file, shown, raw, int(len(raw) * fraction))

    monkeypatch.setattr(split, "find", find)


@pytest.mark.parametrize("fraction", [0.0, 0.3, 0.9])
def test_a_synthetic_plan_read_in_two_processes(
    small_plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fraction: float
) -> None:
    at_fraction(monkeypatch, fraction)
    merges = compare_reads(small_plan, monkeypatch)
    assert merges == [0]  # cut, and every item vouched for (the head's here, the tail's there)
    assert all(doc.light for doc in read_documents(small_plan, light=True).docs.values())
    forked = read_documents(small_plan)
    assert all(doc.vouched for kind, doc in forked.docs.items() if "progress" in kind)
    assert not forked.docs["plan"].vouched  # read here: checked by schema.start
    errors, pending = schema.start(forked.docs)
    assert errors == [] and pending.result() == []


def test_the_shipped_plan_read_in_two_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at_fraction(monkeypatch, 0.5)
    assert len(compare_reads(PLAN, monkeypatch)) == 1
    _, serial = validate(PLAN, tmp_path)
    _, forked = validate(PLAN, tmp_path)
    assert [str(f) for f in forked.findings] == [str(f) for f in serial.findings]


CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES)
def test_the_corpus_read_in_two_processes(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every invalid plan: the same findings (file:line:col) when actions.yaml is cut."""
    plan = build_case(case, tmp_path / "plan")
    _, serial = validate(plan, tmp_path)
    at_fraction(monkeypatch, 0.5)
    compare_reads(plan, monkeypatch)
    _, forked = validate(plan, tmp_path)
    assert [str(f) for f in forked.findings] == [str(f) for f in serial.findings]


def edited(plan: Path, tmp_path: Path, change: Callable[[str], str]) -> Path:
    copy = tmp_path / "edited"
    shutil.copytree(plan, copy)
    file = copy / NAME
    file.write_text(change(file.read_text(encoding="utf-8")), encoding="utf-8")
    return copy


def last_item(text: str, change: Callable[[str], str]) -> str:
    at = text.rindex("\n  - id: ") + 1
    return text[:at] + change(text[at:])


@pytest.mark.parametrize(
    ("change", "merged"),
    [
        (lambda t: last_item(t, lambda i: i.replace("lead: ", "lead: 12", 1)), True),
        (lambda t: last_item(t, lambda i: i.replace("    line:", "    lijn:", 1)), True),
        (lambda t: last_item(t, lambda i: i.replace("    subline: ", "    subline: x", 1)), True),
        (lambda t: t.replace("  - id: 1.a.2\n", "  - id: 1.a.1\n", 1), True),  # duplicate id
        (lambda t: last_item(t, lambda i: i.replace("id: ", "id: 1.a.1\n    x: ", 1)), True),
        (lambda t: last_item(t, lambda i: i + "    line: x\n"), False),  # a duplicate key
        (lambda t: last_item(t, lambda i: i.replace("\n", "\r\n")), False),  # CR: ruamel
        (lambda t: t + "extra: 1\n", False),  # a key after the list
        (lambda t: t.replace("schema_version: 1", "schema_version: 9"), True),
    ],
)
def test_findings_in_the_tail_keep_their_place(
    small_plan: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    change: Callable[[str], str],
    merged: bool,
) -> None:
    """A finding near the end of actions.yaml (in the second process's part) has the
    line and column it has when the file is read whole."""
    plan = edited(small_plan, tmp_path, change)
    _, serial = validate(plan, tmp_path)
    assert serial.findings
    at_fraction(monkeypatch, 0.5)
    assert len(compare_reads(plan, monkeypatch)) == merged
    _, forked = validate(plan, tmp_path)
    assert [str(f) for f in forked.findings] == [str(f) for f in serial.findings]
    if merged and "schema_version: 9" not in (plan / NAME).read_text(encoding="utf-8"):
        half = (plan / NAME).read_text(encoding="utf-8").count("\n") // 2
        assert any(f.line > half for f in forked.findings if f.path == NAME)


def test_without_fork_and_with_overrides(
    small_plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where there is no fork, the second process's part is read here, from the same
    bytes: overrides that differ from the disk are what is read, and each leaves once."""
    plan = edited(small_plan, tmp_path, lambda t: t)
    given = {f.resolve(): f.read_bytes() for f in plan.rglob("*.yaml")}
    file = plan / NAME
    changed = last_item(given[file.resolve()].decode(), lambda i: i.replace("id: ", "id: 9.", 1))
    given[file.resolve()] = changed.encode()
    report = plan / "progress" / sorted(p.name for p in (plan / "progress").iterdir())[-1]
    given[report.resolve()] = given[report.resolve()].replace(b"state: ", b"state: x", 1)
    expected = read_documents(plan, overrides=dict(given))
    monkeypatch.delattr(os, "fork")
    at_fraction(monkeypatch, 0.5)
    monkeypatch.setattr(parallel, "PARALLEL_BYTES", -1)
    monkeypatch.setattr(split, "MIN_PART", 0)
    got = read_documents(plan, overrides=given, consume=True)
    assert given == {}
    assert list(got.docs) == list(expected.docs)
    for kind, doc in expected.docs.items():
        assert_same(got.docs[kind], doc)
    assert got.docs["actions"].data["actions"][-1]["id"].startswith("9.")


def test_a_file_read_from_disk_is_cut(small_plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the cache's bytes, the file is read once here and cut the same way."""
    at_fraction(monkeypatch, 0.5)
    assert len(compare_reads(small_plan, monkeypatch)) == 1


def test_vouched_parts_skip_only_what_was_checked(small_plan: Path) -> None:
    """schema.start skips a document only for what the quick check passed."""
    doc = read_documents(small_plan).docs["actions"]
    items = doc.data["actions"]
    assert schema.vouch_items("actions", items)
    assert not schema.vouch_items("actions", [*items, {"id": 1}])
    bad = Document(doc.path, {**doc.data, "actions": [{"id": 1}, *items]}, doc.tree, doc.size)
    bad.vouched_from = 1  # the items after the first were vouched for: the first fails
    errors, pending = schema.start({"actions": bad})
    assert errors or pending.result()
    bad.vouched_from = None
    assert not schema._passes("actions", bad)
    good = Document(doc.path, doc.data, doc.tree, doc.size)
    for start in (0, len(items) // 2, len(items)):
        good.vouched_from = start
        assert schema._passes("actions", good)
    wrong_top = Document(doc.path, {**doc.data, "schema_version": 2}, doc.tree, doc.size)
    wrong_top.vouched_from = 0
    assert not schema._passes("actions", wrong_top)
    progress = read_documents(small_plan).docs
    kind = next(k for k in progress if k.startswith("progress:"))
    assert not progress[kind].vouched
    schema.vouch(kind, progress[kind])
    assert progress[kind].vouched
    progress[kind].data["entries"][0]["state"] = "nonsense"
    progress[kind].vouched = False
    schema.vouch(kind, progress[kind])
    assert not progress[kind].vouched


def test_an_actions_file_only_in_the_overrides(
    small_plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit about to create actions.yaml: it is read from the overrides all the same."""
    plan = edited(small_plan, tmp_path, lambda t: t)
    given = {f.resolve(): f.read_bytes() for f in plan.rglob("*.yaml")}
    (plan / NAME).unlink()
    expected = read_documents(plan, overrides=dict(given))
    assert "actions" in expected.docs and not expected.load_errors
    at_fraction(monkeypatch, 0.5)
    monkeypatch.setattr(parallel, "PARALLEL_BYTES", -1)
    monkeypatch.setattr(split, "MIN_PART", 0)
    got = read_documents(plan, overrides=given, consume=True)
    assert not got.load_errors and given == {}
    assert list(got.docs) == list(expected.docs)
    for kind, doc in expected.docs.items():
        assert_same(got.docs[kind], doc)


@pytest.mark.parametrize("send", [0.01, 100.0])
def test_the_second_process_vouches_when_it_is_not_the_slower(
    small_plan: Path, monkeypatch: pytest.MonkeyPatch, send: float
) -> None:
    """Without a cut, the second process checks its documents only when its share of the
    work is the smaller; either way the schema pass finds what it found before."""
    from add_cli.store import read

    alone = read_documents(small_plan)
    monkeypatch.setattr(parallel, "PARALLEL_BYTES", -1)
    monkeypatch.setattr(split, "MIN_PART", 1 << 30)  # no cut
    monkeypatch.setattr(read, "SEND", send)
    forked = read_documents(small_plan)
    progress = [doc for kind, doc in forked.docs.items() if kind.startswith("progress:")]
    assert progress and all(doc.vouched == (send < 1) for doc in progress)
    assert forked.docs["actions"].vouched_from is None
    for kind, doc in alone.docs.items():
        assert_same(forked.docs[kind], doc)
    errors, pending = schema.start(forked.docs)
    assert errors == [] and pending.result() == []


def _spread(plan: Path, parts: int) -> None:
    """Move the actions of actions.yaml into actions/part-NN.yaml, `parts` files."""
    text = (plan / NAME).read_text(encoding="utf-8")
    head, _sep, body = text.partition("actions:\n")
    items = ["  - id:" + item for item in body.split("  - id:")[1:]]
    (plan / NAME).unlink()
    (plan / "actions").mkdir()
    size = -(-len(items) // parts)
    for n in range(parts):
        chunk = "".join(items[n * size : (n + 1) * size])
        path = plan / "actions" / f"part-{n + 1:02d}.yaml"
        path.write_text(head + "actions:\n" + chunk, encoding="utf-8")


def test_a_plan_spread_over_files_is_shared_and_checked_in_both_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """actions/*.yaml: the second process takes the progress files and the end of the
    last file of actions this one keeps (never so many whole files that its share is the
    larger); each process runs the quick schema check on what it parsed, so that building
    the model checks nothing again; the documents are the ones read in one process."""
    plan = make_plan(200, tmp_path / "plan")
    _spread(plan, 5)
    merges = compare_reads(plan, monkeypatch)
    assert merges == [0]  # the last file kept here was cut, every item vouched for
    forked = read_documents(plan)
    actions = {k: d for k, d in forked.docs.items() if k.startswith("actions:")}
    assert len(actions) == 5
    assert all(d.vouched or d.vouched_from == 0 for d in actions.values())
    assert all(d.vouched for k, d in forked.docs.items() if k.startswith("progress:"))
    errors, pending = schema.start(forked.docs)
    assert errors == [] and pending.result() == []

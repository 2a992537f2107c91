"""The fast YAML reader gives exactly the event parser's documents, or steps aside.

Every test compares `yamlfast.parse_fast` with `yamlread.parse_events` (ruamel.yaml's
events): whenever the fast reader returns a document, its data (values, their types,
the order of keys), its positions and its size must be the event parser's; where the
event parser refuses a text, the fast reader must return None. The corpus is the
shipped plan, every YAML file of the tests, a generated plan, documents generated from
the subset's grammar and near misses of it.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from add_cli.store import yamlfast, yamlread
from add_cli.store.yamlfast import parse_fast
from add_cli.store.yamlread import MAX_DEPTH, Document, YamlProblem, decode, parse_events
from tests.conftest import make_plan

ROOT = Path(__file__).resolve().parents[1]


def same_data(a: Any, b: Any) -> bool:
    """Equal values of equal types, keys in the same order (`True` is not `1`)."""
    if type(a) is not type(b):
        return False
    if type(a) is dict:
        return list(a) == list(b) and all(type(k) is str and same_data(a[k], b[k]) for k in a)
    if type(a) is list:
        return len(a) == len(b) and all(same_data(x, y) for x, y in zip(a, b, strict=True))
    if type(a) is float and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def assert_same(fast: Document, slow: Document) -> None:
    assert same_data(fast.data, slow.data), (fast.data, slow.data)
    assert fast.tree == slow.tree
    assert fast.size == slow.size
    assert fast.path == slow.path


def check(text: str) -> Document | None:
    """The fast reader's document of `text` (or None), checked against the event parser,
    and its light document against the whole one (`assert_light_same`)."""
    fast = parse_fast("t.yaml", text)
    try:
        slow = parse_events("t.yaml", text)
    except (YamlProblem, UnicodeError):
        assert fast is None, f"the event parser refuses {text!r}, the fast reader does not"
        return None
    if fast is not None:
        assert_same(fast, slow)
        light = parse_fast("t.yaml", text, light=True)
        assert light is not None and light.light
        light.source = text.encode("utf-8")
        assert_light_same(light, slow)
    return fast


def _all_paths(data: Any, where: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield where
    if type(data) is dict:
        for key, value in data.items():
            yield from _all_paths(value, (*where, key))
    elif type(data) is list:
        for i, value in enumerate(data):
            yield from _all_paths(value, (*where, i))


def assert_light_same(light: Document, whole: Document) -> None:
    """A light document (`Document.light`) gives the whole one's data, and every position
    the whole one gives: those two levels deep from its own tree, without reading its text
    again; deeper ones (also of paths that are not there) once it has made its tree whole."""
    assert same_data(light.data, whole.data)
    assert (light.size, light.path) == (whole.size, whole.path)
    paths = list(_all_paths(whole.data))
    asked = [*paths, ("not", "there"), ("not", "there", "at", "all")]
    for where in [w for w in asked if len(w) <= 2]:
        assert light.pos(where) == whole.pos(where), where
        assert light.key_pos(where) == whole.key_pos(where), where
    for where in [w for w in paths if len(w) <= 1]:
        assert light.item_positions(where) == whole.item_positions(where), where
    assert light.light, "a position two levels deep made the tree whole"
    for where in [w for w in asked if len(w) > 2] or [("a", "b", "c")]:
        assert light.pos(where) == whole.pos(where), where
        assert light.key_pos(where) == whole.key_pos(where), where
        assert light.item_positions(where) == whole.item_positions(where), where
    assert not light.light and light.source is None
    assert light.tree == whole.tree
    assert light.positions == whole.positions


def texts(folder: Path) -> list[tuple[str, str]]:
    out = []
    for file in sorted(folder.rglob("*.y*ml")):
        if not file.is_file():
            continue
        try:
            out.append((str(file.relative_to(folder)), decode(str(file), file.read_bytes())))
        except YamlProblem:
            continue  # binary, empty, not UTF-8: never parsed
    return out


SHIPPED = texts(ROOT / "plan")
TEST_FILES = texts(ROOT / "tests")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, str]]:
    return [(name, text) for name, text in texts(make_plan(300, tmp_path_factory.mktemp("p")))]


@pytest.mark.parametrize(("name", "text"), SHIPPED + TEST_FILES, ids=lambda v: str(v)[:60])
def test_corpus_files(name: str, text: str) -> None:
    """The shipped plan and every YAML file of the tests: same documents, or None."""
    check(text)


def test_corpus_is_there() -> None:
    assert len(SHIPPED) >= 5
    assert len(TEST_FILES) >= 30  # the invalid_plans corpus


def test_shipped_plan_takes_the_fast_path() -> None:
    """So that the fast path cannot silently stop working for real plan files."""
    for name, text in SHIPPED:
        assert check(text) is not None, name


def test_generated_plan_takes_the_fast_path(generated: list[tuple[str, str]]) -> None:
    assert len(generated) >= 8
    for name, text in generated:
        assert check(text) is not None, name


def test_text_read_in_parts(
    monkeypatch: pytest.MonkeyPatch, generated: list[tuple[str, str]]
) -> None:
    """The text is matched a part at a time: tiny parts give the same documents (a quoted
    scalar over a part's end makes the fast reader step aside)."""
    monkeypatch.setattr(yamlfast, "_CHUNK", 50)
    for _name, text in SHIPPED + TEST_FILES:
        check(text)
    made = [(n, t) for n, t in generated if n.startswith(("actions", "progress"))]
    assert made
    for name, text in made:  # written by make_plan.py: no scalar over several lines
        assert check(text) is not None, name
    assert check("a: 'x\n" + "  y\n" * 30 + "  z'\n") is None


def test_parse_uses_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """`parse` returns the fast document, and falls back to the events outside the subset."""
    text = "a: 1\nb:\n  - x\n"
    fast = parse_fast("t.yaml", text)
    assert fast is not None

    def refuse(path: str, text: str) -> Document:
        raise AssertionError("the event parser should not run")

    monkeypatch.setattr(yamlread, "parse_events", refuse)
    assert_same(yamlread.parse("t.yaml", text), fast)
    monkeypatch.undo()
    with pytest.raises(YamlProblem) as caught:
        yamlread.parse("t.yaml", "a: 1\na: 2\n")
    assert caught.value.code == "duplicate-key"
    assert yamlread.parse("t.yaml", "a: |\n  x\n").data == {"a": "x\n"}


@pytest.mark.parametrize(
    "text",
    [
        "a:\nb: 1\n",  # nulls sit right after the colon
        "- \n-\n- x\n",
        "-   - a\n    - b\n-\n  - c\n",
        "- a: 1\n  b:\n    - x\n- c: [d, 1, 2.5, null]\n",
        "a: x\n  y\n   z\nb: 'p\n  q'\nc: \"r\n  s\"\n",  # over several lines
        "---\n# c\na: 1 # c\nb: '' # c\nc: \"\"\nd: {}\ne: [ ]\n",
        'a: "\\" \\\\ \\/ \\n \\t \\u00e9"\n',
        "a: it's\nb: 'it''s'\nc: a#b\nd: x:y\ne: -1\nf: 0x1F\ng: 1_000\nh: .5\n",
        "a: ~\nb: null\nc: true\nd: yes\ne: 2024-01-02\nf: .nan\ng: -.inf\nh: 1e3\n",
        "  a: 1\n  b: 2\n",
        "a:\n    b:\n        c: 1\n    d: 2\n",
        "key:\n  value\n  more\nlist:\n  -\n    x\n",
        "a: é – 😀 日本\nb: [é, 😀x]\n",
        "a: x\n  'y''s'\n  [z]\n",  # a plain text going on with a quote, a bracket
    ],
)
def test_subset_takes_the_fast_path(text: str) -> None:
    assert check(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "a: |\n  x\n",
        "a: >\n  x\n",
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a: !x 1\n",
        "? a\n: b\n",
        "a: {b: 1}\n",
        "a: [b, [c]]\n",
        "a: ['b']\n",
        "a: [b,]\n",
        "a: [b\n  , c]\n",
        "a: 1\na: 2\n",
        "a:\n- x\n",  # an indentless sequence
        "a:\n  b: 1\n c: 2\n",
        "a:\n  - b\n  c: 1\n",
        "- a\nb: 1\n",
        "a: 1\r\n",
        "a:\t1\n",
        "a: x\x85y\n",
        "a: x\u2028y\n",
        "a: x\u2029y\n",
        "a: x\ufeffy\n",
        "a: x\x07y\n",
        "a: x\x7fy\n",
        'a: "\\e"\n',
        'a: "\\x41"\n',
        'a: "\\ud800"\n',
        'a: "x\\\n  y"\n',
        "a: b: c\n",
        "a: b #c\n  d\n",
        "a: x\n\n  y\n",
        "a: 'x\n\n  y'\n",
        "a: 'x\ny'\n",  # a quoted text's next line not indented
        "true: 1\n",
        "null: 1\n",
        "'a': 1\n",
        '"a": 1\n',
        "1: x\n",
        "a b: 1\n",
        "%YAML 1.2\n---\na: 1\n",
        "a: 1\n...\n",
        "a: 1\n---\nb: 2\n",
        "--- a: 1\n",
        "---\n---\na: 1\n",
        "x\n",
        "# only a comment\n",
        "",
        "[a, b]\n",
        "a: x\n  - y\n",
        "a: x\n  b: y\n",
        "a: x:\n",
        "a: :x\n",
        "a: -\n",
        "a: ,b\n",
        "a: @b\n",
        "a: `b\n",
        "a: %b\n",
        "a: x\n  'y: z'\n",  # a plain text going on, with what reads as a quoted ": "
        "a: " + "b" * 10 + "\n" + " " * 1001 + "c: 1\n",
        "".join(f"{' ' * i}k{i}:\n" for i in range(MAX_DEPTH + 2)),
        "".join("- " * (MAX_DEPTH + 1)) + "x\n",
    ],
)
def test_outside_the_subset(text: str) -> None:
    """Each feature the fast reader leaves to the event parser makes it return None."""
    assert parse_fast("t.yaml", text) is None
    check(text)


# Documents from the subset's grammar, and near misses of it.

KEYS_CLEAN = ["a", "b", "id", "title", "key_1", "x-y", "Ab", "_k", "nullable", "on", "yes"]
KEYS_ODD = ["true", "null", "Null", "1", "1.5", "a b", "a.b", "'q'", '"d"', "é", "k:", "-k", "? k"]
SCALARS_CLEAN = [
    "abc",
    "EZK",
    "1.a.1",
    "Q1 2024 – Q3 2024",
    "2024-01-02",
    "1_000",
    "0x1F",
    "0o17",
    ".5",
    "1e3",
    "-1",
    "+2",
    "+.inf",
    ".nan",
    ".NaN",
    "~",
    "null",
    "NULL",
    "yes",
    "no",
    "on",
    "off",
    "True",
    "FALSE",
    "x:y",
    "a#b",
    "3 - 4",
    "a  b",
    "é",
    "日本",
    "😀",
    "(x) / y + z",
    "it's",
    'say "hi"',
    '"quoted"',
    '""',
    "'single'",
    "'it''s'",
    "''",
    "' lead and trail '",
    '"esc \\" \\\\ \\n \\t \\r \\b \\f \\u00e9 \\/"',
    '"# not a comment: really"',
    "'# not a comment: really'",
    "[]",
    "{}",
    "[ ]",
    "[a, b, 1]",
    "[ x ,  y ]",
    "[IenW, BZK, 2.5, null, true]",
    "[é, 😀]",
]
SCALARS_ODD = [
    "a: b",
    "a #b",
    "#x",
    "- x",
    "x:",
    ": x",
    "? x",
    "&a x",
    "*a",
    "!t x",
    "!!str x",
    "!!int 3",
    "|",
    ">",
    "%x",
    "@x",
    "`x",
    "{a: 1}",
    "[a, [b]]",
    "['a', b]",
    '["a"]',
    '"\\x41"',
    '"\\e"',
    '"\\ud800"',
    '"\\U0001F600"',
    '"\\N"',
    "'x\\'",
    "x\ty",
    "x\x85y",
    "x\u2028y",
    "x\x01y",
    "x\ufeffy",
    "[a,]",
    "[a,,b]",
    "[,]",
    "'unterminated",
    '"unterminated',
    "1:2",
    "a,b",
    "...",
    "---",
    "-",
    "~x",
    "-.5",
    "[a: b]",
    "[a #b]",
    "[-a]",
    "[.inf]",
    "[a b  c]",
    "[日本]",
]
WORDS = ["lorem", "ipsum", "dolor", "sit", "amet", "#", ":", "-", "'", '"', "é", "x:y", "a#b"]


@st.composite
def tree(draw: st.DrawFn, depth: int, clean: bool) -> Any:
    kind = draw(st.sampled_from(["scalar", "map", "seq"] if depth < 4 else ["scalar"]))
    if kind == "scalar":
        return ("scalar", draw(scalar(clean)))
    size = draw(st.integers(1, 4))
    children = [draw(tree(depth + 1, clean)) for _ in range(size)]
    if kind == "seq":
        return ("seq", children)
    pool = KEYS_CLEAN if clean else KEYS_CLEAN + KEYS_ODD
    keys = draw(st.lists(st.sampled_from(pool), min_size=size, max_size=size, unique=clean))
    return ("map", list(zip(keys, children, strict=True)))


@st.composite
def scalar(draw: st.DrawFn, clean: bool) -> str:
    choice = draw(st.integers(0, 9))
    if choice <= 5 or (clean and choice == 9):
        return draw(st.sampled_from(SCALARS_CLEAN))
    if choice <= 7:  # running text, in one of the three styles
        pool = WORDS[:5] if clean else WORDS
        words = draw(st.lists(st.sampled_from(pool), min_size=2, max_size=8))
        text = " ".join(words)
        style = draw(st.sampled_from(["plain", "single", "double"]))
        if style == "single":
            return "'" + text.replace("'", "''") + "'"
        if style == "double":
            return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
        return text
    if clean:
        return draw(st.sampled_from(SCALARS_CLEAN))
    if choice == 8:
        return draw(st.sampled_from(SCALARS_ODD))
    return draw(st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=6))


@st.composite
def document(draw: st.DrawFn, clean: bool) -> str:
    step = draw(st.sampled_from([2, 4] if clean else [1, 2, 3, 4]))
    offset = draw(st.sampled_from([step] if clean else [0, step]))  # 0: indentless sequences
    gap = draw(st.sampled_from([1, 3]))  # the spaces after a compact `-`

    def extras(line: str) -> str:
        if draw(st.integers(0, 9)) == 0:
            comment = " # note: x" if clean else "# c"
            line += " " * draw(st.integers(0, 3)) + comment
        elif not clean and draw(st.integers(0, 9)) == 0:
            line += " " * draw(st.integers(1, 2))  # trailing spaces
        return line

    def value_lines(token: str, indent: int, prefix: str) -> list[str]:
        """`prefix token`, maybe folded over more lines at some indentation."""
        if " " in token and token[0] not in "[{" and draw(st.integers(0, 4)) == 0:
            at = token.index(" ")
            low = indent + 1 if clean else 0
            more = draw(st.integers(low, indent + 4))
            blank = [""] if not clean and draw(st.integers(0, 3)) == 0 else []
            return [prefix + token[:at], *blank, " " * more + token[at + 1 :]]
        return [extras(prefix + token)]

    def render(node: Any, indent: int) -> list[str]:
        kind, body = node
        pad = " " * indent
        if kind == "scalar":
            return value_lines(body, indent, pad)
        lines: list[str] = []
        if kind == "map":
            for key, child in body:
                ckind, cbody = child
                if ckind == "scalar":
                    lines += value_lines(cbody, indent, f"{pad}{key}: ")
                else:
                    lines.append(extras(f"{pad}{key}:"))
                    lines += render(child, indent + (step if ckind == "map" else offset))
            return lines
        for child in body:
            ckind, cbody = child
            if ckind == "scalar":
                lines += value_lines(cbody, indent, f"{pad}- ")
            elif draw(st.booleans()):  # compact: `- key: value`, `- - item`
                inner = render(child, indent + 1 + gap)
                lines += [pad + "-" + " " * gap + inner[0][indent + 1 + gap :], *inner[1:]]
            else:
                lines.append(extras(pad + "-"))
                lines += render(child, indent + step)
        return lines

    root = draw(st.sampled_from([("map", None), ("seq", None)]))
    kind = root[0]
    top = draw(tree(0, clean).filter(lambda node: node[0] == kind))
    lines = render(top, 0)
    for _ in range(draw(st.integers(0, 3))):  # comment and blank lines
        where = draw(st.integers(0, len(lines)))
        lines.insert(where, draw(st.sampled_from(["", "  ", "# c", "   # c: x"])))
    if draw(st.booleans()):
        lines.insert(0, "---")
    text = "\n".join(lines) + draw(st.sampled_from(["\n", ""]))
    if not clean and draw(st.integers(0, 9)) == 0:
        text = text.replace("\n", "\r\n")
    return text


MUTATIONS = [" ", "\t", "\r", "#", ":", "- ", "'", '"', "\\", "\n", "\u2028", "\x85", "{", "[", "]"]
MUTATIONS += ["&", "*", "!", "|", ">", "?", ",", "\ufeff", "é", "  ", "\n  ", "~", "0", "."]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document(clean=True))
def test_grammar_documents(text: str) -> None:
    """Documents of the subset: the fast reader reads them, as the event parser does."""
    check(text)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document(clean=False))
def test_near_miss_documents(text: str) -> None:
    check(text)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document(clean=True), st.data())
def test_mutated_documents(text: str, data: st.DataObject) -> None:
    """A subset document with a character inserted, removed or a line doubled."""
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(text)))
        how = data.draw(st.sampled_from(["insert", "delete", "double"]))
        if how == "insert":
            text = text[:at] + data.draw(st.sampled_from(MUTATIONS)) + text[at:]
        elif how == "delete":
            text = text[:at] + text[at + 1 :]
        else:
            start = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at)
            end = len(text) if end < 0 else end + 1
            text = text[:end] + text[start:end] + text[end:]
    check(text)


def test_clean_grammar_mostly_fast() -> None:
    """The grammar test is not vacuous: subset documents do take the fast path."""
    taken = 0

    @settings(max_examples=50, deadline=None, database=None)
    @given(document(clean=True))
    def run(text: str) -> None:
        nonlocal taken
        taken += check(text) is not None

    run()
    assert taken >= 30


def test_only_a_fast_read_without_escapes_is_known_free_of_control_characters() -> None:
    """validate skips its control-character walk for these documents: the flag must hold
    only where no key or value can hold one."""
    from add_cli.store.yamlread import parse

    plain = parse("p.yaml", 'a: "tekst"\nb: [x, y]\n')
    escaped = parse("e.yaml", 'a: "tekst\\u001b[31m"\n')
    events = parse("v.yaml", "a: {b: c}\n")  # a flow mapping: read by the event parser
    assert plain.no_controls
    assert not escaped.no_controls and escaped.data["a"] == "tekst\x1b[31m"
    assert not events.no_controls

"""The plan-file YAML reader: values, positions, and what it refuses."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from add_cli.store.paths import MAX_BYTES
from add_cli.store.yamlread import YamlProblem, decode, not_a_file, parse, read


def test_values_and_positions() -> None:
    """Scalars keep YAML 1.2 types; dates and 'yes' stay text; positions are 1-based."""
    doc = parse("x.yaml", "a: 1\nb: [yes, 2024-01-02, '3']\nc:\n  d: ~\n  e: true\n")
    assert doc.data == {"a": 1, "b": ["yes", "2024-01-02", "3"], "c": {"d": None, "e": True}}
    assert doc.pos(("b", 1)) == (2, 10)
    assert doc.key_pos(("c", "e")) == (5, 3)
    assert doc.pos(("c", "missing")) == doc.pos(("c",))


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("a: &x [1]\nb: *x\n", "yaml-alias", 2),
        ("a: &x 1\n", "yaml-anchor", 1),
        ("a: 1\nb: 2\na: 3\n", "duplicate-key", 3),
        ("<<: {a: 1}\n", "yaml-merge-key", 1),
        ("a: !!python/name:os.system x\n", "yaml-tag", 1),
        ("a:\n\tb: 1\n", "yaml-syntax", 2),
        ("a: [1, 2\n", "yaml-syntax", 2),
        ("- a\n---\n- b\n", "yaml-syntax", 2),
        ("# only a comment\n", "empty-file", 1),
        ("a: " + "[" * 100 + "]" * 100 + "\n", "yaml-too-deep", 1),
    ],
)
def test_refused(text: str, code: str, line: int) -> None:
    """Unsafe or broken YAML is refused with a code and the line it is on."""
    with pytest.raises(YamlProblem) as info:
        parse("x.yaml", text)
    assert info.value.code == code
    assert info.value.line == line


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (b"", "empty-file"),
        (b"  \n\n", "empty-file"),
        (b"a: 1\x00\n", "binary-file"),
        (b"a: caf\xe9\n", "not-utf8"),
        (b"x" * (MAX_BYTES + 1), "file-too-large"),
    ],
)
def test_decode_refuses(raw: bytes, code: str) -> None:
    """Empty, binary, non-UTF-8 and oversized files are refused before parsing."""
    with pytest.raises(YamlProblem) as info:
        decode("x.yaml", raw)
    assert info.value.code == code


def test_alias_bomb_is_refused_quickly() -> None:
    """A billion-laughs document stops at the first alias."""
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    with pytest.raises(YamlProblem) as info:
        parse("bomb.yaml", "\n".join(lines) + "\n")
    assert info.value.code == "yaml-alias"


@settings(max_examples=200)
@given(st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_reader_never_crashes(raw: bytes) -> None:
    """Any bytes either parse or give a YamlProblem; nothing else escapes."""
    try:
        parse("fuzz.yaml", decode("fuzz.yaml", raw))
    except YamlProblem as problem:
        assert problem.line >= 1 and problem.col >= 1


def test_only_regular_files_are_opened(tmp_path: Path) -> None:
    """A folder, a dangling link or a named pipe is refused before anything is opened."""
    (tmp_path / "folder.yaml").mkdir()
    (tmp_path / "link.yaml").symlink_to(tmp_path / "nowhere.yaml")
    (tmp_path / "file.yaml").write_text("a: 1\n", encoding="utf-8")
    assert not_a_file(tmp_path / "file.yaml") is None
    assert not_a_file(tmp_path / "absent.yaml") is None
    assert not_a_file(tmp_path / "folder.yaml") == "is a folder, not a file"
    assert "nowhere.yaml, which does not exist" in str(not_a_file(tmp_path / "link.yaml"))
    names = ["folder.yaml", "link.yaml"]
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.yaml")
        names.append("pipe.yaml")
    for name in names:
        with pytest.raises(YamlProblem) as info:
            read(tmp_path / name, name)  # a pipe would block here if it were opened
        assert (info.value.code, info.value.path) == ("not-a-file", name)
    assert read(tmp_path / "file.yaml", "file.yaml").data == {"a": 1}


def test_a_base_prefix_without_digits_is_text_not_a_crash() -> None:
    """0x_ and 0o_ look like numbers to the pattern but have no digit: text (found in review)."""
    from add_cli.store.yamlread import parse

    doc = parse("p.yaml", "a: 0x_\nb: 0o_\nc: 0x1F\nd: 0o17\n")
    assert doc.data == {"a": "0x_", "b": "0o_", "c": 31, "d": 15}


def test_read_regular_refuses_what_is_no_regular_file_without_waiting(tmp_path: Path) -> None:
    """The one reader of plan bytes checks the opened descriptor: a named pipe (no writer:
    opening it to read would block), a folder and a device are refused at once."""
    import os
    import threading

    from add_cli.store.paths import NotRegular, read_regular

    pipe = tmp_path / "actions.yaml"
    os.mkfifo(pipe)
    outcome: list[BaseException] = []

    def attempt() -> None:
        try:
            read_regular(pipe)
        except BaseException as exc:
            outcome.append(exc)

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive(), "reading a named pipe waited for a writer"
    assert len(outcome) == 1 and isinstance(outcome[0], NotRegular)
    for other in (tmp_path, Path("/dev/zero")):
        with pytest.raises(NotRegular):
            read_regular(other)


def test_read_regular_refuses_a_file_over_the_limit(tmp_path: Path) -> None:
    from add_cli.store.paths import TooLarge, read_regular

    file = tmp_path / "plan.yaml"
    file.write_bytes(b"x" * 101)
    with pytest.raises(TooLarge) as caught:
        read_regular(file, 100)
    assert caught.value.size == 101
    assert read_regular(file, 101) == b"x" * 101


def test_a_file_swapped_for_a_pipe_after_the_look_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`read` looks at the path first (for its wording), then reads: a pipe put in the
    file's place between the two is still refused, not waited on."""
    import os

    from add_cli.store import yamlread

    pipe = tmp_path / "actions.yaml"
    os.mkfifo(pipe)
    monkeypatch.setattr(yamlread, "not_a_file", lambda file: None)  # the look saw a file
    with pytest.raises(YamlProblem) as caught:
        read(pipe, "actions.yaml")
    assert caught.value.code == "not-a-file"

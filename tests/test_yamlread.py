"""The plan-file YAML reader: values, positions, and what it refuses."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from add_cli.store.yamlread import MAX_BYTES, YamlProblem, decode, not_a_file, parse, read


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

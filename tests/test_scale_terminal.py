"""The terminal table is drawn without rich: styled on a terminal, plain under NO_COLOR."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from add_cli.present import terminal as render


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


COLUMNS = [render.Column("Id"), render.Column("Title", flex=True), render.Column("n", "right")]
ROWS = [["1.a.1", "x" * 200, "7"], ["1.a.10", "short", "12"]]


def _visible(text: str) -> str:
    for code in (render.BOLD, render.ITALIC, render.DIM, render.RESET):
        text = text.replace(code, "")
    return text


def test_styles_on_a_terminal_within_the_width(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setenv("COLUMNS", "60")
    stream = Tty()
    render.print_table(COLUMNS, ROWS, title="Title", stream=stream, note="a note " * 20)
    text = stream.getvalue()
    assert render.BOLD + "Id" in text and render.RESET in text
    lines = _visible(text).splitlines()
    assert lines[0] == "Title"
    assert lines[2] == "─" * len(lines[1])
    assert lines[3].startswith("1.a.1 ") and lines[3].endswith(" 7") and "…" in lines[3]
    assert lines[4].endswith("12")
    assert max(len(line) for line in lines) <= 60
    # The cells are the plain table's, line for line.
    assert lines[3:5] == render.plain_table(COLUMNS, ROWS, 60).splitlines()[1:]


def test_no_colour_under_no_color_or_dumb_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    stream = Tty()
    render.print_table(COLUMNS, ROWS, stream=stream)
    assert "\x1b[" not in stream.getvalue() and "─" not in stream.getvalue()
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "dumb")
    stream = Tty()
    render.print_table(COLUMNS, ROWS, stream=stream)
    assert "\x1b[" not in stream.getvalue()


def test_drawing_a_table_does_not_import_rich() -> None:
    code = (
        "import sys, io\n"
        "from add_cli.present import terminal as r\n"
        "class T(io.StringIO):\n"
        "    def isatty(self): return True\n"
        "r.print_table([r.Column('a')], [['b']], stream=T())\n"
        "print('rich' in sys.modules)\n"
    )
    env_code = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert env_code.stdout.strip() == "False"

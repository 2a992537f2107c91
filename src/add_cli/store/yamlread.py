"""Read one YAML file into plain Python data, with the position of every value.

This is the read path of every command. It drives ruamel.yaml's (C) event parser
directly instead of its round-trip loader, which is several times slower, and it
refuses what a plan file never needs: anchors, aliases and merge keys (no alias
bombs), tags other than the standard ones, duplicate keys, and nesting deeper than
`MAX_DEPTH`. Problems come back as `YamlProblem` with a 1-based line and column.
"""

from __future__ import annotations

import math
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from add_cli.core.i18n import _

MAX_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 64

Path_ = tuple[str | int, ...]
"""A location inside a document: keys and list indexes from the root."""


@dataclass
class YamlProblem(Exception):
    """The file cannot be read as a plan file."""

    path: str
    line: int
    col: int
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


@dataclass
class Document:
    path: str
    data: Any
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    """1-based (line, column) of each value, by its path; keys of mappings under
    the path extended by ("<key>", name)."""
    size: int = 0
    """Length of the text, in characters."""

    def pos(self, where: Path_) -> tuple[int, int]:
        """The position of `where`, or of its nearest ancestor that has one."""
        while where:
            found = self.positions.get(where)
            if found is not None:
                return found
            where = where[:-1]
        return self.positions.get((), (1, 1))

    def key_pos(self, where: Path_) -> tuple[int, int]:
        """The position of the key that holds `where` (falls back to the value)."""
        if where:
            found = self.positions.get((*where[:-1], "<key>", where[-1]))
            if found is not None:
                return found
        return self.pos(where)


def decode(path: str, raw: bytes) -> str:
    """Bytes to text, refusing empty, binary and non-UTF-8 files."""
    if len(raw) > MAX_BYTES:
        raise YamlProblem(
            path,
            1,
            1,
            "file-too-large",
            _("file is {size} bytes; plan files are limited to {limit}").format(
                size=f"{len(raw):,}", limit=f"{MAX_BYTES:,}"
            ),
        )
    if not raw.strip():
        raise YamlProblem(path, 1, 1, "empty-file", _("file is empty"))
    nul = raw.find(b"\x00")
    if nul >= 0:
        line = raw.count(b"\n", 0, nul) + 1
        col = nul - (raw.rfind(b"\n", 0, nul) + 1) + 1
        raise YamlProblem(path, line, col, "binary-file", _("file is binary (contains NUL bytes)"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlProblem(
            path,
            line,
            col,
            "not-utf8",
            _("file is not UTF-8 text (byte 0x{byte})").format(byte=f"{raw[exc.start]:02x}"),
        ) from None
    return text.removeprefix("\ufeff")


# YAML 1.2 core schema, for plain scalars. Timestamps stay text: the schema and
# the model read dates themselves, and "2024-01-02" must not turn into a date.
_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9][0-9_]*")
_INT_BASE = re.compile(r"0o[0-7_]+|0x[0-9a-fA-F_]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?")
_SPECIAL_FLOATS = {
    ".inf": math.inf,
    ".Inf": math.inf,
    ".INF": math.inf,
    "+.inf": math.inf,
    "+.Inf": math.inf,
    "+.INF": math.inf,
    "-.inf": -math.inf,
    "-.Inf": -math.inf,
    "-.INF": -math.inf,
    ".nan": math.nan,
    ".NaN": math.nan,
    ".NAN": math.nan,
}
_NUMBER_START = frozenset("-+.0123456789")


def _plain(value: str) -> Any:
    """The value of a plain (unquoted, untagged) scalar."""
    if not value:
        return None
    first = value[0]
    if first in "~nN" and value in _NULLS:
        return None
    if first in "tTfF" and value in _BOOLS:
        return _BOOLS[value]
    if first in _NUMBER_START:
        if _INT.fullmatch(value):
            return int(value.replace("_", ""))
        if _INT_BASE.fullmatch(value):
            return int(value.replace("_", ""), 0)
        if _FLOAT.fullmatch(value):
            return float(value.replace("_", ""))
        if value in _SPECIAL_FLOATS:
            return _SPECIAL_FLOATS[value]
    return value


_CORE = "tag:yaml.org,2002:"


def _tagged(value: str, tag: str) -> Any:
    """A scalar with an explicit standard tag (!!str, !!int, ...)."""
    if tag == _CORE + "int" and _INT.fullmatch(value):
        return int(value.replace("_", ""))
    if tag == _CORE + "float":
        try:
            return float(value.replace("_", ""))
        except ValueError:
            return value
    if tag == _CORE + "bool" and value in _BOOLS:
        return _BOOLS[value]
    if tag == _CORE + "null":
        return None
    return value


_STANDARD_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_CONTAINER_TAGS = {_CORE + "map", _CORE + "seq"}


def parse(path: str, text: str) -> Document:
    """Parse YAML text into a Document; raise YamlProblem on anything unsafe or broken."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.events import (
        AliasEvent,
        DocumentStartEvent,
        MappingEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceEndEvent,
        SequenceStartEvent,
    )

    positions: dict[Path_, tuple[int, int]] = {}
    # The open containers: [container, its path, pending key (or _NO_KEY), key position].
    stack: list[list[Any]] = []
    root: Any = None
    documents = 0
    anchor_problem: YamlProblem | None = None

    def problem(mark: Any, code: str, message: str) -> YamlProblem:
        return YamlProblem(path, mark.line + 1, mark.column + 1, code, message)

    def place(value: Any, where: tuple[int, int], is_scalar: bool) -> Path_:
        """Put a finished value into the open container; return its path."""
        nonlocal root
        if not stack:
            root = value
            positions[()] = where
            return ()
        top = stack[-1]
        container = top[0]
        if type(container) is list:
            vpath = (*top[1], len(container))
            container.append(value)
            positions[vpath] = where
            return vpath
        key = top[2]
        if key is _NO_KEY:
            if not is_scalar:
                raise YamlProblem(path, *where, "yaml-syntax", _("mapping keys must be plain text"))
            key = value if isinstance(value, str) else str(value)
            if key == "<<":
                raise YamlProblem(
                    path,
                    *where,
                    "yaml-merge-key",
                    _("merge keys (<<) are not allowed in plan files"),
                )
            if key in container:
                first = positions.get((*top[1], "<key>", key), where)
                raise YamlProblem(
                    path,
                    *where,
                    "duplicate-key",
                    _("duplicate key {key} (first at line {line})").format(
                        key=repr(key), line=first[0]
                    ),
                )
            top[2], top[3] = key, where
            return ()
        vpath = (*top[1], key)
        container[key] = value
        positions[vpath] = where
        positions[(*top[1], "<key>", key)] = top[3]
        top[2] = _NO_KEY
        return vpath

    yaml = YAML(typ="safe")
    try:
        for event in yaml.parse(text):
            kind = type(event)
            mark = event.start_mark
            if kind is ScalarEvent:
                tag = event.ctag
                if event.anchor and anchor_problem is None:
                    anchor_problem = problem(
                        mark, "yaml-anchor", _("anchors (&name) are not allowed in plan files")
                    )
                if tag is None:
                    value = _plain(event.value) if event.implicit[0] else event.value
                else:
                    tag = str(tag)
                    if tag == "!":
                        value = event.value
                    elif tag in _STANDARD_TAGS:
                        value = _tagged(event.value, tag)
                    else:
                        shown = tag.replace(_CORE, "!!")
                        message = _("tag {tag} is not allowed in plan files").format(tag=shown)
                        raise problem(mark, "yaml-tag", message)
                place(value, (mark.line + 1, mark.column + 1), True)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                tag = event.ctag
                if tag is not None and str(tag) not in _CONTAINER_TAGS:
                    shown = str(tag).replace(_CORE, "!!")
                    message = _("tag {tag} is not allowed in plan files").format(tag=shown)
                    raise problem(mark, "yaml-tag", message)
                if event.anchor and anchor_problem is None:
                    anchor_problem = problem(
                        mark, "yaml-anchor", _("anchors (&name) are not allowed in plan files")
                    )
                if len(stack) >= MAX_DEPTH:
                    raise problem(
                        mark,
                        "yaml-too-deep",
                        _("nesting deeper than {n} levels").format(n=MAX_DEPTH),
                    )
                new: Any = {} if kind is MappingStartEvent else []
                vpath = place(new, (mark.line + 1, mark.column + 1), False)
                stack.append([new, vpath, _NO_KEY, None])
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                stack.pop()
            elif kind is AliasEvent:
                raise problem(
                    mark, "yaml-alias", _("aliases (*name) are not allowed in plan files")
                )
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise problem(mark, "yaml-syntax", _("a plan file holds one YAML document"))
    except YamlProblem:
        raise
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        what = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        message = _("YAML syntax error: {what}").format(what=what)
        raise YamlProblem(path, line, col, "yaml-syntax", message) from None
    except YAMLError as exc:  # reader errors: control characters and the like
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        message = " ".join(str(exc).split())
        raise YamlProblem(path, line, col, "yaml-syntax", f"YAML error: {message}") from None
    if anchor_problem is not None:
        raise anchor_problem
    if documents == 0 or root is None:
        raise YamlProblem(path, 1, 1, "empty-file", _("file holds no YAML data"))
    return Document(path, root, positions, len(text))


class _NoKey:
    def __repr__(self) -> str:
        return "<no key>"


_NO_KEY: Any = _NoKey()


def not_a_file(file: Path) -> str | None:
    """Why `file` cannot be read as a plan file without opening it, or None for a regular file.

    Never opens the file: a named pipe would block the read until a writer comes.
    """
    try:
        mode = file.stat().st_mode
    except FileNotFoundError:
        if file.is_symlink():
            return _("is a symbolic link to {target}, which does not exist").format(
                target=file.readlink()
            )
        return None  # absent: the caller decides whether that is a problem
    except OSError:
        return None  # reported when the file is read
    if stat.S_ISDIR(mode):
        return _("is a folder, not a file")
    if not stat.S_ISREG(mode):
        return _("is not a regular file (a named pipe, socket or device); add does not open it")
    return None


def read(file: Path, display: str | None = None) -> Document:
    """Read and parse one file. `display` is the path shown in messages."""
    shown = display or str(file)
    why = not_a_file(file)
    if why is not None:
        raise YamlProblem(shown, 1, 1, "not-a-file", f"{file.name} {why}")
    try:
        size = file.stat().st_size
        if size > MAX_BYTES:  # refused before reading it
            raise YamlProblem(
                shown,
                1,
                1,
                "file-too-large",
                _("file is {size} bytes; plan files are limited to {limit}").format(
                    size=f"{size:,}", limit=f"{MAX_BYTES:,}"
                ),
            )
        raw = file.read_bytes()
    except OSError as exc:
        message = _("cannot read file: {why}").format(why=exc.strerror)
        raise YamlProblem(shown, 1, 1, "unreadable", message) from None
    return parse(shown, decode(shown, raw))

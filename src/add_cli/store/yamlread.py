"""Read one YAML file into plain Python data, with the position of every value.

This is the read path of every command. It drives ruamel.yaml's (C) event parser
directly instead of its round-trip loader, which is several times slower, and it
refuses what a plan file never needs: anchors, aliases and merge keys (no alias
bombs), tags other than the standard ones, duplicate keys, and nesting deeper than
`MAX_DEPTH`. Problems come back as `YamlProblem` with a 1-based line and column.
"""

from __future__ import annotations

import math
import operator
import re
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from add_cli.core.i18n import _
from add_cli.store.paths import MAX_BYTES, NotRegular, TooLarge, read_regular

MAX_DEPTH = 64
_INTERN_UP_TO = 40
"""Short texts recur (dates, states, department codes, periods): kept once in memory."""

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


_COL_BITS = 20
_COL_MASK = (1 << _COL_BITS) - 1


def _pack(line: int, col: int) -> int:
    """A position as one int: far less memory than a tuple on a plan of 50,000 actions."""
    return line << _COL_BITS | min(col, _COL_MASK)


def _unpack(packed: int) -> tuple[int, int]:
    return packed >> _COL_BITS, packed & _COL_MASK


_index_of = operator.indexOf
"""The place of a key among a mapping's keys, without copying them into a list."""

Tree = Any
"""Where the values of a document are: a scalar's packed position (an int), or for a
container a list: its own position, then per list item the item's tree, or per mapping
entry the key's position and the value's tree (in the mapping's order)."""


@dataclass
class Document:
    path: str
    data: Any
    tree: Tree = field(default=None, repr=False)
    """The position of every value, mirroring `data` (see `Tree`): a path map of the
    same (a tuple key and a tuple value per value) took most of a cold read's memory."""
    size: int = 0
    """Length of the text, in characters."""
    no_controls: bool = False
    """Known to hold no control character in any key or value (see `parse`)."""
    vouched: bool = False
    """Passed the quick schema check where it was parsed (`store.schema.vouch`)."""
    vouched_from: int | None = None
    """The items of its `actions` list from this index on passed the items' quick check
    where they were parsed (`store.schema.vouch_items`); the rest is still to check."""
    light: bool = False
    """Its tree goes two levels deep (a top-level list's items, a top-level mapping's
    values: `parse(light=True)`); the rest is read again from `source` when first asked
    for (`_deepen`). A cold read of 10,000 actions asks for none, unless a finding does."""
    source: bytes | None = field(default=None, repr=False)
    """The file's bytes, kept by a light document for `_deepen`."""

    def _deepen(self, depth: int) -> None:
        """Make the whole tree, if a node `depth` levels down is asked for and this tree is
        light: it holds the root's node (0), its values' nodes (1), and their items' and
        values' positions (2: a container's own position only)."""
        if not self.light or depth <= 2:
            return
        source, self.source, self.light = self.source, None, False
        if source is not None:
            self.tree = parse(self.path, decode(self.path, source)).tree  # read before: no error

    def _walk(self, where: Path_) -> tuple[Any, Tree, int]:
        """The deepest value along `where` that exists: (its data, its tree, its depth)."""
        data, node = self.data, self.tree
        depth = 0
        for step in where:
            if type(node) is not list:
                break
            if type(data) is list and type(step) is int and 0 <= step < len(data):
                index = 1 + step
            elif type(data) is dict and step in data:
                index = 2 + 2 * _index_of(data, step)  # the key's place, no list made
            else:
                break
            if index >= len(node):
                break
            data, node = data[step], node[index]
            depth += 1
        return data, node, depth

    def item_positions(self, where: Path_) -> list[tuple[int, int]] | None:
        """The position of every item of the list at `where`, in one walk; None: no list there.

        What `pos((*where, i))` gives for each item i, without walking to the list again
        for each: building the model asks this for every action and entry.
        """
        if self.tree is None:
            return None
        self._deepen(len(where) + 1)
        data, node, depth = self._walk(where)
        if depth != len(where) or type(data) is not list or type(node) is not list:
            return None
        if len(node) != len(data) + 1:
            return None
        unpack = _unpack
        return [unpack(item[0] if type(item) is list else item) for item in node[1:]]

    def pos(self, where: Path_) -> tuple[int, int]:
        """The position of `where`, or of its nearest ancestor that has one."""
        if self.tree is None:
            return (1, 1)
        self._deepen(len(where))
        _data, node, _depth = self._walk(where)
        return _unpack(node[0] if type(node) is list else node)

    def key_pos(self, where: Path_) -> tuple[int, int]:
        """The position of the key that holds `where` (falls back to the value)."""
        if where and self.tree is not None:
            self._deepen(len(where))
            data, node, depth = self._walk(where[:-1])
            if depth == len(where) - 1 and type(data) is dict and where[-1] in data:
                index = 1 + 2 * _index_of(data, where[-1])
                if type(node) is list and index < len(node):
                    return _unpack(node[index])
        return self.pos(where)

    @property
    def positions(self) -> dict[Path_, tuple[int, int]]:
        """Every position by path (keys under the path extended by ("<key>", name)).

        Built on demand: meant for small files (splicing a progress file), not for
        look-ups, which `pos` and `key_pos` answer from the tree.
        """
        self._deepen(MAX_DEPTH + 1)
        out: dict[Path_, tuple[int, int]] = {}
        todo: list[tuple[Path_, Any, Tree]] = [((), self.data, self.tree)]
        while todo:
            where, data, node = todo.pop()
            if node is None:
                continue
            if type(node) is not list:
                out[where] = _unpack(node)
                continue
            out[where] = _unpack(node[0])
            if type(data) is list:
                todo += [((*where, i), v, node[1 + i]) for i, v in enumerate(data)]
            elif type(data) is dict:
                for i, (k, v) in enumerate(data.items()):
                    out[(*where, "<key>", k)] = _unpack(node[1 + 2 * i])
                    todo.append(((*where, k), v, node[2 + 2 * i]))
        return out


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
_INT_BASE = re.compile(r"0o[0-7_]*[0-7][0-7_]*|0x[0-9a-fA-F_]*[0-9a-fA-F][0-9a-fA-F_]*")  # a digit
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?")
_INFINITY = (".inf", ".Inf", ".INF")
_SPECIAL_FLOATS = {
    **{sign + word: math.inf for sign in ("", "+") for word in _INFINITY},
    **{"-" + word: -math.inf for word in _INFINITY},
    **dict.fromkeys((".nan", ".NaN", ".NAN"), math.nan),
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


def parse(path: str, text: str, light: bool = False) -> Document:
    """Parse YAML text into a Document; raise YamlProblem on anything unsafe or broken.

    Plain block-style text, as plan files are written, is read by `yamlfast` (the same
    Document, several times faster); anything else, and every problem, by the events.
    `light`: yamlfast's tree may stop two levels down (`Document.light`: the caller
    gives the document its `source`).
    """
    from add_cli.store.yamlfast import parse_fast

    doc = parse_fast(path, text, light)
    if doc is None:
        return parse_events(path, text)
    # yamlfast reads no text with a control character in it, so only an escape ("\\a")
    # can put one in a value: without a backslash, validate need not look for them.
    doc.no_controls = "\\" not in text
    return doc


def parse_events(path: str, text: str) -> Document:
    """`parse` from ruamel.yaml's parse events: every file, every error message."""
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

    # The open containers: [container, its tree, pending key (or _NO_KEY), key position].
    stack: list[list[Any]] = []
    root: Any = None
    tree: Tree = None
    documents = 0
    anchor_problem: YamlProblem | None = None
    intern = sys.intern

    def problem(mark: Any, code: str, message: str) -> YamlProblem:
        return YamlProblem(path, mark.line + 1, mark.column + 1, code, message)

    def place(value: Any, node: Tree, mark: Any, is_scalar: bool) -> None:
        """Put a finished value (and its tree) into the open container."""
        nonlocal root, tree
        if not stack:
            root, tree = value, node
            return
        top = stack[-1]
        container = top[0]
        if type(container) is list:
            container.append(value)
            top[1].append(node)
            return
        key = top[2]
        if key is _NO_KEY:
            where = (mark.line + 1, mark.column + 1)
            if not is_scalar:
                raise YamlProblem(path, *where, "yaml-syntax", _("mapping keys must be plain text"))
            key = intern(value) if type(value) is str else str(value)
            if key == "<<":
                raise YamlProblem(
                    path,
                    *where,
                    "yaml-merge-key",
                    _("merge keys (<<) are not allowed in plan files"),
                )
            if key in container:
                first = _unpack(top[1][1 + 2 * list(container).index(key)])
                raise YamlProblem(
                    path,
                    *where,
                    "duplicate-key",
                    _("duplicate key {key} (first at line {line})").format(
                        key=repr(key), line=first[0]
                    ),
                )
            top[2], top[3] = key, node
            return
        container[key] = value
        top[1].append(top[3])
        top[1].append(node)
        top[2] = _NO_KEY

    try:
        for event in _events(text):
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
                    if type(value) is str and len(value) <= _INTERN_UP_TO:
                        value = intern(value)  # ids, dates, states, departments: one copy each
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
                col = mark.column + 1
                packed = (mark.line + 1) << _COL_BITS | (col if col < _COL_MASK else _COL_MASK)
                top = stack[-1] if stack else None
                if top is not None and top[2] is not _NO_KEY:  # a mapping's value: most events
                    top[0][top[2]] = value
                    top[1].append(top[3])
                    top[1].append(packed)
                    top[2] = _NO_KEY
                else:
                    place(value, packed, mark, True)
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
                node = [_pack(mark.line + 1, mark.column + 1)]
                place(new, node, mark, False)
                stack.append([new, node, _NO_KEY, None])
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
    return Document(path, root, tree, len(text))


def _events(text: str) -> Iterator[Any]:
    """The parse events of `text`, from ruamel's C parser when it is there.

    The C parser is driven directly: through `YAML().parse` it sits in a reference
    cycle (it is its own composer) that holds the whole text and parser state until
    the garbage collector runs, which a load keeps paused: tens of MB a file.
    """
    try:
        from _ruamel_yaml import CParser  # type: ignore[import-not-found]
    except ImportError:  # no ruamel.yaml.clib: the pure-Python parser
        from ruamel.yaml import YAML

        yield from YAML(typ="safe").parse(text)
        return
    parser = CParser(text)
    try:
        while parser.check_event():
            yield parser.get_event()
    finally:
        parser.dispose()


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
        return _not_regular()
    return None


def _not_regular() -> str:
    return _("is not a regular file (a named pipe, socket or device); add does not open it")


def parse_bytes(path: str, raw: bytes, light: bool = False) -> Document:
    """`parse` of a file's bytes; a light document keeps them (`Document.source`)."""
    doc = parse(path, decode(path, raw), light)
    if doc.light:
        doc.source = raw
    return doc


def read(file: Path, display: str | None = None, light: bool = False) -> Document:
    """Read and parse one file. `display` is the path shown in messages."""
    shown = display or str(file)
    why = not_a_file(file)  # worded here (a folder, a dangling link), before any opening
    if why is not None:
        raise YamlProblem(shown, 1, 1, "not-a-file", f"{file.name} {why}")
    try:
        raw = read_regular(file, MAX_BYTES)  # refused before reading when over the limit
    except NotRegular:  # replaced by a pipe or a device since the look above
        raise YamlProblem(shown, 1, 1, "not-a-file", f"{file.name} {_not_regular()}") from None
    except TooLarge as exc:
        message = _("file is {size} bytes; plan files are limited to {limit}")
        message = message.format(size=f"{exc.size:,}", limit=f"{MAX_BYTES:,}")
        raise YamlProblem(shown, 1, 1, "file-too-large", message) from None
    except OSError as exc:
        message = _("cannot read file: {why}").format(why=exc.strerror)
        raise YamlProblem(shown, 1, 1, "unreadable", message) from None
    return parse_bytes(shown, raw, light)

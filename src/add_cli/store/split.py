"""One large file of actions parsed in two parts, one in each process.

A plan of 10,000 actions in one actions.yaml leaves the second process (`store.read`)
with only the progress files to parse. So the file is cut at the start of an item of
its top-level `actions:` list: this process parses the head (`Split.head`), the second
one the tail (`Split.tail`: the rest of the list, its lines counted from where it
starts in the file), and `merge` joins them into the document that parsing the whole
file gives: the same data, every position the same, the same size.

Only plain block-style text as `store.yamlfast` reads it is split, and only where the
parts show that the cut is between two items of that list: the head ends inside the
list, which is the last value of the top-level mapping, and the tail is the rest of a
list at the same indentation with nothing after it. Anything else (no such list, a
part outside the fast reader's subset, a key after the list, a quoted scalar over the
cut, bytes that are not UTF-8, ...) gives None, and the caller parses the whole file
as before, which also words every problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from add_cli.store.paths import MAX_BYTES
from add_cli.store.yamlfast import parse_part
from add_cli.store.yamlread import _COL_BITS, Document, YamlProblem, decode

KEY = "actions"
_LIST_START = re.compile(rb"actions:[ ]*\n( {1,100})- ")
"""The top-level key and the first item of its list, at some indentation."""
MIN_PART = 64 * 1024
"""A cut leaves at least this much on either side (bytes): less is not worth the work."""


@dataclass
class Tail:
    """The second process's part: the items of the list from the cut on, with their trees."""

    items: list[Any]
    trees: list[Any]
    size: int
    """Length of the part's text, in characters."""
    plain: bool
    """No backslash in the part's text (see `yamlread.parse`)."""
    vouched: bool = False
    """Every item passed the quick schema check (`schema.vouch_items`)."""


@dataclass
class Split:
    """A file's bytes and where to cut them: `cut` is the start of an item's line."""

    file: Path
    shown: str
    raw: bytes = field(repr=False)
    cut: int
    indent: int
    """The indentation of the list's items (its `- `)."""

    def head(self, light: bool = False) -> Document | None:
        """The document of the bytes before the cut, if the cut is inside the list
        (`light`: see `yamlread.parse`; `merge` makes the whole file's its `source`)."""
        try:
            text = decode(self.shown, self.raw[: self.cut])
        except YamlProblem:
            return None
        built = parse_part(self.shown, text, 1, 0, light)
        if built is None:
            return None
        doc, still_open = built
        data = doc.data
        if type(data) is not dict or not data or next(reversed(data)) != KEY:
            return None  # the list is not the last value of the top-level mapping
        items = data[KEY]
        if (
            len(still_open) < 2
            or still_open[0][1] is not data
            or still_open[1][1] is not items
            or still_open[1][0] != self.indent
            or type(items) is not list
            or type(doc.tree[-1]) is not list
        ):
            return None  # the head does not end inside that block list
        doc.no_controls = "\\" not in text
        return doc

    def tail(self, light: bool = False) -> Tail | None:
        """The items from the cut to the end, if the rest of the file is just that."""
        try:
            text = decode(self.shown, self.raw[self.cut :])
        except YamlProblem:
            return None
        first_line = self.raw.count(b"\n", 0, self.cut) + 1
        built = parse_part(self.shown, text, first_line, 1, light)
        if built is None:
            return None
        doc, still_open = built
        items, tree = doc.data, doc.tree
        if (
            type(items) is not list
            or not still_open
            or still_open[0][0] != self.indent
            or still_open[0][1] is not items
            or type(tree) is not list
            or tree[0] != first_line << _COL_BITS | (self.indent + 1)
        ):
            return None  # not the rest of a list at the indentation of the head's
        return Tail(items, tree[1:], doc.size, "\\" not in text)


def merge(
    head: Document, tail: Tail, head_vouched: bool = False, raw: bytes | None = None
) -> Document:
    """The whole file's document: the head's with the tail's items at the end of its list.

    With `head_vouched`, the head's items passed the quick schema check of items, as
    `tail.vouched` says of the tail's (`Document.vouched_from`). A light head (and tail)
    make a light document, whose `source` is `raw`, the whole file's bytes."""
    items: list[Any] = head.data[KEY]
    first = len(items)
    items.extend(tail.items)
    head.tree[-1].extend(tail.trees)
    doc = Document(head.path, head.data, head.tree, head.size + tail.size, light=head.light)
    if doc.light:
        if raw is None:
            raise ValueError("a light document is made whole again from its bytes: give them")
        doc.source = raw
    doc.no_controls = head.no_controls and tail.plain
    if tail.vouched:
        doc.vouched_from = 0 if head_vouched else first
    return doc


def find(file: Path, shown: str, raw: bytes, at: int) -> Split | None:
    """Where to cut `raw` (a file of actions): at the first item of its top-level list that
    starts at byte `at` or later; None when there is no such place."""
    if len(raw) > MAX_BYTES or not MIN_PART <= at <= len(raw) - MIN_PART:
        return None
    if raw.startswith(b"actions:"):  # the top-level key, at the start of a line
        start = 0
    else:
        start = raw.find(b"\nactions:") + 1
        if not start:
            return None
    found = _LIST_START.match(raw, start)
    if found is None:
        return None
    indent = len(found.group(1))
    cut = raw.find(b"\n" + b" " * indent + b"- ", max(at, found.end()) - 1) + 1
    if cut <= found.end() or len(raw) - cut < MIN_PART:
        return None
    return Split(file, shown, raw, cut, indent)

"""A fast reader for the plain block-style YAML that plan files are written in.

`parse_fast` reads a strict subset of YAML: block mappings and sequences laid out
by indentation (`- ` items, also several on one line), keys that are plain words,
plain scalars that stay clear of YAML's subtle rules (also over several lines),
single- and double-quoted scalars (also over several lines; double-quoted with the
escapes JSON writes), empty `[]` and `{}`, flow sequences of simple plain words,
comments, blank lines and one leading `---`. One compiled regular expression cuts
the whole text into lines (at C speed); a short loop builds the data and the
positions exactly as `yamlread.parse` does from ruamel.yaml's events.

Anything else (tabs, carriage returns, other line breaks or control characters,
anchors, aliases, tags, block scalars, flow mappings, `? ` keys, duplicate keys,
indentless sequences, odd indentation, deep nesting, ...) makes it return None and
the caller parses the text with the event parser, which also words every error:
this module never raises for bad input and never reports a problem itself.
tests/test_yamlfast.py proves both readers give the same documents.
"""

from __future__ import annotations

import re
import sys
from collections import deque
from typing import Any

from add_cli.store.yamlread import (
    _COL_BITS,
    _COL_MASK,
    _INTERN_UP_TO,
    MAX_DEPTH,
    Document,
    _plain,
)

# What YAML does not call printable, and the tab, CR, NEL, LS, PS and BOM, whose
# handling is subtle: no character class below takes them, so a line holding one
# does not match and the whole text goes to the event parser.
_X = "\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff"
_BODY = r"[^ \n:#" + _X + r"]*+(?:(?: ++(?=[^ \n#])|:(?=[^ \n])|#)[^ \n:#" + _X + r"]*+)*+"
"""The rest of a plain scalar's line: no ": ", " #", ":" last or trailing space. (All
quantifiers are possessive: what they give back could not match, and hostile lines
then cost no backtracking.)"""
_PLAIN = r"(?:[^ \n\-?:,\[\]{}#&*!|>'\"%@`" + _X + r"]|-(?=[^ \n" + _X + r"]))" + _BODY
"""A plain scalar: no indicator first ("-x" is fine)."""
_TEXT = r"(?:[^ \n#:?" + _X + r"]|[:?](?=[^ \n" + _X + r"]))" + _BODY
"""What may go on a plain scalar's next line."""
_CONTINUATION = re.compile(_TEXT)
_CLOSED = re.compile(r"\"[^\"\\\n]*+(?:\\[^\n][^\"\\\n]*+)*+\"|'[^'\n]*+(?:''[^'\n]*+)*+'")
"""A quoted scalar that ends on its line."""
_GENERAL = (
    r"\"[^\"\\" + _X + r"]*+(?:\\[^\n" + _X + r"][^\"\\" + _X + r"]*+)*+\""  # may span lines
    r"|'[^'" + _X + r"]*+(?:''[^'" + _X + r"]*+)*+'"
    r"|\[[^\n\[\]{}" + _X + r"]*+\]|\{\}"
)
_SIMPLE = (
    r"[\"']((?<=\")[^\"\\\n" + _X + r"]++|(?<=')[^'\n" + _X + r"]++)[\"']"
)  # one line, no escapes, no ''
_TAIL = r"(?: *+(?<![^ \n])(#[^\n" + _X + r"]*)| *+)$"  # a comment, or trailing spaces
_VALUE = r"(?:" + _SIMPLE + r"|(" + _GENERAL + r")|(" + _PLAIN + r")|(" + _TEXT + r"))?"
_ROW = re.compile(
    r"^( {0,1000}+)"  # indentation (bounded: columns stay far below the packing limit)
    r"((?:-(?: {1,100}+|$)){0,64}+)"  # block sequence entries
    r"(?:(?!(?:true|True|TRUE|false|False|FALSE|null|Null|NULL):)"
    r"([A-Za-z_][A-Za-z0-9_-]{0,99}):(?: ( {0,999}+)|$))?"  # a key that reads as text
    + _VALUE
    + _TAIL,
    re.MULTILINE,
)
"""One line each (a quoted scalar: all its lines): indentation, dashes, key, the spaces
after its `: ` but the first, then the text of a simple quoted scalar, or another quoted
scalar or a flow collection, or a plain scalar, or other text (only as a plain scalar's
next line), then a comment."""
_FLOW_ITEM = r"[^ \-?:,\[\]{}#&*!|>'\"%@`](?:[^ ,:?\[\]{}#]| ++(?=[^ ,]))*+"
_FLOW_ITEMS = re.compile(r" *+" + _FLOW_ITEM + r" *+(?:, *+" + _FLOW_ITEM + r" *+)*+")
"""The inside of a flow sequence: plain scalars without ":", "?" or "#", between commas."""
_CHUNK = 1 << 20
"""Characters matched at a time (then up to the end of a line)."""
_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|(.))")
_ESCAPES = {"\\": "\\", '"': '"', "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_BREAK_SPACES = re.compile(r" *\n *")


_NOWHERE: Any = deque(maxlen=0)
"""A light tree's node below its depth: what is appended to it is dropped (at C speed)."""


class _Unsupported(Exception):
    """Outside the subset: the caller uses the event parser."""


def _unescape(match: re.Match[str]) -> str:
    code, char = match.groups()
    if code is not None:
        point = int(code, 16)
        if 0xD800 <= point <= 0xDFFF:
            raise _Unsupported
        return chr(point)
    if char not in _ESCAPES:
        raise _Unsupported
    return _ESCAPES[char]


def _quoted(val: str, block_indent: int) -> str:
    """The text of a quoted scalar (quotes included in `val`), folded as YAML folds it."""
    body = val[1:-1]
    if "\n" in body:
        for line in body.split("\n")[1:]:
            if not line.strip(" ") or len(line) - len(line.lstrip(" ")) <= block_indent:
                raise _Unsupported  # empty lines fold differently; keep to indented text
        body = _BREAK_SPACES.sub(" ", body)
    if val[0] == "'":
        return body.replace("''", "'")
    if "\\" in body:
        return _ESCAPE.sub(_unescape, body)
    return body


def parse_fast(path: str, text: str, light: bool = False) -> Document | None:
    """The document of `text` if it is inside the subset, else None (never raises).

    `light`: the tree stops two levels down (`Document.light`): nodes deeper than that go
    nowhere, which makes the tree a small part of the document instead of half of it."""
    try:
        built = _build(path, text, light=light)
    except _Unsupported:
        return None
    return None if built is None else built[0]


Open = list[tuple[int, Any]]
"""The blocks still open where a text ends: (indentation, container), outermost first."""


def parse_part(
    path: str, text: str, first_line: int, depth: int, light: bool = False
) -> tuple[Document, Open] | None:
    """`parse_fast` of a part of a file cut at a line break: `text` starts at line
    `first_line` of the file, inside `depth` open blocks (the blocks around a list, for a
    part that holds the rest of that list).

    Positions count the file's lines, nesting is limited as in the whole file, and the
    blocks still open at the end of the text come with the document, so that the caller
    can tell where in the file the part stands (`store.split`).
    """
    try:
        return _build(path, text, first_line, depth, light)
    except _Unsupported:
        return None


def _scalar(raw: str, memo: dict[str, Any]) -> Any:
    """The value of a plain scalar's text; a short text is kept once in memory (interned,
    and remembered in `memo`, where the next same text is found without a call)."""
    data = _plain(raw)
    if type(data) is str and len(data) <= _INTERN_UP_TO:
        data = memo[raw] = sys.intern(data)
    return data


def _value(val: str, line: int, col: int, block: int, depth: int) -> tuple[Any, Any]:
    """A quoted scalar or a flow collection (not a plain scalar): its data and tree.

    `block` is the indentation of the block it is in, `depth` the number of open blocks.
    """
    pos = line << _COL_BITS | (col + 1)
    first = val[0]
    if first == '"' or first == "'":
        text = _quoted(val, block)
        return (sys.intern(text) if len(text) <= _INTERN_UP_TO else text), pos
    if depth >= MAX_DEPTH:
        raise _Unsupported
    if first == "{":
        return {}, [pos]
    inner = val[1:-1]
    if not inner.strip(" "):
        return [], [pos]
    if _FLOW_ITEMS.fullmatch(inner) is None:
        raise _Unsupported
    items: list[Any] = []
    node: list[Any] = [pos]
    at = col + 1
    for part in inner.split(","):
        word = part.strip(" ")
        item = _plain(word)
        if type(item) is str and len(item) <= _INTERN_UP_TO:
            item = sys.intern(item)
        items.append(item)
        node.append(line << _COL_BITS | min(at + len(part) - len(part.lstrip(" ")) + 1, _COL_MASK))
        at += len(part) + 1
    return items, node


def _build(
    path: str, text: str, first_line: int = 1, depth: int = 0, light: bool = False
) -> tuple[Document, Open] | None:
    intern = sys.intern
    # A light tree: a container that begins this many open blocks down (in the file: two,
    # within a top-level list or mapping) gets its position in its parent's node, and a
    # node that keeps nothing (`_NOWHERE`) for everything in it.
    shallow = 2 - depth if light else MAX_DEPTH + 1
    scalar = _scalar
    bits = _COL_BITS
    short = _INTERN_UP_TO
    memo: dict[str, Any] = {}  # plain text -> its value, for short texts

    stack: list[tuple[int, Any, list[Any]]] = []  # the open blocks: (indent, container, tree)
    # stack[-1]'s parts: its indent, its container (as top_map or as top_list) and tree
    top_indent = -2
    top_map: Any = None
    top_list: Any = None
    top_node: Any = None
    kept = True  # whether top_node keeps what is appended (see `shallow`)
    root_box: list[Any] = [None]
    root_tree: list[Any] = []
    # The value slot waiting for its content: (container, key or -1, tree, indent, null's position).
    slot: tuple[Any, Any, list[Any], int, int] | None = (root_box, 0, root_tree, -1, 0)
    plain_line = -1  # the last plain scalar, which the next line may go on with:
    plain_in: Any = None  # where it is (container and key), its text, its block's indentation
    plain_key: Any = None
    plain_raw, plain_block = "", 0
    started = False
    line = first_line - 1
    deepest = MAX_DEPTH - depth  # the open blocks this text may add

    size = len(text)
    start = 0
    breaks = first_line - 1  # line breaks before `end` (and before the text)
    while start <= size:  # a part at a time: the rows of all the text took much memory
        end = text.find("\n", start + _CHUNK)
        if end < 0:
            end = size
        for ind, dash, key, sep, q, g, p, t, comment in _ROW.findall(text, start, end):
            line += 1
            c = len(ind)
            if key and c == top_indent and slot is None and not dash and top_map is not None:
                # Most lines: the next key of the open mapping.
                if key in top_map:
                    return None  # a duplicate key
                key = intern(key)
                here = line << bits
                if kept:  # positions kept at this depth (not below a light tree's)
                    top_node.append(here | (c + 1))
                if q:
                    top_map[key] = intern(q) if len(q) <= short else q
                    if kept:
                        top_node.append(here | (c + len(key) + len(sep) + 3))
                    continue
                if p:
                    data = memo.get(p)
                    if data is None:
                        data = scalar(p, memo)
                    top_map[key] = data
                    if kept:
                        top_node.append(here | (c + len(key) + len(sep) + 3))
                    if not comment:
                        plain_line, plain_in, plain_key, plain_raw = line, top_map, key, p
                        plain_block = c
                    continue
                top_map[key] = None
                if not (g or t):  # `key:`: its value follows (or it is null)
                    slot = (top_map, key, top_node, c, here | (c + len(key) + 2))
                    continue
                container, vkey, node, block = top_map, key, top_node, c
                vc = c + len(key) + len(sep) + 2
            elif dash == "- " and not key and c == top_indent and slot is None and (q or p):
                if top_list is None:
                    return None  # an indentless sequence
                here = line << bits | (c + 3)  # the next item of the open sequence
                if q:
                    top_list.append(intern(q) if len(q) <= short else q)
                    top_node.append(here)
                    continue
                data = scalar(p, memo)
                top_list.append(data)
                top_node.append(here)
                if not comment:
                    plain_line, plain_in, plain_key, plain_raw = line, top_list, -1, p
                    plain_block = c
                continue
            elif not (key or dash):
                if not (q or g or p or t):
                    continue  # a blank or comment line
                if plain_line == line - 1 and c > plain_block:  # a plain scalar goes on
                    more = p or t or g
                    if not p and (q or _CONTINUATION.fullmatch(more) is None):
                        return None  # a quoted scalar over lines, or where YAML's rules get subtle
                    if more[0] in "\"'" and _CLOSED.match(more) is None:
                        # Plain text to YAML; but a quote not closed on this line could be by
                        # a later one: whether this line matches alone would then depend on
                        # where the text was cut (in parts, `parse_part`).
                        return None
                    plain_raw = plain_raw + " " + more
                    data = scalar(plain_raw, memo)
                    plain_in[plain_key] = data
                    if not comment:
                        plain_line = line
                    continue
                # A value on its own line, below a `key:` or `-`.
                if t or slot is None or c <= slot[3]:
                    return None
                if slot[0] is root_box:
                    if p != "---" or started or c:
                        return None
                    started = True  # the document's start
                    continue
                container, vkey, node, block, _null = slot
                slot = None
                vc = c
            else:
                if slot is not None and c <= slot[3]:  # nothing came for the slot: a null
                    if slot[0] is root_box:
                        return None
                    slot[2].append(slot[4])
                    slot = None
                if slot is None and c != top_indent:  # blocks end
                    while stack and stack[-1][0] > c:
                        stack.pop()
                    if not stack or stack[-1][0] != c:
                        return None  # odd indentation
                    top_indent, container, top_node = stack[-1]
                    kept = top_node is not _NOWHERE
                    if type(container) is dict:
                        top_map, top_list = container, None
                    else:
                        top_map, top_list = None, container
                if dash:
                    for d in (
                        (c,) if dash == "- " else [c + i for i, x in enumerate(dash) if x == "-"]
                    ):
                        if slot is not None:  # a sequence begins
                            if len(stack) >= deepest:
                                return None
                            top_list, top_map = [], None
                            if len(stack) < shallow:
                                top_node = [line << bits | (d + 1)]
                                slot[2].append(top_node)
                            else:
                                slot[2].append(line << bits | (d + 1))
                                top_node = _NOWHERE
                            kept = top_node is not _NOWHERE
                            slot[0][slot[1]] = top_list
                            top_indent = d
                            stack.append((d, top_list, top_node))
                        elif top_list is None:
                            return None  # an indentless sequence, or odd indentation
                        top_list.append(None)
                        slot = (top_list, -1, top_node, d, line << bits | (d + 2))
                    c += len(dash)
                if key:
                    if slot is not None:  # a mapping begins
                        if len(stack) >= deepest:
                            return None
                        top_map, top_list = {}, None
                        if len(stack) < shallow:
                            top_node = [line << bits | (c + 1)]
                            slot[2].append(top_node)
                        else:
                            slot[2].append(line << bits | (c + 1))
                            top_node = _NOWHERE
                        kept = top_node is not _NOWHERE
                        slot[0][slot[1]] = top_map
                        slot = None
                        top_indent = c
                        stack.append((c, top_map, top_node))
                    elif top_map is None:
                        return None  # a key among sequence items
                    if key in top_map:
                        return None  # a duplicate key
                    key = intern(key)
                    top_node.append(line << bits | (c + 1))
                    if q:  # the common cases first
                        top_map[key] = intern(q) if len(q) <= short else q
                        top_node.append(line << bits | (c + len(key) + len(sep) + 3))
                        continue
                    if p:
                        data = memo.get(p)
                        if data is None:
                            data = scalar(p, memo)
                        top_map[key] = data
                        top_node.append(line << bits | (c + len(key) + len(sep) + 3))
                        if not comment:
                            plain_line, plain_in, plain_key, plain_raw = line, top_map, key, p
                            plain_block = c
                        continue
                    top_map[key] = None
                    if not (g or t):  # `key:`: its value follows (or it is null)
                        slot = (top_map, key, top_node, c, line << bits | (c + len(key) + 2))
                        continue
                    container, vkey, node, block = top_map, key, top_node, c
                    vc = c + len(key) + len(sep) + 2
                elif q or g or p or t:  # a sequence item's value
                    assert slot is not None
                    container, vkey, node, block, _null = slot
                    slot = None
                    vc = c
                else:
                    continue  # `-`: its value follows (or it is null)
            if q:
                container[vkey] = intern(q) if len(q) <= short else q
                node.append(line << bits | (vc + 1))
            elif p:
                data = scalar(p, memo)
                container[vkey] = data
                node.append(line << bits | (vc + 1))
                if not comment:
                    plain_line, plain_in, plain_key, plain_raw, plain_block = (
                        line,
                        container,
                        vkey,
                        p,
                        block,
                    )
            elif g == "[]" and len(stack) < deepest:
                container[vkey] = []
                node.append([line << bits | (vc + 1)])
            elif g:
                data, vnode = _value(g, line, vc, block, len(stack) + depth)
                container[vkey] = data
                node.append(vnode)
                if g[0] == '"' or g[0] == "'":
                    line += g.count("\n")
            else:
                return None  # text that is no plain scalar
        breaks += text.count("\n", start, end)
        if line != breaks + 1:
            return None  # a line the row pattern did not match (a CR, a tab, ...): stop early
        breaks += 1  # the one at `end`
        start = end + 1
    if slot is not None:
        if slot[0] is root_box:
            return None
        slot[2].append(slot[4])
    if not root_tree:
        return None
    doc = Document(path, root_box[0], root_tree[0], len(text), light=light)
    return doc, [(i, c) for i, c, _t in stack]

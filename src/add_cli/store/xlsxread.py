"""Reading the cells of an .xlsx file someone sent back, within fixed bounds.

A returned workbook is input from outside: it may be an old .xls, a csv, an .ods,
a zip bomb, broken XML, or a sheet with one cell a million rows down. This reader
checks the zip before unpacking anything (number of entries, each entry's size and
compression ratio, the total), refuses XML with a document type declaration (no
entity expansion), and streams a sheet's cells, refusing a cell with a value beyond
the rows and columns the caller expects. Memory and time stay proportional to
`MAX_TOTAL`, whatever the file claims. It reads cell values as text only: no styles,
no formulas (a formula's cached value is read), no openpyxl.

Every problem is an `AddError('questionnaire')` carrying one workbook finding.
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from add_cli.core.errors import AddError
from add_cli.core.findings import at_cell
from add_cli.core.i18n import N_, _

MAX_FILE = 5 * 1024 * 1024
"""Bytes on disk; a questionnaire is some tens of kilobytes."""
MAX_ENTRIES = 100
MAX_CENTRAL_DIRECTORY = 64 * 1024
MAX_TOTAL = 20 * 1024 * 1024
"""Uncompressed bytes of all entries together (and so of any one)."""
MAX_RATIO = 100
"""Uncompressed / compressed size of an entry larger than `RATIO_FROM`."""
RATIO_FROM = 256 * 1024
MAX_EMPTY = 20_000
"""Rows, and cells without a value (formatting only), that a sheet may carry."""
TOO_MANY_EMPTY = N_("more than {n} rows and empty (formatted) cells")
MAX_ELEMENTS = 200_000
"""XML elements a streamed part (a sheet, the shared strings) may have; tens of
thousands for the largest questionnaire."""
MAX_SMALL_PART = 1024 * 1024
"""Bytes of a part read whole (the workbook, relationships)."""
MAX_CELL_TEXT = 32_767
"""Characters in a cell: Excel's own limit."""

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
EOCD = b"PK\x05\x06"

Cells = dict[tuple[int, int], str]
"""(row, column), both 1-based -> the cell's text."""


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


class _Fail:
    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(
        self, code: str, message: str, sheet: str = "", row: int = 0, col: int = 0
    ) -> AddError:
        finding = at_cell(code, (self.name, sheet, row, col), message)
        return AddError("questionnaire", f"{self.name}: {message}", [finding])


def _sniff(raw: bytes, fail: _Fail) -> None:
    """Refuse what is plainly not a zip, saying what it looks like."""
    if raw.startswith(OLE_MAGIC):
        raise fail(
            "not-xlsx",
            _(
                "an old Excel .xls file or a password-protected workbook, not an .xlsx; "
                "save it as an Excel workbook (.xlsx) without a password"
            ),
        )
    if raw.startswith(b"PK"):
        return
    if not raw:
        raise fail("not-xlsx", _("the file is empty, not an .xlsx workbook"))
    try:
        raw[:4096].decode("utf-8")
        looks = _("a text file (a csv?)")
    except UnicodeDecodeError:
        looks = _("not a zip file")
    raise fail("not-xlsx", _("{looks}, not an .xlsx workbook").format(looks=looks))


def _check_central_directory(raw: bytes, fail: _Fail) -> None:
    """Refuse a zip whose directory claims too many entries, before zipfile reads it."""
    at = raw.rfind(EOCD, max(0, len(raw) - 65_557))
    if at < 0 or len(raw) < at + 22:
        raise fail("not-xlsx", _("a damaged zip file (no end of central directory), not an .xlsx"))
    _disk, _start, _here, total, size, _offset = struct.unpack("<HHHHII", raw[at + 4 : at + 20])
    if total == 0xFFFF or size == 0xFFFFFFFF:
        raise fail("workbook-too-large", _("a zip64 archive; a questionnaire is never that large"))
    if total > MAX_ENTRIES:
        raise fail(
            "workbook-too-large",
            _("the zip has {n} entries; a questionnaire has at most {limit}").format(
                n=f"{total:,}", limit=MAX_ENTRIES
            ),
        )
    if size > MAX_CENTRAL_DIRECTORY:
        raise fail(
            "workbook-too-large",
            _("the zip's directory is {n} bytes; at most {limit}").format(
                n=f"{size:,}", limit=f"{MAX_CENTRAL_DIRECTORY:,}"
            ),
        )


@dataclass
class Xlsx:
    """An opened workbook: its parts (unpacked, bounded) and its sheets by name."""

    name: str
    parts: dict[str, bytes]
    sheets: dict[str, tuple[str, str]] = field(default_factory=dict)
    """sheet name -> (kind: worksheet, chartsheet, ..., part name), in workbook order."""
    shared_strings: str | None = None
    """The shared strings part, if the workbook has one."""

    def fail(
        self, code: str, message: str, sheet: str = "", row: int = 0, col: int = 0
    ) -> AddError:
        return _Fail(self.name)(code, message, sheet, row, col)

    def xml(self, part: str) -> ET.Element:
        data = self.parts.get(part)
        if data is None:
            raise self.fail(
                "workbook-broken", _("the workbook has no part {part}").format(part=part)
            )
        if len(data) > MAX_SMALL_PART:
            raise self.fail(
                "workbook-too-large",
                _("{part} is {n} bytes; at most {limit}").format(
                    part=part, n=f"{len(data):,}", limit=f"{MAX_SMALL_PART:,}"
                ),
            )
        _check_xml(self, part, data)
        try:
            return ET.fromstring(data)
        except ET.ParseError as exc:
            raise self.fail(
                "workbook-broken",
                _("{part} is not well-formed XML ({why})").format(part=part, why=exc),
            ) from None

    def cells(self, sheet: str, max_row: int, max_col: int) -> Cells:
        """The cells with a value of a worksheet; a value beyond max_row/max_col is refused."""
        _kind, part = self.sheets[sheet]
        data = self.parts.get(part)
        if data is None:
            raise self.fail(
                "workbook-broken", _("the workbook has no part {part}").format(part=part), sheet
            )
        _check_xml(self, part, data)
        raw: dict[tuple[int, int], tuple[str, str]] = {}
        row = col = empty = 0
        try:
            for event, elem in _stream(self, part, data, sheet):
                tag = _local(elem.tag)
                if event == "start":
                    if tag == "row":
                        row = _index(elem.get("r"), row + 1)
                        col = 0
                    continue
                if tag == "row":
                    elem.clear()
                    empty += 1
                    if empty > MAX_EMPTY:
                        raise self.fail(
                            "workbook-too-large",
                            _(TOO_MANY_EMPTY).format(n=f"{MAX_EMPTY:,}"),
                            sheet,
                        )
                elif tag == "c":
                    row, col = _position(elem.get("r"), row, col + 1)
                    value = _value(elem)
                    kind = elem.get("t") or "n"
                    elem.clear()
                    if value is not None and len(value) > MAX_CELL_TEXT:
                        raise self.fail(
                            "workbook-broken",
                            _("a cell of {n} characters; Excel allows {limit}").format(
                                n=f"{len(value):,}", limit=f"{MAX_CELL_TEXT:,}"
                            ),
                            sheet,
                            row,
                            col,
                        )
                    if value is None:
                        empty += 1
                        if empty > MAX_EMPTY:
                            raise self.fail(
                                "workbook-too-large",
                                _(TOO_MANY_EMPTY).format(n=f"{MAX_EMPTY:,}"),
                                sheet,
                            )
                        continue
                    if row > max_row or col > max_col or row < 1 or col < 1:
                        raise self.fail(
                            "outside-questionnaire",
                            _(
                                "a value outside the questionnaire's rows and columns "
                                "(rows up to {rows}, columns up to {cols}); remove it"
                            ).format(rows=max_row, cols=max_col),
                            sheet,
                            row,
                            col,
                        )
                    if (row, col) in raw:
                        raise self.fail(
                            "workbook-broken",
                            _("the cell appears twice in the sheet"),
                            sheet,
                            row,
                            col,
                        )
                    raw[(row, col)] = (kind, value)
        except ET.ParseError as exc:
            raise self.fail(
                "workbook-broken",
                _("{part} is not well-formed XML ({why})").format(part=part, why=exc),
                sheet,
            ) from None
        except ValueError as exc:
            raise self.fail("workbook-broken", f"{part}: {exc}", sheet) from None
        return self._resolve(sheet, raw)

    def _resolve(self, sheet: str, raw: dict[tuple[int, int], tuple[str, str]]) -> Cells:
        wanted = {int(v) for t, v in raw.values() if t == "s" and v.strip().isdigit()}
        strings = self._shared(wanted) if wanted else {}
        out: Cells = {}
        for (r, c), (t, v) in raw.items():
            if t != "s":
                out[(r, c)] = v
                continue
            index = int(v) if v.strip().isdigit() else -1
            if index not in strings:
                raise self.fail(
                    "workbook-broken",
                    _("shared string {value} does not exist").format(value=repr(v)),
                    sheet,
                    r,
                    c,
                )
            out[(r, c)] = strings[index]
        return out

    def _shared(self, wanted: set[int]) -> dict[int, str]:
        """The shared strings with these indexes (only those are kept in memory)."""
        part = self.shared_strings
        if part is None:
            return {}
        data = self.parts.get(part, b"")
        _check_xml(self, part, data)
        found: dict[int, str] = {}
        index = 0
        root: ET.Element | None = None
        try:
            for event, elem in _stream(self, part, data, ""):
                if root is None:
                    root = elem
                if event == "end" and _local(elem.tag) == "si":
                    if index in wanted:
                        found[index] = _rich_text(elem)
                    index += 1
                    root.clear()
        except ET.ParseError as exc:
            raise self.fail(
                "workbook-broken",
                _("{part} is not well-formed XML ({why})").format(part=part, why=exc),
            ) from None
        return found


def _stream(book: Xlsx, part: str, data: bytes, sheet: str) -> Iterator[tuple[str, ET.Element]]:
    """The parse events of a part, refusing more than `MAX_ELEMENTS` elements."""
    count = 0
    for event, elem in ET.iterparse(io.BytesIO(data), events=("start", "end")):
        if event == "start":
            count += 1
            if count > MAX_ELEMENTS:
                raise book.fail(
                    "workbook-too-large",
                    _("{part} has more than {n} elements").format(part=part, n=f"{MAX_ELEMENTS:,}"),
                    sheet,
                )
        yield event, elem


def _check_xml(book: Xlsx, part: str, data: bytes) -> None:
    """Only UTF-8 XML without a document type declaration (so no entities to expand)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise book.fail("workbook-broken", _("{part} is not UTF-8 XML").format(part=part)) from None
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        raise book.fail(
            "workbook-broken", _("{part} declares a document type; refused").format(part=part)
        )


def _index(text: str | None, default: int) -> int:
    if text is None:
        return default
    if not text.isdigit() or len(text) > 7:
        raise ValueError(f"row number {text!r}")
    return int(text)


def _position(ref: str | None, row: int, col: int) -> tuple[int, int]:
    """(row, column) of a cell reference like 'K12'; without one, the next cell."""
    if ref is None:
        return row, col
    letters = ref.rstrip("0123456789")
    digits = ref[len(letters) :]
    if not letters or not letters.isalpha() or not letters.isascii() or len(letters) > 3:
        raise ValueError(f"cell reference {ref!r}")
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return _index(digits, row), number


_ESCAPED = re.compile("_x([0-9A-Fa-f]{4})_")


def _unescape(text: str) -> str:
    """OOXML writes characters XML cannot carry as _xHHHH_ (and an underscore as _x005F_)."""
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _rich_text(elem: ET.Element) -> str:
    """The text of a string item: its <t>, or the <t> of its runs (phonetic runs left out)."""
    parts = []
    for child in elem:
        tag = _local(child.tag)
        if tag == "t":
            parts.append(child.text or "")
        elif tag == "r":
            parts.extend(t.text or "" for t in child if _local(t.tag) == "t")
    return _unescape("".join(parts))


def _value(cell: ET.Element) -> str | None:
    """A cell's value as text, None when it has none."""
    for child in cell:
        tag = _local(child.tag)
        if tag == "v":
            return child.text or ""
        if tag == "is":
            return _rich_text(child)
    return None


def _rels(book: Xlsx, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type's last word, target part) of a part."""
    folder, name = posixpath.split(part)
    rels_part = posixpath.join(folder, "_rels", f"{name}.rels")
    if rels_part not in book.parts:
        return {}
    out = {}
    for rel in book.xml(rels_part):
        target = rel.get("Target") or ""
        kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
        resolved = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        out[rel.get("Id") or ""] = (kind, posixpath.normpath(resolved))
    return out


def open_xlsx(path: Path) -> Xlsx:
    """The workbook's parts and sheets, or AddError('questionnaire') saying why not."""
    fail = _Fail(path.name)
    try:
        size = path.stat().st_size
        if size > MAX_FILE:
            raise fail(
                "workbook-too-large",
                _("the file is {n} bytes; a questionnaire is limited to {limit}").format(
                    n=f"{size:,}", limit=f"{MAX_FILE:,}"
                ),
            )
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE + 1)
        if len(raw) > MAX_FILE:  # it grew after stat
            raise fail(
                "workbook-too-large",
                _("the file is larger than {limit} bytes").format(limit=f"{MAX_FILE:,}"),
            )
    except OSError as exc:
        raise fail(
            "not-xlsx", _("cannot read the file: {why}").format(why=exc.strerror or exc)
        ) from None
    _sniff(raw, fail)
    _check_central_directory(raw, fail)
    parts = _unpack(raw, fail)
    mimetype = parts.get("mimetype", b"")
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        raise fail(
            "not-xlsx",
            _("an OpenDocument file (.ods), not an .xlsx; save it as an Excel workbook"),
        )
    book = Xlsx(path.name, parts)
    office = [t for k, t in _rels(book, "").values() if k == "officeDocument"]
    if not office or office[0] not in parts:
        raise fail("not-xlsx", _("a zip file, but not an Excel workbook (no workbook part)"))
    workbook = office[0]
    rels = _rels(book, workbook)
    for kind, target in rels.values():
        if kind == "sharedStrings":
            book.shared_strings = target
    for elem in book.xml(workbook).iter():
        if _local(elem.tag) != "sheet":
            continue
        rid = next((v for k, v in elem.attrib.items() if _local(k) == "id" and "}" in k), "")
        kind, target = rels.get(rid, ("missing", ""))
        book.sheets[elem.get("name") or ""] = (kind, target)
    return book


def _unpack(raw: bytes, fail: _Fail) -> dict[str, bytes]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, ValueError, NotImplementedError, EOFError, OSError) as exc:
        raise fail(
            "not-xlsx", _("a damaged zip file, not an .xlsx workbook ({why})").format(why=exc)
        ) from None
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise fail(
            "workbook-too-large",
            _("the zip has more than {limit} entries").format(limit=MAX_ENTRIES),
        )
    total = sum(i.file_size for i in infos)
    if total > MAX_TOTAL:
        raise fail(
            "workbook-too-large",
            _("the workbook unpacks to {n} bytes; a questionnaire is limited to {limit}").format(
                n=f"{total:,}", limit=f"{MAX_TOTAL:,}"
            ),
        )
    for info in infos:
        ratio = info.file_size / max(1, info.compress_size)
        if info.file_size > RATIO_FROM and ratio > MAX_RATIO:
            raise fail(
                "workbook-too-large",
                _("{name} unpacks {n} times its packed size (a zip bomb?)").format(
                    name=info.filename, n=f"{ratio:,.0f}"
                ),
            )
    parts: dict[str, bytes] = {}
    for info in infos:
        if info.is_dir():
            continue
        try:
            with archive.open(info) as entry:  # zipfile stops at the declared size
                parts[info.filename.lstrip("/")] = entry.read(info.file_size + 1)
        except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError, RuntimeError,
                OSError, ValueError) as exc:  # fmt: skip
            raise fail(
                "not-xlsx",
                _("{name} cannot be unpacked ({why})").format(name=info.filename, why=exc),
            ) from None
    return parts

"""What the ODF writers (ods, odt) share: the package, the metadata, escaping.

An ODF file is a zip whose first entry is the uncompressed `mimetype`; every entry
here carries one fixed time (the date the document speaks for) and the same
attributes, and the XML is written in a fixed order, so the same plan gives the
same bytes. The writers are our own (see README, Dependencies): a few hundred lines
of XML are easier to keep reproducible than a library that stamps times and ids.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from xml.sax.saxutils import escape, quoteattr

from add_cli.present.workbook import printable

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "config": "urn:oasis:names:tc:opendocument:xmlns:config:1.0",
    "loext": "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0",
    "of": "urn:oasis:names:tc:opendocument:xmlns:of:1.2",
}
XMLNS = " ".join(f'xmlns:{k}="{v}"' for k, v in NS.items())
VERSION = "1.3"
LANGUAGE = "nl-NL"


def text(value: str) -> str:
    """Element text: escaped, control characters made visible (XML cannot carry them)."""
    return escape(printable(value))


def attr(value: str) -> str:
    """A quoted attribute value, escaped the same way."""
    return quoteattr(printable(value))


def paragraphs(value: str, style: str | None = None) -> str:
    """A cell's text as `text:p` elements, one per line; runs of spaces kept."""
    style_attr = f' text:style-name="{style}"' if style else ""
    out = []
    for line in value.split("\n"):
        body = text(line)
        # ODF collapses runs of spaces: keep every space after the first as text:s.
        parts = body.split("  ")
        if len(parts) > 1:
            body = parts[0]
            for part in parts[1:]:
                body += " <text:s/>" + part
        out.append(f"<text:p{style_attr}>{body}</text:p>")
    return "".join(out)


def meta(title: str, date: dt.date) -> str:
    stamp = dt.datetime.combine(date, dt.time(0, 0)).isoformat()
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<office:document-meta {XMLNS} office:version="{VERSION}"><office:meta>'
        "<meta:generator>add</meta:generator>"
        f"<dc:title>{text(title)}</dc:title>"
        f"<dc:language>{LANGUAGE}</dc:language>"
        f"<meta:creation-date>{stamp}</meta:creation-date>"
        f"<dc:date>{stamp}</dc:date>"
        "<meta:initial-creator>add</meta:initial-creator><dc:creator>add</dc:creator>"
        "</office:meta></office:document-meta>\n"
    )


def manifest(mimetype: str, files: list[str]) -> str:
    entries = "".join(
        f'<manifest:file-entry manifest:full-path="{name}" manifest:media-type="text/xml"/>'
        for name in files
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        f' manifest:version="{VERSION}">'
        f'<manifest:file-entry manifest:full-path="/" manifest:version="{VERSION}"'
        f' manifest:media-type="{mimetype}"/>{entries}</manifest:manifest>\n'
    )


def package(mimetype: str, date: dt.date, parts: dict[str, str]) -> bytes:
    """The zip: `mimetype` first and stored, then the parts and the manifest, fixed times."""
    stamp = (max(date.year, 1980), date.month, date.day, 0, 0, 0)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:

        def put(name: str, data: str, compress: int) -> None:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = compress
            info.external_attr = 0o644 << 16
            archive.writestr(info, data.encode("utf-8"))

        put("mimetype", mimetype, zipfile.ZIP_STORED)
        for name, data in parts.items():
            put(name, data, zipfile.ZIP_DEFLATED)
        put("META-INF/manifest.xml", manifest(mimetype, list(parts)), zipfile.ZIP_DEFLATED)
    return buffer.getvalue()

"""The message catalogues: extract, update, compile (`python3 dev.py i18n`).

Messages come from three places:
  1. the code: `_("...")`, `N_("...")`, `ngettext("...", "...", n)` anywhere under src/add_cli;
  2. the help texts of the command tree (command docstrings, option help), walked from the
     Typer app, so a new command's help needs no marking;
  3. Click's and Typer's own messages that users see ("Usage:", "No such option"), from
     their source.
`add.pot` gets them all; `nl/LC_MESSAGES/add.po` is updated from it (translations kept,
new messages empty, obsolete ones dropped) and compiled to `add.mo` beside it. Babel runs
here only; `add` itself reads the .mo with the standard library.

Used by tests/test_i18n.py: `messages()` and `compiled(po)`.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "add_cli"
LOCALE = SRC / "locale"
POT = LOCALE / "add.pot"
LANGUAGES = ("nl",)
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
CLICK_FILES = (
    # Click's and Typer's files whose messages a user of `add` can see.
    "_click/core.py",
    "_click/exceptions.py",
    "_click/types.py",
    "_click/parser.py",
    "_click/formatting.py",
    "_click/decorators.py",
    "core.py",
)

Message = str | tuple[str, str]


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "add.po"


def _code_messages() -> dict[Message, str]:
    found: dict[Message, str] = {}
    method_map = [("**.py", "python")]
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(SRC), method_map=method_map, keywords=KEYWORDS, comment_tags=()
    ):
        found.setdefault(message, f"src/add_cli/{filename}:{lineno}")
    return found


def _help_messages() -> dict[Message, str]:
    sys.path.insert(0, str(ROOT / "src"))
    import typer.main

    from add_cli.cli import lang
    from add_cli.cli.app import app

    return dict.fromkeys(lang.help_texts(typer.main.get_command(app)), "help")


def _click_messages() -> dict[Message, str]:
    import typer

    base = Path(typer.__file__).parent
    found: dict[Message, str] = {}
    for name in CLICK_FILES:
        path = base / name
        if not path.exists():  # pragma: no cover - a Typer without its own Click
            continue
        for lineno, message, _comments, _context in extract_from_file(
            "python", str(path), keywords={"_": None, "ngettext": (1, 2)}
        ):
            found.setdefault(message, f"typer/{name}:{lineno}")
    return found


def messages() -> dict[Message, str]:
    """Every message id `add` may show (singular, or (singular, plural)) -> where from."""
    found = _click_messages()
    found.update(_help_messages())
    found.update(_code_messages())
    return found


def template() -> Catalog:
    catalog = Catalog(project="add", domain="add", fuzzy=False)
    for message, where in sorted(messages().items(), key=lambda m: str(m[0])):
        catalog.add(
            message,
            locations=[(where, 0)]
            if ":" not in where
            else [(where.rsplit(":", 1)[0], int(where.rsplit(":", 1)[1]))],
        )
    return catalog


def translated(string: object) -> bool:
    """Whether a catalogue entry's msgstr (or every plural form) is filled in."""
    if isinstance(string, str):
        return bool(string)
    return isinstance(string, tuple | list) and all(string)


def compiled(po: Path) -> bytes:
    """The .mo bytes Babel makes of `po` (what the committed add.mo must equal)."""
    with po.open("rb") as file:
        catalog = read_po(file, domain="add")
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def main() -> int:
    pot = template()
    with POT.open("wb") as file:
        write_po(file, pot, omit_header=True, sort_output=True, width=100)
    for lang in LANGUAGES:
        path = po_path(lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            with path.open("rb") as file:
                catalog = read_po(file, locale=lang, domain="add")
        else:
            catalog = Catalog(locale=lang, domain="add", project="add")
        catalog.update(pot, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        with path.open("wb") as file:
            write_po(file, catalog, sort_output=True, width=100, include_previous=False)
        path.with_suffix(".mo").write_bytes(compiled(path))
        missing = [m.id for m in catalog if m.id and not translated(m.string)]
        print(f"{path.relative_to(ROOT)}: {len(catalog)} messages, {len(missing)} untranslated")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The language `add` speaks to people: English or Dutch, through gettext catalogues.

Every layer marks text meant for people with `_` (or `ngettext` for counts); help texts
and other strings defined at import time are marked with `N_` and translated where they
are shown. The English text is the message id, so English needs no catalogue.

`set_language` picks the language (the command line decides: `--lang`, `ADD_LANG`, the
locale; see `add_cli.cli.lang`); until then everything is English. The compiled catalogue
(`locale/<lang>/LC_MESSAGES/add.mo`, shipped in the wheel) is read lazily, at the first
translation after a change of language: the one piece of I/O in the core, done with the
standard library's gettext only (no Babel at run time, no .po parsing).

Only text changes with the language: JSON keys, CSV columns, finding codes and state
names stay the same (scripts rely on them).
"""

from __future__ import annotations

import datetime as dt
import gettext
from pathlib import Path
from typing import Protocol

DOMAIN = "add"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
LANGUAGES = ("en", "nl")

_state: dict[str, object] = {"language": "en", "catalogue": None}

DUTCH_MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def set_language(code: str) -> None:
    """Speak `code` ('en' or 'nl') from now on; anything else is English."""
    code = code if code in LANGUAGES else "en"
    if code != _state["language"]:
        _state["language"] = code
        _state["catalogue"] = None


def language() -> str:
    """The language spoken now: 'en' or 'nl'."""
    return str(_state["language"])


def _catalogue() -> gettext.NullTranslations:
    catalogue = _state["catalogue"]
    if catalogue is None:
        lang = language()
        if lang == "en":
            catalogue = gettext.NullTranslations()
        else:
            catalogue = gettext.translation(
                DOMAIN, localedir=str(LOCALE_DIR), languages=[lang], fallback=True
            )
        _state["catalogue"] = catalogue
    assert isinstance(catalogue, gettext.NullTranslations)
    return catalogue


def _(message: str) -> str:
    """`message` (English) in the language spoken now."""
    if _state["language"] == "en":
        return message
    return _catalogue().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for `n`, in the language spoken now."""
    if _state["language"] == "en":
        return singular if n == 1 else plural
    return _catalogue().ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark `message` for the catalogue without translating it (translated where shown)."""
    return message


class _Quarter(Protocol):
    @property
    def year(self) -> int: ...
    @property
    def q(self) -> int: ...


def quarter(value: _Quarter | None) -> str:
    """A quarter for people: '2025-Q4' in English (as before), 'Q4 2025' in Dutch."""
    if value is None:
        return ""
    if language() == "nl":
        return f"Q{value.q} {value.year}"
    return str(value)


def dutch_date(day: dt.date) -> str:
    """'31 oktober 2025', whatever the language spoken (documents are Dutch)."""
    return f"{day.day} {DUTCH_MONTHS[day.month - 1]} {day.year}"


def long_date(day: dt.date) -> str:
    """A date in running text: ISO in English (as before), '31 oktober 2025' in Dutch."""
    if language() == "nl":
        return dutch_date(day)
    return day.isoformat()

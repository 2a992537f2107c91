"""Read the schedules printed in the plan ("Q3 – Q4 2024", "Gestart, deadline Q3 2024").

`parse_period` never raises: it keeps the raw text, returns what it could read,
and says in `warnings` what it could not read fully. Conventions (DOMAIN.md):
a bare year is Q1 as a start and Q4 as an end; "Gestart"/"Loopt al" is a start
before the plan with an unknown date; "doorlopend" is an open end; "Voorziene
start Q1 2025" is a planned start with no end.
"""

from __future__ import annotations

import re
from dataclasses import replace

from add_cli.core.i18n import DUTCH_MONTHS, _, language, quarter
from add_cli.core.model import Period, Quarter

_YEAR = r"(?:19|20|21)\d\d"
_MONTHS = DUTCH_MONTHS
_MONTH = "(?:" + "|".join(_MONTHS) + ")"
_POINT = rf"(?:q[1-4]\s*(?:van\s+)?{_YEAR}|q[1-4]|{_MONTH}\s+{_YEAR}|{_YEAR})"
_STARTED = r"(?:gestart|loopt al)"

_QY = re.compile(rf"q([1-4])\s*(?:van\s+)?({_YEAR})")
_MY = re.compile(rf"({_MONTH})\s+({_YEAR})")
_Y = re.compile(rf"({_YEAR})")
_Q = re.compile(r"q([1-4])")
_DATE = re.compile(rf"\b(\d{{1,2}})-(\d{{1,2}})-({_YEAR})\b")

_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "−": "-", "‒": "-"})
_RANGE = re.compile(rf"(?P<a>{_POINT}|{_STARTED})\s*-\s*(?P<b>{_POINT}|doorlopend)")
_DEADLINE = re.compile(rf"(?P<a>{_STARTED})\s*[.,]?\s*deadline\s*:?\s*(?P<b>{_POINT})")
_PLANNED = re.compile(rf"voorziene start\s+(?P<a>{_POINT})")

_FREE_POINT = re.compile(rf"q[1-4]\s*(?:van\s+)?{_YEAR}|{_MONTH}\s+{_YEAR}|{_DATE.pattern}|{_YEAR}")
_END_WORDS = re.compile(r"(?:\btot\b|t/m|deadline|uiterlijk|\beind\b|\beinde\b)[^.;]{0,24}$")
_STARTED_WORDS = re.compile(r"\b(?:gestart|loopt al|lopende|loopt)\b")
_PLANNED_WORDS = re.compile(r"\b(?:voorzien|voorziene|nog te starten)\b")
_ONGOING_WORDS = re.compile(r"\b(?:doorlopend|continu)\b")


def _normalise(raw: str) -> str:
    text = " ".join(raw.translate(_DASHES).split()).lower()
    return text.rstrip(" .")


def _point(text: str) -> tuple[Quarter, Quarter] | None:
    """A point in time as (first quarter, last quarter): 'q3 2024', 'april 2024', '2023'."""
    text = text.strip()
    if m := _QY.fullmatch(text):
        quarter = Quarter(int(m[2]), int(m[1]))
        return quarter, quarter
    if m := _MY.fullmatch(text):
        quarter = Quarter(int(m[2]), _MONTHS.index(m[1]) // 3 + 1)
        return quarter, quarter
    if m := _Y.fullmatch(text):
        year = int(m[1])
        return Quarter(year, 1), Quarter(year, 4)
    return None


def _free_point(text: str) -> tuple[Quarter, Quarter] | None:
    if m := _DATE.fullmatch(text):
        month = int(m[2])
        if 1 <= month <= 12 and 1 <= int(m[1]) <= 31:
            quarter = Quarter(int(m[3]), (month - 1) // 3 + 1)
            return quarter, quarter
        return None
    return _point(text)


def _checked(period: Period) -> Period:
    if period.start is not None and period.end is not None and period.start > period.end:
        return replace(
            period,
            end=None,
            end_kind="none",
            errors=(
                *period.errors,
                _("ends ({end}) before it starts ({start})").format(
                    end=period.end, start=period.start
                ),
            ),
        )
    return period


def _clean(raw: str, text: str) -> Period | None:
    """The shapes the documents print, read exactly; None when `text` is not one of them."""
    if text == "doorlopend":
        return Period(raw, end_kind="ongoing")
    if re.fullmatch(_STARTED, text):
        return Period(raw, start_kind="started")
    if point := _point(text):
        return Period(raw, point[0], point[1], "quarter", "quarter")
    if m := _PLANNED.fullmatch(text):
        start = _point(m["a"])
        if start is None:  # a bare "q1" without a year
            return None
        return Period(raw, start=start[0], start_kind="quarter", planned=True)
    m = _DEADLINE.fullmatch(text) or _RANGE.fullmatch(text)
    if m is None:
        return None
    a, b = m["a"], m["b"]
    end = _point(b) if b != "doorlopend" else None
    if b != "doorlopend" and end is None:
        return None
    if re.fullmatch(_STARTED, a):
        start_q, start_kind = None, "started"
    elif (qa := _Q.fullmatch(a)) and end is not None:
        # "Q3 – Q4 2024": the start shares the end's year.
        start_q, start_kind = Quarter(end[1].year, int(qa[1])), "quarter"
    elif start := _point(a):
        start_q, start_kind = start[0], "quarter"
    else:
        return None
    if end is None:
        return Period(raw, start_q, None, start_kind, "ongoing")  # type: ignore[arg-type]  # str kinds
    return Period(raw, start_q, end[1], start_kind, "quarter")  # type: ignore[arg-type]  # as above


def _partial(raw: str, text: str) -> Period | None:
    """A printed shape inside longer text: 'Q4 2023 – Q4 2028 (einde impuls) – ...'."""
    m = _DEADLINE.search(text) or _RANGE.search(text)
    if m is None:
        return None
    # Only a shape that opens the text, or follows a short label ("0-meting:"), is
    # the schedule; a range further on is usually about something else.
    before = text[: m.start()]
    if before and not (before.rstrip().endswith(":") and len(before) <= 20):
        return None
    period = _clean(raw, m[0])
    if period is None:
        return None
    rest = text[m.end() :]
    # "2022 – 2024 / 2025": the end is given as alternatives; the later one is the deadline.
    alt = re.match(rf"\s*/\s*({_YEAR})\b", rest)
    if alt and period.end is not None and int(alt[1]) > period.end.year:
        period = replace(period, end=Quarter(int(alt[1]), 4))
    return replace(
        period,
        warnings=(
            _("free text, read as {reading} (the rest not read): {raw}").format(
                reading=describe(period), raw=repr(raw)
            ),
        ),
    )


def _free(raw: str, text: str) -> Period:
    """Free text: read the dates and key words it holds, and say so."""
    points: list[tuple[tuple[Quarter, Quarter], bool]] = []
    for m in _FREE_POINT.finditer(text):
        point = _free_point(m[0])
        if point is not None:
            points.append((point, bool(_END_WORDS.search(text[: m.start()]))))
    started = bool(_STARTED_WORDS.search(text))
    planned = bool(_PLANNED_WORDS.search(text))
    ongoing = bool(_ONGOING_WORDS.search(text))
    ends = [p[1] for p, is_end in points if is_end]
    starts = [p[0] for p, is_end in points if not is_end]

    period = Period(raw)
    if planned and not started and points:
        period = Period(raw, start=points[0][0][0], start_kind="quarter", planned=True)
    else:
        start_kind = "started" if started else ("quarter" if starts and ends else "none")
        start = starts[0] if start_kind == "quarter" else None
        end = max(ends) if ends else None
        if end is None and started and points:
            end = max(p[1] for p, _ in points)
        end_kind = "quarter" if end else ("ongoing" if ongoing else "none")
        period = Period(raw, start, end, start_kind, end_kind)  # type: ignore[arg-type]  # str kinds
    if period.start is None and period.end is None and period.start_kind == "none":
        if period.end_kind == "ongoing":
            return replace(
                period, warnings=(_("free text, read as ongoing: {raw}").format(raw=repr(raw)),)
            )
        return replace(
            period, warnings=(_("no schedule could be read from {raw}").format(raw=repr(raw)),)
        )
    return replace(
        period,
        warnings=(
            _("free text, read as {reading}: {raw}").format(
                reading=describe(period), raw=repr(raw)
            ),
        ),
    )


_READ: dict[tuple[str, str], Period] = {}
"""Periods read, by language and text: a plan prints the same few schedules thousands of
times. A Period is immutable, so one object serves every action that prints the text."""
_READ_AT_MOST = 4096


def parse_period(raw: str) -> Period:
    """Read a printed schedule. Never raises; unreadable parts become warnings."""
    key = (language(), raw)
    period = _READ.get(key)
    if period is None:
        if len(_READ) >= _READ_AT_MOST:  # a plan of ever new texts: memory stays bounded
            _READ.clear()
        period = _READ[key] = _parse_period(raw)
    return period


def _parse_period(raw: str) -> Period:
    text = _normalise(raw)
    if not text:
        return Period(raw, warnings=(_("empty schedule"),))
    period = _clean(raw, text) or _partial(raw, text) or _free(raw, text)
    return _checked(period)


def describe(period: Period) -> str:
    """A short English reading of a period: 'started (date unknown) to 2024-Q3'."""
    if period.start_kind == "started":
        start = _("started (date unknown)")
    elif period.start is not None:
        start = (_("planned start ") if period.planned else "") + quarter(period.start)
    else:
        start = _("no start")
    if period.end_kind == "ongoing":
        end = _("ongoing")
    elif period.end is not None:
        end = quarter(period.end)
    else:
        end = _("no end")
    return _("{start} to {end}").format(start=start, end=end)

"""Find calendar dates in English text, normalized at the precision they are written with.

The precisions are the schema's ``date_precision`` values: ``day`` ("24 September 2021"),
``range`` ("12-16 July 2020"), ``month`` ("July 2020") and ``year`` ("in 1993"). A day
without a year ("on 17 October") takes the year of the closest full date before it (articles
tell a story forwards), or failing that the first one after it; without any it is dropped,
since a guessed year would be worse than none. Relative expressions ("during the war",
"minutes later") are not dates here: they need a person.

Every match keeps exact offsets: ``text[d.start:d.end] == d.surface``.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from dataclasses import dataclass

from articlemap.spans import Coverage

# English names, spelled out (calendar.month_name follows the process locale).
MONTH_NAMES: tuple[str, ...] = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTHS: dict[str, int] = {}
for _number, _name in enumerate(MONTH_NAMES, start=1):
    MONTHS[_name.lower()] = _number
    MONTHS[_name[:3].lower()] = _number
MONTHS["sept"] = 9

_MONTH = (
    r"(?P<{g}>January|February|March|April|May|June|July|August|September|October|November"
    r"|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
)
_DASH = r"\s*(?:-|–|—|‒|(?i:to|until|till)\b)\s*"
_YEAR = r"(?P<{g}>1[5-9]\d\d|20\d\d)"
_DAY = r"(?P<{g}>[0-3]?\d)(?:st|nd|rd|th)?"


def _p(template: str) -> str:
    """Fill the named groups: ``{m1}`` becomes a month group called m1, and so on."""

    def sub(match: re.Match) -> str:
        kind, name = match.group(1), match.group(0)[1:-1]
        return {"m": _MONTH, "y": _YEAR, "d": _DAY}[kind].format(g=name)

    return re.sub(r"\{([myd])\d\}", sub, template)


# Longest forms first: an earlier pattern's match hides any later one that overlaps it.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    # Month names are matched with their capital ("may" is a verb); prepositions any case.
    (name, re.compile(r"(?<![\w-])" + _p(body) + r"(?![\w])"))
    for name, body in (
        # 30 September - 2 October 2020
        ("day_month_range", r"{d1}\s+{m1}" + _DASH + r"{d2}\s+{m2},?\s+{y1}"),
        # 12-16 July 2020, 12–16 July
        ("day_range", r"{d1}" + _DASH + r"{d2}\s+{m1}(?:,?\s+{y1})?"),
        # September 30 - October 2, 2020
        ("us_month_range", r"{m1}\s+{d1}" + _DASH + r"{m2}\s+{d2},\s*{y1}"),
        # July 12-16, 2020
        ("us_day_range", r"{m1}\s+{d1}" + _DASH + r"{d2},\s*{y1}"),
        # 24 September 2021, 17 October
        ("day", r"{d1}\s+{m1}(?:,?\s+{y1})?"),
        # September 24, 2021
        ("us_day", r"{m1}\s+{d1},\s*{y1}"),
        # July 2020
        ("month", r"{m1},?\s+{y1}"),
        # in 1993, since 2018 (a bare number is too often not a year)
        (
            "year",
            r"(?i:in|since|by|until|till|from|of|during|early|late|mid-|year|spring|summer"
            r"|autumn|fall|winter)\s+{y1}",
        ),
    )
)


@dataclass(frozen=True)
class DateMention:
    """A date in the text, normalized to ISO dates at the precision it was written with."""

    start: int
    end: int
    surface: str  # exactly as written: the event's date_as_written
    date_start: dt.date
    date_end: dt.date
    precision: str  # day | range | month | year
    year_from_context: bool = False


@dataclass(frozen=True)
class _Raw:
    start: int
    end: int
    kind: str
    groups: dict[str, str | None]


def _month(value: str | None) -> int | None:
    return MONTHS.get(value.lower().rstrip(".")) if value else None


def _date(year: int, month: int | None, day: int | str | None) -> dt.date | None:
    try:
        return dt.date(year, month or 0, int(day or 0))
    except (ValueError, TypeError):
        return None


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _raw_matches(text: str) -> list[_Raw]:
    taken = Coverage(len(text))
    found: list[_Raw] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            start, end = m.span()
            if taken.overlaps(start, end):
                continue
            taken.take(start, end)
            found.append(_Raw(start, end, kind, m.groupdict()))
    found.sort(key=lambda r: r.start)
    return found


def _normalize(raw: _Raw, year: int) -> tuple[dt.date, dt.date, str] | None:
    g = raw.groups
    m1, m2 = _month(g.get("m1")), _month(g.get("m2"))
    if raw.kind == "year":
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
    if raw.kind == "month":
        return dt.date(year, m1 or 1, 1), _last_day(year, m1 or 1), "month"
    if raw.kind in ("day", "us_day"):
        day = _date(year, m1, g.get("d1"))
        return (day, day, "day") if day else None
    if raw.kind in ("day_range", "us_day_range"):
        start, end = _date(year, m1, g.get("d1")), _date(year, m1, g.get("d2"))
    else:  # month ranges
        start, end = _date(year, m1, g.get("d1")), _date(year, m2, g.get("d2"))
    if start is None or end is None or end < start:
        return None
    return (start, end, "range") if start != end else (start, end, "day")


def find_dates(text: str) -> list[DateMention]:
    """Dates in ``text`` in text order (non-overlapping), with their normalized span."""
    raws = _raw_matches(text)
    explicit = [(r.start, int(r.groups["y1"])) for r in raws if r.groups.get("y1")]
    positions = [pos for pos, _ in explicit]
    out: list[DateMention] = []
    for raw in raws:
        written = raw.groups.get("y1")
        if written:
            year, carried = int(written), False
        else:
            # The closest full date before, else the first after (raws never share a start).
            i = bisect.bisect_left(positions, raw.start)
            if i == 0 and not explicit:
                continue
            year, carried = (explicit[i - 1][1] if i > 0 else explicit[0][1]), True
        normalized = _normalize(raw, year)
        if normalized is None:
            continue
        start, end, precision = normalized
        out.append(
            DateMention(
                raw.start,
                raw.end,
                text[raw.start : raw.end],
                start,
                end,
                precision,
                year_from_context=carried,
            )
        )
    return out

"""Find calendar dates in English text, normalized at the precision they are written with.

The precisions are the schema's ``date_precision`` values: ``day`` ("24 September 2021",
"Sept. 27, 2019", "2021-06-30"), ``range`` ("12-16 July 2020", "between 1994 and 2020"),
``month`` ("July 2020"), ``year`` ("in 1993") and ``approximate`` ("early 2021",
"mid-October", "the 1990s": early/mid/late are the first, middle and last third of the year
or ten days of the month). A day without a year ("on 17 October", "Nov. 7") takes the year
of the closest full date before it (articles tell a story forwards), or failing that the
first one after it; without any it is dropped, since a guessed year would be worse than
none. A weekday ("on Tuesday", "next Friday") is the nearest such day before the article's
date (after it when the sentence speaks of the future: "will", "next"), taken from
``published`` or from a dateline ("LISBON, 12 May 2022 —"); without either it is dropped.
Other relative expressions ("during the war", "minutes later") are not dates here.

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
_YEAR = r"(?P<{g}>1[0-9]\d\d|20\d\d)"
_DAY = r"(?P<{g}>[0-3]?\d)(?:st|nd|rd|th)?"
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY = "(?:" + "|".join(WEEKDAYS) + ")"
_ON_WEEKDAY = r"(?:" + _WEEKDAY + r",?\s+)?"  # "Monday, Oct. 12, 2020"
_PART = r"(?P<part>(?i:early|mid|late))(?:-|\s+|-\s*)"
# Thirds of a year (months) and of a month (days) for early / mid / late.
_YEAR_PARTS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}
_MONTH_PARTS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}
# Words before a weekday that put it after the article's date, not before.
_FUTURE = re.compile(
    r"\b(?:will|shall|'ll|to be|is due|are due|due to|scheduled|expected|expects?|plans?"
    r"|planned|going to|next|upcoming|until|by)\b[^.!?]*$",
    re.IGNORECASE,
)


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
        # 2021-06-30
        ("iso", r"{y1}-(?P<mn>0[1-9]|1[0-2])-(?P<d1>[0-3]\d)"),
        # between 1994 and 2020, from 2001 to 2009, 1914–1918
        ("year_range", r"(?i:between)\s+{y1}\s+(?i:and)\s+{y2}"),
        ("year_range", r"(?i:from)\s+{y1}" + _DASH + r"{y2}"),
        ("year_range", r"{y1}\s*[-–]\s*{y2}"),
        # early 2021, mid-2022, late January 2019, mid-October
        ("part_month", _PART + r"{m1}(?:,?\s+{y1})?"),
        ("part_year", _PART + r"{y1}"),
        # the 1990s
        ("decade", r"(?P<y1>1[5-9]\d0|20\d0)s"),
        # 30 September - 2 October 2020
        ("day_month_range", r"{d1}\s+{m1}" + _DASH + r"{d2}\s+{m2},?\s+{y1}"),
        # 12-16 July 2020, 12–16 July
        ("day_range", r"{d1}" + _DASH + r"{d2}\s+{m1}(?:,?\s+{y1})?"),
        # September 30 - October 2, 2020
        ("us_month_range", r"{m1}\s+{d1}" + _DASH + r"{m2}\s+{d2},\s*{y1}"),
        # July 12-16, 2020
        ("us_day_range", r"{m1}\s+{d1}" + _DASH + r"{d2},\s*{y1}"),
        # 24 September 2021, 17 October, Monday, 12 October 2020
        ("day", _ON_WEEKDAY + r"{d1}\s+{m1}(?:,?\s+{y1})?"),
        # September 24, 2021; Monday, Oct. 12, 2020
        ("us_day", _ON_WEEKDAY + r"{m1}\s+{d1},\s*{y1}"),
        # July 2020
        ("month", r"{m1},?\s+{y1}"),
        # Sept. 27, Nov. 7 (the year from context)
        ("us_day", _ON_WEEKDAY + r"{m1}\s+{d1}(?![\d,]*\d)"),
        # in 1993, since 2018 (a bare number is too often not a year)
        (
            "year",
            r"(?i:in|since|by|until|till|from|of|during|year|spring|summer"
            r"|autumn|fall|winter)\s+{y1}",
        ),
        # on Tuesday, next Friday (against the article's date)
        ("weekday", r"(?:(?P<rel>(?i:next|last|this))\s+)?(?P<wd>" + _WEEKDAY + r")"),
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
    precision: str  # day | range | month | year | approximate
    year_from_context: bool = False  # the year (or, for a weekday, the date) is the context's


@dataclass(frozen=True)
class _Raw:
    start: int
    end: int
    kind: str
    groups: dict[str, str]  # the named groups that took part in the match


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
            matched = {name: value for name, value in m.groupdict().items() if value is not None}
            found.append(_Raw(start, end, kind, matched))
    found.sort(key=lambda r: r.start)
    return found


def _normalize(raw: _Raw, year: int) -> tuple[dt.date, dt.date, str] | None:
    g = raw.groups
    m1, m2 = _month(g.get("m1")), _month(g.get("m2"))
    if raw.kind == "year":
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
    if raw.kind == "iso":
        day = _date(year, int(g["mn"]), g.get("d1"))
        return (day, day, "day") if day else None
    if raw.kind == "year_range":
        last = int(g["y2"])
        if last <= year:
            return None
        return dt.date(year, 1, 1), dt.date(last, 12, 31), "range"
    if raw.kind == "decade":
        return dt.date(year, 1, 1), dt.date(year + 9, 12, 31), "approximate"
    if raw.kind == "part_year":
        first, last = _YEAR_PARTS[g["part"].lower()]
        return dt.date(year, first, 1), _last_day(year, last), "approximate"
    if raw.kind == "part_month":
        first, last = _MONTH_PARTS[g["part"].lower()]
        last = min(last, _last_day(year, m1 or 1).day)
        return dt.date(year, m1 or 1, first), dt.date(year, m1 or 1, last), "approximate"
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


# Kinds whose year a later day without one may take (a range or a decade is no anchor).
_ANCHOR_KINDS = frozenset({"iso", "day", "us_day", "month", "year", "part_year", "part_month"})
_DATELINE_CHARS = 120  # a dateline's date stands in the text's first line, this close to the top


def _dateline_date(raws: list[_Raw], text: str) -> dt.date | None:
    """The date of a dateline ("LISBON, 12 May 2022 —"): a full date in the first line."""
    first_line_end = text.find("\n")
    limit = min(_DATELINE_CHARS, first_line_end if first_line_end >= 0 else len(text))
    for raw in raws:
        if raw.start >= limit:
            break
        if raw.kind in ("day", "us_day", "iso") and raw.groups.get("y1"):
            normalized = _normalize(raw, int(raw.groups["y1"]))
            if normalized:
                return normalized[0]
    return None


def _weekday(raw: _Raw, text: str, anchor: dt.date) -> dt.date:
    """The day a weekday names, seen from the article's date."""
    target = WEEKDAYS.index(raw.groups["wd"])
    rel = (raw.groups.get("rel") or "").lower()
    sentence = text[max(0, raw.start - 200) : raw.start]
    back = (anchor.weekday() - target) % 7
    if rel == "next" or (rel != "last" and _FUTURE.search(sentence)):
        ahead = (target - anchor.weekday()) % 7
        return anchor + dt.timedelta(days=ahead or 7)
    if rel == "last":
        return anchor - dt.timedelta(days=back or 7)
    return anchor - dt.timedelta(days=back)


def find_dates(text: str, published: dt.date | None = None) -> list[DateMention]:
    """Dates in ``text`` in text order (non-overlapping), with their normalized span.

    ``published``: the article's date, for weekdays (else a dateline's date is used).
    """
    raws = _raw_matches(text)
    explicit = [
        (r.start, int(r.groups["y1"]))
        for r in raws
        if r.groups.get("y1") and r.kind in _ANCHOR_KINDS
    ]
    positions = [pos for pos, _ in explicit]
    anchor = published or _dateline_date(raws, text)
    out: list[DateMention] = []
    for raw in raws:
        if raw.kind == "weekday":
            if anchor is None:
                continue
            day = _weekday(raw, text, anchor)
            out.append(
                DateMention(raw.start, raw.end, text[raw.start : raw.end], day, day, "day", True)
            )
            continue
        written = raw.groups.get("y1")
        if written:
            year, carried = int(written), False
        else:
            # The closest full date before, else the first after (raws never share a start).
            i = bisect.bisect_left(positions, raw.start)
            if i == 0 and not explicit:
                if published is None:
                    continue
                year, carried = published.year, True
            else:
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

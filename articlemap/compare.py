"""Two or three accounts of the same events side by side: which events match, and where the
accounts differ.

A history class puts a second account (the other side's, a neutral report, an encyclopedia
entry) next to the first. Nothing here judges which account is right: a match says *why*
the two events look like one ("same day; both name Ganja"), and every difference is shown
as what each account itself says (its date as written, its place names, its quote).

Matching, one account after the other (the second against the first, the third against
the rows the first two made):

* Two events are **candidates** when their date spans overlap, give or take a tolerance
  that follows the coarser of their precisions (``TOLERANCE_DAYS``: two days for a day, a
  week for a month…), and they share a place: the same name or one of its other names,
  the same spot (``NEAR_KM``), the same id nearby, or the same area (a town and its
  district). Undated events are never matched automatically.
* Each candidate gets a score (dates, places, shared words of title and quote); the best
  are taken first, one event per account in each row (greedy, so the result is the same
  for the same input: ties go to the earlier event).
* A person's **decisions** win over the automatic matching: a link puts two events in one
  row whatever their dates and places, an unlink keeps them apart, and "the accounts
  disagree" (with a note) marks a linked pair. Decisions name events by (story, event id),
  so they survive an edit of either story; one naming an event that is gone is kept aside
  (``Comparison.ignored``) rather than dropped.

The text here is raw: renderers escape it with the helper of their target.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from articlemap.filters import fold
from articlemap.gazetteer import clean_name
from articlemap.map_layers import AREA_KINDS, haversine_km
from articlemap.schema import Event, Place

# How far apart two dates may be and still be one event, by precision (the coarser of the
# two counts): accounts date an overnight attack a day apart, a month or a year is itself
# a span, so a little slack covers "early December" against "late November".
TOLERANCE_DAYS: dict[str, int] = {
    "day": 2,
    "range": 2,
    "month": 7,
    "year": 31,
    "approximate": 60,
    "undated": 0,
}
MAX_TOLERANCE = max(TOLERANCE_DAYS.values())
NEAR_KM = 5.0  # two points this close are one place (gazetteers differ by a few km)
SAME_ID_KM = 50.0  # one id in two stories is one place only when it is also near
SAME_NAME_KM = 150.0  # one name far away is another place (Paris, Texas)
MIN_WORD = 4
STOPWORDS = frozenset(
    """
    about above after again against also among been before being below between both
    could does doing down during each from further have having here into itself just more
    most much only other over same should since some such than that their theirs them then
    there these they this those through under until upon very were what when where which
    while whom will with would your yours said says according
    """.split()  # noqa: SIM905 (a word list reads better as text)
)
ORDINALS = ("first", "second", "third")
MAX_ACCOUNTS = len(ORDINALS)
MAX_DECISIONS = 5_000
MAX_NOTE_CHARS = 1_000
SHOWN_WORDS = 12
LINKED_BY_HAND = "linked by hand"  # the first reason of a pair a person linked

EventKey = tuple[str, str]  # (the story's key in the comparison, the event's id)


class DecisionsError(ValueError):
    """Saved decisions that cannot be read; the message is fit to show."""


@dataclass(frozen=True)
class Account:
    """One story in a comparison: ``key`` is how decisions name it (its story id)."""

    key: str
    title: str
    events: tuple[Event, ...]
    area_names: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)


def ordinal(index: int) -> str:
    """ "first", "second", "third": how the page names an account (never "true"/"false")."""
    return ORDINALS[index] if index < len(ORDINALS) else f"#{index + 1}"


# --- decisions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    """A person's word on a pair of events from two accounts."""

    a: EventKey
    b: EventKey
    linked: bool  # False: "these are not the same event"
    disagree: bool = False  # a linked pair the person marked "the accounts disagree"
    note: str = ""

    @property
    def pair(self) -> frozenset[EventKey]:
        return frozenset((self.a, self.b))


def _ordered(a: EventKey, b: EventKey) -> tuple[EventKey, EventKey]:
    return (a, b) if a <= b else (b, a)


@dataclass(frozen=True)
class Decisions:
    """Every decision of one comparison, at most one per pair (the latest wins)."""

    items: tuple[Decision, ...] = ()

    def get(self, a: EventKey, b: EventKey) -> Decision | None:
        pair = frozenset((a, b))
        return next((d for d in self.items if d.pair == pair), None)

    def _with(self, decision: Decision | None, a: EventKey, b: EventKey) -> Decisions:
        pair = frozenset((a, b))
        kept = tuple(d for d in self.items if d.pair != pair)
        return Decisions(kept + ((decision,) if decision is not None else ()))

    def link(self, a: EventKey, b: EventKey) -> Decisions:
        """Link two events (keeps a "disagree" mark the pair had)."""
        old = self.get(a, b)
        first, second = _ordered(a, b)
        kept = replace(old, linked=True) if old is not None else Decision(first, second, True)
        return self._with(kept, a, b)

    def unlink(self, a: EventKey, b: EventKey) -> Decisions:
        """Keep two events apart (drops a "disagree" mark and its note)."""
        first, second = _ordered(a, b)
        return self._with(Decision(first, second, False), a, b)

    def mark_disagree(self, a: EventKey, b: EventKey, note: str) -> Decisions:
        """Link the pair and mark it "the accounts disagree", with the person's note."""
        first, second = _ordered(a, b)
        note = " ".join(note.split())[:MAX_NOTE_CHARS]
        return self._with(Decision(first, second, True, True, note), a, b)

    def clear_disagree(self, a: EventKey, b: EventKey) -> Decisions:
        old = self.get(a, b)
        if old is None:
            return self
        return self._with(replace(old, disagree=False, note=""), a, b)

    def forget(self, a: EventKey, b: EventKey) -> Decisions:
        """Back to the automatic matching for this pair."""
        return self._with(None, a, b)

    def to_json(self) -> str:
        rows = [
            {
                "a": list(d.a),
                "b": list(d.b),
                "linked": d.linked,
                **({"disagree": True, "note": d.note} if d.disagree else {}),
            }
            for d in self.items
        ]
        return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> Decisions:
        """Decisions saved by ``to_json``; DecisionsError when the text is not that."""
        try:
            rows = json.loads(text)
        except (json.JSONDecodeError, RecursionError, TypeError):
            raise DecisionsError("The comparison's links are not readable.") from None
        if not isinstance(rows, list) or len(rows) > MAX_DECISIONS:
            raise DecisionsError(f"A comparison holds at most {MAX_DECISIONS:,} links.")
        out = Decisions()
        for row in rows:
            if not isinstance(row, dict):
                raise DecisionsError("The comparison's links are not readable.")
            a, b = _event_key(row.get("a")), _event_key(row.get("b"))
            linked, disagree = row.get("linked"), row.get("disagree", False)
            note = row.get("note", "")
            if (
                a is None
                or b is None
                or a[0] == b[0]
                or not isinstance(linked, bool)
                or not isinstance(disagree, bool)
                or not isinstance(note, str)
                or len(note) > MAX_NOTE_CHARS
            ):
                raise DecisionsError("The comparison's links are not readable.")
            first, second = _ordered(a, b)
            decision = Decision(
                first, second, linked, disagree and linked, note if disagree else ""
            )
            out = out._with(decision, a, b)
        return out


def _event_key(value: object) -> EventKey | None:
    if (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, str) and 0 < len(v) <= 200 for v in value)
    ):
        return value[0], value[1]
    return None


# --- places -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlaceLink:
    """Why a place of one account is a place of the other: ``kind`` is "name" (the same
    name), "other-name" (one's name among the other's other names), "near", "id" or
    "area"; ``strength`` orders them for the score."""

    first: Place
    second: Place
    kind: str
    km: float

    @property
    def strength(self) -> float:
        return 1.0 if self.kind == "area" else 3.0

    @property
    def same_place(self) -> bool:
        return self.kind != "area"

    def reason(self, area_names: Mapping[str, str]) -> str:
        a, b = self.first.name, self.second.name
        if self.kind == "name":
            return f"both name {a}"
        if self.kind == "other-name":
            return f"{a} and {b} are names of one place"
        if self.kind == "near":
            distance = "at the same spot" if self.km < 1 else f"{self.km:.0f} km apart"
            return f"{a} and {b} are {distance}" if fold(a) != fold(b) else f"both name {a}"
        if self.kind == "id":
            return f"{a} and {b} are the same place in both stories"
        area = area_names.get(self.first.area_id) or _area_label(self.first, self.second)
        return f"both in {area}"


def _area_label(a: Place, b: Place) -> str:
    for place in (a, b):
        if place.kind in AREA_KINDS:
            return place.name
    return f"the area {a.area_id}"


@lru_cache(maxsize=65_536)
def names_of(place: Place) -> frozenset[str]:
    """The place's name and other names, folded (case, accents, language notes)."""
    return frozenset(fold(n) for n in (place.name, *map(clean_name, place.other_names)) if n)


def place_link(a: Place, b: Place) -> PlaceLink | None:
    """How ``a`` (first account) and ``b`` (second) are one place or share an area."""
    km = haversine_km(a, b)
    if fold(a.name) == fold(b.name) and km <= SAME_NAME_KM:
        return PlaceLink(a, b, "name", km)
    if names_of(a) & names_of(b) and km <= SAME_NAME_KM:
        return PlaceLink(a, b, "other-name", km)
    if km <= NEAR_KM:
        return PlaceLink(a, b, "near", km)
    if a.id == b.id and km <= SAME_ID_KM:
        return PlaceLink(a, b, "id", km)
    if a.area_id and a.area_id == b.area_id:
        return PlaceLink(a, b, "area", km)
    return None


def place_links(first: Event, second: Event) -> list[PlaceLink]:
    """For each place of ``first``, its strongest link to a place of ``second``."""
    out = []
    for a in first.places:
        links = [link for b in second.places if (link := place_link(a, b)) is not None]
        if links:
            out.append(max(links, key=lambda link: (link.strength, -link.km)))
    return out


# --- dates and words --------------------------------------------------------------------------


def tolerance(a: Event, b: Event) -> int:
    return max(TOLERANCE_DAYS.get(a.date_precision, 0), TOLERANCE_DAYS.get(b.date_precision, 0))


def date_gap(a: Event, b: Event) -> int | None:
    """Days between the two spans (0 when they overlap); None when either is undated."""
    if not (a.is_dated and b.is_dated):
        return None
    (a0, a1), (b0, b1) = a.dates, b.dates
    return max(0, (a0 - b1).days, (b0 - a1).days)


def same_dates(a: Event, b: Event) -> bool:
    return a.is_dated and b.is_dated and a.dates == b.dates


def date_reason(a: Event, b: Event) -> str:
    gap = date_gap(a, b)
    if gap is None:
        return ""
    if same_dates(a, b):
        if a.date_precision == b.date_precision == "day":
            return "same day"
        if a.date_precision == b.date_precision and a.date_precision in ("month", "year"):
            return f"same {a.date_precision}"
        return "same dates"
    if gap == 0:
        return "dates overlap"
    days = "1 day" if gap == 1 else f"{gap} days"
    return f"dated {days} apart (within the tolerance for these dates)"


_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """The words of ``text`` as written, in order."""
    return _WORD.findall(text)


@lru_cache(maxsize=65_536)
def content_words(text: str) -> frozenset[str]:
    """Folded words that carry meaning (four letters or more, not a common word)."""
    return frozenset(
        w for w in (fold(t) for t in words(text)) if len(w) >= MIN_WORD and w not in STOPWORDS
    )


def words_only_in(quote: str, other: str) -> tuple[str, ...]:
    """Words of ``quote`` (as written, first occurrence) that ``other`` does not have."""
    theirs = content_words(other)
    seen: set[str] = set()
    out = []
    for word in words(quote):
        key = fold(word)
        if len(key) < MIN_WORD or key in STOPWORDS or key in theirs or key in seen:
            continue
        seen.add(key)
        out.append(word)
    return tuple(out)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


# --- pairs and rows ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    """Two events of two accounts in one row, why they are there, and how they differ."""

    a: int  # the accounts' positions in the comparison
    b: int
    first: Event
    second: Event
    reasons: tuple[str, ...]
    manual: bool  # linked by a person (else matched automatically)
    disagree: bool = False
    note: str = ""
    place_links: tuple[PlaceLink, ...] = ()

    @property
    def keys(self) -> tuple[int, int]:
        return self.a, self.b

    @property
    def dates_differ(self) -> bool:
        both = self.first.is_dated and self.second.is_dated
        return both and (
            self.first.dates != self.second.dates
            or self.first.date_precision != self.second.date_precision
        )

    @property
    def renamed_places(self) -> tuple[PlaceLink, ...]:
        """One place under different names in the two accounts (Khankendi / Stepanakert)."""
        return tuple(
            link
            for link in self.place_links
            if link.same_place and fold(link.first.name) != fold(link.second.name)
        )

    @property
    def places_only(self) -> tuple[tuple[Place, ...], tuple[Place, ...]]:
        """Places only one of the two events names (not even under another name)."""
        linked_a = {link.first.id for link in self.place_links if link.same_place}
        linked_b = {link.second.id for link in self.place_links if link.same_place}
        only_b = []
        for b in self.second.places:
            if b.id in linked_b:
                continue
            if any(
                (lk := place_link(a, b)) is not None and lk.same_place for a in self.first.places
            ):
                continue
            only_b.append(b)
        only_a = tuple(p for p in self.first.places if p.id not in linked_a)
        return only_a, tuple(only_b)

    @property
    def words_only(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Words of each quote the other quote does not have."""
        return (
            words_only_in(self.first.quote, self.second.quote),
            words_only_in(self.second.quote, self.first.quote),
        )


@dataclass(frozen=True)
class Row:
    """One event as told by one or more accounts (``events[i]`` is account i's, or None)."""

    events: tuple[Event | None, ...]
    pairs: tuple[Pair, ...]

    @property
    def told_by(self) -> tuple[int, ...]:
        return tuple(i for i, e in enumerate(self.events) if e is not None)

    @property
    def lone(self) -> bool:
        return len(self.told_by) == 1

    @property
    def sort_key(self) -> tuple:
        dated = [e.dates[0] for e in self.events if e is not None and e.is_dated]
        first = min(dated) if dated else dt.date.max
        return (first, self.told_by[0])


@dataclass(frozen=True)
class Comparison:
    accounts: tuple[Account, ...]
    rows: tuple[Row, ...]
    ignored: tuple[Decision, ...] = ()  # decisions about events no longer in their story

    @property
    def pairs(self) -> list[Pair]:
        return [p for r in self.rows for p in r.pairs]

    def lone(self, account: int) -> list[Event]:
        return [
            e
            for r in self.rows
            if r.lone
            for e in r.events
            if e is not None and r.told_by[0] == account
        ]

    def counts(self) -> dict[str, int]:
        """What the summary shows at once: matched rows, lone events per account, pairs
        dated differently, places under different names, pairs marked as disagreeing."""
        pairs = self.pairs
        out = {"matched": sum(1 for r in self.rows if not r.lone)}
        for i in range(len(self.accounts)):
            out[f"only_{i}"] = len(self.lone(i))
        out["dates_differ"] = sum(1 for p in pairs if p.dates_differ)
        out["names_differ"] = sum(1 for p in pairs if p.renamed_places)
        out["disagree"] = sum(1 for p in pairs if p.disagree)
        return out


@dataclass
class _Candidate:
    score: float
    row: int
    order: int  # the new event's position in its account
    event: Event


def _score(a: Event, b: Event, links: Sequence[PlaceLink]) -> float:
    gap = date_gap(a, b)
    assert gap is not None
    if same_dates(a, b):
        dates = 3.0
    elif gap == 0:
        dates = 2.0
    else:
        dates = 2.0 * (1 - gap / (tolerance(a, b) + 1))
    places = min(sum(link.strength for link in links), 6.0)
    text = _jaccard(content_words(a.title + " " + a.quote), content_words(b.title + " " + b.quote))
    return dates + places + 4.0 * text


def match_reasons(a: Event, b: Event, area_names: Mapping[str, str] = {}) -> tuple[str, ...]:
    """Why ``a`` and ``b`` look like one event, as short phrases ("same day", "both name
    Ganja"); empty when their dates or places do not say so."""
    reasons = []
    date = date_reason(a, b)
    if date:
        reasons.append(date)
    seen = set()
    for link in place_links(a, b):
        text = link.reason(area_names)
        if text not in seen:
            seen.add(text)
            reasons.append(text)
    return tuple(reasons)


def candidate(a: Event, b: Event) -> tuple[float, list[PlaceLink]] | None:
    """The score of ``a`` and ``b`` as one event, or None when they are not candidates
    (dates too far apart at their precision, undated, or no shared place or area)."""
    gap = date_gap(a, b)
    if gap is None or gap > tolerance(a, b):
        return None
    links = place_links(a, b)
    if not links:
        return None
    return _score(a, b, links), links


class _DateIndex:
    """Events of one account sorted by start date, for "which may overlap this span"."""

    def __init__(self, events: Iterable[Event]):
        self.events = sorted((e for e in events if e.is_dated), key=lambda e: e.dates)
        self.starts = [e.dates[0].toordinal() for e in self.events]
        self.longest = max(((e.dates[1] - e.dates[0]).days for e in self.events), default=0)

    def near(self, event: Event) -> list[Event]:
        start, end = (d.toordinal() for d in event.dates)
        low = bisect.bisect_left(self.starts, start - MAX_TOLERANCE - self.longest)
        high = bisect.bisect_right(self.starts, end + MAX_TOLERANCE)
        return self.events[low:high]


def compare(accounts: Sequence[Account], decisions: Decisions = Decisions()) -> Comparison:
    """Match the accounts' events into rows (see the module's docstring)."""
    accounts = tuple(accounts)
    if not 2 <= len(accounts) <= MAX_ACCOUNTS:
        raise ValueError(f"compare 2 to {MAX_ACCOUNTS} accounts, not {len(accounts)}")
    if len({a.key for a in accounts}) != len(accounts):
        raise ValueError("each account is compared once")
    area_names: dict[str, str] = {}
    for account in accounts:
        area_names.update(account.area_names)
    index = {a.key: i for i, a in enumerate(accounts)}
    by_key: dict[EventKey, Event] = {(a.key, e.id): e for a in accounts for e in a.events}
    ignored = tuple(
        d for d in decisions.items if d.a not in by_key or d.b not in by_key or d.a[0] == d.b[0]
    )
    usable = [d for d in decisions.items if d not in ignored]
    blocked = {d.pair for d in usable if not d.linked}
    linked = {d.pair: d for d in usable if d.linked}

    rows: list[list[Event | None]] = []
    row_of: dict[EventKey, int] = {}

    def place(event_key: EventKey, row: int) -> None:
        rows[row][index[event_key[0]]] = by_key[event_key]
        row_of[event_key] = row

    for k, account in enumerate(accounts):
        keys = [(account.key, e.id) for e in account.events]
        # 1. A person's links first: into the row of the earlier account's event.
        for d in usable:
            if not d.linked:
                continue
            mine = d.a if d.a[0] == account.key else d.b if d.b[0] == account.key else None
            if mine is None or mine in row_of:
                continue
            theirs = d.b if mine == d.a else d.a
            if index[theirs[0]] >= k or theirs not in row_of:
                continue
            row = row_of[theirs]
            if rows[row][k] is None:
                place(mine, row)
        # 2. Automatic candidates against every earlier account's events in open rows.
        if k > 0:
            found: list[_Candidate] = []
            earlier = [_DateIndex(accounts[j].events) for j in range(k)]
            for order, event in enumerate(account.events):
                key = (account.key, event.id)
                if key in row_of or not event.is_dated:
                    continue
                best: dict[int, float] = {}
                for j, idx in enumerate(earlier):
                    for other in idx.near(event):
                        other_key = (accounts[j].key, other.id)
                        row = row_of[other_key]
                        if rows[row][k] is not None or frozenset((key, other_key)) in blocked:
                            continue
                        scored = candidate(other, event)
                        if scored is not None and scored[0] > best.get(row, -math.inf):
                            best[row] = scored[0]
                for row, score in best.items():
                    members = [
                        (accounts[i].key, e.id) for i, e in enumerate(rows[row]) if e is not None
                    ]
                    if any(frozenset((key, m)) in blocked for m in members):
                        continue
                    found.append(_Candidate(score, row, order, event))
            found.sort(key=lambda c: (-c.score, c.row, c.order))
            for c in found:
                key = (account.key, c.event.id)
                if key in row_of or rows[c.row][k] is not None:
                    continue
                place(key, c.row)
        # 3. The rest start rows of their own.
        for key in keys:
            if key not in row_of:
                rows.append([None] * len(accounts))
                place(key, len(rows) - 1)

    built = [_row(tuple(r), accounts, linked, area_names) for r in rows]
    built.sort(key=lambda r: r.sort_key)
    return Comparison(accounts, tuple(built), ignored)


def _row(
    events: tuple[Event | None, ...],
    accounts: tuple[Account, ...],
    linked: Mapping[frozenset[EventKey], Decision],
    area_names: Mapping[str, str],
) -> Row:
    pairs = []
    present = [i for i, e in enumerate(events) if e is not None]
    for x, i in enumerate(present):
        for j in present[x + 1 :]:
            a, b = events[i], events[j]
            assert a is not None and b is not None
            decision = linked.get(frozenset(((accounts[i].key, a.id), (accounts[j].key, b.id))))
            reasons = match_reasons(a, b, area_names)
            if decision is not None:
                reasons = (LINKED_BY_HAND, *reasons)
            elif not candidate(a, b):
                reasons = (f"each matches the {ordinal(present[0])} account's event", *reasons)
            pairs.append(
                Pair(
                    i,
                    j,
                    a,
                    b,
                    reasons,
                    manual=decision is not None,
                    disagree=decision.disagree if decision is not None else False,
                    note=decision.note if decision is not None else "",
                    place_links=tuple(place_links(a, b)),
                )
            )
    return Row(events, tuple(pairs))


# --- what a reader is told ---------------------------------------------------------------------


def date_text(event: Event) -> str:
    """The date as the account writes it, with its normalized form and precision."""
    written = event.date_as_written
    if written and fold(written) != fold(event.date_label):
        return f"“{written}” ({event.date_label}, {event.date_precision})"
    if written:
        return f"“{written}” ({event.date_precision})"
    return f"{event.date_label} ({event.date_precision})"


def difference_lines(pair: Pair) -> list[str]:
    """The differences of one pair in neutral words: each account's own date, names and
    words, never which one is right."""
    first, second = ordinal(pair.a), ordinal(pair.b)
    lines = []
    if pair.disagree:
        lines.append(
            "Marked: the accounts disagree" + (f" — note: {pair.note}" if pair.note else ".")
        )
    if pair.dates_differ:
        lines.append(
            f"The accounts date this differently: the {first} account gives "
            f"{date_text(pair.first)}, the {second} {date_text(pair.second)}."
        )
    for link in pair.renamed_places:
        lines.append(
            f"One place under different names: {link.first.name} ({first} account), "
            f"{link.second.name} ({second} account)."
        )
    only_a, only_b = pair.places_only
    for who, places in ((first, only_a), (second, only_b)):
        if places:
            names = ", ".join(p.name for p in places)
            lines.append(f"Only the {who} account names {names} here.")
    return lines


def summary_parts(comparison: Comparison) -> list[str]:
    """What the comparison holds, in counts a reader sees at once (the Compare page and the
    static site say it in these words)."""
    counts = comparison.counts()
    parts = [f"Told by more than one account: {counts['matched']}"]
    for i in range(len(comparison.accounts)):
        parts.append(f"only in the {ordinal(i)} account: {counts[f'only_{i}']}")
    parts += [
        f"dated differently: {counts['dates_differ']}",
        f"a place under different names: {counts['names_differ']}",
        f"marked “the accounts disagree”: {counts['disagree']}",
    ]
    return parts


def match_line(pair: Pair) -> str:
    """ "Matched automatically (first and second accounts): same day; both name Ganja" """
    how = "Linked by hand" if pair.manual else "Matched automatically"
    reasons = [r for r in pair.reasons if r != LINKED_BY_HAND]  # said once, by ``how``
    who = f"{how} ({ordinal(pair.a)} and {ordinal(pair.b)} accounts)"
    return f"{who}: {'; '.join(reasons)}" if reasons else who


def account_label(i: int, title: str) -> str:
    """ "First account: <title>" (the accounts are named by their order, nothing else)."""
    return f"{ordinal(i).capitalize()} account: {title}"


def lone_line(row: Row) -> str:
    return f"Only the {ordinal(row.told_by[0])} account tells this."


def words_line(pair: Pair, side: int) -> str:
    """ "Words of the first account's passage that the second's does not have: …" """
    mine, theirs = (pair.a, pair.b) if side == 0 else (pair.b, pair.a)
    only = pair.words_only[side]
    if not only:
        return ""
    shown = ", ".join(only[:SHOWN_WORDS]) + (" …" if len(only) > SHOWN_WORDS else "")
    return (
        f"Words of the {ordinal(mine)} account's passage that the {ordinal(theirs)} "
        f"account's does not have: {shown}"
    )


# --- export ------------------------------------------------------------------------------------

CSV_PREFIX_COLUMNS = ("row", "kind", "reasons", "differences", "disagree", "note")
CSV_EVENT_FIELDS = (
    "story",
    "event_id",
    "title",
    "date_as_written",
    "date",
    "precision",
    "places",
    "quote",
)


def csv_columns(n_accounts: int) -> tuple[str, ...]:
    return CSV_PREFIX_COLUMNS + tuple(
        f"{ordinal(i)}_{name}" for i in range(n_accounts) for name in CSV_EVENT_FIELDS
    )


def csv_rows(comparison: Comparison) -> list[dict[str, str]]:
    """One row per matched row (pair or three) or lone event, in date order."""
    out = []
    for number, row in enumerate(comparison.rows, start=1):
        record = {
            "row": str(number),
            "kind": "only one account" if row.lone else "matched",
            "reasons": " | ".join("; ".join(p.reasons) for p in row.pairs),
            "differences": " | ".join(line for p in row.pairs for line in difference_lines(p)),
            "disagree": "yes" if any(p.disagree for p in row.pairs) else "",
            "note": " | ".join(p.note for p in row.pairs if p.note),
        }
        for i, event in enumerate(row.events):
            account = comparison.accounts[i]
            values = (
                {
                    "story": account.title,
                    "event_id": event.id,
                    "title": event.title,
                    "date_as_written": event.date_as_written,
                    "date": event.date_label,
                    "precision": event.date_precision,
                    "places": "; ".join(p.label for p in event.places),
                    "quote": event.quote,
                }
                if event is not None
                else dict.fromkeys(CSV_EVENT_FIELDS, "")
            )
            for name, value in values.items():
                record[f"{ordinal(i)}_{name}"] = value
        out.append(record)
    return out

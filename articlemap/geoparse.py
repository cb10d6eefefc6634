"""Find place mentions in any text and resolve each to one gazetteer entry.

Matching is exact (after :func:`gazetteer.fold`) with an Aho-Corasick automaton over every
name, so it is fast (a few ms per article) and reproducible; the cleverness is in what is
thrown away and in how a name with several candidates is resolved:

* a match must stand alone (no letter or digit on either side) and start with a capital
  letter unless the name itself is written in lower case (curated "seven adjacent districts");
* a stop-list drops names that are ordinary words or names of other things ("Republic",
  "March", "Zangazur" the village);
* a name followed by "Group" or "… Club" is an organisation ("OSCE Minsk Group", "Valdai
  Discussion Club"), not the town;
* a one-word settlement name that the same text also uses as a lower-case word
  ("Independence" vs "independence") is that word;
* resolution rule, as stated in the issue: curated > country > district/region > settlement;
  among settlements the larger wins, with a bonus (worth a factor of 100 in population) for
  those in a country the text already names, so "Washington" is the US capital and a small
  town only wins in its own country's context; settlements under 15,000 people need that
  context at all;
* overlapping matches keep the longest ("Nagorno-Karabakh Autonomous Region" over
  "Karabakh").

Every mention keeps exact offsets: ``text[m.start:m.end] == m.surface``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from articlemap.gazetteer import (
    TIER_AREA,
    TIER_COUNTRY,
    TIER_CURATED,
    TIER_SETTLEMENT,
    Gazetteer,
    GazetteerEntry,
    fold,
)
from articlemap.spans import Coverage

# Ordinary words, titles and names of other things that GeoNames also has as places.
STOP_LIST: frozenset[str] = frozenset(
    fold(w)
    for w in (
        # stated pitfalls
        "Republic",
        "March",
        "Zangazur",
        # months and days that are also towns somewhere
        "January",
        "April",
        "June",
        "July",
        "August",
        "Sunday",
        "Monday",
        "Friday",
        # capitalised words common in political and news prose
        "President",
        "Minister",
        "Ministry",
        "Council",
        "Union",
        "Security",
        "General",
        "Assembly",
        "Conference",
        "Office",
        "Constitution",
        "Independence",
        "Liberty",
        "Victory",
        "Justice",
        "Progress",
        "Unity",
        "Peace",
        "Mission",
        "Commerce",
        "Enterprise",
        "Providence",
        "Concord",
        "Hope",
        "Paradise",
        "Police",
        "Deal",
        "Split",
        "Nice",
        "Mobile",
        "Reading",
        "Orange",
        "Eagle",
        "Sale",
        "Bath",
        "Wells",
        "Normal",
        "Mercedes",
        "Florence",
        "Victoria",
        "Columbia",
        "Federal City",
        "Federal Capital",
        "Capital",
        "Islam",
        "Patriot",
        "Nation",
        "Armed",
        "Front",
        "Iron",
        "Fist",
        "Ilham",
        "Aliyev",
        "Recep",
        "Tayyip",
        "Erdogan",
        "Erdoğan",
        "Pashinyan",
        "Putin",
        "Macron",
        "Trump",
        "Biden",
        "Merkel",
        "Twitter",
        "Google",
        "Valdai",
        "Minsk Group",
        # continents, seasons and other words GeoNames lists as alternate town names
        "Africa",
        "Asia",
        "Europe",
        "America",
        "Oceania",
        "Spring",
        "Summer",
        "Autumn",
        "Winter",
        "Ramadan",
        "Christmas",
        "Easter",
        # generic geographic and civic nouns that are alternate names of small places
        "Bank",
        "Park",
        "Lake",
        "City",
        "Port",
        "Point",
        "Beach",
        "Island",
        "Valley",
        "Centre",
        "Center",
        "Station",
        "Airport",
        "Parliament",
        "Government",
        "Army",
        "State",
        "North",
        "South",
        "East",
        "West",
        "Central",
    )
)

# "<name> [up to three words] Group|Club": an organisation named after a place.
_ORG_AFTER = re.compile(r"(?:[ \t]+[\w’'.-]+){0,3}?[ \t]+(?:Group|Club)\b", re.IGNORECASE)
MIN_SETTLEMENT_WITHOUT_CONTEXT = 15_000
# A settlement found only by an alternate name ("Africa" for Mahdia) needs context or size.
MIN_ALTERNATE_NAME_WITHOUT_CONTEXT = 100_000
CONTEXT_BONUS = 2.0  # in log10(population): a factor of 100


@dataclass(frozen=True)
class Mention:
    """A place name in the text, resolved to one gazetteer entry."""

    start: int
    end: int
    surface: str
    entry: GazetteerEntry
    candidates: int  # how many entries the name could have meant (1 = unambiguous)


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    key: str
    candidates: tuple[GazetteerEntry, ...]


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_" or ch in "\u0300\u036f" or 0x0300 <= ord(ch) <= 0x036F


def _stands_alone(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not _is_word_char(before) and not _is_word_char(after)


def _lowercase_words(text: str) -> set[str]:
    """Words the text writes in lower case ("independence"), folded."""
    return {w for w in re.findall(r"\b[^\W\d_][\w’'-]*", text) if w[:1].islower()}


def _raw_spans(text: str, folded: str, gazetteer: Gazetteer) -> list[_Span]:
    """Every standalone, capitalised, non-stop-listed name in the text, overlaps included."""
    spans = []
    lower_words: set[str] | None = None
    for last, key in gazetteer.automaton.iter(folded):
        start, end = last - len(key) + 1, last + 1
        if not _stands_alone(text, start, end):
            continue
        surface = text[start:end]
        if not surface[:1].isupper() and key not in gazetteer.lowercase_ok:
            continue
        candidates = gazetteer.candidates(key)
        if surface.isupper() and len(surface) > 1:
            # An acronym ("UN", "GUAM", "NATO") is only a place when a name is written so.
            candidates = [c for c in candidates if surface in c.names]
        if key in STOP_LIST:
            candidates = [c for c in candidates if c.curated]
        if not candidates:
            continue
        if _ORG_AFTER.match(text, end) and not any(c.tier == TIER_COUNTRY for c in candidates):
            continue
        if " " not in key and "-" not in key and all(c.tier == TIER_SETTLEMENT for c in candidates):
            if lower_words is None:
                lower_words = _lowercase_words(text)
            if key in lower_words:
                continue
        spans.append(_Span(start, end, key, tuple(candidates)))
    return spans


def _settlement_score(entry: GazetteerEntry, context: set[str]) -> float:
    bonus = CONTEXT_BONUS if entry.country and entry.country in context else 0.0
    return math.log10(entry.population + 1) + bonus


def resolve(
    candidates: tuple[GazetteerEntry, ...], context: set[str], key: str = ""
) -> GazetteerEntry | None:
    """The stated rule: curated > country > district/region > settlement by population,
    preferring settlements in countries the text already names; small places need that.

    ``key`` is the folded name that matched: a settlement matched only by one of its
    alternate names (not its main name) needs context or a large population.
    """
    best_tier = min(c.tier for c in candidates)
    pool = [c for c in candidates if c.tier == best_tier]
    if best_tier < TIER_SETTLEMENT:
        # Among areas, one in a country of the context; otherwise the file order (stable).
        return max(pool, key=lambda c: (c.country in context, -pool.index(c)))
    best = max(pool, key=lambda c: (_settlement_score(c, context), c.population))
    if best.country in context:
        return best
    if best.population < MIN_SETTLEMENT_WITHOUT_CONTEXT:
        return None
    if key and fold(best.name) != key and best.population < MIN_ALTERNATE_NAME_WITHOUT_CONTEXT:
        return None
    return best


def _context_countries(spans: list[_Span], gazetteer: Gazetteer) -> set[str]:
    """Countries the text names, directly or through one of their districts or regions.

    Settlements do not count: a name like "Clinton" or "Paris" is too often the wrong
    town to decide the context of the others.
    """
    context: set[str] = set()
    for span in spans:
        best_tier = min(c.tier for c in span.candidates)
        pool = [c for c in span.candidates if c.tier == best_tier]
        if best_tier == TIER_CURATED:  # a curated place: its gazetteer twin knows the country
            pool = [t for c in pool for t in gazetteer.twins_of(c)]
        context.update(c.country for c in pool if c.tier in (TIER_COUNTRY, TIER_AREA))
    context.discard("")
    return context


def find_mentions(text: str, gazetteer: Gazetteer) -> list[Mention]:
    """Place mentions in ``text`` in text order, non-overlapping, longest match first."""
    if not text:
        return []
    folded = fold(text)
    spans = _raw_spans(text, folded, gazetteer)
    context = _context_countries(spans, gazetteer)
    resolved: list[tuple[_Span, GazetteerEntry]] = []
    for span in spans:
        entry = resolve(span.candidates, context, span.key)
        if entry is not None:
            resolved.append((span, gazetteer.curated_twin(entry) or entry))
    # Longest first; ties by position. Keep a span only if it overlaps nothing kept.
    resolved.sort(key=lambda se: (-(se[0].end - se[0].start), se[0].start))
    taken = Coverage(len(text))
    mentions = []
    for span, entry in resolved:
        if taken.overlaps(span.start, span.end):
            continue
        taken.take(span.start, span.end)
        mentions.append(
            Mention(span.start, span.end, text[span.start : span.end], entry, len(span.candidates))
        )
    mentions.sort(key=lambda m: m.start)
    return mentions

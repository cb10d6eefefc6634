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
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

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
        # words that name first-level regions somewhere ("Eastern" Region, "Federal"
        # District, "Delta" State) but in prose are adjectives or institutions
        "Eastern",
        "Western",
        "Northern",
        "Southern",
        "Federal",
        "Region",
        "Mountain",
        "Plateau",
        "Delta",
        "Bay",
        "University",
        "College",
        "Hospital",
        "Officer",
    )
)

# "<name> [up to three words] Group|Club": an organisation named after a place.
_ORG_AFTER = re.compile(r"(?:[ \t]+[\w’'.-]+){0,3}?[ \t]+(?:Group|Club)\b", re.IGNORECASE)
MIN_SETTLEMENT_WITHOUT_CONTEXT = 15_000
# A settlement found only by an alternate name ("Africa" for Mahdia) needs context or size;
# one unlike its main name ("White House" for Casablanca, "Molotov" for Perm) needs context.
MIN_ALTERNATE_NAME_WITHOUT_CONTEXT = 100_000
# A one-word settlement at the start of a sentence may be an ordinary word in sentence case
# ("Most", "Time"): below this size it needs its country in the text.
MIN_SENTENCE_START_WITHOUT_CONTEXT = 100_000

# Resolution scores, in log10(population) units: a country or a continent outranks a state
# or province, which outranks any but the largest cities; a national capital and a place in a
# country (or a state) the text names get a bonus.
SCORE_CONTINENT = 9.5
SCORE_COUNTRY = 9.0
SCORE_ADMIN1 = 7.5
SCORE_OTHER_AREA = 7.0
CAPITAL_BONUS = 3.0
CONTEXT_BONUS = 1.5  # the place's country is named elsewhere in the text
ADMIN1_CONTEXT_BONUS = 1.0  # its state or province is named too
# A city of this size that shares its name with its own state ("New York", "Lagos",
# "Istanbul") is what the name means.
SAME_NAME_CITY = 1_000_000
SAME_NAME_BONUS = 2.0
SPEAKING_CITY = 1_000_000  # "Beijing said", "Moscow announced": the government
# "Town, Region" where GeoNames files the town under a coarser unit than the region: a town
# this close to the region's point is taken to be in it (a county or a province is smaller).
NEAR_REGION_KM = 120.0


@lru_cache(maxsize=8192)
def _fold_word(word: str) -> str:
    """fold() of one neighbouring word; a text asks for the same few words again and again."""
    return fold(word)


def _folded_words(words: str) -> frozenset[str]:
    return frozenset(fold(w) for w in words.split())


# Words before a name that make it a person ("President Obama", "Queen Victoria").
_TITLE_BEFORE = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Sen|Gov|Rep|Gen|Col|Lt|Sgt|Capt|Prof|Rev|Fr|Sr|Jr)\.?"
    r"|\b(?:President|Senator|Governor|Minister|Secretary|Chancellor|King|Queen|Prince"
    r"|Princess|Pope|Judge|Justice|Professor|Sir|Lord|Lady|Dame|General|Chairman|Director"
    r"|Spokesman|Spokeswoman|Officer|Detective|Sergeant|Captain|Mayor|Premier|Sheikh"
    r"|Bishop|Father|Saint-?|Ambassador|Commissioner|Chief|Coach|Dean|Doctor)"
    r")[ \t]+$"
)
# "Council of Europe", "University of California", "Bank of England": an institution, not
# the place (a country in such a name is kept: it still says where). "Mayor of Boston",
# "Governor of Texas" are offices of the place, and name it.
_INSTITUTION_OF = re.compile(
    r"\b(?:Council|Bank|University|Court|Parliament|Ministry|Department|Museum|Diocese"
    r"|Archdiocese|Church|Duke|Duchess|Earl|Bishop|Archbishop|Act)[ \t]+of"
    r"(?:[ \t]+the)?[ \t]+$"
)
# Verbs after a name that make a small settlement a speaker ("Xinhua reported", "Clinton
# said"): places rarely speak unless they are countries or governments.
_SPEAKS_AFTER = re.compile(
    r"[ \t]+(?:said|says|told|added|reported|reports|announced|wrote|stated|explained"
    r"|news agency|newspaper)\b"
)
_WORD_BEFORE = re.compile(r"([A-Z][\w’'-]*\.?)[ \t]+$")
# "said Campbell.", "Campbell, 42,": a speaker or a person with an age.
_SPEAKER_BEFORE = re.compile(r"\b(?:said|says|told|asked|added|according to)[ \t]+$")
_AGE_AFTER = re.compile(r",[ \t]+\d{1,3},")
# Small words inside multi-word names ("Stratford-upon-Avon", "Rio de Janeiro").
_NAME_PARTICLES = _folded_words(
    "of de la le les du des di da del der den am an im in on upon sur y al el and the"
)
# "officials near Tyler said": a place before the verb, not a speaker.
_LOCATIVE_BEFORE = re.compile(r"\b(?:in|near|of|from|at|outside|around)[ \t]+$", re.IGNORECASE)
# Words after a state's name that make an office of that state, which still names it.
_OFFICE_WORDS = _folded_words(
    "Department Ministry Minister Primary Health Police Governor Government Premier Senate "
    "Assembly Legislature Board Authority Agency Service Services Office Attorney Secretary "
    "Republican Republicans Democrat Democrats Public State National Emergency Fire Water "
    "Medical Environmental Agriculture Agricultural Education Transport Highway Wildlife"
)
_WORD_AFTER = re.compile(r"[ \t]+([A-Z][\w’'-]*)")
# Words after a name that make it a feature or unit named after a place, not the place
# ("Mason County", "Hudson River"): when the gazetteer lacks the longer name, the shorter one
# would put the wrong thing on the map.
_FEATURE_WORDS = _folded_words(
    "County Province District Region Oblast Krai Governorate Prefecture Municipality "
    "Township Borough Parish Department State Island Islands River Lake Valley Bay "
    "Mountain Mountains Peninsula Strait Basin Delta Desert Sea Ocean Gulf Canyon "
    "Creek Forest Park Road Street Avenue Square Bridge Hospital University College "
    "School Court Hall Center Centre Stadium Airways Group Club"
)
# Words that are capitalised only because they start a sentence or are function words: a
# place after them is not part of a longer name ("In Paris", "The Hague" is in the list).
_FUNCTION_WORDS = _folded_words(
    "The A An In At On Of From To For And But Or Nor So Yet Near Outside Inside Across "
    "Both Like Unlike Since After Before While When Where As By With Without Into Onto "
    "Throughout Around Between Within Via Including Against Than If Although Though "
    "Despite Only Also Even Then Now Today Yesterday Tomorrow Meanwhile However "
    "Elsewhere Northern Southern Eastern Western Central Rural Urban Downtown Greater "
    "Officials Authorities Residents People Police Health Doctors Experts Reports "
    "Sources Troops Forces Government Many Most Some Several All Every Each This That "
    "These Those His Her Their Its Our Your My It He She They We You Here There Thus "
    "Hence About Above Below Under Over Up Down Off Out Upon Toward Towards Through "
    "During Until Till Per Among Amid Beyond Besides Along Alongside Past "
    # a date next to a name ("in Moscow October 7", "Paris Monday") is no longer name
    "January February March April May June July August September October November "
    "December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Monday Tuesday Wednesday "
    "Thursday Friday Saturday Sunday"
)
_COMPASS = _folded_words(
    "North South East West Northeast Northwest Southeast Southwest Upper Lower New Old "
    "Little Great Port Mount Fort Lake Saint San Santa Los Las"
)
_DATELINE = re.compile(r"(?:^|\n)[ \t]*$")
_DATELINE_AFTER = re.compile(r"[ \t]*(?:,|\(|—|–|-{1,2}[ \t])")
_SENTENCE_START = re.compile(r"(?:^|[.!?…:][”’\"')\]]*\s+|\n\s*)[“\"‘'(]?$")


@dataclass(frozen=True)
class Mention:
    """A place name in the text, resolved to one gazetteer entry.

    ``kind`` is "place" for a toponym, or "demonym" for a nationality word ("Russian",
    "Turkish") linked to its country: callers keep those off the map unless asked.
    """

    start: int
    end: int
    surface: str
    entry: GazetteerEntry
    candidates: int  # how many entries the name could have meant (1 = unambiguous)
    kind: str = "place"


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    key: str
    candidates: tuple[GazetteerEntry, ...]
    demonym: GazetteerEntry | None = None


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_" or ch in "\u0300\u036f" or 0x0300 <= ord(ch) <= 0x036F


def _stands_alone(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not _is_word_char(before) and not _is_word_char(after)


def _lowercase_words(text: str) -> set[str]:
    """Words the text writes in lower case ("independence"), folded."""
    return {w for w in re.findall(r"\b[^\W\d_][\w’'-]*", text) if w[:1].islower()}


class _Cues:
    """What the words around a name say about it, read in a bounded window (linear)."""

    LOOK = 48  # characters either side

    def __init__(self, text: str, folded: str, gazetteer: Gazetteer) -> None:
        self.text = text
        self.folded = folded
        self.gazetteer = gazetteer
        self._lower: set[str] | None = None
        # Names the text shows to be people ("President Obama", "Campbell, 42,"): the same
        # name elsewhere in the text ("Obama spoke") is that person, not a town.
        self.people: set[str] = set()

    @property
    def lower_words(self) -> set[str]:
        if self._lower is None:
            self._lower = _lowercase_words(self.text)
        return self._lower

    def before(self, start: int) -> str:
        return self.text[max(0, start - self.LOOK) : start]

    def is_common(self, word: str) -> bool:
        key = _fold_word(word)
        return key in _FUNCTION_WORDS or key in self.lower_words

    def word_before(self, start: int) -> str:
        """The capitalised word just before a name, if it could be part of the same name: a
        word that ends the previous sentence ("in February. New York") or a possessive
        ("China's Guangdong", "Smith's Texas company") is not."""
        m = _WORD_BEFORE.search(self.before(start))
        if not m:
            return ""
        word = m.group(1)
        if word.endswith(("'s", "’s")):
            return ""
        stem = word[:-1]
        if word.endswith(".") and len(stem) >= 3 and "." not in stem and not stem.isupper():
            return ""  # "February.", "Thursday."; not "St.", "U.S.", "NSW."
        return word

    def word_after(self, end: int) -> str:
        m = _WORD_AFTER.match(self.text, end, min(len(self.text), end + self.LOOK))
        return m.group(1) if m else ""

    def is_name(self, key: str) -> bool:
        return bool(self.gazetteer.candidates(key))

    def is_country_word(self, key: str) -> bool:
        """A country's name or a nationality word ("Russian Dagestan", "Kenya Red Cross")."""
        if key in self.gazetteer.demonym_entries:
            return True
        return any(c.tier == TIER_COUNTRY for c in self.gazetteer.candidates(key))

    def is_region_word(self, key: str) -> bool:
        """A name of a country or region, or a nationality word: next to a name, it says the
        name is a place ("London Ontario", "Russian Dagestan"); two town names side by side
        are a person ("Nelson Mandela")."""
        if key in self.gazetteer.demonym_entries:
            return True
        return any(c.tier != TIER_SETTLEMENT for c in self.gazetteer.candidates(key))

    def titled(self, start: int) -> bool:
        return bool(_TITLE_BEFORE.search(self.before(start)))

    def at_sentence_start(self, start: int) -> bool:
        return bool(_SENTENCE_START.search(self.before(start)))

    def dateline(self, start: int, end: int) -> bool:
        """ "WASHINGTON, Oct. 5 —", "BEIRUT (Reuters) -": a capitalised place opening a line."""
        return bool(_DATELINE.search(self.before(start))) and bool(
            _DATELINE_AFTER.match(self.text, end)
        )


def _cased_like_a_name(surface: str) -> bool:
    """Every word of a multi-word name is capitalised, but for particles ("Rio de Janeiro")."""
    return all(w[:1].isupper() or w in _NAME_PARTICLES for w in re.split(r"[ \t-]+", surface) if w)


def _is_abbreviation(key: str) -> bool:
    return "." in key


def _raw_spans(text: str, folded: str, gazetteer: Gazetteer) -> list[_Span]:
    """Every standalone, capitalised, non-stop-listed name in the text, overlaps included."""
    spans = []
    cues = _Cues(text, folded, gazetteer)
    for last, key in gazetteer.automaton.iter(folded):
        start, end = last - len(key) + 1, last + 1
        if not _stands_alone(text, start, end):
            continue
        surface = text[start:end]
        if not surface[:1].isupper() and key not in gazetteer.lowercase_ok:
            continue
        demonym = gazetteer.demonym_entries.get(key)
        candidates = gazetteer.candidates(key)
        if surface.isupper() and len(surface) > 1 and not cues.dateline(start, end):
            # An acronym ("UN", "GUAM", "NATO") is only a place when a name is written so;
            # a capitalised dateline ("BEIRUT, May 2 —") is the place.
            candidates = [c for c in candidates if surface in c.names]
            demonym = None
        if key in STOP_LIST:
            candidates = [c for c in candidates if c.curated]
        if _is_abbreviation(key) and candidates:
            candidates = _abbreviation_ok(text, start, key, candidates)
        if not candidates and demonym is None:
            continue
        if _ORG_AFTER.match(text, end) and not any(c.tier == TIER_COUNTRY for c in candidates):
            continue
        if text.startswith("$", end) or text[start - 1 : start] == "$":
            continue  # "US$460 million", "$US 1.5 billion": money
        if _hyphenated_name(cues, end) or _second_half_of_a_name(cues, start):
            continue  # "Agence France-Presse" an agency, "Navarro-Valls" a person
        if text[start - 1 : start] == "/" and text[end : end + 1] == "/":
            continue  # "A/Victoria/361/2011": a code (a flu strain), not the place
        if _ADJECTIVE_PREFIX.search(text, max(0, start - 12), start):
            # "mid-Atlantic states", "euro-Atlantic", "sub-Saharan": an adjective; a
            # country stays ("pro-Russia rebels" still says where)
            candidates = [c for c in candidates if c.tier in (TIER_CURATED, TIER_COUNTRY)]
        if (
            candidates
            and " " not in key
            and "-" not in key
            and all(c.tier == TIER_SETTLEMENT for c in candidates)
            and key in cues.lower_words
        ):
            continue
        if candidates and demonym is not None:
            # "Somali refugees": a nationality word, not the Somali Region of Ethiopia.
            candidates = [c for c in candidates if c.tier in (TIER_CURATED, TIER_COUNTRY)]
        if (
            candidates
            and " " in surface
            and key not in gazetteer.lowercase_ok
            and not _cased_like_a_name(surface)
            and not any(surface in c.names for c in candidates)  # "Washington state"
        ):
            continue  # "The city" is not "The City" (London)
        if candidates:
            candidates = _drop_other_entities(cues, start, end, candidates)
        if candidates:
            spans.append(_Span(start, end, key, tuple(candidates)))
        elif demonym is not None:
            spans.append(_Span(start, end, key, (), demonym))
    if cues.people:
        spans = [_without_people(span, cues.people) for span in spans]
        spans = [span for span in spans if span.candidates or span.demonym is not None]
    return spans


def _without_people(span: _Span, people: set[str]) -> _Span:
    if span.key not in people:
        return span
    kept = tuple(c for c in span.candidates if c.tier in (TIER_CURATED, TIER_COUNTRY))
    return _Span(span.start, span.end, span.key, kept, span.demonym)


_HYPHEN_WORD = re.compile(r"-([A-Z][\w’']*)")
_PLACE_PREFIXES = _folded_words("Mid Ad Ar As Ash Az An Ech Es Et Ez Sidi Ain Bir Wadi Tel Ras")
_HYPHEN_WORD_BEFORE = re.compile(r"(?<![\w’'-])([A-Z][\w’']*)-$")
# A lower-case word glued by a hyphen before a name: "mid-", "euro-", "trans-".
_ADJECTIVE_PREFIX = re.compile(r"(?<![\w-])[a-z]+-$")


def _second_half_of_a_name(cues: _Cues, start: int) -> bool:
    """The name is the second half of a hyphenated proper name whose first half is no place
    ("Navarro-Valls", "Lloyd-Webster"); "Israel-Gaza", "Austria-Hungary" stay places."""
    m = _HYPHEN_WORD_BEFORE.search(cues.text, max(0, start - cues.LOOK), start)
    if not m:
        return False
    first = _fold_word(m.group(1))
    if first in _NAME_PARTICLES or first in _COMPASS or first in _PLACE_PREFIXES:
        return False  # "Al-Minya", "Mid-Jutland", "North-Rhine"
    return not (cues.is_name(first) or first in cues.gazetteer.demonym_entries)


def _hyphenated_name(cues: _Cues, end: int) -> bool:
    """The name is the first half of a hyphenated proper name whose second half is no place
    ("France-Presse"); two places joined ("Israel-Gaza", "Kenya-Uganda") stay places."""
    m = _HYPHEN_WORD.match(cues.text, end, min(len(cues.text), end + cues.LOOK))
    if not m:
        return False
    second = _fold_word(m.group(1))
    return not (cues.is_name(second) or second in cues.gazetteer.demonym_entries)


def _abbreviation_ok(
    text: str, start: int, key: str, candidates: list[GazetteerEntry]
) -> list[GazetteerEntry]:
    """ "Ky.", "Calif." only after "Town, "; initials ("N.Y.", "B.C.") also alone, but not
    after a number ("300 B.C." is an era)."""
    before = text[max(0, start - 2) : start]
    if key.count(".") >= 2 and key.replace(".", "").isalpha():
        head = text[max(0, start - 8) : start].rstrip()
        if head[-1:].isdigit():
            return [c for c in candidates if c.tier == TIER_COUNTRY or c.curated]
        return candidates
    if before == ", ":
        return candidates
    return [c for c in candidates if c.tier == TIER_COUNTRY or c.curated]


def _drop_other_entities(
    cues: _Cues, start: int, end: int, candidates: list[GazetteerEntry]
) -> list[GazetteerEntry]:
    """Candidates that the words around the name do not rule out.

    A person ("President Obama", "Barack Obama", "David Heymann", "Clinton said"), an
    organisation or building ("Superior Court", "Real Madrid"), or a longer place name the
    gazetteer lacks ("Mason County", "North Kivu") is not the town of that name. Countries
    are kept ("China said", "Kenya Airways" still says where).
    """
    keep_always = [c for c in candidates if c.tier in (TIER_CURATED, TIER_COUNTRY)]
    if len(keep_always) == len(candidates):
        return candidates
    key = cues.folded[start:end]
    if _INSTITUTION_OF.search(cues.before(start)):
        return keep_always
    if cues.titled(start):
        cues.people.add(key)
        return keep_always
    before = cues.word_before(start)
    if before and not cues.is_common(before):
        key_before = _fold_word(before)
        town_then_region = cues.is_name(key_before) and any(c.is_admin1 for c in candidates)
        if key_before in _COMPASS:
            return keep_always  # "West Kivu"
        if not (cues.is_country_word(key_before) or town_then_region):
            return keep_always  # "Barack Obama", "Nelson Mandela"
    after = cues.word_after(end)
    if after:
        key_after = _fold_word(after)
        if key_after in _OFFICE_WORDS:  # "California Department of Health": the state's
            candidates = [c for c in candidates if c.tier != TIER_SETTLEMENT]
        elif key_after in _FEATURE_WORDS:
            return keep_always
        if not cues.is_common(after) and not cues.is_region_word(key_after):
            # "David Heymann", "Vladimir Putin", "Superior Court"; but a state's offices
            # ("California Department of Health", "NSW Primary Industries") are about it.
            dropped = (
                (TIER_SETTLEMENT,) if key_after in _OFFICE_WORDS else (TIER_SETTLEMENT, TIER_AREA)
            )
            candidates = [c for c in candidates if c.tier not in dropped]
    if (
        (_SPEAKS_AFTER.match(cues.text, end) and not _LOCATIVE_BEFORE.search(cues.before(start)))
        or _SPEAKER_BEFORE.search(cues.before(start))
        or _AGE_AFTER.match(cues.text, end)
    ):
        # A capital or a big city speaks for its government ("Beijing said"); a town does not.
        speaks = [c for c in candidates if c.capital or c.population >= SPEAKING_CITY]
        if not speaks:
            if any(c.tier == TIER_SETTLEMENT for c in candidates):
                cues.people.add(key)
            candidates = [c for c in candidates if c.tier != TIER_SETTLEMENT]
    return candidates or keep_always


def _similar(alias: str, main: str) -> bool:
    """An alternate spelling of the same name ("Kiev"/"Kyiv", "Gyandzha"/"Ganja"), not
    another name altogether ("White House" for Casablanca, "Molotov" for Perm): spellings of
    one name start alike (q/k, c/k, j/dj and y/i taken as one)."""
    a, b = _ascii(alias), _ascii(main)
    if not a or not b:
        return True
    return _first_sound(a) == _first_sound(b) or a in b or b in a


def _first_sound(name: str) -> str:
    return {"q": "k", "c": "k", "j": "d", "y": "i", "x": "k"}.get(name[0], name[0])


def _ascii(name: str) -> str:
    flat = unicodedata.normalize("NFKD", fold(name)).encode("ascii", "ignore").decode()
    return flat.replace(" ", "")


def _score(entry: GazetteerEntry, context: set[str]) -> float:
    if entry.kind == "country":
        score = SCORE_COUNTRY
    elif entry.kind == "region" and not entry.country and entry.key.startswith("gn:"):
        score = SCORE_CONTINENT
    elif entry.is_admin1:
        score = SCORE_ADMIN1
    elif entry.tier == TIER_AREA:
        score = SCORE_OTHER_AREA
    else:
        score = math.log10(entry.population + 1) + (CAPITAL_BONUS if entry.capital else 0.0)
    if entry.country and entry.country in context:
        score += CONTEXT_BONUS
    if entry.admin1 and entry.admin1 in context:
        score += ADMIN1_CONTEXT_BONUS
    elif entry.is_admin1 and f"{entry.country}:admin1" in context:
        score += ADMIN1_CONTEXT_BONUS  # the text names this country's states or provinces
    return score


def candidate_score(entry: GazetteerEntry, context: set[str]) -> float:
    """How strongly a name means ``entry`` in a text about ``context`` (the score
    :func:`resolve` ranks candidates by, before its same-name-city rule): for a review that
    lists a name's candidates in the order the geoparser weighs them."""
    return _score(entry, context)


def resolve(
    candidates: tuple[GazetteerEntry, ...], context: set[str], key: str = ""
) -> GazetteerEntry | None:
    """The place a name means: curated first; then the best score, in which a country
    outranks a state or province, which outranks all but the largest cities, each place in a
    country (or state) the text names gains, and a capital gains (so "Washington" is the US
    capital, "Georgia" the US state in a text about the US and the country otherwise).
    Small places need their country in the text.

    ``context``: ISO country codes and GeoNames admin-1 codes ("US", "US.TX") the text names.
    ``key`` is the folded name that matched: a settlement matched only by one of its
    alternate names (not its main name) needs context or a large population.
    """
    curated = [c for c in candidates if c.tier == TIER_CURATED]
    if curated:
        return curated[0]
    if key:
        # Another name altogether ("White House" for Casablanca, "Molotov" for Perm Krai) is
        # that place only where the text is about its state (a town) or country (a region).
        candidates = tuple(
            c
            for c in candidates
            if c.tier in (TIER_COUNTRY, TIER_CURATED)
            or (c.tier == TIER_AREA and not c.is_admin1)  # districts' names are vetted
            or c.folded_name == key
            or _similar(key, c.name)
            or (c.admin1 if c.tier == TIER_SETTLEMENT else c.country) in context
        )
        if not candidates:
            return None
    # first-level regions of this name, by code: a big city in one is named after it
    # ("New York" for New York City, "Istanbul")
    regions = {
        (c.country, c.admin1): _score(c, context) for c in candidates if c.is_admin1 and c.admin1
    }

    def score(c: GazetteerEntry) -> float:
        s = _score(c, context)
        if (
            c.tier == TIER_SETTLEMENT
            and c.population >= SAME_NAME_CITY
            and (c.country, c.admin1) in regions
        ):
            # the city, unless the text names other states of its country ("New Jersey and
            # New York"): then the state
            if f"{c.country}:admin1" in context:
                s = max(s, SCORE_ADMIN1 + SAME_NAME_BONUS)
            else:
                s = max(s, regions[(c.country, c.admin1)] + SAME_NAME_BONUS)
        return s

    # Ties: a country before a region of the same score ("Niger" in a text about Nigeria),
    # then the more populous (a region's population is that of its towns in the slice).
    _, _, _, _, best = max(
        (score(c), c.tier == TIER_COUNTRY, c.population, -i, c) for i, c in enumerate(candidates)
    )
    if best.tier != TIER_SETTLEMENT:
        return best
    if best.country in context:
        return best
    if best.population < MIN_SETTLEMENT_WITHOUT_CONTEXT:
        return None
    if key and best.folded_name != key and best.population < MIN_ALTERNATE_NAME_WITHOUT_CONTEXT:
        return None
    return best


def _context(spans: list[_Span], gazetteer: Gazetteer) -> set[str]:
    """Countries and first-level regions the text names without doubt: a name whose every
    reading (a country, a region, a district, a nationality word, or a town big enough to be
    meant without context) lies in one country. "Georgia" (a country and a US state) or
    "Paris" (France, Texas) decides nothing; "Texas" says the US and US.TX, and also that the
    text names US states ("US:admin1"), so another state's name is read as a state.
    """
    context: set[str] = set()
    for span in spans:
        if span.demonym is not None:
            context.add(span.demonym.country)
            continue
        pool = list(span.candidates)
        if any(c.tier == TIER_CURATED for c in pool):  # its gazetteer twin knows the country
            pool = [t for c in pool if c.curated for t in gazetteer.twins_of(c)]
        readings = [
            c
            for c in pool
            if (c.tier != TIER_SETTLEMENT or c.population >= MIN_SETTLEMENT_WITHOUT_CONTEXT)
            and (
                (c.tier != TIER_SETTLEMENT and not c.is_admin1)
                or c.folded_name == span.key
                or _similar(span.key, c.name)
            )
        ]
        countries = {c.country for c in readings}
        areas = [c for c in readings if c.tier != TIER_SETTLEMENT]
        if (
            len(countries) > 1
            and len(areas) == 1
            and areas[0].is_admin1
            and not any(c.population >= SAME_NAME_CITY for c in readings if c not in areas)
        ):
            # "Virginia" (a US state, and a town in South Africa) does not say the country,
            # but it does say that the text names states of one: "Georgia" is the state
            context.add(f"{areas[0].country}:admin1")
        if len(countries) != 1 or not areas:
            continue
        (country,) = countries
        context.add(country)
        regions = {c.admin1 for c in readings if c.is_admin1}
        if len(regions) == 1 and all(c.is_admin1 or c.tier == TIER_SETTLEMENT for c in readings):
            context.update(regions)
            if not any(c.population >= SAME_NAME_CITY for c in readings if not c.is_admin1):
                # "Texas" says the text names states; "New York" may be the city
                context.add(f"{country}:admin1")
    context.discard("")
    return context


def _roughly_km(a: GazetteerEntry, b: GazetteerEntry) -> float:
    """Distance on an equirectangular projection: exact enough at the scale of a province,
    and cheap (geoparse does not import the map code's haversine, which brings folium)."""
    mean_lat = math.radians((a.lat + b.lat) / 2)
    dx = math.radians(b.lon - a.lon) * math.cos(mean_lat)
    dy = math.radians(b.lat - a.lat)
    return 6371.0 * math.hypot(dx, dy)


def _in_place(town: _Span, region: GazetteerEntry) -> list[GazetteerEntry]:
    """The candidates of ``town`` that lie in ``region`` (a country or a state).

    A town lies in a first-level region when GeoNames gives it that region's code; where
    Natural Earth's first-level units are finer than GeoNames' (English counties under
    "GB.ENG", Philippine provinces under their regions: "Ipswich, Suffolk", "Pandi,
    Bulacan"), a town of the same country near the region's point does.
    """
    if region.kind == "country":
        return [c for c in town.candidates if c.country == region.country and c is not region]
    if region.is_admin1:
        inside = [
            c
            for c in town.candidates
            if region.admin1 and c.admin1 == region.admin1 and c is not region
        ]
        if inside:
            return inside
        return [
            c
            for c in town.candidates
            if c.country == region.country
            and c.tier == TIER_SETTLEMENT
            and _roughly_km(c, region) <= NEAR_REGION_KM
        ]
    return []


def _town_region_pairs(
    text: str, spans: list[_Span], context: set[str]
) -> tuple[dict[int, GazetteerEntry], set[int]]:
    """ "Oxford, North Carolina", "Atlanta, Georgia", "London Ontario": a place followed by
    its state or country is the one there, and the region is the one that has it. Returns
    span index -> entry (for both names), and the spans to drop: a town whose state is named
    but which the gazetteer does not have there (better no point than one in England)."""
    by_start: dict[int, list[int]] = {}
    for i, span in enumerate(spans):
        by_start.setdefault(span.start, []).append(i)
    chosen: dict[int, GazetteerEntry] = {}
    dropped: set[int] = set()
    for i, span in enumerate(spans):
        if span.demonym is not None:
            continue
        for gap in (", ", " "):
            if text[span.end : span.end + len(gap)] != gap:
                continue
            nxt = [j for j in by_start.get(span.end + len(gap), ()) if spans[j].candidates]
            if not nxt:
                continue
            j = max(nxt, key=lambda k: spans[k].end)  # the longest name there
            regions = [c for c in spans[j].candidates if c.tier in (TIER_COUNTRY, TIER_AREA)]
            regions.sort(key=lambda c: -_score(c, context))
            for region in regions:
                inside = _in_place(span, region)
                if inside:
                    chosen[i] = max(inside, key=lambda c: (_score(c, context), c.population))
                    chosen[j] = region
                    break
            else:
                if (
                    regions
                    and gap == ", "
                    and all(c.tier == TIER_SETTLEMENT for c in span.candidates)
                ):
                    dropped.add(i)
            break
    return chosen, dropped


# Between two items of a list: "Utah, Washington and Wyoming". A name looks at most this
# many items either way (a text that repeats a list 100,000 times stays linear).
LIST_LOOK = 6
_LIST_GAP = re.compile(r",?[ \t]+(?:and|or)[ \t]+|,[ \t]+")
_STATE_OF = re.compile(r"\b(?:state|province|states|provinces)[ \t]+of[ \t]+$", re.IGNORECASE)


def _start(span: _Span) -> int:
    return span.start


def _states_in_lists(
    text: str, resolved: list[tuple[_Span, GazetteerEntry, str]], pinned: set[int]
) -> list[tuple[_Span, GazetteerEntry, str]]:
    """A name in a list of states is a state ("Utah, Washington and Wyoming": not the US
    capital), and so is one after "the state of" ("in the state of Washington").

    ``pinned``: starts of names a "Town, Region" pair already decided ("Washington, D.C.")."""
    places = sorted(
        (i for i, (_, _, kind) in enumerate(resolved) if kind == "place"),
        key=lambda i: resolved[i][0].start,
    )
    out = list(resolved)
    for n, i in enumerate(places):
        span, entry, kind = resolved[i]
        if entry.is_admin1 or span.start in pinned:
            continue
        # not a city's own region ("Cairo" the governorate for Cairo): that is no other place
        states = [
            c
            for c in span.candidates
            if c.is_admin1
            and (c.country, c.admin1) != (entry.country, entry.admin1)
            and _roughly_km(c, entry) > NEAR_REGION_KM
        ]
        if not states:
            continue
        by_country = {c.country: c for c in states}
        if _STATE_OF.search(text, max(0, span.start - 24), span.start) and len(states) == 1:
            out[i] = (span, states[0], kind)
            continue
        # the other items of the list this name stands in, walking out both ways
        items = []
        for step in (-1, 1):
            k = n
            while 0 <= k + step < len(places) and abs(k + step - n) <= LIST_LOOK:
                a, b = sorted((resolved[places[k]][0], resolved[places[k + step]][0]), key=_start)
                if not _LIST_GAP.fullmatch(text, a.end, b.start):
                    break
                k += step
                items.append(resolved[places[k]][1])
        for country, state in by_country.items():
            # two states of one country besides it: "Ohio and Washington" alone may be the
            # capital and a state, "Oregon, Washington and Idaho" are three states
            if sum(1 for e in items if e.is_admin1 and e.country == country) >= 2:
                out[i] = (span, state, kind)
                break
    return out


def _sentence_start_ok(
    text: str, span: _Span, entry: GazetteerEntry, context: set[str], cues: _Cues
) -> bool:
    if entry.tier != TIER_SETTLEMENT or " " in span.key or entry.country in context:
        return True
    if entry.population >= MIN_SENTENCE_START_WITHOUT_CONTEXT:
        return True
    return not cues.at_sentence_start(span.start)


def find_mentions(text: str, gazetteer: Gazetteer) -> list[Mention]:
    """Place mentions in ``text`` in text order, non-overlapping, longest match first.

    Nationality words come back as mentions of kind "demonym" (linked to their country).
    """
    if not text:
        return []
    folded = fold(text)
    spans = _raw_spans(text, folded, gazetteer)
    context = _context(spans, gazetteer)
    chosen, dropped = _town_region_pairs(text, spans, context)
    for named in chosen.values():  # "Atlanta, Georgia" says the text is about the US state
        context.update(code for code in (named.country, named.admin1) if code)
    # One sense per text: a name pinned by "Santa Ana, California" is that place everywhere.
    pinned = {spans[i].key: entry for i, entry in chosen.items()}
    cues = _Cues(text, folded, gazetteer)
    resolved: list[tuple[_Span, GazetteerEntry, str]] = []
    # A name resolves the same way wherever it stands (same candidates, same context): a text
    # that repeats one name 100,000 times resolves it once.
    memo: dict[tuple[str, tuple[str, ...]], GazetteerEntry | None] = {}
    for i, span in enumerate(spans):
        if span.demonym is not None:
            resolved.append((span, gazetteer.curated_twin(span.demonym) or span.demonym, "demonym"))
            continue
        if i in dropped:
            continue
        entry = chosen.get(i) or pinned.get(span.key)
        if entry is None:
            memo_key = (span.key, tuple(c.key for c in span.candidates))
            if memo_key not in memo:
                memo[memo_key] = resolve(span.candidates, context, span.key)
            entry = memo[memo_key]
        if entry is None or not _sentence_start_ok(text, span, entry, context, cues):
            continue
        resolved.append((span, gazetteer.curated_twin(entry) or entry, "place"))
    resolved = _states_in_lists(text, resolved, {spans[i].start for i in chosen})
    # Longest first; ties by position. Keep a span only if it overlaps nothing kept.
    resolved.sort(key=lambda se: (-(se[0].end - se[0].start), se[0].start))
    taken = Coverage(len(text))
    mentions = []
    for span, entry, kind in resolved:
        if taken.overlaps(span.start, span.end):
            continue
        taken.take(span.start, span.end)
        mentions.append(
            Mention(
                span.start,
                span.end,
                text[span.start : span.end],
                entry,
                max(1, len(span.candidates)),
                kind,
            )
        )
    mentions.sort(key=lambda m: m.start)
    return mentions

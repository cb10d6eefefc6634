"""Turn any article text into a draft dataset: places, dated events, and the cleaned text.

A draft is a starting point for a person, not a finished dataset: every event's quote is the
sentence it comes from, verbatim from ``clean_article(text).plain_text()`` (so the loader's
checks pass and the editor can see why each row exists), places come from ``geoparse`` and
dates from ``date_extract``. The CSVs it writes have the same columns as ``geodata/`` and load
with ``load_dataset``; the CLI (``python -m articlemap extract``) and the "Your article" page
both use this module.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypedDict, Unpack

import pandas as pd

from articlemap import export
from articlemap.article_text import Article, LayoutHints, clean_article, to_markdown
from articlemap.dataset import ARTICLE_FILE, Dataset, attach_places, attach_related, sort_events
from articlemap.date_extract import DateMention, find_dates
from articlemap.gazetteer import Gazetteer, GazetteerEntry
from articlemap.geoparse import Mention, find_mentions
from articlemap.limits import DEFAULT_LIMITS, Limits
from articlemap.loading import ELISION, RowError, parse_events, parse_places
from articlemap.paths import AREAS_GEOJSON, EVENTS_CSV, GEODATA_DIR, PLACES_CSV, WORLD_GEOJSON
from articlemap.schema import (
    EVENT_OPTIONAL_COLUMNS,
    PLACE_COLUMNS,
    Event,
    Place,
    event_columns,
)
from articlemap.spans import SpanIndex
from articlemap.story import StoryMeta, default_meta

Progress = Callable[[float, str], None]

# Checked in this order; the first that matches decides (as stated in the issue).
CATEGORY_KEYWORDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (category, re.compile(pattern, re.IGNORECASE))
    for category, pattern in (
        ("agreement", r"\b(?:cease-?fires?|agreements?|agreed|accords?|memorand\w*|treat\w*)\b"),
        (
            "conflict",
            r"\b(?:attack\w*|rockets?|shell\w*|missiles?|offensive|fired|killed|war|battles?|"
            r"troops|bomb\w*|invad\w*|invasion|clash\w*|fighting|occup\w*)\b",
        ),
        ("diplomacy", r"\b(?:meetings?|met|talks|negotiat\w*|visit\w*|conference|summit)\b"),
        ("law", r"\b(?:resolutions?|courts?|trials?|ruling|ruled|laws?|decrees?|sanctions?)\b"),
        (
            "economy",
            r"\b(?:econom\w*|trade|markets?|prices?|budget|investment\w*|oil|gas|pipelines?|"
            r"compan(?:y|ies)|jobs|inflation)\b",
        ),
        (
            "statement",
            r"\b(?:address\w*|speech\w*|speaking|spoke|statements?|interview\w*|announc\w*|"
            r"declared|said)\b",
        ),
        (
            "society",
            r"\b(?:protests?|strikes?|refugees?|schools?|hospitals?|"
            r"festivals?|earthquakes?|floods?|storms?)\b",
        ),
    )
)
DEFAULT_CATEGORY = "politics"
TITLE_CHARS = 90

# A period after these is not the end of a sentence ("Mr. Smith", "N. Pashinyan", "D.C.").
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "no",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "u.s",
        "u.k",
        "d.c",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "gen",
        "col",
        "lt",
        "sgt",
        "rev",
        "jr",
        "sr",
        "inc",
        "ltd",
        "co",
        "corp",
        "dept",
        "univ",
        "approx",
    ]
)
_LONGEST_ABBREVIATION = 8 + max(len(a) for a in _ABBREVIATIONS)
_SENTENCE_BREAK = re.compile(r"[.!?…][”’\"')\]»]*\s+(?=[“\"‘'(\[«]?[A-Z0-9À-ÖØ-Þ])")


@dataclass(frozen=True)
class Draft:
    """The extraction of one text: cleaned article, places, dated events, raw matches."""

    article: Article
    places: tuple[Place, ...]
    events: tuple[Event, ...]
    mentions: tuple[Mention, ...]
    dates: tuple[DateMention, ...]
    # What a cap left out or cut ("only the first 2,000 dates became events …"): shown to
    # the person, so a bounded draft never looks complete when it is not.
    limit_notes: tuple[str, ...] = field(default=())

    @property
    def text(self) -> str:
        return self.article.plain_text()

    @property
    def meta(self) -> StoryMeta:
        """A draft's story metadata: its title and byline as found, the generic categories."""
        meta = default_meta(self.article.title or "Your article")
        return replace(meta, author=self.article.author)

    def dataset(self) -> Dataset:
        by_id = {p.id: p for p in self.places}
        return Dataset(
            places=list(self.places),
            events=sort_events(attach_places(list(self.events), by_id)),
            article=self.article,
            name="draft",
            meta=self.meta,
        )

    def places_csv(self) -> str:
        return export.places_csv(self.dataset())

    def events_csv(self) -> str:
        return export.events_csv(self.dataset())

    def article_md(self, source: str | None = None) -> str:
        return to_markdown(self.article, source=source)


# --------------------------------------------------------------------------- sentences


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; never across a blank line (a block boundary)."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for block in text.split("\n\n"):
        start = 0
        for match in _SENTENCE_BREAK.finditer(block):
            # Only the last word matters; a bounded look-back keeps a long run of
            # abbreviations ("Mr. A, Mr. B, …") from re-reading the sentence each time.
            look = max(start, match.start() - _LONGEST_ABBREVIATION)
            word = re.search(r"(\S+)$", block[look : match.start()])
            token = (word.group(1) if word else "").lower().lstrip("(“\"'")
            if (len(token) == 1 and token.isalpha()) or token in _ABBREVIATIONS:
                continue
            end = match.start() + len(match.group(0).rstrip())
            spans.append((offset + start, offset + end))
            start = match.end()
        rest = block[start:].rstrip()
        if rest.strip():
            lead = len(rest) - len(rest.lstrip())
            spans.append((offset + start + lead, offset + start + len(rest)))
        offset += len(block) + 2
    return [(s, e) for s, e in spans if text[s:e].strip()]


# --------------------------------------------------------------------------- records


# Letters NFKD does not take apart into an ASCII letter and a mark.
_UNDECOMPOSABLE = str.maketrans({"ə": "e", "Ə": "e", "ı": "i", "ł": "l", "ø": "o"})


def slug(text: str) -> str:
    """An id made of lower-case ASCII letters, digits and hyphens ("" when none remain)."""
    text = text.translate(_UNDECOMPOSABLE)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def guess_category(sentence: str) -> str:
    for category, pattern in CATEGORY_KEYWORDS:
        if pattern.search(sentence):
            return category
    return DEFAULT_CATEGORY


def _title(sentence: str) -> str:
    sentence = " ".join(sentence.split())
    if len(sentence) <= TITLE_CHARS:
        return sentence
    cut = sentence[: TITLE_CHARS - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:–- ") + "…"


class _Ids:
    """Unique ids from a base ("2020-10-17-ganja", then "-2", "-3" …) in constant time per
    id: a text with 20,000 dates at one place must not try 20,000 suffixes for the last."""

    def __init__(self, taken: set[str] | None = None) -> None:
        self.used: set[str] = set(taken or ())
        self._next: dict[str, int] = {}

    def make(self, base: str) -> str:
        candidate, n = base, self._next.get(base, 2)
        if candidate in self.used:
            candidate = f"{base}-{n}"
            while candidate in self.used:
                n += 1
                candidate = f"{base}-{n}"
            self._next[base] = n + 1
        self.used.add(candidate)
        return candidate


def _place_for(entry: GazetteerEntry, surfaces: list[str], place_id: str) -> Place:
    written = list(dict.fromkeys(s for s in surfaces if s != entry.name))
    if entry.curated:
        other = tuple(dict.fromkeys([*entry.names[1:], *written]))
        note = "Curated place of this project (geodata/places.csv)."
    else:
        other = tuple(written)
        note = "Draft from the offline gazetteer: check the place."
    counts = ", ".join(f"“{s}” ×{n}" for s, n in Counter(surfaces).items())
    return Place(
        id=place_id,
        name=entry.name,
        kind=entry.kind,
        lat=round(entry.lat, 4),
        lon=round(entry.lon, 4),
        source=entry.source or entry.key,
        other_names=tuple(n for n in other if n and ";" not in n),
        inferred=False,
        area_id=entry.area_id,
        note=f"{note} In the text: {counts}.",
    )


def draft_places(
    mentions: Sequence[Mention], limit: int | None = None
) -> tuple[list[Place], dict[str, str]]:
    """One place per resolved entry (in order of first mention, the first ``limit`` of them)
    and entry key -> place id."""
    surfaces: dict[str, list[str]] = {}
    entries: dict[str, GazetteerEntry] = {}
    for m in mentions:
        if m.entry.key not in entries and limit is not None and len(entries) >= limit:
            continue
        entries.setdefault(m.entry.key, m.entry)
        surfaces.setdefault(m.entry.key, []).append(m.surface)
    used = _Ids({e.place_id for e in entries.values() if e.curated})
    ids: dict[str, str] = {}
    places = []
    for key, entry in entries.items():
        if entry.curated:
            pid = entry.place_id
        else:
            base = slug(entry.name) or "place"
            if base in used.used and entry.country:
                base = f"{base}-{entry.country.lower()}"
            pid = used.make(base)
        ids[key] = pid
        places.append(_place_for(entry, surfaces[key], pid))
    return places, ids


_CLAUSE_BREAK = re.compile(r"[,;:–—]\s+|\s+[–—]\s+")


def clip_quote(text: str, start: int, end: int, focus: tuple[int, int], limit: int) -> str:
    """The sentence ``text[start:end]``, or, when longer than ``limit``, the clauses around
    ``focus`` (the date) that fit, with "…" where it was cut.

    What is kept is verbatim, so the loader's check (quote found in the article, after
    taking off the marks of a cut) still holds.
    """
    if end - start <= limit:
        return text[start:end]
    f_start, f_end = focus
    budget = max(limit - (f_end - f_start), 0)
    lo = max(start, f_start - budget // 2)
    hi = min(end, lo + limit)
    lo = max(start, min(lo, hi - limit))
    # Snap inwards to clause boundaries (else word boundaries) so no word is cut in half.
    if lo > start:
        breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, lo, f_start)]
        lo = breaks[0] if breaks else _next_word(text, lo, f_start)
    if hi < end:
        breaks = [m.start() for m in _CLAUSE_BREAK.finditer(text, f_end, hi)]
        hi = breaks[-1] if breaks else _prev_word(text, hi, f_end)
    core = text[lo:hi].strip()
    return (ELISION if lo > start else "") + core + (ELISION if hi < end else "")


def _next_word(text: str, pos: int, limit: int) -> int:
    space = text.find(" ", pos, limit)
    return space + 1 if space != -1 else pos


def _prev_word(text: str, pos: int, limit: int) -> int:
    space = text.rfind(" ", limit, pos)
    return space if space != -1 else pos


def draft_events(
    text: str,
    mentions: Sequence[Mention],
    dates: Sequence[DateMention],
    place_ids: dict[str, str],
    limits: Limits = DEFAULT_LIMITS,
) -> tuple[list[Event], list[str]]:
    """One event per date: the quote is its sentence (cut around the date when very long);
    the places are those in the sentence, else those of the sentence before it in the same
    paragraph. At most ``limits.events`` events; the notes say what a cap did."""
    spans = sentences(text)
    events: list[Event] = []
    ids = _Ids()
    by_mention = SpanIndex([m for m in mentions if m.entry.key in place_ids])
    by_date = SpanIndex(dates)
    cut = 0

    def places_in(start: int, end: int) -> list[str]:
        return list(dict.fromkeys(place_ids[m.entry.key] for m in by_mention.inside(start, end)))

    for i, (s, e) in enumerate(spans):
        in_sentence = by_date.inside(s, e)
        if not in_sentence:
            continue
        pids = places_in(s, e)
        borrowed = False
        if not pids and i > 0 and "\n\n" not in text[spans[i - 1][0] : s]:
            pids, borrowed = places_in(*spans[i - 1]), True
        for d in in_sentence:
            if len(events) >= limits.events:
                notes = [limits.events_message(len(dates))]
                return events, notes + ([limits.quote_message(cut)] if cut else [])
            quote = clip_quote(text, s, e, (d.start, d.end), limits.quote_chars)
            clipped = len(quote) != e - s
            cut += clipped
            category = guess_category(quote)
            notes = ["Draft: extracted automatically."]
            if d.year_from_context:
                notes.append("The year is taken from another date in the text.")
            if borrowed and pids:
                notes.append("Places from the sentence before.")
            if clipped:
                notes.append("The sentence is long: the quote is the part around the date.")
            anchor = pids[0] if pids else category
            events.append(
                Event(
                    id=ids.make(f"{d.date_start.isoformat()}-{anchor}"),
                    title=_title(quote.strip(ELISION)),
                    date_start=d.date_start,
                    date_end=d.date_end,
                    date_precision=d.precision,
                    date_as_written=d.surface,
                    category=category,
                    place_ids=tuple(pids),
                    quote=quote,
                    note=" ".join(notes),
                )
            )
    return events, [limits.quote_message(cut)] if cut else []


_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _without_control_chars(article: Article) -> Article:
    """The article with control characters dropped from every text (a PDF or Word file can
    carry them; the stored article.md must be text the loader accepts)."""
    blocks = tuple(replace(b, text=_CONTROL_CHARS.sub("", b.text)) for b in article.blocks)
    return replace(
        article,
        title=_CONTROL_CHARS.sub("", article.title),
        author=_CONTROL_CHARS.sub("", article.author),
        author_role=_CONTROL_CHARS.sub("", article.author_role),
        blocks=blocks,
    )


class ExtractOptions(TypedDict, total=False):
    """What a person may ask of an extraction (the keyword arguments of the two below)."""

    limits: Limits  # caps on places, events and quotes (default: DEFAULT_LIMITS)
    # The article's date, if known: weekdays such as "on Tuesday" are resolved against it
    # (or against a dateline in the text).
    published: dt.date | None
    # Also put the countries of nationality words ("Russian", "Turkish") on the map (off
    # by default: "Russian officials" says who, not where).
    map_demonyms: bool


def build_draft(
    raw: str,
    gazetteer: Gazetteer,
    progress: Progress | None = None,
    **options: Unpack[ExtractOptions],
) -> Draft:
    """Clean ``raw`` as plain text (paragraphs separated by blank lines), then extract
    (``options``: :class:`ExtractOptions`).

    Control characters (NUL and the like) are dropped first: the stored article.md must be
    text the loader accepts, and they carry nothing a reader sees.
    """
    if progress is not None:
        progress(0.1, "Cleaning the text…")
    article = clean_article(_CONTROL_CHARS.sub("", raw), LayoutHints())
    return draft_from_article(article, gazetteer, progress, **options)


def draft_from_article(
    article: Article,
    gazetteer: Gazetteer,
    progress: Progress | None = None,
    limits: Limits = DEFAULT_LIMITS,
    *,
    published: dt.date | None = None,
    map_demonyms: bool = False,
) -> Draft:
    """Find places, dates and events in an already cleaned article (the options are
    :class:`ExtractOptions`)."""

    def step(fraction: float, message: str) -> None:
        if progress is not None:
            progress(fraction, message)

    article = _without_control_chars(article)
    text = article.plain_text()
    step(0.35, "Finding places…")
    mentions = [m for m in find_mentions(text, gazetteer) if m.kind == "place" or map_demonyms]
    step(0.6, "Finding dates…")
    dates = find_dates(text, published=published)
    step(0.8, "Pairing dates with places…")
    places, ids = draft_places(mentions, limits.places)
    events, notes = draft_events(text, mentions, dates, ids, limits)
    found = len({m.entry.key for m in mentions})
    if found > len(places):
        notes.insert(0, limits.places_message(found))
    step(1.0, f"Found {len(places)} places and {len(events)} dated events.")
    return Draft(article, tuple(places), tuple(events), tuple(mentions), tuple(dates), tuple(notes))


def write_draft(draft: Draft, out_dir: Path | str, source: str | None = None) -> list[Path]:
    """Write places.csv, events.csv and article.md (UTF-8, LF) into ``out_dir``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files = {
        PLACES_CSV: draft.places_csv(),
        EVENTS_CSV: draft.events_csv(),
        ARTICLE_FILE: draft.article_md(source),
    }
    paths = []
    for name, content in files.items():
        path = out / name
        path.write_text(content, encoding="utf-8", newline="\n")
        paths.append(path)
    return paths


# --------------------------------------------------------------------------- editable tables


def table_frames(ds: Dataset) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Places and events as all-text tables with the CSV columns (for st.data_editor): a
    draft's (``Draft.dataset()``), or a saved story's when it is edited."""
    places = pd.DataFrame([export.place_row(p) for p in ds.places], columns=list(PLACE_COLUMNS))
    # Every optional column too, so a person can fill one in that no event uses yet
    # (``used_event_columns`` leaves it out of the CSV again while it stays empty).
    events = pd.DataFrame(
        [export.event_row(e) for e in ds.events],
        columns=list(event_columns(EVENT_OPTIONAL_COLUMNS)),
    )
    return places.astype("string"), events.astype("string")


def used_event_columns(frame: pd.DataFrame) -> tuple[str, ...]:
    """The columns to write an edited events table with: the required ones, and each
    optional one that some row fills in (``schema.event_columns``)."""
    return event_columns(
        c
        for c in EVENT_OPTIONAL_COLUMNS
        if c in frame.columns and any(_cell(v).strip() for v in frame[c])
    )


def frame_csv(frame: pd.DataFrame, columns: Sequence[str]) -> str:
    """An edited table back to CSV text in the schema's column order (empty cells as "")."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for row in frame.to_dict("records"):
        writer.writerow({c: _cell(row.get(c)) for c in columns})
    return out.getvalue()


def cell_text(value: object) -> str:
    """A table cell as text ("" for a missing one)."""
    return _cell(value)


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return ""
    return str(value)


def read_tables(
    places_csv: str, events_csv: str, article: Article | None, meta: StoryMeta
) -> tuple[list[Place], list[Event], list[RowError]]:
    """The valid rows of (possibly edited) tables, with every problem of the others."""
    places, errors = parse_places(places_csv, PLACES_CSV)
    by_id = {p.id: p for p in places}
    text = article.plain_text() if article is not None else None
    events, event_errors = parse_events(
        events_csv, set(by_id), text, EVENTS_CSV, categories=[c.id for c in meta.categories]
    )
    return places, attach_related(attach_places(events, by_id)), errors + event_errors


# --------------------------------------------------------------------------- map


def places_without_dates(places: Sequence[Place], events: Sequence[Event]) -> list[Place]:
    """The draft's places that no dated event uses (drawn as plain points, so every found
    place is on the map)."""
    used = {p for e in events if e.is_dated for p in e.place_ids}
    return [p for p in places if p.id not in used]


def area_lookup(directory: Path | str = GEODATA_DIR) -> tuple[dict[str, dict], dict[str, str]]:
    """Polygon geometry and name by area id, from the committed areas and countries, so the
    districts and regions of a draft are drawn like on the Map page."""
    geometry: dict[str, dict] = {}
    names: dict[str, str] = {}
    for name in (AREAS_GEOJSON, WORLD_GEOJSON):
        path = Path(directory) / name
        if not path.is_file():
            continue
        for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
            props = feature.get("properties") or {}
            if props.get("id") and feature.get("geometry"):
                geometry[props["id"]] = feature["geometry"]
                names[props["id"]] = props.get("name", "")
    return geometry, names

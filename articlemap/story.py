"""A story's metadata: who wrote the article, whose account it is, and how the app shows it.

Everything the pages used to hard-code for the built-in article (title, byline, the line
origin, the categories, the opening window) lives here, read from ``story.toml`` beside the
data files, so any article can become a story of its own.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field

import tomli_w

from articlemap.loading import DataValidationError, RowError
from articlemap.map_view import MapView
from articlemap.slugs import slugify

STORY_FILE = "story.toml"
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
IDENT = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
UNKNOWN_COLOUR = "#444444"


@dataclass(frozen=True)
class Category:
    """A kind of event, with the label and map colour people see."""

    id: str
    label: str
    colour: str


@dataclass(frozen=True)
class TimeSpan:
    """A named span of time (a story's opening window or its Timeline's first view)."""

    start: dt.date
    end: dt.date
    label: str = ""


# Colours from the colour-blind-safe Okabe-Ito palette, plus a violet and a grey.
GENERIC_CATEGORIES: tuple[Category, ...] = (
    Category("conflict", "Conflict", "#D55E00"),
    Category("agreement", "Agreement", "#E69F00"),
    Category("diplomacy", "Diplomacy", "#0072B2"),
    Category("statement", "Statement", "#CC79A7"),
    Category("politics", "Politics", "#7F7F7F"),
    Category("economy", "Economy", "#009E73"),
    Category("society", "Society", "#56B4E9"),
    Category("law", "Law and courts", "#6B4C9A"),
)
GENERIC_LINK_CATEGORIES: tuple[str, ...] = ("diplomacy", "agreement", "statement")


@dataclass(frozen=True)
class StoryMeta:
    """What ``story.toml`` holds; only ``id`` and ``title`` are required."""

    id: str
    title: str
    author: str = ""
    outlet: str = ""
    published: dt.date | None = None
    language: str = "en"
    # Shown on every page: whose account this is ("The author's account — …").
    perspective: str = ""
    source_url: str = ""
    licence: str = ""
    # Lines are drawn from this place to the places of events in ``link_categories``.
    origin_place_id: str = ""
    link_categories: tuple[str, ...] = GENERIC_LINK_CATEGORIES
    categories: tuple[Category, ...] = GENERIC_CATEGORIES
    default_window: TimeSpan | None = None
    timeline_span: TimeSpan | None = None
    home_view: MapView | None = None
    about: str = ""  # optional extra Markdown for the About page
    extra: Mapping[str, object] = field(default_factory=dict, compare=False, repr=False)

    @property
    def colours(self) -> dict[str, str]:
        return {c.id: c.colour for c in self.categories}

    @property
    def labels(self) -> dict[str, str]:
        return {c.id: c.label for c in self.categories}

    def colour(self, category: str) -> str:
        return self.colours.get(category, UNKNOWN_COLOUR)

    def label(self, category: str) -> str:
        return self.labels.get(category) or category.replace("-", " ").capitalize()

    @property
    def byline(self) -> str:
        """``by Author, Outlet, 3 May 2021`` with whatever is known."""
        parts = [p for p in (self.author, self.outlet) if p]
        if self.published:
            parts.append(_day(self.published))
        return ", ".join(parts)

    @property
    def perspective_line(self) -> str:
        if self.perspective:
            return self.perspective
        who = f" — {self.author} —" if self.author else ""
        return (
            f"The author's account{who} as the article tells it: every event shows the "
            "passage it comes from."
        )


def source_line(meta: StoryMeta) -> str:
    """Where the story's article comes from, for the Source page: its outlet and date, its
    address and licence when the story gives them."""
    parts = ["The article's text as this story keeps it"]
    where = ", ".join(p for p in (meta.outlet, _day(meta.published)) if p)
    if where:
        parts[0] += f" ({where})"
    if meta.source_url:
        parts.append(f"source: {meta.source_url}")
    if meta.licence:
        parts.append(f"licence: {meta.licence}")
    return "; ".join(parts) + ". Place names link to the map."


def _day(day: dt.date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


def default_meta(title: str, story_id: str = "") -> StoryMeta:
    return StoryMeta(id=story_id or slugify(title) or "story", title=title.strip() or "Untitled")


class _Reader:
    """Reads one TOML table, collecting every problem instead of stopping at the first."""

    def __init__(self, table: Mapping[str, object], file: str, errors: list[RowError]):
        self.table, self.file, self.errors = table, file, errors

    def fail(self, key: str, message: str) -> None:
        self.errors.append(RowError(self.file, None, key, message))

    def text(self, key: str, required: bool = False, limit: int = 2000) -> str:
        value = self.table.get(key, "")
        if not isinstance(value, str):
            self.fail(key, f"must be text, not {type(value).__name__}")
            return ""
        value = value.strip()
        if required and not value:
            self.fail(key, "is required")
        if len(value) > limit:
            self.fail(key, f"is {len(value):,} characters long (at most {limit:,})")
            return value[:limit]
        return value

    def date(self, key: str) -> dt.date | None:
        value = self.table.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.fail(key, f"'{value}' is not a date (write YYYY-MM-DD)")
        return None

    def idents(self, key: str, default: tuple[str, ...]) -> tuple[str, ...]:
        value = self.table.get(key)
        if value is None:
            return default
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(key, "must be a list of ids")
            return default
        bad = [v for v in value if not IDENT.match(v)]
        if bad:
            self.fail(key, f"not an id: {', '.join(bad)}")
        return tuple(v for v in value if IDENT.match(v))

    def span(self, key: str) -> TimeSpan | None:
        value = self.table.get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.fail(key, "must be a table with start and end dates")
            return None
        inner = _Reader(value, self.file, self.errors)
        start, end = inner.date("start"), inner.date("end")
        label = inner.text("label", limit=80)
        if start is None or end is None:
            self.fail(key, "needs both start and end")
            return None
        if end < start:
            self.fail(key, f"ends ({end}) before it starts ({start})")
            return None
        return TimeSpan(start, end, label)

    def number(self, key: str, low: float, high: float) -> float | None:
        value = self.table.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(key, "must be a number")
            return None
        if not low <= value <= high:
            self.fail(key, f"{value} is outside {low}…{high}")
            return None
        return float(value)

    def view(self, key: str) -> MapView | None:
        value = self.table.get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.fail(key, "must be a table with lat, lon and zoom")
            return None
        inner = _Reader(value, self.file, self.errors)
        lat, lon = inner.number("lat", -90, 90), inner.number("lon", -180, 180)
        zoom = inner.number("zoom", 1, 18)
        if lat is None or lon is None or zoom is None:
            return None
        return MapView(lat, lon, int(zoom))


def read_story_toml(text: str, file: str = STORY_FILE) -> StoryMeta:
    """Check a ``story.toml``; every problem is reported at once, by file and key."""
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        problem = RowError(file, None, None, f"is not valid TOML: {exc}")
        raise DataValidationError([problem]) from None
    errors: list[RowError] = []
    r = _Reader(table, file, errors)
    story_id = r.text("id", required=True, limit=64)
    if story_id and not IDENT.match(story_id):
        r.fail("id", f"'{story_id}' must be lower-case letters, digits and hyphens")
    categories: list[Category] = []
    raw = table.get("categories")
    if raw is not None:
        if not isinstance(raw, list) or not all(isinstance(c, dict) for c in raw):
            r.fail("categories", "must be a list of [[categories]] tables")
            raw = []
        for n, entry in enumerate(raw, start=1):
            c = _Reader(entry, f"{file} [[categories]] #{n}", errors)
            cid = c.text("id", required=True, limit=64)
            label = c.text("label", limit=60) or cid.replace("-", " ").capitalize()
            colour = c.text("colour", required=True, limit=7)
            if cid and not IDENT.match(cid):
                c.fail("id", f"'{cid}' must be lower-case letters, digits and hyphens")
            if colour and not COLOUR.match(colour):
                c.fail("colour", f"'{colour}' is not a colour like #0072B2")
            if any(k.id == cid for k in categories):
                c.fail("id", f"'{cid}' is listed twice")
            categories.append(Category(cid, label, colour))
        if not categories and not errors:
            r.fail("categories", "lists no category")
    known = {"id", "title", "author", "outlet", "published", "language", "perspective"}
    known |= {"source_url", "licence", "origin_place_id", "link_categories", "categories"}
    known |= {"default_window", "timeline_span", "home_view", "about"}
    meta = StoryMeta(
        id=story_id,
        title=r.text("title", required=True, limit=300),
        author=r.text("author", limit=200),
        outlet=r.text("outlet", limit=200),
        published=r.date("published"),
        language=r.text("language", limit=20) or "en",
        perspective=r.text("perspective", limit=1000),
        source_url=r.text("source_url", limit=2000),
        licence=r.text("licence", limit=200),
        origin_place_id=r.text("origin_place_id", limit=64),
        link_categories=r.idents("link_categories", GENERIC_LINK_CATEGORIES),
        categories=tuple(categories) or GENERIC_CATEGORIES,
        default_window=r.span("default_window"),
        timeline_span=r.span("timeline_span"),
        home_view=r.view("home_view"),
        about=r.text("about", limit=20000),
        extra={k: v for k, v in table.items() if k not in known},
    )
    if meta.source_url and not re.match(r"^https?://", meta.source_url):
        r.fail("source_url", "must start with http:// or https://")
    if errors:
        raise DataValidationError(errors)
    return meta


def story_toml(meta: StoryMeta) -> str:
    """The ``story.toml`` text of ``meta`` (read back by ``read_story_toml`` unchanged)."""
    table: dict[str, object] = {"id": meta.id, "title": meta.title}
    for key in ("author", "outlet", "language", "perspective", "source_url", "licence"):
        if getattr(meta, key):
            table[key] = getattr(meta, key)
    if meta.published:
        table["published"] = meta.published
    if meta.origin_place_id:
        table["origin_place_id"] = meta.origin_place_id
    table["link_categories"] = list(meta.link_categories)
    for key in ("default_window", "timeline_span"):
        span = getattr(meta, key)
        if span is not None:
            table[key] = {"start": span.start, "end": span.end} | (
                {"label": span.label} if span.label else {}
            )
    if meta.home_view is not None:
        v = meta.home_view
        table["home_view"] = {"lat": v.lat, "lon": v.lon, "zoom": v.zoom}
    if meta.about:
        table["about"] = meta.about
    table["categories"] = [
        {"id": c.id, "label": c.label, "colour": c.colour} for c in meta.categories
    ]
    return tomli_w.dumps(table)

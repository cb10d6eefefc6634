"""Records of the dataset: what a place and an event are, and the allowed values.

The CSV files are edited by hand in a spreadsheet, so the records are the contract that
the loader checks every row against (see ``loading.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

DatePrecision = Literal["day", "range", "month", "year", "approximate", "undated"]
DATE_PRECISIONS: tuple[str, ...] = ("day", "range", "month", "year", "approximate", "undated")

Source = Literal["article", "context"]
SOURCES: tuple[str, ...] = ("article", "context")

PLACE_KINDS: tuple[str, ...] = (
    "city",
    "town",
    "district",
    "region",
    "autonomous-republic",
    "economic-region",
    "country",
    "border-section",
)

PLACE_COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "other_names",
    "kind",
    "lat",
    "lon",
    "source",
    "inferred",
    "area_id",
    "note",
)
EVENT_COLUMNS: tuple[str, ...] = (
    "id",
    "title",
    "date_start",
    "date_end",
    "date_precision",
    "date_as_written",
    "category",
    "place_ids",
    "quote",
    "note",
    "source",
    "date_source",
    "context_ref",
)
# Columns an events.csv may have or leave out (files written before them still load). They
# follow the required ones, in this order; export writes one only when an event uses it.
EVENT_OPTIONAL_COLUMNS: tuple[str, ...] = ("related",)

LIST_SEPARATOR = ";"

# The optional area_states.csv: an area's states over time, each from an event.
AREA_STATE_COLUMNS: tuple[str, ...] = (
    "area_id",
    "state_from",
    "state_to",
    "state",
    "style",
    "event_id",
    "note",
)
# How a state is drawn: a small fixed set (colours and dashes in articlemap/web/map_view.js
# and the static site's app.js), never a story's own CSS.
AREA_STYLES: tuple[str, ...] = ("changed", "contested", "default")


def event_columns(used: Iterable[str] = ()) -> tuple[str, ...]:
    """The columns to write an events.csv with: the required ones, then the optional
    columns among ``used`` (the columns some event fills in), in schema order."""
    wanted = set(used)
    return EVENT_COLUMNS + tuple(c for c in EVENT_OPTIONAL_COLUMNS if c in wanted)


@dataclass(frozen=True)
class Place:
    """A place the article names (or a venue it implies, flagged ``inferred``)."""

    id: str
    name: str
    kind: str
    lat: float
    lon: float
    source: str
    other_names: tuple[str, ...] = ()
    inferred: bool = False
    area_id: str = ""
    note: str = ""

    @property
    def label(self) -> str:
        """Name with its other names, e.g. ``Lachin / Laçın / Berdzor``."""
        return " / ".join((self.name, *self.other_names))


@dataclass(frozen=True)
class Event:
    """One event as the article tells it, with the passage it comes from."""

    id: str
    title: str
    date_start: dt.date | None
    date_end: dt.date | None
    date_precision: str
    date_as_written: str
    category: str
    place_ids: tuple[str, ...]
    quote: str
    source: str = "article"
    date_source: str = "article"
    context_ref: str = ""
    note: str = ""
    places: tuple[Place, ...] = field(default=(), compare=False, repr=False)
    # The ids of the events this row links to (events.csv ``related``, as written there).
    related: tuple[str, ...] = ()
    # The links both ways, as (id, title): this row's own and those of the rows that name
    # this one, in the story's order (computed once by ``dataset.attach_related``).
    linked: tuple[tuple[str, str], ...] = field(default=(), compare=False, repr=False)

    @property
    def is_dated(self) -> bool:
        """Both dates set (the loader sets both or neither; a half-dated event built in code
        is undated everywhere, rather than in a window for one helper and an error for another)."""
        return self.date_start is not None and self.date_end is not None

    @property
    def dates(self) -> tuple[dt.date, dt.date]:
        """(start, end) of a dated event. The loader sets both dates or neither, which the
        type checker cannot know from two optional fields; asked of an undated event: ValueError."""
        if self.date_start is None or self.date_end is None:
            raise ValueError(f"event {self.id!r} is undated")
        return self.date_start, self.date_end

    @property
    def date_label(self) -> str:
        """Normalized date for people: ``2020-10-17``, ``12–16 Jul 2020``, ``1993``."""
        return format_date_range(self.date_start, self.date_end, self.date_precision)


@dataclass(frozen=True)
class AreaState:
    """One state of an area (a district, a region) from ``state_from`` to ``state_to``
    (both days included; ``None``: still so), in the story's own neutral wording, and the
    event it comes from."""

    area_id: str
    state_from: dt.date
    state_to: dt.date | None
    state: str
    style: str
    event_id: str
    note: str = ""

    def holds_on(self, day: dt.date) -> bool:
        """Whether the area is in this state on ``day``."""
        return self.state_from <= day and (self.state_to is None or day <= self.state_to)

    @property
    def date_label(self) -> str:
        """``from 20 Nov 2020`` or ``20 Nov 2020 – 19 Nov 2021``."""
        start = f"{self.state_from.day} {self.state_from:%b %Y}"
        if self.state_to is None:
            return f"from {start}"
        return f"{start} – {self.state_to.day} {self.state_to:%b %Y}"


def format_date_range(start: dt.date | None, end: dt.date | None, precision: str) -> str:
    """Show a normalized date at the precision it is known to, not more."""
    if start is None or end is None:
        return "undated"
    prefix = "c. " if precision == "approximate" else ""
    if precision == "year":
        return f"{start.year}"
    if precision == "month":
        return start.strftime("%B %Y")
    if start == end:
        return prefix + f"{start.day} {start:%b %Y}"
    if (start.year, start.month) == (end.year, end.month):
        return prefix + f"{start.day}–{end.day} {start:%b %Y}"
    if start.year == end.year:
        return prefix + f"{start.day} {start:%b} – {end.day} {end:%b %Y}"
    return prefix + f"{start.day} {start:%b %Y} – {end.day} {end:%b %Y}"

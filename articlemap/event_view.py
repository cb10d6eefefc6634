"""One view model of an event: every field a person sees of it, whatever draws it.

The Streamlit card (``ui/cards.py``), the Map page's card list (``ui/event_cards.py``), the
Present stage (``ui/presentation.py``) and the map popups (``map_layers.view_data``) all
build from :func:`event_view`, so a new field is one edit here plus one in each renderer
that shows it, and a wording (the date line, "Note:", "Context source:") is written once.

The text stays raw: each renderer escapes it with the one helper of its target
(``escaping.map_text`` for the map, ``ui.cards.md`` for Markdown, ``escaping.display_data``
for text set with ``textContent``). The composed lines take that helper as ``esc`` and apply
it to the story's text only, never to the fixed words around it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from articlemap.filters import EVIDENCE_LABELS, evidence
from articlemap.schema import Event, Place
from articlemap.story import StoryMeta


def _as_is(text: str) -> str:
    return text


Escape = Callable[[str], str]


@dataclass(frozen=True, slots=True)
class EventView:
    """What a reader sees of one event (raw text; hashable, so renderers can cache on it)."""

    id: str
    title: str
    date: str  # normalized at its precision: "17 Oct 2020", "12–16 Jul 2020", "1993", "undated"
    precision: str  # schema.DATE_PRECISIONS
    as_written: str  # the date as the article prints it ("" when it prints none)
    date_source: str  # filters.EVIDENCE_LABELS["context"] when the date comes from outside
    places: tuple[Place, ...]  # each with its other names (``Place.label``)
    quote: str
    note: str
    context_ref: str  # the outside source of a context event or date
    category: str
    category_label: str
    colour: str  # "#RRGGBB", checked when the story is read
    # Related events both ways, as (id, title), in the story's order (``Event.linked``,
    # computed once by the dataset).
    related: tuple[tuple[str, str], ...] = ()

    @property
    def headline_date(self) -> str:
        """The date to lead with: as the article writes it, else the normalized one."""
        return self.as_written or self.date

    @property
    def place_labels(self) -> tuple[str, ...]:
        return tuple(p.label for p in self.places)

    def date_line(self, esc: Escape = _as_is) -> str:
        """``“24 September 2021” · 24 Sep 2020 · precision: day · date from outside the
        article`` (the parts it has)."""
        written = f"“{esc(self.as_written)}” · " if self.as_written else ""
        source = f" · {self.date_source}" if self.date_source else ""
        return f"{written}{esc(self.date)} · precision: {self.precision}{source}"

    @property
    def related_ids(self) -> tuple[str, ...]:
        return tuple(i for i, _ in self.related)

    def notes(self, esc: Escape = _as_is) -> tuple[str, ...]:
        """The editor's note and the outside source: ``Note: …``, ``Context source: …``."""
        lines = []
        if self.note:
            lines.append(f"Note: {esc(self.note)}")
        if self.context_ref:
            lines.append(f"Context source: {esc(self.context_ref)}")
        return tuple(lines)


def event_view(event: Event, meta: StoryMeta) -> EventView:
    """The view of ``event`` in the story ``meta`` (its category's label and colour)."""
    return _view(event, meta.label(event.category), meta.colour(event.category))


def event_views(events: Iterable[Event], meta: StoryMeta) -> list[EventView]:
    """:func:`event_view` of many events, each category's label and colour looked up once
    (a map view can hold thousands of events, and ``StoryMeta`` builds its dicts per call)."""
    looks: dict[str, tuple[str, str]] = {}
    views = []
    for event in events:
        look = looks.get(event.category)
        if look is None:
            look = looks[event.category] = (meta.label(event.category), meta.colour(event.category))
        views.append(_view(event, *look))
    return views


def _view(event: Event, category_label: str, colour: str) -> EventView:
    context = evidence(event) == "context"
    return EventView(
        id=event.id,
        title=event.title,
        date=event.date_label,
        precision=event.date_precision,
        as_written=event.date_as_written,
        date_source=EVIDENCE_LABELS["context"] if context else "",
        places=event.places,
        quote=event.quote,
        note=event.note,
        context_ref=event.context_ref,
        category=event.category,
        category_label=category_label,
        colour=colour,
        related=event.linked,
    )

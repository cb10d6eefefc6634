"""The Map page's event list: all cards in one small front-end component.

Each Streamlit element costs the server about 0.2 ms per rerun, and a card built from
Streamlit elements (container, Markdown, button) is three of them: with the list inside the
slider's fragment, eight cards made a slider move cost twice an empty rerun. Here the cards
are one ``st.components.v2`` element: Python sends the cards as data, the browser draws them
(text only through ``textContent``, never as HTML), and a click on "Show on map" or "Show
more" comes back as a trigger value.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from articlemap import web
from articlemap.escaping import display_data
from articlemap.event_view import event_view
from articlemap.schema import Event
from articlemap.story import StoryMeta

PAGE_SIZE = 8

# The component's code and style: articlemap/web/event_cards.mjs and .css.
_JS = web.source("event_cards.mjs")
_CSS = web.source("event_cards.css")

_COMPONENT = st.components.v2.component("articlemap.event_cards", css=_CSS, js=_JS)


def card_data(
    event: Event,
    meta: StoryMeta,
    *,
    selected: bool,
    at_selected_place: bool,
    outside_window: bool,
    related_to_selected: bool = False,
) -> dict:
    """What one card shows, as plain strings (the browser inserts them as text)."""
    view = event_view(event, meta)
    badges = []
    if selected:
        badges.append(("selected", "selected"))
    if at_selected_place:
        badges.append(("place", "at the chosen place"))
    if related_to_selected:
        badges.append(("related", "related to the chosen event"))
    if outside_window:
        badges.append(("outside", "outside the time window"))
    return display_data(
        {
            "id": view.id,
            "title": view.title,
            "badges": badges,
            "color": view.colour,
            "meta": f"{view.date_line()} · {view.category_label}",
            "places": ", ".join(view.place_labels),
            "quote": view.quote,
            "notes": list(view.notes()),
            "can_show": bool(view.places),
            "related": [list(pair) for pair in view.related],
            "selected": selected,
        }
    )


def event_cards(
    events: Sequence[Event],
    meta: StoryMeta,
    *,
    key: str,
    selected_event: str | None,
    selected_place: str | None,
    on_show: Callable[[str], None],
    outside: set[str] | frozenset[str] = frozenset(),
    heading: tuple[str, str] | None = None,
    empty: str = "",
    height: int | None = None,
    twin: str = "",
    anchor: str = "",
) -> None:
    """The cards of ``events`` (the first page; "Show more" adds a page at a time).

    ``heading`` is a line above the list (bold part, rest), ``empty`` what an empty list
    says, ``height`` makes the list scroll past that many pixels — all drawn by the same
    element, so a slider move costs one element, not four. ``twin`` says what the list is
    to the map (its text twin: the accessible way to the map's content), ``anchor`` is the id
    a skip link goes to.
    """
    limit_key = f"{key}-limit"
    limit = st.session_state.get(limit_key, PAGE_SIZE)
    ids = [e.id for e in events]
    if selected_event in ids:  # the chosen event is always on the list
        limit = max(limit, ids.index(selected_event) + 1)
    shown = events[:limit]
    chosen = next((e for e in events if e.id == selected_event), None)
    related = {i for i, _ in chosen.linked} if chosen is not None else set()
    rest = len(events) - len(shown)
    # The card the list brings into sight: the chosen event's, or the first at the chosen place.
    focus = selected_event if selected_event in ids else None
    if focus is None and selected_place:
        focus = next((e.id for e in shown if selected_place in e.place_ids), None)

    def show() -> None:
        event_id = getattr(st.session_state[key], "show", None)
        if event_id:
            on_show(event_id)

    def more() -> None:
        st.session_state[limit_key] = limit + PAGE_SIZE

    _COMPONENT(
        key=key,
        data={
            "cards": [
                card_data(
                    e,
                    meta,
                    selected=e.id == selected_event,
                    at_selected_place=bool(selected_place) and selected_place in e.place_ids,
                    outside_window=e.id in outside,
                    related_to_selected=e.id in related,
                )
                for e in shown
            ],
            "shown": len(shown),
            "more": rest,
            "more_label": f"Show {min(PAGE_SIZE, rest)} more ({rest} not shown)",
            "heading": list(heading) if heading else None,
            "empty": empty if not events else "",
            "height": height,
            "twin": twin,
            "anchor": anchor,
            "focus": display_data(focus),  # as the card's own id is
        },
        on_show_change=show,
        on_more_change=more,
    )

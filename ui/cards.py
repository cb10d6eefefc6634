"""Event cards: the article's passage, its date as written and as normalized, its places."""

from __future__ import annotations

import functools
import html
from collections.abc import Callable

import streamlit as st

from articlemap.escaping import display_text, markdown_text
from articlemap.event_view import EventView, event_view
from articlemap.schema import Event
from articlemap.story import StoryMeta

md = markdown_text  # the short name pages use: every story or user text in Markdown


def category_chip(category: str, meta: StoryMeta) -> str:
    """A colour dot and the category's label (the story's text, escaped; colours are
    checked as #RRGGBB when the story is read)."""
    return (
        "<span style='white-space:nowrap'>"
        f"<span style='display:inline-block;width:.8em;height:.8em;border-radius:50%;"
        f"background:{meta.colour(category)};margin-right:.35em'></span>"
        f"{html.escape(display_text(meta.label(category)))}</span>"
    )


SELECTION_KEY = (
    "On the map, the chosen event's places have a thick dark outline; the places of its"
    " related events a dashed one; other districts fade."
)


def legend(meta: StoryMeta, used: set[str] | None = None, *, selection: bool = False) -> None:
    """The story's categories (only those its events use, when ``used`` is given); with
    ``selection``, how the map marks the chosen event and its related events."""
    ids = [c.id for c in meta.categories if used is None or c.id in used]
    chips = " &nbsp; ".join(category_chip(c, meta) for c in ids)
    key = f"<div class='am-selection-key'>{SELECTION_KEY}</div>" if selection else ""
    st.html(f"<div style='font-size:0.85rem;line-height:1.8'>{chips}{key}</div>")


@functools.lru_cache(maxsize=4096)
def card_body(view: EventView) -> str:
    """The card's Markdown after the title line; built once per event, not on every rerun."""
    lines = ["", f":gray[{view.date_line(md)} · {md(view.category_label)}]"]
    if view.places:
        lines.append(
            ":material/location_on: " + ", ".join(md(label) for label in view.place_labels)
        )
    body = "  \n".join(lines) + f"\n\n> *The article:* “{md(view.quote)}”"
    notes = view.notes(md)
    if notes:
        body += "\n\n" + "  \n".join(f":gray[{line}]" for line in notes)
    return body


def event_card(
    event: Event,
    meta: StoryMeta,
    *,
    selected: bool = False,
    at_selected_place: bool = False,
    outside_window: bool = False,
    on_show: Callable[[str], None] | None = None,
    key_prefix: str = "card",
) -> None:
    """One card: a single Markdown block (cheap to send) and its "Show on map" button."""
    with st.container(border=True, key=f"{key_prefix}-{event.id}"):
        marks = []
        if selected:
            marks.append(":blue-badge[selected]")
        if at_selected_place:
            marks.append(":violet-badge[at the chosen place]")
        if outside_window:
            marks.append(":gray-badge[outside the time window]")
        view = event_view(event, meta)
        body = " ".join([f"**{md(view.title)}**", *marks]) + card_body(view)
        st.markdown(body)
        if on_show is not None and event.places:
            st.button(
                "Show on map",
                key=f"{key_prefix}-show-{event.id}",
                on_click=on_show,
                args=(event.id,),
                icon=":material/my_location:",
            )

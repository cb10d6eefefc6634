"""Event cards: the article's passage, its date as written and as normalized, its places."""

from __future__ import annotations

import functools
import html
from collections.abc import Callable

import streamlit as st

from articlemap.escaping import display_text, markdown_text
from articlemap.filters import evidence
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


def legend(meta: StoryMeta, used: set[str] | None = None) -> None:
    """The story's categories (only those its events use, when ``used`` is given)."""
    ids = [c.id for c in meta.categories if used is None or c.id in used]
    chips = " &nbsp; ".join(category_chip(c, meta) for c in ids)
    st.html(f"<div style='font-size:0.85rem;line-height:1.8'>{chips}</div>")


def card_body(event: Event, meta: StoryMeta) -> str:
    """The card's Markdown after the title line; built once per event, not on every rerun."""
    return _card_body(event, tuple(p.label for p in event.places), meta.label(event.category))


@functools.lru_cache(maxsize=4096)
def _card_body(event: Event, place_labels: tuple[str, ...], category: str) -> str:
    written = f"“{md(event.date_as_written)}” · " if event.date_as_written else ""
    date_from = " · date from outside the article" if evidence(event) == "context" else ""
    lines = [
        "",
        f":gray[{written}{md(event.date_label)} · precision: {event.date_precision}"
        f"{date_from} · {md(category)}]",
    ]
    if event.places:
        lines.append(":material/location_on: " + ", ".join(md(label) for label in place_labels))
    body = "  \n".join(lines) + f"\n\n> *The article:* “{md(event.quote)}”"
    notes = []
    if event.note:
        notes.append(f":gray[Note: {md(event.note)}]")
    if event.context_ref:
        notes.append(f":gray[Context source: {md(event.context_ref)}]")
    if notes:
        body += "\n\n" + "  \n".join(notes)
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
        body = " ".join([f"**{md(event.title)}**", *marks]) + card_body(event, meta)
        st.markdown(body)
        if on_show is not None and event.places:
            st.button(
                "Show on map",
                key=f"{key_prefix}-show-{event.id}",
                on_click=on_show,
                args=(event.id,),
                icon=":material/my_location:",
            )

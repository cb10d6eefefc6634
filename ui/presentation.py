"""The presentation stage: one event at a time in type readable from the back of a room."""

from __future__ import annotations

import html

import streamlit as st

from articlemap.escaping import display_text
from articlemap.event_view import event_view
from articlemap.schema import Event
from articlemap.story import StoryMeta
from ui.cards import md
from ui.layout import style

# The keys Present's buttons answer (their ``shortcut``s), as the browser names them.
PAGE_KEYS = ("ArrowLeft", "ArrowRight", " ")
PACES = {"Slow (10 s)": 10.0, "Normal (6 s)": 6.0, "Fast (3 s)": 3.0}

# A quote longer than this many characters is set a size smaller (the key's suffix).
QUOTE_SIZES = ((450, "-longer"), (220, "-long"))


def apply_theme(high_contrast: bool) -> None:
    """The stage's type (ui/styles/present_stage.css: sizes follow the window, so a
    projector of either size shows the whole stage without scrolling), and the
    high-contrast theme when asked for."""
    style(*(("present_stage", "present_contrast") if high_contrast else ("present_stage",)))


def stage(event: Event, meta: StoryMeta, position: int, total: int) -> None:
    """The text half of the stage: progress, date as written, title, quote, places."""
    view = event_view(event, meta)
    with st.container(key="stage-progress"):
        st.markdown(f"Event {position} of {total}")
    st.progress(position / total)
    with st.container(key="stage-date"):
        st.markdown(md(view.headline_date))
    with st.container(key="stage-norm"):
        source = f" · {view.date_source}" if view.date_source else ""
        line = f"{view.date} · {view.precision}{source} · {view.category_label}"
        st.html(
            f"<p><span style='display:inline-block;width:.8em;height:.8em;border-radius:50%;"
            f"background:{view.colour};margin-right:.4em'></span>"
            f"{html.escape(display_text(line))}</p>"
        )
    with st.container(key="stage-title"):
        st.markdown(md(view.title))
    size = next((suffix for limit, suffix in QUOTE_SIZES if len(view.quote) > limit), "")
    with st.container(key=f"stage-quote{size}"):
        st.markdown(f"> “{md(view.quote)}”")
    if view.places:
        with st.container(key="stage-places"):
            st.markdown(":material/location_on: " + " · ".join(md(lb) for lb in view.place_labels))
    if view.note:
        with st.container(key="stage-note"):
            st.markdown(f"*Note:* {md(view.note)}")

"""The presentation stage: one event at a time in type readable from the back of a room."""

from __future__ import annotations

import html

import streamlit as st

from articlemap.escaping import display_text
from articlemap.event_view import event_view
from articlemap.schema import Event
from articlemap.story import StoryMeta
from ui.cards import md

# The keys Present's buttons answer (their ``shortcut``s), as the browser names them.
PAGE_KEYS = ("ArrowLeft", "ArrowRight", " ")
PACES = {"Slow (10 s)": 10.0, "Normal (6 s)": 6.0, "Fast (3 s)": 3.0}

# Sizes follow the window (--am-u, ui/styles/present.css: 24 px at 1920x1080, 16 px at
# 1280x720), so a projector of either size shows the whole stage without scrolling; a long
# quote is set smaller (QUOTE_SIZES) and scrolls inside its own box. Constant CSS, no data.
BASE_CSS = """
<style>
.st-key-stage-date p {font-size: calc(1.75 * var(--am-u, 24px)); font-weight: 700; margin: 0;
  line-height: 1.15;}
.st-key-stage-norm p {font-size: var(--am-u, 24px); margin: 0;}
.st-key-stage-title p {font-size: calc(1.4 * var(--am-u, 24px)); font-weight: 700;
  line-height: 1.2;}
[class*="st-key-stage-quote"] p {font-size: calc(var(--am-quote, 1.4) * var(--am-u, 24px));
  line-height: 1.35;}
.st-key-stage-quote-long {--am-quote: 1.2;}
.st-key-stage-quote-longer {--am-quote: 1;}
.st-key-stage-places p {font-size: var(--am-u, 24px);}
.st-key-stage-progress p {font-size: var(--am-u, 24px); font-weight: 600; margin: 0;}
.st-key-stage-note p {font-size: var(--am-u, 24px);}
</style>
"""
# A quote longer than this many characters is set a size smaller (the key's suffix).
QUOTE_SIZES = ((450, "-longer"), (220, "-long"))
HIGH_CONTRAST_CSS = """
<style>
.stApp, .stApp header, [data-testid="stSidebar"] {background: #000 !important;}
.stApp, .stApp p, .stApp span, .stApp label, .stApp h1, .stApp h2, .stApp h3,
.stApp li, .stApp blockquote {color: #fff !important;}
.st-key-stage-date p {color: #ffd400 !important;}
.stApp blockquote {border-left: 6px solid #ffd400 !important; opacity: 1 !important;}
.stApp blockquote p {color: #fff !important; opacity: 1 !important;}
.stApp button {background: #111 !important; color: #fff !important;
  border: 2px solid #fff !important; font-size: 1.15rem !important;}
.stApp [data-testid="stProgress"] div div div {background: #ffd400 !important;}
</style>
"""


def apply_theme(high_contrast: bool) -> None:
    st.html(BASE_CSS + (HIGH_CONTRAST_CSS if high_contrast else ""))


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

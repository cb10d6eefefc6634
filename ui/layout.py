"""What every page starts with: page config and the sidebar's page links.

Every page calls :func:`page_setup` itself instead of relying on ``app.py``: until a server
process has run ``app.py`` once, Streamlit serves a directly opened sub-page URL (a shared
link to /timeline) by running ``pages/timeline.py`` alone, the legacy multipage way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import streamlit as st

from articlemap.escaping import display_text
from articlemap.story import StoryMeta
from ui import data, housekeeping
from ui.cards import md

STYLES = Path(__file__).with_name("styles")

# (script, title, icon) — the single list app.py builds its navigation from.
PAGES: list[tuple[str, str, str]] = [
    ("pages/map.py", "Map", ":material/map:"),
    ("pages/timeline.py", "Timeline", ":material/timeline:"),
    ("pages/present.py", "Present", ":material/slideshow:"),
    ("pages/places.py", "Places", ":material/place:"),
    ("pages/your_article.py", "Your article", ":material/upload_file:"),
    ("pages/source.py", "Source", ":material/article:"),
    ("pages/about.py", "About", ":material/info:"),
]


def page_setup(sidebar: Literal["auto", "expanded", "collapsed"] = "auto") -> None:
    housekeeping.start_collector()
    st.set_page_config(
        page_title=f"{display_text(data.dataset().meta.title)} — map and timeline",
        page_icon="static/favicon.png",
        layout="wide",
        initial_sidebar_state=sidebar,
    )
    with st.sidebar:
        for script, title, icon in PAGES:
            st.page_link(script, label=title, icon=icon)
        st.divider()


def style(name: str) -> None:
    """Add ``ui/styles/<name>.css`` to the page (page-specific rules, kept out of Python)."""
    css = (STYLES / f"{name}.css").read_text(encoding="utf-8")
    st.html(f"<style>{css}</style>")


def story_heading(meta: StoryMeta, page: str = "") -> None:
    """The story's title (or the page's name under it) and whose account it is."""
    st.title(md(page or meta.title))
    line = meta.perspective_line
    if page:
        line = f"{meta.title} — {line}"
    st.caption(md(line))

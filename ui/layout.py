"""What every page starts with: page config and the sidebar's page links.

Every page calls :func:`page_setup` itself instead of relying on ``app.py``: until a server
process has run ``app.py`` once, Streamlit serves a directly opened sub-page URL (a shared
link to /timeline) by running ``pages/timeline.py`` alone, the legacy multipage way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import streamlit as st

from articlemap import web
from articlemap.escaping import display_text
from articlemap.story import StoryMeta
from ui import data, housekeeping, stories
from ui.cards import md

STYLES = Path(__file__).with_name("styles")
EDIT_PAGE = "pages/edit.py"

# (script, title, icon) — the single list app.py builds its navigation from.
PAGES: list[tuple[str, str, str]] = [
    ("pages/map.py", "Map", ":material/map:"),
    ("pages/timeline.py", "Timeline", ":material/timeline:"),
    ("pages/present.py", "Present", ":material/slideshow:"),
    ("pages/places.py", "Places", ":material/place:"),
    ("pages/compare.py", "Compare", ":material/compare_arrows:"),
    ("pages/your_article.py", "Your article", ":material/upload_file:"),
    ("pages/edit.py", "Edit story", ":material/edit:"),
    ("pages/source.py", "Source", ":material/article:"),
    ("pages/about.py", "About", ":material/info:"),
]


# On a phone the sidebar covers most of the page, and Streamlit keeps it open once opened (it
# remembers the reader's last toggle and then ignores ``initial_sidebar_state``): after a page
# link or a reload on a narrow screen, this closes it (its own button, so Streamlit's memory
# agrees). Once per page and load, never on a wide screen, never while the reader is in it:
# articlemap/web/close_sidebar.mjs.
_CLOSE_SIDEBAR = st.components.v2.component(
    "articlemap.close_sidebar", js=web.source("close_sidebar.mjs")
)


def page_setup(sidebar: Literal["auto", "expanded", "collapsed"] = "auto") -> None:
    """Page config, the Story menu and the page links (which keep ``?story=``)."""
    housekeeping.start_collector()
    stories.take_edit_param()
    if sidebar == "auto" and st.context.is_embedded:
        sidebar = "collapsed"  # in another site's iframe (the Share dialog's embed code)
    st.set_page_config(
        page_title=f"{display_text(data.dataset().meta.title)} — map and timeline",
        page_icon="static/favicon.png",
        layout="wide",
        initial_sidebar_state=sidebar,
    )
    params = stories.page_params()
    with st.sidebar:
        style("a11y")  # visible focus, readable captions (ui/styles/a11y.css)
        story_menu()
        for script, title, icon in PAGES:
            if script == EDIT_PAGE and not can_edit_here():
                continue
            st.page_link(script, label=title, icon=icon, query_params=params)
        st.divider()
        _CLOSE_SIDEBAR(key="close-sidebar")


def can_edit_here() -> bool:
    """Whether this session holds the edit token of the open saved story."""
    sid = stories.requested_id()
    return bool(sid) and stories.token_for(sid) is not None


def story_menu() -> None:
    """The built-in story, the stories this session made or opened, and a new one."""
    current = stories.requested_id()
    title = data.dataset().meta.title
    with st.popover(
        md(f"Story: {title[:40]}{'…' if len(title) > 40 else ''}"),
        icon=":material/auto_stories:",
        use_container_width=True,
    ):
        builtin = data.builtin_title()
        st.page_link(
            "pages/map.py",
            label=md(f"{builtin} (built in)"),
            icon=":material/radio_button_checked:" if not current else ":material/map:",
            query_params={},
        )
        for sid, saved_title in reversed(list(stories.opened().items())):
            st.page_link(
                "pages/map.py",
                label=md(saved_title),
                icon=":material/radio_button_checked:" if sid == current else ":material/map:",
                query_params={stories.STORY_PARAM: sid},
            )
        st.page_link(
            "pages/your_article.py",
            label="New story from an article",
            icon=":material/add:",
            query_params={},
        )


def skip_link(target: str, label: str) -> None:
    """A link for keyboard readers, first in the page, hidden until focused: Enter skips the
    controls and the map to the element with id ``target``. Constant text, no data."""
    st.html(f'<a class="am-skip" href="#{target}">{label}</a><style>{css("skip_link")}</style>')


def css(*names: str) -> str:
    """The rules of ``ui/styles/<name>.css`` for each name, in order (kept out of Python)."""
    return "".join((STYLES / f"{name}.css").read_text(encoding="utf-8") for name in names)


def style(*names: str) -> None:
    """Add ``ui/styles/<name>.css`` for each name to the page, in one style element."""
    st.html(f"<style>{css(*names)}</style>")


def story_heading(meta: StoryMeta, page: str = "") -> None:
    """The story's title (or the page's name under it) and whose account it is."""
    st.title(md(page or meta.title))
    line = meta.perspective_line
    if page:
        line = f"{meta.title} — {line}"
    st.caption(md(line))

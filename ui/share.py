"""Sharing: a link to the current view, its embed code, a printable handout of its time
window, and the whole map as a static offline site."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

from articlemap.dataset import Dataset
from articlemap.embed import embed_title, embed_url, iframe_snippet
from articlemap.handout import handout_file_name, handout_html
from articlemap.schema import Event
from articlemap.site import build_site_zip
from articlemap.story_zip import story_zip_bytes
from articlemap.timeline import Window
from ui import data
from ui.stories import EDIT_PARAM

# The URL-bound filters that follow a link from one page to another.
FILTER_PARAMS = ("f_text", "f_categories", "f_places", "f_evidence")


def current_url() -> str:
    """The address of this view: this page plus every query parameter the view is bound to."""
    parts = urlsplit(st.context.url or "")
    pairs = [
        (key, value)
        for key in st.query_params
        if key != EDIT_PARAM  # never in a shared link (it is moved out at once anyway)
        for value in st.query_params.get_all(key)
    ]
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", urlencode(pairs), ""))


def page_anchor(path: str, label: str, params: dict[str, str]) -> None:
    """A plain link to another page of the app with these query parameters, followed by the
    browser itself. ``st.page_link`` with query parameters sometimes left the address bar
    on the old page (a rerun of the page being left raced the switch), so the new page's
    URL could not be copied; a real navigation always gets it right. The filters travel
    with it (they are in the URL), the rest of the session does not."""
    kept = [
        (k, v) for k in st.query_params if k in FILTER_PARAMS for v in st.query_params.get_all(k)
    ]
    query = urlencode(kept + list(params.items()))
    href = html.escape(f"{path}?{query}", quote=True)
    st.html(f'<a class="am-page-anchor" href="{href}" target="_self">{html.escape(label)}</a>')


@dataclass(frozen=True)
class PrintView:
    """What the handout prints: the time window, its events (filtered, in date order) and a
    line saying what else narrowed them ("" when nothing did)."""

    window: Window | None
    events: Sequence[Event]
    scope: str = ""


def handout_bytes(ds: Dataset, view: PrintView) -> bytes:
    return handout_html(ds, view.window, view.events, scope=view.scope).encode("utf-8")


def embed_code(ds: Dataset, view_url: str) -> str:
    """The iframe code of this view: Streamlit's embed mode, never an edit token."""
    return iframe_snippet(embed_url(view_url), embed_title(ds.meta.title))


def share_panel(ds: Dataset, print_view: Callable[[], PrintView] | None = None) -> None:
    """The Share / export button; its content opens in a dialog (a popover at the foot of
    the page was cut to the space left below it, hiding the downloads). ``print_view``
    gives the window and events of the page at the moment the dialog opens (the slider's
    fragment may have moved since the page was built)."""
    if st.button("Share / export", icon=":material/share:", key="share_open"):
        share_dialog(ds, print_view)


@st.dialog("Share / export", width="large")
def share_dialog(ds: Dataset, print_view: Callable[[], PrintView] | None = None) -> None:
    """Built only when opened: the link and the window are read at that moment."""
    url = current_url()
    st.markdown("**Copy link to this view** — time window, filters and chosen event:")
    st.code(url, language=None, wrap_lines=True)
    st.caption("Use the copy icon at the right of the box.")
    with st.expander("Embed this view in a web page (iframe code)"):
        st.code(embed_code(ds, url), language="html", wrap_lines=True)
        st.caption(
            "Paste it into a page's HTML. It shows this view with the app's menu closed; "
            "no editing rights travel with it."
        )
    if print_view is not None:
        view = print_view()
        st.download_button(
            "Print handout of this window (A4)",
            data=partial(handout_bytes, ds, view),  # built only when clicked
            file_name=handout_file_name(ds, view.window),
            mime="text/html",
            icon=":material/print:",
            on_click="ignore",
            help="A page for the browser: the window's events with their dates, places, the "
            "article's words and sources, and a map. Open it and press its Print button; it "
            "needs no internet.",
        )
    st.download_button(
        "Download the map as a static site (zip)",
        data=partial(build_site_zip, ds),  # built only when clicked, in memory
        file_name="articlemap-site.zip",
        mime="application/zip",
        icon=":material/download:",
        on_click="ignore",  # a rerun would close the dialog
        help="One index.html with its assets: opens from a USB stick, no server, no internet.",
    )
    st.download_button(
        "Download the story's files (zip)",
        data=lambda: story_zip_bytes(data.story_files(ds)),
        file_name=f"{ds.meta.id or 'story'}.zip",
        mime="application/zip",
        icon=":material/folder_zip:",
        on_click="ignore",
        help="Its article, places, events and details: open it in another copy of the app "
        "(Your article → Open a story file) or edit the files and check them with "
        "`python -m articlemap validate`.",
    )

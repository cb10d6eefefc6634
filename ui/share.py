"""Sharing: a link to the current view, and the whole map as a static offline site."""

from __future__ import annotations

import html
from functools import partial
from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

from articlemap.dataset import Dataset
from articlemap.site import build_site_zip
from articlemap.story_zip import story_zip_bytes
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


def share_panel(ds: Dataset) -> None:
    """The Share / export button; its content opens in a dialog (a popover at the foot of
    the page was cut to the space left below it, hiding the downloads)."""
    if st.button("Share / export", icon=":material/share:", key="share_open"):
        share_dialog(ds)


@st.dialog("Share / export", width="large")
def share_dialog(ds: Dataset) -> None:
    """Built only when opened: the link is read at that moment."""
    st.markdown("**Copy link to this view** — time window, filters and chosen event:")
    st.code(current_url(), language=None, wrap_lines=True)
    st.caption("Use the copy icon at the right of the box.")
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

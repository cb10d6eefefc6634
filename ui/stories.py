"""Which story this browser session is looking at, the stories it made or opened, and the
edit tokens it holds.

The open story is ``?story=<id>`` in the URL (so a copied link opens it). The stories a
session made or opened are kept in its session state only: there is no public list of
saved stories. An edit link is ``/edit?story=<id>&edit=<token>``; the token is moved out of
the URL into the session on the first run that sees it, so it never stays in the address
bar, in a "copy link" box or in the browser's history of later pages.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import streamlit as st

from articlemap.limits import DEFAULT_LIMITS, within_rate
from articlemap.store import validate_story_id

STORY_PARAM = "story"
EDIT_PARAM = "edit"
OPENED = "stories_opened"  # id -> title, most recent last
# id -> edit token (this session made the story, or followed its edit link)
TOKENS = "stories_tokens"
SAVES = "stories_saves"  # monotonic times of this session's saves
SAVES_PER_MINUTE = DEFAULT_LIMITS.saves_per_minute
CURRENT = "stories_current"  # the story the view state belongs to ("" = built-in)

# Session keys that describe a view of one story (window, filters, selection, step):
# dropped when the session switches to another story, whose dates and ids differ.
VIEW_KEYS = (
    "window",
    "upto",
    "time_mode",
    "f_text",
    "f_categories",
    "f_places",
    "f_evidence",
    "selected_event",
    "selected_place",
    "map_center",
    "map_zoom",
    "_view_param",
    "_event_param",
    "_place_param",
    "present_step",
    "place_kinds",
)


def requested_id() -> str:
    """The ``?story=`` value as given ("" for the built-in story)."""
    return (st.query_params.get(STORY_PARAM) or "").strip()


def switch_to(story_id: str) -> None:
    """Forget the previous story's view state when the session opens another story."""
    previous = st.session_state.get(CURRENT)
    if previous is not None and previous != story_id:
        for key in VIEW_KEYS:
            st.session_state.pop(key, None)
        st.session_state["map_generation"] = st.session_state.get("map_generation", 0) + 1
    st.session_state[CURRENT] = story_id


def remember(story_id: str, title: str) -> None:
    opened = st.session_state.setdefault(OPENED, {})
    opened.pop(story_id, None)
    opened[story_id] = title


def opened() -> dict[str, str]:
    return dict(st.session_state.get(OPENED, {}))


def take_edit_param() -> None:
    """Move ``?edit=<token>`` from the URL into the session (for ``?story=``'s story)."""
    take_token_param(EDIT_PARAM, requested_id, keep_token)


def take_token_param(
    param: str, requested: Callable[[], str], keep: Callable[[str, str], None]
) -> None:
    """Move an edit token from the URL's ``param`` into the session, for the id the page
    was opened on (``requested()``): the address bar, and so any link copied from it,
    never shows the token."""
    token = st.query_params.get(param)
    if token is None:
        return
    st.query_params.pop(param, None)
    rid = validate_story_id(requested())
    if rid is not None and token:
        keep(rid, token)


def keep_token(story_id: str, token: str) -> None:
    st.session_state.setdefault(TOKENS, {})[story_id] = token


def token_for(story_id: str) -> str | None:
    return st.session_state.get(TOKENS, {}).get(story_id)


def forget_token(story_id: str) -> None:
    st.session_state.get(TOKENS, {}).pop(story_id, None)


def may_save() -> bool:
    """Whether this session may save once more now (and counts the save if so)."""
    limit = SAVES_PER_MINUTE
    now = time.monotonic()
    times = [t for t in st.session_state.get(SAVES, []) if now - t < 60]
    if not within_rate(times, now, limit):
        st.session_state[SAVES] = times
        return False
    st.session_state[SAVES] = [*times, now]
    return True


def page_params(story_id: str | None = None) -> dict[str, str]:
    """The query parameters a page link needs to stay on the story (none for the built-in)."""
    sid = requested_id() if story_id is None else story_id
    return {STORY_PARAM: sid} if sid else {}

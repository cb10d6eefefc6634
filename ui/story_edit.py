"""Saving stories from the browser: the details form, Save as story, saving an edit (with
its conflict), a new edit link, importing a story zip.

Every save checks the story the way the loader will read it (``load_story_files``), so the
store never holds a story that cannot be opened; every refusal is a message on the page and
leaves the person's tables and form as they were.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

from articlemap.dataset import load_story_files
from articlemap.limits import story_size_problems
from articlemap.loading import DataValidationError
from articlemap.paths import AREA_STATES_CSV, AREAS_GEOJSON
from articlemap.store import FORBIDDEN_MESSAGE, Conflict, Forbidden, Saved, StoreError
from articlemap.story import StoryMeta, story_toml
from articlemap.story_files import ARTICLE_MD, assemble
from articlemap.story_zip import read_story_zip
from ui import data, stories
from ui.cards import md
from ui.store import story_store

RATE_MESSAGE = (
    "That is a lot of saving in one minute: wait a moment, then save again (your changes "
    "are still here)."
)


@dataclass(frozen=True)
class Links:
    view: str  # opens the story read-only: safe to give to a class
    edit: str  # holds the edit token: whoever has it can change the story


def app_root() -> str:
    """This app's address without the page ("https://host/base/"), from the browser's URL."""
    parts = urlsplit(st.context.url or "")
    path = parts.path or "/"
    root = path[: path.rfind("/") + 1] if "/" in path else "/"
    return urlunsplit((parts.scheme, parts.netloc, root, "", ""))


def story_links(story_id: str, token: str | None) -> Links:
    root = app_root()
    view = f"{root}?{urlencode({stories.STORY_PARAM: story_id})}"
    edit = ""
    if token:
        query = urlencode({stories.STORY_PARAM: story_id, stories.EDIT_PARAM: token})
        edit = f"{root}edit?{query}"
    return Links(view, edit)


def show_links(links: Links) -> None:
    st.markdown("**View link** — opens the story to read and present (no editing):")
    st.code(links.view, language=None, wrap_lines=True)
    if links.edit:
        st.markdown(
            "**Edit link** — keep it private: whoever has it can change the story. It is shown "
            "only now; bookmark it or keep it somewhere safe."
        )
        st.code(links.edit, language=None, wrap_lines=True)


def details_form(meta: StoryMeta, prefix: str) -> StoryMeta:
    """Title, author, outlet, date, perspective, source and licence, starting from ``meta``
    (widget keys start with ``prefix``); returns ``meta`` with what was typed."""
    c1, c2 = st.columns(2)
    title = c1.text_input("Title", value=meta.title, key=f"{prefix}_title", max_chars=300)
    author = c2.text_input("Author", value=meta.author, key=f"{prefix}_author", max_chars=200)
    outlet = c1.text_input(
        "Published in (newspaper, site, book)",
        value=meta.outlet,
        key=f"{prefix}_outlet",
        max_chars=200,
    )
    published = c2.date_input(
        "Published on",
        value=meta.published,
        min_value=dt.date(1, 1, 1),
        max_value=dt.date(9999, 12, 31),
        key=f"{prefix}_pubdate",
    )
    perspective = st.text_area(
        "Whose account is this? (shown under the title on every page)",
        value=meta.perspective,
        placeholder=meta.perspective_line,
        key=f"{prefix}_perspective",
        max_chars=1000,
        height=80,
    )
    c3, c4 = st.columns(2)
    source_url = c3.text_input(
        "Source address (https://…)", value=meta.source_url, key=f"{prefix}_source", max_chars=2000
    )
    licence = c4.text_input(
        "Licence or permission", value=meta.licence, key=f"{prefix}_licence", max_chars=200
    )
    return replace(
        meta,
        title=title.strip(),
        author=author.strip(),
        outlet=outlet.strip(),
        published=published if isinstance(published, dt.date) else None,
        perspective=perspective.strip(),
        source_url=source_url.strip(),
        licence=licence.strip(),
    )


def checked_files(
    meta: StoryMeta,
    article_md: str,
    places_csv: str,
    events_csv: str,
    areas: bytes | None = None,
    area_states: bytes | None = None,
) -> tuple[dict[str, bytes] | None, list[str]]:
    """The story's files when they load as a story, else the problems (file, row, field)."""
    try:  # the loader checks story.toml too, with every other file
        files = assemble(story_toml(meta), article_md, places_csv, events_csv, areas, area_states)
        ds = load_story_files(files)
    except DataValidationError as exc:
        return None, [str(e) for e in exc.errors]
    too_big = story_size_problems(len(ds.places), len(ds.events))
    return (None, too_big) if too_big else (files, [])


def save_new(files: dict[str, bytes], title: str) -> str | None:
    """Store a new story; keeps its edit token in the session and returns its id (None,
    with a message on the page, when it was not saved)."""
    if not stories.may_save():
        st.warning(RATE_MESSAGE, icon=":material/hourglass:")
        return None
    try:
        saved = story_store().create(files, title)
    except StoreError as exc:
        st.error(md(str(exc)), icon=":material/error:")
        return None
    _keep_new(saved, title)
    return saved.story_id


def _keep_new(saved: Saved, title: str) -> None:
    """A story this session just created: its edit token, its place in the Story menu,
    and its links to show once."""
    stories.keep_token(saved.story_id, saved.edit_token)
    stories.remember(saved.story_id, title)
    st.session_state[f"new_link_{saved.story_id}"] = saved.edit_token


def _show_refusal(story_id: str, exc: StoreError) -> None:
    """A store refusal on the page; a refused edit token is dropped from the session."""
    if isinstance(exc, Forbidden):
        stories.forget_token(story_id)
        st.error(md(str(exc)), icon=":material/lock:")
    else:
        st.error(md(str(exc)), icon=":material/error:")


def save_edit(story_id: str, expected_version: int, files: dict[str, bytes], title: str) -> bool:
    """Save an edit; on a conflict or a dead edit link, say so and keep the edits."""
    token = stories.token_for(story_id)
    if token is None:
        st.error(md(FORBIDDEN_MESSAGE), icon=":material/lock:")
        return False
    if not stories.may_save():
        st.warning(RATE_MESSAGE, icon=":material/hourglass:")
        return False
    try:
        story_store().update(story_id, token, expected_version, files, title)
    except Conflict as exc:
        st.session_state[f"conflict_{story_id}"] = (exc.current_version, exc.expected_version)
        return False
    except StoreError as exc:
        _show_refusal(story_id, exc)
        return False
    st.session_state.pop(f"conflict_{story_id}", None)
    data.forget_version(story_id)
    return True


def new_edit_link(story_id: str) -> str | None:
    """Replace the story's edit token (the old link stops working); the new token."""
    token = stories.token_for(story_id)
    if token is None:
        return None
    if not stories.may_save():
        st.warning(RATE_MESSAGE, icon=":material/hourglass:")
        return None
    try:
        new = story_store().rotate_token(story_id, token)
    except StoreError as exc:
        _show_refusal(story_id, exc)
        return None
    stories.keep_token(story_id, new)
    return new


def import_zip(name: str, data: bytes) -> tuple[str | None, str, list[str]]:
    """A story zip saved as a new story (its id is new: an import never overwrites).
    Returns (story id or None, message, details): problems are listed by the zip's member
    and row, and nothing is saved then."""
    try:
        contents = read_story_zip(data, name)
        ds = load_story_files(contents.files, contents.labels, where=f"“{name}”")
    except DataValidationError as exc:
        return None, f"“{name}” cannot be opened as a story:", [str(e) for e in exc.errors]
    too_big = story_size_problems(len(ds.places), len(ds.events))
    if too_big:
        return None, f"“{name}” is too big to save here:", too_big
    if not stories.may_save():
        return None, RATE_MESSAGE, []
    try:
        saved = story_store().create(contents.files, ds.meta.title)
    except StoreError as exc:
        return None, str(exc), []
    _keep_new(saved, ds.meta.title)
    return saved.story_id, f"“{name}” is saved as a new story.", list(contents.notes)


@dataclass(frozen=True)
class EditBase:
    version: int  # the saved version the edits started from (the compare-and-set check)
    generation: int  # bumped to restart the editors from the saved story


def edit_base(story_id: str) -> EditBase:
    key = f"edit_base_{story_id}"
    base = st.session_state.get(key)
    if base is None:
        # The version of the story on screen (the same lookup as the page's), so a save
        # made meanwhile is a conflict, never overwritten.
        base = EditBase(data.current_version(story_id) or 0, 0)
        st.session_state[key] = base
    return base


def restart_edit(story_id: str) -> None:
    """Start the edit again from the story as saved now (after a save, or to drop edits)."""
    data.forget_version(story_id)
    key = f"edit_base_{story_id}"
    old = st.session_state.get(key)
    generation = old.generation + 1 if old is not None else 0
    st.session_state[key] = EditBase(data.current_version(story_id) or 0, generation)
    st.session_state.pop(f"conflict_{story_id}", None)


def kept_files(story_id: str) -> tuple[str, bytes | None]:
    """What an edit keeps as stored, byte for byte: the article and the areas (if any)."""
    files = data.saved_files(story_id) or {}
    return files.get(ARTICLE_MD, b"").decode("utf-8", "replace"), files.get(AREAS_GEOJSON)


def kept_area_states(story_id: str) -> bytes | None:
    """The story's area_states.csv as stored: an edit keeps it (an edit that removes an event
    it names is then one problem naming its row)."""
    return (data.saved_files(story_id) or {}).get(AREA_STATES_CSV)

"""Cached access to the dataset and derived lookups (loaded once per server process)."""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import replace
from pathlib import Path
from typing import NoReturn

import streamlit as st

from articlemap.dataset import Dataset, load_dataset, load_story_files
from articlemap.filters import EventFilter
from articlemap.loading import DataValidationError
from articlemap.mentions import mention_counts
from articlemap.paths import GEODATA_DIR
from articlemap.store import StoreError, validate_story_id
from articlemap.story import read_story_toml, story_toml
from articlemap.story_files import STORY_FILES, STORY_TOML
from articlemap.timeline import EventIndex
from ui import memo, stories
from ui.cards import md
from ui.store import story_store

DATA_ENV = "ARTICLEMAP_DATA"
SAVED_CACHE_ENTRIES = 32  # saved stories (at one version each) kept built per process
VERSION_TTL_S = 0.5
_versions: dict[str, tuple[int | None, float]] = {}  # story id -> (version, when asked)


@st.cache_resource(show_spinner="Loading the article's places and events…")
def _load(directory: str | None) -> Dataset:
    return load_dataset(directory) if directory else load_dataset()


@st.cache_resource(show_spinner="Opening the story…", max_entries=SAVED_CACHE_ENTRIES)
def _load_saved(story_id: str, version: int) -> tuple[Dataset, dict[str, bytes]] | None:
    """A saved story at one version and its files, built once per process (a new save is a
    new version, so a new key; old versions age out). None when it is gone by now."""
    stored = story_store().get(story_id)
    if stored is None:
        return None
    ds = load_story_files(stored.files, name=story_id, origin=f"store:{story_id}@{stored.version}")
    return replace(ds, meta=replace(ds.meta, id=story_id)), stored.files


def builtin() -> Dataset:
    """The built-in story (``geodata/``, or the folder in $ARTICLEMAP_DATA); a broken file
    stops the page with the list of its problems — file, row and field — instead of a
    traceback."""
    try:
        return _load(os.environ.get(DATA_ENV) or None)
    except DataValidationError as exc:
        st.error("The app's data files have problems, so nothing can be shown:")
        st.code(exc.summary(), language=None)
        st.stop()
        raise  # for type checkers: st.stop() does not return


def dataset() -> Dataset:
    """The story this page shows: ``?story=<id>`` from the store, else the built-in one.
    A link to a story that is not there, or a store that cannot be reached, stops the page
    with a message and a way back (never a traceback)."""
    wanted = stories.requested_id()
    if not wanted:
        stories.switch_to("")
        return builtin()
    sid = validate_story_id(wanted)
    try:
        version = current_version(sid) if sid else None
        saved = _load_saved(sid, version) if sid and version is not None else None
    except StoreError as exc:
        _stop_page("The saved stories cannot be opened just now", str(exc))
    except DataValidationError as exc:
        st.error("This saved story's files have problems, so it cannot be shown:")
        st.code(exc.summary(), language=None)
        st.stop()
    if saved is None:
        _stop_page(
            "No such story",
            f"No story is saved here under “{wanted[:80]}”. The link may be "
            "cut short, or the story was deleted.",
        )
    ds = saved[0]
    assert sid is not None  # a saved story was found under it
    stories.switch_to(sid)
    stories.remember(sid, ds.meta.title)
    return ds


def saved_story(story_id: str) -> Dataset | None:
    """A saved story by id at its current version (the same cache as ``dataset``), for a
    page that shows several stories (Compare); None when there is no such story. Raises
    StoreError (store unreachable) and DataValidationError (files that do not load)."""
    sid = validate_story_id(story_id)
    version = current_version(sid) if sid else None
    saved = _load_saved(sid, version) if sid and version is not None else None
    return saved[0] if saved is not None else None


def current_version(story_id: str) -> int | None:
    """The story's saved version, asked of the store at most once per ``VERSION_TTL_S``
    (a page run asks several times: heading, menu, page; a slider move not at all). A save
    made by this process forgets it at once (``forget_version``); one made through another
    process is seen within the TTL."""
    now = time.monotonic()
    known = _versions.get(story_id)
    if known is not None and now - known[1] < VERSION_TTL_S:
        return known[0]
    version = story_store().version(story_id)
    _versions[story_id] = (version, now)
    if len(_versions) > 4 * SAVED_CACHE_ENTRIES:  # ids that were asked for once
        for sid in [k for k, (_, t) in list(_versions.items()) if now - t >= VERSION_TTL_S]:
            _versions.pop(sid, None)
    return version


def forget_version(story_id: str) -> None:
    _versions.pop(story_id, None)


def builtin_title() -> str:
    """The built-in story's title for the Story menu, without building the story (a link
    to a saved story on a fresh server should not wait for the built-in one)."""
    return _builtin_title(os.environ.get(DATA_ENV) or None)


@st.cache_resource(show_spinner=False)
def _builtin_title(directory: str | None) -> str:
    path = Path(directory or GEODATA_DIR) / STORY_TOML
    try:
        return read_story_toml(path.read_text(encoding="utf-8"), STORY_TOML).title
    except (OSError, UnicodeDecodeError, DataValidationError):
        return builtin().meta.title  # no usable story.toml: the loader names the problem


def saved_files(story_id: str) -> dict[str, bytes] | None:
    """The saved story's files at its current version (from the same cache as its
    dataset: the Edit page reads them on every rerun)."""
    version = current_version(story_id)
    saved = _load_saved(story_id, version) if version is not None else None
    return saved[1] if saved is not None else None


def _stop_page(title: str, message: str) -> NoReturn:
    st.title(title)
    st.info(md(message), icon=":material/info:")
    st.page_link("pages/map.py", label="Open the built-in story", icon=":material/map:")
    st.page_link(
        "pages/your_article.py", label="Make a story from an article", icon=":material/add:"
    )
    st.stop()
    raise AssertionError("st.stop() returned")


@st.cache_resource
def area_lookup(_ds: Dataset, key: str) -> tuple[dict[str, dict], dict[str, str]]:
    """Area id -> GeoJSON geometry and name (built once, reused by every slider move)."""
    geometry: dict[str, dict] = {}
    names: dict[str, str] = {}
    for frame in (_ds.areas, _ds.world):
        if frame is None:
            continue
        for area_id, name, shape in zip(frame["id"], frame["name"], frame.geometry, strict=True):
            geometry[area_id] = shape.__geo_interface__
            names[area_id] = name
    return geometry, names


@st.cache_resource
def mentions(_ds: Dataset, key: str) -> dict[str, int]:
    if _ds.article is None:
        return {}
    return dict(mention_counts(_ds.article.plain_text(), _ds.places))


def ids_digest(events) -> str:
    """A short cache key for a list of events (the window's events can be thousands)."""
    return hashlib.blake2b("|".join(e.id for e in events).encode(), digest_size=16).hexdigest()


def event_index(ds: Dataset, flt: EventFilter) -> EventIndex:
    """The filtered events, indexed for window queries (built once per dataset and filter)."""
    return memo.store("event-index", 64).get(
        (ds.key, flt), lambda: EventIndex(flt.apply(ds.events))
    )


def story_files(ds: Dataset) -> dict[str, bytes]:
    """The open story's files, for its .zip: a saved story's as stored, the built-in one's
    from its folder (with a story.toml written from its metadata if the folder has none)."""
    sid = stories.requested_id()
    if sid:
        files = saved_files(sid)
        if files is not None:
            return files
    folder = Path(os.environ.get(DATA_ENV) or GEODATA_DIR)
    files = {
        name: (folder / name).read_bytes() for name in STORY_FILES if (folder / name).is_file()
    }
    files.setdefault(STORY_TOML, story_toml(ds.meta).encode("utf-8"))
    return files

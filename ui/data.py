"""Cached access to the dataset and derived lookups (loaded once per server process)."""

from __future__ import annotations

import hashlib
import os
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
from articlemap.story import story_toml
from articlemap.story_files import STORY_FILES, STORY_TOML
from articlemap.timeline import EventIndex
from ui import memo, stories
from ui.cards import md
from ui.store import story_store

DATA_ENV = "ARTICLEMAP_DATA"
SAVED_CACHE_ENTRIES = 32  # saved stories (at one version each) kept built per process


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
        version = story_store().version(sid) if sid else None
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


def saved_files(story_id: str) -> dict[str, bytes] | None:
    """The saved story's files at its current version (from the same cache as its
    dataset: the Edit page reads them on every rerun)."""
    version = story_store().version(story_id)
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

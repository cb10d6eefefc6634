"""Cached access to the dataset and derived lookups (loaded once per server process)."""

from __future__ import annotations

import hashlib
import os

import streamlit as st

from articlemap.dataset import Dataset, load_dataset
from articlemap.filters import EventFilter
from articlemap.loading import DataValidationError
from articlemap.mentions import mention_counts
from articlemap.timeline import EventIndex
from ui import memo

DATA_ENV = "ARTICLEMAP_DATA"


@st.cache_resource(show_spinner="Loading the article's places and events…")
def _load(directory: str | None) -> Dataset:
    return load_dataset(directory) if directory else load_dataset()


def dataset() -> Dataset:
    """The dataset (``geodata/``, or the folder in $ARTICLEMAP_DATA); a broken file stops the
    page with the list of its problems — file, row and field — instead of a traceback."""
    try:
        return _load(os.environ.get(DATA_ENV) or None)
    except DataValidationError as exc:
        st.error("The app's data files have problems, so nothing can be shown:")
        st.code(exc.summary(), language=None)
        st.stop()
        raise  # for type checkers: st.stop() does not return


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

"""The editable places and events tables (a draft on *Your article*, a saved story on
*Edit story*), checked once per edit, not once per rerun.

A 2 MB upload gives 2,000 events: turning the edited tables back into CSV and checking every
row cost the server ~0.75 s of CPU on each rerun of the page, shared with every other reader.
The editors' own edit lists (in session state) say whether anything changed, so the checked
result is kept per draft and edit list, and rebuilt only when one of them changes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from articlemap import draft as drafting
from articlemap import map_layers
from articlemap.dataset import Dataset
from articlemap.loading import RowError
from articlemap.map_view import view_for
from articlemap.schema import (
    DATE_PRECISIONS,
    EVENT_COLUMNS,
    PLACE_COLUMNS,
    PLACE_KINDS,
    Event,
    Place,
)


@dataclass(frozen=True)
class Reviewed:
    places_csv: str
    events_csv: str
    places: list[Place]
    events: list[Event]
    problems: list[RowError]
    view_js: str  # the draft map's layers
    centre: tuple[float, float]
    zoom: int


def _frames(ds: Dataset, generation: int, prefix: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    cached = st.session_state.get(f"{prefix}_review_frames")
    if cached is None or cached[0] != generation:
        cached = (generation, *drafting.table_frames(ds))
        st.session_state[f"{prefix}_review_frames"] = cached
    return cached[1], cached[2]


def _edits(key: str) -> str:
    return json.dumps(st.session_state.get(key), sort_keys=True, default=str)


def review_tables(
    ds: Dataset,
    generation: int,
    areas: tuple[dict[str, dict], dict[str, str]],
    prefix: str = "ya",
) -> Reviewed:
    """Both editors of ``ds`` (a draft's dataset or a saved story); the tables as CSV,
    checked, and the map's layers for what is valid. ``generation`` changes when ``ds``
    is replaced (the editors then start again from it); ``prefix`` keeps two pages'
    editors apart."""
    places_df, events_df = _frames(ds, generation, prefix)
    places_key, events_key = f"{prefix}_places_{generation}", f"{prefix}_events_{generation}"
    st.subheader(f"Places ({len(places_df)})")
    edited_places = st.data_editor(
        places_df,
        key=places_key,
        num_rows="dynamic",
        hide_index=True,
        column_config={"kind": st.column_config.SelectboxColumn(options=list(PLACE_KINDS))},
    )
    st.subheader(f"Dated events ({len(events_df)})")
    edited_events = st.data_editor(
        events_df,
        key=events_key,
        num_rows="dynamic",
        hide_index=True,
        column_config={
            "category": st.column_config.SelectboxColumn(
                options=[c.id for c in ds.meta.categories]
            ),
            "date_precision": st.column_config.SelectboxColumn(options=list(DATE_PRECISIONS)),
            "quote": st.column_config.TextColumn(width="large"),
        },
    )
    version = (generation, _edits(places_key), _edits(events_key))
    cache = f"{prefix}_review"
    cached = st.session_state.get(cache)
    if cached is not None and cached[0] == version:
        return cached[1]
    places_csv = drafting.frame_csv(edited_places, PLACE_COLUMNS)
    events_csv = drafting.frame_csv(edited_events, EVENT_COLUMNS)
    places, events, problems = drafting.read_tables(places_csv, events_csv, ds.article, ds.meta)
    geometry, names = areas
    dated = [e for e in events if e.is_dated]
    home = view_for(places, trim=False)
    centre, zoom = home.centre, home.zoom
    view = map_layers.view_data(
        dated,
        geometry,
        names,
        ds.meta,
        plain_places=drafting.places_without_dates(places, dated),
    )
    result = Reviewed(
        places_csv,
        events_csv,
        places,
        events,
        problems,
        map_layers.view_script(view),
        centre,
        zoom,
    )
    st.session_state[cache] = (version, result)
    return result


def show_problems(problems: list[RowError], consequence: str) -> None:
    """The edited tables' problems, one per line, after a count and what they mean here."""
    if not problems:
        return
    n = len(problems)
    st.warning(f"{n} problem{'s' if n != 1 else ''} in the edited tables ({consequence}):")
    st.code("\n".join(str(p) for p in problems), language=None)

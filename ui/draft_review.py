"""The editable places and events tables (a draft on *Your article*, a saved story on
*Edit story*), checked once per edit, not once per rerun.

A 2 MB upload gives 2,000 events: turning the edited tables back into CSV and checking every
row cost the server ~0.75 s of CPU on each rerun of the page, shared with every other reader.
The editors' own edit lists (in session state) say whether anything changed, so the checked
result is kept per draft and edit list, and rebuilt only when one of them changes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from articlemap import draft as drafting
from articlemap import map_layers, table_edits
from articlemap.dataset import Dataset
from articlemap.loading import RowError
from articlemap.map_view import view_for
from articlemap.schema import (
    DATE_PRECISIONS,
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
    places_frame: pd.DataFrame | None = None  # the whole places table as edited, bad rows too


def draft_dataset(draft: drafting.Draft, generation: int, prefix: str = "ya") -> Dataset:
    """A draft's dataset, made once per generation (sorting 2,000 events on every rerun of
    the page was a few milliseconds of the server's time, shared with every reader)."""
    held = st.session_state.get(f"{prefix}_dataset")
    if held is None or held[0] != generation:
        held = (generation, draft.dataset())
        st.session_state[f"{prefix}_dataset"] = held
    return held[1]


def _frames(ds: Dataset, generation: int, prefix: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The tables as drafted or saved, made once per generation (not once per rerun)."""
    cached = st.session_state.get(f"{prefix}_review_frames")
    if cached is None or cached[0] != generation:
        cached = (generation, *drafting.table_frames(ds))
        st.session_state[f"{prefix}_review_frames"] = cached
    return cached[1], cached[2]


def _edits(key: str) -> str:
    return json.dumps(st.session_state.get(key), sort_keys=True, default=str)


@dataclass(frozen=True)
class _Paged:
    """Where one table's paged editor keeps its state: the whole table with the edits of
    the pages already left (``work``), how often edits were folded into it (``folds``: part
    of the editor's key, so a folded editor starts afresh, and of the checked result's
    version) and which editor shows which page now (``shown``)."""

    name: str  # "places" or "events"
    prefix: str
    generation: int

    def _key(self, what: str) -> str:
        return f"{self.prefix}_{self.name}_{what}"

    def work(self, drafted: pd.DataFrame) -> pd.DataFrame:
        held = st.session_state.get(self._key("work"))
        if held is None or held[0] != self.generation:
            held = (self.generation, drafted, 0)
            st.session_state[self._key("work")] = held
        return held[1]

    @property
    def folds(self) -> int:
        held = st.session_state.get(self._key("work"))
        return held[2] if held is not None and held[0] == self.generation else 0

    @property
    def page_key(self) -> str:
        return self._key(f"page_{self.generation}")

    def editor_key(self, page: table_edits.Page) -> str:
        # The first page of an unfolded table keeps the plain key (tests and the editor's
        # state of a short table stay as they were).
        suffix = "" if (self.folds, page.number) == (0, 0) else f"_{self.folds}_{page.number}"
        return f"{self.prefix}_{self.name}_{self.generation}{suffix}"

    def show(self, key: str, page: table_edits.Page) -> None:
        st.session_state[self._key("shown")] = (self.generation, key, page)

    def fold(self) -> None:
        """Before another page is shown: the page being left's edits into the whole table."""
        held = st.session_state.get(self._key("work"))
        shown = st.session_state.get(self._key("shown"))
        if held is None or shown is None or held[0] != self.generation or shown[0] != held[0]:
            return
        _, key, page = shown
        edits = st.session_state.get(key) or {}
        changed = any(edits.get(k) for k in edits)
        work = table_edits.apply_edits(held[1], page, edits) if changed else held[1]
        st.session_state[self._key("work")] = (held[0], work, held[2] + 1)


def replace_place_row(
    prefix: str,
    generation: int,
    place_id: str,
    change: Callable[[dict[str, str]], dict[str, str]],
) -> bool:
    """Change one place's row from outside its editor (a candidate picked, a map click): the
    edits of the page shown are folded in first, then the row is replaced and the editor
    starts afresh from the whole table (its key changes with the fold count). For a
    callback, which runs before the page. False when no row has that id."""
    table = _Paged("places", prefix, generation)
    table.fold()
    held = st.session_state.get(table._key("work"))
    if held is None or held[0] != generation:
        return False
    work = held[1].copy()
    hits = [i for i, pid in enumerate(work["id"]) if drafting.cell_text(pid) == place_id]
    if not hits:
        return False
    at = hits[0]
    row = {c: drafting.cell_text(work.iat[at, j]) for j, c in enumerate(work.columns)}
    new = change(row)
    for j, column in enumerate(work.columns):
        work.iat[at, j] = new.get(column, row[column])
    st.session_state[table._key("work")] = (generation, work, held[2] + 1)
    return True


def _paged_editor(
    table: _Paged, drafted: pd.DataFrame, heading: str, **editor_args
) -> tuple[pd.DataFrame, str]:
    """One table's editor, a page of rows at a time; the whole table as edited now, and a
    version of it (changes whenever the table may have)."""
    work = table.work(drafted)
    count = table_edits.page_count(len(work))
    head, choose = st.columns([3, 2], vertical_alignment="bottom")
    head.subheader(f"{heading} ({len(work)})")
    number = 0
    if count > 1:
        number = choose.selectbox(
            "Rows shown",
            options=range(count),
            format_func=lambda n: table_edits.page_of(len(work), n).label + f" of {len(work):,}",
            key=table.page_key,
            on_change=table.fold,
            help="Long tables are edited a page at a time; edits on other pages are kept.",
        )
    page = table_edits.page_of(len(work), number or 0)
    key = table.editor_key(page)
    table.show(key, page)
    edited = st.data_editor(
        table_edits.page_rows(work, page),
        key=key,
        num_rows="dynamic",
        hide_index=True,
        **editor_args,
    )
    whole = table_edits.splice(work, page, edited)
    return whole, f"{table.folds}:{page.number}:{_edits(key)}"


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
    edited_places, places_version = _paged_editor(
        _Paged("places", prefix, generation),
        places_df,
        "Places",
        column_config={"kind": st.column_config.SelectboxColumn(options=list(PLACE_KINDS))},
    )
    edited_events, events_version = _paged_editor(
        _Paged("events", prefix, generation),
        events_df,
        "Dated events",
        column_config={
            "category": st.column_config.SelectboxColumn(
                options=[c.id for c in ds.meta.categories]
            ),
            "date_precision": st.column_config.SelectboxColumn(options=list(DATE_PRECISIONS)),
            "quote": st.column_config.TextColumn(width="large"),
        },
    )
    version = (generation, places_version, events_version)
    cache = f"{prefix}_review"
    cached = st.session_state.get(cache)
    if cached is not None and cached[0] == version:
        return cached[1]
    places_csv = drafting.frame_csv(edited_places, PLACE_COLUMNS)
    events_csv = drafting.frame_csv(edited_events, drafting.used_event_columns(edited_events))
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
        edited_places,
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

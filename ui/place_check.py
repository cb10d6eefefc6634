"""The review step of a draft: one place at a time, its candidates, a gazetteer search, and
"place it by clicking the map"; the place's row (point, kind, source) follows the choice.

The candidates come with the draft from the worker (``importing.Imported.candidates``); a
search runs in the worker too (the gazetteer is loaded there, not in the server), and its
results are kept per query. Changing a row goes through ``draft_review.replace_place_row``
in a callback, so the tables and the map drawn in the same run already show the change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from articlemap import place_review
from articlemap.loading import RowError
from articlemap.place_review import Candidate
from articlemap.worker import DONE, wait_for
from ui import draft_review, jobs

SEARCH_SECONDS = 10.0


@dataclass(frozen=True)
class Check:
    """What the review step needs from the page."""

    prefix: str
    generation: int
    candidates: dict[str, tuple[Candidate, ...]]  # by place id, as drafted
    context: frozenset[str]

    def key(self, what: str) -> str:
        return f"{self.prefix}_check_{what}_{self.generation}"

    @property
    def place_key(self) -> str:
        return self.key("place")

    @property
    def click_key(self) -> str:
        return self.key("click")


def _rows(frame: pd.DataFrame | None) -> list[dict[str, str]]:
    if frame is None:
        return []
    from articlemap.draft import cell_text

    return [{str(c): cell_text(v) for c, v in row.items()} for row in frame.to_dict("records")]


def row_problems(problems: Sequence[RowError], file: str = "places.csv") -> dict[int, list[str]]:
    """Problems of the places table by row index (0 = the first row under the header)."""
    out: dict[int, list[str]] = {}
    for p in problems:
        if p.file == file and p.row is not None and p.row >= 2:
            what = f"{p.field}: {p.message}" if p.field else p.message
            out.setdefault(p.row - 2, []).append(what)
    return out


def _search(query: str, context: frozenset[str]) -> list[Candidate] | None:
    """The search's results (kept per query for the session); None when the worker could not
    answer in time."""
    held = st.session_state.setdefault("place_search_results", {})
    if query in held:
        return held[query]
    try:
        job = jobs.pool().submit("articlemap.importing:search_places", query, context)
    except Exception:  # a full queue: say so, like a slow worker
        return None
    wait_for(job, timeout=SEARCH_SECONDS, poll=0.02)
    if not job.done or job.status != DONE:
        if not job.done:
            jobs.pool().cancel(job)
        return None
    if len(held) > 50:
        held.clear()
    held[query] = list(job.result)
    return held[query]


def _others(rows: Sequence[dict[str, str]], place_id: str) -> list[tuple[float, float]]:
    out = []
    for row in rows:
        if row.get("id") == place_id:
            continue
        try:
            lat, lon = float(row.get("lat", "")), float(row.get("lon", ""))
        except ValueError:
            continue
        if -90 <= lat <= 90 and -180 <= lon <= 180:
            out.append((lat, lon))
    return out


def candidate_table(
    found: Sequence[Candidate], others: Sequence[tuple[float, float]], now: int | None
) -> pd.DataFrame:
    """The candidates as the person compares them, numbered as in the Candidate box. Five
    columns, the kind in the place's: the table sits in half the page's width and should not
    scroll sideways."""
    rows = []
    for i, c in enumerate(found):
        km = place_review.nearest_km(c.lat, c.lon, others)
        rows.append(
            {
                "#": f"{i + 1} ●" if i == now else str(i + 1),
                "place": f"{c.name} ({c.kind})",
                "in": c.where,
                "people": c.population or None,
                "km away": None if km is None else round(km),
            }
        )
    return pd.DataFrame(rows)


CANDIDATE_COLUMNS = {
    "#": st.column_config.TextColumn(width=40, help="● the place the row has now"),
    "place": st.column_config.TextColumn(help="its name and kind"),
    "in": st.column_config.TextColumn(help="its first-level region and country"),
    "people": st.column_config.NumberColumn(
        width=80, format="localized", help="population (GeoNames)"
    ),
    "km away": st.column_config.NumberColumn(
        width=70, format="localized", help="km to the nearest other place of the story"
    ),
}


def _use(check: Check, place_id: str, candidate: Candidate) -> None:
    draft_review.replace_place_row(
        check.prefix,
        check.generation,
        place_id,
        lambda row: place_review.chosen(row, candidate),
    )


def _clicked(check: Check, map_key: str) -> None:
    """The draft map was clicked while "place it on the map" is on: the place goes there."""
    if not st.session_state.get(check.click_key):
        return
    place_id = st.session_state.get(check.place_key)
    value = st.session_state.get(map_key) or {}
    point = value.get("last_clicked") if isinstance(value, dict) else None
    if not place_id or not isinstance(point, dict):
        return
    try:
        lat, lon = float(point["lat"]), float(point["lng"])
    except (KeyError, TypeError, ValueError):
        return
    draft_review.replace_place_row(
        check.prefix,
        check.generation,
        place_id,
        lambda row: place_review.placed_by_hand(row, lat, lon),
    )


def map_clicks(check: Check, map_key: str = "draft_map") -> dict:
    """The draft map's key and, while "place it on the map" is on, what it returns and the
    callback. The map is another component then (its key changes): streamlit-folium reads
    ``returned_objects`` only when it makes the map, so the same map cannot start sending
    clicks, and a map that always sent them would rerun the page on every click."""
    if not st.session_state.get(check.click_key):
        return {"key": map_key}
    clicking = f"{map_key}_click"
    return {
        "key": clicking,
        "returned_objects": ["last_clicked"],
        "on_change": lambda: _clicked(check, clicking),
    }


def show(check: Check, review: draft_review.Reviewed) -> None:
    """The review step for one place, chosen from the places table (bad rows flagged)."""
    rows = _rows(review.places_frame)
    ids = [r["id"] for r in rows if r.get("id")]
    if not ids:
        st.caption("No places to check: add a row to the places table, or search below.")
        return
    problems = row_problems(review.problems)
    flagged = {rows[i]["id"]: what for i, what in problems.items() if i < len(rows)}
    by_id = {r["id"]: r for r in rows if r.get("id")}

    def label(pid: str) -> str:
        row = by_id[pid]
        n = len(check.candidates.get(pid, ()))
        mark = "⚠ " if pid in flagged else ""
        more = f" · {n} candidates" if n > 1 else ""
        return f"{mark}{row.get('name') or pid}{more}"

    if st.session_state.get(check.place_key) not in by_id:
        first_bad = next((pid for pid in ids if pid in flagged), None)
        st.session_state[check.place_key] = first_bad or ids[0]
    place_id = st.selectbox(
        "Place to check",
        options=ids,
        format_func=label,
        key=check.place_key,
        help="Places marked ⚠ have a problem in their row; the others are on the map.",
    )
    row = by_id[place_id]
    for what in flagged.get(place_id, ()):
        st.error(
            f"This row is left off the map — {what}. Pick a place below or click the map.",
            icon=":material/warning:",
        )
    st.caption(f"Source now: {row.get('source') or '(none)'}")

    query = st.text_input(
        "Search the gazetteer",
        key=check.key(f"search_{place_id}"),
        placeholder="a place name, e.g. Springfield",
    )
    if query.strip():
        found = _search(query.strip(), check.context)
        if found is None:
            st.warning("The search is busy; try again in a moment.", icon=":material/hourglass:")
            found = []
        elif not found:
            st.info(f"No place named “{query.strip()}” in the offline gazetteer.")
    else:
        found = list(check.candidates.get(place_id, ()))
        if not found:
            st.caption("No other candidates for this name: search the gazetteer.")
    if found:
        now = place_review.current_choice(found, row)
        st.dataframe(
            candidate_table(found, _others(rows, place_id), now),
            hide_index=True,
            key=check.key(f"table_{place_id}"),
            column_config=CANDIDATE_COLUMNS,
        )
        pick_col, use_col = st.columns([3, 1], vertical_alignment="bottom")
        pick = pick_col.selectbox(
            "Candidate",
            options=range(len(found)),
            format_func=lambda i: f"{i + 1}. {found[i].label}",
            index=now if now is not None else 0,
            key=check.key(f"pick_{place_id}_{query.strip()}"),
        )
        use_col.button(
            "Use",
            key=check.key(f"use_{place_id}"),
            icon=":material/check:",
            on_click=_use,
            args=(check, place_id, found[pick or 0]),
            disabled=pick == now,
            help="This place's point, kind and source become the candidate's.",
        )
    st.toggle(
        "Place it by clicking the map",
        key=check.click_key,
        help="Each click on the draft map moves this place there; its source becomes "
        f"“{place_review.PLACED_BY_HAND}”.",
    )

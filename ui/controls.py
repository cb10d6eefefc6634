"""Widgets shared by pages: filters, the date slider tied to the events, selection state."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypedDict

import streamlit as st

from articlemap import map_layers, map_view, timeline
from articlemap.dataset import Dataset
from articlemap.escaping import display_text
from articlemap.filters import EVIDENCE_LABELS, EventFilter
from articlemap.schema import Event
from ui import address, memo

WINDOW_KEY = "window"
UPTO_KEY = "upto"
MODE_KEY = "time_mode"
MODES = ("Time window", "Everything up to a date")


# Widgets bound to the URL (``?f_text=Ganja&window=…``) so a copied link restores the view;
# their state also survives a switch to another page and back.
class _UrlBound(TypedDict):
    bind: Literal["query-params"]
    persist_state: Literal["session"]


URL_BOUND: _UrlBound = {"bind": "query-params", "persist_state": "session"}


def init_state(ds: Dataset | None = None) -> None:
    """Session defaults, then what a shared link asks for (``?event=…`` or ``?place=…``)."""
    st.session_state.setdefault("selected_event", None)
    st.session_state.setdefault("selected_place", None)
    st.session_state.setdefault("map_center", None)  # None: the story's home view
    st.session_state.setdefault("map_zoom", None)  # None: the story's home zoom
    st.session_state.setdefault("map_generation", 0)
    if ds is None:
        return
    wanted_event = st.query_params.get("event")
    if wanted_event and st.session_state.get("_event_param") != wanted_event:
        st.session_state["_event_param"] = wanted_event
        event = next((e for e in ds.events if e.id == wanted_event), None)
        if event is not None:
            # Move the slider to it only once the slider exists: on a first page load its
            # window comes from the same link.
            options = _slider_setup(ds).options if WINDOW_KEY in st.session_state else None
            _select(event, options)
    wanted_place = st.query_params.get("place")
    if wanted_place in ds.place_by_id and st.session_state.get("_place_param") != wanted_place:
        st.session_state["_place_param"] = wanted_place
        place = ds.place_by_id[wanted_place]
        st.session_state.selected_place, st.session_state.selected_event = place.id, None
        st.session_state.map_center = (place.lat, place.lon)


VIEW_PARAMS = ("z", "lat", "lon")


def init_map_state(ds: Dataset) -> None:
    """The Map page's state: what the page last put in the address is held there
    (``ui.address``), then the link's event or place, then its map view (``?z=9&lat=…&lon=…``:
    the map opens on it, centred there even when the link also chooses an event)."""
    address.hold()
    init_state(ds)
    wanted = tuple(st.query_params.get(name) for name in VIEW_PARAMS)
    if st.session_state.get("_view_param") == wanted:
        return
    st.session_state["_view_param"] = wanted
    view = map_view.from_params(*wanted)
    if view is not None:
        st.session_state.map_zoom = view.zoom
        st.session_state.map_center = view.centre


def map_key() -> str:
    """The map's component key: a new one (``reset_view``) makes a new map."""
    return f"map-{st.session_state.map_generation}"


def asked_view(ds: Dataset) -> map_view.MapView:
    """The view the page asks the map for: the session's (a link's, a chosen event's centre)
    or else the story's home view."""
    home = ds.home_view
    lat, lon = st.session_state.map_center or home.centre
    return map_view.MapView(lat, lon, st.session_state.map_zoom or home.zoom)


def address_follows_map(map_state: dict | None, asked: map_view.MapView) -> None:
    """Put what the map shows in the address, so a copied link opens on it: the chosen event
    or place, and the map's zoom and centre as the map last reported them (not its first
    report, of the base map before it went to ``asked``: ``map_view.reported_view``).

    What is written is also recorded as taken, so the next run does not read it back as a
    new link (it would fly the map to where it already is, or back to where it was).
    """
    event, place = st.session_state.selected_event, st.session_state.selected_place
    wanted: dict[str, str | None] = {"event": event, "place": place if not event else None}
    view = map_view.reported_view(map_state, asked)
    if view is not None:
        wanted.update(view.params())
    for name, value in wanted.items():
        if st.query_params.get(name) != value:
            address.put(name, value)
    st.session_state["_event_param"], st.session_state["_place_param"] = (
        wanted["event"],
        wanted["place"],
    )
    if all(wanted.get(name) for name in VIEW_PARAMS):
        st.session_state["_view_param"] = tuple(wanted[name] for name in VIEW_PARAMS)


def event_filter(ds: Dataset) -> EventFilter:
    """Sidebar filters; their values live in session state so every page shares them."""
    with st.sidebar:
        st.subheader("Filter events")
        example = next((e.places[0].name for e in ds.events if e.places), "")
        text = st.text_input(
            "Search titles and quotes",
            key="f_text",
            placeholder=f"e.g. {display_text(example)}" if example else "",
            **URL_BOUND,
        )
        categories = st.multiselect(
            "Category",
            [c.id for c in ds.meta.categories],
            format_func=lambda cid: display_text(ds.meta.label(cid)),
            key="f_categories",
            placeholder="All categories",
            **URL_BOUND,
        )
        places = st.multiselect(
            "Place",
            [p.id for p in ds.places],
            format_func=lambda pid: display_text(ds.place_by_id[pid].name),
            key="f_places",
            placeholder="All places",
            **URL_BOUND,
        )
        evidence = st.multiselect(
            "Date source",
            list(EVIDENCE_LABELS),
            format_func=EVIDENCE_LABELS.__getitem__,
            key="f_evidence",
            placeholder="Article and context",
            **URL_BOUND,
        )
    return EventFilter(frozenset(categories), frozenset(places), frozenset(evidence), text)


def slider_dates(events: Sequence[Event]) -> list[dt.date]:
    """The stops of the slider: every start and end date of a dated event, in order."""
    days = {d for e in events if e.is_dated for d in e.dates}
    return sorted(days)


# Above this many stops the slider moves by day instead of by event date: thousands of
# stops would be resent on every rerun and stepping through them by key is no use.
MAX_STOPS = 400


@dataclass(frozen=True)
class SliderSetup:
    """The slider's stops, their labels and the default window, worked out once per dataset."""

    options: list[dt.date]
    labels: dict[dt.date, str]
    default: tuple[dt.date, dt.date] | None


def _slider_setup(ds: Dataset) -> SliderSetup:
    return memo.store("slider-setups", 16).get(ds.key, lambda: _make_slider_setup(ds))


def _make_slider_setup(ds: Dataset) -> SliderSetup:
    options = slider_dates(ds.events)
    if not options:
        return SliderSetup(options, {}, None)
    default = ds.opening_window or timeline.Window(options[0], options[-1])
    return SliderSetup(options, {d: fmt_day(d) for d in options}, _snap(options, default))


def _snap(options: list[dt.date], window: timeline.Window) -> tuple[dt.date, dt.date]:
    lo = min(bisect_left(options, window.start), len(options) - 1)
    hi = max(bisect_right(options, window.end) - 1, lo)
    return options[lo], options[hi]


def _opening_window(
    ds: Dataset, options: list[dt.date], default: tuple[dt.date, dt.date]
) -> tuple[dt.date, dt.date]:
    """The slider's first value: the story's default window, widened to hold the event a
    link chose (``?event=khojaly`` without a window must still show that event)."""
    lo, hi = default
    if WINDOW_KEY in st.session_state or UPTO_KEY in st.session_state:
        return lo, hi  # the slider exists: its own value stands
    chosen = st.session_state.get("selected_event")
    event = next((e for e in ds.events if e.id == chosen), None) if chosen else None
    if event is None or not event.is_dated or timeline.Window(lo, hi).contains_event(event):
        return lo, hi
    start, end = event.dates
    return _snap(options, timeline.Window(min(lo, start), max(hi, end)))


def fmt_day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def time_mode(ds: Dataset) -> str:
    """A range of dates, or everything up to one date (outside the slider's fragment: a
    change of mode swaps the slider, a rerun of the whole page)."""
    if _slider_setup(ds).default is None:
        return MODES[0]
    chosen = st.segmented_control(
        "Time", MODES, key=MODE_KEY, default=MODES[0], label_visibility="collapsed", **URL_BOUND
    )
    return chosen or MODES[0]  # None when the reader clicks the chosen mode off again


SHOWN_WINDOW_KEY = "_shown_window"


def shown_window(ds: Dataset) -> timeline.Window | None:
    """The window the slider gave on this page's last run (its fragment's last move), for
    what is built outside the fragment (the handout); None when the story has no dated
    event, or the slider has not run yet (then: the story's opening window)."""
    if _slider_setup(ds).default is None:
        return None
    shown = st.session_state.get(SHOWN_WINDOW_KEY)
    if isinstance(shown, tuple) and shown[0] == ds.key:
        return shown[1]
    return ds.opening_window


def time_window(ds: Dataset, mode: str = MODES[0]) -> timeline.Window:
    """The date slider: a range over the event dates, or 'everything up to' one date."""
    window = _time_window(ds, mode)
    st.session_state[SHOWN_WINDOW_KEY] = (ds.key, window)
    return window


def _time_window(ds: Dataset, mode: str) -> timeline.Window:
    setup = _slider_setup(ds)
    options, default = setup.options, setup.default
    if default is None:
        st.info("No event in this dataset has a date, so there is no time slider.")
        return timeline.Window(dt.date.min, dt.date.max)
    lo, hi = _opening_window(ds, options, default)
    if mode == MODES[1]:
        day = _date_slider("Show every event up to", hi, UPTO_KEY, setup)
        return timeline.up_to(options[0], day)
    # ``value`` must be a pair: it is what makes these range sliders.
    value = _date_slider("Show events between", (lo, hi), WINDOW_KEY, setup)
    lo, hi = value if isinstance(value, tuple | list) else (value, value)
    return timeline.Window(lo, hi)


def _date_slider(label: str, value: Any, key: str, setup: SliderSetup) -> Any:
    """A slider over the story's dates: by day when there are too many dates to stop at
    each, else stopping at each event's date (labelled as the story writes them)."""
    if len(setup.options) > MAX_STOPS:
        return st.slider(
            label,
            min_value=setup.options[0],
            max_value=setup.options[-1],
            value=value,
            key=key,
            format="D MMM YYYY",
            **URL_BOUND,
        )
    return st.select_slider(
        label,
        options=setup.options,
        value=value,
        key=key,
        format_func=setup.labels.__getitem__,
        **URL_BOUND,
    )


def select_event(ds: Dataset, event_id: str) -> None:
    """Card / chart click: select the event, move the slider to it, fly the map there."""
    event = next((e for e in ds.events if e.id == event_id), None)
    if event is None:
        return
    address.put("event", event_id)
    address.put("place", None)
    _select(event, _slider_setup(ds).options)


def _select(event: Event, options: list[dt.date] | None = None) -> None:
    st.session_state.selected_event = event.id
    st.session_state.selected_place = None
    centre = map_layers.centre_of(event.places)
    if centre is not None:
        st.session_state.map_center = centre
    if not event.is_dated or not options:
        return
    start, end = event.dates
    if st.session_state.get(MODE_KEY) == MODES[1]:
        if st.session_state.get(UPTO_KEY, options[-1]) < start:
            st.session_state[UPTO_KEY] = _snap(options, timeline.Window(end, end))[1]
        return
    lo, hi = st.session_state.get(WINDOW_KEY, (options[0], options[-1]))
    current = timeline.Window(lo, hi)
    if not current.contains_event(event):
        st.session_state[WINDOW_KEY] = _snap(options, timeline.Window(min(lo, start), max(hi, end)))


def clear_selection() -> None:
    st.session_state.selected_event = None
    st.session_state.selected_place = None
    address.put("event", None)
    address.put("place", None)


def reset_view() -> None:
    """A new component key makes the map reload at the default view (out of the address too)."""
    st.session_state.map_center = None
    st.session_state.map_zoom = None
    st.session_state.map_generation += 1
    for name in VIEW_PARAMS:
        address.put(name, None)
    st.session_state["_view_param"] = None


def take_marker_click(map_state: dict | None, candidates: Sequence[Event]) -> None:
    """Turn the map's last clicked marker into the selected place (once per new click)."""
    if not map_state:
        return
    click = map_state.get("last_object_clicked")
    if not click or click == st.session_state.get("_last_click"):
        return
    st.session_state["_last_click"] = click
    lat, lng = click.get("lat"), click.get("lng")
    if lat is None or lng is None:
        return
    places = {p.id: p for e in candidates for p in e.places}
    nearest = min(
        places.values(),
        key=lambda p: (p.lat - lat) ** 2 + (p.lon - lng) ** 2,
        default=None,
    )
    if nearest is not None and abs(nearest.lat - lat) + abs(nearest.lon - lng) < 0.01:
        st.session_state.selected_place = nearest.id
        st.session_state.selected_event = None

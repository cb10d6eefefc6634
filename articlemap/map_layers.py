"""The dashboard map: a fixed folium base map, and the data a slider move changes.

The split follows how streamlit-folium works: the *base map* (offline outlines, optional
tiles, Leaflet assets, the ``ViewLayers`` drawing code) must stay byte-for-byte the same
between reruns or the map iframe reloads and the user's zoom is lost; what depends on the
time window is a short script (``view_script``) passed as streamlit-folium's
``feature_group``, which replaces the previous layers in place. It carries data only — each
event once, markers and polygons as GeoJSON — because it is resent on every slider move: the
folium FeatureGroups it replaces were ~80 KB for the 2020 window, ~1 ms of server time per
move. All text shown on the map goes through ``escaping.map_text``.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import folium
from branca.element import Element, MacroElement
from jinja2 import Template

from articlemap import web
from articlemap.escaping import map_text
from articlemap.event_view import EventView, event_views
from articlemap.map_view import WORLD
from articlemap.schema import AreaState, Event, Place
from articlemap.story import UNKNOWN_COLOUR, StoryMeta
from articlemap.timeline import Window, area_states_at

DEFAULT_ZOOM = 7  # one region; a story's own opening view is ``Dataset.home_view``
MARKER_CLASS = "am-event-marker"
AREA_CLASS = "am-area"
LINK_CLASS = "am-link"
PLAIN_CLASS = "am-plain-place"

TILE_CHOICES: dict[str, tuple[str, str] | None] = {
    "offline": None,
    "OpenStreetMap": (
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "&copy; OpenStreetMap contributors",
    ),
    "CartoDB Positron": (
        "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png",
        "&copy; OpenStreetMap contributors &copy; CARTO",
    ),
}


@dataclass(frozen=True)
class Assets:
    """Where the browser finds Leaflet and the offline outlines (served by the app itself)."""

    leaflet_js: str = "/app/static/leaflet/leaflet.js"
    leaflet_css: str = "/app/static/leaflet/leaflet.css"
    jquery_js: str = "/app/static/leaflet/jquery.min.js"
    marker_images: str = "/app/static/leaflet/images/"
    basemap_geojson: str = "/app/static/geodata/basemap.json"


class OfflineOutlines(MacroElement):
    """Country and district outlines fetched by URL, drawn under everything else.

    Fetching keeps the ~300 KB of outlines out of the map script, which streamlit-folium
    resends on every rerun; the browser caches the file instead. The code is
    ``articlemapMap.outlines`` in ``articlemap/web/map_view.js`` (inlined by ``ViewLayers``,
    which ``base_map`` adds first); this is its glue, the URLs as JSON.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        window.articlemapMap.outlines({{ this._parent.get_name() }}, {{ this.options }});
        {% endmacro %}
        """
    )

    def __init__(self, url: str, images: str):
        super().__init__()
        self._name = "OfflineOutlines"
        self.options = _json({"url": url, "images": images})


def base_map(tiles: str = "offline", assets: Assets = Assets()) -> folium.Map:
    """The fixed part of the map. Build it the same way every run (same args => same JS)."""
    m = folium.Map(
        location=WORLD.centre,
        zoom_start=WORLD.zoom,
        tiles=None,
        control_scale=True,
        prefer_canvas=False,
        min_zoom=2,
        max_zoom=14,
    )
    # folium hands min/max zoom to its tile layer only; with tiles=None set them on the map.
    m.options["minZoom"], m.options["maxZoom"] = 2, 14
    m.default_js = [("leaflet", assets.leaflet_js), ("jquery", assets.jquery_js)]
    m.default_css = [("leaflet_css", assets.leaflet_css)]
    # branca types get_root() as an Element; for a Map it is the Figure, which has a header.
    m.get_root().header.add_child(  # type: ignore[attr-defined]
        Element(f"<style>\n{web.source('area_states.css')}{web.source('map.css')}</style>")
    )
    ViewLayers().add_to(m)  # first: it defines the code OfflineOutlines calls
    OfflineOutlines(assets.basemap_geojson, assets.marker_images).add_to(m)
    choice = TILE_CHOICES.get(tiles)
    if choice is not None:
        url, attribution = choice
        folium.TileLayer(url, attr=attribution, name=tiles, max_zoom=19).add_to(m)
    return m


# --- dynamic layers -------------------------------------------------------------------
#
# What a slider move changes is sent as data, not as folium's generated JavaScript: the
# window's events once each (a quote named by three places used to be repeated in three
# popups), the markers, area polygons and lines as GeoJSON features that refer to those
# events by id. ``ViewLayers`` (part of the fixed base map) turns that data into Leaflet
# layers in the browser. Every string in it has gone through ``escaping.map_text`` first.

POPUP_LIMIT = 6  # events listed in one marker's popup; the rest are counted
# Place names drawn on the map at most: the browser hides those that would overlap a more
# important one (map_view.js pickLabels); past this many the hidden ones only cost time.
LABEL_LIMIT = 60
CANVAS_FROM = 500  # markers in one view from which they are drawn on a canvas


class ViewLayers(MacroElement):
    """Defines ``window.articlemapView(map, view)``, which draws one ``view_data`` view.

    The code is ``articlemap/web/map_view.js``, inlined as it is; the glue passes this
    module's settings to it as JSON.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.code }}
        window.articlemapMap.install({{ this.config }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "ViewLayers"
        # the area look shared with the static site, then the map's own code
        self.code = web.source("area_look.js") + "\n" + web.source("map_view.js")
        self.config = _json(
            {
                "limit": POPUP_LIMIT,
                "canvas_from": CANVAS_FROM,
                "marker_class": MARKER_CLASS,
                "area_class": AREA_CLASS,
                "link_class": LINK_CLASS,
                "plain_class": PLAIN_CLASS,
            }
        )


def _json(value: object) -> str:
    """Settings as a JavaScript expression (sorted keys: the base map's bytes never change)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def event_row(view: EventView) -> dict[str, object]:
    """An event as its popups show it (escaped once, whatever number of places name it)."""
    row: dict[str, object] = {
        "title": map_text(view.title),
        "date": map_text(view.date),
        "written": map_text(view.as_written),
        "quote": map_text(view.quote),
    }
    if view.related:  # the popup names them; one on the map opens its own popup
        row["related"] = [{"id": map_text(i), "title": map_text(t)} for i, t in view.related]
    return row


def group_by_place(events: Iterable[Event]) -> dict[str, tuple[Place, list[Event]]]:
    out: dict[str, tuple[Place, list[Event]]] = {}
    for event in events:
        for place in event.places:
            out.setdefault(place.id, (place, []))[1].append(event)
    return out


def marker_features(
    events: Sequence[Event],
    selected_event_id: str | None = None,
    selected_place_id: str | None = None,
    permanent_labels: bool = False,
    *,
    colours: Mapping[str, str],
) -> list[dict]:
    """One point feature per place with events in the window (newest event gives the colour).

    ``event_ids`` are the events its popup lists (the chosen event first, at most
    ``POPUP_LIMIT``); ``events`` counts them all. ``rank`` orders the place names for the
    browser's collision rule (0 first: the chosen place, then places with more events);
    with ``permanent_labels`` the first ``LABEL_LIMIT`` are drawn as names on the map.
    """
    features = []
    grouped = group_by_place(events)
    selected = {
        pid
        for pid, (_, place_events) in grouped.items()
        if pid == selected_place_id or any(e.id == selected_event_id for e in place_events)
    }
    related = related_places(events, selected_event_id) - selected
    ranked = sorted(
        grouped,
        key=lambda pid: (pid not in selected, -len(grouped[pid][1]), grouped[pid][0].name),
    )
    rank = {pid: i for i, pid in enumerate(ranked)}
    for place_id, (place, place_events) in grouped.items():
        selected_here = [e for e in place_events if e.id == selected_event_id]
        lead = selected_here[0] if selected_here else place_events[-1]
        is_selected = place_id in selected
        ordered = selected_here + [e for e in place_events if e not in selected_here]
        features.append(
            {
                "type": "Feature",
                "id": place_id,
                "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
                "properties": {
                    "place_id": place_id,
                    "label": map_text(place.label),
                    "name": map_text(place.name),
                    "permanent": permanent_labels and rank[place_id] < LABEL_LIMIT,
                    "rank": rank[place_id],
                    "event_ids": [e.id for e in ordered[:POPUP_LIMIT]],
                    "color": colours.get(lead.category, UNKNOWN_COLOUR),
                    "radius": min(7 + 2 * math.sqrt(len(place_events)), 16)
                    + (3 if is_selected else 0),
                    "selected": is_selected,
                    # a place of an event related to the chosen one (drawn apart from both)
                    "related": place_id in related,
                    # Reopen the popup after the rerun that replaces the layer: for the
                    # chosen event (at its first place) or the clicked marker.
                    "open": (bool(selected_here) and place.id == selected_here[0].place_ids[0])
                    or (selected_event_id is None and place_id == selected_place_id),
                    "events": len(place_events),
                },
            }
        )
    return features


@dataclass(frozen=True)
class AreaStates:
    """The areas' states one view shows: each area's state at the window's end
    (``timeline.area_states_at``), every state of each area (its popup lists them), the
    events they come from, and the place that *is* each area (its label)."""

    current: Mapping[str, AreaState] = field(default_factory=dict)
    day: dt.date | None = None  # the window's end, the day ``current`` holds on
    history: Mapping[str, tuple[AreaState, ...]] = field(default_factory=dict)
    events: Mapping[str, Event] = field(default_factory=dict)
    places: Mapping[str, Place] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, tuple[tuple[str, str], ...]]:
        """What differs between two views' states (a cache key): the states drawn and, when
        there are any, the day the legend names."""
        day = self.day.isoformat() if self.current and self.day is not None else ""
        return day, tuple(sorted((a, s.state_from.isoformat()) for a, s in self.current.items()))


NO_STATES = AreaStates()


def area_states_view(
    states: Sequence[AreaState],
    events: Iterable[Event],
    places: Iterable[Place],
    window: Window | None,
) -> AreaStates:
    """The states a view over ``window`` draws (None: no window, no state is current)."""
    if not states:
        return NO_STATES
    history: dict[str, list[AreaState]] = {}
    for state in sorted(states, key=lambda s: s.state_from):
        history.setdefault(state.area_id, []).append(state)
    wanted = {s.event_id for s in states}
    area_places: dict[str, Place] = {}
    for place in places:
        if place.kind in AREA_KINDS and place.area_id in history:
            area_places.setdefault(place.area_id, place)
    return AreaStates(
        current=area_states_at(states, window) if window is not None else {},
        day=window.end if window is not None else None,
        history={a: tuple(h) for a, h in history.items()},
        events={e.id: e for e in events if e.id in wanted},
        places=area_places,
    )


def _state_rows(area_id: str, states: AreaStates) -> list[dict]:
    """An area's states as its popup lists them: the one shown now first (``current``),
    then the others in date order."""
    now = states.current.get(area_id)
    history = states.history.get(area_id, ())
    ordered = [s for s in history if s == now] + [s for s in history if s != now]
    return [
        {
            "when": map_text(s.date_label),
            "state": map_text(s.state),
            "style": s.style,
            "event_id": s.event_id if s.event_id in states.events else "",
            "note": map_text(s.note),
            "current": s == now,
        }
        for s in ordered
    ]


def _area_label(place: Place | None, area_id: str, area_names: Mapping[str, str]) -> str:
    if place is None:
        return map_text(area_names.get(area_id, area_id))
    if area_id in area_names and area_names[area_id] != place.name:
        return map_text(f"{place.label} ({area_names[area_id]})")
    return map_text(place.label)


def related_places(events: Sequence[Event], selected_event_id: str | None) -> set[str]:
    """The places of the events related to the chosen one (both ways, ``Event.linked``)
    among ``events``; empty when no event of ``events`` is chosen."""
    chosen = next((e for e in events if e.id == selected_event_id), None)
    if chosen is None or not chosen.linked:
        return set()
    ids = {i for i, _ in chosen.linked}
    return {p.id for e in events if e.id in ids for p in e.places}


def area_emphasis(place_id: str, selected: set[str], related: set[str]) -> str:
    """How an area is drawn while an event is chosen: "selected" (the chosen event's own),
    "related" (a related event's), "other"; "" when nothing is chosen."""
    if not selected and not related:
        return ""
    if place_id in selected:
        return "selected"
    return "related" if place_id in related else "other"


def area_features(
    events: Sequence[Event],
    area_geometry: dict[str, dict],
    area_names: dict[str, str],
    *,
    colours: Mapping[str, str],
    states: AreaStates = NO_STATES,
    selected_event_id: str | None = None,
) -> list[dict]:
    """Polygons of the districts and regions the window's events name (e.g. Aghdam), and
    of the areas that are in a state at the window's end (``states``), drawn by that state.

    Towns keep their district as ``area_id`` for reference, but an event in a town does not
    shade the whole district, and countries are not shaded either: only places that *are*
    areas are drawn. An area with states carries them all (``states``, for its popup) and
    the current one's ``state_style``. With an event chosen, each area says whether it is one
    of the chosen event's places, of a related event's, or neither (``area_emphasis``).
    """
    features: dict[str, dict] = {}
    drawn: set[str] = set()
    chosen = next((e for e in events if e.id == selected_event_id), None)
    selected = {p.id for p in chosen.places} if chosen is not None else set()
    related = related_places(events, selected_event_id) - selected
    for place_id, (place, place_events) in group_by_place(events).items():
        if place.kind not in AREA_KINDS or not place.area_id:
            continue
        geometry = area_geometry.get(place.area_id)
        if geometry is None:
            continue
        features[place_id] = {
            "type": "Feature",
            "id": place_id,
            "geometry": geometry,
            "properties": {
                "label": _area_label(place, place.area_id, area_names),
                "color": colours.get(place_events[-1].category, UNKNOWN_COLOUR),
                "emphasis": area_emphasis(place_id, selected, related),
            },
        }
        if place.area_id in states.history:
            _add_states(features[place_id]["properties"], place.area_id, states)
            drawn.add(place.area_id)
    for area_id in sorted(states.current):
        geometry = area_geometry.get(area_id)
        if area_id in drawn or geometry is None:
            continue
        state_place = states.places.get(area_id)
        props = {"label": _area_label(state_place, area_id, area_names)}
        if state_place is not None:
            props["emphasis"] = area_emphasis(state_place.id, selected, related)
        _add_states(props, area_id, states)
        features[f"area:{area_id}"] = {
            "type": "Feature",
            "id": f"area:{area_id}",
            "geometry": geometry,
            "properties": props,
        }
    # Areas in a state last, drawn on top of a region that holds them (the seven districts)
    # so that a click on one opens its own popup.
    return sorted(features.values(), key=lambda f: "state_style" in f["properties"])


def _add_states(props: dict, area_id: str, states: AreaStates) -> None:
    props["area_id"] = area_id
    props["states"] = _state_rows(area_id, states)
    now = states.current.get(area_id)
    if now is not None:
        props["state_style"] = now.style
        props["state"] = map_text(now.state)


def state_legend(states: AreaStates) -> list[dict]:
    """The states the view draws, once each (style, then wording), for the map's legend."""
    seen = sorted({(s.style, s.state) for s in states.current.values()})
    return [{"style": style, "label": map_text(label)} for style, label in seen]


AREA_KINDS = ("district", "region", "autonomous-republic", "economic-region")


def haversine_km(a: Place, b: Place) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371 * math.asin(math.sqrt(h))


def link_features(
    events: Sequence[Event],
    origin: Place | None,
    link_categories: Iterable[str],
    min_km: float = 400,
) -> list[dict]:
    """Lines from the story's origin (e.g. the author's capital) to meeting cities abroad."""
    if origin is None:
        return []
    link_categories = frozenset(link_categories)
    features: dict[str, dict] = {}
    for event in events:
        if event.category not in link_categories:
            continue
        for place in event.places:
            if place.kind != "city" or place.id in features:
                continue
            if haversine_km(origin, place) < min_km:
                continue
            features[place.id] = {
                "type": "Feature",
                "geometry": {
                    "type": "LineString",
                    "coordinates": [[origin.lon, origin.lat], [place.lon, place.lat]],
                },
                "properties": {
                    "label": map_text(f"{origin.name} → {place.name}: {event.title}"),
                },
            }
    return list(features.values())


def plain_place_features(places: Iterable[Place], note: str) -> list[dict]:
    """Small grey points with a tooltip only (the draft's places that no dated event uses)."""
    return [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
            "properties": {"label": map_text(f"{p.label} ({note})")},
        }
        for p in places
    ]


def view_data(
    events: Sequence[Event],
    area_geometry: dict[str, dict],
    area_names: dict[str, str],
    meta: StoryMeta,
    origin: Place | None = None,
    selected_event_id: str | None = None,
    selected_place_id: str | None = None,
    permanent_labels: bool = False,
    plain_places: Sequence[Place] = (),
    page_keys: Sequence[str] = (),
    fill: bool = False,
    states: AreaStates = NO_STATES,
) -> dict:
    """Everything one view of the map draws: areas, links to meetings abroad, markers.

    ``states`` (``area_states_view``) draws the areas by their state at the window's end,
    lists the states in the legend and each area's popup (with the events they come from).

    ``page_keys`` are keys the page itself answers (Present: ← → Space): pressed while the
    map has the focus (after any click on it) they go to the page instead of panning it.
    ``fill``: the map fills its frame, whose height the page sets (Present's stage)."""
    colours = meta.colours
    markers = marker_features(
        events, selected_event_id, selected_place_id, permanent_labels, colours=colours
    )
    listed = {eid for f in markers for eid in f["properties"]["event_ids"]}
    areas = area_features(
        events,
        area_geometry,
        area_names,
        colours=colours,
        states=states,
        selected_event_id=selected_event_id,
    )
    sources = {r["event_id"] for f in areas for r in f["properties"].get("states", ())}
    shown = [e for e in events if e.id in listed]
    shown += [e for eid, e in states.events.items() if eid in sources and eid not in listed]
    data: dict[str, object] = {
        "events": {v.id: event_row(v) for v in event_views(shown, meta)},
        "areas": areas,
        "links": link_features(events, origin, meta.link_categories),
        "markers": markers,
    }
    if states.current:
        data["legend"] = state_legend(states)
        if states.day is not None:
            data["legend_title"] = map_text(f"Areas on {states.day.day} {states.day:%b %Y}")
    if plain_places:
        data["plain"] = plain_place_features(plain_places, "no dated event")
    if page_keys:
        data["page_keys"] = list(page_keys)
    if fill:
        data["fill"] = True
    return data


def view_script(data: dict) -> str:
    """The JS that draws ``data`` on the map (what streamlit-folium's ``feature_group`` runs).

    JSON is a JavaScript expression, and every text in ``data`` is already HTML-escaped with
    ``` ` ``` ``$`` and ``\\`` as entities, so no text can end the call or the string it is in.
    """
    payload = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    payload = payload.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"window.articlemapView(map_div, {payload});\n"


def centre_of(places: Sequence[Place]) -> tuple[float, float] | None:
    """Where to fly for an event: the mean of its places (None when it has none)."""
    if not places:
        return None
    return (
        round(sum(p.lat for p in places) / len(places), 4),
        round(sum(p.lon for p in places) / len(places), 4),
    )


def zoom_for(places: Sequence[Place], default: int = DEFAULT_ZOOM) -> int:
    """A zoom that shows all of an event's places: close for one town, far for two continents."""
    if len(places) < 2:
        return default - 1  # one place: show it with its neighbours for orientation
    lat_span = max(p.lat for p in places) - min(p.lat for p in places)
    lon_span = max(p.lon for p in places) - min(p.lon for p in places)
    span = max(lat_span, lon_span / 1.5)
    for limit, zoom in ((1.5, 8), (3, 7), (6, 6), (12, 5), (25, 4), (50, 3)):
        if span <= limit:
            return zoom
    return 2


# --- several accounts on one map (the Compare page) ------------------------------------------

# Each compared account's colour (Okabe-Ito, apart from the categories' use of them on the
# other pages) and marker shape, so the accounts differ without colour vision too.
ACCOUNT_LOOKS: tuple[tuple[str, str], ...] = (
    ("#0072B2", "circle"),
    ("#D55E00", "square"),
    ("#009E73", "diamond"),
)
ACCOUNT_CLASS = "am-account-{}"
_SHIFT_PX = (0, 7, -7)  # a place both accounts name: the markers side by side, not stacked


def accounts_view_data(
    accounts: Sequence[tuple[Sequence[Event], StoryMeta, str]],
    area_geometry: dict[str, dict],
    area_names: dict[str, str],
) -> dict:
    """One map of several accounts (events, story, label such as "first account"): each
    account's markers in its own colour and shape, event ids prefixed with the account's
    position ("1:signed") so two stories' ids never meet. Areas are drawn in the first
    account's colour that names them."""
    events: dict[str, dict] = {}
    markers: list[dict] = []
    areas: dict[str, dict] = {}
    for i, (account_events, meta, label) in enumerate(accounts):
        colour, shape = ACCOUNT_LOOKS[i % len(ACCOUNT_LOOKS)]
        colours = {e.category: colour for e in account_events}
        features = marker_features(account_events, colours=colours)
        listed = {eid for f in features for eid in f["properties"]["event_ids"]}
        for view in event_views((e for e in account_events if e.id in listed), meta):
            events[f"{i}:{view.id}"] = event_row(view)
        for feature in features:
            props = feature["properties"]
            feature["id"] = f"{i}:{feature['id']}"
            props["event_ids"] = [f"{i}:{eid}" for eid in props["event_ids"]]
            props["label"] = f"{props['label']} — {map_text(label)}"
            props["shape"] = shape
            props["shift"] = _SHIFT_PX[i % len(_SHIFT_PX)]
            props["account_class"] = ACCOUNT_CLASS.format(i)
            props["open"] = False
            markers.append(feature)
        for feature in area_features(account_events, area_geometry, area_names, colours=colours):
            areas.setdefault(feature["id"], feature)
    return {"events": events, "areas": list(areas.values()), "markers": markers}

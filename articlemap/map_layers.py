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

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import folium
from branca.element import Element, MacroElement
from jinja2 import Template

from articlemap.escaping import map_text
from articlemap.event_view import EventView, event_views
from articlemap.map_view import WORLD
from articlemap.schema import Event, Place
from articlemap.story import UNKNOWN_COLOUR, StoryMeta

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
    resends on every rerun; the browser caches the file instead.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            L.Icon.Default.imagePath = {{ this.images | tojson }};
            var pane = map.createPane("outlines");
            pane.style.zIndex = 250;
            fetch({{ this.url | tojson }})
              .then(function (r) { return r.json(); })
              .then(function (data) {
                L.geoJSON(data, {
                  pane: "outlines",
                  interactive: false,
                  style: function (f) {
                    return f.properties.layer === "country"
                      ? {color: "#8a8f98", weight: 1, fillColor: "#f4f1ea", fillOpacity: 1}
                      : {color: "#b5b9c0", weight: 0.6, dashArray: "2 3", fill: false};
                  }
                }).addTo(map);
                map.getContainer().dataset.outlines = "loaded";
              })
              .catch(function () { map.getContainer().dataset.outlines = "failed"; });
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, url: str, images: str):
        super().__init__()
        self._name = "OfflineOutlines"
        self.url = url
        self.images = images


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
        Element("<style>.leaflet-container{background:#dfe9f0;font-size:14px}</style>")
    )
    OfflineOutlines(assets.basemap_geojson, assets.marker_images).add_to(m)
    ViewLayers().add_to(m)
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
CANVAS_FROM = 500  # markers in one view from which they are drawn on a canvas


class ViewLayers(MacroElement):
    """Defines ``window.articlemapView(map, view)``, which draws one ``view_data`` view."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
          var LIMIT = {{ this.limit }};
          function popup(view, p) {
            var html = "<div class='am-popup'><b>" + p.label + "</b>";
            for (var i = 0; i < p.event_ids.length; i++) {
              var e = view.events[p.event_ids[i]];
              html += "<hr style='margin:4px 0'><div><b>" + e.title + "</b></div>"
                + "<div style='color:#555'>" + e.date
                + (e.written ? " \\u2014 \\u201c" + e.written + "\\u201d" : "") + "</div>"
                + "<blockquote style='margin:4px 0 0 0;font-style:italic'>" + e.quote
                + "</blockquote>";
            }
            if (p.events > LIMIT) html += "<div>\\u2026 and " + (p.events - LIMIT) + " more</div>";
            return html + "</div>";
          }
          function bind(view, map) {
            return function (feature, layer) {
              var p = feature.properties;
              if (p.event_ids) {  // built when opened: thousands of markers, few popups
                layer.bindPopup(function () { return popup(view, p); }, popupSize(map));
              }
              if (p.name && p.permanent) {
                layer.bindTooltip(p.name,
                  {permanent: true, direction: "right", className: "am-label"});
              } else if (p.label) { layer.bindTooltip(p.label, {sticky: false}); }
              // Open once the map has settled on its new view, so the popup pans into sight.
              if (p.open) {
                layer.on("add", function () {
                  setTimeout(function () { layer.openPopup(); }, 300);
                });
              }
            };
          }
          function markerStyle(f) {
            var p = f.properties;
            return {color: p.selected ? "#111111" : "#ffffff", weight: p.selected ? 3 : 1.5,
                    fill: true, fillColor: p.color, fillOpacity: 0.9, radius: p.radius,
                    className: "{{ this.marker_class }}"
                      + (p.account_class ? " " + p.account_class : "")};
          }
          function plainStyle() {
            return {color: "#ffffff", weight: 1, fill: true, fillColor: "#7F7F7F",
                    fillOpacity: 0.8, radius: 5, className: "{{ this.plain_class }}"};
          }
          function areaStyle(f) {
            return {color: f.properties.color, weight: 2, fillColor: f.properties.color,
                    fillOpacity: 0.18, className: "{{ this.area_class }}"};
          }
          function linkStyle() {
            return {color: "#0072B2", weight: 1.5, dashArray: "6 6",
                    className: "{{ this.link_class }}"};
          }
          // A compared account's marker: its own shape (circle, square, diamond), so the
          // accounts stay apart without colour too. An SVG path with the marker class.
          var SHAPES = {
            square: "M3 3H17V17H3Z",
            diamond: "M10 1L19 10L10 19L1 10Z"
          };
          function shapeMarker(latlng, p) {
            var size = 2 * p.radius + 4, shift = p.shift || 0;
            var svg = "<svg viewBox='0 0 20 20' width='"
              + size + "' height='" + size + "'><path class='{{ this.marker_class }} "
              + p.account_class + "' d='" + SHAPES[p.shape] + "' fill='" + p.color
              + "' fill-opacity='0.9' stroke='#ffffff' stroke-width='1.5'/></svg>";
            return L.marker(latlng, {icon: L.divIcon({html: svg, className: "am-shape",
              iconSize: [size, size], iconAnchor: [size / 2 - shift, size / 2]})});
          }
          var GROUPS = [
            ["areas", "Districts and regions named", areaStyle],
            ["links", "Meetings abroad", linkStyle],
            ["plain", "Places without a dated event", plainStyle],
            ["markers", "Events", markerStyle]
          ];
          // Thousands of markers draw ~2.5x faster on one canvas than as SVG paths
          // (measured in Chromium); smaller views stay SVG, each marker a <path> with a class.
          var CANVAS_FROM = {{ this.canvas_from }}, canvas = null;
          // streamlit-folium removes window.feature_group's layers and window.layer_control
          // before it runs the next view's script.
          // Keys the page answers (Present's ← → Space) are handed to it, whatever was
          // clicked in the map; Escape hands the focus back to the page.
          var pageKeys = [];
          function forwardKeys() {
            if (window.amKeysForwarded) return;
            window.amKeysForwarded = true;
            // keyup too: the page's shortcut handler tracks which keys are down, and a
            // key that never came up would make the next one look like a combination.
            ["keydown", "keyup"].forEach(function (type) {
              document.addEventListener(type, function (e) {
                if (e.key === "Escape") {
                  if (type === "keydown" && document.activeElement) document.activeElement.blur();
                  try { window.parent.focus(); } catch (err) { /* another origin */ }
                  return;
                }
                if (pageKeys.indexOf(e.key) < 0) return;
                e.preventDefault();
                e.stopPropagation();
                try {
                  var copy = new KeyboardEvent(type, {
                    key: e.key, code: e.code, bubbles: true, cancelable: true
                  });
                  // The shortcut handler (hotkeys) reads keyCode, which the constructor
                  // cannot set (it would be 0: Space was ignored).
                  ["keyCode", "which"].forEach(function (name) {
                    Object.defineProperty(copy, name, {value: e[name]});
                  });
                  window.parent.document.body.dispatchEvent(copy);
                } catch (err) { /* another origin: the keys stay here */ }
              }, true);
            });
          }
          // Fitting the map to its frame and to the reader, in one place: the map fills a
          // frame whose height the page sets (view.fill); popups are never wider or taller
          // than the map (a phone's map is ~360 px wide); a popup opening on a map that is
          // off-screen or under the page's header scrolls the map into view; with
          // prefers-reduced-motion the map jumps to each view instead of flying.
          function popupSize(map) {  // clear of the zoom and layer buttons at the top
            var size = map.getSize();
            return {maxWidth: Math.max(120, Math.min(380, size.x - 84)),
                    minWidth: Math.min(50, size.x - 84),
                    maxHeight: Math.max(120, Math.min(260, size.y - 140)),
                    autoPanPaddingTopLeft: [16, 64], autoPanPaddingBottomRight: [16, 16]};
          }
          function reveal() {
            var frame = window.frameElement;
            if (!frame) return;
            var head = window.parent.document.querySelector('header[data-testid="stHeader"]');
            var top = head ? head.getBoundingClientRect().bottom : 0;
            var box = frame.getBoundingClientRect();
            if (box.top >= top - 1 && box.top <= window.parent.innerHeight - 240) return;
            frame.style.scrollMarginTop = (top + 8) + "px";
            frame.scrollIntoView({block: "start", behavior: still() ? "auto" : "smooth"});
          }
          function still() {
            return !!(window.matchMedia
              && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
          }
          function fit(map, view) {
            var box = map.getContainer();
            if (view.fill && !box.dataset.amFill) {
              box.dataset.amFill = "1";
              document.body.style.margin = "0";
              box.style.height = "100vh";
              map.invalidateSize();
            }
            if (map.amFitted) return;  // once per map: streamlit-folium keeps it between views
            map.amFitted = true;
            map.on("popupopen", reveal);
            if (still()) {  // streamlit-folium moves the map with setView; popups pan it
              map._zoomAnimated = false;
              ["setView", "panBy"].forEach(function (name) {
                var move = map[name];
                map[name] = function (a, b, options) {
                  var still = {animate: false};
                  if (name === "panBy") return move.call(this, a, L.extend({}, b, still));
                  return move.call(this, a, b, L.extend({}, options, still));
                };
              });
            }
          }
          window.articlemapView = function (map, view) {
            var overlays = {};
            fit(map, view);
            pageKeys = view.page_keys || [];
            if (pageKeys.length) {
              map.keyboard.disable();
              forwardKeys();
            }
            var many = (view.markers || []).length >= CANVAS_FROM;
            if (many && !canvas) {  // in its own pane, above the SVG areas and lines
              map.createPane("amCanvasMarkers").style.zIndex = 450;
              canvas = L.canvas({padding: 0.5, pane: "amCanvasMarkers"});
            }
            window.feature_group = [];
            GROUPS.forEach(function (g) {
              var features = view[g[0]];
              if (!features) return;
              var style = g[2];
              var layer = L.geoJSON({type: "FeatureCollection", features: features}, {
                style: style,
                onEachFeature: bind(view, map),
                pointToLayer: function (f, latlng) {
                  if (SHAPES[f.properties.shape]) return shapeMarker(latlng, f.properties);
                  var options = style(f);
                  if (many && g[0] === "markers") options.renderer = canvas;
                  return L.circleMarker(latlng, options);
                }
              }).addTo(map);
              window.feature_group.push(layer);
              overlays[g[1]] = layer;
            });
            window.layer_control = L.control.layers({}, overlays,
              {position: "topright", collapsed: true}).addTo(map);
            // What was drawn, for tests and the browser benchmark (canvas markers are no nodes).
            var box = map.getContainer().dataset;
            box.amView = String((Number(box.amView) || 0) + 1);
            box.amMarkers = String((view.markers || []).length);
            box.amRenderer = many ? "canvas" : "svg";
          };
        })();
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "ViewLayers"
        self.limit, self.canvas_from = POPUP_LIMIT, CANVAS_FROM
        self.marker_class, self.area_class = MARKER_CLASS, AREA_CLASS
        self.link_class, self.plain_class = LINK_CLASS, PLAIN_CLASS


def event_row(view: EventView) -> dict[str, str]:
    """An event as its popups show it (escaped once, whatever number of places name it)."""
    return {
        "title": map_text(view.title),
        "date": map_text(view.date),
        "written": map_text(view.as_written),
        "quote": map_text(view.quote),
    }


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
    ``POPUP_LIMIT``); ``events`` counts them all.
    """
    features = []
    for place_id, (place, place_events) in group_by_place(events).items():
        selected_here = [e for e in place_events if e.id == selected_event_id]
        lead = selected_here[0] if selected_here else place_events[-1]
        is_selected = bool(selected_here) or place_id == selected_place_id
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
                    "permanent": permanent_labels,
                    "event_ids": [e.id for e in ordered[:POPUP_LIMIT]],
                    "color": colours.get(lead.category, UNKNOWN_COLOUR),
                    "radius": min(7 + 2 * math.sqrt(len(place_events)), 16)
                    + (3 if is_selected else 0),
                    "selected": is_selected,
                    # Reopen the popup after the rerun that replaces the layer: for the
                    # chosen event (at its first place) or the clicked marker.
                    "open": (bool(selected_here) and place.id == selected_here[0].place_ids[0])
                    or (selected_event_id is None and place_id == selected_place_id),
                    "events": len(place_events),
                },
            }
        )
    return features


def area_features(
    events: Sequence[Event],
    area_geometry: dict[str, dict],
    area_names: dict[str, str],
    *,
    colours: Mapping[str, str],
) -> list[dict]:
    """Polygons of the districts and regions the window's events name (e.g. Aghdam).

    Towns keep their district as ``area_id`` for reference, but an event in a town does not
    shade the whole district, and countries are not shaded either: only places that *are*
    areas are drawn.
    """
    features: dict[str, dict] = {}
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
                "label": map_text(f"{place.label} ({area_names.get(place.area_id, '')})")
                if place.area_id in area_names and area_names[place.area_id] != place.name
                else map_text(place.label),
                "color": colours.get(place_events[-1].category, UNKNOWN_COLOUR),
            },
        }
    return list(features.values())


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
) -> dict:
    """Everything one view of the map draws: areas, links to meetings abroad, markers.

    ``page_keys`` are keys the page itself answers (Present: ← → Space): pressed while the
    map has the focus (after any click on it) they go to the page instead of panning it.
    ``fill``: the map fills its frame, whose height the page sets (Present's stage)."""
    colours = meta.colours
    markers = marker_features(
        events, selected_event_id, selected_place_id, permanent_labels, colours=colours
    )
    listed = {eid for f in markers for eid in f["properties"]["event_ids"]}
    data: dict[str, object] = {
        "events": {
            v.id: event_row(v) for v in event_views((e for e in events if e.id in listed), meta)
        },
        "areas": area_features(events, area_geometry, area_names, colours=colours),
        "links": link_features(events, origin, meta.link_categories),
        "markers": markers,
    }
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

"""Folium layers for the dashboard map: a fixed base map and the layers a slider move changes.

The split follows how streamlit-folium works: the *base map* (offline outlines, optional
tiles, Leaflet assets) must stay byte-for-byte the same between reruns or the map iframe
reloads and the user's zoom is lost; everything that depends on the time window goes into
FeatureGroups passed as ``feature_group_to_add``, which replace the previous ones in place.
Markers are one GeoJson layer (not one folium Marker each): folium Markers cost ~15x more to
render and send. All text shown on the map goes through ``escaping.map_text``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import folium
from branca.element import Element, MacroElement
from jinja2 import Template

from articlemap.escaping import map_text
from articlemap.schema import CATEGORIES, Event, Place

DEFAULT_CENTER = (40.2, 47.2)
DEFAULT_ZOOM = 7
MARKER_CLASS = "am-event-marker"
AREA_CLASS = "am-area"
LINK_CLASS = "am-link"

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
        location=DEFAULT_CENTER,
        zoom_start=DEFAULT_ZOOM,
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
    m.get_root().header.add_child(
        Element("<style>.leaflet-container{background:#dfe9f0;font-size:14px}</style>")
    )
    OfflineOutlines(assets.basemap_geojson, assets.marker_images).add_to(m)
    choice = TILE_CHOICES.get(tiles)
    if choice is not None:
        url, attribution = choice
        folium.TileLayer(url, attr=attribution, name=tiles, max_zoom=19).add_to(m)
    return m


# --- dynamic layers -------------------------------------------------------------------


def popup_html(place: Place, events: Sequence[Event], limit: int = 6) -> str:
    """Popup for one place: its events in the window, each with its date and quote."""
    parts = [f"<div class='am-popup'><b>{map_text(place.label)}</b>"]
    for event in events[:limit]:
        written = f" — “{map_text(event.date_as_written)}”" if event.date_as_written else ""
        parts.append(
            "<hr style='margin:4px 0'>"
            f"<div><b>{map_text(event.title)}</b></div>"
            f"<div style='color:#555'>{map_text(event.date_label)}{written}</div>"
            f"<blockquote style='margin:4px 0 0 0;font-style:italic'>"
            f"{map_text(event.quote)}</blockquote>"
        )
    if len(events) > limit:
        parts.append(f"<div>… and {len(events) - limit} more</div>")
    parts.append("</div>")
    return "".join(parts)


def marker_style(feature: dict) -> dict:
    """Module-level (not a lambda) so a map built from it can be pickled and cached."""
    props = feature["properties"]
    selected = props.get("selected", False)
    return {
        "color": "#111111" if selected else "#ffffff",
        "weight": 3 if selected else 1.5,
        "fill": True,
        "fillColor": props["color"],
        "fillOpacity": 0.9,
        "radius": props["radius"],
        "className": MARKER_CLASS,
    }


def area_style(feature: dict) -> dict:
    props = feature["properties"]
    return {
        "color": props["color"],
        "weight": 2,
        "fillColor": props["color"],
        "fillOpacity": 0.18,
        "className": AREA_CLASS,
    }


_BIND_POPUP = folium.JsCode(
    """
    function (feature, layer) {
        var p = feature.properties;
        if (p.popup) {
            layer.bindPopup(p.popup, {maxWidth: 380, maxHeight: 260, autoPanPadding: [16, 16]});
        }
        if (p.name && p.permanent) {
            layer.bindTooltip(p.name, {permanent: true, direction: "right", className: "am-label"});
        } else if (p.label) { layer.bindTooltip(p.label, {sticky: false}); }
        // Open after the map has settled on its new view, so the popup pans into sight.
        if (p.open) {
            layer.on("add", function () { setTimeout(function () { layer.openPopup(); }, 300); });
        }
    }
    """
)


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
) -> list[dict]:
    """One point feature per place with events in the window (newest event gives the colour)."""
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
                    "popup": popup_html(place, ordered),
                    "color": CATEGORIES.get(lead.category, "#444444"),
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
    events: Sequence[Event], area_geometry: dict[str, dict], area_names: dict[str, str]
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
                "color": CATEGORIES.get(place_events[-1].category, "#444444"),
            },
        }
    return list(features.values())


LINK_CATEGORIES = ("diplomacy", "address", "agreement")
AREA_KINDS = ("district", "region", "autonomous-republic", "economic-region")


def haversine_km(a: Place, b: Place) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371 * math.asin(math.sqrt(h))


def link_features(events: Sequence[Event], origin: Place | None, min_km: float = 400) -> list[dict]:
    """Lines from the home capital to meeting cities abroad (Moscow, Washington, Munich…)."""
    if origin is None:
        return []
    features: dict[str, dict] = {}
    for event in events:
        if event.category not in LINK_CATEGORIES:
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


def link_style(_feature: dict) -> dict:
    return {"color": "#0072B2", "weight": 1.5, "dashArray": "6 6", "className": LINK_CLASS}


def dynamic_layers(
    events: Sequence[Event],
    area_geometry: dict[str, dict],
    area_names: dict[str, str],
    origin: Place | None = None,
    selected_event_id: str | None = None,
    selected_place_id: str | None = None,
    permanent_labels: bool = False,
) -> list[folium.FeatureGroup]:
    """The FeatureGroups for one time window: areas, links to meetings abroad, markers."""
    groups = []
    areas = area_features(events, area_geometry, area_names)
    area_group = folium.FeatureGroup(name="Districts and regions named")
    if areas:
        folium.GeoJson(
            {"type": "FeatureCollection", "features": areas},
            style_function=area_style,
            on_each_feature=_BIND_POPUP,
        ).add_to(area_group)
    groups.append(area_group)

    links = link_features(events, origin)
    link_group = folium.FeatureGroup(name="Meetings abroad")
    if links:
        folium.GeoJson(
            {"type": "FeatureCollection", "features": links},
            style_function=link_style,
            on_each_feature=_BIND_POPUP,
        ).add_to(link_group)
    groups.append(link_group)

    markers = marker_features(events, selected_event_id, selected_place_id, permanent_labels)
    marker_group = folium.FeatureGroup(name="Events")
    if markers:
        folium.GeoJson(
            {"type": "FeatureCollection", "features": markers},
            marker=folium.CircleMarker(),
            style_function=marker_style,
            on_each_feature=_BIND_POPUP,
        ).add_to(marker_group)
    groups.append(marker_group)
    return groups


def centre_of(places: Sequence[Place]) -> tuple[float, float] | None:
    """Where to fly for an event: the mean of its places (None when it has none)."""
    if not places:
        return None
    return (
        round(sum(p.lat for p in places) / len(places), 4),
        round(sum(p.lon for p in places) / len(places), 4),
    )


def zoom_for(places: Sequence[Place], default: int = DEFAULT_ZOOM) -> int:
    """A zoom that shows all of an event's places: close for one town, far for Baku–New York."""
    if len(places) < 2:
        return default - 1  # one place: show it with its neighbours for orientation
    lat_span = max(p.lat for p in places) - min(p.lat for p in places)
    lon_span = max(p.lon for p in places) - min(p.lon for p in places)
    span = max(lat_span, lon_span / 1.5)
    for limit, zoom in ((1.5, 8), (3, 7), (6, 6), (12, 5), (25, 4), (50, 3)):
        if span <= limit:
            return zoom
    return 2

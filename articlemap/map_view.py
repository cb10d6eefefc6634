"""Where a map opens: the centre and zoom that show a story's places.

A story may set its own view in ``story.toml`` (``[home_view]``); otherwise it is derived
from the places, leaving out far outliers so a single meeting in Washington does not zoom
a regional story out to the whole world.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from articlemap.schema import Place


@dataclass(frozen=True)
class MapView:
    lat: float
    lon: float
    zoom: int

    @property
    def centre(self) -> tuple[float, float]:
        return (self.lat, self.lon)

    def params(self) -> dict[str, str]:
        """The view as a link's query parameters (``z``, ``lat``, ``lon``): ~10 m is close
        enough, and a longitude panned round the world comes back between -180 and 180."""
        lon = (self.lon + 180.0) % 360.0 - 180.0
        return {"z": str(self.zoom), "lat": f"{self.lat:.4f}", "lon": f"{lon:.4f}"}


# The zooms a link may ask for (Leaflet's own range with the offline outlines and tiles).
MIN_ZOOM, MAX_ZOOM = 1, 18


def from_params(z: str | None, lat: str | None, lon: str | None) -> MapView | None:
    """The view a link asks for (``?z=9&lat=40.1&lon=47.2``), or None when any part is
    missing or not a view (a zoom out of range, a latitude past a pole, not a number)."""
    try:
        zoom, y, x = int(z or ""), float(lat or ""), float(lon or "")
    except ValueError:
        return None
    if not (MIN_ZOOM <= zoom <= MAX_ZOOM and math.isfinite(x) and -90.0 <= y <= 90.0):
        return None
    return MapView(y, (x + 180.0) % 360.0 - 180.0, zoom)


WORLD = MapView(20.0, 0.0, 2)


def reported_view(report: Mapping[str, object] | None, asked: MapView) -> MapView | None:
    """The view a map's report gives (``{"zoom": 9, "center": {"lat": …, "lng": …}}``), or
    None when it gives none, or only the base map's own first view.

    streamlit-folium reports the map once as soon as the base map exists, before it moves
    the map to the view it was asked for (``asked``): that report is the base map's
    :data:`WORLD` view. It can reach the server after the link's view has been written to
    the address, and would replace it (a link opened on zoom 9, its address then said
    ``z=2``). A reader's own view is never exactly that centre unless it was asked for.
    """
    if not report:
        return None
    zoom, centre = report.get("zoom"), report.get("center")
    if not isinstance(zoom, int | float) or isinstance(zoom, bool) or not isinstance(centre, dict):
        return None
    lat, lon = centre.get("lat"), centre.get("lng")
    if not all(isinstance(v, int | float) and math.isfinite(v) for v in (zoom, lat, lon)):
        return None
    view = MapView(float(lat), float(lon), int(zoom))  # type: ignore[arg-type]
    if view == WORLD and asked != WORLD:
        return None
    return view


# With at least this many places, the outer tenth on each side is left out of the bounds.
TRIM_FROM = 10


def _trimmed(values: list[float]) -> tuple[float, float]:
    values = sorted(values)
    if len(values) < TRIM_FROM:
        return values[0], values[-1]
    cut = len(values) // 10
    return values[cut], values[-1 - cut]


def bounds_for(places: Sequence[Place], trim: bool = True) -> tuple[float, float, float, float]:
    """``(south, north, west, east)`` of ``places`` (not empty), the outer tenth on each side
    left out when there are ``TRIM_FROM`` or more and ``trim`` is set."""
    lats, lons = [p.lat for p in places], [p.lon for p in places]
    if trim:
        (lat0, lat1), (lon0, lon1) = _trimmed(lats), _trimmed(lons)
    else:
        (lat0, lat1), (lon0, lon1) = (min(lats), max(lats)), (min(lons), max(lons))
    return lat0, lat1, lon0, lon1


def view_for(places: Sequence[Place], trim: bool = True) -> MapView:
    """A view of ``places`` (the world when there are none)."""
    if not places:
        return WORLD
    lat0, lat1, lon0, lon1 = bounds_for(places, trim)
    span = max(lat1 - lat0, lon1 - lon0, 0.5)
    zoom = max(2, min(9, int(math.log2(300 / span))))
    return MapView(round((lat0 + lat1) / 2, 4), round((lon0 + lon1) / 2, 4), zoom)

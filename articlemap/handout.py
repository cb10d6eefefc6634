"""A printable handout of one story's time window: one self-contained HTML file for A4.

``handout_html(dataset, window)`` gives the page: the story's title, byline and whose account
it is, a static map of the window's places (an inline SVG drawn here from the story's own
offline outlines, no tiles, no script), then every event of the window in date order with its
date line, places (with their other names), the article's verbatim passage, the editor's
note and the outside source. The style is ``articlemap/web/handout.css``, inlined: the file
opens and prints from a USB stick or an e-mail, with nothing fetched. A "Print" button (hidden
in print) is the page's only script, one call of ``window.print()``.

Each event is drawn from the one view model, ``event_view.event_views``; every text of the
story is escaped with ``escaping.map_text`` (HTML-safe, bidi controls removed), the fixed
words around it are not.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

import geopandas as gpd
import shapely
from shapely.geometry.base import BaseGeometry

from articlemap import web
from articlemap.dataset import Dataset
from articlemap.escaping import map_text as esc
from articlemap.event_view import EventView, event_views
from articlemap.map_view import bounds_for
from articlemap.schema import Event, Place
from articlemap.story import UNKNOWN_COLOUR
from articlemap.timeline import Window, events_in_window

MAP_WIDTH, MAP_HEIGHT = 1000, 620  # SVG units; the CSS scales it to the page's width
PAD = 0.12  # of the places' span, on each side
MIN_HALF_SPAN = 0.35  # degrees: a window at one town still shows its surroundings
LABEL_FONT = 15
MAX_LABELS = 24  # more names than this would cover the map: the numbered key lists them all
_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")


@dataclass(frozen=True)
class Frame:
    """The part of the world the map shows, and how a lon/lat lands on the SVG."""

    west: float
    south: float
    east: float
    north: float
    height: float = MAP_HEIGHT  # of the SVG, whose width is MAP_WIDTH

    @property
    def _scale(self) -> float:
        return MAP_WIDTH / ((self.east - self.west) * self._k)

    @property
    def _k(self) -> float:
        return math.cos(math.radians((self.south + self.north) / 2))

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        """Equirectangular, true to scale at the frame's middle latitude."""
        return (
            (lon - self.west) * self._k * self._scale,
            (self.north - lat) * self._scale,
        )

    def holds(self, place: Place) -> bool:
        return self.west <= place.lon <= self.east and self.south <= place.lat <= self.north


def frame_for(places: Sequence[Place], height: float = MAP_HEIGHT, trim: bool = True) -> Frame:
    """A frame around ``places`` (finite coordinates, not empty) for a map ``height`` high:
    the outer tenth of a long list is left out (``trim``), as where the live map opens
    (``view_for``), so one meeting in Washington does not shrink a regional story to a dot."""
    south, north, west, east = bounds_for(places, trim)
    half_lat = max((north - south) / 2 * (1 + 2 * PAD), MIN_HALF_SPAN)
    mid_lat = max(-80.0, min(80.0, (south + north) / 2))
    k = math.cos(math.radians(mid_lat))
    half_lon = max((east - west) / 2 * (1 + 2 * PAD), MIN_HALF_SPAN / k)
    # Widen the shorter side to the map's shape (in projected units).
    ratio = MAP_WIDTH / height
    if half_lon * k / half_lat < ratio:
        half_lon = half_lat * ratio / k
    else:
        half_lat = half_lon * k / ratio
    mid_lon = (west + east) / 2
    south_edge, north_edge = max(mid_lat - half_lat, -89.0), min(mid_lat + half_lat, 89.0)
    return Frame(mid_lon - half_lon, south_edge, mid_lon + half_lon, north_edge, height)


OVERVIEW_HEIGHT = 400  # an overview above a detail map is lower: both fit the first page
DETAIL_RATIO = 3.0  # an overview this many times wider than the story's region gets a detail map


def _region(dataset: Dataset) -> Frame:
    """The story's own region: where its map opens (``Dataset.home_view``), about as wide as
    the live map shows it at that zoom (~800×500 px of 256 px tiles)."""
    view = dataset.home_view
    half_lon = 400 / 256 * 360 / 2**view.zoom
    half_lat = half_lon * max(math.cos(math.radians(view.lat)), 0.1) * 5 / 8
    return Frame(view.lon - half_lon, view.lat - half_lat, view.lon + half_lon, view.lat + half_lat)


def map_frames(dataset: Dataset, places: Sequence[Place]) -> list[Frame]:
    """One frame around ``places``, or two when they spread far beyond the story's region
    and at least two of them lie in it: an overview, then a detail of the region (a
    regional story with talks in Munich and Moscow would otherwise show its towns as one
    blot of dots)."""
    overview = frame_for(places)
    region = _region(dataset)
    near = [p for p in places if region.holds(p)]
    if len(near) >= 2 and len(near) < len(places):
        detail = frame_for(near, trim=False)
        if (overview.east - overview.west) > DETAIL_RATIO * (detail.east - detail.west):
            return [frame_for(places, OVERVIEW_HEIGHT), detail]
    return [overview]


# --- the map ----------------------------------------------------------------------------


def _rings(geometry: BaseGeometry) -> Iterable[Sequence[tuple[float, float]]]:
    for polygon in getattr(geometry, "geoms", [geometry]):
        if polygon.geom_type == "Polygon" and not polygon.is_empty:
            yield polygon.exterior.coords
            for interior in polygon.interiors:
                yield interior.coords
        elif polygon.geom_type in ("MultiPolygon", "GeometryCollection"):
            yield from _rings(polygon)


def _path(geometry: BaseGeometry, frame: Frame) -> str:
    parts = []
    for ring in _rings(geometry):
        points = [frame.xy(lon, lat) for lon, lat, *_ in ring]
        if len(points) >= 3:
            parts.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in points) + "Z")
    return "".join(parts)


def _outline_paths(
    frame_df: gpd.GeoDataFrame | None,
    frame: Frame,
    css_class: str,
    keep: Collection[str] | None = None,
) -> list[str]:
    """``<path>`` of each outline of a GeoDataFrame (``keep``: ids to draw, None: all),
    cut to the frame."""
    if frame_df is None:
        return []
    margin = 0.02 * (frame.east - frame.west)
    paths = []
    for area_id, geometry in zip(frame_df["id"], frame_df.geometry, strict=True):
        if geometry is None or (keep is not None and area_id not in keep):
            continue
        cut = shapely.clip_by_rect(
            geometry,
            frame.west - margin,
            frame.south - margin,
            frame.east + margin,
            frame.north + margin,
        )
        d = _path(cut, frame)
        if d:
            paths.append(f'<path class="{css_class}" d="{d}"/>')
    return paths


def _colour(value: str) -> str:
    return value if _COLOUR.fullmatch(value) else UNKNOWN_COLOUR


Box = tuple[float, float, float, float]


def _overlaps(box: Box, boxes: Sequence[Box]) -> bool:
    x0, y0, x1, y1 = box
    return any(x0 < b[2] and b[0] < x1 and y0 < b[3] and b[1] < y1 for b in boxes)


def map_svg(
    dataset: Dataset,
    numbered: Sequence[tuple[int, Place, str]],
    frame: Frame,
    detail: Frame | None = None,
) -> str:
    """The static map: countries and the story's areas cut to ``frame``, the areas of the
    window's places tinted, each place a numbered dot in the colour of its latest event, and
    as many names as fit without overlapping (the key under the map lists every place)."""
    name = (
        "Overview map: the places far from the story's region; the dashed box is the detail map"
        if detail
        else "Map of the places of the events in this window"
    ) + ", numbered as in the list of places below it"
    areas_here = {p.area_id for _, p, _ in numbered if p.area_id and p.kind != "country"}
    parts = [
        f'<svg class="handout-map" viewBox="0 0 {MAP_WIDTH} {frame.height:g}" role="img" '
        f'aria-label="{name}" xmlns="http://www.w3.org/2000/svg">',
        f'<rect class="sea" width="{MAP_WIDTH}" height="{frame.height:g}"/>',
        *_outline_paths(dataset.world, frame, "country"),
        *_outline_paths(dataset.areas, frame, "area"),
        *_outline_paths(dataset.areas, frame, "area here", keep=areas_here),
        *_outline_paths(dataset.world, frame, "area here", keep=areas_here),
    ]
    taken: list[Box] = []
    if detail is not None:  # the detail map's frame, drawn on the overview; no names inside
        x0, y0 = frame.xy(detail.west, detail.north)
        x1, y1 = frame.xy(detail.east, detail.south)
        parts.append(
            f'<rect class="detail-box" x="{x0:.1f}" y="{y0:.1f}" '
            f'width="{x1 - x0:.1f}" height="{y1 - y0:.1f}"/>'
        )
        taken.append((x0, y0, x1, y1))
    dots = []  # on an overview, the places in the detail box are left to the detail map
    for number, place, colour in numbered:
        if not frame.holds(place) or (detail is not None and detail.holds(place)):
            continue
        x, y = frame.xy(place.lon, place.lat)
        taken.append((x - 11, y - 11, x + 11, y + 11))
        dots.append(
            f'<g class="dot"><circle cx="{x:.1f}" cy="{y:.1f}" r="11" fill="{_colour(colour)}"/>'
            f'<text x="{x:.1f}" y="{y + 4.5:.1f}" text-anchor="middle">{number}</text></g>'
        )
    labels: list[str] = []
    for _number, place, _ in numbered:
        if len(labels) == MAX_LABELS:
            break
        if not frame.holds(place) or (detail is not None and detail.holds(place)):
            continue
        x, y = frame.xy(place.lon, place.lat)
        width = 0.58 * LABEL_FONT * len(place.name)
        for dx, anchor in ((15, "start"), (-15, "end")):
            x0 = x + dx if anchor == "start" else x + dx - width
            box = (x0, y - LABEL_FONT * 0.8, x0 + width, y + LABEL_FONT * 0.4)
            if box[0] >= 0 and box[2] <= MAP_WIDTH and not _overlaps(box, taken):
                taken.append(box)
                labels.append(
                    f'<text class="label" x="{x + dx:.1f}" y="{y + 5:.1f}" '
                    f'text-anchor="{anchor}">{esc(place.name)}</text>'
                )
                break
    parts += dots + labels + ["</svg>"]
    return "\n".join(parts)


# --- the page ---------------------------------------------------------------------------


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def numbered_places(views: Sequence[EventView]) -> list[tuple[int, Place, str]]:
    """Each place of the window's events once, numbered in order of first mention, with the
    colour of the latest event there (the live map's rule); only places with coordinates."""
    order: dict[str, Place] = {}
    colour: dict[str, str] = {}
    for view in views:
        for place in view.places:
            if math.isfinite(place.lat) and math.isfinite(place.lon):
                order.setdefault(place.id, place)
                colour[place.id] = view.colour
    return [(i, p, colour[p.id]) for i, p in enumerate(order.values(), start=1)]


def _event_html(view: EventView, numbers: dict[str, int]) -> str:
    places = ", ".join(
        (f'<span class="ref">{numbers[p.id]}</span> ' if p.id in numbers else "") + esc(p.label)
        for p in view.places
    )
    lines = [
        f'<article class="event" id="event-{esc(view.id)}">',
        f'<p class="category"><span class="swatch" style="background:{_colour(view.colour)}">'
        f"</span>{esc(view.category_label)}</p>",
        f"<h3>{esc(view.title)}</h3>",
        f'<p class="date">{view.date_line(esc)}</p>',
    ]
    if places:
        lines.append(f'<p class="places">Places: {places}</p>')
    lines.append(
        '<blockquote class="quote"><span class="said">The article:</span> '
        f"“{esc(view.quote)}”</blockquote>"
    )
    lines += [f'<p class="note">{line}</p>' for line in view.notes(esc)]
    lines.append("</article>")
    return "\n".join(lines)


def _source_lines(dataset: Dataset) -> list[str]:
    meta = dataset.meta
    lines = [f"“{esc(meta.title)}”" + (f", {esc(meta.byline)}" if meta.byline else "") + "."]
    if meta.source_url:
        lines.append(f"Source: {esc(meta.source_url)}")
    if meta.licence:
        lines.append(f"Licence: {esc(meta.licence)}")
    return lines


def handout_html(
    dataset: Dataset,
    window: Window | None,
    events: Sequence[Event] | None = None,
    *,
    scope: str = "",
) -> str:
    """The handout of ``window`` (None: the story's opening window; a story with no dated
    event has none, and lists none).

    ``events`` are the events to list (the window's, already filtered, in date order); by
    default every event of the dataset in ``window`` (``timeline.events_in_window``: the one
    window rule). Undated events are never listed: they have no place in a window. ``scope``
    is one more line under the window's dates (e.g. the filters that were on).
    """
    if window is None:
        window = dataset.opening_window
    if events is None:
        events = events_in_window(dataset.events, window) if window else []
    elif window is not None:
        events = [e for e in events if window.contains_event(e)]
    views = event_views(events, dataset.meta)
    numbered = numbered_places(views)
    numbers = {p.id: n for n, p, _ in numbered}
    meta = dataset.meta
    count = f"{len(views)} event{'s' if len(views) != 1 else ''}"
    when = f" between {_day(window.start)} and {_day(window.end)}" if window else ""

    if numbered:
        frames = map_frames(dataset, [p for _, p, _ in numbered])
        outside = [p for _, p, _ in numbered if not any(f.holds(p) for f in frames)]
        maps = [
            map_svg(
                dataset, numbered, frame, detail=frames[1] if i == 0 and len(frames) > 1 else None
            )
            for i, frame in enumerate(frames)
        ]
        if len(maps) > 1:
            maps = [
                f'<p class="map-name">Overview: the places far away</p>{maps[0]}',
                '<p class="map-name">Detail: the story\'s region (the dashed box above)</p>'
                + maps[1],
            ]
        figure = [
            '<figure class="map-figure">',
            *maps,
            '<figcaption><ol class="key">',
            *(
                f'<li value="{n}">{esc(p.label)}'
                + (" <em>(outside the map)</em>" if p in outside else "")
                + "</li>"
                for n, p, _ in numbered
            ),
            "</ol></figcaption>",
            "</figure>",
        ]
    else:
        figure = ['<p class="no-map">No place of these events has coordinates: no map.</p>']

    body = [
        "<!doctype html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(meta.title)} — handout</title>",
        f"<style>\n{web.source('handout.css')}</style>",
        "</head>",
        "<body>",
        '<main class="handout">',
        '<div class="toolbar no-print">',
        '<button type="button" class="print-button" onclick="window.print()">Print</button>',
        "<span>A4, one page per few events; each event stays on one page.</span>",
        "</div>",
        "<header>",
        f"<h1>{esc(meta.title)}</h1>",
    ]
    if meta.byline:
        body.append(f'<p class="byline">{esc(meta.byline)}</p>')
    body += [
        f'<p class="perspective">{esc(meta.perspective_line)}</p>',
        f'<p class="window">{count}{when}{f" · {esc(scope)}" if scope else ""}.</p>',
        "</header>",
        *figure,
        '<section class="events" aria-labelledby="events-heading">',
        f'<h2 id="events-heading">The events, in date order ({count})</h2>',
    ]
    if views:
        body += [_event_html(view, numbers) for view in views]
    else:
        body.append('<p class="empty">No dated event in this window.</p>')
    body += [
        "</section>",
        '<footer class="sources">',
        *(f"<p>{line}</p>" for line in _source_lines(dataset)),
        "<p>Quotes are the article's own words; dates and places added from outside the "
        "article are marked. Outlines: Natural Earth. Made with articlemap.</p>",
        "</footer>",
        "</main>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(body)


def handout_file_name(dataset: Dataset, window: Window | None) -> str:
    """``<story>-handout-2020-09-27-to-2020-11-10.html`` (ASCII, no spaces)."""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", dataset.meta.id or "story").strip("-") or "story"
    if window is None:
        return f"{stem}-handout.html"
    return f"{stem}-handout-{window.start.isoformat()}-to-{window.end.isoformat()}.html"

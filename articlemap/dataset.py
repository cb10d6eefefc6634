"""The whole dataset of one article: places, events, areas and the cleaned text.

``load_dataset`` is the single entry point for the app, the CLI and the tests; it checks
everything (rows, cross-references, quotes against the article) and reports every problem at
once through ``DataValidationError``.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
import shapely.errors
import shapely.geometry

from articlemap.article_text import Article, from_markdown
from articlemap.loading import (
    DataValidationError,
    RowError,
    decode_text,
    parse_area_states,
    parse_events,
    parse_places,
)
from articlemap.map_view import MapView, view_for
from articlemap.paths import (
    AREA_STATES_CSV,
    AREAS_GEOJSON,
    EVENTS_CSV,
    GEODATA_DIR,
    PLACES_CSV,
    WORLD_GEOJSON,
)
from articlemap.schema import EVENT_COLUMNS, PLACE_COLUMNS, AreaState, Event, Place
from articlemap.story import STORY_FILE, StoryMeta, TimeSpan, default_meta, read_story_toml
from articlemap.story_files import STORY_FILES
from articlemap.timeline import Window, default_window

ARTICLE_FILE = "article.md"


@dataclass
class Dataset:
    places: list[Place]
    events: list[Event]
    article: Article | None = None
    areas: gpd.GeoDataFrame | None = None
    world: gpd.GeoDataFrame | None = None
    name: str = ""
    meta: StoryMeta = field(default_factory=lambda: default_meta("Untitled"))
    # What the app files values derived from this dataset under: the folder and a digest of
    # the files' text, so two folders of the same name (or an edited file) never share them.
    key: str = ""
    # The areas' states over time (the optional area_states.csv), in file order.
    area_states: list[AreaState] = field(default_factory=list)
    place_by_id: dict[str, Place] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.place_by_id = {p.id: p for p in self.places}

    @cached_property
    def home_view(self) -> MapView:
        """Where the map opens: the story's own view, else one that shows its places."""
        return self.meta.home_view or view_for(self.places)

    @cached_property
    def opening_window(self) -> Window | None:
        """The time window the story opens on (``timeline.default_window``)."""
        preferred = self.meta.default_window
        return default_window(
            self.events, Window(preferred.start, preferred.end) if preferred else None
        )

    @cached_property
    def timeline_focus(self) -> TimeSpan:
        """The Timeline's first view: the story's own span, else its opening window with a
        margin of a tenth on each side (at least two weeks)."""
        if self.meta.timeline_span is not None:
            return self.meta.timeline_span
        window = self.opening_window
        if window is None:
            today = dt.date.today()
            return TimeSpan(today, today, "Everything")
        pad = dt.timedelta(days=max(14, (window.end - window.start).days // 10))
        if window.start.year == window.end.year:
            label = f"{window.start.year}"
        else:
            label = f"{window.start.year}–{window.end.year}"
        return TimeSpan(window.start - pad, window.end + pad, label)

    @cached_property
    def places_gdf(self) -> gpd.GeoDataFrame:
        """Places as points (EPSG:4326), with how many events mention each."""
        counts = pd.Series(
            [pid for e in self.events for pid in e.place_ids], dtype="string"
        ).value_counts()
        df = pd.DataFrame(
            {
                "id": [p.id for p in self.places],
                "name": [p.name for p in self.places],
                "other_names": [list(p.other_names) for p in self.places],
                "kind": [p.kind for p in self.places],
                "lat": [p.lat for p in self.places],
                "lon": [p.lon for p in self.places],
                "source": [p.source for p in self.places],
                "inferred": [p.inferred for p in self.places],
                "area_id": [p.area_id for p in self.places],
                "note": [p.note for p in self.places],
            }
        )
        df["events"] = df["id"].map(counts).fillna(0).astype(int)
        return gpd.GeoDataFrame(
            df, geometry=gpd.points_from_xy(df["lon"], df["lat"]), crs="EPSG:4326"
        )

    @cached_property
    def events_df(self) -> pd.DataFrame:
        """Events as a table, dated ones first in date order."""
        rows = [
            {
                "id": e.id,
                "title": e.title,
                "date_start": pd.Timestamp(e.date_start) if e.date_start else pd.NaT,
                "date_end": pd.Timestamp(e.date_end) if e.date_end else pd.NaT,
                "date_precision": e.date_precision,
                "date_as_written": e.date_as_written,
                "category": e.category,
                "place_ids": list(e.place_ids),
                "quote": e.quote,
                "note": e.note,
                "source": e.source,
                "date_source": e.date_source,
                "context_ref": e.context_ref,
            }
            for e in self.events
        ]
        return pd.DataFrame(rows)


def attach_places(events: list[Event], place_by_id: dict[str, Place]) -> list[Event]:
    return [
        replace(e, places=tuple(place_by_id[p] for p in e.place_ids if p in place_by_id))
        for e in events
    ]


def attach_related(events: list[Event]) -> list[Event]:
    """Each event with its links both ways (``Event.linked``): the events its ``related``
    cell names and those whose cell names it, each once with its title, in the order of
    ``events`` (the story's date order). A link to an event that is not in ``events`` (a
    draft's invalid row) is left out."""
    position = {e.id: i for i, e in enumerate(events)}
    links: dict[str, set[str]] = {}
    for event in events:
        for other in event.related:
            if other in position and other != event.id:
                links.setdefault(event.id, set()).add(other)
                links.setdefault(other, set()).add(event.id)
    out = []
    for event in events:
        ids = sorted(links.get(event.id, ()), key=position.__getitem__)
        linked = tuple((i, events[position[i]].title) for i in ids)
        out.append(replace(event, linked=linked) if linked else event)
    return out


def sort_events(events: list[Event]) -> list[Event]:
    """Dated events by start (then end) date, undated ones after, each in file order."""
    dated = sorted((e for e in events if e.is_dated), key=lambda e: (e.date_start, e.date_end))
    return dated + [e for e in events if not e.is_dated]


def build_dataset(
    places_text: str,
    events_text: str,
    article: Article | None,
    areas: gpd.GeoDataFrame | None = None,
    world: gpd.GeoDataFrame | None = None,
    places_file: str = PLACES_CSV,
    events_file: str = EVENTS_CSV,
    name: str = "",
    origin: str = "",
    area_files: tuple[str, ...] | None = None,
    meta: StoryMeta | None = None,
    area_states_text: str | None = None,
    area_states_file: str = AREA_STATES_CSV,
) -> Dataset:
    """Check and assemble a dataset from file contents (used for uploads too).

    ``area_files`` names the area layers that were read (None: not known, so area ids are
    checked only against what was given); a place's unknown area then says where it looked.
    ``meta`` (default: from the article's title, with the generic categories) gives the
    categories the events may use. ``area_states_text`` (the optional area_states.csv)
    gives areas states over time, checked against the areas and the events.
    """
    if meta is None:
        meta = default_meta(article.title if article is not None else "", name)
    known_areas = {i for frame in (areas, world) if frame is not None for i in frame["id"]}
    check_areas = known_areas if (known_areas or area_files) else None
    places, errors = parse_places(places_text, places_file, check_areas, area_files)
    place_ids = _declared_ids(places_text, PLACE_COLUMNS)
    article_text = article.plain_text() if article is not None else None
    empty_article = article_text is not None and not article_text.strip()
    # An empty article is one problem, not one "quote not found" per event.
    events, event_errors = parse_events(
        events_text,
        place_ids,
        None if empty_article else article_text,
        events_file,
        categories=[c.id for c in meta.categories],
    )
    errors += event_errors
    if empty_article and any(e.quote for e in events):
        errors.append(
            RowError(ARTICLE_FILE, None, None, "the article is empty: no quote can be checked")
        )
    area_states: list[AreaState] = []
    if area_states_text is not None:
        area_states, state_errors = parse_area_states(
            area_states_text,
            area_states_file,
            area_ids=check_areas,
            event_ids=_declared_ids(events_text, EVENT_COLUMNS),
            area_files=area_files,
        )
        errors += state_errors
    if errors:
        raise DataValidationError(errors)
    by_id = {p.id: p for p in places}
    return Dataset(
        places=places,
        events=attach_related(sort_events(attach_places(events, by_id))),
        article=article,
        areas=areas,
        world=world,
        name=name,
        meta=meta,
        key=f"{origin or name}:"
        + _digest(places_text, events_text, article_text or "", repr(meta), area_states_text or ""),
        area_states=area_states,
    )


def _digest(*texts: str) -> str:
    h = hashlib.blake2b(digest_size=12)
    for text in texts:
        h.update(text.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def _declared_ids(text: str, columns: tuple[str, ...]) -> set[str] | None:
    """Ids of every row of the places (or events) file, valid or not.

    Events are checked against these, so a place row with a bad cell is reported once (in
    the places file) and not again as an "unknown place id" on every event that uses it
    (and area states against the events' ids, alike). None when the file cannot be read as
    CSV with its ``columns``: references to it cannot be checked then (the file's own errors
    say why).
    """
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:
        return None
    header = [h.strip() for h in rows[0]] if rows else []
    if any(column not in header for column in columns):
        return None
    i = header.index("id")
    return {row[i].strip() for row in rows[1:] if len(row) > i and row[i].strip()}


def read_geojson(path: Path) -> gpd.GeoDataFrame:
    """Read an area layer from a file (see ``parse_geojson``)."""
    try:
        data = path.read_bytes()
    except OSError:
        raise DataValidationError([RowError(path.name, None, None, "cannot be read")]) from None
    return parse_geojson(data, path.name)


def parse_geojson(data: bytes, name: str) -> gpd.GeoDataFrame:
    """Read an area layer, checking it feature by feature; every problem names the file and
    the feature (never GDAL's own message or the server's paths: they reach the browser)."""
    problems: list[RowError] = []
    raw = decode_text(data, name)
    try:
        parsed = json.loads(raw)
    except json.JSONDecodeError as exc:
        if not raw.strip():
            message = "the file is empty"
        else:
            message = f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        raise DataValidationError([RowError(name, None, None, message)]) from None
    except RecursionError:
        raise DataValidationError([RowError(name, None, None, "nested too deeply")]) from None
    if not isinstance(parsed, dict) or parsed.get("type") != "FeatureCollection":
        raise DataValidationError([RowError(name, None, None, "not a GeoJSON FeatureCollection")])
    features = parsed.get("features")
    if not isinstance(features, list):
        raise DataValidationError([RowError(name, None, "features", "must be a list")])
    kept: list[dict] = []
    for number, feature in enumerate(features, start=1):
        problem = _feature_problem(feature)
        if problem is not None:
            field, message = problem
            problems.append(RowError(name, number, field, message))
        else:
            kept.append(feature)
    if problems:
        raise DataValidationError(problems)
    frame = gpd.GeoDataFrame.from_features(kept, crs="EPSG:4326")
    if "id" not in frame.columns:  # no features at all
        frame = gpd.GeoDataFrame({"id": [], "name": []}, geometry=[], crs="EPSG:4326")
    if "name" not in frame.columns:
        frame["name"] = frame["id"]
    return frame


def _feature_problem(feature: object) -> tuple[str | None, str] | None:
    """What is wrong with one GeoJSON feature, as (field, message); None when it is usable."""
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        return None, "not a GeoJSON Feature"
    props = feature.get("properties")
    if not isinstance(props, dict) or not isinstance(props.get("id"), str) or not props["id"]:
        return "id", "the feature has no 'id' property"
    geometry = feature.get("geometry")
    if not geometry:
        return "geometry", f"'{props['id']}' has no geometry"
    try:
        shape = shapely.geometry.shape(geometry)
    except (AttributeError, KeyError, TypeError, ValueError, shapely.errors.GEOSException):
        return "geometry", f"'{props['id']}' has a geometry that is not valid GeoJSON"
    if shape.is_empty:
        return "geometry", f"'{props['id']}' has an empty geometry"
    bounds = shape.bounds
    if not (-180 <= bounds[0] <= bounds[2] <= 180 and -90 <= bounds[1] <= bounds[3] <= 90):
        return "geometry", f"'{props['id']}' has coordinates outside longitude/latitude ranges"
    return None


def load_dataset(directory: Path | str = GEODATA_DIR) -> Dataset:
    """Load and check the story in ``directory`` (default: the committed ``geodata/``)."""
    directory = Path(directory)
    files: dict[str, bytes] = {}
    # A folder may carry its own world outlines too (tests, other regions' data).
    for name in (*STORY_FILES, WORLD_GEOJSON):
        path = directory / name
        if path.is_file():
            try:
                files[name] = path.read_bytes()
            except OSError:
                raise DataValidationError([RowError(name, None, None, "cannot be read")]) from None
    # Messages name the folder, not its absolute path: they are shown in the browser.
    return load_story_files(
        files,
        name=directory.name,
        origin=str(directory.resolve()),
        where=f"the folder '{directory.name}'",
    )


def load_story_files(
    files: Mapping[str, bytes],
    labels: Mapping[str, str] | None = None,
    *,
    name: str = "",
    origin: str = "",
    where: str = "the story",
) -> Dataset:
    """Check and assemble a story from its files (a folder, the store, an imported zip),
    reporting every problem at once. ``labels`` names each file in messages ("my.zip/
    places.csv"); a story without ``story.toml`` gets the generic metadata, one without
    areas the app's built-in outlines (as does one without a world layer: only a folder
    can bring its own; the store and zips hold ``STORY_FILES``)."""
    labels = labels or {}

    def label(file: str) -> str:
        return labels.get(file, file)

    missing = [f for f in (PLACES_CSV, EVENTS_CSV, ARTICLE_FILE) if f not in files]
    if missing:
        raise DataValidationError(
            [
                RowError(
                    label(f),
                    None,
                    None,
                    f"file not found in {where}"
                    + (" (the events' quotes are checked against it)" if f == ARTICLE_FILE else ""),
                )
                for f in missing
            ]
        )
    article = from_markdown(decode_text(files[ARTICLE_FILE], label(ARTICLE_FILE)))
    layers: dict[str, gpd.GeoDataFrame] = {}
    sources: list[str] = []
    problems: list[RowError] = []
    for file in (AREAS_GEOJSON, WORLD_GEOJSON):
        try:
            if file in files:
                layers[file] = parse_geojson(files[file], label(file))
                sources.append(label(file))
            elif (GEODATA_DIR / file).is_file():
                layers[file] = _builtin_layer(file)
                sources.append(f"the app's built-in {file}")
        except DataValidationError as exc:
            problems += exc.errors
    meta = None
    if STORY_FILE in files:
        try:
            meta = read_story_toml(
                decode_text(files[STORY_FILE], label(STORY_FILE)), label(STORY_FILE)
            )
        except DataValidationError as exc:
            problems += exc.errors
    places_text = decode_text(files[PLACES_CSV], label(PLACES_CSV))
    events_text = decode_text(files[EVENTS_CSV], label(EVENTS_CSV))
    states_text = (
        decode_text(files[AREA_STATES_CSV], label(AREA_STATES_CSV))
        if AREA_STATES_CSV in files
        else None
    )
    try:
        dataset = build_dataset(
            places_text,
            events_text,
            article,
            # An unreadable layer is its own problem: its ids are then not checked at all.
            areas=None if problems else layers.get(AREAS_GEOJSON),
            world=None if problems else layers.get(WORLD_GEOJSON),
            places_file=label(PLACES_CSV),
            events_file=label(EVENTS_CSV),
            name=name,
            origin=origin,
            area_files=None if problems else tuple(sources),
            meta=meta,
            area_states_text=states_text,
            area_states_file=label(AREA_STATES_CSV),
        )
    except DataValidationError as exc:
        problems += exc.errors
    if problems:
        raise DataValidationError(problems)
    return dataset


@lru_cache(maxsize=4)
def _builtin_layer(file: str) -> gpd.GeoDataFrame:
    """The app's own outlines, read once per process (every saved story without its own
    areas uses them; the world layer is 0.4 s to parse). Callers must not modify it."""
    return read_geojson(GEODATA_DIR / file)

"""Write a dataset out again: JSON, GeoJSON and CSV in the same schema as ``geodata/``.

Used by the CLI, the download buttons and the static export, so every consumer sees the
same fields.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Collection, Iterable
from typing import Any

from articlemap.compare import Comparison, csv_columns, csv_rows
from articlemap.dataset import Dataset
from articlemap.schema import LIST_SEPARATOR, PLACE_COLUMNS, Event, Place, event_columns


def _iso(day) -> str | None:
    return day.isoformat() if day is not None else None


def event_record(event: Event) -> dict[str, Any]:
    """An event as plain JSON-ready data, its places resolved to names and coordinates."""
    return {
        "id": event.id,
        "title": event.title,
        "date_start": _iso(event.date_start),
        "date_end": _iso(event.date_end),
        "date_precision": event.date_precision,
        "date_label": event.date_label,
        "date_as_written": event.date_as_written,
        "category": event.category,
        "places": [{"id": p.id, "name": p.name, "lat": p.lat, "lon": p.lon} for p in event.places],
        "quote": event.quote,
        "note": event.note,
        "source": event.source,
        "date_source": event.date_source or None,
        "context_ref": event.context_ref or None,
        "related": list(event.related),
    }


def events_json(dataset: Dataset) -> str:
    return json.dumps([event_record(e) for e in dataset.events], ensure_ascii=False, indent=2)


def place_feature(place: Place, mentions: int) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": place.id,
        "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
        "properties": {
            "id": place.id,
            "name": place.name,
            "other_names": list(place.other_names),
            "kind": place.kind,
            "inferred": place.inferred,
            "source": place.source,
            "area_id": place.area_id or None,
            "note": place.note,
            "events": mentions,
        },
    }


def places_geojson(dataset: Dataset, ids: Collection[str] | None = None) -> str:
    """The places (those in ``ids`` when given, e.g. the Places page's filter) as GeoJSON."""
    counts = dict(zip(dataset.places_gdf["id"], dataset.places_gdf["events"], strict=True))
    collection = {
        "type": "FeatureCollection",
        "features": [
            place_feature(p, int(counts[p.id]))
            for p in dataset.places
            if ids is None or p.id in ids
        ],
    }
    return json.dumps(collection, ensure_ascii=False, indent=2)


def _csv(rows: list[dict[str, str]], columns: tuple[str, ...]) -> str:
    out = io.StringIO()
    # Rows may hold more (an optional column no row uses is not written).
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def place_row(place: Place) -> dict[str, str]:
    return {
        "id": place.id,
        "name": place.name,
        "other_names": f"{LIST_SEPARATOR} ".join(place.other_names),
        "kind": place.kind,
        "lat": f"{place.lat:.4f}",
        "lon": f"{place.lon:.4f}",
        "source": place.source,
        "inferred": "true" if place.inferred else "false",
        "area_id": place.area_id,
        "note": place.note,
    }


def event_row(event: Event) -> dict[str, str]:
    return {
        "id": event.id,
        "title": event.title,
        "date_start": _iso(event.date_start) or "",
        "date_end": _iso(event.date_end) or "",
        "date_precision": event.date_precision,
        "date_as_written": event.date_as_written,
        "category": event.category,
        "place_ids": f"{LIST_SEPARATOR} ".join(event.place_ids),
        "quote": event.quote,
        "note": event.note,
        "source": event.source,
        "date_source": event.date_source,
        "context_ref": event.context_ref,
        "related": f"{LIST_SEPARATOR} ".join(event.related),
    }


def event_csv_columns(events: Iterable[Event]) -> tuple[str, ...]:
    """The columns of an events.csv of ``events``: an optional column only when some event
    uses it, so a story that uses none is written as before, byte for byte."""
    used = ["related"] if any(e.related for e in events) else []
    return event_columns(used)


def places_csv(dataset: Dataset, ids: Collection[str] | None = None) -> str:
    """The places (those in ``ids`` when given) in the loader's CSV format."""
    rows = [place_row(p) for p in dataset.places if ids is None or p.id in ids]
    return _csv(rows, PLACE_COLUMNS)


# A spreadsheet opens a CSV as UTF-8 only when it starts with a byte-order mark (without
# one, Excel shows "Gəncə" as "GÉ™ncÉ™"); the app's loader accepts both.
SPREADSHEET_BOM = "\ufeff"


def for_spreadsheets(csv_text: str) -> bytes:
    return (SPREADSHEET_BOM + csv_text).encode("utf-8")


def events_csv(dataset: Dataset) -> str:
    return _csv([event_row(e) for e in dataset.events], event_csv_columns(dataset.events))


def comparison_csv(comparison: Comparison) -> str:
    """The comparison as a table: one row per matched event or event only one account
    has, each account's event in its own columns (``compare.csv_rows``)."""
    return _csv(csv_rows(comparison), csv_columns(len(comparison.accounts)))

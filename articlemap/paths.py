"""Where the committed data lives, so callers never build paths by hand."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
GEODATA_DIR = PROJECT_ROOT / "geodata"
STATIC_DIR = PROJECT_ROOT / "static"

RAW_ARTICLE = GEODATA_DIR / "article.raw.txt"
ARTICLE_MD = GEODATA_DIR / "article.md"
PLACES_CSV = "places.csv"
EVENTS_CSV = "events.csv"
AREAS_GEOJSON = "areas.geojson"
AREA_STATES_CSV = "area_states.csv"
WORLD_GEOJSON = "world.geojson"

"""Generate a large valid dataset (N events over M places) for benchmarks.

    python bench/synthetic.py 10000 /tmp/data10k    # then ARTICLEMAP_DATA=/tmp/data10k

Events reuse verbatim passages of the article (so they pass the loader's quote check) and get
dates spread over 1990–2024 at every precision; places are the article's places plus points
scattered over the South Caucasus and Europe. Deterministic for a given N (seeded).
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from articlemap import export  # noqa: E402
from articlemap.dataset import Dataset, load_dataset  # noqa: E402
from articlemap.map_view import MapView  # noqa: E402
from articlemap.paths import GEODATA_DIR  # noqa: E402
from articlemap.schema import Event, Place  # noqa: E402
from articlemap.story import (  # noqa: E402
    GENERIC_CATEGORIES,
    STORY_FILE,
    StoryMeta,
    TimeSpan,
    story_toml,
)


def make_dataset(n_events: int, out_dir: Path, n_places: int | None = None, seed: int = 1) -> Path:
    rng = random.Random(seed)
    base = load_dataset()
    n_places = n_places if n_places is not None else max(50, min(2000, n_events // 5))
    places = list(base.places)
    for i in range(max(0, n_places - len(places))):
        places.append(
            Place(
                id=f"synthetic-{i}",
                name=f"Place {i}",
                kind=rng.choice(["city", "town"]),
                lat=round(rng.uniform(36.0, 56.0), 4),
                lon=round(rng.uniform(20.0, 52.0), 4),
                source="synthetic (bench/synthetic.py)",
            )
        )
    quotes = [e.quote for e in base.events]
    start = dt.date(1990, 1, 1).toordinal()
    span = dt.date(2024, 12, 31).toordinal() - start
    events = []
    for i in range(n_events):
        day = dt.date.fromordinal(start + rng.randrange(span))
        kind = rng.random()
        if kind < 0.75:
            first, last, precision = day, day, "day"
        elif kind < 0.9:
            first, last, precision = day, day + dt.timedelta(days=rng.randint(1, 40)), "range"
        elif kind < 0.97:
            first = dt.date(day.year, 1, 1)
            first, last, precision = first, dt.date(day.year, 12, 31), "year"
        else:
            first, last, precision = None, None, "undated"
        events.append(
            Event(
                id=f"e{i}",
                title=f"Synthetic event {i}",
                date_start=first,
                date_end=last,
                date_precision=precision,
                date_as_written="",
                category=rng.choice([c.id for c in GENERIC_CATEGORIES]),
                place_ids=tuple(p.id for p in rng.sample(places, rng.choice((1, 1, 1, 2)))),
                quote=rng.choice(quotes),
                source="article",
                date_source="" if precision == "undated" else "article",
            )
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    data = Dataset(places=places, events=events)
    (out_dir / "places.csv").write_text(export.places_csv(data), encoding="utf-8")
    (out_dir / "events.csv").write_text(export.events_csv(data), encoding="utf-8")
    for name in ("article.md", "areas.geojson", "world.geojson"):
        shutil.copy(GEODATA_DIR / name, out_dir / name)
    # The generic categories, and the view and window the benchmarks were first measured at
    # (the South Caucasus, 2020), so figures stay comparable across stops.
    meta = StoryMeta(
        id=f"synthetic-{n_events}",
        title=f"Synthetic story ({n_events:,} events)",
        home_view=MapView(40.2, 47.2, 7),
        default_window=TimeSpan(dt.date(2020, 1, 1), dt.date(2020, 12, 31), "2020"),
    )
    (out_dir / STORY_FILE).write_text(story_toml(meta), encoding="utf-8")
    return out_dir


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(f"/tmp/articlemap-{n}")
    make_dataset(n, out)
    print(f"wrote {out}: {n} events")

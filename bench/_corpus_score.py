"""Scoring the extractor on annotated corpora: places (EUPEG protocol) and dates.

Places (``--corpus FILE``, JSONL as in /work/shared/eval/README.md): a predicted toponym
matches a gold one when their character spans overlap, one to one; accuracy@161 is the share
of matched toponyms whose point lies within 161 km of the gold point; end to end a prediction
counts only if it matches and lies within 161 km.

Dates (``bench/data/date_gold.jsonl``, hand-written sentences in news and encyclopedia
styles): a predicted date is correct when its span overlaps a gold date's span, one to one,
and it has the same normalized start and end; precision = correct / predicted, recall =
correct / gold.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ACCURACY_KM = 161.0
EARTH_RADIUS_KM = 6371.0088


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def read_jsonl(path: Path | str) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def match_spans(predicted: Sequence, gold: Sequence) -> list[tuple[int, int]]:
    """One-to-one pairs (predicted index, gold index) whose spans overlap, in text order.

    Both lists are sorted by start; a two-pointer walk pairs each prediction with the first
    unpaired gold span it overlaps (linear, like the extractor).
    """

    def start(x):
        return x["s"] if isinstance(x, dict) else x.start

    def end(x):
        return x["e"] if isinstance(x, dict) else x.end

    p_order = sorted(range(len(predicted)), key=lambda i: start(predicted[i]))
    g_order = sorted(range(len(gold)), key=lambda i: start(gold[i]))
    pairs = []
    gi = 0
    for pi in p_order:
        p = predicted[pi]
        while gi < len(g_order) and end(gold[g_order[gi]]) <= start(p):
            gi += 1
        if gi < len(g_order) and start(gold[g_order[gi]]) < end(p):
            pairs.append((pi, g_order[gi]))
            gi += 1
    return pairs


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class PlaceTotals:
    predicted: int = 0
    gold: int = 0
    matched: int = 0
    within: int = 0
    errors_km: list[float] = field(default_factory=list)
    words: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    # (surface, predicted entry name, km) of matched but far-off predictions, and
    # surfaces of false positives and misses: for reading what kind of error remains.
    far: list[tuple[str, str, float]] = field(default_factory=list)
    # matched toponyms within 161 km or whose gold point lies inside the predicted entry's
    # polygon: the right country, whatever point each side takes for it (diagnostic only)
    within_or_inside: int = 0
    # predicted kind ("country", "region", "city"…) -> [matched, within 161 km]
    by_kind: dict[str, list[int]] = field(default_factory=dict)
    false_positives: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)

    @property
    def accuracy(self) -> float:
        return self.within / self.matched if self.matched else 0.0

    @property
    def accuracy_or_inside(self) -> float:
        return self.within_or_inside / self.matched if self.matched else 0.0

    @property
    def e2e_f1_or_inside(self) -> float:
        p = self.within_or_inside / self.predicted if self.predicted else 0.0
        r = self.within_or_inside / self.gold if self.gold else 0.0
        return _f1(p, r)

    @property
    def median_km(self) -> float:
        return statistics.median(self.errors_km) if self.errors_km else 0.0

    @property
    def e2e_precision(self) -> float:
        return self.within / self.predicted if self.predicted else 0.0

    @property
    def e2e_recall(self) -> float:
        return self.within / self.gold if self.gold else 0.0

    @property
    def e2e_f1(self) -> float:
        return _f1(self.e2e_precision, self.e2e_recall)

    @property
    def ms_per_1000_words(self) -> float:
        return self.seconds * 1000 / (self.words / 1000) if self.words else 0.0

    @property
    def cpu_ms_per_1000_words(self) -> float:
        return self.cpu_seconds * 1000 / (self.words / 1000) if self.words else 0.0


def score_corpus(
    docs: Iterable[dict],
    extract: Callable[[str], Sequence],
    inside: Callable[[str, float, float], bool] | None = None,
) -> PlaceTotals:
    """Run ``extract(text)`` (mentions with start, end, surface, entry.lat/lon) on each doc.

    ``inside(area_id, lat, lon)``: whether a point lies in the polygon of an entry's area.
    """
    t = PlaceTotals()
    for doc in docs:
        text, gold = doc["text"], doc["gold"]
        t0, c0 = time.perf_counter(), time.process_time()
        predicted = list(extract(text))
        t.seconds += time.perf_counter() - t0
        t.cpu_seconds += time.process_time() - c0
        t.words += len(text.split())
        t.predicted += len(predicted)
        t.gold += len(gold)
        pairs = match_spans(predicted, gold)
        paired_p = {pi for pi, _ in pairs}
        paired_g = {gi for _, gi in pairs}
        t.matched += len(pairs)
        for pi, gi in pairs:
            m, g = predicted[pi], gold[gi]
            km = km_between(m.entry.lat, m.entry.lon, g["lat"], g["lon"])
            t.errors_km.append(km)
            counts = t.by_kind.setdefault(m.entry.kind, [0, 0])
            counts[0] += 1
            if km <= ACCURACY_KM:
                t.within += 1
                counts[1] += 1
            area = getattr(m.entry, "area_id", "")
            if km <= ACCURACY_KM or (inside and area and inside(area, g["lat"], g["lon"])):
                t.within_or_inside += 1
            else:
                t.far.append((m.surface, f"{m.entry.name} ({m.entry.country})", km))
        t.false_positives += [p.surface for i, p in enumerate(predicted) if i not in paired_p]
        t.missed += [g["name"] for i, g in enumerate(gold) if i not in paired_g]
    return t


@dataclass
class DateTotals:
    predicted: int = 0
    gold: int = 0
    correct: int = 0
    wrong: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0


def polygon_lookup(path: Path | str) -> Callable[[str, float, float], bool]:
    """``inside(area_id, lat, lon)`` over the polygons of a GeoJSON file (by ``id``)."""
    from shapely import Point
    from shapely.geometry import shape
    from shapely.prepared import prep

    features = json.loads(Path(path).read_text(encoding="utf-8"))["features"]
    shapes = {f["properties"]["id"]: prep(shape(f["geometry"])) for f in features}

    def inside(area_id: str, lat: float, lon: float) -> bool:
        poly = shapes.get(area_id)
        return bool(poly and poly.contains(Point(lon, lat)))

    return inside


def yardstick_seconds(docs: Sequence[dict]) -> float:
    """CPU seconds to lower-case and split every text into words: a fixed workload timed in
    the same run, so the extractor's cost reads as a ratio that a busy machine does not
    change much."""
    c0 = time.process_time()
    for doc in docs:
        re.findall(r"\w+", doc["text"].lower())
    return time.process_time() - c0


def score_dates(
    rows: Iterable[dict], find: Callable[[str, dt.date | None], Sequence]
) -> DateTotals:
    t = DateTotals()
    for row in rows:
        published = dt.date.fromisoformat(row["published"]) if row.get("published") else None
        predicted = list(find(row["text"], published))
        gold = row["gold"]
        t.predicted += len(predicted)
        t.gold += len(gold)
        pairs = match_spans(predicted, gold)
        ok = set()
        for pi, gi in pairs:
            d, g = predicted[pi], gold[gi]
            if (d.date_start.isoformat(), d.date_end.isoformat()) == (g["start"], g["end"]):
                ok.add(pi)
                t.correct += 1
            else:
                t.wrong.append(f"{d.surface!r} -> {d.date_start}..{d.date_end} (gold {g['start']})")
        paired_g = {gi for pi, gi in pairs if pi in ok}
        t.wrong += [
            f"{p.surface!r} (no gold)"
            for i, p in enumerate(predicted)
            if i not in ok and i not in {pi for pi, _ in pairs}
        ]
        t.missed += [g["surface"] for i, g in enumerate(gold) if i not in paired_g]
    return t

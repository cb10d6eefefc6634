"""Bucket the extractor's errors on an annotated corpus by kind, to see which kind to fix.

    python bench/geoparse_errors.py --corpus ../shared/eval/geovirus.jsonl [--show 8]

Same protocol as ``bench/geoparse_eval.py --corpus`` (spans overlap one to one, 161 km).
Every error lands in exactly one bucket:

* far off (matched, > 161 km):
  - ``reference point``: the right place (the gold point is inside the predicted country's
    polygon, or the gold page is named like the predicted entry), only a different point for
    a large area: a convention, not a wrong reading;
  - ``wrong sense``: another place of that name ("Georgia" the country for the US state);
* false positives (predicted, no gold overlaps):
  - ``next to a capitalised word`` (a person or organisation: "Barack Obama", "Real Madrid"),
  - ``sentence start`` (an ordinary word in sentence case: "Most"),
  - ``country or region`` (often an annotation gap or an adjective: "United States
    Department of …"), ``settlement`` (anything else);
* misses (gold, no prediction overlaps):
  - ``not in gazetteer`` (the folded name indexes nothing), split by whether the gold point
    is a settlement-like page or a region/water/feature name,
  - ``in gazetteer, dropped`` (the name is there, the extractor threw it away),
  - ``part of a longer prediction`` never happens (overlap counts): listed for completeness.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from articlemap.gazetteer import fold, gazetteer_for_new_article  # noqa: E402
from articlemap.geoparse import find_mentions  # noqa: E402
from bench._corpus_score import (  # noqa: E402
    ACCURACY_KM,
    km_between,
    match_spans,
    polygon_lookup,
    read_jsonl,
)

_CAPITALISED = re.compile(r"[A-Z][\w'’.-]*")
_SENTENCE_START = re.compile(r"(?:^|[.!?:]['\")\]]*\s+|\n\s*)['\"(]?$")
_FEATURE_WORD = re.compile(
    r"\b(?:Ocean|Sea|Gulf|River|Lake|Bay|Mountains?|Island|Islands|Valley|Desert|County"
    r"|Park|Airport|Base|Fort|Africa|America|Americas|Asia|East|West|North|South|Pacific"
    r"|Atlantic|Mediterranean)\b"
)


def page_title(url: str) -> str:
    title = unquote(url.rsplit("/", 1)[-1]).replace("_", " ")
    return re.sub(r"\s*\([^)]*\)$", "", title).split(",")[0].strip()


def neighbour_capitalised(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 30) : start]
    after = text[end : end + 30]
    m_before = re.search(r"([A-Z][\w'’.-]*)[ \t]+$", before)
    m_after = re.match(r"[ \t]+([A-Z][\w'’-]*)", after)
    return bool(m_before and not _SENTENCE_START.search(before[: m_before.start()])) or bool(
        m_after
    )


def bucket(docs: list[dict]) -> dict[str, list[str]]:
    gaz = gazetteer_for_new_article()
    inside = polygon_lookup(ROOT / "geodata" / "world.geojson")
    buckets: dict[str, list[str]] = defaultdict(list)
    for doc in docs:
        text, gold = doc["text"], doc["gold"]
        predicted = [m for m in find_mentions(text, gaz) if m.kind == "place"]
        pairs = match_spans(predicted, gold)
        for pi, gi in pairs:
            m, g = predicted[pi], gold[gi]
            km = km_between(m.entry.lat, m.entry.lon, g["lat"], g["lon"])
            if km <= ACCURACY_KM:
                continue
            label = f"{m.surface} -> {m.entry.name} ({m.entry.kind}, {m.entry.country})"
            same_page = fold(page_title(g["page"])) in {fold(m.entry.name), fold(m.surface)}
            in_poly = bool(m.entry.area_id) and inside(m.entry.area_id, g["lat"], g["lon"])
            if m.entry.kind != "city" and m.entry.kind != "town" and (same_page or in_poly):
                buckets[f"far: reference point of a {m.entry.kind}"].append(label)
            else:
                buckets["far: wrong sense"].append(f"{label}; gold {page_title(g['page'])}")
        paired_p = {pi for pi, _ in pairs}
        paired_g = {gi for _, gi in pairs}
        for i, m in enumerate(predicted):
            if i in paired_p:
                continue
            label = f"{m.surface} ({m.entry.kind})"
            if _SENTENCE_START.search(text[max(0, m.start - 4) : m.start]) and " " not in m.surface:
                buckets["false positive: sentence start"].append(label)
            elif neighbour_capitalised(text, m.start, m.end):
                buckets["false positive: next to a capitalised word"].append(
                    f"{text[max(0, m.start - 20) : m.end + 20]!r}"
                )
            elif m.entry.kind in ("country", "region"):
                buckets["false positive: country or region"].append(label)
            else:
                buckets["false positive: settlement"].append(label)
        for i, g in enumerate(gold):
            if i in paired_g:
                continue
            key = fold(g["name"])
            if gaz.candidates(key) or key in gaz.demonym_entries:
                buckets["missed: in gazetteer, dropped"].append(g["name"])
            elif _FEATURE_WORD.search(g["name"]) or _FEATURE_WORD.search(page_title(g["page"])):
                buckets["missed: not in gazetteer (region, water, feature)"].append(g["name"])
            else:
                buckets["missed: not in gazetteer (other)"].append(g["name"])
    return buckets


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--show", type=int, default=8, help="most common examples per bucket")
    args = parser.parse_args(argv)
    buckets = bucket(read_jsonl(args.corpus))
    for name, items in sorted(buckets.items(), key=lambda kv: -len(kv[1])):
        common = Counter(items).most_common(args.show)
        print(f"{len(items):5d}  {name}")
        for example, n in common:
            print(f"         {n:3d} x {example}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

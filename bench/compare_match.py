"""Matching two accounts of the same events: precision and recall on generated pairs.

    python bench/compare_match.py [--events 2000] [--seeds 3] [--quick]

Each pair comes from ``tests/compare_fixtures.generated_pair``: ``--events`` invented events
over a pool of places; each account drops ~15 % of them, the second dates ~25 % of the
rest differently within the tolerance of their precision (and ~10 % of its day dates as
the month), names ~30 % of its places by their other names a few km off, and adds decoys
of its own at a matched event's place outside the tolerance. The truth is how the pair was
made. Two pool sizes: the usual one (events / 4 places) and a dense one (events / 30: many
events at each place, so the decoys and neighbours compete).

Columns: the automatic matches of ``compare.compare`` (precision, recall), of its
"dates differ" finding over the true matches it found, and a baseline in the same run:
exact date overlap and the same place name only (no tolerance, no other names, no nearby
spots) — what the tolerance and the place equivalence add. Target: precision and recall
of the matching >= 0.9 each on every pair.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from articlemap.compare import compare, date_gap  # noqa: E402
from articlemap.filters import fold  # noqa: E402
from bench._common import print_table  # noqa: E402
from tests.compare_fixtures import AccountPair, generated_pair  # noqa: E402

TARGET = 0.9


def ratio(num: int, den: int) -> float:
    return num / den if den else 1.0


def baseline(pair: AccountPair) -> set[tuple[str, str]]:
    """Greedy one-to-one on exact overlap + same place name (in event order)."""
    taken: set[str] = set()
    out = set()
    for a in pair.first.events:
        names = {fold(p.name) for p in a.places}
        for b in pair.second.events:
            if b.id in taken or date_gap(a, b) != 0:
                continue
            if names & {fold(p.name) for p in b.places}:
                out.add((a.id, b.id))
                taken.add(b.id)
                break
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="300 events, one seed")
    args = parser.parse_args(argv)
    if args.quick:
        args.events, args.seeds = 300, 1
    rows = []
    worst = 1.0
    for seed in range(1, args.seeds + 1):
        for label, places in (("usual", None), ("dense", max(10, args.events // 30))):
            pair = generated_pair(args.events, seed=seed, n_places=places)
            started = time.perf_counter()
            result = compare(pair.accounts())
            ms = (time.perf_counter() - started) * 1000
            predicted = {(p.first.id, p.second.id) for p in result.pairs}
            truth = pair.truth.matches
            hits = predicted & truth
            precision, recall = ratio(len(hits), len(predicted)), ratio(len(hits), len(truth))
            worst = min(worst, precision, recall)
            found_differ = {
                (p.first.id, p.second.id)
                for p in result.pairs
                if p.dates_differ and (p.first.id, p.second.id) in truth
            }
            true_differ = pair.truth.dates_differ & hits
            base = baseline(pair)
            base_hits = base & truth
            rows.append(
                [
                    f"seed {seed}, {label}",
                    f"{len(pair.first.events):,} / {len(pair.second.events):,}",
                    f"{len(truth):,}",
                    f"{precision:.3f}",
                    f"{recall:.3f}",
                    f"{ratio(len(found_differ & true_differ), len(found_differ)):.3f}",
                    f"{ratio(len(found_differ & true_differ), len(true_differ)):.3f}",
                    f"{ratio(len(base_hits), len(base)):.3f}",
                    f"{ratio(len(base_hits), len(truth)):.3f}",
                    f"{ms:,.0f}",
                ]
            )
    print_table(
        [
            "pair",
            "events (1st / 2nd)",
            "true matches",
            "precision",
            "recall",
            "dates-differ P",
            "dates-differ R",
            "baseline P",
            "baseline R",
            "ms",
        ],
        rows,
    )
    print(f"worst precision or recall: {worst:.3f} (target >= {TARGET})")
    return 0 if worst >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())

"""How extraction time and output grow with the size of the text, 32 KB to 2 MB.

    python bench/extract_scaling.py            # 32 KB .. 2 MB, 3 runs each (median)
    python bench/extract_scaling.py --quick    # CI smoke: 32 and 64 KB, 1 run

Two kinds of text: the reported hostile one (dated clauses joined with ", " on one line, no
full stop: each date used to quote the whole line) and ordinary prose (the built-in article
repeated). For each size: the median time of ``build_draft`` (gazetteer loaded once before),
time per KB and its ratio to the smallest size's (1.0 = linear; it was 2.2x per doubling
before, quadratic), events and the size of the events CSV (bounded by the caps), and the peak
memory the run allocated (tracemalloc, a separate run).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _common import fmt, print_table  # noqa: E402

from articlemap.draft import build_draft  # noqa: E402
from articlemap.gazetteer import default_with_curated  # noqa: E402

CLAUSE = (
    "rockets hit Ganja on 17 October 2020 killing civilians, "
    "the ministers met in Moscow on 9 October 2020"
)
KB = 1024


def texts(n_bytes: int) -> dict[str, str]:
    line = ", ".join([CLAUSE] * (n_bytes // len(CLAUSE) + 1))
    article = (ROOT / "geodata" / "article.md").read_text(encoding="utf-8")
    prose = "\n\n".join([article] * (n_bytes // len(article) + 1))
    return {
        "one line, dated clauses": line[:n_bytes],
        "prose (the article repeated)": prose[:n_bytes],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--runs", type=int, default=None)
    parser.add_argument("--max-kb", type=int, default=2048, help="largest text (KB)")
    args = parser.parse_args(argv)
    sizes = [32, 64] if args.quick else [32, 64, 128, 256, 512, 1024, 2048]
    sizes = [s for s in sizes if s <= args.max_kb]
    runs = args.runs or (1 if args.quick else 3)
    t0 = time.perf_counter()
    gazetteer = default_with_curated()
    _ = gazetteer.automaton
    load_s = time.perf_counter() - t0
    rows = []
    for kind in texts(KB):
        base = None
        for size in sizes:
            text = texts(size * KB)[kind]
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                draft = build_draft(text, gazetteer)
                times.append(time.perf_counter() - started)
            median = statistics.median(times)
            per_kb = 1000 * median / size
            base = base or per_kb
            tracemalloc.start()
            build_draft(text, gazetteer)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            rows.append(
                [
                    kind,
                    size,
                    fmt(1000 * median, 0),
                    fmt(per_kb, 2),
                    fmt(per_kb / base, 2),
                    len(draft.events),
                    fmt(len(draft.events_csv()) / KB, 0),
                    fmt(peak / 2**20, 0),
                ]
            )
    headers = ["text", "KB", "ms", "ms/KB", "ms/KB vs 32 KB", "events", "events.csv KB", "peak MB"]
    print_table(headers, rows)
    print(f"\ngazetteer load: {load_s:.1f} s; {runs} run(s) a size, median.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Opening a big story: seconds and peak memory to read, check and index N events.

    python bench/scale_open.py                   # 100,000 and 1,000,000 events
    python bench/scale_open.py --sizes 2000      # the CI smoke

For each size a synthetic story (bench/synthetic.py) is written once, then opened in fresh
Python processes, each timed from inside and measured by its own peak resident memory
(``ru_maxrss``), in turns:

* **bare read** (the baseline, same run): pyarrow reads places.csv and events.csv as text
  columns and nothing else: the least any loader of these files costs;
* **open**: what the server does when a reader opens the story: ``load_dataset`` (every cell
  checked, every quote looked for in the article) and the window index
  (``timeline.EventIndex``) the Map page's slider queries.

Printed per size: seconds and peak MB of both, the ratio open / bare read, and the targets
(issue #12: 1,000,000 events open in <= 10 s with <= 1 GB RSS).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import ROOT, fmt, median, print_table

TARGET_SECONDS, TARGET_MB, TARGET_SIZE = 10.0, 1024.0, 1_000_000

BARE_READ = """
import csv as pycsv, json, resource, sys, time
t = time.perf_counter()
import pyarrow as pa, pyarrow.csv as csv
rows = 0
for name in ("places.csv", "events.csv"):
    path = sys.argv[1] + "/" + name
    with open(path, encoding="utf-8", newline="") as f:
        header = next(pycsv.reader(f))
    types = {column: pa.string() for column in header}
    table = csv.read_csv(path, convert_options=csv.ConvertOptions(column_types=types))
    rows += table.num_rows
print(json.dumps({"s": time.perf_counter() - t, "rows": rows,
                  "mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

OPEN = """
import json, resource, sys, time
t = time.perf_counter()
sys.path.insert(0, sys.argv[2])
from articlemap.dataset import load_dataset
from articlemap.timeline import EventIndex
ds = load_dataset(sys.argv[1])
index = EventIndex(ds.events)
print(json.dumps({"s": time.perf_counter() - t, "rows": len(ds.events) + len(ds.places),
                  "mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _run(script: str, folder: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", script, str(folder), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"the child failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--turns", type=int, default=2, help="runs of each side per size")
    args = parser.parse_args(argv)
    from synthetic import make_dataset

    rows, met = [], True
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            folder = make_dataset(size, Path(tmp) / f"synthetic-{size}")
            bare, opened = [], []
            for _ in range(args.turns):
                bare.append(_run(BARE_READ, folder))
                opened.append(_run(OPEN, folder))
            if opened[0]["rows"] > bare[0]["rows"]:
                raise SystemExit("the loader returned more rows than the files hold")
            b_s, o_s = median([r["s"] for r in bare]), median([r["s"] for r in opened])
            b_mb, o_mb = max(r["mb"] for r in bare), max(r["mb"] for r in opened)
            rows.append(
                [f"{size:,}", fmt(b_s, 2), fmt(b_mb, 0), fmt(o_s, 2), fmt(o_mb, 0), fmt(o_s / b_s)]
            )
            if size >= TARGET_SIZE:
                met = met and o_s <= TARGET_SECONDS and o_mb <= TARGET_MB
    print_table(["events", "bare read s", "bare MB", "open s", "open peak MB", "open / bare"], rows)
    if any(s >= TARGET_SIZE for s in args.sizes):
        print(
            f"\ntarget at {TARGET_SIZE:,} events: open <= {TARGET_SECONDS:.0f} s and "
            f"<= {TARGET_MB:.0f} MB: " + ("MET" if met else "NOT MET")
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Server time of one slider move on the Map page, against baselines, in one run.

    python bench/rerun.py [--runs 40] [--sizes 1000,10000] [--quick]

Every figure is a ratio against baselines measured in the same process, so the numbers
compare across machines: an empty Streamlit script, a script holding only the same
select_slider, and a naive map page (bench/naive_map.py: a fresh folium.Map with one Marker
per event on every rerun). Timing is of AppTest's ``run()`` (the whole script run on the
server, without the browser), medians and 90th percentiles over ``--runs`` slider moves, for
the article's data and for generated datasets of 1,000 and 10,000 events (bench/synthetic.py).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import os  # noqa: E402

from streamlit.testing.v1 import AppTest  # noqa: E402

from articlemap.dataset import load_dataset  # noqa: E402
from bench.synthetic import make_dataset  # noqa: E402
from ui.controls import slider_dates  # noqa: E402

NAIVE = ROOT / "bench" / "naive_map.py"
EMPTY = "import streamlit as st\n"
SLIDER_ONLY = """
import streamlit as st
options = list(range({n}))
st.select_slider("Show events between", options=options, value=(0, {n} - 1), key="window")
"""


def _window_slider(at: AppTest):
    """The range slider: by event date (select_slider), or by day for very many dates."""
    try:
        return at.select_slider(key="window")
    except KeyError:
        return at.slider(key="window")


def _time_moves(at: AppTest, values: list, runs: int) -> list[float]:
    times = []
    for i in range(runs):
        slider = _window_slider(at) if values else None
        if slider is not None:
            slider.set_value(values[i % len(values)])
        start = time.perf_counter()
        at.run()
        times.append((time.perf_counter() - start) * 1000)
        assert not at.exception, at.exception
    return times


def _windows(data_dir: str | None, whole: bool = False) -> list:
    """Slider moves a keyboard user makes.

    Article: the right thumb steps through 2020 and back. Generated data: a one-year window
    slid along by one slider stop per move (a few hundred events each time), or with
    ``whole`` the whole span and the span less its last stop (every event on the map).
    """
    ds = load_dataset(data_dir) if data_dir else load_dataset()
    days = slider_dates(ds.events)
    if whole:
        return [(days[0], days[-1]), (days[0], days[-2])]
    if not data_dir:
        year = [d for d in days if d.year == 2020]
        return [(year[0], d) for d in year[1:]] + [(year[0], d) for d in year[-2:0:-1]]
    start = next(i for i, d in enumerate(days) if d.year == 2010)
    end = next(i for i, d in enumerate(days) if d.year == 2011)
    return [(days[start + k], days[end + k]) for k in range(40)]


def _page(script: Path, data_dir: str | None, runs: int, whole: bool = False) -> list[float]:
    if data_dir:
        os.environ["ARTICLEMAP_DATA"] = data_dir
    else:
        os.environ.pop("ARTICLEMAP_DATA", None)
    windows = _windows(data_dir, whole)
    at = AppTest.from_file(str(script), default_timeout=120).run()
    _time_moves(at, windows, 3)  # warm caches, as a running server would be
    return _time_moves(at, windows, runs)


def measure(runs: int, sizes: list[int]) -> list[tuple[str, list[float]]]:
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp, "empty.py")
        empty.write_text(EMPTY)
        slider_only = Path(tmp, "slider_only.py")
        slider_only.write_text(SLIDER_ONLY.format(n=30))
        at = AppTest.from_file(str(empty), default_timeout=60).run()
        results.append(("empty script", _time_moves(at, [], runs)))
        at = AppTest.from_file(str(slider_only), default_timeout=60).run()
        results.append(("slider only", _time_moves(at, [(0, i) for i in range(1, 30)], runs)))
        datasets: list[tuple[str, str | None]] = [("article", None)]
        for n in sizes:
            datasets.append((f"{n:,} events", str(make_dataset(n, Path(tmp, f"d{n}")))))
        for label, data_dir in datasets:
            results.append((f"Map page, {label}", _page(ROOT / "app.py", data_dir, runs)))
            naive_runs = max(3, runs // 4) if data_dir else runs
            results.append((f"naive map, {label}", _page(NAIVE, data_dir, naive_runs)))
        if len(datasets) > 1:
            label, data_dir = datasets[-1]
            page = _page(ROOT / "app.py", data_dir, max(3, runs // 2), whole=True)
            results.append((f"Map page, {label}, all", page))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--sizes", default="1000,10000", help="generated dataset sizes")
    parser.add_argument("--quick", action="store_true", help="CI smoke run: few runs, 200 events")
    args = parser.parse_args(argv)
    runs, sizes = args.runs, [int(n) for n in args.sizes.split(",") if n]
    if args.quick:
        runs, sizes = min(runs, 3), [200]
    results = measure(runs, sizes)
    base = statistics.median(results[0][1])
    print(f"{'script':<30} {'median ms':>10} {'p90 ms':>8} {'x empty':>8}")
    for name, times in results:
        med = statistics.median(times)
        p90 = sorted(times)[int(0.9 * (len(times) - 1))]
        print(f"{name:<30} {med:>10.1f} {p90:>8.1f} {med / base:>8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

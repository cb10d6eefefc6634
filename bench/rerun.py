"""Server time of one slider move on the Map page, against baselines, in one run.

    python bench/rerun.py [--runs 40] [--sizes 1000,10000] [--quick]

Every figure is a ratio against baselines measured in the same process, so the numbers
compare across machines: an empty Streamlit script, a script holding only the same
select_slider (alone, and inside an ``st.fragment``), and a naive map page
(bench/naive_map.py: a fresh folium.Map with one Marker per event on every rerun). Each is
run with AppTest, for the article's data and for generated datasets of 1,000 and 10,000
events (bench/synthetic.py); medians and 90th percentiles over ``--runs`` slider moves.

Two ways to run the Map page:

* **slider move** — what the browser asks for: the slider sits in an ``st.fragment``, so the
  browser sends the fragment's id with the new slider value and the server reruns only the
  fragment (slider, map, list). ``AppTest.run()`` always reruns the whole script, so this
  bench passes the fragment id itself (bench/_fragments.py), with every widget's state as
  the browser sends it.
* **whole script** — ``AppTest.run()`` as is: what a filter or toggle change costs.

Two times per row: ``median ms`` is AppTest's ``run()`` (it polls for the end of the run
every millisecond, so it includes up to 1 ms of waiting and AppTest's own work), ``script ms``
the time the script thread spent running the script or fragment (Streamlit's code and ours).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import streamlit.runtime.scriptrunner.script_runner as script_runner  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from articlemap.dataset import load_dataset  # noqa: E402
from bench._fragments import fragment_of, fragment_rerun  # noqa: E402
from bench.synthetic import make_dataset  # noqa: E402
from ui.controls import slider_dates  # noqa: E402

NAIVE = ROOT / "bench" / "naive_map.py"
EMPTY = "import streamlit as st\n"
SLIDER_ONLY = """
import streamlit as st
options = list(range({n}))
st.select_slider("Show events between", options=options, value=(0, {n} - 1), key="window")
"""
SLIDER_IN_FRAGMENT = """
import streamlit as st
options = list(range({n}))

@st.fragment
def window():
    st.select_slider("Show events between", options=options, value=(0, {n} - 1), key="window")

window()
"""


# --- timing the script thread -----------------------------------------------------------

_script_times: list[float] = []
_exec = script_runner.exec_func_with_error_handling


def _timed_exec(*args, **kwargs):
    start = time.perf_counter()
    try:
        return _exec(*args, **kwargs)
    finally:
        _script_times.append((time.perf_counter() - start) * 1000)


script_runner.exec_func_with_error_handling = _timed_exec


# --- slider moves -------------------------------------------------------------------------


def _window_slider(at: AppTest):
    """The range slider: by event date (select_slider), or by day for very many dates."""
    try:
        return at.select_slider(key="window")
    except KeyError:
        return at.slider(key="window")


def _time_moves(
    at: AppTest, values: list, runs: int, fragment: bool = False
) -> tuple[list[float], list[float]]:
    """Times of ``runs`` slider moves: AppTest's ``run()`` and the script thread's part."""
    full_tree = at._tree
    fragment_id = fragment_of(at, _window_slider(at).id) if fragment and values else ""
    times, script = [], []
    for i in range(runs):
        if fragment_id:
            # The browser sends every widget's state with a fragment rerun; AppTest's tree
            # after one holds only the fragment's elements, so start from the whole page's.
            at._tree = full_tree
        if values:
            _window_slider(at).set_value(values[i % len(values)])
        _script_times.clear()
        start = time.perf_counter()
        if fragment_id:
            with fragment_rerun(fragment_id):
                at.run()
        else:
            at.run()
        times.append((time.perf_counter() - start) * 1000)
        script.append(sum(_script_times))
        assert not at.exception, at.exception
    if fragment_id:
        at._tree = full_tree
    return times, script


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


def _page(
    script: Path, data_dir: str | None, runs: int, fragment: bool, whole: bool = False
) -> tuple[list[float], list[float]]:
    if data_dir:
        os.environ["ARTICLEMAP_DATA"] = data_dir
    else:
        os.environ.pop("ARTICLEMAP_DATA", None)
    windows = _windows(data_dir, whole)
    at = AppTest.from_file(str(script), default_timeout=120).run()
    # Warm the caches with every window once, as a server is after a few users.
    _time_moves(at, windows, len(windows), fragment)
    return _time_moves(at, windows, runs, fragment)


Row = tuple[str, list[float], list[float]]


def measure(runs: int, sizes: list[int]) -> list[Row]:
    results: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        scripts = {
            "empty": EMPTY,
            "slider_only": SLIDER_ONLY.format(n=30),
            "slider_fragment": SLIDER_IN_FRAGMENT.format(n=30),
        }
        for name, source in scripts.items():
            Path(tmp, f"{name}.py").write_text(source)
        at = AppTest.from_file(str(Path(tmp, "empty.py")), default_timeout=60).run()
        results.append(("empty script (rerun)", *_time_moves(at, [], runs)))
        moves = [(0, i) for i in range(1, 30)]
        for name, label, fragment in (
            ("slider_only", "slider only (move)", False),
            ("slider_fragment", "slider in a fragment (move)", True),
        ):
            at = AppTest.from_file(str(Path(tmp, f"{name}.py")), default_timeout=60).run()
            _time_moves(at, moves, 3, fragment)
            results.append((label, *_time_moves(at, moves, runs, fragment)))
        datasets: list[tuple[str, str | None]] = [("article", None)]
        for n in sizes:
            datasets.append((f"{n:,} events", str(make_dataset(n, Path(tmp, f"d{n}")))))
        for label, data_dir in datasets:
            few = max(3, runs // 4) if data_dir else runs
            app = ROOT / "app.py"
            for name, script, n, fragment in (
                (f"Map page, {label}: slider move", app, runs, True),
                (f"Map page, {label}: whole script", app, few, False),
                (f"naive map, {label}: slider move", NAIVE, few, False),
            ):
                results.append((name, *_page(script, data_dir, n, fragment)))
        if len(datasets) > 1:
            label, data_dir = datasets[-1]
            every = _page(ROOT / "app.py", data_dir, max(3, runs // 2), True, whole=True)
            results.append((f"Map page, {label}: move, all on map", *every))
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
    print(f"{'script':<44} {'median ms':>10} {'p90 ms':>8} {'x empty':>8} {'script ms':>10}")
    for name, times, script in results:
        med = statistics.median(times)
        p90 = sorted(times)[int(0.9 * (len(times) - 1))]
        sm = statistics.median(script)
        print(f"{name:<44} {med:>10.1f} {p90:>8.1f} {med / base:>8.2f} {sm:>10.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Server time of one slider move on the Map page, against an empty script, in one run.

    python bench/rerun.py [--runs 40]

Every figure is a ratio against baselines measured in the same process, so the numbers
compare across machines: an empty Streamlit script, and a script holding only the same
select_slider. Timing is of AppTest's ``run()`` (the script run on the server, without the
browser), medians and 90th percentiles over ``--runs`` slider moves.
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

from streamlit.testing.v1 import AppTest  # noqa: E402

from articlemap.dataset import load_dataset  # noqa: E402
from ui.controls import slider_dates  # noqa: E402

EMPTY = "import streamlit as st\n"
SLIDER_ONLY = """
import streamlit as st
options = list(range({n}))
st.select_slider("Show events between", options=options, value=(0, {n} - 1), key="window")
"""


def _time_moves(at: AppTest, values: list, runs: int) -> list[float]:
    times = []
    for i in range(runs):
        slider = at.select_slider(key="window") if values else None
        if slider is not None:
            slider.set_value(values[i % len(values)])
        start = time.perf_counter()
        at.run()
        times.append((time.perf_counter() - start) * 1000)
        assert not at.exception, at.exception
    return times


def measure(runs: int) -> list[tuple[str, list[float]]]:
    ds = load_dataset()
    days = slider_dates(ds.events)
    n = len(days)
    # Moves a keyboard user makes: the right thumb steps through 2020, then back.
    in_2020 = [d for d in days if d.year == 2020]
    windows = [(in_2020[0], d) for d in in_2020[1:]] + [(in_2020[0], d) for d in in_2020[-2:0:-1]]

    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp, "empty.py")
        empty.write_text(EMPTY)
        slider_only = Path(tmp, "slider_only.py")
        slider_only.write_text(SLIDER_ONLY.format(n=n))
        results = []
        at = AppTest.from_file(str(empty), default_timeout=60).run()
        results.append(("empty script", _time_moves(at, [], runs)))
        at = AppTest.from_file(str(slider_only), default_timeout=60).run()
        moves = [(0, i) for i in range(1, n)]
        results.append(("slider only", _time_moves(at, moves, runs)))
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
        _time_moves(at, windows, 3)  # warm caches, as a running server would be
        results.append(("Map page, slider move", _time_moves(at, windows, runs)))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args(argv)
    results = measure(args.runs)
    base = statistics.median(results[0][1])
    print(f"{'script':<24} {'median ms':>10} {'p90 ms':>8} {'x empty':>8}")
    for name, times in results:
        med = statistics.median(times)
        p90 = sorted(times)[int(0.9 * (len(times) - 1))]
        print(f"{name:<24} {med:>10.1f} {p90:>8.1f} {med / base:>8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

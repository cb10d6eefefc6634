"""Server time of a slider move on a real `streamlit run` server, against an empty script.

    python bench/server_rerun.py [--moves 40] [--quick]

bench/rerun.py times whole-script runs in AppTest, which cannot run a fragment alone and adds
its own per-element cost. This script drives real servers over Streamlit's websocket protocol
(bench/_session.py), one at a time on 127.0.0.1, and times each rerun from the BackMsg to the
"script finished" message: an empty script (a plain rerun), a script holding only the same
range slider, and the Map page (its slider sits in an st.fragment, so a move reruns only the
slider, map and list), and the naive map (bench/naive_map.py: a fresh folium.Map with one Marker
per event on every rerun). One session, moves spaced out, so there is no queueing. Two figures:
the latency the client sees (it includes parsing every message in the Python client), and the
CPU time the server process spent per move (/proc/PID/stat, all threads): the server's cost.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ROOT, median, percentile, print_table, running_app
from _session import Session

EMPTY = "import streamlit as st\n"
SLIDER_ONLY = """
import streamlit as st
options = [f"{d} Oct 2020" for d in range(1, 31)]
st.select_slider("Show events between", options=options, value=(options[0], options[-1]),
                 key="window")
"""


def cpu_ms(pid: int) -> float:
    """CPU time (user + system, all threads) the server process has used, in ms."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])  # utime, stime
    return ticks * 1000 / os.sysconf("SC_CLK_TCK")


async def _times(url: str, moves: int, slider: bool, pid: int) -> tuple[list[float], float]:
    session = Session(url)
    await session.connect()
    try:
        first = await session.first_run()
        assert first.ok, first.error
        times = []
        cpu_start = 0.0
        for i in range(moves + 3):
            if i == 3:
                cpu_start = cpu_ms(pid)
            if slider:
                if not session.step("end", -1 if i % 2 == 0 else 1):
                    session.step("end", 1)
                result = await session.move()
            else:
                result = await session.first_run()
            assert result.ok, result.error
            if i >= 3:  # the first moves warm the caches, as on a running server
                times.append(result.ms)
            await asyncio.sleep(0.05)
        return times, (cpu_ms(pid) - cpu_start) / moves
    finally:
        await session.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--moves", type=int, default=40)
    parser.add_argument("--quick", action="store_true", help="CI smoke: 5 moves each")
    args = parser.parse_args(argv)
    moves = 5 if args.quick else args.moves
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        scripts = [
            ("empty script (rerun)", Path(tmp, "empty.py"), EMPTY, False),
            ("slider only (move)", Path(tmp, "slider_only.py"), SLIDER_ONLY, True),
            ("Map page, article (move)", None, None, True),
            ("naive map, article (move)", ROOT / "bench" / "naive_map.py", None, True),
        ]
        results = []
        for label, path, source, slider in scripts:
            if source is not None:
                path.write_text(source)
            script = str(path) if path is not None else "app.py"
            with running_app(script=script, log_name="bench-server-rerun.log") as server:
                times, cpu = asyncio.run(_times(server.url, moves, slider, server.pid))
                results.append((label, times, cpu))
    base, base_cpu = median(results[0][1]), results[0][2]
    for label, times, cpu in results:
        rows.append(
            [
                label,
                len(times),
                f"{median(times):.1f}",
                f"{percentile(times, 95):.1f}",
                f"{median(times) / base:.2f}",
                f"{cpu:.1f}",
                f"{cpu / base_cpu:.2f}",
            ]
        )
    headers = ["script", "moves", "median ms", "p95 ms", "x empty", "server CPU ms", "x empty"]
    print_table(headers, rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

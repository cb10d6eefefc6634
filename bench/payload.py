"""Bytes the server sends to the browser for one slider move on the Map page, vs the first render.

    python bench/payload.py            # article data, synthetic 1,000 and 10,000 events
    python bench/payload.py --quick    # CI smoke: article data and 200 events, 3 moves

For each dataset a real ``streamlit run app.py`` is started on 127.0.0.1 (synthetic data via
``ARTICLEMAP_DATA``), and one session speaks the browser's websocket protocol to it
(bench/_session.py): the first run, then ``--moves`` moves of the end thumb of the
"Show events between" slider, one stop at a time towards the start, as ArrowLeft does (every
window new, so the browser's message cache cannot stand in for a resend). With many dates the
app uses a day slider: one step is then one day, and often leaves the map as it was.

The figures are the protobuf frames the server wrote to the websocket (compression is off by
default in Streamlit), from the ``rerun_script`` BackMsg to ``script_finished``; static files
(the map iframe's Leaflet/JS, fetched once and cached) are not counted.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time

from _common import BenchData, datasets, fmt, median, print_table, running_app
from _session import Session

HEADERS = [
    "dataset",
    "events",
    "first render KB",
    "slider move KB (median)",
    "ratio",
    "move KB (max)",
    "map resent",
    "map element KB (median)",
    "messages/move",
    "move ms (median)",
]


async def _measure(url: str, moves: int) -> dict:
    session = Session(url)
    await session.connect()
    try:
        first = await session.first_run()
        if not first.ok:
            raise RuntimeError(f"first run failed: {first.status} {first.error}")
        results = []
        direction = -1
        for _ in range(moves):
            if not session.step("end", direction):
                direction = -direction
                if not session.step("end", direction):
                    break  # a slider with a single option
            result = await session.move()
            if not result.ok:
                raise RuntimeError(f"slider move failed: {result.status} {result.error}")
            results.append(result)
    finally:
        await session.close()
    if not results:
        raise RuntimeError("no slider move was possible")
    return {
        "first": first.bytes,
        "moves": [r.bytes for r in results],
        "map": [r.biggest.get("component_instance", 0) for r in results],
        "messages": [r.messages for r in results],
        "ms": [r.ms for r in results],
    }


def measure(data: BenchData, moves: int) -> list[object]:
    with running_app(data.directory, log_name="bench-payload-streamlit.log") as server:
        m = asyncio.run(_measure(server.url, moves))
    first_kb = m["first"] / 1024
    move_kb = median(m["moves"]) / 1024
    return [
        data.label,
        data.n_events,
        fmt(first_kb),
        fmt(move_kb),
        fmt(move_kb / first_kb, 2),
        fmt(max(m["moves"]) / 1024),
        f"{sum(1 for b in m['map'] if b)}/{len(m['map'])}",
        fmt(median(m["map"]) / 1024),
        fmt(median(m["messages"]), 0),
        fmt(median(m["ms"]), 0),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="CI smoke: tiny sizes, 3 moves")
    parser.add_argument("--moves", type=int, default=None, help="slider moves per dataset")
    args = parser.parse_args(argv)
    sizes: list[int | None] = [None, 200] if args.quick else [None, 1000, 10000]
    moves = args.moves or (3 if args.quick else 15)
    started = time.monotonic()
    rows = []
    with datasets(sizes) as sets:
        for data in sets:
            print(f"measuring {data.label} ({moves} moves)…", file=sys.stderr, flush=True)
            rows.append(measure(data, moves))
    print_table(HEADERS, rows)
    print(
        "\nratio = slider move / first render (1.00: a move resends the whole page). map resent: "
        "moves that sent the map component in full (otherwise it was unchanged, or sent as a "
        f"reference to the browser's cached copy). {time.monotonic() - started:.0f} s."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

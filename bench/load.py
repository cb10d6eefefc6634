"""Many simultaneous users moving the Map page's slider, against one server process.

    python bench/load.py                       # 25, 50, 100 sessions, 30 s each
    python bench/load.py --quick               # CI smoke: 5 sessions for 5 s
    python bench/load.py --sessions 100 --duration 60 --events 10000

One ``streamlit run app.py`` is started on 127.0.0.1 and every level of ``--sessions`` runs
against it in turn. Each session is a websocket client speaking the browser's protocol
(bench/_session.py, all in this one asyncio process): it connects, does the first run of the
Map page, then for ``--duration`` seconds waits ``--think`` seconds (random, 2–4 s) and moves
the end thumb of "Show events between" one option left or right, and so on; it waits for a
run to finish before it thinks again. Latency of a move: from sending the ``rerun_script``
BackMsg to receiving ``script_finished``. Errors: runs that raised an exception in the app,
timed out (``--run-timeout``) or lost the connection, and sessions that could not connect.
Server memory is its RSS (psutil if installed, else /proc/PID/status), at the start of the
level and the peak during it, sampled every 0.25 s.

The load generator shares the machine with the server: its own CPU time is printed too.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import sys
import time
from dataclasses import dataclass, field

from _common import datasets, fmt, percentile, print_table, rss_mb, running_app
from _session import RunResult, Session

HEADERS = [
    "sessions",
    "moves",
    "p50 ms",
    "p95 ms",
    "max ms",
    "errors",
    "RSS start MB",
    "RSS peak MB",
    "first run p95 ms",
    "moves/s",
    "client CPU %",
]
TARGET_SESSIONS, TARGET_P95_MS = 100, 1000


@dataclass
class Level:
    sessions: int
    moves: list[RunResult] = field(default_factory=list)
    firsts: list[RunResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    rss_start: float | None = None
    rss_peak: float | None = None
    seconds: float = 0.0
    client_cpu: float = 0.0


async def _user(url: str, seed: int, level: Level, args, hard_deadline: float) -> None:
    rng = random.Random(seed)
    session = Session(url, timeout=args.run_timeout)
    try:
        try:
            await session.connect()
        except Exception as exc:  # the connection itself failed: one error
            level.errors.append(f"connect: {type(exc).__name__}: {exc}"[:200])
            return
        first = await session.first_run()
        level.firsts.append(first)
        if not first.ok:
            level.errors.append(f"first run: {first.status}: {first.error}")
            return
        if session.slider is None:
            level.errors.append("first run: no 'Show events between' slider")
            return
        deadline = min(time.monotonic() + args.duration, hard_deadline)
        while True:
            pause = rng.uniform(*args.think)
            if time.monotonic() + pause > deadline:
                break
            await asyncio.sleep(pause)
            direction = rng.choice((-1, 1))
            if not session.step("end", direction):
                session.step("end", -direction)
            result = await session.move()
            level.moves.append(result)
            if not result.ok:
                level.errors.append(f"move: {result.status}: {result.error}")
                if result.status == "closed":
                    return
    finally:
        await session.close()


async def _sample_rss(pid: int, level: Level, stop: asyncio.Event) -> None:
    while not stop.is_set():
        rss = rss_mb(pid)
        if rss is not None:
            level.rss_peak = max(level.rss_peak or 0.0, rss)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 0.25)


async def run_level(url: str, pid: int, sessions: int, args) -> Level:
    level = Level(sessions)
    level.rss_start = rss_mb(pid)
    level.rss_peak = level.rss_start
    stop = asyncio.Event()
    sampler = asyncio.create_task(_sample_rss(pid, level, stop))
    started, cpu0 = time.monotonic(), time.process_time()
    # Hard bound: every session stops issuing moves by then, whatever the server does.
    hard_deadline = started + args.duration + 2 * args.run_timeout
    users = [
        asyncio.create_task(_user(url, 1000 * sessions + i, level, args, hard_deadline))
        for i in range(sessions)
    ]
    done, pending = await asyncio.wait(users, timeout=hard_deadline - started + args.run_timeout)
    for task in pending:
        task.cancel()
        level.errors.append("session still running at the hard deadline (cancelled)")
    if pending:
        await asyncio.wait(pending, timeout=10)
    for task in done:
        if not task.cancelled() and task.exception() is not None:
            exc = task.exception()
            level.errors.append(f"client: {type(exc).__name__}: {exc}"[:200])
    stop.set()
    await sampler
    level.seconds = time.monotonic() - started
    level.client_cpu = time.process_time() - cpu0
    return level


async def _warm_up(url: str) -> None:
    """One first run and one move, so that the levels start with the server's caches warm."""
    session = Session(url)
    await session.connect()
    try:
        first = await session.first_run()
        if not first.ok:
            raise RuntimeError(f"warm-up first run failed: {first.status} {first.error}")
        if session.slider is not None and session.step("end", -1):
            await session.move()
    finally:
        await session.close()


def row(level: Level) -> list[object]:
    ok = [r.ms for r in level.moves if r.ok]
    firsts = [r.ms for r in level.firsts if r.ok]
    return [
        level.sessions,
        len(level.moves),
        fmt(percentile(ok, 50), 0),
        fmt(percentile(ok, 95), 0),
        fmt(max(ok) if ok else None, 0),
        len(level.errors),
        fmt(level.rss_start, 0),
        fmt(level.rss_peak, 0),
        fmt(percentile(firsts, 95), 0),
        fmt(len(level.moves) / level.seconds if level.seconds else None, 1),
        fmt(100 * level.client_cpu / level.seconds if level.seconds else None, 0),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="CI smoke: 5 sessions for 5 s")
    parser.add_argument("--sessions", type=int, nargs="+", default=None)
    parser.add_argument("--duration", type=float, default=None, help="seconds of moves a level")
    parser.add_argument("--think", type=float, nargs=2, default=None, metavar=("MIN", "MAX"))
    parser.add_argument("--run-timeout", type=float, default=30.0, help="seconds per run")
    parser.add_argument("--events", type=int, default=None, help="synthetic events")
    args = parser.parse_args(argv)
    args.sessions = args.sessions or ([5] if args.quick else [25, 50, 100])
    args.duration = args.duration or (5.0 if args.quick else 30.0)
    args.think = tuple(args.think or ((1.0, 2.0) if args.quick else (2.0, 4.0)))
    if max(args.sessions) > 500 or args.duration > 600:
        parser.error("at most 500 sessions and 600 s a level")

    started = time.monotonic()
    levels = []
    with datasets([args.events]) as (data,), running_app(data.directory, "bench-load.log") as srv:
        asyncio.run(_warm_up(srv.url))
        rss_idle = rss_mb(srv.pid)
        for n in args.sessions:
            print(f"{n} sessions for {args.duration:.0f} s…", file=sys.stderr, flush=True)
            levels.append(asyncio.run(run_level(srv.url, srv.pid, n, args)))
            time.sleep(1)
    low, high = args.think
    print(f"dataset: {data.label} ({data.n_events:,} events); think {low}–{high} s")
    print_table(HEADERS, [row(level) for level in levels])
    print(f"\nserver RSS after warm-up: {fmt(rss_idle, 0)} MB. {time.monotonic() - started:.0f} s.")
    for level in levels:
        distinct = sorted(set(level.errors))
        for error in distinct[:5]:
            print(f"  {level.sessions} sessions, {level.errors.count(error)}x {error}")
    target = next((lv for lv in levels if lv.sessions == TARGET_SESSIONS), None)
    if target is not None:
        ok = [r.ms for r in target.moves if r.ok]
        p95 = percentile(ok, 95)
        met = bool(ok) and p95 < TARGET_P95_MS and not target.errors
        print(
            f"target ({TARGET_SESSIONS} sessions: p95 < {TARGET_P95_MS} ms, no errors): "
            + ("MET" if met else f"NOT MET (p95 {fmt(p95, 0)} ms, {len(target.errors)} errors)")
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

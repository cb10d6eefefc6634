"""Opening a saved story (``/?story=<id>`` from a SQLite store) vs the same data as the
built-in folder (``ARTICLEMAP_DATA``), on real servers, in one run.

    python bench/story_open.py [--events 10000] [--opens 10] [--moves 30] [--quick]

Two stories: the test fixture (tests/fixtures/channel-tunnel, 8 events) and a synthetic
one of ``--events`` events (bench/synthetic.py). Each is saved three times into a fresh SQLite
store through the store API, as *Save as story* saves it. Then, per story, one fresh server
(127.0.0.1; bench/_common.py ``running_app``) has it both ways — as its built-in story
(``ARTICLEMAP_DATA`` = the story's files) and saved (``$ARTICLEMAP_STORE_URL``) — and is
driven over Streamlit's websocket (bench/_session.py) like browser tabs:

* **warm-up**: two other saved copies opened first, so the process's imports, its first
  page render and what that starts (the extraction worker; the next step waits until the
  server is idle) fall on neither side (shown, not compared);
* **build, no cache**: the story read, checked and built, timed in this script: from the
  folder (``load_dataset``) vs from the store (``get`` + ``load_story_files``);
* **first open**: each side once on the server. Every page's Story menu names the built-in
  story, so the server builds it with its first page (the warm-up): the built-in side is a
  page with its story built, the saved side includes fetching and building it;
* **cached open**: a new session's first run, ``--opens`` times per side (cached: per
  folder, or per (id, version) after one version query to the store);
* **slider move**: moves of the range slider's end (the Map page's fragment).

The sides take turns at every step. The ratio saved / built-in is the figure; the target
is 1.2x or less after the first open (cached open, slider move). Both sides must show the
same slider (the same dates from the same data), or the run fails: a saved story that did
not open would time nothing comparable.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ROOT, BenchError, median, percentile, print_table, running_app
from _session import Session
from synthetic import make_dataset

from articlemap.dataset import load_dataset, load_story_files
from articlemap.store import ENV_URL, StoryStore
from articlemap.story_files import STORY_FILES

FIXTURE = ROOT / "tests" / "fixtures" / "channel-tunnel"
TARGET = 1.2
WARM_MOVES = 3
BUILD_RUNS = 3
WARM_UPS = 2  # saved copies opened before timing: the process's first story, a second
QUIET_WINDOW_S = 0.5
QUIET_TIMEOUT_S = 20  # the first moves fill the per-window caches, as on a running server


@dataclass
class Timings:
    first: float = 0.0
    opens: list[float] = field(default_factory=list)
    moves: list[float] = field(default_factory=list)
    slider: list[str] = field(default_factory=list)


async def _open(url: str, query: str) -> tuple[Session, float]:
    session = Session(url, query=query)
    await session.connect()
    result = await session.first_run()
    if not result.ok:
        await session.close()
        raise BenchError(f"{url}/?{query}: {result.status} {result.error}")
    if session.slider is None:
        await session.close()
        raise BenchError(f"{url}/?{query}: no time slider (the story did not open)")
    return session, result.ms


async def _move(session: Session) -> float:
    s = session.slider
    assert s is not None
    if not session.step("end", -1 if s.hi == s.last else 1):
        session.step("end", 1)
    result = await session.move()
    if not result.ok:
        raise BenchError(f"{session.page_url} move: {result.status} {result.error}")
    return result.ms


def session_cpu_s(sid: int) -> float:
    """CPU seconds used so far by every process in the server's session (the server was
    started in its own session, so its extraction worker is in it too)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        if int(fields[3]) == sid:  # field 6 of stat: the session id
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


async def wait_quiet(pid: int, timeout: float = QUIET_TIMEOUT_S) -> None:
    """Until the server and its children use under 5 % of a core: what a first session
    starts (the warm extraction worker) must not be timed as part of the next open."""
    deadline = time.monotonic() + timeout
    before = session_cpu_s(pid)
    while time.monotonic() < deadline:
        await asyncio.sleep(QUIET_WINDOW_S)
        now = session_cpu_s(pid)
        if now - before < 0.05 * QUIET_WINDOW_S:
            return
        before = now


async def _measure(
    url: str, pid: int, warm_ups: list[str], queries: dict[str, str], opens: int, moves: int
):
    """On one server: a warm-up story (the process's imports and first page, and what
    they start), then for each side its first open, ``opens`` cached opens in new
    sessions, and slider moves — the sides taking turns, so drift on the machine falls on
    both alike."""
    warm_ms = []
    for query in warm_ups:  # the first pays for the process; the next, for a second story
        session, ms = await _open(url, query)
        warm_ms.append(ms)
        await session.close()
        await wait_quiet(pid)
    timings = {side: Timings() for side in queries}
    for side, query in queries.items():
        session, timings[side].first = await _open(url, query)
        await session.close()
    for _ in range(opens):
        for side, query in queries.items():
            session, ms = await _open(url, query)
            timings[side].opens.append(ms)
            await session.close()
    sessions = {side: (await _open(url, query))[0] for side, query in queries.items()}
    try:
        for side, session in sessions.items():
            assert session.slider is not None
            timings[side].slider = list(session.slider.options)
        for i in range(moves + WARM_MOVES):
            for side, session in sessions.items():
                ms = await _move(session)
                if i >= WARM_MOVES:
                    timings[side].moves.append(ms)
                await asyncio.sleep(0.05)
    finally:
        for session in sessions.values():
            await session.close()
    return warm_ms, timings


def story_folder(source: Path, out: Path) -> Path:
    """The story's files alone (what a saved story holds), so both sides read the same."""
    out.mkdir(parents=True)
    for name in STORY_FILES:
        if (source / name).is_file():
            shutil.copy(source / name, out / name)
    return out


def save(store: StoryStore, folder: Path) -> str:
    files = {n: (folder / n).read_bytes() for n in STORY_FILES if (folder / n).is_file()}
    return store.create(files, load_dataset(folder).meta.title).story_id


def build_ms(folder: Path, store_url: str, story_id: str, runs: int) -> tuple[list, list]:
    """Building the story with no cache, in this process: from the folder (what the
    server does for its built-in story at start-up) vs from the store (what it does on a
    saved story's first open: the row with its files, then the same loader)."""
    store = StoryStore.from_url(store_url)
    store.migrate()
    builtin, saved = [], []
    try:
        load_dataset(folder)  # imports and the built-in outlines, once for both
        for _ in range(runs):
            start = time.perf_counter()
            load_dataset(folder)
            builtin.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            stored = store.get(story_id)
            assert stored is not None
            load_story_files(stored.files, name=story_id, origin=f"store:{story_id}")
            saved.append((time.perf_counter() - start) * 1000)
    finally:
        store.engine.dispose()
    return builtin, saved


def run_story(
    label: str, folder: Path, store_url: str, ids: list[str], opens: int, moves: int
) -> list[list[str]]:
    """One server with the story both ways: as the built-in folder and saved (``ids``: the
    measured copy, then the warm-up copies, saved apart so their caches are apart too)."""
    story_id, *warm_up_ids = ids
    env = {ENV_URL: store_url}
    with running_app(data_dir=folder, env=env, log_name="bench-story-open.log") as server:
        warm_ms, timings = asyncio.run(
            _measure(
                server.url,
                server.pid,
                [f"story={sid}" for sid in warm_up_ids],
                {"built-in": "", "saved": f"story={story_id}"},
                opens,
                moves,
            )
        )
    builtin, saved = timings["built-in"], timings["saved"]
    if saved.slider != builtin.slider:
        raise BenchError(f"{label}: the saved story's slider differs from the built-in one's")
    warm = " / ".join(f"{ms:.0f}" for ms in warm_ms)
    rows = [[label, "warm-up: fresh process, 2nd story", "2", "-", warm, "-", "-", "-"]]
    build_builtin, build_saved = build_ms(folder, store_url, story_id, BUILD_RUNS)
    for what, b, s in (
        ("build, no cache (in-process)", build_builtin, build_saved),
        ("first open (built-in: built at start)", [builtin.first], [saved.first]),
        ("cached open", builtin.opens, saved.opens),
        ("slider move", builtin.moves, saved.moves),
    ):
        rows.append(
            [
                label,
                what,
                str(len(s)),
                f"{median(b):.1f}",
                f"{median(s):.1f}",
                f"{percentile(b, 95):.1f}",
                f"{percentile(s, 95):.1f}",
                f"{median(s) / median(b):.2f}",
            ]
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=10_000, help="the synthetic story's size")
    parser.add_argument("--opens", type=int, default=10, help="cached loads per server")
    parser.add_argument("--moves", type=int, default=30, help="slider moves per server")
    parser.add_argument(
        "--quick", action="store_true", help="CI smoke: 1,000 events, 3 opens, 5 moves"
    )
    args = parser.parse_args(argv)
    events, opens, moves = (1_000, 3, 5) if args.quick else (args.events, args.opens, args.moves)
    rows: list[list[str]] = []
    with tempfile.TemporaryDirectory(prefix="articlemap-bench-stories-") as tmp:
        store_url = f"sqlite:///{Path(tmp) / 'stories.sqlite'}"
        store = StoryStore.from_url(store_url)
        store.migrate()
        synthetic = make_dataset(events, Path(tmp) / "synthetic-source")
        stories = [
            ("fixture (8 events)", story_folder(FIXTURE, Path(tmp) / "fixture")),
            (f"synthetic {events:,}", story_folder(synthetic, Path(tmp) / "synthetic")),
        ]
        saved = [
            (label, folder, [save(store, folder) for _ in range(1 + WARM_UPS)])
            for label, folder in stories
        ]
        store.engine.dispose()  # the servers open their own
        for label, folder, ids in saved:
            rows += run_story(label, folder, store_url, ids, opens, moves)
    headers = [
        "story",
        "step",
        "n",
        "built-in median ms",
        "saved median ms",
        "built-in p95",
        "saved p95",
        "saved / built-in",
    ]
    print_table(headers, rows)
    after_first = [float(r[-1]) for r in rows if r[1] in ("cached open", "slider move")]
    verdict = "within" if max(after_first) <= TARGET else "OVER"
    print(f"\nafter the first open: worst ratio {max(after_first):.2f} ({verdict} {TARGET}x)")
    return 0


if __name__ == "__main__":
    try:
        raise SystemExit(main())
    except BenchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(1) from None

"""Soak: many readers move the Map slider while others upload hostile files, on one server.

    python bench/soak.py                     # 100 sessions: 60 s idle, then 300 s with uploads
    python bench/soak.py --quick             # CI smoke: 8 sessions, 15 s + 20 s
    python bench/soak.py --sessions 50 --duration 120

A warm-up (the whole workload once: readers, one full draft, one pass of the broken files),
then two phases against one ``streamlit run app.py`` (the sessions are bench/load.py's websocket
clients: think 2–4 s, move the end thumb, wait for the run):

1. **idle** — the sessions alone: the baseline, measured in the same run;
2. **soak** — the same sessions again (once the idle phase's have expired) while, in a real
   headless Chromium, one reader uploads a 2 MB one-line text of dated clauses (the input
   that used to kill the server) on *Your article* and waits for the draft, again and
   again, and another uploads broken files (an image renamed .txt, a text far over the
   limit, UTF-16 without its BOM) and imports broken story zips (not a zip; the built-in
   story with a date that does not exist) and expects a message naming each file. Those two
   browsers run at nice 10 (``_browsers_niced``): they stand for readers' own computers,
   not for load on the server.

``--census`` asks the server (through bench/_trace/sitecustomize.py) to count its objects by
type, and the entries of its caches, before and after the soak, and prints what grew: how the
memory target's misses were looked for.

Printed: moves, p50/p95/max latency, errors and lost sessions per phase, the p95 ratio soak /
idle (target <= 1.5), the uploads' outcomes and times, and the server's memory (its own RSS
and its worker processes') before, at the peak and after the run (target: back within 10%).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from _common import (
    APP_IDLE_JS,
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    fmt,
    own_rss_mb,
    percentile,
    print_table,
    rss_mb,
    running_app,
)
from load import _warm_up, run_level

CLAUSE = (
    "rockets hit Ganja on 17 October 2020 killing civilians, "
    "the ministers met in Moscow on 9 October 2020"
)
TARGET_RATIO, TARGET_RSS_GROWTH = 1.5, 0.10


@dataclass
class Uploads:
    drafts: list[float] = field(default_factory=list)  # seconds to a draft
    refused: list[str] = field(default_factory=list)  # the messages of broken files
    errors: list[str] = field(default_factory=list)


def _files(folder: Path) -> tuple[Path, list[tuple[Path, str]]]:
    text = ", ".join([CLAUSE] * (2 * 1024 * 1024 // len(CLAUSE) + 1)).encode()[: 2 * 1024 * 1024]
    big = folder / "two-megabytes-one-line.txt"
    big.write_bytes(text)
    broken = []
    for name, data in (
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 64),
        ("far-too-long.txt", b"x" * (3 * 1024 * 1024)),
        ("utf16-without-bom.txt", "Talks in Moscow on 9 October 2020.".encode("utf-16-le")),
        ("not-a-zip.zip", b"PK\x03\x04" + bytes(range(256)) * 16),
        ("broken-story.zip", _broken_story_zip()),
    ):
        path = folder / name
        path.write_bytes(data)
        broken.append((path, name))
    return big, broken


def _broken_story_zip() -> bytes:
    """The built-in story as a zip (as Share / export makes it), with one events.csv row's
    date turned into a date that does not exist: refused, naming the zip, file and row."""
    sys.path.insert(0, str(ROOT))
    from articlemap.paths import GEODATA_DIR
    from articlemap.story_zip import story_zip_bytes

    files = {
        name: (GEODATA_DIR / name).read_bytes()
        for name in ("story.toml", "article.md", "places.csv", "events.csv", "areas.geojson")
    }
    lines = files["events.csv"].decode("utf-8").splitlines(keepends=True)
    lines[3] = lines[3].replace("2020-", "2020-13-", 1)
    files["events.csv"] = "".join(lines).encode("utf-8")
    return story_zip_bytes(files)


BROWSER_NICE = 10


@contextlib.contextmanager
def _browsers_niced(every: float = 1.0):
    """The uploaders' Chromium processes at a lower priority while they run.

    They stand for two readers' own computers; on this 2-core machine they share the CPU
    with the server they are measuring, and a browser drawing a 2,000-event draft took CPU
    the server's readers would have had on any real deployment. Its renderers start as
    pages open, so this looks again every ``every`` seconds.
    """
    stop = threading.Event()

    def nice_loop() -> None:
        while not stop.is_set():
            for pid in _descendants(os.getpid()):
                with contextlib.suppress(OSError):
                    # never the server or its workers (also this process's children)
                    if not (Path("/proc") / str(pid) / "comm").read_text().startswith("chrom"):
                        continue
                    if os.getpriority(os.PRIO_PROCESS, pid) < BROWSER_NICE:
                        os.setpriority(os.PRIO_PROCESS, pid, BROWSER_NICE)
            stop.wait(every)

    thread = threading.Thread(target=nice_loop, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)


TICKS = os.sysconf("SC_CLK_TCK")


class _CpuShares:
    """CPU seconds per kind of process while the soak phase runs: the server, its workers,
    the uploaders' browsers and this script (the readers' clients), and how busy the whole
    machine was: a latency ratio means little on a machine with no core to spare."""

    def __init__(self, server: int, every: float = 1.0):
        self.server, self.every = server, every
        self.seconds: dict[str, float] = {"server": 0.0, "workers": 0.0, "browsers": 0.0}
        self.seconds["bench"] = 0.0
        self._last: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    @staticmethod
    def _cpu(pid: int) -> float:
        fields = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS

    @staticmethod
    def _machine() -> tuple[float, float]:
        values = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
        idle = values[3] + values[4]
        return (sum(values) - idle) / TICKS, sum(values) / TICKS

    def _sample(self) -> None:
        workers = set(_descendants(self.server))
        kinds = {self.server: "server", os.getpid(): "bench"}
        kinds |= {pid: "workers" for pid in workers}
        for pid in _descendants(os.getpid()):
            if pid not in kinds and pid not in workers:
                with contextlib.suppress(OSError):
                    if (Path("/proc") / str(pid) / "comm").read_text().startswith("chrom"):
                        kinds[pid] = "browsers"
        for pid, kind in kinds.items():
            with contextlib.suppress(OSError, ValueError, IndexError):
                now = self._cpu(pid)
                self.seconds[kind] += now - self._last.get(pid, now)
                self._last[pid] = now

    def _loop(self) -> None:
        while not self._stop.wait(self.every):
            self._sample()

    def __enter__(self) -> _CpuShares:
        self._sample()
        self._start, self._began = self._machine(), time.monotonic()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._sample()
        busy, total = (b - a for a, b in zip(self._start, self._machine(), strict=True))
        self.wall = time.monotonic() - self._began
        self.machine_busy = busy / total if total else float("nan")

    def summary(self) -> str:
        cores = os.cpu_count() or 1
        parts = ", ".join(
            f"{kind} {seconds:.0f} s ({100 * seconds / self.wall:.0f}% of a core)"
            for kind, seconds in self.seconds.items()
        )
        return (
            f"CPU in the soak phase ({self.wall:.0f} s): {parts}; the machine was "
            f"{100 * self.machine_busy:.0f}% busy over its {cores} cores"
        )


def _descendants(root: int) -> list[int]:
    """Every process under ``root`` (from /proc), Chromium's browser and renderers among them."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, ValueError, IndexError):
            stat = (entry / "stat").read_text()
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [], [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent]
        found.extend(children)
        frontier.extend(children)
    return found


def _upload_loop(
    url: str,
    deadline: float,
    uploads: Uploads,
    folder: Path,
    which: str = "both",
    once: bool = False,
) -> None:
    """In a real browser, until ``deadline``: upload the 2 MB text and wait for its draft
    (``which="draft"``), or each broken file and story zip and expect a message naming it
    (``"broken"``), or both in turn. ``once``: one whole pass, whatever the deadline (the
    warm-up must reach the story zips, which load the built-in outlines)."""
    from playwright.sync_api import sync_playwright

    big, broken = _files(folder)
    with sync_playwright() as pw, _browsers_niced():
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(120_000)
        try:
            page.goto(url + "/your_article")
            page.get_by_label("Article text").wait_for()
            inputs = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
            article, story_zip = inputs.first, inputs.nth(1)
            alerts = page.locator('[data-testid="stAlertContentError"]')
            cancel = page.get_by_role("button", name="Cancel", exact=True)
            while once or time.monotonic() < deadline:
                if which in ("draft", "both"):
                    _draft_once(page, article, alerts, cancel, big, uploads)
                for path, name in broken if which in ("broken", "both") else ():
                    if time.monotonic() >= deadline and not once:
                        break
                    _idle(page)
                    target = story_zip if name.endswith(".zip") else article
                    target.set_input_files(str(path))
                    found = _message_naming(alerts, name, timeout=60)
                    if found:
                        uploads.refused.append(found)
                    else:
                        uploads.errors.append(f"{name}: no message naming the file")
                    time.sleep(1)
                if once:
                    break
        except Exception as exc:
            uploads.errors.append(f"browser: {type(exc).__name__}: {exc}"[:200])
        finally:
            browser.close()


def _draft_once(page, article, alerts, cancel, big: Path, uploads: Uploads) -> None:
    _idle(page)
    started = time.monotonic()
    article.set_input_files(str(big))
    try:
        cancel.wait_for(timeout=60_000)  # the job has started…
        _until_finished(page, cancel, timeout=180)  # …and ended
        problem = next((t for t in alerts.all_inner_texts() if big.name in t), None)
        if problem:
            uploads.errors.append(f"2 MB upload refused: {problem[:120]}")
        else:
            page.get_by_role("heading", name="Dated events (2000)").wait_for()
            uploads.drafts.append(time.monotonic() - started)
    except Exception as exc:
        uploads.errors.append(f"2 MB upload: {type(exc).__name__}")


def _until_finished(page, cancel, timeout: float) -> None:
    """Until the job's panel has gone for good.

    Right after an upload the previous run's panel can blink out and back while the page
    reruns, so one moment without Cancel is not the end: the page must be idle and Cancel
    absent for a whole second.
    """
    deadline = time.monotonic() + timeout
    quiet_since = None
    while time.monotonic() < deadline:
        if cancel.count() == 0 and page.evaluate(APP_IDLE_JS):
            quiet_since = quiet_since or time.monotonic()
            if time.monotonic() - quiet_since >= 1.0:
                return
        else:
            quiet_since = None
        time.sleep(0.2)
    raise TimeoutError(f"the job still ran after {timeout:.0f} s")


def _message_naming(alerts, name: str, timeout: float) -> str | None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        found = next((t for t in alerts.all_inner_texts() if name in t), None)
        if found:
            return found
        time.sleep(0.2)
    return None


def _idle(page, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not page.evaluate(APP_IDLE_JS):
        time.sleep(0.1)


def _children_rss(pid: int) -> float | None:
    """Resident memory of the server's child processes (its workers), from /proc."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return None
    return sum(own_rss_mb(int(child)) or 0.0 for child in children)


def _phase_row(name: str, level) -> list[object]:
    ok = [r.ms for r in level.moves if r.ok]
    lost = sum(1 for e in level.errors if e.startswith(("connect", "move: closed", "session")))
    return [
        name,
        level.sessions,
        len(level.moves),
        fmt(percentile(ok, 50), 0),
        fmt(percentile(ok, 95), 0),
        fmt(max(ok) if ok else None, 0),
        len(level.errors),
        lost,
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="CI smoke: 8 sessions, short")
    parser.add_argument("--sessions", type=int, default=None)
    parser.add_argument("--idle", type=float, default=None, help="seconds of the idle phase")
    parser.add_argument("--duration", type=float, default=None, help="seconds of the soak")
    parser.add_argument("--run-timeout", type=float, default=30.0)
    parser.add_argument(
        "--census",
        action="store_true",
        help="count the server's objects before and after the soak, and print what grew",
    )
    args = parser.parse_args(argv)
    args.sessions = args.sessions or (8 if args.quick else 100)
    args.idle = args.idle or (15.0 if args.quick else 60.0)
    args.duration = args.duration or (20.0 if args.quick else 300.0)
    if args.sessions > 500 or args.duration > 900:
        parser.error("at most 500 sessions and 900 s")
    args.think = (2.0, 4.0)

    # A closed session's state is dropped after server.disconnectedSessionTTL (120 s by
    # default); the quick run shortens it so "after" can be read without waiting two minutes.
    ttl = 5 if args.quick else 120
    # Long enough for the 30 s housekeeping pass to have let the closed sessions go; the quick
    # run reads its memory figures without waiting for it (they are not its point).
    settle = ttl + (5 if args.quick else 40)
    env = {"STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": str(ttl)}
    census_dir = Path(tempfile.mkdtemp(prefix="soak-census-")) if args.census else None
    if census_dir is not None:
        hook = str(Path(__file__).resolve().parent / "_trace")
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [hook, os.environ.get("PYTHONPATH")]))
        env["SOAK_CENSUS_DIR"] = str(census_dir)
    censuses: list[Path] = []
    with (
        running_app(None, "bench-soak.log", env=env) as srv,
        tempfile.TemporaryDirectory() as tmp,
    ):
        asyncio.run(_warm_up(srv.url))
        cold = own_rss_mb(srv.pid)
        # A warm-up serves the whole workload once, so that "before" is a server that has
        # already filled its one-time and bounded caches (the worker pool, the review page's
        # code, the map views' LRU) and the comparison shows only what five more minutes of
        # it leave behind: one full draft and one pass of the broken files while the readers
        # move (the quick run: one upload alone).
        warm = Uploads()
        soon = time.monotonic() + 1
        warmers = [
            threading.Thread(
                target=_upload_loop,
                args=(srv.url, soon, warm, Path(tmp), which, not args.quick),
            )
            for which in (("both",) if args.quick else ("draft", "broken"))
        ]
        for warmer in warmers:
            warmer.start()
        if not args.quick:
            print(f"warm-up: {args.sessions} sessions and the uploads…", file=sys.stderr)
            asyncio.run(run_level(srv.url, srv.pid, args.sessions, _with(args, args.idle)))
        for warmer in warmers:
            warmer.join(timeout=300)
        time.sleep(2)
        warmed = own_rss_mb(srv.pid)
        print(f"idle phase: {args.sessions} sessions, {args.idle:.0f} s…", file=sys.stderr)
        idle = asyncio.run(run_level(srv.url, srv.pid, args.sessions, _with(args, args.idle)))
        # "Before" is read once the idle phase has warmed the process-wide caches (map
        # views, event indexes: bounded LRUs) and its sessions have expired, so that the
        # comparison shows what the uploads and five more minutes left behind.
        time.sleep(settle)
        before = (own_rss_mb(srv.pid), _children_rss(srv.pid))
        if census_dir is not None:
            censuses.append(_census(srv.pid, census_dir, 0))
        print(f"soak phase: {args.duration:.0f} s with uploads…", file=sys.stderr)
        uploads = Uploads()
        peak = [0.0]
        stop = threading.Event()

        def sample() -> None:
            while not stop.is_set():
                peak[0] = max(peak[0], rss_mb(srv.pid) or 0.0)
                stop.wait(0.5)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        end = time.monotonic() + args.duration
        uploaders = [
            threading.Thread(
                target=_upload_loop, args=(srv.url, end, uploads, Path(tmp), which), daemon=True
            )
            for which in ("draft", "broken")  # two readers, each in a browser of their own
        ]
        for uploader in uploaders:
            uploader.start()
        with _CpuShares(srv.pid) as cpu:
            soak = asyncio.run(
                run_level(srv.url, srv.pid, args.sessions, _with(args, args.duration))
            )
            for uploader in uploaders:
                uploader.join(timeout=240)
        stop.set()
        sampler.join(timeout=5)
        time.sleep(settle)  # every session closed, expired and let go by the housekeeping
        quiet = own_rss_mb(srv.pid)
        # Streamlit's runtime loop keeps the last session it flushed messages to in a local
        # variable (runtime.py: ``for active_session_info in …``) until it flushes to
        # another, so the last closed session (a whole draft) stays until someone comes.
        # "After" is read once one new reader has opened and closed the Map page.
        asyncio.run(_warm_up(srv.url))
        time.sleep(settle - ttl)  # the reader's session closed and housekeeping ran
        after = (own_rss_mb(srv.pid), _children_rss(srv.pid))
        alive = own_rss_mb(srv.pid) is not None
        if census_dir is not None:
            censuses.append(_census(srv.pid, census_dir, 1))

    headers = ["phase", "sessions", "moves", "p50 ms", "p95 ms", "max ms", "errors", "lost"]
    print_table(headers, [_phase_row("idle", idle), _phase_row("soak (uploads)", soak)])
    p95_idle = percentile([r.ms for r in idle.moves if r.ok], 95)
    p95_soak = percentile([r.ms for r in soak.moves if r.ok], 95)
    ratio = p95_soak / p95_idle if p95_idle else float("nan")
    print(f"\np95 soak / idle: {ratio:.2f}x (target <= {TARGET_RATIO})")
    drafts = uploads.drafts
    print(
        f"2 MB uploads drafted: {len(drafts)} (median {fmt(percentile(drafts, 50), 1)} s, "
        f"max {fmt(max(drafts) if drafts else None, 1)} s); broken files refused with a "
        f"message naming them: {len(uploads.refused)}; upload errors: {len(uploads.errors)}"
    )
    for error in sorted(set(uploads.errors))[:5]:
        print(f"  {uploads.errors.count(error)}x {error}")
    for level, name in ((idle, "idle"), (soak, "soak")):
        for error in sorted(set(level.errors))[:5]:
            print(f"  {name}: {level.errors.count(error)}x {error}")
    growth = (after[0] - before[0]) / before[0] if before[0] and after[0] else float("nan")
    print(
        f"server RSS: {fmt(cold, 0)} MB at start, {fmt(warmed, 0)} MB after the warm-up, "
        f"{fmt(before[0], 0)} MB after the idle phase (before), "
        f"{fmt(quiet, 0)} MB once every session had closed, "
        f"{fmt(after[0], 0)} MB after one more reader came and went "
        f"({100 * growth:+.1f}%, target within {100 * TARGET_RSS_GROWTH:.0f}%); workers "
        f"{fmt(before[1], 0)} -> {fmt(after[1], 0)} MB; peak with workers {fmt(peak[0], 0)} MB; "
        f"server alive at the end: {alive}"
    )
    print(cpu.summary())
    if len(censuses) == 2:
        _print_growth(*censuses)
    errors = len(idle.errors) + len(soak.errors) + len(uploads.errors)
    met = errors == 0 and ratio <= TARGET_RATIO and abs(growth) <= TARGET_RSS_GROWTH
    print("targets: " + ("MET" if met else "NOT MET"))
    return 0


def _census(pid: int, folder: Path, number: int, timeout: float = 120) -> Path:
    """Ask the server for a census (bench/_trace/sitecustomize.py) and wait for it."""
    path = folder / f"{pid}-{number}.json"
    os.kill(pid, signal.SIGUSR1)
    deadline = time.monotonic() + timeout
    while not path.exists():
        if time.monotonic() > deadline:
            raise TimeoutError(f"no census from the server in {timeout:.0f} s")
        time.sleep(0.5)
    return path


def _print_growth(before: Path, after: Path, top: int = 10) -> None:
    """What the server holds after the soak that it did not hold before: objects by type,
    and the app's stores and caches whose entries changed."""
    import json

    old, new = json.loads(before.read_text()), json.loads(after.read_text())
    grown = sorted(
        ((count - old["types"].get(name, 0), name) for name, count in new["types"].items()),
        reverse=True,
    )
    print(
        "\nobjects held after the soak less before it (the census takes "
        f"{old['s']:.1f} s / {new['s']:.1f} s):"
    )
    for count, name in grown[:top]:
        print(f"  {count:+9d}  {name} (was {old['types'].get(name, 0)})")
    changed = [
        f"{name} {old['stores'].get(name, 0)} -> {entries}"
        for name, entries in sorted(new["stores"].items())
        if entries != old["stores"].get(name, 0)
    ]
    print("entries in the app's stores and caches: " + ("; ".join(changed) or "unchanged"))
    for allocator in ("pymalloc", "glibc", "pyarrow", "resident"):
        a, b = old.get("allocators", {}).get(allocator), new.get("allocators", {}).get(allocator)
        if a and b:
            figures = ", ".join(f"{name} {_mb(name, a)} -> {_mb(name, b)}" for name in b)
            print(f"{allocator}: {figures} (arenas counted, the rest in MB)")


def _mb(name: str, figures: dict) -> str:
    value = figures.get(name, 0)
    if name.startswith("arenas") or isinstance(value, float):  # counts; resident: MB already
        return str(value)
    return f"{value / 1024 / 1024:.1f}"


def _with(args, duration: float):
    copy = argparse.Namespace(**vars(args))
    copy.duration = duration
    return copy


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        raise SystemExit(main())

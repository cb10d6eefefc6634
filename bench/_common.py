"""Shared pieces of the benchmark scripts: a local Streamlit server, datasets, tables, memory.

Plain Python (no pytest): the scripts are run as ``python bench/<name>.py``. The server is
started like the e2e tests start it (tests/e2e/conftest.py): ``streamlit run app.py`` on a
free 127.0.0.1 port, in its own process group, stopped by its PID.
"""

from __future__ import annotations

import contextlib
import math
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "artifacts"
DATA_ENV = "ARTICLEMAP_DATA"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1400, "height": 1000}
STARTUP_TIMEOUT_S = 60
RANGE_LABEL = "Show events between"
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
MARKER_CLASS = "am-event-marker"  # drawn as <path class="... am-event-marker">
# True when Streamlit has no script run going (used by the browser benchmark and e2e tests).
APP_IDLE_JS = """
() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.dataset.testScriptState === "running"
      || app.dataset.testScriptState === "rerunRequested") { return false; }
  const status = document.querySelector('[data-testid="stStatusWidget"]');
  return !(status && /running/i.test(status.textContent || ""));
}
"""


class BenchError(RuntimeError):
    """The benchmark could not run (server did not start, page never loaded, ...)."""


# --- the server ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
            return resp.status == 200 and resp.read().strip() == b"ok"
    except (urllib.error.URLError, OSError):
        return False


def stop(proc: subprocess.Popen) -> None:
    """Stop the server and its children: its own process group, by PID."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


@dataclass
class Server:
    url: str
    pid: int
    log: Path


@contextlib.contextmanager
def running_app(
    data_dir: Path | None = None,
    log_name: str = "bench-streamlit.log",
    script: str = "app.py",
    env: dict[str, str] | None = None,
):
    """``streamlit run app.py`` on a free local port (``ARTICLEMAP_DATA=data_dir`` if given,
    and any other variables in ``env``).

    Yields a :class:`Server`; the process group is stopped by PID on exit. The file watcher
    is off (as in production, and so that edits elsewhere in the tree do not disturb a run).
    """
    ARTIFACTS.mkdir(exist_ok=True)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = ARTIFACTS / log_name
    extra_env, env = env, dict(os.environ)
    env.pop(DATA_ENV, None)
    if data_dir is not None:
        env[DATA_ENV] = str(data_dir)
    env.update(extra_env or {})
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
    ]
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            cmd,
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # own process group: stopped with killpg(pid)
        )
        try:
            deadline = time.monotonic() + STARTUP_TIMEOUT_S
            while not healthy(url):
                if proc.poll() is not None:
                    raise BenchError(
                        f"streamlit exited with {proc.returncode} before it was healthy:\n"
                        + log_path.read_text(errors="replace")[-3000:]
                    )
                if time.monotonic() > deadline:
                    raise BenchError(f"streamlit not healthy after {STARTUP_TIMEOUT_S} s")
                time.sleep(0.25)
            yield Server(url=url, pid=proc.pid, log=log_path)
        finally:
            stop(proc)


def rss_mb(pid: int) -> float | None:
    """Resident memory of the process and its children, in MB (psutil, else /proc)."""
    try:
        import psutil
    except ImportError:
        psutil = None
    if psutil is not None:
        try:
            proc = psutil.Process(pid)
            procs = [proc, *proc.children(recursive=True)]
            total = 0
            for p in procs:
                with contextlib.suppress(psutil.Error):
                    total += p.memory_info().rss
            return total / 1e6
        except psutil.Error:
            return None
    return own_rss_mb(pid)


def own_rss_mb(pid: int) -> float | None:
    """Resident memory of the process alone (not its children), in MB, from /proc."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024 / 1e6
    except OSError:
        return None
    return None


# --- datasets -----------------------------------------------------------------------------


@dataclass
class BenchData:
    label: str
    n_events: int
    directory: Path | None  # None: the app's own data (geodata/)


@contextlib.contextmanager
def datasets(sizes: Sequence[int | None]) -> Iterator[list[BenchData]]:
    """The article's data (``None``) and synthetic datasets of the given sizes, made with
    bench/synthetic.py in a temporary folder that is removed afterwards."""
    sys.path.insert(0, str(ROOT))
    from synthetic import make_dataset

    from articlemap.dataset import load_dataset

    with tempfile.TemporaryDirectory(prefix="articlemap-bench-") as tmp:
        out = []
        for n in sizes:
            if n is None:
                out.append(BenchData("article", len(load_dataset().events), None))
            else:
                folder = make_dataset(n, Path(tmp) / f"synthetic-{n}")
                out.append(BenchData(f"synthetic {n:,}", n, folder))
        yield out


# --- numbers and tables -------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100); NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(q / 100 * len(ordered))))
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def fmt(value: float | int | str | None, digits: int = 1) -> str:
    if value is None:
        return "-"
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return f"{value:,}"
    if value != value:  # NaN
        return "-"
    return f"{value:,.{digits}f}"


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """A plain text table: the header line, a rule, one line per row (first column left)."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]

    def line(row: Sequence[str]) -> str:
        parts = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=False)
        ]
        return "  ".join(parts).rstrip()

    print(line(cells[0]))
    print("  ".join("-" * w for w in widths))
    for row in cells[1:]:
        print(line(row))
    sys.stdout.flush()


def chromium_missing_message() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} not found (install the Debian 'chromium' package)"
    return None

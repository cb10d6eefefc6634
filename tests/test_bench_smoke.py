"""The benchmark scripts still run: each with its CI-sized options, as a user runs it.

Each script is a subprocess (``python bench/<name>.py --quick``, rerun.py with ``--runs 3``)
that must exit 0 and print its table: the header line and at least one data row. The browser
and load benchmarks start a real server and are marked ``e2e``; like the e2e tests they skip
locally without the Debian ``/usr/bin/chromium`` and fail on CI (``CI=true``) without it.
All are marked ``bench``: ``pytest -m "not bench"`` leaves them out of a quick inner loop.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
TIMEOUT_S = 180

pytestmark = pytest.mark.bench


def _needs_chromium() -> None:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} not found (install the Debian 'chromium' package)"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " — CI must not skip the benchmark smoke tests")
        pytest.skip(message)


def _run(script: str, *args: str, timeout: float = TIMEOUT_S) -> list[str]:
    env = dict(os.environ)
    env.pop("ARTICLEMAP_DATA", None)
    proc = subprocess.run(
        [sys.executable, f"bench/{script}", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert proc.returncode == 0, f"{script} exited {proc.returncode}:\n{proc.stderr[-3000:]}"
    return proc.stdout.splitlines()


def _table(lines: list[str], first_header: str) -> list[list[str]]:
    """The rows of the table whose header starts with `first_header` (split on 2+ spaces)."""
    start = next(
        (i for i, line in enumerate(lines) if line.startswith(first_header)),
        None,
    )
    assert start is not None, f"no table header {first_header!r} in:\n" + "\n".join(lines)
    body = lines[start + 1 :]
    if body and set(body[0].replace(" ", "")) == {"-"}:
        body = body[1:]  # the rule under the header
    rows = []
    for line in body:
        if not line.strip():
            break
        rows.append([c for c in line.split("  ") if c.strip()])
    assert rows, "the table has no data row:\n" + "\n".join(lines)
    return rows


def test_payload_quick():
    lines = _run("payload.py", "--quick")
    assert "slider move KB (median)" in next(x for x in lines if x.startswith("dataset"))
    rows = _table(lines, "dataset")
    assert rows[0][0].strip() == "article"
    first_kb = float(rows[0][2].replace(",", ""))
    assert first_kb > 0


def test_map_call_quick():
    rows = _table(_run("map_call.py", "--quick"), "dataset")
    assert [r[0].strip() for r in rows] == ["article", "article"]
    assert all(float(r[-1]) > 0 for r in rows)


@pytest.mark.e2e
def test_browser_quick():
    _needs_chromium()
    lines = _run("browser.py", "--quick")
    assert "p95 ms" in next(x for x in lines if x.startswith("dataset"))
    rows = _table(lines, "dataset")
    assert rows[0][0].startswith("article")


@pytest.mark.e2e
def test_load_quick():
    _needs_chromium()  # same rule as the browser benchmark: both start a real server
    lines = _run("load.py", "--quick")
    assert "RSS peak MB" in next(x for x in lines if x.startswith("sessions"))
    rows = _table(lines, "sessions")
    assert rows[0][0].strip() == "5"


def test_rerun_runs():
    lines = _run("rerun.py", "--quick", "--runs", "3")
    rows = _table(lines, "script")
    assert any("Map page" in " ".join(r) for r in rows)


def test_server_rerun_quick():
    lines = _run("server_rerun.py", "--quick")
    rows = _table(lines, "script")
    assert [r[0].strip() for r in rows] == [
        "empty script (rerun)",
        "slider only (move)",
        "Map page, article (move)",
        "naive map, article (move)",
    ]
    assert all(float(r[2]) > 0 for r in rows)


def test_extract_scaling_quick():
    lines = _run("extract_scaling.py", "--quick")
    rows = _table(lines, "text")
    assert {r[0].strip() for r in rows} == {
        "one line, dated clauses",
        "prose (the article repeated)",
    }
    assert all(int(r[5]) > 0 for r in rows)  # events found at every size


@pytest.mark.e2e
def test_soak_quick():
    _needs_chromium()
    # Two browsers, a real 2 MB draft and the waits for sessions to close: ~80 s on a quiet
    # 2-core machine, more beside the rest of CI.
    lines = _run("soak.py", "--quick", timeout=420)
    rows = _table(lines, "phase")
    assert [r[0].strip() for r in rows] == ["idle", "soak (uploads)"]
    assert all(r[6].strip() == "0" for r in rows), "no errors in either phase"
    assert any(line.startswith("2 MB uploads drafted: ") for line in lines)
    assert any(line.startswith("CPU in the soak phase") for line in lines)


def test_scale_open_quick():
    lines = _run("scale_open.py", "--sizes", "2000", "--turns", "1")
    rows = _table(lines, "events")
    assert [r[0].strip() for r in rows] == ["2,000"]
    assert float(rows[0][3]) > 0 and float(rows[0][4]) > 0  # open: seconds and peak MB


def test_readers_quick():
    lines = _run("readers.py", "--quick")
    rows = _table(lines, "document")
    assert [r[0].split(",")[0].strip() for r in rows] == [
        "PDF",
        "Word .docx",
        "web page .html",
        "Markdown .md",
    ]
    assert all(int(r[-1]) > 0 for r in rows)  # every document gave blocks


def test_story_open_quick():
    """Saved vs built-in story on one server: every step timed on both sides; the ratios
    are figures for the bench's reader, not asserted (no timing in tests)."""
    lines = _run("story_open.py", "--quick")
    rows = _table(lines, "story")
    steps = [(r[0].strip(), r[1].strip()) for r in rows]
    for story in ("fixture (8 events)", "synthetic 1,000"):
        assert [s for name, s in steps if name == story] == [
            "warm-up: fresh process, 2nd story",
            "build, no cache (in-process)",
            "first open (built-in: built at start)",
            "cached open",
            "slider move",
        ]
    timed = [r for r in rows if not r[1].strip().startswith("warm-up")]
    assert all(float(r[3]) > 0 and float(r[4]) > 0 and float(r[-1]) > 0 for r in timed)
    assert any(line.startswith("after the first open: worst ratio ") for line in lines)


def test_compare_match_quick():
    """The matching of two generated accounts: precision and recall printed per pair; the
    >= 0.9 target is the bench's line to read, checked here only as printed figures."""
    lines = _run("compare_match.py", "--quick")
    rows = [r for r in _table(lines, "pair") if not r[0].startswith("worst")]
    assert [r[0].strip() for r in rows] == ["seed 1, usual", "seed 1, dense"]
    assert all(0 < float(r[3]) <= 1 and 0 < float(r[4]) <= 1 for r in rows)  # P, R
    assert any(line.startswith("worst precision or recall: ") for line in lines)

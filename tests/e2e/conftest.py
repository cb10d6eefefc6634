"""Fixtures for the end-to-end tests: a real Streamlit server and headless Chromium.

No pytest-playwright plugin: the server, the browser and a fresh context per test are
plain fixtures here. The browser is the Debian ``/usr/bin/chromium`` (never
``playwright install``); without it the tests skip locally and fail on CI (``CI=true``).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
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


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
            return resp.status == 200 and resp.read().strip() == b"ok"
    except (urllib.error.URLError, OSError):
        return False


def _stop(proc: subprocess.Popen) -> None:
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


@pytest.fixture(scope="session")
def chromium() -> Path:
    """The browser binary; skip locally without it, but never skip silently on CI."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} not found (install the Debian 'chromium' package)"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " — CI must not skip the browser tests")
        pytest.skip(message)
    return CHROMIUM


@contextlib.contextmanager
def running_app(log_name: str = "e2e-streamlit.log") -> Iterator[str]:
    """Start `streamlit run app.py` on a free local port; yield its base URL; stop it by PID."""
    ARTIFACTS.mkdir(exist_ok=True)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = ARTIFACTS / log_name
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
    ]
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            cmd,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # own process group: stopped with killpg(pid)
        )
        try:
            deadline = time.monotonic() + STARTUP_TIMEOUT_S
            while not _healthy(url):
                if proc.poll() is not None:
                    pytest.fail(
                        f"streamlit exited with {proc.returncode} before it was healthy:\n"
                        + log_path.read_text(errors="replace")[-3000:]
                    )
                if time.monotonic() > deadline:
                    pytest.fail(
                        f"streamlit not healthy after {STARTUP_TIMEOUT_S} s:\n"
                        + log_path.read_text(errors="replace")[-3000:]
                    )
                time.sleep(0.25)
            yield url
        finally:
            _stop(proc)


@pytest.fixture(scope="session")
def app_url(chromium: Path) -> Iterator[str]:
    """One server for the whole e2e session."""
    with running_app() as url:
        yield url


@pytest.fixture(scope="session")
def browser(chromium: Path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture
def context(browser, request):
    """A fresh browser context per test (1400x1000); screenshot of the page on failure."""
    ctx = browser.new_context(viewport=VIEWPORT)
    ctx.set_default_timeout(20_000)
    yield ctx
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for i, pg in enumerate(ctx.pages):
            name = f"FAILED-{request.node.name}-{i}.png".replace("/", "_")
            # The page may be gone; the failure itself matters more than its picture.
            with contextlib.suppress(Exception):
                pg.screenshot(path=str(SCREENSHOTS / name), full_page=True)
    ctx.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture(scope="session")
def screenshots_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS

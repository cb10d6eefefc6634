"""Fixtures for the end-to-end tests: a real Streamlit server and headless Chromium.

No pytest-playwright plugin: the server, the browser and a fresh context per test are
plain fixtures here. The browser is the Debian ``/usr/bin/chromium`` (never
``playwright install``); without it the tests skip locally and fail on CI (``CI=true``).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench._common import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, VIEWPORT, BenchError
from bench._common import running_app as bench_server

SCREENSHOTS = ARTIFACTS / "screenshots"


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
def running_app(
    log_name: str = "e2e-streamlit.log",
    data_dir: Path | None = None,
    env: dict[str, str] | None = None,
) -> Iterator[str]:
    """Start `streamlit run app.py` on a free local port; yield its base URL; stop it by PID.

    The same launcher as the benchmarks (bench/_common.py), failing the test if the server
    does not come up.
    """
    try:
        with bench_server(data_dir=data_dir, log_name=log_name, env=env) as server:
            yield server.url
    except BenchError as exc:
        pytest.fail(str(exc))


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

"""The "Your article" page in headless Chromium: paste -> two markers; binary upload -> error.

Uses the shared fixtures of conftest.py (browser, page, app_url). Until app.py lists the page,
a second server runs it on its own (a two-line main script in a temporary folder, with the
project's static/ linked in so Leaflet is served offline as in the app).
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, _free_port, _healthy, _stop
from e2e_helpers import EXCEPTION, MAP_IFRAME, MARKER, poll, settled_marker_count, wait_app_idle

pytestmark = pytest.mark.e2e

PAGE = ROOT / "pages" / "your_article.py"
TEXT = (
    "Armenian forces fired rockets at Ganja on 17 October 2020.\n\n"
    "Earlier, the foreign ministers met in Moscow on 9 October 2020."
)


@pytest.fixture(scope="module")
def article_url(request, chromium, tmp_path_factory) -> Iterator[str]:
    """The page's URL: in the app when app.py lists it, else on a server of its own."""
    if "pages/your_article.py" in (ROOT / "app.py").read_text(encoding="utf-8"):
        yield request.getfixturevalue("app_url") + "/your_article"
        return
    folder = tmp_path_factory.mktemp("your_article_app")
    (folder / "static").symlink_to(ROOT / "static", target_is_directory=True)
    main = folder / "main.py"
    main.write_text(
        "import streamlit as st\n"
        f"st.navigation([st.Page({str(PAGE)!r}, title='Your article')], "
        "position='hidden').run()\n",
        encoding="utf-8",
    )
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = ROOT / "artifacts" / "e2e-your-article.log"
    log_path.parent.mkdir(exist_ok=True)
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(main), "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1",
             "--browser.gatherUsageStats", "false"],
            cwd=ROOT,  # the project's .streamlit/config.toml and imports
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 60
            while not _healthy(url):
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("the page's server did not start:\n"
                                + log_path.read_text(errors="replace")[-3000:])
                time.sleep(0.25)
            yield url + "/"
        finally:
            _stop(proc)


def test_pasted_text_shows_two_markers(page, article_url, screenshots_dir: Path):
    page.goto(article_url)
    page.get_by_label("Article text").fill(TEXT)
    page.get_by_role("button", name="Extract places and dates").click()
    page.wait_for_selector(MAP_IFRAME, state="attached", timeout=60_000)
    frame = page.frame_locator(MAP_IFRAME)
    frame.locator(MARKER).first.wait_for(state="attached", timeout=30_000)
    assert settled_marker_count(page) == 2
    assert page.locator(EXCEPTION).count() == 0
    page.screenshot(path=str(screenshots_dir / "your_article.png"), full_page=True)


def test_binary_upload_shows_an_error_not_a_traceback(page, article_url, tmp_path: Path):
    page.goto(article_url)
    page.get_by_label("Article text").wait_for()
    wait_app_idle(page)
    binary = tmp_path / "holiday.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(binary))
    alert = page.locator('[data-testid="stAlertContentError"]')
    poll(lambda: alert.count(), lambda n: n > 0, 30, "the error message")
    text = alert.first.inner_text()
    assert "holiday.txt" in text and "not a text file" in text
    assert page.locator(EXCEPTION).count() == 0
    assert "Traceback" not in page.content()

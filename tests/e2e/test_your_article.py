"""The "Your article" page in headless Chromium: paste -> markers; binary upload -> error.

Uses the shared fixtures of conftest.py (browser, page, app_url).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from e2e_helpers import (
    EXCEPTION,
    MAP_IFRAME,
    MARKER,
    full_page_screenshot,
    poll,
    settled_marker_count,
    wait_app_idle,
)

pytestmark = pytest.mark.e2e

TEXT = (
    "Armenian forces fired rockets at Ganja on 17 October 2020.\n\n"
    "Earlier, the foreign ministers met in Moscow on 9 October 2020.\n\n"
    "A delegation also visited Tbilisi."
)
PLAIN = "path.am-plain-place"  # a found place that no dated event uses


@pytest.fixture(scope="module")
def article_url(app_url) -> str:
    return app_url + "/your_article"


def test_pasted_text_shows_two_markers_and_the_undated_place(
    page, article_url, screenshots_dir: Path
):
    page.goto(article_url)
    page.get_by_label("Article text").fill(TEXT)
    page.get_by_role("button", name="Extract places and dates").click()
    page.wait_for_selector(MAP_IFRAME, state="attached", timeout=60_000)
    frame = page.frame_locator(MAP_IFRAME)
    frame.locator(MARKER).first.wait_for(state="attached", timeout=30_000)
    assert settled_marker_count(page) == 2
    assert frame.locator(PLAIN).count() == 1  # Tbilisi: found, but no dated event
    frame.locator(PLAIN).first.hover()
    tooltip = frame.locator(".leaflet-tooltip")
    poll(lambda: tooltip.inner_text(), lambda t: "Tbilisi" in t, 10, "the Tbilisi tooltip")
    assert "(no dated event)" in tooltip.inner_text()
    assert page.locator(EXCEPTION).count() == 0
    full_page_screenshot(page, str(screenshots_dir / "your_article.png"))


def test_binary_upload_shows_an_error_not_a_traceback(page, article_url, tmp_path: Path):
    page.goto(article_url)
    page.get_by_label("Article text").wait_for()
    wait_app_idle(page)
    binary = tmp_path / "holiday.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    page.locator('.st-key-ya-upload [data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        str(binary)
    )
    alert = page.locator('[data-testid="stAlertContentError"]')
    poll(lambda: alert.count(), lambda n: n > 0, 30, "the error message")
    text = alert.first.inner_text()
    assert "holiday.txt" in text and "PNG image" in text
    assert page.locator(EXCEPTION).count() == 0
    assert "Traceback" not in page.content()

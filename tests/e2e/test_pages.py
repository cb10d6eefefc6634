"""Every page loads without an exception, shows its title and gets a screenshot."""

from __future__ import annotations

import pytest
from e2e_helpers import (
    EXCEPTION,
    exception_text,
    full_page_screenshot,
    wait_app_idle,
    wait_for_map,
)

pytestmark = pytest.mark.e2e

PAGES = [
    ("map", "/", "Diplomacy leading to victory"),
    ("timeline", "/timeline", "Timeline"),
    ("places", "/places", "Places"),
    ("source", "/source", None),  # the article's own title
    ("about", "/about", "About this map"),
]

# What each page draws last; the screenshot waits for it.
READY = {
    "timeline": ".vega-embed",
    "places": '[data-testid="stDataFrame"]',
    "source": 'a[href*="?place="]',
}


@pytest.mark.parametrize(("name", "path", "title"), PAGES, ids=[p[0] for p in PAGES])
def test_page_loads(page, app_url, screenshots_dir, name, path, title):
    page.goto(app_url + path)
    h1 = page.locator("h1").first
    h1.wait_for(state="visible")
    if name == "map":
        wait_for_map(page)
    elif name in READY:
        page.locator(READY[name]).first.wait_for(state="visible")
    wait_app_idle(page)

    full_page_screenshot(page, str(screenshots_dir / f"{name}.png"))
    assert page.locator(EXCEPTION).count() == 0, exception_text(page)
    text = h1.inner_text().strip()
    assert text, "empty page title"
    if title is not None:
        assert title in text
    if name == "source":
        links = page.locator('a[href*="?place="]')
        assert links.count() > 0, "no place links in the article"

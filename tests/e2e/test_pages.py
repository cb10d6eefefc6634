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


# Streamlit's front end, loaded on a sub-page's address, first asks that page's
# ``<page>/_stcore/health`` and ``host-config`` and then the app root's: two 404s on every
# direct load (streamlit/streamlit#7074, open upstream; nothing the app serves can answer them).
UPSTREAM_404 = ("/_stcore/health", "/_stcore/host-config")


@pytest.mark.parametrize(("name", "path", "title"), PAGES, ids=[p[0] for p in PAGES])
def test_page_loads(page, app_url, screenshots_dir, name, path, title):
    warnings: list[str] = []
    failed: list[str] = []
    page.on(
        "console",
        lambda m: warnings.append(m.text) if m.type == "warning" and "WARN" in m.text else None,
    )
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
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
    assert not warnings, f"Vega warned on {path}: {warnings}"  # e.g. Timeline's domain clash
    unexpected = [f for f in failed if not f.endswith(UPSTREAM_404) or path == "/"]
    assert not unexpected, f"failed requests on {path}: {unexpected}"
    text = h1.inner_text().strip()
    assert text, "empty page title"
    if title is not None:
        assert title in text
    if name == "source":
        links = page.locator('a[href*="?place="]')
        assert links.count() > 0, "no place links in the article"

"""The review step of *Your article* in headless Chromium: another candidate for a place, or
a click on the draft map, moves its marker, and its source follows.

Uses the shared fixtures of conftest.py (browser, page, app_url).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from e2e_helpers import (
    EXCEPTION,
    MAP_IFRAME,
    map_eval,
    map_view,
    poll,
    wait_app_idle,
    wait_for_map,
)
from playwright.sync_api import TimeoutError as PlaywrightTimeout

pytestmark = pytest.mark.e2e

TEXT = (
    "The ministers met in Paris on 9 October 2020.\n\nLater they flew to Moscow on 12 October 2020."
)
SOURCE = '.st-key-ya-check [data-testid="stCaptionContainer"]'

# The point of the layer drawn for a place (its marker), or null.
POINT_OF = """
(map) => {
  let out = null;
  map.eachLayer((layer) => {
    const props = layer.feature && layer.feature.properties;
    if (props && props.place_id === "%s" && typeof layer.getLatLng === "function") {
      const p = layer.getLatLng();
      out = [p.lat, p.lng];
    }
  });
  return out;
}
"""


def point_of(page, place_id: str):
    return map_eval(page, POINT_OF % place_id)


def settled_view(page, timeout: float = 20) -> dict:
    """The map's view once it has stopped moving (the same for half a second)."""
    deadline = time.monotonic() + timeout
    last = map_view(page)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = map_view(page)
        if now == last and not now["animating"]:
            return now
        last = now
    raise AssertionError(f"the map kept moving: {last}")


def source_caption(page) -> str:
    return page.locator(SOURCE).filter(has_text="Source now").first.inner_text()


@pytest.fixture
def drafted(page, app_url):
    page.goto(app_url + "/your_article")
    page.get_by_label("Article text").fill(TEXT)
    page.get_by_role("button", name="Extract places and dates").click()
    wait_for_map(page, timeout=60)
    paris = poll(lambda: point_of(page, "paris"), bool, 20, "the Paris marker")
    assert paris == pytest.approx([48.8534, 2.3488], abs=1e-3)
    assert "GeoNames 2988507" in source_caption(page)
    return page


def test_another_candidate_moves_the_marker_and_the_source_follows(drafted, screenshots_dir: Path):
    page = drafted
    # The draft map reports its first view once it has settled, and that rerun closes a
    # dropdown opened before it: wait for the map to settle, and open it again if it closed.
    settled_view(page)
    wait_app_idle(page)
    option = page.get_by_role("option").filter(has_text="Texas")
    for _ in range(3):
        page.get_by_label("Candidate").click()
        try:
            option.wait_for(timeout=5000)
            break
        except PlaywrightTimeout:
            wait_app_idle(page)
    option.click()
    wait_app_idle(page)
    page.locator(".st-key-ya-check").get_by_role("button", name="Use").click()
    poll(lambda: source_caption(page), lambda t: "GeoNames 4717560" in t, 20, "the new source")
    moved = poll(
        lambda: point_of(page, "paris"),
        lambda p: p is not None and abs(p[1] + 95.5555) < 1e-3,
        20,
        "the Paris marker in Texas",
    )
    assert moved == pytest.approx([33.6609, -95.5555], abs=1e-3)
    assert point_of(page, "moscow") == pytest.approx([55.752, 37.6178], abs=1e-3)
    assert page.locator(EXCEPTION).count() == 0
    page.locator(".st-key-ya-check").screenshot(path=str(screenshots_dir / "review_pick.png"))


def test_a_click_on_the_map_places_it_by_hand(drafted):
    page = drafted
    page.locator(".st-key-ya-check").get_by_text("Place it by clicking the map").click()
    wait_app_idle(page)
    wait_for_map(page)  # the map that sends clicks is a new one
    settled_view(page)
    container = page.frame_locator(MAP_IFRAME).locator(".leaflet-container")
    box = container.bounding_box()
    assert box is not None
    x, y = int(box["width"] * 0.3), int(box["height"] * 0.7)
    # What Leaflet itself reads the click as (the point under the mouse).
    map_eval(page, "(map) => { map.once('click', (e) => { window.__amClicked = e.latlng; }); }")
    container.click(position={"x": x, "y": y})
    target = poll(
        lambda: map_eval(
            page, "() => window.__amClicked && [window.__amClicked.lat, window.__amClicked.lng]"
        ),
        bool,
        10,
        "the click on the map",
    )
    poll(
        lambda: source_caption(page),
        lambda t: "placed by hand on the map" in t,
        20,
        "the source placed by hand",
    )
    placed = poll(
        lambda: point_of(page, "paris"),
        lambda p: p is not None and abs(p[0] - target[0]) < 1e-3,
        20,
        f"the Paris marker where the map was clicked ({target})",
    )
    assert placed == pytest.approx(target, abs=1e-3)
    assert page.locator(EXCEPTION).count() == 0

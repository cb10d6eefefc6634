"""Issue #13, "Map and links (desktop)", at 1400x900: a share link keeps the map's zoom and
centre; an event link without a window shows the event (marker, popup, card); the chosen card
scrolls into view inside the list's own box; the first click on a marker is the marker's."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from e2e_helpers import (
    EXCEPTION,
    MAP_IFRAME,
    MARKER,
    map_frame,
    map_view,
    poll,
    range_thumb,
    wait_app_idle,
    wait_for_map,
)
from playwright.sync_api import Page

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1400, "height": 900}
SHOTS = Path("/work/shots/links")
CARDS = ".st-key-event-cards"
PAGE_SCROLL = "() => document.querySelector('[data-testid=\"stMain\"]').scrollTop"


ADDRESS_LOG_JS = """
window.amAddresses = [];
for (const name of ["pushState", "replaceState"]) {
  const original = history[name].bind(history);
  history[name] = (state, title, url) => {
    if (url !== undefined && url !== null) window.amAddresses.push(String(url));
    return original(state, title, url);
  };
}
"""


def query(page: Page) -> dict[str, list[str]]:
    """The address's parameters, read in the page (``page.url`` is only brought up to date
    when Playwright next hears from the browser, which a polling loop alone never does)."""
    return parse_qs(page.evaluate("location.search").lstrip("?"))


def settled(page: Page) -> None:
    """The map drawn, the app idle, and the map's own report of its view answered."""
    wait_for_map(page)
    page.wait_for_timeout(600)  # streamlit-folium reports a move 250 ms after it
    wait_app_idle(page)


def card_in_list_box(page: Page, card_selector: str) -> tuple[dict, dict]:
    """The card's and the list's boxes; fails unless the card's top is inside the list's."""
    card = page.locator(f"{CARDS} {card_selector}").first
    card_box, list_box = card.bounding_box(), page.locator(f"{CARDS} .am-list").bounding_box()
    assert card_box and list_box
    assert list_box["y"] - 1 <= card_box["y"] <= list_box["y"] + list_box["height"] - 40, (
        f"the chosen card is not in the list's box: card {card_box}, list {list_box}"
    )
    return card_box, list_box


def test_a_share_link_opens_on_the_same_zoom_centre_and_event(app_url, browser, page) -> None:
    page.set_viewport_size(DESKTOP)
    page.goto(app_url)
    settled(page)
    start_zoom = map_view(page)["zoom"]
    frame = map_frame(page)
    for _ in range(2):
        frame.locator(".leaflet-control-zoom-in").click()
        page.wait_for_timeout(400)
    poll(lambda: map_view(page), lambda v: not v["animating"], 10, "the zoom to end")
    # An event chosen from the list: the map flies there and the address says so.
    page.locator(f"{CARDS} .am-card-show").nth(2).click()
    poll(lambda: query(page).get("event"), bool, 20, "the event in the address")
    settled(page)
    view = map_view(page)
    assert view["zoom"] == start_zoom + 2
    poll(lambda: query(page).get("z"), lambda z: z == [str(view["zoom"])], 20, "z= in the address")
    event = query(page)["event"][0]
    page.get_by_role("button", name="Share / export").click()
    link = page.locator('[data-testid="stCode"]').first.inner_text().strip()  # then the embed code
    shared = parse_qs(urlparse(link).query)
    assert shared["event"] == [event], link
    assert shared["z"] == [str(view["zoom"])], f"the link lost the zoom: {link}"
    assert abs(float(shared["lat"][0]) - view["lat"]) < 1e-3, link
    assert abs(float(shared["lon"][0]) - view["lng"]) < 1e-3, link

    fresh = browser.new_context(viewport=DESKTOP)
    try:
        other = fresh.new_page()
        # every address the page writes while it opens (Streamlit sets it with the History API)
        other.add_init_script(ADDRESS_LOG_JS)
        other.goto(link)
        settled(other)
        opened = map_view(other)
        assert opened["zoom"] == view["zoom"], "the link opened on another zoom"
        assert abs(opened["lat"] - view["lat"]) < 0.05 and abs(opened["lng"] - view["lng"]) < 0.05
        map_frame(other).locator(".leaflet-popup").wait_for(state="visible")
        selected = other.locator(f"{CARDS} .am-card.selected")
        assert selected.get_attribute("data-event-id") == event
        card_in_list_box(other, ".am-card.selected")
        assert query(other)["event"] == [event] and query(other)["z"] == [str(view["zoom"])]
        # The map's first report is of the base map (zoom 2, before it goes to the link's
        # view): written to the address, a link copied then would open on the world (CI).
        other.wait_for_timeout(1000)
        written = [
            parse_qs(urlparse(u).query).get("z") for u in other.evaluate("window.amAddresses")
        ]
        assert all(z in (None, [str(view["zoom"])]) for z in written), written
        assert other.locator(EXCEPTION).count() == 0
        SHOTS.mkdir(parents=True, exist_ok=True)
        other.screenshot(path=str(SHOTS / "map-from-share-link-1400x900.png"))
    finally:
        fresh.close()


def test_an_event_link_without_a_window_shows_the_event(app_url, page) -> None:
    """``?event=khojaly``: 1992, outside the story's opening window (2020)."""
    page.set_viewport_size(DESKTOP)
    page.goto(f"{app_url}/?event=khojaly")
    settled(page)
    popup = map_frame(page).locator(".leaflet-popup")
    popup.wait_for(state="visible")
    assert "Khojaly" in popup.inner_text()
    assert map_frame(page).locator(f"{MARKER}[stroke='#111111']").count() >= 1
    assert range_thumb(page, "start").get_attribute("aria-valuetext") == "25 Feb 1992"
    selected = page.locator(f"{CARDS} .am-card.selected")
    assert selected.count() == 1 and selected.get_attribute("data-event-id") == "khojaly"
    card_in_list_box(page, ".am-card.selected")
    assert page.evaluate(PAGE_SCROLL) == 0, "the page jumped to the card"
    assert query(page)["event"] == ["khojaly"], "the event left the address"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "event-link-khojaly-1400x900.png"))


def test_the_first_click_on_a_marker_opens_it_and_brings_its_card(app_url, page) -> None:
    page.set_viewport_size(DESKTOP)
    page.goto(app_url)
    settled(page)
    # The reader has scrolled down the list: the chosen place's cards must come back into it.
    page.locator(f"{CARDS} .am-list").evaluate("(el) => { el.scrollTop = el.scrollHeight; }")
    frame_box = page.locator(MAP_IFRAME).bounding_box()
    assert frame_box and frame_box["y"] + frame_box["height"] > DESKTOP["height"], (
        "the map must reach below the fold for this test (the page scrolled to show it)"
    )
    markers = map_frame(page).locator(MARKER)
    target = None
    for i in range(markers.count()):
        box = markers.nth(i).bounding_box()
        if (
            box
            and box["width"] >= 8
            and frame_box["y"] + 60 < box["y"] < DESKTOP["height"] - 40
            and frame_box["x"] + 60 < box["x"] < frame_box["x"] + frame_box["width"] - 60
        ):
            target = box
            break
    assert target, "no marker in sight to click"
    before = page.evaluate(PAGE_SCROLL)
    page.mouse.click(target["x"] + target["width"] / 2, target["y"] + target["height"] / 2)
    map_frame(page).locator(".leaflet-popup").wait_for(state="visible", timeout=5_000)
    assert page.evaluate(PAGE_SCROLL) == before, "the page jumped under the pointer"
    poll(lambda: query(page).get("place"), bool, 20, "the place in the address")
    wait_app_idle(page)
    here = page.locator(f"{CARDS} .am-card", has=page.locator(".am-badge.place"))
    poll(lambda: here.count(), lambda n: n > 0, 20, "the cards at the chosen place")
    card_in_list_box(page, ".am-card:has(.am-badge.place)")
    assert page.evaluate(PAGE_SCROLL) == before
    assert page.locator(EXCEPTION).count() == 0

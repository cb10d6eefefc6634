"""The map page in a real browser: slider -> markers, zoom kept, card -> popup, offline."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from e2e_helpers import (
    EXCEPTION,
    exception_text,
    map_eval,
    map_frame,
    map_view,
    move_thumb,
    outlines_state,
    poll,
    range_thumb,
    wait_for_map,
    wait_marker_change,
)

pytestmark = pytest.mark.e2e


def test_slider_keyboard_changes_marker_count(page, app_url):
    page.goto(app_url + "/")
    before = wait_for_map(page)
    assert before > 0, "no event marker on the map at the default window"
    end = range_thumb(page, "end")
    start_text = range_thumb(page, "start").get_attribute("aria-valuetext")
    end_text = end.get_attribute("aria-valuetext")

    move_thumb(page, "end", "Home")  # the right thumb goes down to the left one
    after = wait_marker_change(page, before)

    assert after != before
    assert end.get_attribute("aria-valuetext") == start_text != end_text


def test_slider_move_keeps_zoom_and_iframe(page, app_url):
    page.goto(app_url + "/")
    before = wait_for_map(page)
    frame = map_frame(page)
    frame.locator(".leaflet-control-zoom-in").click()
    start_zoom = poll(lambda: map_view(page), lambda v: True, 1, "view")["zoom"]
    view = poll(
        lambda: map_view(page),
        lambda v: v["zoom"] >= start_zoom and not v["animating"] and v["zoom"] > 7,
        10,
        "the zoom-in to finish",
    )
    map_eval(page, "(map) => { window.__e2e_marker = 1; }")

    move_thumb(page, "end", "Home")
    after = wait_marker_change(page, before)

    assert after != before
    assert map_eval(page, "() => window.__e2e_marker") == 1, "the map iframe was reloaded"
    now = map_view(page)
    assert now["zoom"] == view["zoom"], f"zoom reset: {view['zoom']} -> {now['zoom']}"
    assert now["lat"] == pytest.approx(view["lat"], abs=1e-6)
    assert now["lng"] == pytest.approx(view["lng"], abs=1e-6)


def test_show_on_map_opens_popup(page, app_url, screenshots_dir):
    page.goto(app_url + "/")
    wait_for_map(page)
    # The cards are drawn by a front-end component (in a shadow root, which CSS locators
    # pierce): each card carries its event id, title and "Show on map" button.
    card = page.locator(".st-key-event-cards .am-card").first
    title = card.locator(".am-card-title").evaluate("(el) => el.firstChild.textContent").strip()
    assert title
    button = card.get_by_role("button", name="Show on map")

    button.click()
    popup = map_frame(page).locator(".leaflet-popup")
    poll(
        lambda: (page.locator(EXCEPTION).count(), popup.is_visible()),
        lambda v: v[0] > 0 or v[1],
        15,
        "a visible .leaflet-popup",
    )
    assert page.locator(EXCEPTION).count() == 0, (
        "Streamlit shows an exception after 'Show on map': " + exception_text(page)
    )
    poll(lambda: popup.inner_text(), lambda t: title in t, 10, f"popup text with {title!r}")
    poll(
        lambda: popup.evaluate("(el) => getComputedStyle(el).opacity"),
        lambda o: o == "1",
        5,
        "the popup fade-in to end",
    )
    page.screenshot(path=str(screenshots_dir / "map-popup.png"))


def test_map_renders_with_only_localhost_network(context, app_url, screenshots_dir):
    blocked: list[str] = []

    def only_localhost(route):
        url = route.request.url
        host = urlsplit(url).hostname
        if host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context.route("**/*", only_localhost)
    page = context.new_page()
    page.goto(app_url + "/")
    markers = wait_for_map(page)
    outlines = poll(lambda: outlines_state(page), lambda s: s != "", 10, "outlines")

    page.screenshot(path=str(screenshots_dir / "map-offline.png"))
    assert markers > 0
    assert outlines == "loaded", f"offline outlines: {outlines!r}"
    assert page.locator(EXCEPTION).count() == 0, exception_text(page)
    assert not blocked, "requests to other hosts (blocked):\n" + "\n".join(sorted(set(blocked)))


def test_show_more_adds_cards(page, app_url):
    page.goto(app_url + "/")
    wait_for_map(page)
    cards = page.locator(".st-key-event-cards .am-card")
    first = cards.count()
    more = page.locator(".st-key-event-cards button.am-more")
    assert more.inner_text().startswith("Show ")
    more.click()
    poll(lambda: cards.count(), lambda n: n > first, 15, "more cards")
    assert page.locator(EXCEPTION).count() == 0

"""Presentation keys, shareable deep links, and a shared sub-page link on a fresh server."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from conftest import SCREENSHOTS, running_app
from e2e_helpers import (
    EXCEPTION,
    map_frame,
    map_view,
    move_thumb,
    poll,
    range_thumb,
    settled_marker_count,
    wait_app_idle,
    wait_for_map,
    wait_marker_change,
)

from ui.layout import EDIT_PAGE, PAGES

pytestmark = pytest.mark.e2e


def progress(page) -> str:
    return page.locator(".st-key-stage-progress").inner_text()


def test_keyboard_next_moves_to_next_event_and_the_map(app_url, page):
    page.goto(f"{app_url}/present")
    wait_for_map(page)
    first = progress(page)
    assert re.fullmatch(r"Event 1 of \d+", first)
    before = map_view(page)
    page.locator(".st-key-stage-progress").click()  # focus the page, not an input
    page.keyboard.press("ArrowRight")
    poll(lambda: progress(page), lambda t: t.startswith("Event 2 of"), 20, "event 2")
    after = poll(
        lambda: map_view(page),
        lambda v: not v["animating"] and (v["lat"], v["lng"]) != (before["lat"], before["lng"]),
        20,
        "the map centre to move",
    )
    assert (after["lat"], after["lng"]) != (before["lat"], before["lng"])
    assert parse_qs(urlparse(page.url).query)["step"] == ["2"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for size in ((1920, 1080), (1280, 720)):
        page.set_viewport_size({"width": size[0], "height": size[1]})
        page.wait_for_timeout(400)
        page.screenshot(path=str(SCREENSHOTS / f"present-{size[0]}x{size[1]}.png"))


def test_deep_link_restores_window_event_and_filters(app_url, browser, page):
    page.goto(app_url)
    before = wait_for_map(page)
    search = page.get_by_label("Search titles and quotes")
    search.fill("Ganja")
    search.press("Enter")
    wait_marker_change(page, before)
    move_thumb(page, "start", "ArrowRight")  # the window starts one event date later
    wait_app_idle(page)
    page.locator(".st-key-event-cards .am-card-show").first.click()  # not a related link
    wait_app_idle(page)
    poll(lambda: page.url, lambda u: "event=" in u, 20, "the event in the URL")
    start_label = range_thumb(page, "start").get_attribute("aria-valuetext")
    end_label = range_thumb(page, "end").get_attribute("aria-valuetext")
    markers_here = settled_marker_count(page)
    link = page.url
    page.get_by_text("Share / export").click()
    shown = page.locator('[data-testid="stCode"]').first.inner_text().strip()  # then the embed code
    assert parse_qs(urlparse(shown).query) == parse_qs(urlparse(link).query)
    query = parse_qs(urlparse(link).query)
    assert query["f_text"] == ["Ganja"] and "window" in query and "event" in query

    fresh = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        other = fresh.new_page()
        other.goto(link)
        assert wait_for_map(other) == markers_here
        assert other.get_by_label("Search titles and quotes").input_value() == "Ganja"
        assert range_thumb(other, "start").get_attribute("aria-valuetext") == start_label
        assert range_thumb(other, "end").get_attribute("aria-valuetext") == end_label
        assert other.get_by_text("selected", exact=True).count() == 1
        map_frame(other).locator(".leaflet-popup").wait_for(state="visible")
        assert other.locator(EXCEPTION).count() == 0
    finally:
        fresh.close()


def test_shared_sub_page_link_on_a_fresh_server_has_the_app_navigation(browser, chromium):
    # Until app.py has run once in a server process, Streamlit runs a directly opened page
    # file alone (legacy multipage mode); every page draws the navigation itself.
    with running_app("e2e-fresh-streamlit.log") as url:
        ctx = browser.new_context()
        try:
            pg = ctx.new_page()
            pg.goto(f"{url}/timeline")
            pg.get_by_role("heading", name="Timeline").wait_for()
            links = pg.locator('[data-testid="stPageLink"]')
            # The Edit page's link shows only with a story's edit link.
            titles = [title for script, title, _icon in PAGES if script != EDIT_PAGE]
            poll(lambda: links.count(), lambda n: n == len(titles), 20, "the page links")
            assert [t.split("\n")[-1] for t in links.all_inner_texts()] == titles
        finally:
            ctx.close()


def test_play_steps_through_events_and_space_pauses(app_url, page):
    page.goto(f"{app_url}/present")
    wait_for_map(page)
    assert progress(page).startswith("Event 1 of")
    page.locator(".st-key-stage-progress").click()
    page.keyboard.press("Space")  # Play (normal pace: 6 s an event)
    poll(lambda: progress(page), lambda t: t.startswith("Event 2 of"), 20, "Play to step")
    page.keyboard.press("Space")  # Pause
    wait_app_idle(page)
    paused_at = progress(page)
    page.wait_for_timeout(7000)
    assert progress(page) == paused_at

"""A held arrow key (key auto-repeat, 30 presses a second) on the Map slider and on Present.

At that rate the browser asks for a new run before the last one's reply has arrived. With
Streamlit's forward-message cache on, a view seen a few runs earlier was then sent as a
reference to a copy the browser had just dropped: "Cached ForwardMsg MISS", a "Connection
error" and a page frozen out of step with its slider (see .streamlit/config.toml). After
each hold the page must be connected, and the slider, the list's heading and the map's
drawn view must agree with each other and with a fresh load of the same link.
"""

from __future__ import annotations

import re
import time
from urllib.parse import parse_qs, urlparse

import pytest
from e2e_helpers import (
    EXCEPTION,
    exception_text,
    map_frame,
    range_thumb,
    wait_app_idle,
    wait_for_map,
)

from bench._common import APP_IDLE_JS

pytestmark = pytest.mark.e2e

HOLD_S = 3.0
PRESSES_PER_S = 30
CONNECTION_ERROR = "Connection error"
HEADING = re.compile(r"(\d+) events? between (.+) and (.+)")


def hold(page, key: str) -> None:
    """Hold `key` as a keyboard does: a keydown every 1/30 s (repeats), then one keyup."""
    start = time.monotonic()
    for i in range(int(HOLD_S * PRESSES_PER_S)):
        page.keyboard.down(key)  # Playwright marks the second and later ones as repeats
        pause = start + (i + 1) / PRESSES_PER_S - time.monotonic()
        if pause > 0:
            time.sleep(pause)
    page.keyboard.up(key)


def drawn(page) -> dict:
    """What the map last drew: ViewLayers numbers its views and counts their markers."""
    return map_frame(page).locator(".leaflet-container").evaluate("(el) => ({...el.dataset})")


def settled(page) -> dict:
    """Once the app is idle and the map has drawn no new view for a second."""
    wait_app_idle(page)
    last, since = drawn(page), time.monotonic()
    while time.monotonic() - since < 1.0:
        time.sleep(0.1)
        now = drawn(page)
        if now != last:
            last, since = now, time.monotonic()
            wait_app_idle(page)
    return last


def assert_connected(page, after: str) -> None:
    """Wait for the runs the hold asked for to end (or the page to lose its connection)."""
    streak, deadline = 0, time.monotonic() + 30
    while streak < 3 and page.get_by_text(CONNECTION_ERROR).count() == 0:
        assert time.monotonic() < deadline, f"Streamlit still running 30 s after {after}"
        streak = streak + 1 if page.evaluate(APP_IDLE_JS) else 0
        time.sleep(0.1)
    errors = page.get_by_text(CONNECTION_ERROR).count()
    assert errors == 0, f"'{CONNECTION_ERROR}' after {after}"
    assert page.locator(EXCEPTION).count() == 0, f"exception after {after}: " + exception_text(page)


def map_page_state(page) -> dict:
    """The slider's window, the list's heading and the map's markers, read independently."""
    start = range_thumb(page, "start").get_attribute("aria-valuetext")
    end = range_thumb(page, "end").get_attribute("aria-valuetext")
    heading = page.locator(".st-key-event-cards .am-head").inner_text().strip()
    return {
        "slider": (start, end),
        "heading": heading,
        "url_window": tuple(parse_qs(urlparse(page.url).query).get("window", [])),
        "markers": settled(page)["amMarkers"],
    }


def fresh_load(browser, url: str, read):
    """`read(page)` on a new browser context opened at `url` (what a shared link shows)."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        other = ctx.new_page()
        other.goto(url)
        wait_for_map(other)
        return read(other)
    finally:
        ctx.close()


def test_held_arrow_keys_on_the_map_slider_keep_slider_list_and_map_together(
    page, app_url, browser
):
    page.goto(app_url + "/")
    wait_for_map(page)
    thumb = range_thumb(page, "end")
    thumb.focus()
    # Right, then left over the span, and again: each turn revisits windows drawn a few runs
    # earlier, which is when Streamlit's message cache would send a reference.
    for n, key in enumerate(["ArrowRight", "ArrowLeft"] * 3, 1):
        hold(page, key)
        after = f"hold {n} ({key}, {HOLD_S:g} s at {PRESSES_PER_S}/s)"
        assert_connected(page, after)
        state = map_page_state(page)
        match = HEADING.fullmatch(state["heading"])
        assert match, f"list heading {state['heading']!r} after {after}"
        assert (match[2], match[3]) == state["slider"], f"list and slider differ: {state}"
        assert state["url_window"] == state["slider"], f"link and slider differ: {state}"
        expected = fresh_load(browser, page.url, map_page_state)
        assert state == expected, f"after {after} the page differs from a fresh load"
        thumb.focus()


def test_held_arrow_keys_on_present_keep_the_step_and_the_map_together(page, app_url, browser):
    def present_state(pg) -> dict:
        return {
            "progress": pg.locator(".st-key-stage-progress").inner_text().strip(),
            "title": pg.locator(".st-key-stage-title").inner_text().strip(),
            "url_step": parse_qs(urlparse(pg.url).query).get("step", ["1"]),
            "markers": settled(pg)["amMarkers"],
        }

    page.goto(app_url + "/present")
    wait_for_map(page)
    page.locator(".st-key-stage-progress").click()  # focus the page, not an input
    for n, key in enumerate(["ArrowRight", "ArrowLeft"] * 3, 1):
        hold(page, key)
        after = f"hold {n} ({key}, {HOLD_S:g} s at {PRESSES_PER_S}/s)"
        assert_connected(page, after)
        state = present_state(page)
        step = re.fullmatch(r"Event (\d+) of \d+", state["progress"])
        assert step, f"progress {state['progress']!r} after {after}"
        assert state["url_step"] == [step[1]], f"link and step differ: {state}"
        expected = fresh_load(browser, page.url, present_state)
        assert state == expected, f"after {after} the page differs from a fresh load"

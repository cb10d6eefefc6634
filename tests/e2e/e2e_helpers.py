"""Waiting for Streamlit and the streamlit-folium map in the browser tests."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from playwright.sync_api import FrameLocator, Locator, Page

from bench._common import APP_IDLE_JS

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
MARKER = "path.am-event-marker"
AREA = "path.am-area"
EXCEPTION = '[data-testid="stException"]'
RANGE_LABEL = "Show events between"

T = TypeVar("T")

# The Leaflet map of the frame: streamlit-folium exposes it as a global (`map_<hash>`, and
# `window.map`); pick the global whose container is this .leaflet-container.
_FIND_MAP = """
(el) => {
  for (const k of Object.keys(window)) {
    let v;
    try { v = window[k]; } catch (e) { continue; }
    if (v && typeof v.getZoom === "function" && typeof v.getCenter === "function"
        && v._container === el) { return v; }
  }
  return null;
}
"""


def poll(fn: Callable[[], T], ok: Callable[[T], bool], timeout: float, what: str) -> T:
    """Call fn until ok(result); fail with the last value after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    value = fn()
    while not ok(value):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}; last: {value!r}")
        time.sleep(0.1)
        value = fn()
    return value


def map_frame(page: Page) -> FrameLocator:
    return page.frame_locator(MAP_IFRAME)


def wait_app_idle(page: Page, timeout: float = 20) -> None:
    """No script run in progress: several consecutive idle checks 100 ms apart."""
    streak = 0
    deadline = time.monotonic() + timeout
    while streak < 3:
        if time.monotonic() > deadline:
            raise AssertionError(f"Streamlit still running after {timeout} s")
        streak = streak + 1 if page.evaluate(APP_IDLE_JS) else 0
        time.sleep(0.1)


def marker_count(page: Page) -> int:
    return map_frame(page).locator(MARKER).count()


def settled_marker_count(page: Page, timeout: float = 20, stable_for: float = 0.6) -> int:
    """The number of markers once the app is idle and the count has stopped changing.

    While streamlit-folium swaps the feature groups the count briefly drops to 0, so a
    single read right after a rerun is not enough.
    """
    deadline = time.monotonic() + timeout
    last, since = None, time.monotonic()
    while True:
        wait_app_idle(page, timeout=max(deadline - time.monotonic(), 1))
        n = marker_count(page)
        now = time.monotonic()
        if n != last:
            last, since = n, now
        elif now - since >= stable_for:
            return n
        if now > deadline:
            raise AssertionError(f"marker count never settled (last {last})")
        time.sleep(0.1)


def wait_for_map(page: Page, timeout: float = 30) -> int:
    """Wait for the map iframe, its markers and the offline outlines; return the marker count."""
    page.wait_for_selector(MAP_IFRAME, state="attached", timeout=timeout * 1000)
    frame = map_frame(page)
    # Markers outside the view are drawn as "M0 0" (hidden): wait for attached, not visible.
    frame.locator(MARKER).first.wait_for(state="attached", timeout=timeout * 1000)
    frame.locator(".leaflet-container[data-outlines]").wait_for(
        state="attached", timeout=timeout * 1000
    )
    return settled_marker_count(page, timeout=timeout)


def outlines_state(page: Page) -> str | None:
    return map_frame(page).locator(".leaflet-container").get_attribute("data-outlines")


def map_eval(page: Page, body: str):
    """Evaluate `(map, el) => ...` in the map frame with the Leaflet map object."""
    return (
        map_frame(page)
        .locator(".leaflet-container")
        .evaluate(f"(el) => {{ const map = ({_FIND_MAP})(el); return ({body})(map, el); }}")
    )


def map_view(page: Page) -> dict:
    return map_eval(
        page,
        "(map) => ({zoom: map.getZoom(), lat: map.getCenter().lat, lng: map.getCenter().lng,"
        " animating: !!map._animatingZoom})",
    )


def range_thumb(page: Page, which: str) -> Locator:
    """`which` is "start" or "end": a thumb of the 'Show events between' slider."""
    return page.get_by_role("slider", name=f"{RANGE_LABEL} — {which}")


def move_thumb(page: Page, which: str, key: str) -> None:
    thumb = range_thumb(page, which)
    thumb.focus()
    thumb.press(key)


def wait_marker_change(page: Page, before: int, timeout: float = 20) -> int:
    """After a slider move: wait for the count to differ from `before`, then for it to settle."""
    poll(
        lambda: (page.locator(EXCEPTION).count(), marker_count(page)),
        lambda v: v[0] > 0 or v[1] not in (before, 0),
        timeout,
        f"the marker count to change from {before}",
    )
    assert page.locator(EXCEPTION).count() == 0, (
        "Streamlit shows an exception after the slider move: " + exception_text(page)
    )
    return settled_marker_count(page, timeout=timeout)


def exception_text(page: Page) -> str:
    return " | ".join(page.locator(EXCEPTION).all_inner_texts())[:500]


_CONTENT_HEIGHT = """
() => Math.max(...[
  document.scrollingElement,
  document.querySelector('[data-testid="stMain"]'),
  document.querySelector('[data-testid="stAppViewContainer"]'),
].filter(Boolean).map((e) => e.scrollHeight))
"""


def full_page_screenshot(page: Page, path: str, max_height: int = 12_000) -> None:
    """Streamlit scrolls inside its own container, so Playwright's full_page only gets the
    viewport: grow the viewport to the content height for the shot, then restore it."""
    size = page.viewport_size or {"width": 1400, "height": 1000}
    height = min(int(page.evaluate(_CONTENT_HEIGHT)), max_height)
    if height > size["height"]:
        page.set_viewport_size({"width": size["width"], "height": height})
        page.wait_for_timeout(300)  # let the layout reflow; resizing causes no rerun
    page.screenshot(path=path, full_page=True)
    page.set_viewport_size(size)

"""Issue #13 items, each with the browser test that would have caught it: the Places
downloads follow the Kind filter and open right in a spreadsheet; Timeline's "Show on map"
keeps the event in the URL; the Share / export popover shows all its buttons."""

from __future__ import annotations

import csv
import io
from urllib.parse import parse_qs, urlparse

import pytest
from e2e_helpers import EXCEPTION, poll, wait_app_idle, wait_for_map

pytestmark = pytest.mark.e2e


def test_places_downloads_hold_what_the_table_shows(app_url, page) -> None:
    page.goto(app_url + "/places")
    page.get_by_role("heading", name="Places").wait_for()
    wait_app_idle(page)
    page.get_by_text("city", exact=True).first.click()
    wait_app_idle(page)
    with page.expect_download() as caught:
        page.get_by_role("button", name="Download places.csv").click()
    raw = caught.value.path().read_bytes()
    assert raw.startswith("\ufeff".encode()), "no byte-order mark: spreadsheets garble Gəncə"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows and {r["kind"] for r in rows} == {"city"}
    assert any(r["name"] == "Ganja" for r in rows)
    assert page.locator(EXCEPTION).count() == 0


def test_timeline_show_on_map_keeps_the_event_in_the_url(app_url, page) -> None:
    page.goto(app_url + "/timeline")
    page.get_by_role("heading", name="Timeline").wait_for()
    wait_app_idle(page)
    chart = page.locator(
        '[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg'
    )
    chart.first.wait_for()
    box = chart.first.bounding_box()
    assert box is not None
    # Click along the chart's rows until a mark is picked (its card then shows).
    show = page.locator("a.am-page-anchor", has_text="Show on map")
    for fx in (0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.5, 0.45):
        for fy in (0.15, 0.3, 0.45, 0.6, 0.75):
            page.mouse.click(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
            wait_app_idle(page)
            if show.count():
                break
        if show.count():
            break
    assert show.count(), "no mark could be picked on the chart"
    wait_app_idle(page)
    assert "event=" in (show.first.get_attribute("href") or ""), show.first.get_attribute("href")
    show.first.click()
    poll(lambda: page.url, lambda u: "event=" in u, 20, "the event in the map's URL")
    assert parse_qs(urlparse(page.url).query)["event"]
    wait_for_map(page)
    assert page.locator(EXCEPTION).count() == 0


def test_share_dialog_shows_every_button_without_scrolling(app_url, page) -> None:
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(app_url)
    wait_for_map(page)
    page.get_by_role("button", name="Share / export").click()
    for name in ("Download the map as a static site (zip)", "Download the story's files (zip)"):
        button = page.get_by_role("button", name=name)
        button.wait_for()
        box = button.bounding_box()
        popover = page.locator('[role="dialog"]').bounding_box()
        assert box and popover
        assert (
            popover["y"] <= box["y"]
            and box["y"] + box["height"] <= popover["y"] + popover["height"] + 1
        ), f"“{name}” is cut off in the popover"


def test_present_keys_work_after_a_click_on_the_map(app_url, page) -> None:
    """A click on the map (even its + button) used to keep ← → Space for Leaflet."""
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(app_url + "/present")
    step = page.get_by_text("Event 1 of", exact=False)
    step.wait_for()
    wait_for_map(page)
    wait_app_idle(page)
    frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
    frame.locator(".leaflet-control-zoom-in").click()
    page.keyboard.press("ArrowRight")
    page.get_by_text("Event 2 of", exact=False).wait_for(timeout=20_000)
    wait_for_map(page)
    wait_app_idle(page)
    frame.locator(".leaflet-container").click()  # the map itself, after the new step
    page.keyboard.press("ArrowLeft")
    page.get_by_text("Event 1 of", exact=False).wait_for(timeout=20_000)
    wait_app_idle(page)
    frame.locator(".leaflet-control-zoom-out").click()
    page.keyboard.press(" ")
    page.get_by_role("button", name="Pause").wait_for(timeout=20_000)
    page.keyboard.press(" ")
    page.get_by_role("button", name="Play").wait_for(timeout=20_000)
    assert page.locator(EXCEPTION).count() == 0


# Two marks a week apart overlap on the war years' span: 11 Oct and 17 Oct 2020.
CLOSE_MARKS = (
    "Rocket strike on Ganja after the Moscow ceasefire",
    "Attack on Ganja that the article says broke the second ceasefire",
)


def test_a_click_on_a_timeline_mark_opens_that_event(app_url, page) -> None:
    """Clicking the 11 Oct mark opened the 17 Oct event (drawn on top of it)."""
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(app_url + "/timeline")
    page.get_by_role("heading", name="Timeline").wait_for()
    wait_app_idle(page)
    symbols = '[data-testid="stVegaLiteChart"] svg .mark-symbol path'
    page.locator(symbols).first.wait_for()
    main = page.locator('[data-testid="stMain"]')
    for title in CLOSE_MARKS:
        mark = page.locator(f'{symbols}[aria-label*="{title}"]')
        assert mark.count() == 1, f"no mark described as {title!r}"
        box = mark.bounding_box()
        assert box is not None
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        wait_app_idle(page)
        poll(main.inner_text, lambda t, title=title: title in t, 10, title)
    assert page.locator(EXCEPTION).count() == 0

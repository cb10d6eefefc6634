"""The static site opened from file:// in headless Chromium with every network request blocked.

Uses the session ``browser`` fixture of ``conftest.py`` (Debian's /usr/bin/chromium; skipped
locally without it, failing on CI). No Streamlit server is started for these tests.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from articlemap.dataset import Dataset, load_dataset
from articlemap.schema import Event, Place
from articlemap.site import write_site

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
MARKER = "path.am-site-marker"
CARD = "li.card"
POPUP = ".leaflet-popup"
DESKTOP = {"width": 1280, "height": 720}
PHONE = {"width": 390, "height": 844}
HOSTILE = "</script>`${alert(1)}` C:\\x <img src=x onerror=alert(1)>"


@dataclass
class Opened:
    page: object
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


def open_site(browser, folder: Path, viewport: dict) -> Opened:
    """Open index.html from file:// in a fresh context where only file:// URLs load."""
    context = browser.new_context(viewport=viewport)
    context.set_default_timeout(15_000)
    opened = Opened(page=None)

    def route(r):
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            opened.blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("pageerror", lambda exc: opened.errors.append(str(exc)))
    page.on("console", lambda msg: opened.errors.append(msg.text) if msg.type == "error" else None)
    page.on("requestfailed", lambda req: opened.blocked.append(req.url))

    def on_dialog(dialog):
        opened.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto((folder / "index.html").as_uri())
    page.wait_for_selector("html[data-ready='true']")
    opened.page = page
    return opened


def popup_text(page) -> str:
    """The text of the open popup (a closing one fades out for 200 ms: wait until it is gone)."""
    wait_for(lambda: page.locator(POPUP).count(), lambda n: n == 1, 5, "one open popup")
    return page.locator(POPUP).inner_text()


def wait_for(fn, ok, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    value = fn()
    while not ok(value):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}; last: {value!r}")
        time.sleep(0.1)
        value = fn()
    return value


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset()


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory, dataset) -> Path:
    folder = tmp_path_factory.mktemp("static-site")
    write_site(dataset, folder)
    return folder


def test_static_site_offline(browser, site_dir, dataset):
    opened = open_site(browser, site_dir, DESKTOP)
    page = opened.page
    try:
        # The map: Leaflet, the offline outlines and circle markers as SVG paths.
        assert page.locator(".leaflet-container").count() == 1
        assert page.locator("#map").get_attribute("data-outlines") == "loaded"
        assert page.locator(".leaflet-outlines-pane path").count() > 100
        all_markers = page.locator(MARKER).count()
        assert all_markers > 10

        # The event list: one card per event, undated ones in their own list.
        assert page.locator(CARD).count() == len(dataset.events)
        undated = [e for e in dataset.events if not e.is_dated]
        assert page.locator(f"#undated-events {CARD}").count() == len(undated)
        assert page.locator(f"#dated-events {CARD}").count() == len(dataset.events) - len(undated)
        first = dataset.events[0]
        assert page.locator(f"#event-{first.id} .card-title").inner_text().startswith(first.title)

        # The slider: Home shows the first date only, End everything again.
        slider = page.locator("#date-slider")
        slider.focus()
        page.keyboard.press("Home")
        assert slider.input_value() == "0"
        first_markers = wait_for(
            lambda: page.locator(MARKER).count(), lambda n: n < all_markers, 5, "fewer markers"
        )
        assert first_markers >= 1
        first_label = page.locator("#date-label").inner_text()
        assert page.locator(f"{CARD}[data-state='later']").count() > 0
        page.keyboard.press("ArrowRight")
        assert slider.input_value() == "1"
        assert page.locator("#date-label").inner_text() != first_label
        page.keyboard.press("End")
        wait_for(lambda: page.locator(MARKER).count(), lambda n: n == all_markers, 5, "markers")
        assert page.locator(f"{CARD}[data-state='later']").count() == 0

        # "Hide later events" hides the cards after the slider date.
        page.keyboard.press("Home")
        page.locator("#hide-later").check()
        visible = page.locator(f"#dated-events {CARD}:visible").count()
        assert 0 < visible < len(dataset.events) - len(undated)
        page.locator("#hide-later").uncheck()

        # Play advances the slider at the chosen pace; Pause stops it.
        page.select_option("#pace", "fast")
        page.locator("#play").click()
        assert page.locator("#play").get_attribute("aria-pressed") == "true"
        wait_for(lambda: int(slider.input_value()), lambda v: v >= 2, 10, "playback")
        page.locator("#play").click()
        assert page.locator("#play").get_attribute("aria-pressed") == "false"
        stopped_at = slider.input_value()
        page.wait_for_timeout(1000)
        assert slider.input_value() == stopped_at

        # Clicking a card opens its popup on the map.
        slider.focus()
        page.keyboard.press("End")
        target = next(e for e in dataset.events if e.is_dated and e.places)
        page.locator(f"#event-{target.id}").click()
        text = popup_text(page)
        assert target.title in text
        assert target.quote in text
        assert target.date_label in text

        # Clicking a marker opens the place's popup (at the first date: markers in view).
        page.locator(".leaflet-popup-close-button").click()
        slider.focus()
        page.keyboard.press("Home")
        page.locator(MARKER).first.click()
        popup_text(page)
        assert page.locator(".am-popup-place").count() == 1
        page.locator(".leaflet-popup-close-button").click()
        slider.focus()
        page.keyboard.press("End")

        # Screenshot with an event's popup open.
        page.locator(f"#event-{target.id}").click()
        popup_text(page)
        page.wait_for_timeout(400)  # let the popup's fade-in finish
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "static_site.png"))

        assert opened.blocked == []
        assert opened.errors == []
    finally:
        page.context.close()


def test_static_site_on_a_phone(browser, site_dir, dataset):
    opened = open_site(browser, site_dir, PHONE)
    page = opened.page
    try:
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], "the page scrolls sideways on a phone"
        box = page.locator("#map").bounding_box()
        assert box["height"] >= 250 and box["width"] >= PHONE["width"] - 2
        assert page.locator(MARKER).count() > 0
        assert page.locator(CARD).count() == len(dataset.events)
        page.screenshot(path=str(SCREENSHOTS / "static_site_phone.png"))
        assert opened.errors == []
        assert opened.blocked == []
    finally:
        page.context.close()


def test_hostile_text_is_shown_as_text(browser, tmp_path):
    place = Place(id="p", name="Place " + HOSTILE, kind="city", lat=40.4, lon=49.9, source="test")
    event = Event(
        id="e",
        title="Title " + HOSTILE,
        date_start=dt.date(2020, 10, 17),
        date_end=dt.date(2020, 10, 17),
        date_precision="day",
        date_as_written="Written " + HOSTILE,
        category="military",
        place_ids=("p",),
        quote="Quote " + HOSTILE,
        note="Note " + HOSTILE,
        places=(place,),
    )
    write_site(Dataset(places=[place], events=[event]), tmp_path)
    opened = open_site(browser, tmp_path, DESKTOP)
    page = opened.page
    try:
        card = page.locator("#event-e")
        assert page.locator(".card-title").inner_text().startswith("Title " + HOSTILE)
        assert "Quote " + HOSTILE in card.inner_text()
        assert page.locator("img[src='x']").count() == 0
        card.click()
        assert "Quote " + HOSTILE in popup_text(page)
        page.locator(".leaflet-popup-close-button").click()
        page.locator(MARKER).first.click()
        assert "Place " + HOSTILE in popup_text(page)
        assert page.locator("img[src='x']").count() == 0
        assert opened.dialogs == []
        assert opened.errors == []
        assert opened.blocked == []
    finally:
        page.context.close()

"""Issue #13, a student on a phone (390x844, touch): the sidebar is closed after a page link
and after a reload; "Show on map" brings the map into view with its popup inside the map,
clear of the header and the map's buttons; the list is not a scroll box in the scrolling
page; the Timeline legend is not cut off."""

from __future__ import annotations

import io

import pytest
from e2e_helpers import EXCEPTION, MAP_IFRAME, map_frame, wait_app_idle, wait_for_map

pytestmark = pytest.mark.e2e

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
SIDEBAR = '[data-testid="stSidebar"]'


@pytest.fixture
def phone(browser):
    ctx = browser.new_context(**PHONE)
    ctx.set_default_timeout(20_000)
    yield ctx.new_page()
    ctx.close()


def sidebar_open(page) -> bool:
    return page.locator(SIDEBAR).get_attribute("data-collapsed") == "false"


def wait_sidebar_closed(page) -> None:
    page.wait_for_function(
        f"() => document.querySelector('{SIDEBAR}')?.dataset.collapsed === 'true'",
        timeout=10_000,
    )


def test_sidebar_is_closed_after_a_page_link_and_a_reload(app_url, phone) -> None:
    phone.goto(app_url)
    wait_for_map(phone)
    assert not sidebar_open(phone)
    phone.locator('[data-testid="stExpandSidebarButton"]').click()
    phone.wait_for_function(
        f"() => document.querySelector('{SIDEBAR}').dataset.collapsed === 'false'"
    )
    phone.locator(SIDEBAR).get_by_role("link", name="Timeline").click()
    phone.get_by_role("heading", name="Timeline").wait_for()
    wait_app_idle(phone)
    wait_sidebar_closed(phone)
    phone.locator('[data-testid="stExpandSidebarButton"]').click()
    phone.wait_for_function(
        f"() => document.querySelector('{SIDEBAR}').dataset.collapsed === 'false'"
    )
    phone.reload()
    phone.get_by_role("heading", name="Timeline").wait_for()
    wait_app_idle(phone)
    wait_sidebar_closed(phone)
    assert phone.locator(EXCEPTION).count() == 0


def inside(inner: dict, outer: dict, slack: float = 0.5) -> bool:
    return (
        inner["x"] >= outer["x"] - slack
        and inner["y"] >= outer["y"] - slack
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + slack
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + slack
    )


def overlaps(a: dict, b: dict) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def test_show_on_map_brings_the_map_and_a_popup_that_fits(app_url, phone) -> None:
    phone.goto(app_url)
    wait_for_map(phone)
    wait_app_idle(phone)
    show = phone.locator(".am-card-show").nth(2)
    show.scroll_into_view_if_needed()
    show.click()
    frame = map_frame(phone)
    popup = frame.locator(".leaflet-popup")
    popup.wait_for()
    wait_app_idle(phone)
    phone.wait_for_timeout(800)  # the scroll and the popup's pan have settled
    header = phone.locator('header[data-testid="stHeader"]').bounding_box()
    iframe = phone.locator(MAP_IFRAME).bounding_box()
    assert header and iframe
    assert header["y"] + header["height"] - 1 <= iframe["y"] <= 844 - 300, (
        f"the map is not in view after “Show on map”: its top at {iframe['y']}"
    )
    shown = map_frame(phone).locator(".leaflet-container").bounding_box()
    pop = popup.bounding_box()
    close = frame.locator(".leaflet-popup-close-button").bounding_box()
    assert shown and pop and close
    assert inside(pop, shown), f"popup {pop} is not inside the map {shown}"
    assert pop["y"] >= header["y"] + header["height"], "the popup's top is under the header"
    for control in (".leaflet-control-layers", ".leaflet-control-zoom"):
        assert not overlaps(close, frame.locator(control).bounding_box()), f"× under {control}"
    box = phone.locator(".am-list")
    assert box.evaluate("(el) => getComputedStyle(el).maxHeight") == "none", (
        "the list is a scroll box inside the scrolling page"
    )
    assert phone.locator(EXCEPTION).count() == 0


def test_timeline_legend_is_not_cut_off(app_url, phone) -> None:
    from PIL import Image

    phone.goto(app_url + "/timeline")
    phone.get_by_role("heading", name="Timeline").wait_for()
    wait_app_idle(phone)
    chart = phone.locator('[data-testid="stVegaLiteChart"]').first
    chart.locator("canvas, svg").first.wait_for()
    chart.scroll_into_view_if_needed()
    phone.wait_for_timeout(500)
    image = Image.open(io.BytesIO(chart.screenshot())).convert("RGB")
    width, height = image.size
    background = image.getpixel((0, height - 1))
    # The legend is the lowest part of the chart: nothing drawn at its right edge.
    edge = {
        image.getpixel((x, y))
        for x in range(width - 3, width)
        for y in range(int(height * 0.75), height)
    }
    assert edge == {background}, "the legend runs off the chart's right edge"

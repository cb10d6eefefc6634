"""Issue #13, "Areas over time", in Chromium: an area is drawn by its state at the window's
end (Aghdam district changes on 20 November 2020, the date of its withdrawal event), its
popup lists its states with the events they come from (title and the article's quote), the
map's legend lists the states drawn, and Present's steps (what Play runs) move them on."""

from __future__ import annotations

from pathlib import Path

import pytest
from e2e_helpers import (
    EXCEPTION,
    map_eval,
    map_frame,
    move_thumb,
    poll,
    range_thumb,
    wait_app_idle,
    wait_for_map,
)
from playwright.sync_api import Page

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1400, "height": 900}
PHONE = {"width": 390, "height": 844}
SHOTS = Path("/work/shots/areas")
LEGEND = ".am-state-legend"
BEFORE = "window=15+Feb+2020&window=11+Nov+2020"  # the last stop before 20 Nov 2020
RETURNED = "returned to Azerbaijani control under the 10 November statement"
HELD = "partly held by Armenian forces, as at the 1994 ceasefire"

# The drawn polygon of one area (its feature's area_id), as the map's own layers hold it.
_AREA_LAYER = """
(map, areaId) => {
  let found = null;
  map.eachLayer((layer) => {
    const p = layer.feature && layer.feature.properties;
    if (p && p.area_id === areaId && layer._path) { found = layer; }
  });
  return found;
}
"""


def area_class(page: Page, area_id: str) -> str | None:
    """The class of the area's SVG path (None when it is not drawn)."""
    return map_eval(
        page,
        f"(map) => {{ const l = ({_AREA_LAYER})(map, {area_id!r});"
        " return l ? l._path.getAttribute('class') : null; }",
    )


def click_area(page: Page, area_id: str) -> None:
    """A real click on a point of the area's polygon that nothing else covers (a marker, a
    name): the map is first centred on it; points are tried in a grid over its box."""
    map_eval(
        page,
        f"(map) => {{ const l = ({_AREA_LAYER})(map, {area_id!r});"
        " map.setView(l.getBounds().getCenter(), 9, {animate: false}); }",
    )
    page.wait_for_timeout(300)
    point = map_eval(
        page,
        f"(map) => {{ const l = ({_AREA_LAYER})(map, {area_id!r});"
        " const r = l._path.getBoundingClientRect();"
        " for (let i = 1; i < 10; i++) { for (let j = 1; j < 10; j++) {"
        "  const x = r.left + r.width * i / 10, y = r.top + r.height * j / 10;"
        "  if (document.elementFromPoint(x, y) === l._path) { return [x, y]; } } }"
        " return null; }",
    )
    assert point, f"no free point on {area_id}'s polygon"
    box = page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + point[0], box["y"] + point[1])


def popup_text(page: Page) -> str:
    popup = map_frame(page).locator(".leaflet-popup .am-area-popup")
    popup.wait_for(state="visible")
    return popup.inner_text()


def test_aghdam_is_drawn_by_its_state_at_the_window_end(app_url: str, page: Page) -> None:
    page.set_viewport_size(DESKTOP)
    page.goto(f"{app_url}/?{BEFORE}")
    wait_for_map(page)
    assert "11 Nov 2020" in range_thumb(page, "end").get_attribute("aria-valuetext")
    poll(lambda: area_class(page, "az-aghdam"), bool, 20, "Aghdam's polygon")
    assert "am-state-contested" in area_class(page, "az-aghdam")
    legend = map_frame(page).locator(LEGEND)
    assert "Areas on 11 Nov 2020" in legend.inner_text()
    assert HELD in legend.inner_text() and RETURNED not in legend.inner_text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "map-before-20-nov-1400x900.png"))
    click_area(page, "az-aghdam")
    text = popup_text(page)
    assert HELD + " (shown now)" in text, text
    assert "From the event: Occupation of the former Nagorno-Karabakh" in text
    assert RETURNED in text and "from 20 Nov 2020" in text  # its later state, listed too
    page.screenshot(path=str(SHOTS / "aghdam-popup-before-1400x900.png"))

    # One stop on: 20 Nov 2020, the withdrawal from Aghdam district.
    move_thumb(page, "end", "ArrowRight")
    poll(
        lambda: area_class(page, "az-aghdam") or "",
        lambda c: "am-state-changed" in c,
        20,
        "Aghdam to be drawn as changed",
    )
    wait_app_idle(page)
    assert page.locator(EXCEPTION).count() == 0
    assert "20 Nov 2020" in range_thumb(page, "end").get_attribute("aria-valuetext")
    assert "am-state-contested" in (area_class(page, "az-kalbajar") or "")
    legend_text = map_frame(page).locator(LEGEND).inner_text()
    assert "Areas on 20 Nov 2020" in legend_text and RETURNED in legend_text
    click_area(page, "az-aghdam")
    text = popup_text(page)
    assert RETURNED + " (shown now)" in text, text
    assert "From the event: Armenian forces withdraw from Aghdam district" in text
    assert "According to the statement, Armenia was forced to withdraw its forces" in text
    page.screenshot(path=str(SHOTS / "aghdam-popup-after-1400x900.png"))


def test_phone_shows_the_legend_and_popup(app_url: str, page: Page) -> None:
    page.set_viewport_size(PHONE)
    page.goto(f"{app_url}/?window=15+Feb+2020&window=20+Nov+2020")
    wait_for_map(page)
    poll(lambda: area_class(page, "az-aghdam") or "", lambda c: "am-state" in c, 20, "Aghdam")
    frame = map_frame(page)
    frame.locator(LEGEND).scroll_into_view_if_needed()
    legend = frame.locator(LEGEND).bounding_box()
    container = frame.locator(".leaflet-container").bounding_box()
    assert legend and container
    assert legend["x"] + legend["width"] <= container["x"] + container["width"] + 1
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "map-legend-390x844.png"))
    click_area(page, "az-aghdam")
    assert RETURNED + " (shown now)" in popup_text(page)
    page.screenshot(path=str(SHOTS / "aghdam-popup-390x844.png"))


def test_present_steps_move_the_states_on(app_url: str, page: Page) -> None:
    """Step 31 is the last event before 20 Nov 2020, step 32 the withdrawal from Aghdam:
    Next (what Play presses at its pace) redraws Aghdam in its new state."""
    page.set_viewport_size(DESKTOP)
    page.goto(f"{app_url}/present?step=31")
    wait_for_map(page)
    poll(lambda: area_class(page, "az-aghdam") or "", lambda c: "contested" in c, 20, "held")
    page.get_by_role("button", name="Next").click()
    poll(
        lambda: area_class(page, "az-aghdam") or "",
        lambda c: "am-state-changed" in c,
        20,
        "Aghdam to change with the step",
    )
    assert RETURNED in map_frame(page).locator(LEGEND).inner_text()
    page.get_by_role("button", name="Play").click()  # on to Kalbajar (25 Nov) at its pace
    poll(
        lambda: area_class(page, "az-kalbajar") or "",
        lambda c: "am-state-changed" in c,
        20,
        "Play to move Kalbajar on",
    )
    page.get_by_role("button", name="Pause").click()
    assert page.locator(EXCEPTION).count() == 0
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "present-after-kalbajar-1400x900.png"))
    for size in ((1920, 1080), (1280, 720)):  # projectors: the legend inside the map
        page.set_viewport_size({"width": size[0], "height": size[1]})
        page.wait_for_timeout(600)
        frame = map_frame(page)
        legend = frame.locator(LEGEND).bounding_box()
        container = frame.locator(".leaflet-container").bounding_box()
        assert legend and container
        assert legend["y"] >= container["y"] - 1
        assert legend["y"] + legend["height"] <= container["y"] + container["height"] + 1
        page.screenshot(path=str(SHOTS / f"present-{size[0]}x{size[1]}.png"))


# --- the static site (file://, no server) -----------------------------------------------------

_SITE_STATES = """
() => {
  const out = {};
  for (const path of document.querySelectorAll("path.am-site-area")) {
    const m = path.getAttribute("class").match(/am-state-(\\w+)/);
    if (m) { out[m[1]] = (out[m[1]] || 0) + 1; }
  }
  return out;
}
"""


def set_step(page: Page, label: str) -> None:
    """Move the site's slider to the step labelled ``label`` (as its input event does)."""
    page.evaluate(
        """(label) => {
          const steps = window.ARTICLEMAP_DATA.steps;
          const slider = document.getElementById("date-slider");
          slider.value = String(steps.findIndex((s) => s.label === label));
          slider.dispatchEvent(new Event("input"));
        }""",
        label,
    )


def test_the_static_site_draws_the_states_at_its_slider_date(browser, tmp_path: Path) -> None:
    from articlemap.dataset import load_dataset
    from articlemap.site import write_site

    write_site(load_dataset(), tmp_path)
    context = browser.new_context(viewport=DESKTOP)
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto((tmp_path / "index.html").as_uri())
        page.wait_for_selector("html[data-ready='true']")
        set_step(page, "11 Nov 2020")
        assert page.evaluate(_SITE_STATES) == {"contested": 3}
        legend = page.locator("#state-legend")
        assert HELD in legend.inner_text() and RETURNED not in legend.inner_text()
        set_step(page, "20 Nov 2020")
        assert page.evaluate(_SITE_STATES) == {"changed": 1, "contested": 2}
        assert RETURNED in legend.inner_text()
        # Aghdam's popup: a click on its polygon, away from the markers
        page.evaluate("() => window.scrollTo(0, 0)")
        path = page.locator("path.am-site-area.am-state-changed")
        box = path.bounding_box()
        assert box is not None
        point = page.evaluate(
            """(b) => { const p = document.querySelector("path.am-state-changed");
              for (let i = 1; i < 10; i++) { for (let j = 1; j < 10; j++) {
                const x = b.x + b.width * i / 10, y = b.y + b.height * j / 10;
                if (document.elementFromPoint(x, y) === p) { return [x, y]; } } }
              return null; }""",
            box,
        )
        assert point, "no free point on Aghdam's polygon"
        page.mouse.click(*point)
        popup = page.locator(".leaflet-popup .am-area-popup")
        popup.wait_for(state="visible")
        text = popup.inner_text()
        assert RETURNED + " (shown now)" in text
        assert "From the event:" in text and "withdraw from Aghdam district" in text
        assert "According to the statement, Armenia was forced to withdraw" in text
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.mouse.move(5, 5)  # the tooltip away; the popup done fading in
        page.wait_for_timeout(400)
        page.screenshot(path=str(SHOTS / "static-site-aghdam-1400x900.png"))
        # Play from 20 Nov: the next steps move Kalbajar (25 Nov) and Lachin (1 Dec) on
        page.select_option("#pace", "fast")
        page.locator("#play").click()
        poll(
            lambda: page.evaluate(_SITE_STATES),
            lambda s: s == {"changed": 3},
            15,
            "Play to move every district on",
        )
        page.locator("#play").click()  # pause
        assert errors == []
    finally:
        context.close()

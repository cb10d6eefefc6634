"""Issue #13, Present on a projector: at 1280x720 and 1920x1080 every step of the built-in
story fits the window with no page scroll (a long quote scrolls inside its own box), no
text is under 24 px at 1080p, and the map takes the height the bar leaves."""

from __future__ import annotations

import pytest
from e2e_helpers import EXCEPTION, map_frame, wait_app_idle, wait_for_map

pytestmark = pytest.mark.e2e

# Text that cannot be read without scrolling the page: an element holding text whose bottom
# is below the window or cut off by a clipping box; text in a box that scrolls counts by
# that box, which must fit.
SPILLS = """
() => {
  const vh = window.innerHeight, out = [];
  const main = document.querySelector('[data-testid="stMain"]');
  const page = document.scrollingElement;
  if (main.scrollHeight > main.clientHeight + 1 || page.scrollHeight > page.clientHeight + 1) {
    out.push({text: "the page scrolls", bottom: main.scrollHeight, limit: main.clientHeight});
  }
  for (const el of main.querySelectorAll("*")) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own && el.tagName !== "IFRAME" && el.tagName !== "BUTTON") continue;
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || getComputedStyle(el).visibility === "hidden") continue;
    let bottom = r.bottom, limit = vh, scrolled = false;
    for (let a = el.parentElement; a && a !== main; a = a.parentElement) {
      const oy = getComputedStyle(a).overflowY;
      if ((oy === "auto" || oy === "scroll") && !scrolled) {
        scrolled = true;
        bottom = a.getBoundingClientRect().bottom;
      } else if (oy === "hidden" || oy === "clip") {
        limit = Math.min(limit, a.getBoundingClientRect().bottom);
      }
    }
    if (bottom > limit + 0.5) {
      out.push({text: (el.innerText || el.tagName).slice(0, 40), bottom: Math.round(bottom),
                limit: Math.round(limit)});
    }
  }
  return out;
}
"""

# The smallest computed font size of any text on the page outside the map (px), and where.
SMALLEST_TEXT = """
() => {
  let least = {px: Infinity, text: ""};
  for (const el of document.querySelectorAll('[data-testid="stMain"] *')) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    const r = el.getBoundingClientRect();
    if (!own || !r.width || !r.height) continue;
    const px = parseFloat(getComputedStyle(el).fontSize);
    if (px < least.px) least = {px, text: el.textContent.trim().slice(0, 40)};
  }
  return least;
}
"""

MAP_BOX = """
() => {
  const frame = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
  const inner = frame.contentDocument.querySelector(".leaflet-container");
  const r = frame.getBoundingClientRect(), m = inner.getBoundingClientRect();
  return {top: r.top, bottom: r.bottom, height: r.height, inner: m.height};
}
"""


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1920, 1080)])
def test_every_present_step_fits_the_projector(app_url, page, width, height) -> None:
    page.set_viewport_size({"width": width, "height": height})
    page.goto(app_url + "/present")
    first = page.get_by_text("Event 1 of", exact=False)
    first.wait_for()
    wait_for_map(page)
    total = int(first.inner_text().split()[-1])
    assert total > 30, "the built-in story has 37 dated events"
    spilled: dict[int, list] = {}
    smallest: list[tuple[float, int, str]] = []
    for step in range(1, total + 1):
        page.get_by_text(f"Event {step} of {total}", exact=True).wait_for()
        wait_app_idle(page)
        spills = page.evaluate(SPILLS)
        if spills:
            spilled[step] = spills[:3]
        least = page.evaluate(SMALLEST_TEXT)
        smallest.append((least["px"], step, least["text"]))
        if step == 1:
            box = page.evaluate(MAP_BOX)
            # The map reaches (nearly) the bottom of the window and draws in all of its frame.
            assert box["bottom"] >= height - 40, box
            assert box["height"] >= height - box["top"] - 40, box
            assert abs(box["inner"] - box["height"]) <= 2, box
            # the map's place names, read from the back of the room
            label = map_frame(page).locator(".am-label").first
            label.wait_for(state="attached")
            label_px = float(label.evaluate("(e) => parseFloat(getComputedStyle(e).fontSize)"))
            assert label_px >= (20 if height >= 1080 else 15), f"map names {label_px} px"
        if step < total:
            page.keyboard.press("ArrowRight")
    assert not spilled, f"{len(spilled)} of {total} steps spill at {width}x{height}: {spilled}"
    if height >= 1080:
        px, step, text = min(smallest)
        assert px >= 24, f"“{text}” is {px} px on step {step} at {width}x{height}"
    assert page.locator(EXCEPTION).count() == 0

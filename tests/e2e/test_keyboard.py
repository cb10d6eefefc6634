"""Issue #13, a keyboard-only reader and one who asked for less motion: a skip link (first
in the page after Streamlit's own) goes to the event list, which says it is the map as
text; every card, its button and the page's controls are Tab stops with a visible focus;
with prefers-reduced-motion the map jumps to each Present step instead of flying."""

from __future__ import annotations

import pytest
from e2e_helpers import EXCEPTION, map_frame, wait_app_idle, wait_for_map

pytestmark = pytest.mark.e2e

# The focused element, inside shadow roots too, with what shows its focus.
FOCUSED = """
() => {
  let a = document.activeElement;
  while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
  if (!a) return null;
  const cs = getComputedStyle(a);
  return {tag: a.tagName, cls: String(a.className || ""),
          text: (a.innerText || a.getAttribute("aria-label") || "").trim().slice(0, 60),
          ring: (cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) >= 2)
                || (cs.boxShadow !== "none" && cs.boxShadow.includes(" 0px 0px 0px "))};
}
"""


def tab_until(page, match, limit: int = 40) -> list[dict]:
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = page.evaluate(FOCUSED)
        seen.append(now)
        if now and match(now):
            return seen
    raise AssertionError(f"not reached with Tab in {limit} presses: {seen[-8:]}")


def test_keyboard_path_to_the_event_list(app_url, page) -> None:
    page.goto(app_url)
    wait_for_map(page)
    wait_app_idle(page)
    # Streamlit's own skip link first, then (into the page) ours.
    page.keyboard.press("Tab")
    assert "Skip to main content" in page.evaluate(FOCUSED)["text"]
    page.keyboard.press("Enter")
    seen = tab_until(page, lambda f: "am-skip" in f["cls"], limit=3)
    assert seen[-1]["ring"], "the skip link has no visible focus"
    page.keyboard.press("Enter")
    cards = tab_until(page, lambda f: "am-card" in f["cls"].split(), limit=3)
    assert cards[-1]["ring"], "a focused card shows no focus"
    assert cards[-1]["text"], cards[-1]
    shown = tab_until(page, lambda f: f["text"] == "Show on map", limit=2)
    assert shown[-1]["ring"]
    twin = page.locator(".am-twin")
    assert "the map as text" in twin.inner_text()
    assert page.locator('[role="list"][aria-label*="map as text"]').count() == 1
    # The sidebar's page links and the page's own controls are Tab stops with a visible focus.
    page.goto(app_url)
    wait_for_map(page)
    wait_app_idle(page)
    link = tab_until(page, lambda f: f["tag"] == "A" and f["text"].endswith("Timeline"))
    assert link[-1]["ring"], "the page links show no focus"
    tab_until(page, lambda f: f["text"] == "Show events between — start", limit=40)
    assert page.locator(EXCEPTION).count() == 0


# The skip link's box as drawn: how much of it is visible inside the viewport.
SKIP_BOX = """
() => {
  const a = document.querySelector("a.am-skip");
  const r = a.getBoundingClientRect();
  const w = Math.max(0, Math.min(r.right, innerWidth) - Math.max(r.left, 0));
  const h = Math.max(0, Math.min(r.bottom, innerHeight) - Math.max(r.top, 0));
  const clip = getComputedStyle(a).clipPath;
  return {visible: clip !== "none" && clip !== "" ? 0 : w * h, top: r.top};
}
"""


@pytest.mark.parametrize("query", ["", "?embed=true"])
def test_the_skip_link_shows_only_when_focused(app_url, page, query) -> None:
    """Embedded (?embed=true), the page starts higher: a link moved up by a fixed distance
    peeked out above the title."""
    page.goto(app_url + query)
    wait_for_map(page)
    wait_app_idle(page)
    assert page.evaluate(SKIP_BOX)["visible"] <= 1, "the skip link shows before it is focused"
    page.locator("a.am-skip").focus()
    focused = page.evaluate(SKIP_BOX)
    assert focused["visible"] > 500 and focused["top"] >= 0, focused


# Count Leaflet's animations in the map's frame: zoom animations and animated pans.
COUNT_MOTION = """
(el) => {
  if (!window.amMotion) {
    window.amMotion = 0;
    const run = L.PosAnimation.prototype.run;
    L.PosAnimation.prototype.run = function () {
      window.amMotion++;
      return run.apply(this, arguments);
    };
    for (const k of Object.keys(window)) {
      let v;
      try { v = window[k]; } catch (e) { continue; }
      if (v && typeof v.getZoom === "function" && v._container === el) {
        v.on("zoomanim", () => { window.amMotion++; });
        break;
      }
    }
  }
  return window.amMotion;
}
"""


def motion_over_steps(browser, app_url: str, reduced: bool) -> int:
    ctx = browser.new_context(
        viewport={"width": 1280, "height": 720},
        reduced_motion="reduce" if reduced else "no-preference",
    )
    ctx.set_default_timeout(20_000)
    try:
        page = ctx.new_page()
        page.goto(app_url + "/present")
        page.get_by_text("Event 1 of", exact=False).wait_for()
        wait_for_map(page)
        wait_app_idle(page)
        container = map_frame(page).locator(".leaflet-container")
        container.evaluate(COUNT_MOTION)
        for step in range(2, 9):
            page.keyboard.press("ArrowRight")
            page.get_by_text(f"Event {step} of", exact=False).wait_for()
            wait_app_idle(page)
            page.wait_for_timeout(400)
        assert page.locator(EXCEPTION).count() == 0
        return container.evaluate(COUNT_MOTION)
    finally:
        ctx.close()


def test_reduced_motion_stops_the_flights(app_url, browser) -> None:
    assert motion_over_steps(browser, app_url, reduced=False) > 0, (
        "no animation at all: this test could not tell"
    )
    assert motion_over_steps(browser, app_url, reduced=True) == 0

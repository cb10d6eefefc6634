"""Place names on the map: the places of the window are named, no two names overlap (the more
important one wins), again after a zoom, and hovering a marker shows its other names."""

from __future__ import annotations

import pytest
from e2e_helpers import MAP_IFRAME, map_eval, map_frame, poll, wait_app_idle, wait_for_map

pytestmark = pytest.mark.e2e

# The names shown and any two of them whose boxes overlap, in the map's frame.
VISIBLE_LABELS = """
(map, el) => {
  const shown = [...el.querySelectorAll(".am-label")]
    .filter((e) => !e.classList.contains("am-label-hidden"))
    .map((e) => { const r = e.getBoundingClientRect();
                  return [e.textContent, r.left, r.top, r.right, r.bottom]; });
  const overlaps = [];
  for (let i = 0; i < shown.length; i++) for (let j = i + 1; j < shown.length; j++) {
    const a = shown[i], b = shown[j];
    if (a[3] > b[1] && b[3] > a[1] && a[4] > b[2] && b[4] > a[2]) overlaps.push([a[0], b[0]]);
  }
  return {names: shown.map((s) => s[0]), overlaps, hidden: el.dataset.amLabelsHidden,
          zoom: map.getZoom()};
}
"""

# The centre of the marker whose name is `name`, in the frame's pixels.
MARKER_AT = """
(map, el) => {
  let found = null;
  map.eachLayer((layer) => {
    const tip = layer.getTooltip && layer.getTooltip();
    if (tip && tip.options.permanent && tip.getContent() === NAME) {
      const r = layer.getElement().getBoundingClientRect();
      found = [r.left + r.width / 2, r.top + r.height / 2];
    }
  });
  return found;
}
"""


def labels(page) -> dict:
    return map_eval(page, VISIBLE_LABELS)


def test_the_map_names_its_places_apart_and_hover_gives_other_names(page, app_url, screenshots_dir):
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(app_url + "/")
    wait_for_map(page)
    wait_app_idle(page)
    first = poll(lambda: labels(page), lambda v: len(v["names"]) >= 10, 20, "place names")
    assert first["overlaps"] == [], first
    assert int(first["hidden"]) > 0, "the built-in story's window has names that collide"
    assert {"Ganja", "Tovuz", "Baku"} <= set(first["names"]), first["names"]
    page.screenshot(path=str(screenshots_dir / "map-labels.png"))

    # hovering Lachin district's marker shows its other names (Berdzor) over the rest
    frame_box = page.locator(MAP_IFRAME).bounding_box()
    at = map_eval(page, MARKER_AT.replace("NAME", '"Lachin district"'))
    assert at is not None, "Lachin district has no name on the map"
    page.mouse.move(frame_box["x"] + at[0], frame_box["y"] + at[1])
    hovered = map_frame(page).locator(".am-label-hover")
    hovered.wait_for(state="visible", timeout=5000)
    assert "Berdzor" in hovered.inner_text()
    page.mouse.move(frame_box["x"] + 5, frame_box["y"] + frame_box["height"] - 5)
    hovered.wait_for(state="detached", timeout=5000)

    # zoomed in, the names are placed again: more room, fewer hidden, still no overlap
    map_frame(page).locator(".leaflet-control-zoom-in").click()
    after = poll(
        lambda: labels(page),
        lambda v: v["zoom"] == first["zoom"] + 1 and int(v["hidden"]) < int(first["hidden"]),
        10,
        "the names placed again after zooming in",
    )
    assert after["overlaps"] == [], after


# Pan the map so that the marker named NAME sits 12 px from its right edge; then the names
# the edge cuts, and by how much (names wholly outside the map are not seen at all).
AT_RIGHT_EDGE = """
(map, el) => {
  let marker = null;
  map.eachLayer((layer) => {
    const tip = layer.getTooltip && layer.getTooltip();
    if (tip && tip.options.permanent && tip.getContent() === NAME) marker = layer;
  });
  if (!marker) return null;
  const size = map.getSize(), at = map.latLngToContainerPoint(marker.getLatLng());
  map.panBy([at.x - (size.x - 12), 0], {animate: false});
  return true;
}
"""
PAST_THE_EDGE = """
(map, el) => {
  const frame = el.getBoundingClientRect();
  return [...el.querySelectorAll(".am-label")]
    .filter((e) => !e.classList.contains("am-label-hidden"))
    .map((e) => [e.textContent, e.getBoundingClientRect()])
    .filter(([, r]) => r.left < frame.right && r.right > frame.right)  // cut by the edge
    .map(([name, r]) => [name, Math.round(r.right - frame.right)]);
}
"""


def test_a_name_at_the_maps_right_edge_goes_on_the_left(page, app_url, screenshots_dir):
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(app_url + "/")
    wait_for_map(page)
    wait_app_idle(page)
    poll(lambda: labels(page), lambda v: "Baku" in v["names"], 20, "Baku named")
    assert map_eval(page, AT_RIGHT_EDGE.replace("NAME", '"Baku"'))
    past = poll(lambda: map_eval(page, PAST_THE_EDGE), lambda v: v == [], 10, "no name cut")
    assert past == []
    side = map_eval(
        page,
        """(map) => { let d = null; map.eachLayer((l) => { const t = l.getTooltip && l.getTooltip();
           if (t && t.options.permanent && t.getContent() === "Baku") d = t.options.direction; });
           return d; }""",
    )
    assert side == "left"
    map_frame(page).locator(".leaflet-container").screenshot(
        path=str(screenshots_dir / "map-label-right-edge.png")
    )

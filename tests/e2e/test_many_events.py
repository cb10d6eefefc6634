"""Thousands of events in a real browser: markers on a canvas, still clickable.

From ``map_layers.CANVAS_FROM`` markers in one view the map draws them on one canvas instead
of one SVG path each (bench/browser.py: the longest task of a whole-span move went from
~140 to ~65 ms). A canvas marker is no DOM node, so this checks what a user sees and does:
the map says it drew them, and a click on one opens its popup and lists its events first.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from e2e_helpers import EXCEPTION, map_eval, map_frame, move_thumb, poll, wait_app_idle

from articlemap import map_layers
from bench._common import BenchError
from bench._common import running_app as bench_server
from bench.synthetic import make_dataset

pytestmark = pytest.mark.e2e

EVENTS = 3_000  # 600 places: more markers than CANVAS_FROM over the whole span


@pytest.fixture(scope="module")
def big_url(chromium, tmp_path_factory) -> Iterator[str]:
    data = make_dataset(EVENTS, tmp_path_factory.mktemp("big") / "data")
    try:
        with bench_server(data_dir=data, log_name="e2e-many-events.log") as server:
            yield server.url
    except BenchError as exc:
        pytest.fail(str(exc))


def drawn(page) -> dict:
    return map_frame(page).locator(".leaflet-container").evaluate("(el) => ({...el.dataset})")


def test_whole_span_draws_markers_on_a_canvas_that_open_popups(page, big_url):
    page.goto(big_url)
    poll(lambda: drawn(page).get("amView"), bool, 60, "the first view drawn")
    first = drawn(page)
    assert first["amRenderer"] == "svg"  # a year's window: a few hundred markers
    move_thumb(page, "start", "Home")
    wait_app_idle(page)
    move_thumb(page, "end", "End")
    view = poll(
        lambda: drawn(page),
        lambda d: d.get("amRenderer") == "canvas",
        30,
        "the whole span drawn on a canvas",
    )
    assert int(view["amMarkers"]) >= map_layers.CANVAS_FROM
    frame = map_frame(page)
    assert frame.locator("path.am-event-marker").count() == 0
    assert frame.locator(".leaflet-amCanvasMarkers-pane canvas").count() == 1

    # Click the marker on top at the map's centre area, where the user would.
    point = map_eval(
        page,
        """(map) => {
          const size = map.getSize();
          let best = null;
          map.eachLayer((layer) => {
            if (!(layer instanceof L.CircleMarker) || !layer.options.renderer) return;
            const p = map.latLngToContainerPoint(layer.getLatLng());
            if (p.x < 40 || p.y < 40 || p.x > size.x - 60 || p.y > size.y - 40) return;
            const d = Math.hypot(p.x - size.x / 2, p.y - size.y / 2);
            if (!best || d < best.d) best = {x: p.x, y: p.y, d: d};
          });
          return best;
        }""",
    )
    assert point is not None, "no canvas marker inside the map"
    box = page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    popup = frame.locator(".leaflet-popup")
    poll(lambda: popup.count(), lambda n: n > 0, 10, "a popup on the clicked canvas marker")
    assert "Synthetic event" in popup.first.inner_text()
    badge = page.locator(".st-key-event-cards .am-badge.place")
    poll(lambda: badge.count(), lambda n: n > 0, 20, "the clicked place's events listed first")
    assert page.locator(EXCEPTION).count() == 0

"""Text from the data cannot break or script the map: escaped for HTML and JS template strings."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
import subprocess
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from articlemap import map_layers
from articlemap.escaping import BIDI_CONTROLS, display_text, map_text, markdown_text
from articlemap.schema import Event, Place
from articlemap.story import default_meta

PAYLOADS = [
    "`",
    "${alert(1)}",
    "\\",
    "<img src=x onerror=alert(1)>",
    "\"double\" and 'single' quotes",
    "`${alert(document.cookie)}` \\` </script><script>alert(2)</script> &amp;",
]
RAW = ("<", ">", "`", "$", "\\")
PAYLOAD = "`${alert(1)}` \\ <img src=x onerror=alert(1)> \"q\" 'q' </script>"

META = default_meta("A story")  # generic categories: diplomacy draws lines


@pytest.mark.parametrize("text", PAYLOADS)
def test_map_text_escapes_payloads(text):
    out = map_text(text)
    for ch in RAW:
        assert ch not in out
    assert '"' not in out and "'" not in out
    assert html.unescape(out) == text


@given(st.text())
def test_map_text_round_trips_any_text(text):
    out = map_text(text)
    assert not any(ch in out for ch in RAW)
    assert html.unescape(out) == display_text(text)


@given(st.text(alphabet=st.sampled_from(["a", "b", " ", *BIDI_CONTROLS]), max_size=30))
def test_bidi_controls_never_reach_a_reader(text):
    for out in (display_text(text), map_text(text), markdown_text(text)):
        assert not any(ch in out for ch in BIDI_CONTROLS)
    assert display_text("Washington \u202eexe.live\u202c") == "Washington exe.live"


@pytest.mark.parametrize("text", ["http://x.org/a", "HTTPS://x.org", "www.x.org/y", "a@b.org"])
def test_markdown_text_breaks_bare_addresses_that_would_be_linked(text):
    out = markdown_text(text)
    assert "\u2060" in out
    assert out.replace("\u2060", "").replace("\\", "") == text


def test_markdown_text_shows_an_image_link_as_text():
    out = markdown_text("![x](https://tracker.example/p.png) [link](https://e.example) $x$")
    assert "](" not in out.replace("\\](", "")
    assert out.count("\\!") == 1 and out.count("\\$") == 2


def test_map_text_of_none_and_numbers():
    assert map_text(None) == ""
    assert map_text(12.5) == "12.5"


# --- a real map built with these payloads ---------------------------------------------------


def place(pid: str, name: str, lat: float, lon: float) -> Place:
    return Place(id=pid, name=name, kind="city", lat=lat, lon=lon, source="test")


def hostile_event() -> tuple[Event, Place]:
    here = place("here", "Town " + PAYLOAD, 40.68, 46.36)
    far = place("far", "Far " + PAYLOAD, 55.75, 37.62)
    district = Place(
        id="district",
        name="District " + PAYLOAD,
        kind="district",
        lat=40.0,
        lon=47.0,
        source="test",
        other_names=("Other " + PAYLOAD,),
        area_id="az-test",
    )
    event = Event(
        id="hostile",
        title="Title " + PAYLOAD,
        date_start=dt.date(2020, 10, 9),
        date_end=dt.date(2020, 10, 9),
        date_precision="day",
        date_as_written="9 October " + PAYLOAD,
        category="diplomacy",
        place_ids=("here", "far", "district"),
        quote="Quote " + PAYLOAD,
        places=(here, far, district),
    )
    origin = place("origin", "Origin " + PAYLOAD, 40.38, 49.89)
    return event, origin


def hostile_view() -> dict:
    event, origin = hostile_event()
    square = {
        "type": "Polygon",
        "coordinates": [[[46.9, 39.9], [47.1, 39.9], [47.1, 40.1], [46.9, 40.1], [46.9, 39.9]]],
    }
    return map_layers.view_data(
        [event],
        {"az-test": square},
        {"az-test": "Area " + PAYLOAD},
        META,
        origin=origin,
        selected_event_id=event.id,
        plain_places=[place("plain", "Plain " + PAYLOAD, 41.0, 45.0)],
    )


def rendered_map() -> str:
    """The base map page with the hostile view's script run in it, as the browser gets it."""
    page = map_layers.base_map().get_root().render()
    view = map_layers.view_script(hostile_view()).replace("map_div", "window.map_div")
    return page.replace("</body>", f"<script>{view}</script></body>")


def strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


def test_map_shows_the_payload_only_escaped():
    view = hostile_view()
    assert [len(view[k]) for k in ("areas", "links", "markers", "plain")] == [1, 1, 3, 1]
    shown = list(strings(view))
    with_payload = [s for s in shown if "alert(1)" in s]
    # Every text of the event, its places and the area reaches the map...
    parts = ("Title", "Quote", "Town", "Far", "District", "Other", "Origin", "9 October", "Plain")
    for part in parts:
        assert any(part + " " in html.unescape(s) for s in with_payload), part
    assert any(html.unescape(map_text(PAYLOAD)) in html.unescape(s) for s in with_payload)
    # ...and only in escaped form: Leaflet sets these strings as HTML.
    for s in with_payload:
        assert "<img" not in s and "</script" not in s
        assert "${" not in s and "`" not in s and "\\" not in s
        assert "&lt;img src=x onerror=alert(1)&gt;" in s
    # Nothing raw in the page's source either.
    page = rendered_map()
    assert "<img" not in page and "${" not in page and "`" not in page
    assert "</script><script>" not in page


def test_view_script_is_the_view_as_json():
    view = hostile_view()
    view["events"]["hostile"]["quote"] += " \u2028 line separator"
    script = map_layers.view_script(view)
    assert script.startswith("window.articlemapView(map_div, {") and script.endswith("});\n")
    assert "\u2028" not in script  # a raw U+2028 ends a line in older JavaScript parsers
    assert json.loads(script[len("window.articlemapView(map_div, ") : -3]) == view


RUN_VIEW = """
const [builder, view] = JSON.parse(require("fs").readFileSync(0, "utf8"));
const popups = [], tooltips = [], classes = [], renderers = [];
const layer = () => ({
  bindPopup(h) { popups.push(typeof h === "function" ? h() : h); return this; },
  bindTooltip(t) { tooltips.push(t); return this; },
  on() { return this; }, addTo() { return this; },
});
globalThis.window = globalThis;
globalThis.L = {
  geoJSON(fc, opts) {
    for (const f of fc.features) {
      if (f.geometry.type === "Point") opts.pointToLayer(f, [0, 0]);
      classes.push(opts.style(f).className);
      opts.onEachFeature(f, layer());
    }
    return layer();
  },
  circleMarker(latlng, options) {
    renderers.push(options.renderer ? "canvas" : "svg");
    return layer();
  },
  canvas() { return {}; },
  control: { layers: () => layer() },
};
const box = { dataset: {}, addEventListener() {} };
globalThis.map_div = {
  getContainer: () => box, createPane: () => ({ style: {} }),
  getSize: () => ({ x: 600, y: 400 }), on() {},
};
eval(builder);
eval(view);
console.log(JSON.stringify({
  popups, tooltips, classes, renderers, groups: window.feature_group.length, drawn: box.dataset,
}));
"""


def run_view_in_node(view: dict) -> dict:
    element = map_layers.ViewLayers()
    builder = str(element._template.module.script(element, {}))
    result = subprocess.run(
        ["node", "-e", RUN_VIEW],
        input=json.dumps([builder, map_layers.view_script(view)]),
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_popups_built_in_the_browser_hold_only_escaped_text():
    drawn = run_view_in_node(hostile_view())
    assert drawn["groups"] == 4
    # each layer's own class first (a chosen event's adds "am-selected" after it)
    assert {c.split()[0] for c in drawn["classes"]} == {
        map_layers.MARKER_CLASS,
        map_layers.AREA_CLASS,
        map_layers.LINK_CLASS,
        map_layers.PLAIN_CLASS,
    }
    assert len(drawn["popups"]) == 3  # one per event marker
    for popup in drawn["popups"]:
        assert map_text("Title " + PAYLOAD) in popup and map_text("Quote " + PAYLOAD) in popup
        assert "<img" not in popup and "${" not in popup and "`" not in popup
        assert popup.startswith("<div class='am-popup'><b>") and popup.endswith("</div>")
    for text in drawn["tooltips"]:
        assert "<img" not in text and "alert(1)" in text


def day_event(i: int, at: Place, written: str = "") -> Event:
    """Event ``e{i}`` at one place on the (i+1)th of October 2020."""
    day = dt.date(2020, 10, i % 31 + 1)
    return Event(
        id=f"e{i}",
        title=f"Event {i}",
        date_start=day,
        date_end=day,
        date_precision="day",
        date_as_written=written,
        category="conflict",
        place_ids=(at.id,),
        quote=f"Quote {i}",
        places=(at,),
    )


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_popup_lists_six_events_and_counts_the_rest():
    here = place("here", "Here", 40.0, 47.0)
    events = [day_event(i, here, f"{i + 1} October" if i % 2 else "") for i in range(9)]
    view = map_layers.view_data(events, {}, {}, META, selected_event_id="e7")
    assert len(view["events"]) == map_layers.POPUP_LIMIT == 6
    (popup,) = run_view_in_node(view)["popups"]
    titles = re.findall(r"<div><b>(Event \d)</b></div>", popup)
    assert titles == ["Event 7", "Event 0", "Event 1", "Event 2", "Event 3", "Event 4"]
    assert "\u2014 \u201c8 October\u201d" in popup  # the date as written, in quotes
    assert popup.count("<blockquote") == 6 and "\u2026 and 3 more" in popup


def scripts(page: str) -> list[str]:
    return [
        s
        for s in re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", page, re.DOTALL)
        if s.strip()
    ]


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_generated_scripts_are_valid_javascript():
    page = rendered_map()
    code = scripts(page)
    assert any("alert(1)" in s for s in code), "the payload should be inside a script"
    checker = (
        "const codes = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "codes.forEach((c, i) => { try { new Function(c); }"
        " catch (e) { console.error(i, e.message); process.exitCode = 1; } });"
    )
    result = subprocess.run(
        ["node", "-e", checker],
        input=json.dumps(code),
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_syntax_check_catches_a_broken_script():
    """The node check above can fail: a raw backtick in a template string breaks it."""
    broken = "var popup = `" + "a ` b" + "`;"
    result = subprocess.run(
        ["node", "-e", "new Function(require('fs').readFileSync(0, 'utf8'))"],
        input=broken,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode != 0


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_thousands_of_markers_go_on_a_canvas_and_the_map_says_what_it_drew():
    places = [place(f"p{i}", f"P{i}", 40 + i / 1000, 47.0) for i in range(map_layers.CANVAS_FROM)]
    events = [day_event(i, p) for i, p in enumerate(places)]
    many = run_view_in_node(map_layers.view_data(events, {}, {}, META))
    assert set(many["renderers"]) == {"canvas"}
    assert many["drawn"] == {
        "amView": "1",
        "amMarkers": str(map_layers.CANVAS_FROM),
        "amRenderer": "canvas",
    }
    few = run_view_in_node(map_layers.view_data(events[:-1], {}, {}, META))
    assert set(few["renderers"]) == {"svg"} and few["drawn"]["amRenderer"] == "svg"

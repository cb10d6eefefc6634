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
from articlemap.escaping import map_text
from articlemap.schema import Event, Place

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
    assert html.unescape(out) == text


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


def rendered_map() -> str:
    event, origin = hostile_event()
    square = {
        "type": "Polygon",
        "coordinates": [[[46.9, 39.9], [47.1, 39.9], [47.1, 40.1], [46.9, 40.1], [46.9, 39.9]]],
    }
    m = map_layers.base_map()
    groups = map_layers.dynamic_layers(
        [event],
        {"az-test": square},
        {"az-test": "Area " + PAYLOAD},
        origin=origin,
        selected_event_id=event.id,
    )
    for group in groups:
        group.add_to(m)
    return m.get_root().render()


def geojson_data(page: str) -> list[dict]:
    """The GeoJSON collections the page hands to Leaflet (folium's ``…_add({...});`` calls)."""
    return [json.loads(m) for m in re.findall(r"_add\((\{.*?\})\);\n", page, re.DOTALL)]


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
    page = rendered_map()
    collections = geojson_data(page)
    assert len(collections) == 3  # areas, links, markers
    shown = [s for c in collections for f in c["features"] for s in strings(f["properties"])]
    with_payload = [s for s in shown if "alert(1)" in s]
    # Every text of the event, its places and the area reaches the map...
    for part in ("Title", "Quote", "Town", "Far", "District", "Other", "Origin", "9 October"):
        assert any(part + " " in html.unescape(s) for s in with_payload), part
    assert any(html.unescape(map_text(PAYLOAD)) in html.unescape(s) for s in with_payload)
    # ...and only in escaped form: Leaflet sets these strings as HTML.
    for s in with_payload:
        assert "<img" not in s and "</script" not in s
        assert "${" not in s and "`" not in s and "\\" not in s
        assert "&lt;img src=x onerror=alert(1)&gt;" in s
    # Nothing raw in the page's source either.
    assert "<img" not in page and "${" not in page and "`" not in page
    assert "</script><script>" not in page


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

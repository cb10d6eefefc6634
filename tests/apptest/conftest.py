"""AppTest helpers: run the app's pages in-process and read the map component's arguments.

AppTest cannot run the streamlit-folium component; it appears as an UnknownElement whose
``proto.json_args`` holds what the browser would receive (base map script, feature groups,
centre, zoom), so the tests assert on those.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")


def run_page(page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    if page is not None:
        at.switch_page(page).run()
    return at


def _walk(node):
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from _walk(child)
    yield node


def map_args(at: AppTest) -> dict:
    maps = [e for e in _walk(at._tree) if type(e).__name__ == "UnknownElement"]
    assert maps, "the map component was not rendered"
    return json.loads(maps[0].proto.json_args)


VIEW_CALL = re.compile(r"^window\.articlemapView\(map_div, (\{.*\})\);\n$", re.DOTALL)


def map_view(at: AppTest) -> dict:
    """The view the map draws (``map_layers.view_data``), from the script sent to the browser."""
    match = VIEW_CALL.match(map_args(at)["feature_group"])
    assert match, "the map's feature_group is not a view script"
    return json.loads(match.group(1))


def marker_place_ids(at: AppTest) -> list[str]:
    """Places that carry a marker in the view sent to the browser."""
    return [f["properties"]["place_id"] for f in map_view(at)["markers"]]


def open_popups(at: AppTest) -> list[str]:
    """Places whose popup the browser opens after this rerun."""
    return [f["properties"]["place_id"] for f in map_view(at)["markers"] if f["properties"]["open"]]


@pytest.fixture
def app() -> AppTest:
    return run_page()


def card_list(at: AppTest, key: str = "event-cards") -> dict:
    """The data the event-cards component draws: {"cards": [...], "more": n, ...}.

    AppTest cannot click inside a front-end component; the tests read what it is given and
    choose events the way a click does (``controls.select_event``), while the e2e tests click
    the real buttons.
    """
    for element in _walk(at._tree):
        if (
            type(element).__name__ == "UnknownElement"
            and element.type == "bidi_component"
            and element.proto.id.endswith(f"-{key}")
        ):
            return json.loads(element.proto.json)
    raise AssertionError(f"no card list {key!r} on the page")


def card_ids(at: AppTest, key: str = "event-cards") -> list[str]:
    return [card["id"] for card in card_list(at, key)["cards"]]

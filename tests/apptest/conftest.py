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


def marker_place_ids(at: AppTest) -> list[str]:
    """Places that carry a marker in the dynamic layer sent to the browser."""
    return re.findall(r'"place_id": "([^"]+)"', map_args(at)["feature_group"])


@pytest.fixture
def app() -> AppTest:
    return run_page()

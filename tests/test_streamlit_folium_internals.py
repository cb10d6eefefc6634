"""The streamlit-folium internals ui/fastmap.py relies on are still there, as they were.

``ui/fastmap.py`` calls streamlit-folium's private component function with a base map
rendered once per process, because the public ``st_folium`` renders the whole folium map on
every call: 28–33 ms per call against 1–2 ms for the article's views, ~34x (``python
bench/map_call.py``), and most of a slider move (``bench/rerun.py``: a move 12.0 ms with
fastmap, 36.6 ms with ``st_folium``). A new streamlit-folium may rename or reshape those
internals; these tests then fail with a message saying what changed, instead of the map
going blank in a browser. Each test checks one thing fastmap uses, at the version pinned in
requirements.txt. After a bump: fix fastmap (or drop it for ``st_folium`` if the public API
has become cheap, measured with bench/map_call.py), then update these expectations.
"""

from __future__ import annotations

import inspect
import re
from importlib import metadata
from pathlib import Path
from unittest import mock

import pytest
import streamlit_folium

from articlemap import map_layers
from ui import fastmap

ROOT = Path(__file__).resolve().parent.parent
INSTALLED = metadata.version("streamlit-folium")
CHANGED = f"streamlit-folium {INSTALLED} changed its internals"

# The helpers fastmap imports, with the parameters it calls them with.
HELPERS = {
    "_get_html": "(fig: 'folium.MacroElement') -> 'str'",
    "_get_header": "(fig: 'folium.MacroElement') -> 'str'",
    "_get_map_string": "(fig: 'folium.Map') -> 'str'",
    "generate_js_hash": (
        "(js_string: 'str', key: 'str | None' = None, return_on_hover: 'bool' = False) -> 'str'"
    ),
    "get_full_id": "(m: 'folium.MacroElement') -> 'str'",
}


def pinned_version() -> str:
    text = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    found = re.search(r"^streamlit-folium==(\S+)", text, flags=re.MULTILINE)
    assert found, "requirements.txt does not pin streamlit-folium"
    return found.group(1)


def test_the_installed_streamlit_folium_is_the_pinned_one():
    assert pinned_version() == INSTALLED, (
        f"streamlit-folium {INSTALLED} is installed but requirements.txt pins "
        f"{pinned_version()}: these tests check the internals of the pinned version"
    )


@pytest.mark.parametrize("name", sorted(HELPERS))
def test_each_helper_fastmap_imports_keeps_its_signature(name):
    helper = getattr(streamlit_folium, name, None)
    assert helper is not None, f"{CHANGED}: streamlit_folium.{name} is gone (ui/fastmap.py uses it)"
    signature = str(inspect.signature(helper))
    assert signature == HELPERS[name], (
        f"{CHANGED}: streamlit_folium.{name}{signature}, ui/fastmap.py expects {HELPERS[name]}"
    )


def _component_calls(view_js: str, key: str) -> tuple[dict, dict]:
    """The keyword arguments of the component call: fastmap's and st_folium's, same map."""
    calls: list[dict] = []

    def record(**kwargs):
        calls.append(kwargs)
        return {}

    args = {"center": (40.0, 47.0), "zoom": 7, "returned_objects": ["last_object_clicked"]}
    component = getattr(streamlit_folium, "_component_func", None)
    assert component is not None, f"{CHANGED}: streamlit_folium._component_func is gone"
    with (
        mock.patch.object(fastmap, "_component_func", record),
        mock.patch.object(streamlit_folium, "_component_func", record),
    ):
        fastmap.show_map(key=key, view_js=view_js, height=600, **args)
        streamlit_folium.st_folium(
            map_layers.base_map("offline"),
            key=key,
            height=600,
            use_container_width=True,
            layer_control=None,
            **args,
        )
    assert len(calls) == 2, f"{CHANGED}: st_folium no longer calls _component_func once"
    return calls[0], calls[1]


def test_st_folium_calls_the_component_with_the_arguments_fastmap_passes():
    ours, theirs = _component_calls("window.articlemapView(map_div, {});\n", "map-0")
    assert set(theirs) == set(ours), (
        f"{CHANGED}: st_folium now passes {sorted(set(theirs) - set(ours))} and no longer "
        f"{sorted(set(ours) - set(theirs))} to _component_func"
    )


@pytest.mark.parametrize(
    "name",
    [
        "script",
        "header",
        "html",
        "id",
        "key",
        "width",
        "returned_objects",
        "default",
        "zoom",
        "return_on_hover",
        "layer_control",
        "pixelated",
        "css_links",
        "js_links",
        "wrap_longitude",
    ],
)
def test_fastmaps_cached_base_map_is_what_st_folium_would_send(name):
    """Same script/header/html and component key: the iframe is the one st_folium would
    make, and it is kept between moves the same way."""
    ours, theirs = _component_calls("window.articlemapView(map_div, {});\n", "map-0")
    assert ours[name] == theirs[name], (
        f"{CHANGED}: st_folium sends {name}={str(theirs[name])[:200]!r}, "
        f"ui/fastmap.py sends {str(ours[name])[:200]!r}"
    )


def test_the_front_end_replaces_the_previous_view_before_running_the_next():
    """``ViewLayers`` (map_layers.py) leaves its layers in ``window.feature_group`` and its
    control in ``window.layer_control`` for the component to remove, then the component
    evaluates the new ``feature_group`` script."""
    bundles = list(
        Path(streamlit_folium.__file__).parent.glob("frontend/build/static/js/main.*.js")
    )
    assert len(bundles) == 1, f"{CHANGED}: its front-end bundle is not where it was: {bundles}"
    code = bundles[0].read_text(encoding="utf-8")
    for needle in (
        "window.feature_group.forEach(t=>{window.map.removeLayer(t)})",
        "window.map.removeControl(window.layer_control)",
        "eval(feature_group+layer_control)",
    ):
        assert needle in code, f"{CHANGED}: its front end no longer does {needle!r}"

"""streamlit-folium's ``st_folium`` with its expensive parts done once.

``st_folium`` re-renders the whole folium map on each rerun (about 15 ms here, most of it in
folium's templates), although the base map never changes. This module renders the base map
once per process and tiles choice, and the view script (``map_layers.view_script``) once per
view, then hands the same arguments as ``st_folium`` to the same front-end component.

Why not the public ``st_folium(base_map, feature_group_to_add=…)``: it cannot skip that
render (``render=False`` still renders every element's template and renames variables over
the whole view script), so the map call costs ~30x more — 28–33 ms instead of ~1 ms for the
article's views, 590 ms instead of 17 ms for 10,000 events at once (``bench/map_call.py``),
and a slider move on the Map page 36.6 ms instead of 12.0 ms (``bench/rerun.py``, same
machine). So this module keeps the smallest private use: the component function and the
three helpers that render the base map's pieces, from streamlit-folium 0.27.4 (pinned in
requirements.txt). tests/test_streamlit_folium_internals.py fails with "streamlit-folium X.Y
changed its internals: …" when any of them, or the arguments ``st_folium`` sends, change.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

import streamlit as st
from streamlit_folium import (
    _component_func,
    _get_header,
    _get_html,
    _get_map_string,
    generate_js_hash,
    get_full_id,
)

from articlemap import map_layers
from ui import memo


@dataclass(frozen=True)
class BaseMap:
    script: str
    header: str
    html: str
    map_id: str
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]


def base_map(tiles: str) -> BaseMap:
    """The fixed base map, rendered once per process and tiles choice."""
    return memo.store("base-maps", 8).get(tiles, lambda: _render_base_map(tiles))


def _render_base_map(tiles: str) -> BaseMap:
    m = map_layers.base_map(tiles)
    m.get_root().render()
    html, header = _get_html(m), _get_header(m)
    script = _get_map_string(m)
    css = [href for _, href in m.default_css]
    js = [src for _, src in m.default_js]
    return BaseMap(script, header, html, get_full_id(m), tuple(css), tuple(js))


def view_script(build: Callable[[], dict], key: Hashable) -> str:
    """The view's script, built once per ``key`` (dataset, ids of the events, selection…).

    Views are 5–220 KB (the article's 2020 window ~30 KB, every one of 10,000 events ~220
    KB), so 256 of them stay under ~60 MB; one not kept costs 2–20 ms to build again.
    """
    return memo.store("map-views", 256).get(key, lambda: map_layers.view_script(build()))


def _component_key(script: str, key: str) -> str:
    return memo.store("map-keys", 64).get(
        (script, key), lambda: generate_js_hash(script, key, False)
    )


def show_map(
    *,
    key: str,
    view_js: str,
    tiles: str = "offline",
    center: tuple[float, float] | None = None,
    zoom: int | None = None,
    height: int = 600,
    returned_objects: Sequence[str] = (),
    on_change: Callable[[], None] | None = None,
) -> dict:
    """Draw the map like ``st_folium(base, feature_group_to_add=…)`` would; same return value.

    The layer control is made by the view script itself (with the view's layers in it).
    ``on_change`` runs (as a callback, before the next run of the page) when one of the
    ``returned_objects`` changed; ``st.session_state[key]`` then holds them.
    """
    base = base_map(tiles)
    hash_key = _component_key(base.script, key)
    defaults = {name: None for name in returned_objects}

    def changed() -> None:
        st.session_state[key] = st.session_state.get(hash_key, {})
        if on_change is not None:
            on_change()

    return _component_func(
        script=base.script,
        header=base.header,
        html=base.html,
        id=base.map_id,
        key=hash_key,
        height=height,
        width=None,
        returned_objects=list(returned_objects),
        default=defaults,
        zoom=zoom,
        center=list(center) if center is not None else None,
        feature_group=view_js,
        return_on_hover=False,
        layer_control=None,
        pixelated=False,
        css_links=list(base.css_links),
        js_links=list(base.js_links),
        on_change=changed,
        wrap_longitude=False,
    )

"""streamlit-folium's ``st_folium`` with its expensive parts cached.

``st_folium`` re-renders the whole folium map and every feature group on each rerun (about
15 ms for the 2020 window here, most of it in folium's templates), although the base map
never changes and a time window's layers only change with the window. This module renders
the base map once per process and the dynamic layers once per (window, filters, selection),
then hands the same arguments as ``st_folium`` to the same front-end component. It relies on
streamlit-folium 0.27.4's internal helpers (pinned in requirements.txt); tests check the
arguments the component receives.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

import folium
import streamlit as st
from streamlit_folium import (
    _component_func,
    _get_feature_group_string,
    _get_header,
    _get_html,
    _get_layer_control_string,
    _get_map_string,
    generate_js_hash,
    get_full_id,
)

from articlemap import map_layers


@dataclass(frozen=True)
class BaseMap:
    script: str
    header: str
    html: str
    map_id: str
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]
    layer_control: str


@st.cache_resource(show_spinner=False)
def base_map(tiles: str) -> BaseMap:
    """The fixed base map, rendered once per process and tiles choice."""
    m = map_layers.base_map(tiles)
    m.get_root().render()
    html, header = _get_html(m), _get_header(m)
    script = _get_map_string(m)
    css = [href for _, href in m.default_css]
    js = [src for _, src in m.default_js]
    control = _get_layer_control_string(folium.LayerControl(collapsed=True), m)
    return BaseMap(script, header, html, get_full_id(m), tuple(css), tuple(js), control)


def layers_script(groups: Sequence[folium.FeatureGroup]) -> str:
    """The JS that adds ``groups`` to the map (what ``feature_group_to_add`` sends)."""
    scratch = folium.Map(tiles=None)  # the groups attach to it; the map name is replaced
    scratch.get_root().render()
    return "".join(
        _get_feature_group_string(group, map=scratch, idx=i) for i, group in enumerate(groups)
    )


@st.cache_resource(max_entries=512, show_spinner=False)
def cached_layers_script(_build: Callable[[], list[folium.FeatureGroup]], key: Hashable) -> str:
    """Layers JS for one view, cached under ``key`` (ids of the window's events, selection…).

    A resource cache: the string is shared, not unpickled again on every hit as with
    ``st.cache_data`` (strings are immutable, so sharing is safe).
    """
    return layers_script(_build())


def show_map(
    *,
    key: str,
    layers_js: str,
    tiles: str = "offline",
    center: tuple[float, float] | None = None,
    zoom: int | None = None,
    height: int = 600,
    returned_objects: Sequence[str] = (),
    layer_control: bool = True,
) -> dict:
    """Draw the map like ``st_folium(base, feature_group_to_add=…)`` would; same return value."""
    base = base_map(tiles)
    hash_key = generate_js_hash(base.script, key, False)
    defaults = {name: None for name in returned_objects}

    def on_change() -> None:
        st.session_state[key] = st.session_state.get(hash_key, {})

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
        feature_group=layers_js,
        return_on_hover=False,
        layer_control=base.layer_control if layer_control else None,
        pixelated=False,
        css_links=list(base.css_links),
        js_links=list(base.js_links),
        on_change=on_change,
        wrap_longitude=False,
    )

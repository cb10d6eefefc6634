"""Map (home): the places of the events in the chosen time window, and the event list."""

import folium
import streamlit as st
from streamlit_folium import st_folium

from articlemap import map_layers, timeline
from ui import cards, controls, data, layout, share

layout.page_setup()
ds = data.dataset()
controls.init_state(ds)
flt = controls.event_filter(ds)
with st.sidebar:
    st.subheader("Map")
    tiles = st.selectbox(
        "Base map",
        list(map_layers.TILE_CHOICES),
        key="tiles",
        **controls.URL_BOUND,
        help="The offline outlines need no internet. Web tiles load from a tile server.",
    )
    show_undated = st.toggle("Also map undated events", key="show_undated", **controls.URL_BOUND)

st.title("Diplomacy leading to victory")
st.caption(
    "The author's account — Jeyhun Bayramov, Azerbaijan's Minister of Foreign Affairs — "
    "of the 2020 Karabakh war and its diplomacy. One side's account of a contested conflict: "
    "every event shows the passage it comes from."
)

window = controls.time_window(ds)
events = flt.apply(ds.events)
shown = timeline.events_in_window(events, window)
undated = timeline.undated(events)
on_map = shown + (undated if show_undated else [])
map_key = f"map-{st.session_state.map_generation}"
controls.take_marker_click(st.session_state.get(map_key), on_map)

map_col, list_col = st.columns([5, 3], gap="medium")
with map_col:
    geometry, names = data.area_lookup(ds, ds.name)
    layers = map_layers.dynamic_layers(
        on_map,
        geometry,
        names,
        origin=ds.place_by_id.get("baku"),
        selected_event_id=st.session_state.selected_event,
        selected_place_id=st.session_state.selected_place,
    )
    st_folium(
        map_layers.base_map(tiles),
        key=map_key,
        height=600,
        use_container_width=True,
        center=st.session_state.map_center,
        zoom=map_layers.DEFAULT_ZOOM,
        feature_group_to_add=layers,
        layer_control=folium.LayerControl(collapsed=True),
        returned_objects=["last_object_clicked"],
    )
    cards.legend()
    c1, c2, c3 = st.columns(3)
    c1.button("Reset map view", on_click=controls.reset_view, icon=":material/zoom_out_map:")
    if st.session_state.selected_event or st.session_state.selected_place:
        c2.button("Clear selection", on_click=controls.clear_selection, icon=":material/close:")
    with c3:
        share.share_panel(ds)

with list_col:
    list_all = st.toggle(
        "List every event",
        key="list_all",
        **controls.URL_BOUND,
        help="Events outside the time window are listed too; choosing one moves the slider to it.",
    )
    st.markdown(
        f"**{len(shown)} event{'s' if len(shown) != 1 else ''}** between "
        f"{controls.fmt_day(window.start)} and {controls.fmt_day(window.end)}"
        + (f" · filtered from {len(ds.events)}" if flt.active else "")
    )
    listed = [e for e in events if e.is_dated] if list_all else shown
    with st.container(height=560, key="event-list"):
        if not listed:
            st.info("No dated event in this window. Move the slider or clear the filters.")
        cards.event_list(
            listed,
            selected_event=st.session_state.selected_event,
            selected_place=st.session_state.selected_place,
            on_show=lambda eid: controls.select_event(ds, eid),
            outside=set() if not list_all else {e.id for e in listed} - {e.id for e in shown},
        )
    with st.expander(f"Undated events ({len(undated)}) — not on the time slider"):
        cards.event_list(
            undated,
            selected_event=st.session_state.selected_event,
            selected_place=st.session_state.selected_place,
            on_show=lambda eid: controls.select_event(ds, eid),
            key_prefix="undated",
        )

"""Map (home): the places of the events in the chosen time window, and the event list."""

import streamlit as st

from articlemap import map_layers, timeline
from ui import cards, controls, data, event_cards, fastmap, layout, share

layout.page_setup()
EVENT_LIST = "event-list"
ds = data.dataset()
controls.init_map_state(ds)
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
    list_all = st.toggle(
        "List every event",
        key="list_all",
        **controls.URL_BOUND,
        help="Events outside the time window are listed too; choosing one moves the slider to it.",
    )

layout.skip_link(EVENT_LIST, "Skip to the event list (the map as text)")
layout.story_heading(ds.meta)


mode = controls.time_mode(ds)
index = data.event_index(ds, flt)
undated = index.undated
geometry, names = data.area_lookup(ds, ds.key)
origin = ds.place_by_id.get(ds.meta.origin_place_id)


@st.fragment
def explorer() -> None:
    """Slider, map and list: a slider move reruns only this part of the page.

    Kept to four elements (slider, columns, map, list): each element costs the server about
    0.1–0.3 ms per move, more than everything else the move does.
    """
    window = controls.time_window(ds, mode)
    shown = index.in_window(window)
    on_map = shown + (undated if show_undated else [])
    states = map_layers.area_states_view(ds.area_states, ds.events, ds.places, window)
    map_key = controls.map_key()
    map_state = st.session_state.get(map_key)
    controls.take_marker_click(map_state, on_map)
    asked = controls.asked_view(ds)
    controls.address_follows_map(map_state, asked)
    selected_event, selected_place = (
        st.session_state.selected_event,
        st.session_state.selected_place,
    )

    map_col, list_col = st.columns([5, 3], gap="medium")
    with map_col:
        view_js = fastmap.view_script(
            lambda: map_layers.view_data(
                on_map,
                geometry,
                names,
                ds.meta,
                origin=origin,
                selected_event_id=selected_event,
                selected_place_id=selected_place,
                permanent_labels=True,
                states=states,
            ),
            (ds.key, data.ids_digest(on_map), selected_event, selected_place, states.key),
        )
        fastmap.show_map(
            key=map_key,
            view_js=view_js,
            tiles=tiles,
            center=asked.centre,
            zoom=asked.zoom,
            # its view too: the address follows it (controls.address_follows_map)
            returned_objects=["last_object_clicked", "zoom", "center"],
        )

    with list_col:
        listed = index.dated if list_all else shown
        if selected_place:  # a clicked marker: its events first, then the rest
            here = [e for e in listed if selected_place in e.place_ids]
            listed = here + [e for e in listed if selected_place not in e.place_ids]
        outside = {e.id for e in listed} - {e.id for e in shown} if list_all else set()
        event_cards.event_cards(
            listed,
            ds.meta,
            key="event-cards",
            selected_event=selected_event,
            selected_place=selected_place,
            on_show=lambda eid: controls.select_event(ds, eid),
            outside=outside,
            heading=(
                f"{len(shown)} event{'s' if len(shown) != 1 else ''}",
                f" between {controls.fmt_day(window.start)} and {controls.fmt_day(window.end)}"
                + (f" · filtered from {len(ds.events)}" if flt.active else ""),
            ),
            empty="No dated event in this window. Move the slider or clear the filters.",
            height=560,
            twin="This list is the map as text: the same events, each with its date, places"
            " and the article's words. Tab moves from card to card.",
            anchor=EVENT_LIST,
        )


explorer()
# Outside the fragment: none of this changes when the slider moves.
cards.legend(ds.meta, selection=True)
undated_box = st.expander(
    f"Undated events ({len(undated)}) — not on the time slider",
    key="undated_open",
    on_change="rerun",  # its cards are only built while it is open
)
with undated_box:
    if undated_box.open:
        event_cards.event_cards(
            undated,
            ds.meta,
            key="undated-cards",
            selected_event=st.session_state.selected_event,
            selected_place=st.session_state.selected_place,
            on_show=lambda eid: controls.select_event(ds, eid),
        )
c1, c2, c3 = st.columns(3)
c1.button("Reset map view", on_click=controls.reset_view, icon=":material/zoom_out_map:")
c2.button("Clear selection", on_click=controls.clear_selection, icon=":material/close:")


def print_view() -> share.PrintView:
    """The window the slider shows now and its (filtered) events, for the handout."""
    window = controls.shown_window(ds)
    events = index.in_window(window) if window else []
    total = len(timeline.events_in_window(ds.events, window)) if window else 0
    scope = f"filtered: {len(events)} of the {total} events in the window" if flt.active else ""
    return share.PrintView(window, events, scope)


with c3:
    share.share_panel(ds, print_view)

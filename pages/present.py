"""Present: step through the events one at a time, for a classroom or a projector."""

import time

import streamlit as st

from articlemap import map_layers, timeline
from ui import controls, data, fastmap, layout, presentation
from ui.cards import md

layout.page_setup(sidebar="collapsed")
ds = data.dataset()
controls.init_state(ds)
flt = controls.event_filter(ds)
steps = [e for e in flt.apply(ds.events) if e.is_dated]
if not steps:
    st.info("No dated event matches the filters.")
    st.stop()

# The step lives in the URL (?step=7), so a copied link opens on the same event.
if "present_step" not in st.session_state:
    try:
        st.session_state.present_step = int(st.query_params.get("step", "1")) - 1
    except ValueError:
        st.session_state.present_step = 0
st.session_state.present_step = max(0, min(st.session_state.present_step, len(steps) - 1))
st.session_state.setdefault("playing", False)


def go(delta: int) -> None:
    st.session_state.present_step = (st.session_state.present_step + delta) % len(steps)
    st.query_params["step"] = str(st.session_state.present_step + 1)
    st.session_state.last_step_at = time.monotonic()


def toggle_play() -> None:
    st.session_state.playing = not st.session_state.playing
    st.session_state.last_step_at = time.monotonic()


with st.sidebar:
    st.subheader("Presentation")
    pace_label = st.selectbox("Play pace", list(presentation.PACES), index=1, key="pace")
    high_contrast = st.toggle("Projector theme (high contrast)", value=True, key="contrast")
presentation.apply_theme(high_contrast)
pace = presentation.PACES[pace_label]

layout.style("present")  # the stage fills the window: ui/styles/present.css
bar = st.container(key="present-bar").columns([1, 1, 1, 4], vertical_alignment="center")
bar[0].button(
    "Previous",
    icon=":material/arrow_back:",
    on_click=go,
    args=(-1,),
    shortcut="Left",
    key="prev",
    width="stretch",
)
bar[1].button(
    "Next",
    icon=":material/arrow_forward:",
    on_click=go,
    args=(1,),
    shortcut="Right",
    key="next",
    width="stretch",
)
bar[2].button(
    "Pause" if st.session_state.playing else "Play",
    icon=":material/pause:" if st.session_state.playing else ":material/play_arrow:",
    on_click=toggle_play,
    shortcut="Space",
    key="play",
    width="stretch",
)
bar[3].caption(
    md(f"{ds.meta.title} — {ds.meta.perspective_line}")
    + "  \nKeys: ← previous · → next · Space play/pause. The map flies to each event."
)


@st.fragment(run_every=pace if st.session_state.playing else None)
def show_stage() -> None:
    if st.session_state.playing:
        due = st.session_state.get("last_step_at", 0.0) + pace - 0.25
        if time.monotonic() >= due:
            go(1)
    event = steps[st.session_state.present_step]
    text_col, map_col = st.container(key="present-stage").columns([1, 1], gap="large")
    with text_col, st.container(key="stage-text"):
        presentation.stage(event, ds.meta, st.session_state.present_step + 1, len(steps))
    with map_col, st.container(key="stage-map"):
        geometry, names = data.area_lookup(ds, ds.key)
        # the areas as they stand on the event's last day: Play steps them on with the events
        states = map_layers.area_states_view(
            ds.area_states, ds.events, ds.places, timeline.Window(*event.dates)
        )
        fastmap.show_map(
            key="present_map",
            view_js=fastmap.view_script(
                lambda: map_layers.view_data(
                    [event],
                    geometry,
                    names,
                    ds.meta,
                    origin=ds.place_by_id.get(ds.meta.origin_place_id),
                    permanent_labels=True,
                    page_keys=presentation.PAGE_KEYS,
                    fill=True,
                    states=states,
                ),
                (ds.key, "present", event.id, states.key),
            ),
            height=560,
            center=map_layers.centre_of(event.places) or ds.home_view.centre,
            zoom=map_layers.zoom_for(event.places),
        )


show_stage()

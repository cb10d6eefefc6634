"""The naive baseline for bench/rerun.py: a fresh folium.Map with one Marker per event on
every rerun, drawn with plain st_folium. Same data, same slider, no caching."""

import os

import folium
import streamlit as st
from streamlit_folium import st_folium

from articlemap.dataset import load_dataset
from articlemap.escaping import map_text
from articlemap.timeline import Window, events_in_window


@st.cache_resource
def data(directory: str):
    return load_dataset(directory) if directory else load_dataset()


ds = data(os.environ.get("ARTICLEMAP_DATA", ""))
days = sorted({d for e in ds.events if e.is_dated for d in (e.date_start, e.date_end)})
lo, hi = st.select_slider(
    "Show events between", options=days, value=(days[0], days[-1]), key="window"
)
m = folium.Map(location=(40.2, 47.2), zoom_start=7)
for event in events_in_window(ds.events, Window(lo, hi)):
    for place in event.places:
        folium.Marker(
            (place.lat, place.lon), popup=map_text(event.quote), tooltip=map_text(event.title)
        ).add_to(m)
st_folium(m, key="naive", height=600, returned_objects=[])
for event in events_in_window(ds.events, Window(lo, hi)):
    st.markdown(f"**{event.title}**")

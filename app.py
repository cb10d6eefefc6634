"""articlemap: an article as a map, a timeline and a classroom presentation (a story).

Run with `streamlit run app.py`. Pages only arrange widgets; the logic is in `articlemap/`,
shared Streamlit pieces in `ui/`. Each page draws its own page links (see ui/layout.py), so
Streamlit's own list is hidden.
"""

import streamlit as st

from ui.layout import PAGES

# No icon on st.Page: Streamlit would make it the tab's favicon, fetched from a font CDN.
pages = [
    st.Page(script, title=title, default=i == 0) for i, (script, title, _icon) in enumerate(PAGES)
]
st.navigation(pages, position="hidden").run()

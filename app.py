"""articlemap: the article "Diplomacy leading to victory" as a map and a timeline.

Run with `streamlit run app.py`. Pages only arrange widgets; the logic is in `articlemap/`.
"""

import streamlit as st

st.set_page_config(
    page_title="Diplomacy leading to victory — map and timeline",
    page_icon="static/favicon.png",
    layout="wide",
)

PAGES = [
    st.Page("pages/map.py", title="Map", icon=":material/map:", default=True),
    st.Page("pages/timeline.py", title="Timeline", icon=":material/timeline:"),
    st.Page("pages/places.py", title="Places", icon=":material/place:"),
    st.Page("pages/source.py", title="Source", icon=":material/article:"),
    st.Page("pages/about.py", title="About", icon=":material/info:"),
]

# Our own page links: Streamlit would otherwise also list the files of pages/ by their file
# names when a sub-page URL is opened directly (a shared link), next to these.
page = st.navigation(PAGES, position="hidden")
with st.sidebar:
    for entry in PAGES:
        st.page_link(entry)
    st.divider()
page.run()

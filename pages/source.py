"""Source: the cleaned article, with every place it names linked to the map."""

import streamlit as st

from articlemap.mentions import find_mentions
from ui import data, layout
from ui.cards import md

layout.page_setup()
ds = data.dataset()
article = ds.article
if article is None:
    st.info("This dataset has no article text.")
    st.stop()

st.title(md(article.title), anchor=False)
st.markdown(f"*By {md(article.author)}, {md(article.author_role)}*")
st.caption(
    "Cleaned from the magazine's PDF text (line-break hyphens, running headers and photo captions "
    "sorted out by `python -m articlemap build-article`). Place names link to the map."
)
show_links = st.toggle("Highlight places", value=True, key="source_links")


def linked(text: str) -> str:
    """Markdown of ``text`` with each place mention turned into a link to the map."""
    if not show_links:
        return md(text)
    out, pos = [], 0
    for m in find_mentions(text, ds.places):
        out.append(md(text[pos : m.start]))
        out.append(f"[**{md(m.text)}**](/?place={m.place_id})")
        pos = m.end
    out.append(md(text[pos:]))
    return "".join(out)


for block in article.blocks:
    if block.kind == "heading":
        st.subheader(md(block.text), anchor=False)
    elif block.kind == "caption":
        st.caption(f"Photo caption: *{linked(block.text)}*")
    else:
        st.markdown(linked(block.text))

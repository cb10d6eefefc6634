"""Source: the cleaned article, with every place it names linked to the map."""

from urllib.parse import urlencode

import streamlit as st

from articlemap.mentions import find_mentions
from articlemap.story import source_line
from ui import data, layout, stories
from ui.cards import md

layout.page_setup()
ds = data.dataset()
article = ds.article
if article is None:
    st.info("This dataset has no article text.")
    st.stop()

st.title(md(article.title or ds.meta.title), anchor=False)
byline = ", ".join(p for p in (article.author or ds.meta.author, article.author_role) if p)
if byline:
    st.markdown(f"*By {md(byline)}*")
st.caption(md(source_line(ds.meta)))
show_links = st.toggle("Highlight places", value=True, key="source_links")


def linked(text: str) -> str:
    """Markdown of ``text`` with each place mention turned into a link to the map."""
    if not show_links:
        return md(text)
    out, pos = [], 0
    for m in find_mentions(text, ds.places):
        out.append(md(text[pos : m.start]))
        query = urlencode({**stories.page_params(), "place": m.place_id})
        out.append(f"[**{md(m.text)}**](./?{query})")
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

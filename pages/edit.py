"""Edit story: change a saved story's details, places and events (with its edit link).

Opened from the edit link (``/edit?story=<id>&edit=<token>``); the token then lives in
the session, not the URL. The edit starts from the version that was open; saving when
someone else saved in between is refused, and the edits stay here to download or redo.
"""

import streamlit as st

from articlemap.story_zip import story_zip_bytes
from ui import data, draft_review, fastmap, layout, stories, story_edit
from ui.cards import md

layout.page_setup()
ds = data.dataset()
sid = stories.requested_id()

if not sid:
    layout.story_heading(ds.meta, "Edit story")
    st.info(
        "The built-in story is not edited here. Make a story of your own from an article, "
        "then edit it with its edit link.",
        icon=":material/info:",
    )
    st.page_link("pages/your_article.py", label="New story from an article", icon=":material/add:")
    st.stop()
if stories.token_for(sid) is None:
    layout.story_heading(ds.meta, "Edit story")
    st.info(
        "This is the story's view link: it shows the story but cannot change it. Open the "
        "story's edit link to edit it.",
        icon=":material/lock:",
    )
    st.stop()

# The version this edit started from, and a generation that restarts the editors from
# the saved story (after a save, or when the person drops their edits for the latest).
base = story_edit.edit_base(sid)
layout.story_heading(ds.meta, "Edit story")
st.caption(md(f"Editing version {base.version} of “{ds.meta.title}”."))

with st.container(border=True):
    st.subheader("Details")
    meta = story_edit.details_form(ds.meta, f"ed_meta_{base.generation}")
review = draft_review.review_tables(
    ds, base.generation, data.area_lookup(ds, ds.key), prefix=f"ed_{sid}"
)
draft_review.show_problems(review.problems, "fix them to save")

st.subheader("Map of the edited story")
fastmap.show_map(
    key="edit_map",
    view_js=review.view_js,
    height=420,
    center=review.centre,
    zoom=review.zoom,
)

article_md, areas = story_edit.kept_files(sid)
files, problems = story_edit.checked_files(
    meta, article_md, review.places_csv, review.events_csv, areas, story_edit.kept_area_states(sid)
)
save_col, zip_col, link_col = st.columns(3)
save = save_col.button(
    "Save changes", type="primary", icon=":material/save:", disabled=files is None, key="ed_save"
)
if save and files is not None and story_edit.save_edit(sid, base.version, files, meta.title):
    story_edit.restart_edit(sid)
    st.toast("Saved.", icon=":material/check_circle:")
    st.rerun()
if files is not None:
    edited = files
    zip_col.download_button(
        "Download my edits (zip)",
        data=lambda: story_zip_bytes(edited),
        file_name=f"{sid}-edited.zip",
        mime="application/zip",
        icon=":material/download:",
        key="ed_download",
    )
if link_col.button("Make a new edit link", icon=":material/key:", key="ed_rotate"):
    new_token = story_edit.new_edit_link(sid)
    if new_token is not None:
        st.session_state[f"rotated_link_{sid}"] = new_token
if problems and not review.problems:
    st.error("The story cannot be saved as it is:", icon=":material/error:")
    st.code("\n".join(problems), language=None)

conflict = st.session_state.get(f"conflict_{sid}")
if conflict is not None:
    current, expected = conflict
    with st.container(border=True, key="ed-conflict"):
        st.error(
            f"Someone saved this story while you were editing it: you started from version "
            f"{expected}, and it is now version {current}. Your changes were not saved, and "
            "they are still here: download them, then load the latest version and make them "
            "again.",
            icon=":material/sync_problem:",
        )
        if st.button("Load the latest version (drops my edits)", key="ed_reload"):
            story_edit.restart_edit(sid)
            st.rerun()

new_token = st.session_state.get(f"rotated_link_{sid}")
if new_token:
    with st.container(border=True, key="ed-links"):
        st.success("A new edit link was made: the old one no longer works.", icon=":material/key:")
        story_edit.show_links(story_edit.story_links(sid, new_token))
else:
    with st.expander("View link (for readers and classes)"):
        story_edit.show_links(story_edit.story_links(sid, None))

"""Your article: paste or upload a text and get a draft of its places and dated events.

The page only arranges widgets; the extraction, the upload checks and the table conversions
are in ``articlemap/`` (importing, draft, geoparse, date_extract, text_upload), and the
extraction runs in a worker process (``ui/jobs.py``) with a time and memory limit and a Cancel
button. A failed upload or extraction shows a message and keeps the last good draft.
"""

import streamlit as st

from articlemap import draft as drafting
from articlemap import readers
from articlemap.importing import Options
from articlemap.limits import DEFAULT_LIMITS, size_label
from articlemap.worker import DONE
from ui import draft_review, fastmap, jobs, layout, place_check, stories, story_edit
from ui.cards import md

DRAFT, ERROR, GENERATION, UPLOADS = "ya_draft", "ya_error", "ya_generation", "ya_uploads"
JOB, NOTES, READ = "ya_job", "ya_notes", "ya_read"
CANDIDATES = "ya_candidates"
SAVED, ZIPS, ZIP_OUTCOME = "ya_saved_story", "ya_story_zips", "ya_zip_outcome"
KIND_LABELS = {
    "text": "text",
    "markdown": "Markdown",
    "html": "a web page",
    "docx": "a Word file",
    "pdf": "a PDF",
}
FILE_TYPES = [ext.lstrip(".") for ext in readers.SUPPORTED_EXTENSIONS]
LIMITS = DEFAULT_LIMITS


@st.cache_resource
def areas() -> tuple[dict[str, dict], dict[str, str]]:
    return drafting.area_lookup()


def extract(function: str, *args) -> None:
    """Start the extraction in a worker process; the old draft stays until it succeeds."""
    options = Options(
        published=st.session_state.get("ya_published"),
        map_demonyms=bool(st.session_state.get("ya_demonyms")),
    )
    problem = jobs.start(JOB, function, *args, LIMITS, options)
    st.session_state[ERROR] = problem
    if problem is None:
        st.session_state.pop(ERROR, None)


def take_result() -> None:
    job = jobs.take_finished(JOB)
    if job is None:
        return
    if job.status != DONE:
        st.session_state[ERROR] = job.error
        return
    st.session_state[DRAFT] = job.result.draft
    st.session_state[NOTES] = job.result.notes
    st.session_state[READ] = (job.result.kind, job.result.read_notes)
    st.session_state[CANDIDATES] = (job.result.candidates or {}, job.result.context)
    st.session_state[GENERATION] = st.session_state.get(GENERATION, 0) + 1
    st.session_state.pop(ERROR, None)
    st.session_state.pop(SAVED, None)  # a new draft is not yet saved


layout.page_setup()
layout.style("upload")
jobs.pool()  # warm the workers while the person pastes
st.title("Your article")
text_limit, file_limit = size_label(LIMITS.text_bytes), size_label(LIMITS.file_bytes)
st.caption(
    "Paste an article or upload it as a text, Markdown, web page (.html), Word (.docx) or PDF "
    "file: the app drafts its places (offline gazetteer: GeoNames towns, Natural Earth "
    "countries and regions) and its dated events, each with the sentence it comes from. Check and "
    "edit the tables, then download them."
)

with st.expander("Options", icon=":material/tune:"):
    st.date_input(
        "Published on (optional)",
        value=None,
        key="ya_published",
        help="Days named by weekday (“on Monday”) are dated against this day or a dateline.",
    )
    st.checkbox(
        "Also map nationality words",
        key="ya_demonyms",
        help="“Russian”, “Turkish” … are found either way; with this they go on the map too.",
    )

paste_col, upload_col = st.columns([3, 2], gap="medium")
with paste_col:
    pasted = st.text_area("Article text", key="ya_text", height=200)
    if st.button("Extract places and dates", key="ya_extract", icon=":material/travel_explore:"):
        extract("articlemap.importing:draft_text", pasted)
with upload_col, st.container(key="ya-upload"):
    # The widget accepts far more than the text limit, so that a too-large file gets our
    # message naming it and its size (the uploader's own refusal is only a red icon). Each
    # file is handed to the worker and the widget replaced, so its bytes are not kept.
    upload = st.file_uploader(
        f"…or upload a file: .txt or .md up to {text_limit}, .html, .docx or .pdf up to "
        f"{file_limit}",
        type=FILE_TYPES,
        key=f"ya_upload_{st.session_state.get(UPLOADS, 0)}",
        max_upload_size=LIMITS.upload_mb,
    )
    if upload is not None:
        st.session_state[UPLOADS] = st.session_state.get(UPLOADS, 0) + 1
        extract("articlemap.importing:draft_file", upload.name, upload.getvalue())
        st.rerun()

take_result()
jobs.progress_panel(JOB, "Extracting")
if st.session_state.get(ERROR):
    st.error(md(st.session_state[ERROR]), icon=":material/error:")

draft = st.session_state.get(DRAFT)
if draft is None:
    if jobs.running(JOB) is None:
        st.info("No draft yet: paste a text and press the button, or upload a file.")
else:
    for note in st.session_state.get(NOTES, ()):
        st.warning(md(note), icon=":material/info:")
    kind, read_notes = st.session_state.get(READ, ("text", ()))
    if read_notes:
        st.caption(md(f"Read as {KIND_LABELS.get(kind, kind)}: " + "; ".join(read_notes) + "."))
    gen = st.session_state.get(GENERATION, 0)
    review = draft_review.review_tables(draft_review.draft_dataset(draft, gen), gen, areas())
    draft_review.show_problems(
        review.problems,
        "those rows are left off the map; `python -m articlemap validate` would refuse them",
    )

    candidates, context = st.session_state.get(CANDIDATES, ({}, frozenset()))
    check = place_check.Check("ya", gen, candidates, context)
    check_col, map_col = st.columns(2, gap="medium")
    with check_col, st.container(key="ya-check"):
        st.subheader("Check the places")
        place_check.show(check, review)
    with map_col:
        st.subheader("Map of the draft")
        fastmap.show_map(
            view_js=review.view_js,
            height=480,
            center=review.centre,
            zoom=review.zoom,
            **place_check.map_clicks(check, "draft_map"),
        )

    st.subheader("Download")
    c1, c2, c3 = st.columns(3)
    # Files are made when clicked (a 2,000-event table is 1.6 MB), not on every rerun.
    c1.download_button(
        "places.csv", lambda: review.places_csv, "places.csv", "text/csv", key="ya_dl_places"
    )
    c2.download_button(
        "events.csv", lambda: review.events_csv, "events.csv", "text/csv", key="ya_dl_events"
    )
    c3.download_button(
        "article.md", draft.article_md, "article.md", "text/markdown", key="ya_dl_article"
    )
    st.caption(
        "Or put the three files in one folder, check it with `python -m articlemap validate "
        "DIR`, and view it with `ARTICLEMAP_DATA=DIR streamlit run app.py`."
    )

    st.subheader("Save as story")
    st.caption(
        "A saved story opens on the Map, Timeline, Present, Places and Source pages and can be "
        "shared by its link. It is saved when every row of the tables checks."
    )
    with st.form("ya_save_form", border=True):
        meta = story_edit.details_form(draft.meta, "ya_meta")
        save = st.form_submit_button(
            "Save as story", icon=":material/save:", type="primary", key="ya_save"
        )
    if save:
        files, problems = story_edit.checked_files(
            meta, draft.article_md(), review.places_csv, review.events_csv
        )
        if files is None:
            st.error("The story cannot be saved as it is:", icon=":material/error:")
            st.code("\n".join(problems), language=None)
        else:
            saved_id = story_edit.save_new(files, meta.title)
            if saved_id is not None:
                st.session_state[SAVED] = saved_id

saved_id = st.session_state.get(SAVED)
if saved_id:
    token = st.session_state.get(f"new_link_{saved_id}")
    with st.container(border=True, key="ya-saved"):
        st.success("Saved. The story has its own pages now:", icon=":material/check_circle:")
        st.page_link(
            "pages/map.py",
            label="Open the story",
            icon=":material/map:",
            query_params={stories.STORY_PARAM: saved_id},
        )
        story_edit.show_links(story_edit.story_links(saved_id, token))

st.subheader("Open a story file")
with st.container(key="ya-story-zip"):
    story_zip = st.file_uploader(
        "A story exported from this app (.zip): it is saved as a new story here",
        type=["zip"],
        key=f"ya_story_zip_{st.session_state.get(ZIPS, 0)}",
        max_upload_size=LIMITS.upload_mb,
    )
if story_zip is not None:
    # The widget is replaced at once (its bytes are not kept); the outcome stays on show.
    st.session_state[ZIPS] = st.session_state.get(ZIPS, 0) + 1
    imported, message, details = story_edit.import_zip(story_zip.name, story_zip.getvalue())
    st.session_state[ZIP_OUTCOME] = (imported is not None, message, details)
    if imported is not None:
        st.session_state[SAVED] = imported
    st.rerun()
outcome = st.session_state.get(ZIP_OUTCOME)
if outcome is not None:
    ok, message, details = outcome
    if ok:
        st.success(md(message), icon=":material/check_circle:")
        for note in details:
            st.caption(md(note))
    else:
        st.error(md(message), icon=":material/error:")
        if details:
            st.code("\n".join(details), language=None)

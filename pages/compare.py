"""Compare: two or three accounts of the same events on one map, one timeline and one list
where matching events sit side by side, each with its own quote."""

import streamlit as st

from articlemap import export
from articlemap.compare import MAX_ACCOUNTS
from articlemap.compare_site import build_comparison_zip
from articlemap.escaping import display_text
from ui import compare, compare_present, layout

presenting = compare_present.requested()
layout.page_setup(sidebar="collapsed" if presenting else "auto")
compare.take_edit_param()
base = compare.open_saved()
if base is None:  # a new comparison (the picks and links of this session stay)
    st.session_state.pop(compare.BASE, None)
editable = base is None or compare.token_for(base.comparison_id) is not None
if compare.PICKS in st.session_state:  # kept while Present does not draw the picks widget
    st.session_state[compare.PICKS] = st.session_state[compare.PICKS]

if presenting:
    picks = list(st.session_state.get(compare.PICKS, []))
    datasets, problems = compare.load(picks) if len(picks) >= 2 else ([], [])
    for problem in problems:
        st.error(compare.md(problem), icon=":material/error:")
    if len(picks) < 2 or len(datasets) != len(picks):
        st.info("Choose two or three accounts to present.", icon=":material/compare_arrows:")
        st.button("Back to the comparison", on_click=compare_present.leave, key="cmp_present_leave")
        st.stop()
    compare_present.show(compare.comparison(picks, datasets, compare.decisions()), datasets)
    st.stop()

st.title("Compare accounts")
st.caption(
    "Two or three accounts of the same events side by side: where they tell the same event, "
    "where they date or name it differently and what only one of them tells. Everything "
    "shown is what each account itself says; the page does not say which one is right."
)

titles = compare.story_titles(st.session_state.get(compare.PICKS, []))
picks = st.multiselect(
    "Accounts to compare (in this order: first, second, third)",
    list(titles),
    format_func=lambda key: display_text(titles.get(key, key)),
    key=compare.PICKS,
    max_selections=MAX_ACCOUNTS,
    disabled=not editable,
)
if editable:
    with st.form("cmp-add", clear_on_submit=True, border=False):
        c1, c2 = st.columns([4, 1], vertical_alignment="bottom")
        c1.text_input(
            "Add a saved story by its view link or id",
            placeholder="https://…/?story=…",
            key=compare.ADD_TEXT,
        )
        c2.form_submit_button("Add", icon=":material/add:", on_click=compare.add_from_form)
    problem = st.session_state.pop(compare.ADD_PROBLEM, "")
    if problem:
        st.warning(compare.md(problem), icon=":material/warning:")
else:
    st.info(
        "This is the comparison's view link: it shows the stories and their links but cannot "
        "change them. Save a copy to make links of your own.",
        icon=":material/lock:",
    )

if len(picks) < 2:
    st.info("Choose two or three accounts to compare.", icon=":material/compare_arrows:")
    st.stop()
datasets, problems = compare.load(picks)
for problem in problems:
    st.error(compare.md(problem), icon=":material/error:")
if len(datasets) != len(picks):
    st.stop()

result = compare.comparison(picks, datasets, compare.decisions())
compare.legend(result, datasets)
compare.summary(result)
compare.show_map(result, datasets)
compare.timeline(result)

save_col, present_col = st.columns(2)
label = "Save the comparison" if editable else "Save a copy as a new comparison"
if save_col.button(label, type="primary", icon=":material/save:", key="cmp_save"):
    if not editable:
        st.session_state.pop(compare.BASE, None)
    compare.save(picks)
    st.rerun()
present_col.button(
    "Present to a class",
    icon=":material/slideshow:",
    on_click=compare_present.start,
    key="cmp_present",
    help="One pair at a time, both quotes side by side, in type for a projector (← → keys).",
)
csv_col, site_col = st.columns(2)
csv_col.download_button(
    "Download the comparison (CSV)",
    data=lambda: export.for_spreadsheets(export.comparison_csv(result)),
    file_name="comparison.csv",
    mime="text/csv",
    icon=":material/download:",
    key="cmp_csv",
    on_click="ignore",
)
site_col.download_button(
    "Download as a static page (zip)",
    data=lambda: build_comparison_zip(result, [ds.meta for ds in datasets]),
    file_name="articlemap-comparison.zip",
    mime="application/zip",
    icon=":material/folder_zip:",
    key="cmp_site",
    on_click="ignore",
    help="The events side by side with both quotes, and the CSV: one index.html that opens "
    "from a USB stick, no server, no internet.",
)
saved = st.session_state.get(compare.BASE)
if saved is not None:
    if saved.decisions != compare.decisions() or saved.picks != tuple(picks):
        st.caption("Unsaved changes: save to keep them in the comparison's links.")
    compare.show_links(saved.comparison_id)
conflict = st.session_state.get(compare.CONFLICT)
if conflict:
    st.error(compare.md(conflict), icon=":material/sync_problem:")
    st.button(
        "Load the comparison as saved now (drops my links)",
        on_click=compare.reload_saved,
        key="cmp_reload",
    )

st.subheader("Events side by side")
compare.merged_list(result, datasets, editable)

"""Present a comparison to a class: one row of the merged list at a time (a matched pair, or
three, or an event only one account tells), every account's own quote side by side.

It is a mode of the Compare page (``?compare=<id>&present=1&step=3``, or the session's
unsaved comparison with ``?present=1``), so a teacher opens it from the comparison they
are looking at and a copied link opens on the same step. It reuses the Present page's
machinery: the buttons' ``shortcut`` keys (← →), the projector theme
(``presentation.apply_theme``) and the step in the URL; its own sizes are in
``ui/styles/compare_present.css``.

Every text from a story goes through ``ui.cards.md`` (Markdown) or ``display_text`` +
``html.escape`` (the account headers); the stage's own words are neutral ("the first
account:", "the accounts date this differently"), never which account is right.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import streamlit as st

from articlemap import compare as cmp
from articlemap import map_layers
from articlemap.dataset import Dataset
from articlemap.escaping import display_text
from articlemap.event_view import event_view
from articlemap.schema import Event
from ui import compare, layout, presentation
from ui.cards import md

PRESENT_PARAM = "present"
STEP_PARAM = "step"
STEP = "cmp_present_step"
STEPS_FILTER = "cmp_present_filter"
CONTRAST = "cmp_present_contrast"
STARTED = "cmp_present_started"  # "clicked" in the button's run, then "sent" until confirmed


def requested() -> bool:
    """Whether the presentation is on: the address asks for it (``?present=1``), or the
    Present button was pressed and the browser has not yet sent a rerun with the new address.

    Streamlit rebuilds ``st.query_params`` from the browser's address on every rerun. A rerun
    the browser sent before it saw ``present=1`` (the map or the list answering the same
    click) would otherwise drop the class out of the mode it just entered; the session keeps
    the mode, and puts the parameter back, until a rerun arrives that carries it.
    """
    in_address = st.query_params.get(PRESENT_PARAM, "") == "1"
    started = st.session_state.get(STARTED)
    if started == "clicked":  # this run's parameters are the button's own, not the browser's
        st.session_state[STARTED] = "sent"
        return True
    if started == "sent":
        if in_address:
            st.session_state.pop(STARTED)  # the browser has the address: it leads from now
        else:
            st.query_params[PRESENT_PARAM] = "1"
            st.query_params[STEP_PARAM] = str(st.session_state.get(STEP, 0) + 1)
        return True
    return in_address


def start() -> None:
    """The Compare page's "Present" button: into the mode, on the first step."""
    st.query_params[PRESENT_PARAM] = "1"
    st.query_params[STEP_PARAM] = "1"
    st.session_state[STEP] = 0
    st.session_state[STARTED] = "clicked"


def leave() -> None:
    """Back to the comparison (its picks and links are kept in the session)."""
    for name in (PRESENT_PARAM, STEP_PARAM):
        st.query_params.pop(name, None)
    st.session_state.pop(STEP, None)
    st.session_state.pop(STARTED, None)


def steps_of(result: cmp.Comparison, choice: str) -> list[cmp.Row]:
    """The rows to step through, in date order: the merged list's rows under ``choice``
    (one of ``compare.FILTERS``; everything when unknown)."""
    keep = compare.FILTERS.get(choice, compare.FILTERS["Everything"])
    return [r for r in result.rows if keep(r)]


def _step_from_url(total: int) -> int:
    if STEP not in st.session_state:
        try:
            st.session_state[STEP] = int(st.query_params.get(STEP_PARAM, "1")) - 1
        except ValueError:
            st.session_state[STEP] = 0
    st.session_state[STEP] = max(0, min(st.session_state[STEP], total - 1))
    return st.session_state[STEP]


def _go(delta: int, total: int) -> None:
    st.session_state[STEP] = (st.session_state.get(STEP, 0) + delta) % total
    st.query_params[STEP_PARAM] = str(st.session_state[STEP] + 1)


def show(result: cmp.Comparison, datasets: Sequence[Dataset]) -> None:
    """The whole mode: sidebar settings, the button bar and the stage of the current step."""
    with st.sidebar:
        st.subheader("Presentation")
        choice = st.selectbox("Step through", list(compare.FILTERS), key=STEPS_FILTER)
        high_contrast = st.toggle("Projector theme (high contrast)", value=True, key=CONTRAST)
    presentation.apply_theme(high_contrast)
    layout.style("compare_present")
    rows = steps_of(result, choice or "Everything")
    total = max(1, len(rows))
    # One row that wraps (columns would stack the buttons one per line on a phone).
    with st.container(horizontal=True, vertical_alignment="center", key="cmp-present-bar"):
        for label, icon, delta, shortcut, key in (
            ("Previous", ":material/arrow_back:", -1, "Left", "cmp_prev"),
            ("Next", ":material/arrow_forward:", 1, "Right", "cmp_next"),
        ):
            st.button(
                label,
                icon=icon,
                on_click=_go,
                args=(delta, total),
                shortcut=shortcut,
                key=key,
                disabled=not rows,
            )
        st.button(
            "Back to the comparison",
            icon=":material/close:",
            on_click=leave,
            key="cmp_present_leave",
        )
        with st.container(key="cstage-keys", width="content"):
            st.markdown("Keys: ← previous · → next")
    if not rows:
        st.info(md(f"No row of this comparison is “{choice}”."), icon=":material/info:")
        return
    position = _step_from_url(len(rows))
    stage(rows[position], result, datasets, position + 1, len(rows))


def stage(
    row: cmp.Row,
    result: cmp.Comparison,
    datasets: Sequence[Dataset],
    position: int,
    total: int,
) -> None:
    """One step: progress, each account's event side by side, why they are together and
    what differs."""
    if row.lone:
        told = f"only the {cmp.ordinal(row.told_by[0])} account tells this"
    else:
        told = "told by " + " and ".join(f"the {cmp.ordinal(i)}" for i in row.told_by)
        told += " accounts"
    with st.container(key="cstage-progress"):
        st.markdown(f"Step {position} of {total} · {told}")
    st.progress(position / total)
    columns = st.columns(len(result.accounts), gap="large")
    for i, (col, event) in enumerate(zip(columns, row.events, strict=True)):
        with col, st.container(key=f"cstage-account-{i}"):
            account_header(i, result.accounts[i].title)
            if event is None:
                with st.container(key=f"cstage-none-{i}"):
                    st.markdown(f"The {cmp.ordinal(i)} account tells no event matched here.")
            else:
                account_event(event, datasets[i], i)
    why, marked, differences = [], [], []
    for pair in row.pairs:
        how = "Linked by hand" if pair.manual else "Matched automatically"
        if len(row.pairs) > 1:  # three accounts: say which two
            how += f" ({cmp.ordinal(pair.a)} and {cmp.ordinal(pair.b)} accounts)"
        reasons = [r for r in pair.reasons if r != cmp.LINKED_BY_HAND]
        why.append(f"**{how}:** {md('; '.join(reasons))}" if reasons else f"**{how}**")
        lines = cmp.difference_lines(pair)
        if pair.disagree:  # the first line: the person's mark and note
            marked.append(md(lines.pop(0)))
        differences += [md(line) for line in lines]
    for key, lines in (("why", why), ("disagree", marked), ("differences", differences)):
        if lines:
            with st.container(key=f"cstage-{key}"):
                st.markdown("  \n".join(lines))


def account_header(i: int, title: str) -> None:
    """The account's mark, colour and name, as on the Compare page's legend and map."""
    colour, shape = map_layers.ACCOUNT_LOOKS[i]
    mark = html.escape(compare.SHAPE_MARKS[shape])
    name = html.escape(display_text(compare.account_label(i, title)))
    st.html(
        f"<div class='am-cstage-head' style='border-left:.35em solid {colour}'>"
        f"<span style='color:{colour} !important'>{mark}</span> {name}</div>"
    )


def account_event(event: Event, ds: Dataset, i: int) -> None:
    """The event as this account tells it: date as written, normalized date and precision,
    title, its own quote and its places with their other names."""
    view = event_view(event, ds.meta)
    with st.container(key=f"cstage-date-{i}"):
        st.markdown(md(view.headline_date))
    with st.container(key=f"cstage-norm-{i}"):
        source = f" · {view.date_source}" if view.date_source else ""
        st.markdown(md(f"{view.date} · precision: {view.precision}{source}"))
    with st.container(key=f"cstage-title-{i}"):
        st.markdown(f"**{md(view.title)}**")
    with st.container(key=f"cstage-quote-{i}"):
        st.markdown(f"> *The {cmp.ordinal(i)} account:* “{md(view.quote)}”")
    if view.places:
        with st.container(key=f"cstage-places-{i}"):
            st.markdown(":material/location_on: " + " · ".join(md(p) for p in view.place_labels))

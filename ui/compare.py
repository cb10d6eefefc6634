"""The Compare page's glue: which stories are compared, the person's links, saving them.

A comparison is two or three stories (the built-in one is ``BUILTIN``) and the person's
decisions (``compare.Decisions``). Unsaved, it lives in this session; saved, it is
``?compare=<id>`` (the view link: anyone with it sees the comparison and its links) and
``?compare=<id>&cedit=<token>`` (the edit link). As with stories, the token moves from the
address bar into the session on the first run that sees it, and only its hash is stored.

Every text from a story reaches the page through ``ui.cards.md`` (Markdown), ``map_text``
(the map) or ``display_text`` (the chart); the page's own words are neutral: "the first
account gives…", never which account is right.
"""

from __future__ import annotations

import contextlib
import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NoReturn
from urllib.parse import urlencode

import altair as alt
import pandas as pd
import streamlit as st

from articlemap import compare as cmp
from articlemap import map_layers
from articlemap.dataset import Dataset
from articlemap.escaping import display_text
from articlemap.event_view import event_view
from articlemap.loading import DataValidationError
from articlemap.map_view import view_for
from articlemap.schema import Event
from articlemap.store import Conflict, StoreError, validate_story_id
from ui import chart_rows, data, fastmap, memo, stories
from ui.cards import md
from ui.store import story_store
from ui.story_edit import RATE_MESSAGE, app_root

BUILTIN = "builtin"  # the app's own story in a comparison (saved ids always end in a suffix)
COMPARE_PARAM = "compare"
EDIT_PARAM = "cedit"
PICKS = "cmp_picks"  # the multiselect's key: story keys in order (first, second, third)
DECISIONS = "cmp_decisions"
BASE = "cmp_base"  # the saved comparison this session's work started from
TOKENS = "cmp_tokens"  # comparison id -> edit token
NEW_LINKS = "cmp_new_links"  # comparison id -> token, to show the links once
CONFLICT = "cmp_conflict"
ADD_TEXT = "cmp_add_text"
ADD_PROBLEM = "cmp_add_problem"
ROWS_PER_PAGE = 30
SHAPE_MARKS = {"circle": "●", "square": "■", "diamond": "◆"}
VEGA_SHAPES = {"circle": "circle", "square": "square", "diamond": "diamond"}


@dataclass(frozen=True)
class Base:
    comparison_id: str
    version: int
    picks: tuple[str, ...]
    decisions: cmp.Decisions


# --- which comparison, tokens ------------------------------------------------------------------


def requested_id() -> str:
    return (st.query_params.get(COMPARE_PARAM) or "").strip()


def take_edit_param() -> None:
    """Move ``?cedit=<token>`` from the URL into the session (for ``?compare=``'s id)."""
    stories.take_token_param(EDIT_PARAM, requested_id, _keep_token)


def _keep_token(cid: str, token: str) -> None:
    st.session_state.setdefault(TOKENS, {})[cid] = token


def token_for(comparison_id: str) -> str | None:
    return st.session_state.get(TOKENS, {}).get(comparison_id)


def links(comparison_id: str, token: str | None) -> tuple[str, str]:
    """(view link, edit link or "") of a saved comparison."""
    root = app_root()
    view = f"{root}compare?{urlencode({COMPARE_PARAM: comparison_id})}"
    edit = ""
    if token:
        edit = f"{root}compare?{urlencode({COMPARE_PARAM: comparison_id, EDIT_PARAM: token})}"
    return view, edit


def open_saved() -> Base | None:
    """The saved comparison ``?compare=`` names, loaded into the session (its stories as
    the picks, its links as the decisions) unless this session already works on it. Stops
    the page with a message when there is no such comparison or the store is down."""
    wanted = requested_id()
    if not wanted:
        return None
    cid = validate_story_id(wanted)
    try:
        stored = story_store().get_comparison(cid) if cid else None
    except StoreError as exc:
        _stop("The comparison cannot be opened just now", str(exc))
    if stored is None:
        _stop(
            "No such comparison",
            f"No comparison is saved here under “{wanted[:80]}”. The link may be cut short.",
        )
    try:
        decisions = cmp.Decisions.from_json(stored.links)
    except cmp.DecisionsError as exc:
        _stop("This comparison cannot be shown", str(exc))
    base = st.session_state.get(BASE)
    if base is None or base.comparison_id != stored.comparison_id:
        base = Base(stored.comparison_id, stored.version, stored.story_ids, decisions)
        st.session_state[BASE] = base
        st.session_state[PICKS] = list(stored.story_ids)
        st.session_state[DECISIONS] = decisions
    return base


def _stop(title: str, message: str) -> NoReturn:
    st.title(md(title))
    st.info(md(message), icon=":material/info:")
    st.page_link("pages/compare.py", label="Start a new comparison", icon=":material/add:")
    st.stop()
    raise AssertionError("st.stop() returned")


# --- stories -----------------------------------------------------------------------------------


def story_titles(extra: Sequence[str] = ()) -> dict[str, str]:
    """Key -> title of the stories one may pick: the built-in one, those this session made
    or opened, and ``extra`` (a saved comparison's) — there is no public list."""
    titles = {BUILTIN: f"{data.builtin_title()} (built in)"}
    titles.update(stories.opened())
    wanted = [k for k in extra if k not in titles]
    if wanted:
        with contextlib.suppress(StoreError):  # then they show as "not found"
            titles.update(story_store().titles(wanted))
        for key in wanted:
            titles.setdefault(key, f"{key} (not found)")
    return titles


def add_story(text: str) -> str:
    """Add a saved story by its view link or id; the message to show ("" when added)."""
    value = text.strip()
    if "story=" in value:
        value = value.split("story=", 1)[1].split("&", 1)[0]
    sid = validate_story_id(value)
    try:
        found = data.saved_story(sid) if sid else None
    except (StoreError, DataValidationError) as exc:
        return str(exc) if isinstance(exc, StoreError) else "That story's files have problems."
    if found is None or sid is None:
        return f"No story is saved under “{value[:80]}”."
    stories.remember(sid, found.meta.title)
    picks = list(st.session_state.get(PICKS, []))
    if sid not in picks and len(picks) < cmp.MAX_ACCOUNTS:
        st.session_state[PICKS] = [*picks, sid]
    return ""


def add_from_form() -> None:
    """The Add button's callback (it runs before the picks widget is drawn again)."""
    st.session_state[ADD_PROBLEM] = add_story(st.session_state.get(ADD_TEXT, ""))


def load(keys: Sequence[str]) -> tuple[list[Dataset], list[str]]:
    """The picked stories (in order) and a message for each that cannot be opened."""
    out, problems = [], []
    for key in keys:
        try:
            ds = data.builtin() if key == BUILTIN else data.saved_story(key)
        except StoreError as exc:
            problems.append(str(exc))
            continue
        except DataValidationError:
            problems.append(f"The story “{key}” has files that do not load.")
            continue
        if ds is None:
            problems.append(f"The story “{key}” is not saved here (any more).")
            continue
        out.append(ds)
    return out, problems


def accounts_of(keys: Sequence[str], datasets: Sequence[Dataset]) -> list[cmp.Account]:
    return [
        cmp.Account(key, ds.meta.title, tuple(ds.events), data.area_lookup(ds, ds.key)[1])
        for key, ds in zip(keys, datasets, strict=True)
    ]


def comparison(
    keys: Sequence[str], datasets: Sequence[Dataset], decisions: cmp.Decisions
) -> cmp.Comparison:
    """``compare.compare`` once per (stories at their versions, decisions) per process."""
    key = (tuple(keys), tuple(ds.key for ds in datasets), decisions)
    return memo.store("comparisons", 32).get(
        key, lambda: cmp.compare(accounts_of(keys, datasets), decisions)
    )


def decisions() -> cmp.Decisions:
    return st.session_state.setdefault(DECISIONS, cmp.Decisions())


def _set(new: cmp.Decisions) -> None:
    st.session_state[DECISIONS] = new


account_label = cmp.account_label


# --- the summary, legend, map and timeline -----------------------------------------------------


def legend(result: cmp.Comparison, datasets: Sequence[Dataset]) -> None:
    """Each account's mark and colour, title and whose account it is."""
    for i, (account, ds) in enumerate(zip(result.accounts, datasets, strict=True)):
        colour, shape = map_layers.ACCOUNT_LOOKS[i]
        mark = html.escape(SHAPE_MARKS[shape])
        title = html.escape(display_text(account_label(i, account.title)))
        line = html.escape(display_text(ds.meta.perspective_line))
        st.html(
            f"<div class='am-account am-account-legend-{i}'><span style='color:{colour};"
            f"font-size:1.3em'>{mark}</span> <b>{title}</b><br>"
            f"<span style='color:#555'>{line}</span></div>"
        )


def summary(result: cmp.Comparison) -> None:
    parts = cmp.summary_parts(result)
    with st.container(key="cmp-summary"):
        st.markdown(" · ".join(parts))
    if result.ignored:
        st.caption(
            f"{len(result.ignored)} saved link(s) name events that are no longer in their "
            "story; they are kept but not shown."
        )


def show_map(result: cmp.Comparison, datasets: Sequence[Dataset]) -> None:
    geometry: dict[str, dict] = {}
    names: dict[str, str] = {}
    for ds in datasets:
        g, n = data.area_lookup(ds, ds.key)
        geometry.update(g)
        names.update(n)
    view = view_for([p for ds in datasets for p in ds.places])
    groups = [
        (list(account.events), ds.meta, f"{cmp.ordinal(i)} account")
        for i, (account, ds) in enumerate(zip(result.accounts, datasets, strict=True))
    ]
    fastmap.show_map(
        key="compare_map",
        view_js=fastmap.view_script(
            lambda: map_layers.accounts_view_data(groups, geometry, names),
            ("compare", tuple(ds.key for ds in datasets)),
        ),
        center=view.centre,
        zoom=view.zoom,
        height=460,
    )


def timeline(result: cmp.Comparison) -> None:
    """Every dated event of each account on one chart: one lane, colour and mark each."""
    rows = [
        {"account": display_text(account_label(i, account.title))[:60], **row}
        for i, account in enumerate(result.accounts)
        for row in chart_rows.event_rows(account.events)
    ]
    if not rows:
        st.info("None of these accounts dates an event.")
        return
    frame = pd.DataFrame(rows)
    labels = [display_text(account_label(i, a.title))[:60] for i, a in enumerate(result.accounts)]
    looks = map_layers.ACCOUNT_LOOKS[: len(labels)]
    colour = alt.Color(
        "account:N",
        scale=alt.Scale(domain=labels, range=[c for c, _ in looks]),
        legend=alt.Legend(orient="bottom", title=None, columns=1),
    )
    shape = alt.Shape(
        "account:N",
        scale=alt.Scale(domain=labels, range=[VEGA_SHAPES[s] for _, s in looks]),
        legend=None,
    )
    base = alt.Chart(frame).encode(
        y=alt.Y("account:N", sort=labels, title=None, axis=alt.Axis(labels=False, ticks=False)),
        color=colour,
        tooltip=chart_rows.tooltip(alt.Tooltip("account:N", title="Account")),
    )
    bars = base.mark_bar(height=12, opacity=0.5).encode(x=alt.X("start:T", title=None), x2="end:T")
    dots = base.mark_point(size=120, filled=True, opacity=0.95).encode(x="start:T", shape=shape)
    chart = (bars + dots).properties(height=70 + 50 * len(labels)).interactive(bind_y=False)
    st.altair_chart(chart, key="compare_timeline")


# --- the merged list ----------------------------------------------------------------------------

FILTERS = {
    "Everything": lambda r: True,
    "Told by more than one": lambda r: not r.lone,
    "Only one account": lambda r: r.lone,
    "Dated differently": lambda r: any(p.dates_differ for p in r.pairs),
    "Different place names": lambda r: any(p.renamed_places for p in r.pairs),
    "Marked: disagree": lambda r: any(p.disagree for p in r.pairs),
}


def row_key(row: cmp.Row) -> str:
    return "-".join(f"{i}-{e.id}" for i, e in enumerate(row.events) if e is not None)


def event_block(event: Event, ds: Dataset, i: int) -> None:
    """One account's event: title, date as written, precision, places, its own quote."""
    view = event_view(event, ds.meta)
    colour, shape = map_layers.ACCOUNT_LOOKS[i]
    lines = [
        f"**{md(view.title)}**",
        f":gray[{view.date_line(md)}]",
    ]
    if view.places:
        lines.append(":material/location_on: " + ", ".join(md(lb) for lb in view.place_labels))
    body = "  \n".join(lines)
    body += f"\n\n> *The {cmp.ordinal(i)} account:* “{md(view.quote)}”"
    notes = view.notes(md)
    if notes:
        body += "\n\n" + "  \n".join(f":gray[{line}]" for line in notes)
    st.html(
        f"<span style='color:{colour};font-size:1.2em'>{html.escape(SHAPE_MARKS[shape])}</span>"
    )
    st.markdown(body)


def merged_list(result: cmp.Comparison, datasets: Sequence[Dataset], editable: bool) -> None:
    """Rows of events side by side, the reasons of each match and what differs."""
    n = len(result.accounts)
    c1, c2 = st.columns([3, 1])
    choice = (
        c1.segmented_control("Show", list(FILTERS), default="Everything", key="cmp_filter")
        or "Everything"
    )
    rows = [r for r in result.rows if FILTERS[choice](r)]
    pages = max(1, -(-len(rows) // ROWS_PER_PAGE))
    page = int(
        c2.number_input("Page", 1, pages, 1, key="cmp_page", help=f"{ROWS_PER_PAGE} per page")
    )
    st.caption(f"{len(rows)} row(s) · page {page} of {pages}")
    for row in rows[(page - 1) * ROWS_PER_PAGE : page * ROWS_PER_PAGE]:
        key = row_key(row)
        with st.container(border=True, key=f"cmp-row-{key}"):
            if row.lone:
                st.caption(md(cmp.lone_line(row)))
            cols = st.columns(n)
            for i, event in enumerate(row.events):
                with cols[i]:
                    if event is not None:
                        event_block(event, datasets[i], i)
                    else:
                        st.caption(f"The {cmp.ordinal(i)} account has no event matched here.")
            for pair in row.pairs:
                pair_details(pair, result, key, editable)
            if row.lone and editable:
                link_control(row, result, key)


def pair_details(pair: cmp.Pair, result: cmp.Comparison, key: str, editable: bool) -> None:
    with st.container(key=f"cmp-why-{key}-{pair.a}{pair.b}"):
        st.markdown(md(cmp.match_line(pair)))
    lines = cmp.difference_lines(pair)
    words = [w for w in (cmp.words_line(pair, 0), cmp.words_line(pair, 1)) if w]
    if lines or words:
        st.markdown("  \n".join(f":gray[{md(line)}]" for line in [*lines, *words]))
    if not editable:
        return
    a = (result.accounts[pair.a].key, pair.first.id)
    b = (result.accounts[pair.b].key, pair.second.id)
    c1, c2, c3 = st.columns(3)
    c1.button(
        "Not the same event (unlink)",
        key=f"cmp-unlink-{key}-{pair.a}{pair.b}",
        on_click=lambda: _set(decisions().unlink(a, b)),
        icon=":material/link_off:",
    )
    if pair.disagree:
        c2.button(
            "Clear “the accounts disagree”",
            key=f"cmp-agree-{key}-{pair.a}{pair.b}",
            on_click=lambda: _set(decisions().clear_disagree(a, b)),
        )
    else:
        with c2.popover("The accounts disagree…", icon=":material/balance:"):
            note_key = f"cmp-note-{key}-{pair.a}{pair.b}"
            st.text_input("Your note (what they disagree about)", key=note_key, max_chars=1000)
            st.button(
                "Mark: the accounts disagree",
                key=f"cmp-disagree-{key}-{pair.a}{pair.b}",
                on_click=lambda: _set(
                    decisions().mark_disagree(a, b, st.session_state.get(note_key, ""))
                ),
            )
    if pair.manual:
        c3.button(
            "Back to the automatic match",
            key=f"cmp-forget-{key}-{pair.a}{pair.b}",
            on_click=lambda: _set(decisions().forget(a, b)),
        )


def link_control(row: cmp.Row, result: cmp.Comparison, key: str) -> None:
    """Link a lone event to an event of another account (any of them: it may take it from
    its automatic match)."""
    mine = row.told_by[0]
    event = row.events[mine]
    assert event is not None
    options: dict[str, tuple[str, str]] = {}
    for j, account in enumerate(result.accounts):
        if j == mine:
            continue
        for other in account.events:
            options[f"{j}:{other.id}"] = (account.key, other.id)
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    choice = c1.selectbox(
        "Link to an event of another account",
        list(options),
        index=None,
        format_func=lambda k: display_text(_option_label(result, k)),
        key=f"cmp-pick-{key}",
        placeholder="Choose an event…",
    )
    me = (result.accounts[mine].key, event.id)
    c2.button(
        "Link",
        key=f"cmp-link-{key}",
        disabled=choice is None,
        on_click=lambda: _set(decisions().link(me, options[choice])) if choice else None,
        icon=":material/link:",
    )


def _option_label(result: cmp.Comparison, option: str) -> str:
    j, eid = option.split(":", 1)
    account = result.accounts[int(j)]
    event = next(e for e in account.events if e.id == eid)
    return f"{cmp.ordinal(int(j)).capitalize()} account: {event.date_label} — {event.title}"


# --- saving --------------------------------------------------------------------------------------


def save(picks: Sequence[str]) -> None:
    """Save the comparison: a new one (no edit token here), else over the version this
    session started from (someone else's save meanwhile is a conflict, not overwritten)."""
    if not stories.may_save():
        st.warning(RATE_MESSAGE, icon=":material/hourglass:")
        return
    base: Base | None = st.session_state.get(BASE)
    links_json = decisions().to_json()
    token = token_for(base.comparison_id) if base is not None else None
    try:
        if base is not None and token is not None:
            version = story_store().update_comparison(
                base.comparison_id, token, base.version, picks, links_json
            )
            st.session_state[BASE] = Base(base.comparison_id, version, tuple(picks), decisions())
            st.session_state.pop(CONFLICT, None)
            st.toast("Saved.", icon=":material/check_circle:")
            return
        saved = story_store().create_comparison(picks, links_json)
    except Conflict as exc:
        st.session_state[CONFLICT] = str(exc).replace("story", "comparison")
        return
    except StoreError as exc:
        st.error(md(str(exc)), icon=":material/error:")
        return
    st.session_state.setdefault(TOKENS, {})[saved.comparison_id] = saved.edit_token
    st.session_state.setdefault(NEW_LINKS, {})[saved.comparison_id] = saved.edit_token
    st.session_state[BASE] = Base(saved.comparison_id, 1, tuple(picks), decisions())
    st.query_params[COMPARE_PARAM] = saved.comparison_id


def reload_saved() -> None:
    """Drop this session's links for the comparison as saved now (after a conflict)."""
    st.session_state.pop(BASE, None)
    st.session_state.pop(CONFLICT, None)


def show_links(comparison_id: str) -> None:
    new_token = st.session_state.get(NEW_LINKS, {}).get(comparison_id)
    view, edit = links(comparison_id, new_token)
    with st.container(key="cmp-links"):
        st.markdown("**View link** — opens this comparison and its links to read (no editing):")
        st.code(view, language=None, wrap_lines=True)
        if edit:
            st.markdown(
                "**Edit link** — keep it private: whoever has it can change the links. It is "
                "shown only now."
            )
            st.code(edit, language=None, wrap_lines=True)

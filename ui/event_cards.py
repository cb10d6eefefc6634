"""The Map page's event list: all cards in one small front-end component.

Each Streamlit element costs the server about 0.2 ms per rerun, and a card built from
Streamlit elements (container, Markdown, button) is three of them: with the list inside the
slider's fragment, eight cards made a slider move cost twice an empty rerun. Here the cards
are one ``st.components.v2`` element: Python sends the cards as data, the browser draws them
(text only through ``textContent``, never as HTML), and a click on "Show on map" or "Show
more" comes back as a trigger value.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from articlemap.escaping import display_data
from articlemap.event_view import event_view
from articlemap.schema import Event
from articlemap.story import StoryMeta

PAGE_SIZE = 8

_CSS = """
:host { display: block; }
.am-head { margin: 0 0 0.5rem 0; font-size: 1rem; }
.am-empty { background: rgba(28, 131, 225, 0.1); color: #004280; border-radius: 0.5rem;
  padding: 0.75rem 1rem; margin: 0 0 0.6rem 0; }
.am-list.scroll { max-height: var(--am-list-height, 560px); overflow-y: auto;
  padding-right: 0.35rem; }
.am-list { font-family: var(--st-font, "Source Sans Pro", sans-serif);
  color: var(--st-text-color, #1b1f24); }
.am-card { border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem;
  padding: 0.75rem 1rem; margin: 0 0 0.6rem 0; background: var(--st-background-color, #fff); }
.am-card.selected { border: 2px solid var(--st-primary-color, #0072b2); }
.am-card-title { font-weight: 700; font-size: 1rem; line-height: 1.35; margin: 0 0 0.2rem 0; }
.am-badge { display: inline-block; font-size: 0.75rem; font-weight: 600; border-radius: 0.5rem;
  padding: 0 0.45rem; margin-left: 0.35rem; vertical-align: 0.1em; }
.am-badge.selected { background: #dbeafe; color: #1e40af; }
.am-badge.place { background: #ede9fe; color: #5b21b6; }
.am-badge.outside { background: #eceff3; color: #4b5563; }
.am-meta, .am-note { color: rgba(49, 51, 63, 0.82); font-size: 0.875rem; margin: 0.15rem 0; }
.am-dot { display: inline-block; width: 0.7em; height: 0.7em; border-radius: 50%;
  margin-right: 0.35em; vertical-align: -0.05em; }
.am-places { font-size: 0.95rem; margin: 0.25rem 0; }
.am-quote { border-left: 3px solid rgba(49, 51, 63, 0.2); margin: 0.5rem 0; padding: 0 0 0 0.75rem;
  font-size: 0.95rem; line-height: 1.45; }
.am-quote em { font-style: italic; }
button.am-card-show, button.am-more { font: inherit; font-size: 0.875rem; cursor: pointer;
  border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem; background: #fff;
  color: inherit; padding: 0.25rem 0.75rem; margin-top: 0.25rem; }
button.am-card-show:hover, button.am-more:hover { border-color: var(--st-primary-color, #0072b2);
  color: var(--st-primary-color, #0072b2); }
.am-twin { margin: -0.25rem 0 0.5rem 0; font-size: 0.875rem; color: rgba(49, 51, 63, 0.82); }
button:focus-visible, .am-card:focus-visible {
  outline: 3px solid var(--st-primary-color, #0072b2); outline-offset: 2px; }
/* On a phone the list sits below the map: it grows with the page instead of being a scroll
   box inside the scrolling page. */
@media (max-width: 640px) { .am-list.scroll { max-height: none; overflow-y: visible; } }
"""

_JS = """
export default function (component) {
  const { data, setTriggerValue, parentElement } = component;
  const el = (tag, cls, text) => {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  };
  let head = parentElement.querySelector(".am-head");
  let twin = parentElement.querySelector(".am-twin");
  let root = parentElement.querySelector(".am-list");
  if (!root) {
    head = el("p", "am-head");
    head.setAttribute("aria-live", "polite");
    twin = el("p", "am-twin");
    root = el("div", "am-list");
    root.setAttribute("role", "list");
    parentElement.append(head, twin, root);
  }
  // A skip link's target (the element in the page that holds this list).
  if (data.anchor) {
    const host = parentElement.getRootNode().host || parentElement;
    host.id = data.anchor;
    host.tabIndex = -1;
  }
  twin.hidden = !data.twin;
  twin.textContent = data.twin || "";
  if (data.twin) root.setAttribute("aria-label", data.twin);
  head.hidden = !data.heading;
  if (data.heading) head.replaceChildren(el("strong", null, data.heading[0]), data.heading[1]);
  root.classList.toggle("scroll", Boolean(data.height));
  if (data.height) root.style.setProperty("--am-list-height", data.height + "px");
  // Only cards in the list (role=list holds list items only): the empty note and the
  // "Show more" button go around it.
  root.replaceChildren();
  for (const extra of parentElement.querySelectorAll(".am-empty, .am-more")) extra.remove();
  if (data.empty) root.before(el("div", "am-empty", data.empty));
  for (const c of data.cards) {
    const card = el("div", "am-card" + (c.selected ? " selected" : ""));
    card.dataset.eventId = c.id;
    card.setAttribute("role", "listitem");
    card.tabIndex = 0;  // every card is a stop on the keyboard path, with or without a button
    const title = el("div", "am-card-title", c.title);
    for (const [cls, text] of c.badges) title.appendChild(el("span", "am-badge " + cls, text));
    card.appendChild(title);
    const meta = el("div", "am-meta");
    const dot = el("span", "am-dot");
    dot.style.background = c.color;
    meta.appendChild(dot);
    meta.appendChild(document.createTextNode(c.meta));
    card.appendChild(meta);
    if (c.places) {
      const places = el("div", "am-places");
      places.appendChild(el("strong", null, "Places: "));
      places.appendChild(document.createTextNode(c.places));
      card.appendChild(places);
    }
    const quote = el("blockquote", "am-quote");
    quote.appendChild(el("em", null, "The article: "));
    quote.appendChild(document.createTextNode("\\u201C" + c.quote + "\\u201D"));
    card.appendChild(quote);
    for (const note of c.notes) card.appendChild(el("div", "am-note", note));
    if (c.can_show) {
      const button = el("button", "am-card-show", "Show on map");
      button.type = "button";
      button.onclick = () => setTriggerValue("show", c.id);
      card.appendChild(button);
    }
    root.appendChild(card);
  }
  if (data.more > 0) {
    const more = el("button", "am-more", data.more_label);
    more.type = "button";
    more.onclick = () => setTriggerValue("more", data.shown);
    root.after(more);
  }
}
"""

_COMPONENT = st.components.v2.component("articlemap.event_cards", css=_CSS, js=_JS)


def card_data(
    event: Event,
    meta: StoryMeta,
    *,
    selected: bool,
    at_selected_place: bool,
    outside_window: bool,
) -> dict:
    """What one card shows, as plain strings (the browser inserts them as text)."""
    view = event_view(event, meta)
    badges = []
    if selected:
        badges.append(("selected", "selected"))
    if at_selected_place:
        badges.append(("place", "at the chosen place"))
    if outside_window:
        badges.append(("outside", "outside the time window"))
    return display_data(
        {
            "id": view.id,
            "title": view.title,
            "badges": badges,
            "color": view.colour,
            "meta": f"{view.date_line()} · {view.category_label}",
            "places": ", ".join(view.place_labels),
            "quote": view.quote,
            "notes": list(view.notes()),
            "can_show": bool(view.places),
            "selected": selected,
        }
    )


def event_cards(
    events: Sequence[Event],
    meta: StoryMeta,
    *,
    key: str,
    selected_event: str | None,
    selected_place: str | None,
    on_show: Callable[[str], None],
    outside: set[str] | frozenset[str] = frozenset(),
    heading: tuple[str, str] | None = None,
    empty: str = "",
    height: int | None = None,
    twin: str = "",
    anchor: str = "",
) -> None:
    """The cards of ``events`` (the first page; "Show more" adds a page at a time).

    ``heading`` is a line above the list (bold part, rest), ``empty`` what an empty list
    says, ``height`` makes the list scroll past that many pixels — all drawn by the same
    element, so a slider move costs one element, not four. ``twin`` says what the list is
    to the map (its text twin: the accessible way to the map's content), ``anchor`` is the id
    a skip link goes to.
    """
    limit_key = f"{key}-limit"
    limit = st.session_state.get(limit_key, PAGE_SIZE)
    ids = [e.id for e in events]
    if selected_event in ids:  # the chosen event is always on the list
        limit = max(limit, ids.index(selected_event) + 1)
    shown = events[:limit]
    rest = len(events) - len(shown)

    def show() -> None:
        event_id = getattr(st.session_state[key], "show", None)
        if event_id:
            on_show(event_id)

    def more() -> None:
        st.session_state[limit_key] = limit + PAGE_SIZE

    _COMPONENT(
        key=key,
        data={
            "cards": [
                card_data(
                    e,
                    meta,
                    selected=e.id == selected_event,
                    at_selected_place=bool(selected_place) and selected_place in e.place_ids,
                    outside_window=e.id in outside,
                )
                for e in shown
            ],
            "shown": len(shown),
            "more": rest,
            "more_label": f"Show {min(PAGE_SIZE, rest)} more ({rest} not shown)",
            "heading": list(heading) if heading else None,
            "empty": empty if not events else "",
            "height": height,
            "twin": twin,
            "anchor": anchor,
        },
        on_show_change=show,
        on_more_change=more,
    )

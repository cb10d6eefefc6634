// The Map page's event list (ui/event_cards.py): a Streamlit components v2 module that draws
// the cards Python sends as data. Text only through textContent and text nodes, never as HTML;
// "Show on map", a related event and "Show more" come back as trigger values. Unit tests:
// articlemap/web/tests/event_cards.test.mjs.

// Where the list's own scroll box must stand for a card to show (its scrollTop), or null
// when the card is already in sight. cardTop: the card's top in the list's content.
// From the card's top, a little below the box's edge, so a tall card shows its title.
export function scrollToShow(scrollTop, boxHeight, cardTop, cardHeight) {
  if (cardTop >= scrollTop && cardTop + cardHeight <= scrollTop + boxHeight) return null;
  return Math.max(0, cardTop - 8);
}

// Bring the chosen card (data.focus: the chosen event's, or the first at a chosen place)
// into sight inside the list's own scroll box, once per choice, so the reader's own
// scrolling stands. Not scrollIntoView: it would scroll the page as well.
function showChosen(root, focus, host) {
  if (host.amFocused === focus) return;
  host.amFocused = focus;
  if (!focus || root.scrollHeight <= root.clientHeight) return; // no box of its own
  const card = Array.from(root.childNodes).find((c) => c.dataset && c.dataset.eventId === focus);
  if (!card) return;
  const cardTop = card.getBoundingClientRect().top - root.getBoundingClientRect().top;
  const top = scrollToShow(
    root.scrollTop,
    root.clientHeight,
    root.scrollTop + cardTop,
    card.offsetHeight,
  );
  if (top !== null) root.scrollTop = top;
}

// A card's related events: one button each, which chooses that event as its card's "Show on
// map" does (the same trigger: the map flies there, its popup and card open, the address
// says ?event=). related: [id, title] pairs, the links both ways.
export function relatedList(el, related, setTriggerValue) {
  const box = el("div", "am-related");
  box.appendChild(el("strong", null, "Related events: "));
  const list = el("ul", "am-related-list");
  for (const [id, title] of related) {
    const item = el("li");
    const button = el("button", "am-related-link", title);
    button.type = "button";
    button.dataset.eventId = id;
    button.onclick = () => setTriggerValue("show", id);
    item.appendChild(button);
    list.appendChild(item);
  }
  box.appendChild(list);
  return box;
}

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
    card.tabIndex = 0; // every card is a stop on the keyboard path, with or without a button
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
    quote.appendChild(document.createTextNode("\u201C" + c.quote + "\u201D"));
    card.appendChild(quote);
    for (const note of c.notes) card.appendChild(el("div", "am-note", note));
    if (c.related?.length) card.appendChild(relatedList(el, c.related, setTriggerValue));
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
  showChosen(root, data.focus || null, parentElement);
}

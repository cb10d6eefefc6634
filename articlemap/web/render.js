/* articlemap: how an event is drawn in the browser, as DOM nodes whose text is text only.
 *
 * A classic script; defines window.articlemapRender. The static site (site.py puts this file
 * in front of site_template/app.js) builds its popups and event cards with it. Every text
 * from the data reaches the page as a text node (el() below), never as HTML, so the data
 * are raw text (escaping.display_data removed the bidi controls). Unit tests:
 * articlemap/web/tests/render.test.js.
 */
(function () {
  // biome-ignore lint/suspicious/noRedundantUseStrict: a classic script, not a module
  "use strict";

  // <tag class=className> with these children: strings become text nodes, nodes are appended,
  // null, undefined and "" are left out.
  function el(tag, className, children) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === "") {
        return;
      }
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  // The normalized date, then the date as the article writes it (or that it gives none).
  function dateLines(event) {
    var lines = el("p", "am-popup-date");
    lines.appendChild(el("span", "am-normalized", [event.date_label]));
    if (event.date_as_written) {
      lines.appendChild(
        el("span", "am-written", [" \u2014 as written: \u201c" + event.date_as_written + "\u201d"]),
      );
    } else if (event.date_start) {
      lines.appendChild(el("span", "am-written", [" \u2014 not dated in the article"]));
    }
    return lines;
  }

  // An event's related events (event.related: [{id, title}], the links both ways): one
  // button each, which the page makes choose that event (button.am-related-link, its id in
  // data-event-id). Null when it has none.
  function relatedBlock(event) {
    if (!event.related?.length) {
      return null;
    }
    var list = el("ul", "am-related-list");
    event.related.forEach(function (other) {
      var button = el("button", "am-related-link", [other.title]);
      button.type = "button";
      button.setAttribute("data-event-id", other.id);
      list.appendChild(el("li", "", [button]));
    });
    return el("div", "am-related", [el("p", "am-related-head", ["Related events:"]), list]);
  }

  // One event in a popup: title, date lines, quote, its related events.
  function eventBlock(event) {
    return el("div", "am-popup-event", [
      el("p", "am-popup-title", [event.title]),
      dateLines(event),
      el("blockquote", "am-quote", [event.quote]),
      relatedBlock(event),
    ]);
  }

  // A place's popup: its label, then its events newest first (the events in date order).
  function placePopup(label, events) {
    var box = el("div", "am-popup", [el("p", "am-popup-place", [label])]);
    events
      .slice()
      .reverse()
      .forEach(function (event) {
        box.appendChild(eventBlock(event));
      });
    return box;
  }

  // One event's popup (opened from its card): the event, then the names of its places.
  function eventPopup(event, placeNames) {
    var box = el("div", "am-popup", [eventBlock(event)]);
    if (placeNames.length) {
      const what = placeNames.length > 1 ? "Places: " : "Place: ";
      box.appendChild(el("p", "am-popup-places", [what + placeNames.join(", ")]));
    }
    return box;
  }

  // An area's popup: its label, then each of its states (when, the story's wording, the
  // event it comes from with that event's date and quote): the one shown now (index
  // current, marked) first, then the others in date order. eventById: the events by id.
  function areaPopup(area, current, eventById) {
    var box = el("div", "am-popup am-area-popup", [el("p", "am-popup-place", [area.label])]);
    var order = area.states.map(function (_state, i) {
      return i;
    });
    order.sort(function (a, b) {
      return (b === current) - (a === current) || a - b;
    });
    order.forEach(function (i) {
      var state = area.states[i];
      var now = i === current;
      var item = el(
        "div",
        "am-state-item am-state-" + state.style + (now ? " am-state-current" : ""),
        [
          el("p", "am-state", [
            el("span", "am-state-swatch"),
            el("span", "am-state-label", [state.state, now ? " (shown now)" : ""]),
          ]),
          el("p", "am-popup-date", [state.when]),
        ],
      );
      var event = eventById[state.event_id];
      if (event) {
        item.appendChild(el("p", "am-state-from", ["From the event:"]));
        item.appendChild(eventBlock(event));
      }
      if (state.note) {
        item.appendChild(el("p", "am-state-note", [state.note]));
      }
      box.appendChild(item);
    });
    return box;
  }

  // Where an event's context comes from, as its card says it.
  function contextLabel(event) {
    if (event.source === "context") {
      return "Context (not from the article): ";
    }
    return event.date_source === "context" ? "Date from context: " : "Context: ";
  }

  // What the card says of the date as written.
  function writtenLine(event) {
    if (event.date_as_written) {
      return "As written: \u201c" + event.date_as_written + "\u201d";
    }
    return event.date_start
      ? "Date as written: none (the article gives no date)"
      : "Date as written: none";
  }

  // An event's card in the list. look: the colour and label of its category, the labels of
  // its places. A card with places has a "Show on map" button (the page makes it work).
  function card(event, look) {
    var item = el("li", "card");
    item.id = "event-" + event.id;
    item.style.setProperty("--cat", look.colour);
    var swatch = el("span", "swatch");
    swatch.style.background = look.colour;
    item.appendChild(
      el("div", "card-head", [
        el("span", "badge", [swatch, look.category]),
        el("span", "card-date", [
          event.date_start ? event.date_label : "Undated",
          event.date_start ? el("span", "precision", [" \u00b7 " + event.date_precision]) : null,
        ]),
      ]),
    );
    var title = el("h3", "card-title", [event.title]);
    item.appendChild(title);
    item.appendChild(el("p", "card-written", [writtenLine(event)]));
    item.appendChild(
      el("p", "card-places", [
        el("span", "field", ["Places: "]),
        look.places.length ? look.places.join("; ") : "none on the map",
      ]),
    );
    item.appendChild(el("blockquote", "am-quote", [event.quote]));
    if (event.note) {
      item.appendChild(el("p", "card-note", [el("span", "field", ["Note: "]), event.note]));
    }
    if (event.context_ref) {
      item.appendChild(
        el("p", "card-note", [el("span", "field", [contextLabel(event)]), event.context_ref]),
      );
    }
    var related = relatedBlock(event);
    if (related) {
      item.appendChild(related);
    }
    title.appendChild(el("span", "sr-only later-text", [" (after the slider date)"]));
    if (look.places.length) {
      const button = el("button", "card-button", ["Show on map"]);
      button.type = "button";
      // The visible words first, so speech input ("click Show on map") finds the button.
      button.setAttribute("aria-label", "Show on map: \u201c" + event.title + "\u201d");
      item.appendChild(button);
      item.classList.add("has-place");
    }
    return item;
  }

  window.articlemapRender = {
    el: el,
    dateLines: dateLines,
    relatedBlock: relatedBlock,
    eventBlock: eventBlock,
    placePopup: placePopup,
    eventPopup: eventPopup,
    areaPopup: areaPopup,
    contextLabel: contextLabel,
    writtenLine: writtenLine,
    card: card,
  };
})();

// Unit tests of articlemap/web/event_cards.mjs (the Map page's card list component) against
// the fake DOM, which refuses HTML.
import assert from "node:assert/strict";
import test from "node:test";
import draw, { scrollToShow } from "../event_cards.mjs";
import fakeDom from "./fake_dom.js";

const { FakeElement, fakeDocument, allText } = fakeDom;
globalThis.document = fakeDocument();

// biome-ignore lint/suspicious/noTemplateCurlyInString: a template literal's opener, as text
const HOSTILE = '<img src=x onerror=alert(1)> `${x}` \\ </script> &amp; "q"';

function cardData(extra) {
  return {
    id: "signed",
    title: "Talks held",
    badges: [],
    color: "#0072B2",
    meta: "9 Oct 1999 · Diplomacy",
    places: "Riverton (city), Hilltown (city)",
    quote: "Talks were held.",
    notes: [],
    can_show: true,
    selected: false,
    ...extra,
  };
}

function data(extra) {
  return {
    cards: [cardData()],
    shown: 1,
    more: 0,
    more_label: "",
    heading: null,
    empty: "",
    height: null,
    ...extra,
  };
}

function component(d, parent = new FakeElement("div")) {
  const triggers = [];
  draw({
    data: d,
    setTriggerValue: (name, value) => triggers.push([name, value]),
    parentElement: parent,
  });
  return { parent, triggers, list: parent.one("am-list"), head: parent.one("am-head") };
}

test("the list is drawn once into the element and redrawn in place", () => {
  const first = component(data({ heading: ["12 events", " up to 9 Oct 1999"], height: 400 }));
  assert.equal(first.head.getAttribute("aria-live"), "polite");
  assert.equal(first.list.getAttribute("role"), "list");
  assert.equal(first.head.hidden, false);
  assert.equal(first.head.textContent, "12 events up to 9 Oct 1999");
  assert.equal(first.head.childNodes[0].tagName, "STRONG");
  assert.ok(first.list.classList.contains("scroll"));
  assert.equal(first.list.properties["--am-list-height"], "400px");

  const again = component(data({ cards: [cardData(), cardData({ id: "b" })] }), first.parent);
  assert.equal(
    again.parent.childNodes.length,
    3,
    "the same head, twin line and list, not new ones",
  );
  assert.equal(again.list, first.list);
  assert.equal(again.head.hidden, true);
  assert.ok(!again.list.classList.contains("scroll"));
  assert.equal(again.list.find("am-card").length, 2);
});

test("a card: title and badges, dot and meta line, places, quote, notes, its button", () => {
  const c = cardData({
    selected: true,
    badges: [
      ["selected", "selected"],
      ["outside", "outside the time window"],
    ],
    notes: ["Date from context: ref 1", "Note: a note"],
  });
  const { list, triggers } = component(data({ cards: [c] }));
  const card = list.one("am-card");
  assert.equal(card.className, "am-card selected");
  assert.equal(card.dataset.eventId, "signed");
  assert.equal(card.getAttribute("role"), "listitem");
  const title = card.one("am-card-title");
  assert.equal(title.childNodes[0].textContent, "Talks held");
  assert.deepEqual(
    title.find("am-badge").map((b) => [b.className, b.textContent]),
    [
      ["am-badge selected", "selected"],
      ["am-badge outside", "outside the time window"],
    ],
  );
  assert.equal(card.one("am-dot").style.background, "#0072B2");
  assert.equal(card.one("am-meta").textContent, "9 Oct 1999 · Diplomacy");
  assert.equal(card.one("am-places").textContent, "Places: Riverton (city), Hilltown (city)");
  assert.equal(card.one("am-quote").textContent, "The article: \u201cTalks were held.\u201d");
  assert.deepEqual(
    card.find("am-note").map((n) => n.textContent),
    c.notes,
  );
  const button = card.one("am-card-show");
  assert.equal(button.type, "button");
  button.onclick();
  assert.deepEqual(triggers, [["show", "signed"]]);
});

test("a card without places has no places line and no map button", () => {
  const { list } = component(data({ cards: [cardData({ places: "", can_show: false })] }));
  assert.equal(list.find("am-places").length, 0);
  assert.equal(list.find("am-card-show").length, 0);
});

test("an empty list says so; more cards come with a Show more button", () => {
  const empty = component(data({ cards: [], empty: "No events in this window." }));
  assert.equal(empty.parent.one("am-empty").textContent, "No events in this window.");
  assert.equal(empty.parent.find("am-more").length, 0);
  const more = component(data({ shown: 8, more: 5, more_label: "Show 5 more (5 not shown)" }));
  const button = more.parent.one("am-more");
  assert.equal(button.textContent, "Show 5 more (5 not shown)");
  button.onclick();
  assert.deepEqual(more.triggers, [["more", 8]]);
});

test("the list holds only its cards: the empty note goes before it, Show more after it", () => {
  const parent = new FakeElement("div");
  const first = component(data({ cards: [], empty: "No events in this window." }), parent);
  assert.equal(first.list.find("am-empty").length, 0, "a note inside role=list");
  const kids = parent.childNodes.map((c) => c.className);
  assert.deepEqual(kids, ["am-head", "am-twin", "am-empty", "am-list"]);
  // Redrawn in place: the old note and button go, never two of them.
  component(data({ shown: 1, more: 3, more_label: "Show 3 more (3 not shown)" }), parent);
  component(data({ shown: 1, more: 3, more_label: "Show 3 more (3 not shown)" }), parent);
  assert.deepEqual(
    parent.childNodes.map((c) => c.className),
    ["am-head", "am-twin", "am-list", "am-more"],
  );
  assert.equal(parent.one("am-list").find("am-more").length, 0);
  for (const card of parent.one("am-list").childNodes) {
    assert.equal(card.getAttribute("role"), "listitem");
  }
});

test("every card is a keyboard stop, with or without its map button", () => {
  const { list } = component(
    data({ cards: [cardData({ id: "a" }), cardData({ id: "b", can_show: false })] }),
  );
  assert.deepEqual(
    list.find("am-card").map((c) => c.tabIndex),
    [0, 0],
  );
});

test("the twin line says what the list is to the map and names the list", () => {
  const twin = "This list is the map as text: each card is a marker.";
  const parent = new FakeElement("div");
  const drawn = component(data({ twin }), parent);
  const line = parent.one("am-twin");
  assert.equal(line.hidden, false);
  assert.equal(line.textContent, twin);
  assert.equal(drawn.list.getAttribute("aria-label"), twin);
  component(data({ twin: "" }), parent);
  assert.equal(parent.one("am-twin").hidden, true);
  assert.equal(parent.one("am-twin").textContent, "");
});

test("an anchor makes the component's host a skip link's focusable target", () => {
  const host = new FakeElement("div");
  const shadow = new FakeElement("div");
  shadow.host = host; // the shadow root the component is drawn in
  const parent = new FakeElement("div");
  shadow.appendChild(parent);
  component(data({ anchor: "am-event-list" }), parent);
  assert.equal(host.id, "am-event-list");
  assert.equal(host.tabIndex, -1);
  const plain = new FakeElement("div");
  component(data({}), plain);
  assert.equal(plain.id, undefined, "no anchor: no id set");
});

test("hostile text in every field is text, never markup", () => {
  const c = cardData({
    id: HOSTILE,
    title: "T " + HOSTILE,
    badges: [["place", "B " + HOSTILE]],
    meta: "M " + HOSTILE,
    places: "P " + HOSTILE,
    quote: "Q " + HOSTILE,
    notes: ["N " + HOSTILE],
  });
  const { parent } = component(
    data({ cards: [c], heading: ["H " + HOSTILE, "R " + HOSTILE], empty: "E " + HOSTILE }),
  );
  const texts = allText(parent);
  for (const part of ["T", "B", "M", "P", "N", "H", "R", "E"]) {
    assert.ok(texts.includes(part + " " + HOSTILE), part);
  }
  assert.ok(texts.includes("\u201cQ " + HOSTILE + "\u201d"));
  assert.equal(parent.one("am-card").dataset.eventId, HOSTILE);
});

test("scrollToShow: a card in sight stays; one above or below comes to the box's top", () => {
  assert.equal(scrollToShow(0, 560, 100, 200), null);
  assert.equal(scrollToShow(0, 560, 360, 200), null, "its bottom just in sight");
  assert.equal(scrollToShow(0, 560, 900, 200), 892);
  assert.equal(scrollToShow(1000, 560, 300, 200), 292);
  assert.equal(scrollToShow(0, 560, 500, 200), 492, "half cut off below");
  assert.equal(scrollToShow(50, 560, 4, 100), 0, "never above the list's top");
});

test("the chosen card is brought into the list's own box, once per choice", (t) => {
  // A fake layout: each card 100 px tall, one under the other, in a 250 px scroll box.
  const proto = FakeElement.prototype;
  proto.getBoundingClientRect = function () {
    if (!this.classes().includes("am-card")) return { top: 40 };
    const list = this.parentNode;
    return { top: 40 + list.childNodes.indexOf(this) * 100 - list.scrollTop };
  };
  Object.defineProperty(proto, "offsetHeight", { get: () => 100, configurable: true });
  t.after(() => {
    delete proto.getBoundingClientRect;
    delete proto.offsetHeight;
  });
  const cards = ["a", "b", "c", "d", "e", "f"].map((id) => cardData({ id }));
  const parent = new FakeElement("div");
  const draw = (focus) => component(data({ cards, height: 250, focus }), parent);
  draw(null);
  const list = parent.one("am-list");
  Object.assign(list, { clientHeight: 250, scrollHeight: 600, scrollTop: 0 });
  draw("e");
  assert.equal(list.scrollTop, 392, "the fifth card at the box's top");
  list.scrollTop = 0; // the reader scrolls back up; the list is redrawn (a slider move)
  draw("e");
  assert.equal(list.scrollTop, 0, "the same choice again: the reader's scrolling stands");
  draw("b");
  assert.equal(list.scrollTop, 0, "in sight already: the box stays");
  draw("f");
  assert.equal(list.scrollTop, 492);
  draw("nowhere");
  assert.equal(list.scrollTop, 492, "a card not on the list: nothing moves");
  draw(null);
  list.clientHeight = 600; // no box of its own (a phone: the list grows with the page)
  list.scrollTop = 0;
  draw("f");
  assert.equal(list.scrollTop, 0);
});

// Unit tests of articlemap/web/render.js (popups and cards of the static site) against a
// small fake DOM that refuses HTML: every text must arrive as a text node.
const test = require("node:test");
const assert = require("node:assert/strict");
const { loadScript } = require("./browser_script.js");

// biome-ignore lint/suspicious/noTemplateCurlyInString: a template literal's opener, as text
const HOSTILE = "<img src=x onerror=alert(1)> `${x}` \\ </script> &amp; \"q\" 'q'";

class FakeText {
  constructor(data) {
    this.data = String(data);
  }
  get textContent() {
    return this.data;
  }
}

class FakeElement {
  constructor(tag) {
    this.tagName = tag.toUpperCase();
    this.className = "";
    this.childNodes = [];
    this.attributes = {};
    this.properties = {};
    this.classes = [];
    const properties = this.properties;
    this.style = {
      setProperty: (name, value) => {
        properties[name] = value;
      },
    };
    this.classList = { add: (name) => this.classes.push(name) };
  }
  appendChild(child) {
    assert.ok(child instanceof FakeElement || child instanceof FakeText, "a node");
    this.childNodes.push(child);
    return child;
  }
  setAttribute(name, value) {
    this.attributes[name] = String(value);
  }
  get textContent() {
    return this.childNodes.map((c) => c.textContent).join("");
  }
  set innerHTML(_html) {
    throw new Error("innerHTML set: text must go in as text nodes");
  }
  set outerHTML(_html) {
    throw new Error("outerHTML set");
  }
  insertAdjacentHTML() {
    throw new Error("insertAdjacentHTML called");
  }
  // The elements below this one with `className` among their classes (depth first).
  find(className) {
    const out = [];
    for (const c of this.childNodes) {
      if (c instanceof FakeElement) {
        if (c.className.split(" ").includes(className)) {
          out.push(c);
        }
        out.push(...c.find(className));
      }
    }
    return out;
  }
  one(className) {
    const found = this.find(className);
    assert.equal(found.length, 1, className);
    return found[0];
  }
}

function load() {
  const window = {};
  const document = {
    createElement: (tag) => new FakeElement(tag),
    createTextNode: (data) => new FakeText(data),
  };
  loadScript("render.js", { window, document });
  return window.articlemapRender;
}

function event(extra) {
  return {
    id: "signed",
    title: "Talks held",
    date_start: "1999-10-09",
    date_label: "9 Oct 1999",
    date_precision: "day",
    date_as_written: "9 October",
    quote: "Talks were held.",
    note: "",
    context_ref: "",
    source: "article",
    date_source: "article",
    ...extra,
  };
}

function allText(node) {
  return node instanceof FakeText ? [node.data] : node.childNodes.flatMap(allText);
}

test("el: strings become text nodes, nodes are kept, empty children left out", () => {
  const r = load();
  const inner = r.el("b", "x", ["bold"]);
  const node = r.el("p", "line", ["a", null, "", undefined, inner, HOSTILE]);
  assert.equal(node.className, "line");
  assert.equal(node.childNodes.length, 3);
  assert.ok(node.childNodes[0] instanceof FakeText);
  assert.equal(node.childNodes[1], inner);
  assert.equal(node.childNodes[2].data, HOSTILE, "hostile text stays text, unchanged");
  assert.equal(r.el("span").className, "");
});

test("date lines: normalized date, then as written, or that the article gives none", () => {
  const r = load();
  assert.equal(
    r.dateLines(event()).textContent,
    "9 Oct 1999 \u2014 as written: \u201c9 October\u201d",
  );
  assert.equal(
    r.dateLines(event({ date_as_written: "" })).textContent,
    "9 Oct 1999 \u2014 not dated in the article",
  );
  const undated = r.dateLines(event({ date_as_written: "", date_start: null, date_label: "" }));
  assert.equal(undated.textContent, "");
});

test("a place's popup lists its events newest first", () => {
  const r = load();
  const events = [event({ id: "a", title: "First" }), event({ id: "b", title: "Second" })];
  const popup = r.placePopup("Lowland (district)", events);
  assert.equal(popup.className, "am-popup");
  assert.equal(popup.one("am-popup-place").textContent, "Lowland (district)");
  assert.deepEqual(
    popup.find("am-popup-title").map((t) => t.textContent),
    ["Second", "First"],
  );
  assert.equal(events[0].id, "a", "the caller's list is not reordered");
});

test("an event's popup names its places, one or several", () => {
  const r = load();
  assert.equal(
    r.eventPopup(event(), ["Riverton"]).one("am-popup-places").textContent,
    "Place: Riverton",
  );
  assert.equal(
    r.eventPopup(event(), ["Riverton", "Hilltown"]).one("am-popup-places").textContent,
    "Places: Riverton, Hilltown",
  );
  assert.equal(r.eventPopup(event(), []).find("am-popup-places").length, 0);
});

test("hostile text in every field reaches popups and cards as text nodes only", () => {
  const r = load();
  const bad = event({
    title: "T " + HOSTILE,
    date_label: "D " + HOSTILE,
    date_as_written: "W " + HOSTILE,
    quote: "Q " + HOSTILE,
    note: "N " + HOSTILE,
    context_ref: "C " + HOSTILE,
    date_precision: "P " + HOSTILE,
  });
  const look = { colour: "#D55E00", category: "K " + HOSTILE, places: ["L " + HOSTILE] };
  const nodes = [
    r.placePopup("L " + HOSTILE, [bad]),
    r.eventPopup(bad, ["L " + HOSTILE]),
    r.card(bad, look),
  ];
  const texts = nodes.flatMap(allText).join("\n");
  for (const part of ["T", "D", "W", "Q", "L"]) {
    assert.ok(texts.includes(part + " " + HOSTILE), part);
  }
  const cardText = allText(nodes[2]).join("\n");
  for (const part of ["N", "C", "K", "P"]) {
    assert.ok(cardText.includes(part + " " + HOSTILE), part);
  }
  const button = nodes[2].one("card-button");
  assert.equal(button.attributes["aria-label"], "Show on map: \u201cT " + HOSTILE + "\u201d");
});

test("a card: category, date and precision, title, date as written, places, quote", () => {
  const r = load();
  const item = r.card(event({ note: "A note." }), {
    colour: "#0072B2",
    category: "Diplomacy",
    places: ["Riverton (city)", "Hilltown (city)"],
  });
  assert.equal(item.tagName, "LI");
  assert.equal(item.id, "event-signed");
  assert.equal(item.properties["--cat"], "#0072B2");
  assert.equal(item.one("swatch").style.background, "#0072B2");
  assert.equal(item.one("badge").textContent, "Diplomacy");
  assert.equal(item.one("card-date").textContent, "9 Oct 1999 \u00b7 day");
  assert.equal(item.one("card-title").textContent, "Talks held (after the slider date)");
  assert.equal(item.one("card-written").textContent, "As written: \u201c9 October\u201d");
  assert.equal(item.one("card-places").textContent, "Places: Riverton (city); Hilltown (city)");
  assert.equal(item.one("am-quote").textContent, "Talks were held.");
  assert.deepEqual(
    item.find("card-note").map((n) => n.textContent),
    ["Note: A note."],
  );
  assert.deepEqual(item.classes, ["has-place"]);
  assert.equal(item.one("card-button").type, "button");
});

test("a card without places or date says so and has no map button", () => {
  const r = load();
  const item = r.card(event({ date_start: null, date_as_written: "" }), {
    colour: "#444444",
    category: "Other",
    places: [],
  });
  assert.equal(item.one("card-date").textContent, "Undated");
  assert.equal(item.one("card-written").textContent, "Date as written: none");
  assert.equal(item.one("card-places").textContent, "Places: none on the map");
  assert.equal(item.find("card-button").length, 0);
  assert.deepEqual(item.classes, []);
  const dated = r.card(event({ date_as_written: "" }), { colour: "", category: "", places: [] });
  assert.equal(
    dated.one("card-written").textContent,
    "Date as written: none (the article gives no date)",
  );
});

test("a card says where its context comes from", () => {
  const r = load();
  const cases = [
    [{ source: "context" }, "Context (not from the article): "],
    [{ date_source: "context" }, "Date from context: "],
    [{}, "Context: "],
  ];
  for (const [extra, label] of cases) {
    const item = r.card(event({ context_ref: "Ref 1", ...extra }), {
      colour: "",
      category: "",
      places: [],
    });
    assert.deepEqual(
      item.find("card-note").map((n) => n.textContent),
      [label + "Ref 1"],
    );
  }
});

test("an area's popup: each state as text, the one shown now marked, with its event", () => {
  const r = load();
  const area = {
    label: HOSTILE,
    states: [
      { when: "1994 \u2013 2031", state: "held", style: "contested", event_id: "gone", note: "" },
      { when: "from 2031", state: HOSTILE, style: "changed", event_id: "signed", note: HOSTILE },
    ],
  };
  const box = r.areaPopup(area, 1, { signed: event({ quote: HOSTILE }) });
  assert.equal(box.className, "am-popup am-area-popup");
  assert.equal(box.one("am-popup-place").textContent, HOSTILE);
  const [now, earlier] = box.find("am-state-item");
  const items = [earlier, now]; // the one shown now comes first
  assert.equal(box.find("am-state-item").length, 2);
  assert.equal(items[0].className, "am-state-item am-state-contested");
  assert.equal(items[1].className, "am-state-item am-state-changed am-state-current");
  assert.equal(items[1].one("am-state-label").textContent, HOSTILE + " (shown now)");
  assert.equal(items[0].one("am-state-label").textContent, "held");
  assert.equal(items[0].find("am-popup-event").length, 0, "an unknown event: none shown");
  assert.equal(items[1].one("am-state-from").textContent, "From the event:");
  assert.equal(items[1].one("am-popup-title").textContent, "Talks held");
  assert.equal(items[1].one("am-quote").textContent, HOSTILE);
  assert.equal(items[1].one("am-state-note").textContent, HOSTILE);
  assert.ok(allText(box).includes(HOSTILE), "hostile text stays one text node");
});

test("related events: a button each, in the card and in both popups, text as text", () => {
  const r = load();
  const related = [
    { id: "withdrawal-a", title: HOSTILE },
    { id: "withdrawal-b", title: "Second" },
  ];
  const withLinks = event({ related });
  const check = (node) => {
    const box = node.one("am-related");
    assert.equal(box.one("am-related-head").textContent, "Related events:");
    const buttons = box.find("am-related-link");
    assert.deepEqual(
      buttons.map((b) => [b.tagName, b.type, b.attributes["data-event-id"], b.textContent]),
      [
        ["BUTTON", "button", "withdrawal-a", HOSTILE],
        ["BUTTON", "button", "withdrawal-b", "Second"],
      ],
    );
  };
  check(r.card(withLinks, { colour: "#123456", category: "Agreement", places: [] }));
  check(r.eventPopup(withLinks, ["Lowtown"]));
  check(r.placePopup("Lowtown", [withLinks]));
  for (const none of [event(), event({ related: [] })]) {
    assert.equal(r.relatedBlock(none), null);
    const card = r.card(none, { colour: "#123456", category: "Agreement", places: [] });
    assert.equal(card.find("am-related").length, 0);
  }
});

// Unit tests of articlemap/web/map_view.js (the live map's drawing code), against a fake
// Leaflet and DOM. Run: node --test articlemap/web/tests/ (pytest: tests/test_web_code.py).
const test = require("node:test");
const assert = require("node:assert/strict");
const { loadScript } = require("./browser_script.js");

const CONFIG = {
  limit: 6,
  canvas_from: 3,
  marker_class: "am-event-marker",
  area_class: "am-area",
  link_class: "am-link",
  plain_class: "am-plain-place",
};

// What the map page gives the script: a window with a parent page, a document that records
// its listeners, and a Leaflet that records what it was asked to draw.
function fakeBrowser() {
  const drawn = { layers: [], popups: [], tooltips: [], panes: [], renderers: [], on: [] };
  const listeners = {};
  const parentBody = { received: [], dispatchEvent: (e) => parentBody.received.push(e) };
  const window = {
    parent: { focused: 0, focus: () => window.parent.focused++, document: { body: parentBody } },
  };
  const document = {
    body: { style: {} },
    activeElement: { blurred: 0, blur: () => document.activeElement.blurred++ },
    addEventListener(type, fn, capture) {
      listeners[type] = listeners[type] || [];
      listeners[type].push({ fn, capture });
    },
  };
  class KeyboardEvent {
    constructor(type, init) {
      Object.assign(this, init, { type });
    }
  }
  const layer = (kind, extra) => ({
    kind,
    ...extra,
    bindPopup(content, options) {
      drawn.popups.push({ content, options });
      return this;
    },
    bindTooltip(text, options) {
      drawn.tooltips.push({ text, options });
      return this;
    },
    on(event) {
      drawn.on.push(event);
      return this;
    },
    addTo() {
      return this;
    },
  });
  const L = {
    geoJSON(data, options) {
      const made = layer("geojson", { data, options, children: [] });
      for (const f of data.features || []) {
        const child =
          f.geometry && f.geometry.type === "Point"
            ? options.pointToLayer(f, f.geometry.coordinates)
            : layer("path", { style: options.style(f) });
        options.onEachFeature?.(f, child);
        made.children.push(child);
      }
      drawn.layers.push(made);
      return made;
    },
    circleMarker(latlng, options) {
      drawn.renderers.push(options.renderer ? "canvas" : "svg");
      return layer("circle", { latlng, options });
    },
    marker: (latlng, options) => layer("marker", { latlng, options }),
    divIcon: (options) => ({ divIcon: options }),
    canvas: (options) => ({ canvas: options }),
    control: { layers: (_base, overlays) => layer("control", { overlays }) },
    Icon: { Default: {} },
    extend: Object.assign,
  };
  const container = {
    dataset: {},
    style: {},
    listeners: [],
    focusCalls: [],
    addEventListener(type, fn, capture) {
      container.listeners.push({ type, fn, capture });
    },
    focus(options) {
      container.focusCalls.push(options);
      document.activeElement = container;
    },
  };
  const map = {
    keyboard: { disabled: 0, disable: () => map.keyboard.disabled++ },
    getContainer: () => container,
    size: { x: 700, y: 500 },
    getSize: () => map.size,
    handlers: {},
    on(event, fn) {
      map.handlers[event] = fn;
      return map;
    },
    resized: 0,
    invalidateSize: () => map.resized++,
    moves: [],
    setView(_center, _zoom, options) {
      map.moves.push(["setView", options]);
      return map;
    },
    panBy(_offset, options) {
      map.moves.push(["panBy", options]);
      return map;
    },
    _zoomAnimated: true,
    createPane(name) {
      const pane = { name, style: {} };
      drawn.panes.push(pane);
      return pane;
    },
  };
  const globals = { window, document, L, KeyboardEvent, setTimeout, fetch: null };
  return { globals, window, document, listeners, parentBody, drawn, map, container };
}

function load(browser = fakeBrowser()) {
  loadScript("area_look.js", browser.globals); // inlined in front of it (map_layers.py)
  loadScript("map_view.js", browser.globals);
  return { api: browser.window.articlemapMap, ...browser };
}

function point(id, props) {
  return {
    type: "Feature",
    id,
    geometry: { type: "Point", coordinates: [47, 40] },
    properties: { color: "#D55E00", radius: 9, ...props },
  };
}

function eventRow(i, extra) {
  return { title: "Event " + i, date: i + " Oct 1999", written: "", quote: "Quote " + i, ...extra };
}

// --- popups ----------------------------------------------------------------------------

test("a popup lists its events in order with date, date as written and quote", () => {
  const { api } = load();
  const view = {
    events: { a: eventRow(1, { written: "the first" }), b: eventRow(2) },
  };
  const html = api.popupHtml(view, { label: "Lowland", event_ids: ["b", "a"], events: 2 }, 6);
  assert.ok(html.startsWith("<div class='am-popup'><b>Lowland</b>"));
  assert.ok(html.endsWith("</div>"));
  const titles = [...html.matchAll(/<div><b>(Event \d)<\/b><\/div>/g)].map((m) => m[1]);
  assert.deepEqual(titles, ["Event 2", "Event 1"]);
  assert.ok(html.includes("1 Oct 1999 \u2014 \u201cthe first\u201d</div>"));
  assert.ok(html.includes("2 Oct 1999</div>"), "no date as written: no dash, no quotes");
  assert.equal(html.match(/<blockquote/g).length, 2);
  assert.ok(!html.includes("more"));
});

test("a popup counts the events past the limit", () => {
  const { api } = load();
  const events = {};
  const ids = [];
  for (let i = 0; i < 6; i++) {
    events["e" + i] = eventRow(i);
    ids.push("e" + i);
  }
  const html = api.popupHtml({ events }, { label: "Here", event_ids: ids, events: 9 }, 6);
  assert.equal(html.match(/<blockquote/g).length, 6);
  assert.ok(html.includes("<div>\u2026 and 3 more</div>"));
  const one = api.popupHtml({ events }, { label: "Here", event_ids: ids, events: 7 }, 6);
  assert.ok(one.endsWith("<div>\u2026 and 1 more</div></div>"));
  const none = api.popupHtml({ events }, { label: "Here", event_ids: ids, events: 6 }, 6);
  assert.ok(!none.includes("more"));
});

test("a popup puts the escaped text in as it is: nothing decoded, nothing added", () => {
  // What escaping.map_text makes of "<img src=x onerror=alert(1)> `${x}` \\".
  const escaped =
    "&lt;img src=x onerror=alert(1)&gt; &#96;&#36;{x}&#96; &#92; &quot;q&quot; &#x27;";
  const { api } = load();
  const view = { events: { h: eventRow(0, { title: escaped, quote: escaped, written: escaped }) } };
  const html = api.popupHtml(view, { label: escaped, event_ids: ["h"], events: 1 }, 6);
  assert.equal(html.split(escaped).length - 1, 4, "label, title, date as written and quote");
  const markup = html.split(escaped).join("");
  for (const raw of ["<img", "`", "${", "\\", '"']) {
    assert.ok(!html.includes(raw), raw);
  }
  assert.ok(!/&(?!lt;|gt;|quot;|#)/.test(markup), "the popup's own markup has no entity");
});

test("a popup names an event's related events: a button for those on the map, escaped", () => {
  const { api } = load();
  const related = [
    { id: "b", title: "Signed &lt;b&gt;" },
    { id: "gone", title: "Not in this view" },
  ];
  const view = { events: { a: eventRow(1, { related }), b: eventRow(2) } };
  const html = api.popupHtml(view, { label: "Here", event_ids: ["a", "b"], events: 2 }, 6);
  assert.equal(html.match(/am-popup-related'/g).length, 1, "only the event with related ones");
  assert.ok(
    html.includes(
      "<div class='am-popup-related'>Related: <button type='button' " +
        "class='am-popup-related-link' data-event-id='b'>Signed &lt;b&gt;</button>; " +
        "<span>Not in this view</span></div>",
    ),
    html,
  );
});

test("a press on a related event opens its marker's popup; other presses do nothing", () => {
  const b = load();
  b.api.install(CONFIG);
  b.window.articlemapView(b.map, {});
  const clicks = b.container.listeners.filter((l) => l.type === "click");
  assert.equal(clicks.length, 1);
  assert.equal(clicks[0].capture, true, "Leaflet stops clicks inside a popup from bubbling");
  const opened = [];
  const marker = (ids) => ({
    feature: { properties: { event_ids: ids } },
    openPopup: () => opened.push(ids),
  });
  b.map.eachLayer = (fn) => [marker(["x"]), marker(["y", "b"]), marker(["b"])].forEach(fn);
  let closed = 0;
  b.map.closePopup = () => closed++;
  let prevented = 0;
  const press = (target) => ({ target, preventDefault: () => prevented++ });
  const link = { closest: () => ({ getAttribute: () => "b" }) };
  assert.equal(b.api.relatedClick(b.map, press(link)), true);
  assert.deepEqual(opened, [["y", "b"]], "the first marker that lists it");
  assert.equal(closed, 1);
  assert.equal(prevented, 1);
  assert.equal(b.api.relatedClick(b.map, press({ closest: () => null })), false);
  const elsewhere = { closest: () => ({ getAttribute: () => "nowhere" }) };
  assert.equal(b.api.relatedClick(b.map, press(elsewhere)), false);
  assert.deepEqual(opened, [["y", "b"]]);
});

// --- styles ------------------------------------------------------------------------------

test("marker style: a related event's place is dashed, apart from the chosen and the rest", () => {
  const { api } = load();
  const related = api.markerStyle(point("p", { selected: false, related: true }), CONFIG);
  assert.deepEqual(
    [related.color, related.weight, related.dashArray, related.className],
    ["#111111", 2.5, "4 3", "am-event-marker am-related"],
  );
  const chosen = api.markerStyle(point("p", { selected: true, related: false }), CONFIG);
  assert.equal(chosen.dashArray, undefined);
  assert.equal(chosen.className, "am-event-marker am-selected");
  const plain = api.markerStyle(point("p", { selected: false, related: false }), CONFIG);
  assert.equal(plain.dashArray, undefined);
  assert.equal(plain.className, "am-event-marker");
});

test("area style: chosen strong, related dashed and lighter, others faint", () => {
  const { api } = load();
  const area = (emphasis) => api.areaStyle(point("a", { emphasis: emphasis }), CONFIG);
  const chosen = area("selected");
  const related = area("related");
  const other = area("other");
  const none = area("");
  assert.equal(chosen.className, "am-area am-selected");
  assert.equal(related.className, "am-area am-related");
  assert.equal(other.className, "am-area am-other");
  assert.equal(none.className, "am-area");
  assert.ok(chosen.fillOpacity > related.fillOpacity);
  assert.ok(related.fillOpacity > none.fillOpacity && none.fillOpacity > other.fillOpacity);
  assert.ok(chosen.weight > related.weight && related.weight > other.weight);
  assert.ok(related.dashArray && !chosen.dashArray && !other.dashArray);
  assert.equal(chosen.color, "#111111");
  assert.equal(other.color, "#D55E00", "the others keep their category colour");
});

test("marker style: the chosen place stands out, a compared account adds its class", () => {
  const { api } = load();
  const plain = api.markerStyle(point("p", { selected: false }), CONFIG);
  assert.deepEqual(
    [plain.color, plain.weight, plain.fillColor, plain.className],
    ["#ffffff", 1.5, "#D55E00", "am-event-marker"],
  );
  const chosen = api.markerStyle(
    point("p", { selected: true, account_class: "am-account-1" }),
    CONFIG,
  );
  assert.deepEqual(
    [chosen.color, chosen.weight, chosen.radius, chosen.className],
    ["#111111", 3, 9, "am-event-marker am-account-1 am-selected"],
  );
  assert.equal(api.areaStyle(point("a", {}), CONFIG).className, "am-area");
  assert.equal(api.linkStyle(point("l", {}), CONFIG).className, "am-link");
  assert.equal(api.plainStyle(point("x", {}), CONFIG).className, "am-plain-place");
});

test("a compared account's marker is its own shape with the marker class", () => {
  const { api } = load();
  const svg = api.shapeSvg(
    { radius: 8, shape: "diamond", color: "#009E73", account_class: "am-account-2" },
    CONFIG,
  );
  assert.ok(svg.includes("width='20' height='20'"));
  assert.ok(svg.includes("class='am-event-marker am-account-2' d='M10 1L19 10L10 19L1 10Z'"));
  assert.ok(svg.includes("fill='#009E73'"));
});

test("outlines: country lines filled, district lines dashed", () => {
  const { api } = load();
  assert.equal(api.outlineStyle({ properties: { layer: "country" } }).fillOpacity, 1);
  assert.equal(api.outlineStyle({ properties: { layer: "district" } }).dashArray, "2 3");
});

// --- keys --------------------------------------------------------------------------------

test("key action: Escape releases the focus, the page's keys go to it, others stay", () => {
  const { api } = load();
  const keys = ["ArrowLeft", "ArrowRight", " "];
  assert.equal(api.keyAction("Escape", keys), "release");
  assert.equal(api.keyAction("Escape", []), "release");
  for (const key of keys) {
    assert.equal(api.keyAction(key, keys), "forward", JSON.stringify(key));
  }
  for (const key of ["ArrowUp", "+", "-", "a", "arrowright", "Space", ""]) {
    assert.equal(api.keyAction(key, keys), null, JSON.stringify(key));
  }
  assert.equal(api.keyAction("ArrowRight", []), null, "no page keys: the map keeps them all");
});

test("a forwarded key keeps its keyCode (the page's shortcut handler reads it)", () => {
  const { api } = load();
  const copy = api.copyKey("keydown", { key: " ", code: "Space", keyCode: 32, which: 32 });
  assert.deepEqual(
    [copy.type, copy.key, copy.code, copy.keyCode, copy.which, copy.bubbles, copy.cancelable],
    ["keydown", " ", "Space", 32, 32, true, true],
  );
});

function keyEvent(key, keyCode) {
  const e = { key, code: key, keyCode, which: keyCode, prevented: 0, stopped: 0 };
  e.preventDefault = () => e.prevented++;
  e.stopPropagation = () => e.stopped++;
  return e;
}

test("a view with page keys hands those keys to the page, down and up, and no others", () => {
  const b = load();
  b.api.install(CONFIG);
  b.window.articlemapView(b.map, { markers: [], page_keys: ["ArrowRight", " "] });
  b.window.articlemapView(b.map, { markers: [], page_keys: ["ArrowRight", " "] });
  assert.equal(b.map.keyboard.disabled, 2);
  assert.deepEqual(Object.keys(b.listeners).sort(), ["keydown", "keyup"]);
  assert.equal(b.listeners.keydown.length, 1, "listening once, however many views");
  assert.ok(b.listeners.keydown[0].capture);
  const press = (type, e) => b.listeners[type][0].fn(e);

  const right = keyEvent("ArrowRight", 39);
  press("keydown", right);
  press("keyup", keyEvent("ArrowRight", 39));
  assert.deepEqual([right.prevented, right.stopped], [1, 1]);
  assert.deepEqual(
    b.parentBody.received.map((e) => [e.type, e.key, e.keyCode]),
    [
      ["keydown", "ArrowRight", 39],
      ["keyup", "ArrowRight", 39],
    ],
  );

  const up = keyEvent("ArrowUp", 38);
  press("keydown", up);
  assert.deepEqual([up.prevented, b.parentBody.received.length], [0, 2], "the map pans");

  press("keydown", keyEvent("Escape", 27));
  press("keyup", keyEvent("Escape", 27));
  assert.equal(b.document.activeElement.blurred, 1, "blurred on keydown only");
  assert.equal(b.window.parent.focused, 2);
  assert.equal(b.parentBody.received.length, 2);

  // The next view has no page keys: the same listener now forwards nothing.
  b.window.articlemapView(b.map, { markers: [] });
  press("keydown", keyEvent("ArrowRight", 39));
  assert.equal(b.parentBody.received.length, 2);
});

test("a view without page keys leaves the keyboard to the map", () => {
  const b = load();
  b.api.install(CONFIG);
  b.window.articlemapView(b.map, { markers: [] });
  assert.equal(b.map.keyboard.disabled, 0);
  assert.deepEqual(b.listeners, {});
});

// --- areas' states ------------------------------------------------------------------------

function stateRow(style, current, extra) {
  return {
    when: "from 20 Nov 2031",
    state: "state " + style,
    style,
    event_id: "",
    note: "",
    current,
    ...extra,
  };
}

test("an area in a state is drawn in that state's fixed style, with its class", () => {
  const { api } = load();
  const area = (props) => ({ type: "Feature", properties: { color: "#E69F00", ...props } });
  const changed = api.areaStyle(area({ state_style: "changed" }), CONFIG);
  assert.equal(changed.className, "am-area am-state-changed");
  assert.equal(changed.color, changed.fillColor);
  assert.notEqual(changed.color, "#E69F00", "the state's colour, not the category's");
  const contested = api.areaStyle(area({ state_style: "contested" }), CONFIG);
  assert.ok(contested.dashArray, "contested areas are dashed");
  assert.notEqual(contested.color, changed.color);
  // no state, or a style the code does not know: the category's colour as before
  for (const props of [{}, { state_style: "url(x)" }]) {
    const plain = api.areaStyle(area(props), CONFIG);
    assert.equal(plain.className, "am-area");
    assert.equal(plain.color, "#E69F00");
  }
});

test("an area's popup lists its states, the current one marked, with their events", () => {
  const { api } = load();
  const view = {
    events: { w: eventRow(1, { title: "Withdrawal", quote: "the article's words" }) },
  };
  const p = {
    label: "Aghdam district",
    states: [
      stateRow("contested", false, { when: "1994 \u2013 19 Nov 2031", note: "a note" }),
      stateRow("changed", true, { event_id: "w" }),
    ],
  };
  const html = api.areaPopupHtml(view, p);
  assert.ok(html.startsWith("<div class='am-popup am-area-popup'><b>Aghdam district</b>"));
  assert.equal(html.match(/am-state-current/g).length, 1);
  assert.ok(html.includes("<b>state changed</b> <span class='am-state-now'>(shown now)</span>"));
  assert.ok(!html.includes("<b>state contested</b> <span"));
  assert.ok(html.includes("From the event: <b>Withdrawal</b> (1 Oct 1999)"));
  assert.ok(html.includes("the article's words</blockquote>"));
  assert.equal(html.match(/From the event/g).length, 1, "a state without its event names none");
  assert.ok(html.includes("<div class='am-state-note'>a note</div>"));
});

test("a drawn area with states gets its popup; the legend is replaced with each view", () => {
  const b = load();
  const controls = [];
  b.globals.L.control = Object.assign(
    (options) => {
      const control = {
        options,
        removed: 0,
        addTo() {
          controls.push(control);
          control.box = control.onAdd();
          return control;
        },
        remove() {
          control.removed++;
        },
      };
      return control;
    },
    { layers: (_base, overlays) => ({ overlays, addTo: () => ({ overlays }) }) },
  );
  b.globals.L.DomUtil = { create: (_tag, className) => ({ className, innerHTML: "" }) };
  b.globals.L.DomEvent = { disableClickPropagation() {} };
  b.api.install(CONFIG);
  const area = {
    type: "Feature",
    geometry: { type: "Polygon" },
    properties: { label: "Aghdam", state_style: "changed", states: [stateRow("changed", true)] },
  };
  const view = {
    events: {},
    areas: [area],
    markers: [],
    legend: [{ style: "changed", label: "returned" }],
    legend_title: "Areas on 20 Nov 2031",
  };
  b.window.articlemapView(b.map, view);
  assert.equal(b.drawn.popups.length, 1);
  assert.equal(b.drawn.popups[0].content(), b.api.areaPopupHtml(view, area.properties));
  assert.equal(controls.length, 1);
  assert.equal(controls[0].box.className, "am-state-legend");
  assert.equal(controls[0].box.innerHTML, b.api.legendHtml(view.legend, view.legend_title));
  assert.ok(controls[0].box.innerHTML.includes("Areas on 20 Nov 2031"));
  assert.ok(controls[0].box.innerHTML.includes("am-state-changed'><span class='am-state-swatch'>"));
  b.window.articlemapView(b.map, { ...view, legend: [{ style: "contested", label: "held" }] });
  assert.equal(controls[0].removed, 1, "the first view's legend is gone");
  assert.equal(controls.length, 2);
  b.window.articlemapView(b.map, { events: {}, markers: [] });
  assert.equal(controls[1].removed, 1, "a view without states has no legend");
  assert.equal(controls.length, 2);
});

// --- drawing a view ------------------------------------------------------------------------

test("a view is drawn in layer groups, markers last, and the map says what it drew", () => {
  const b = load();
  b.api.install(CONFIG);
  const view = {
    events: { e1: eventRow(1) },
    areas: [
      {
        type: "Feature",
        geometry: { type: "Polygon" },
        properties: { label: "District", color: "#000" },
      },
    ],
    links: [],
    markers: [
      point("p1", { label: "Town", name: "Town", event_ids: ["e1"], events: 1, open: true }),
    ],
  };
  b.window.articlemapView(b.map, view);
  assert.equal(b.window.feature_group.length, 3, "areas, links, markers (no plain places)");
  assert.deepEqual(Object.keys(b.window.layer_control.overlays), [
    "Districts and regions",
    "Meetings abroad",
    "Events",
  ]);
  assert.deepEqual(b.container.dataset, { amView: "1", amMarkers: "1", amRenderer: "svg" });
  assert.equal(b.drawn.popups.length, 1);
  assert.equal(b.drawn.popups[0].content(), b.api.popupHtml(view, view.markers[0].properties, 6));
  assert.deepEqual(
    b.drawn.tooltips.map((t) => t.text),
    ["District", "Town"],
  );
  assert.deepEqual(b.drawn.on, ["add"], "the chosen marker's popup opens once it is added");
  b.window.articlemapView(b.map, view);
  assert.equal(b.container.dataset.amView, "2");
});

test("permanent labels show the place's name; markers from canvas_from go on one canvas", () => {
  const b = load();
  b.api.install(CONFIG);
  const markers = ["a", "b", "c"].map((id) =>
    point(id, { label: id + " (label)", name: id, permanent: true, event_ids: [], events: 0 }),
  );
  b.window.articlemapView(b.map, { events: {}, markers });
  assert.deepEqual(b.drawn.renderers, ["canvas", "canvas", "canvas"]);
  assert.deepEqual(
    b.drawn.panes.map((p) => [p.name, p.style.zIndex]),
    [["amCanvasMarkers", 450]],
  );
  assert.deepEqual(
    b.drawn.tooltips.map((t) => [t.text, t.options.permanent]),
    [
      ["a", true],
      ["b", true],
      ["c", true],
    ],
  );
  assert.equal(b.container.dataset.amRenderer, "canvas");
  b.window.articlemapView(b.map, { events: {}, markers: markers.slice(0, 2) });
  assert.deepEqual(b.drawn.renderers.slice(3), ["svg", "svg"]);
  assert.equal(b.drawn.panes.length, 1, "one canvas pane, made once");
});

test("the outlines are fetched once drawn, and the map says whether they loaded", async () => {
  for (const [fetch, expected] of [
    [async () => ({ json: async () => ({ type: "FeatureCollection", features: [] }) }), "loaded"],
    [async () => Promise.reject(new Error("offline")), "failed"],
  ]) {
    const b = fakeBrowser();
    const urls = [];
    b.globals.fetch = (url) => {
      urls.push(url);
      return fetch();
    };
    const { api } = load(b);
    await api.outlines(b.map, { url: "/app/static/geodata/basemap.json", images: "/img/" });
    assert.deepEqual(urls, ["/app/static/geodata/basemap.json"]);
    assert.equal(b.globals.L.Icon.Default.imagePath, "/img/");
    assert.deepEqual(
      b.drawn.panes.map((p) => [p.name, p.style.zIndex]),
      [["outlines", 250]],
    );
    assert.equal(b.container.dataset.outlines, expected);
  }
});

// --- fitting the map to its frame and to the reader ----------------------------------------

test("a popup is never wider or taller than the map, clear of its buttons", () => {
  const { api } = load();
  const wide = api.popupSize({ x: 1200, y: 800 });
  assert.equal(wide.maxWidth, 380);
  assert.equal(wide.maxHeight, 260);
  assert.equal(wide.minWidth, 50);
  assert.deepEqual(wide.autoPanPaddingTopLeft, [16, 64]);
  assert.deepEqual(wide.autoPanPaddingBottomRight, [16, 16]);
  const phone = api.popupSize({ x: 360, y: 320 });
  assert.equal(phone.maxWidth, 276);
  assert.equal(phone.maxHeight, 180);
  const tiny = api.popupSize({ x: 100, y: 100 });
  assert.equal(tiny.maxWidth, 120, "never narrower than 120 px");
  assert.equal(tiny.maxHeight, 120, "never shorter than 120 px");
  assert.equal(tiny.minWidth, 16);
});

test("the map is scrolled into view only when it is under the header or low on the page", () => {
  const { api } = load();
  assert.equal(api.needsReveal(100, 60, 800), false, "in view");
  assert.equal(api.needsReveal(59.5, 60, 800), false, "within a pixel of the header");
  assert.equal(api.needsReveal(20, 60, 800), true, "under the header");
  assert.equal(api.needsReveal(-300, 60, 800), true, "scrolled past");
  assert.equal(api.needsReveal(600, 60, 800), true, "less than 240 px above the bottom");
  assert.equal(api.needsReveal(560, 60, 800), false);
});

test("a drawn marker's popup is sized from the map's size", () => {
  const b = load();
  b.api.install(CONFIG);
  b.map.size = { x: 360, y: 320 };
  const view = {
    events: { a: eventRow(1) },
    markers: [point("p", { label: "P", event_ids: ["a"], events: 1 })],
  };
  b.window.articlemapView(b.map, view);
  assert.deepEqual(b.drawn.popups[0].options, b.api.popupSize({ x: 360, y: 320 }));
});

test("a fill view makes the map fill its frame, once", () => {
  const b = load();
  b.api.install(CONFIG);
  b.window.articlemapView(b.map, { fill: true });
  b.window.articlemapView(b.map, { fill: true });
  assert.equal(b.container.style.height, "100vh");
  assert.equal(b.document.body.style.margin, "0");
  assert.equal(b.map.resized, 1);
  const plain = load();
  plain.api.install(CONFIG);
  plain.window.articlemapView(plain.map, {});
  assert.equal(plain.container.style.height, undefined);
  assert.equal(plain.map.resized, 0);
  assert.equal(typeof plain.map.handlers.popupopen, "function", "popups bring the map into view");
});

test("with reduced motion the map jumps to each view instead of flying", () => {
  const b = fakeBrowser();
  b.window.matchMedia = (q) => ({ matches: q === "(prefers-reduced-motion: reduce)" });
  const loaded = load(b);
  loaded.api.install(CONFIG);
  loaded.window.articlemapView(b.map, {});
  loaded.window.articlemapView(b.map, {});
  assert.equal(b.map._zoomAnimated, false);
  b.map.setView([40, 47], 6, { duration: 1 });
  b.map.panBy([10, 10]);
  assert.deepEqual(b.map.moves, [
    ["setView", { duration: 1, animate: false }],
    ["panBy", { animate: false }],
  ]);
  const moving = load();
  moving.api.install(CONFIG);
  moving.window.articlemapView(moving.map, {});
  moving.map.setView([40, 47], 6, { duration: 1 });
  assert.deepEqual(moving.map.moves, [["setView", { duration: 1 }]]);
  assert.equal(moving.map._zoomAnimated, true);
});

// --- place names kept apart -------------------------------------------------------------

test("labels: in rank order, each shown only clear of those shown before it", () => {
  const { api } = load();
  const box = (x, y, rank, w = 40) => ({ x, y, w, h: 16, rank });
  // b overlaps a (more important) and c; c overlaps only b; d stands alone
  const boxes = [box(30, 0, 1), box(0, 5, 0), box(60, 10, 2), box(300, 300, 3)];
  assert.deepEqual(api.pickLabels(boxes, 2), [false, true, true, true]);
  // the same boxes in another order: the same choice, box by box
  const shuffled = [boxes[3], boxes[2], boxes[0], boxes[1]];
  assert.deepEqual(api.pickLabels(shuffled, 2), [true, true, false, true]);
  // pad: two boxes 1 px apart collide with pad 2, not with pad 0
  assert.deepEqual(api.pickLabels([box(0, 0, 0), box(41, 0, 1)], 2), [true, false]);
  assert.deepEqual(api.pickLabels([box(0, 0, 0), box(41, 0, 1)], 0), [true, true]);
  // an unmeasured (zero-width) label is not shown and blocks nothing
  assert.deepEqual(api.pickLabels([box(0, 0, 0, 0), box(0, 0, 1)], 2), [false, true]);
  assert.deepEqual(api.pickLabels([], 2), []);
});

function labelLayer(rank, rect) {
  const classes = new Set(["am-label"]);
  const el = {
    classList: {
      add: (c) => classes.add(c),
      remove: (c) => classes.delete(c),
      contains: (c) => classes.has(c),
    },
    getBoundingClientRect: () => ({ left: rect[0], top: rect[1], width: 40, height: 16 }),
  };
  return {
    amRank: rank,
    el,
    getTooltip: () => ({ options: { permanent: true }, getElement: () => el }),
  };
}

test("a drawn view hides the names that overlap a more important one, again on zoom", () => {
  const b = load();
  b.api.install(CONFIG);
  const near = labelLayer(1, [10, 0]);
  const first = labelLayer(0, [0, 0]);
  const far = labelLayer(2, [200, 0]);
  const hover = { getTooltip: () => ({ options: { permanent: false }, getElement: () => ({}) }) };
  let layers = [near, first, far, hover];
  b.map.eachLayer = (fn) => layers.forEach(fn);
  b.window.articlemapView(b.map, { events: {}, markers: [] });
  const hidden = () => layers.map((l) => l.el?.classList.contains("am-label-hidden"));
  assert.deepEqual(hidden(), [true, false, false, undefined]);
  assert.equal(b.container.dataset.amLabels, "2");
  assert.equal(b.container.dataset.amLabelsHidden, "1");
  layers = [near, far]; // zoomed: the more important name is gone from the view
  b.map.handlers["moveend resize"]();
  assert.deepEqual(hidden(), [false, false]);
});

test("a label shows the place's name; hovering shows its whole label, other names too", () => {
  const b = load();
  b.api.install(CONFIG);
  const marker = point("lachin", {
    label: "Lachin / Berdzor",
    name: "Lachin",
    permanent: true,
    rank: 0,
    event_ids: [],
    events: 0,
  });
  b.window.articlemapView(b.map, { events: {}, markers: [marker] });
  assert.deepEqual(
    b.drawn.tooltips.map((t) => [t.text, t.options.className, t.options.permanent]),
    [["Lachin", "am-label", true]],
  );
  assert.deepEqual(b.drawn.on.slice(-2), ["mouseover", "mouseout"]);
});

test("names are measured only once Leaflet's stylesheet applies to them", async () => {
  const b = load();
  b.api.install(CONFIG);
  let position = "static"; // leaflet.css not in yet: a name is a block as wide as the map
  b.window.getComputedStyle = () => ({ position });
  const first = labelLayer(0, [0, 0]);
  const near = labelLayer(1, [10, 0]);
  b.map.eachLayer = (fn) => [first, near].forEach(fn);
  b.window.articlemapView(b.map, { events: {}, markers: [] });
  assert.equal(near.el.classList.contains("am-label-hidden"), false);
  assert.equal(b.container.dataset.amLabels, undefined, "not measured unstyled");
  position = "absolute";
  await new Promise((resolve) => setTimeout(resolve, 120));
  assert.equal(near.el.classList.contains("am-label-hidden"), true);
  assert.equal(b.container.dataset.amLabels, "1");
});

test("a press on the map focuses it without scrolling the page, once", () => {
  const b = load();
  b.api.install(CONFIG);
  b.window.articlemapView(b.map, {});
  b.window.articlemapView(b.map, {}); // the next view: still one listener
  const presses = b.container.listeners.filter((l) => l.type === "mousedown");
  assert.equal(presses.length, 1);
  assert.equal(presses[0].capture, true, "before Leaflet's own handler, which scrolls");
  presses[0].fn();
  assert.deepEqual(b.container.focusCalls, [{ preventScroll: true }]);
  presses[0].fn(); // focused already: Leaflet's handler does nothing either
  assert.equal(b.container.focusCalls.length, 1);
});

test("labelSide: a name that would run past the map's right edge goes on the left", () => {
  const { api } = load();
  const frame = { left: 0, right: 400 };
  const at = (left, width) => ({ left, right: left + width, width });
  assert.equal(api.labelSide(at(100, 40), frame, 8), "right");
  assert.equal(api.labelSide(at(370, 40), frame, 8), "left", "cut at the edge: flipped");
  // too wide for either side (a narrow phone map): it stays on the right
  assert.equal(api.labelSide(at(30, 380), frame, 8), "right");
});

test("a drawn view puts a name near the right edge on the left, and back after a pan", () => {
  const b = load();
  b.api.install(CONFIG);
  b.container.getBoundingClientRect = () => ({ left: 0, top: 0, right: 400, bottom: 300 });
  let x = 380; // where the name starts when on the right of its marker
  const classes = new Set(["am-label"]);
  const el = {
    classList: {
      add: (c) => classes.add(c),
      remove: (c) => classes.delete(c),
      contains: (c) => classes.has(c),
    },
    getBoundingClientRect: () => ({ left: x, top: 0, width: 40, height: 16, right: x + 40 }),
  };
  const tip = { options: { permanent: true, direction: "right", offset: [8, 0] }, updates: 0 };
  tip.getElement = () => el;
  tip.update = () => {
    tip.updates++;
    x = tip.options.direction === "left" ? x - 40 - 16 : x + 40 + 16;
  };
  const layer = { amRank: 0, amLabelGap: 8, getTooltip: () => tip };
  b.map.eachLayer = (fn) => [layer].forEach(fn);
  b.window.articlemapView(b.map, { events: {}, markers: [] });
  assert.equal(tip.options.direction, "left");
  assert.deepEqual(tip.options.offset, [-8, 0]);
  x = 100 - 56; // panned: on the right it would start at 100
  b.map.handlers["moveend resize"]();
  assert.equal(tip.options.direction, "right");
  assert.deepEqual(tip.options.offset, [8, 0]);
});

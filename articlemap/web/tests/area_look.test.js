// Unit tests of articlemap/web/area_look.js: how an area is drawn, by the live map and the
// static site alike (one rule).
const test = require("node:test");
const assert = require("node:assert/strict");
const { loadScript } = require("./browser_script.js");

function load() {
  const window = {};
  loadScript("area_look.js", { window });
  return window.articlemapAreaLook;
}

const plain = (emphasis) =>
  load().areaLook({ colour: "#D55E00", stateStyle: "" }, emphasis, "am-area");
const stated = (style, emphasis) =>
  load().areaLook({ colour: "#D55E00", stateStyle: style }, emphasis, "am-area");

test("an area in no state: its category's colour, outlined dark when it is the chosen event's", () => {
  const none = plain("");
  assert.deepEqual(
    [none.color, none.fillColor, none.className, none.dashArray],
    ["#D55E00", "#D55E00", "am-area", null],
  );
  const chosen = plain("selected");
  const related = plain("related");
  const other = plain("other");
  assert.equal(chosen.color, "#111111");
  assert.equal(related.color, "#111111");
  assert.equal(other.color, "#D55E00", "the others keep their category colour");
  assert.equal(chosen.fillColor, "#D55E00");
  assert.ok(chosen.fillOpacity > related.fillOpacity && related.fillOpacity > none.fillOpacity);
  assert.ok(none.fillOpacity > other.fillOpacity);
  assert.ok(chosen.weight > related.weight && related.weight > none.weight);
  assert.ok(none.weight > other.weight);
  assert.ok(related.dashArray && !chosen.dashArray && !other.dashArray);
  assert.deepEqual(
    [chosen.className, related.className, other.className],
    ["am-area am-selected", "am-area am-related", "am-area am-other"],
  );
});

test("an area in a state keeps the state's colour and dashes; the chosen event only changes how strong", () => {
  const { STATE_STYLES } = load();
  for (const style of Object.keys(STATE_STYLES)) {
    const base = stated(style, "");
    assert.equal(base.color, STATE_STYLES[style].color);
    assert.equal(base.fillColor, base.color);
    assert.equal(base.dashArray, STATE_STYLES[style].dashArray);
    assert.equal(base.className, "am-area am-state-" + style);
    const chosen = stated(style, "selected");
    const other = stated(style, "other");
    for (const look of [chosen, other, stated(style, "related")]) {
      assert.equal(look.color, base.color, "the state's colour whatever is chosen");
      assert.equal(look.dashArray, base.dashArray);
    }
    assert.ok(chosen.weight > base.weight && base.weight > other.weight);
    assert.ok(chosen.fillOpacity > base.fillOpacity && base.fillOpacity > other.fillOpacity);
    assert.ok(chosen.fillOpacity <= 0.6);
    assert.equal(chosen.className, "am-area am-selected am-state-" + style);
  }
  assert.notEqual(STATE_STYLES.changed.color, STATE_STYLES.contested.color);
  assert.ok(STATE_STYLES.contested.dashArray, "contested areas are dashed");
});

test("a style or emphasis the code does not know is drawn as none", () => {
  for (const style of ["url(x)", "__proto__", "toString", undefined]) {
    const look = load().areaLook({ colour: "#E69F00", stateStyle: style }, "", "am-area");
    assert.deepEqual([look.color, look.className], ["#E69F00", "am-area"], String(style));
  }
  assert.deepEqual(plain("constructor"), plain(""));
  assert.equal(load().isState("default"), true);
  assert.equal(load().isState("hasOwnProperty"), false);
});

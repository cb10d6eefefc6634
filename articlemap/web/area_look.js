/* articlemap: how an area (a district, a country) is drawn, for the live map and the static site.
 *
 * A classic script; defines window.articlemapAreaLook. map_layers.py inlines it in front of
 * map_view.js (the live map) and site.py puts it in front of site_template/app.js (the static
 * site), so both draw an area the same way from the same two tables: its state's look (a
 * fixed set, schema.AREA_STYLES) or its category's colour, then the chosen event's emphasis
 * (map_layers.area_emphasis). Pure: data in, Leaflet path options out. Unit tests:
 * articlemap/web/tests/area_look.test.js.
 */
(function () {
  // biome-ignore lint/suspicious/noRedundantUseStrict: a classic script, not a module
  "use strict";

  // An area in a state is drawn by it: its colour (fill too) and its dashes.
  var STATE_STYLES = {
    changed: { color: "#117733", weight: 2.5, fillOpacity: 0.35, dashArray: null },
    contested: { color: "#AA4499", weight: 2.5, fillOpacity: 0.25, dashArray: "6 4" },
    default: { color: "#7F7F7F", weight: 2, fillOpacity: 0.18, dashArray: null },
  };

  // An area in no state, by the chosen event: its own areas strong and outlined dark, its
  // related events' dashed and lighter, the others faint; with nothing chosen all alike.
  var EMPHASIS_LOOKS = {
    "": { weight: 2, fillOpacity: 0.18, dashArray: null, outline: false },
    selected: { weight: 4, fillOpacity: 0.4, dashArray: null, outline: true },
    related: { weight: 2.5, fillOpacity: 0.24, dashArray: "7 5", outline: true },
    other: { weight: 1, fillOpacity: 0.07, dashArray: null, outline: false },
  };

  // An area in a state keeps its colour and dashes while an event is chosen: only how strong
  // it is changes (its own areas stronger, the others fainter).
  var STATE_EMPHASIS = {
    "": { weight: 1, fillOpacity: 1 },
    selected: { weight: 1.6, fillOpacity: 1.5 },
    related: { weight: 1, fillOpacity: 1 },
    other: { weight: 0.6, fillOpacity: 0.5 },
  };
  var MAX_FILL = 0.6;
  var OUTLINE = "#111111";

  function isState(style) {
    return Object.hasOwn(STATE_STYLES, style || "");
  }

  // Leaflet path options for one area. area: {colour: its category's colour, stateStyle: a
  // STATE_STYLES name or ""}; emphasis: "", "selected", "related" or "other"; areaClass: the
  // class every area path has (the e2e tests and the CSS find areas by it).
  function areaLook(area, emphasis, areaClass) {
    var key = Object.hasOwn(EMPHASIS_LOOKS, emphasis || "") ? emphasis || "" : "";
    var classes = areaClass + (key ? " am-" + key : "");
    if (isState(area.stateStyle)) {
      const state = STATE_STYLES[area.stateStyle];
      const factor = STATE_EMPHASIS[key];
      return {
        color: state.color,
        weight: state.weight * factor.weight,
        dashArray: state.dashArray,
        fillColor: state.color,
        fillOpacity: Math.min(MAX_FILL, state.fillOpacity * factor.fillOpacity),
        className: classes + " am-state-" + area.stateStyle,
      };
    }
    var look = EMPHASIS_LOOKS[key];
    return {
      color: look.outline ? OUTLINE : area.colour,
      weight: look.weight,
      dashArray: look.dashArray,
      fillColor: area.colour,
      fillOpacity: look.fillOpacity,
      className: classes,
    };
  }

  window.articlemapAreaLook = {
    STATE_STYLES: STATE_STYLES,
    isState: isState,
    areaLook: areaLook,
  };
})();

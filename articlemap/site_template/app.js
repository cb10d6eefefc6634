/* articlemap static site: map, time slider, playback and event list.
 *
 * Data come from data.js (window.ARTICLEMAP_DATA) and basemap.js (window.ARTICLEMAP_BASEMAP):
 * nothing is fetched, so the page works opened from file://. Popups and cards are drawn by
 * window.articlemapRender (articlemap/web/render.js, which site.py puts in front of this file):
 * every data text reaches the page through text nodes, never as HTML.
 */
(function () {
  // biome-ignore lint/suspicious/noRedundantUseStrict: a classic script, not a module
  "use strict";

  var DATA = window.ARTICLEMAP_DATA;
  var BASEMAP = window.ARTICLEMAP_BASEMAP;
  var MARKER_CLASS = "am-site-marker";
  var AREA_CLASS = "am-site-area";
  var PACE_MS = { slow: 2000, normal: 1100, fast: 450 };
  var HOME = DATA.meta.home; // the story's opening view (articlemap/map_view.py)
  var reducedMotion = window.matchMedia?.("(prefers-reduced-motion: reduce)").matches;

  /* ---- DOM helpers (text only) ------------------------------------------------------ */

  var render = window.articlemapRender;
  var el = render.el;

  function byId(id) {
    return document.getElementById(id);
  }

  var categoryById = {};
  DATA.categories.forEach(function (c) {
    categoryById[c.id] = c;
  });

  var eventById = {};
  DATA.events.forEach(function (e) {
    eventById[e.id] = e;
  });
  var AREA_STATES = DATA.area_states || {};

  function colourOf(category) {
    return categoryById[category] ? categoryById[category].color : "#444444";
  }

  function categoryLabel(category) {
    return categoryById[category] ? categoryById[category].label : category;
  }

  function placesOf(event) {
    return event.place_ids
      .map(function (id) {
        return DATA.places[id];
      })
      .filter(Boolean);
  }

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  /* ---- the map ----------------------------------------------------------------------- */

  var map = L.map("map", {
    minZoom: 2,
    maxZoom: 12,
    worldCopyJump: false,
    zoomSnap: 0.5,
  });
  map.setView([HOME.lat, HOME.lon], HOME.zoom, { animate: false });
  // Printing resizes the map's box (app.css, @media print): keep what it showed in the
  // middle of the printed map, and back again after.
  function keepCentre() {
    var centre = map.getCenter();
    map.invalidateSize({ pan: false });
    map.setView(centre, map.getZoom(), { animate: false });
  }
  window.addEventListener("beforeprint", keepCentre);
  window.addEventListener("afterprint", keepCentre);
  window.matchMedia?.("print").addEventListener?.("change", keepCentre);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Outlines: Natural Earth · Places: GeoNames");

  map.createPane("outlines").style.zIndex = 250;
  map.createPane("areas").style.zIndex = 350;
  map.createPane("stateAreas").style.zIndex = 360; // above the other areas: clickable

  if (BASEMAP) {
    L.geoJSON(BASEMAP, {
      pane: "outlines",
      interactive: false,
      style: function (f) {
        return f.properties.layer === "country"
          ? { color: "#8a8f98", weight: 1, fillColor: "#f4f1ea", fillOpacity: 1 }
          : { color: "#b5b9c0", weight: 0.6, dashArray: "2 3", fill: false };
      },
    }).addTo(map);
    map.getContainer().setAttribute("data-outlines", "loaded");
  }

  var areaLayer = L.layerGroup().addTo(map);
  var markerLayer = L.layerGroup().addTo(map);

  // View buttons: the home region, or every place of the events shown.
  var ViewControl = L.Control.extend({
    options: { position: "topright" },
    onAdd: function () {
      var box = el("div", "leaflet-bar am-view-control");
      var home = el("button", "am-view-button", ["Region"]);
      home.type = "button";
      home.title = "Zoom to the South Caucasus";
      var all = el("button", "am-view-button", ["All places"]);
      all.type = "button";
      all.title = "Zoom out to every place on the map";
      box.appendChild(home);
      box.appendChild(all);
      L.DomEvent.disableClickPropagation(box);
      home.addEventListener("click", function () {
        map.setView([HOME.lat, HOME.lon], HOME.zoom, { animate: !reducedMotion });
      });
      all.addEventListener("click", function () {
        var points = [];
        markerLayer.eachLayer(function (layer) {
          points.push(layer.getLatLng());
        });
        if (points.length) {
          map.fitBounds(L.latLngBounds(points).pad(0.15), {
            maxZoom: 8,
            animate: !reducedMotion,
          });
        }
      });
      return box;
    },
  });
  new ViewControl().addTo(map);

  /* ---- popups (DOM nodes, text only) -------------------------------------------------- */

  function placePopup(place, events) {
    return render.placePopup(place.label, events);
  }

  function eventPopup(event) {
    return render.eventPopup(
      event,
      placesOf(event).map(function (p) {
        return p.name;
      }),
    );
  }

  var POPUP_OPTIONS = {
    maxWidth: 340,
    minWidth: 220,
    maxHeight: 300,
    className: "am-site-popup",
    // keep popups clear of the zoom and view buttons in the top corners
    autoPanPaddingTopLeft: [20, 84],
    autoPanPaddingBottomRight: [20, 20],
  };

  /* ---- the time window ---------------------------------------------------------------- */

  var steps = DATA.steps;
  var datedEvents = DATA.events.filter(function (e) {
    return e.step !== null && e.step !== undefined;
  });
  var undatedEvents = DATA.events.filter(function (e) {
    return e.step === null || e.step === undefined;
  });
  var current = steps.length - 1;

  // The drawn areas and markers by place id, so a chosen event can mark its own places and
  // its related events' apart (markChosen; events by id: eventById above).
  var areaByPlace = {};
  var markerByPlace = {};
  var chosen = null;

  // How a place is drawn while an event is chosen: "selected" (one of its places),
  // "related" (a place of one of its related events), "other"; "" when none is chosen.
  function emphasisOf(placeId) {
    if (!chosen) {
      return "";
    }
    if (chosen.selected[placeId]) {
      return "selected";
    }
    return chosen.related[placeId] ? "related" : "other";
  }

  var areaLook = window.articlemapAreaLook.areaLook; // one rule with the live map

  // An area's look for the chosen event: its state's colour and dashes (stronger or fainter),
  // else its category's colour, outlined, dashed or faint (area_look.js).
  function markArea(entry, emphasis) {
    var look = areaLook(
      { colour: entry.colour, stateStyle: entry.stateStyle || "" },
      emphasis,
      AREA_CLASS,
    );
    entry.layer.setStyle({
      color: look.color,
      weight: look.weight,
      fillOpacity: look.fillOpacity,
      dashArray: look.dashArray,
    });
    entry.layer.eachLayer(function (path) {
      var el = path.getElement?.();
      if (el) {
        // classList, not the class attribute: Leaflet's leaflet-interactive (the popup's
        // click) stays
        el.classList.remove("am-selected", "am-related", "am-other");
        if (emphasis) {
          el.classList.add("am-" + emphasis);
        }
      }
    });
  }

  function markChosen() {
    Object.keys(areaByPlace).forEach(function (id) {
      markArea(areaByPlace[id], emphasisOf(id));
    });
    Object.keys(markerByPlace).forEach(function (id) {
      var emphasis = emphasisOf(id);
      markerByPlace[id].setStyle({
        color: emphasis === "selected" || emphasis === "related" ? "#111111" : "#ffffff",
        weight: emphasis === "selected" ? 3 : emphasis === "related" ? 2.5 : 1.5,
        dashArray: emphasis === "related" ? "4 3" : null,
      });
      var el = markerByPlace[id].getElement?.();
      if (el) {
        el.classList.toggle("am-selected", emphasis === "selected");
        el.classList.toggle("am-related", emphasis === "related");
      }
    });
  }

  function choose(event) {
    var selected = {};
    var related = {};
    placesOf(event).forEach(function (p) {
      selected[p.id] = true;
    });
    (event.related || []).forEach(function (other) {
      var e = eventById[other.id];
      (e ? placesOf(e) : []).forEach(function (p) {
        if (!selected[p.id]) {
          related[p.id] = true;
        }
      });
    });
    chosen = { selected: selected, related: related };
    markChosen();
  }

  function drawWindow(events) {
    markerLayer.clearLayers();
    areaLayer.clearLayers();
    areaByPlace = {};
    markerByPlace = {};
    var byPlace = {};
    var order = [];
    events.forEach(function (event) {
      placesOf(event).forEach(function (place) {
        if (!byPlace[place.id]) {
          byPlace[place.id] = [];
          order.push(place);
        }
        byPlace[place.id].push(event);
      });
    });
    var inState = drawStates();
    // Areas first (they sit in a lower pane anyway), then one circle per place.
    order.forEach(function (place) {
      var geometry = place.kind !== "country" && place.area_id && DATA.areas[place.area_id];
      if (!geometry) {
        return;
      }
      if (inState[place.area_id]) {
        // drawn by its state (drawStates); a chosen event only changes how strong it is
        areaByPlace[place.id] = inState[place.area_id];
        return;
      }
      var list = byPlace[place.id];
      var colour = colourOf(list[list.length - 1].category);
      areaByPlace[place.id] = { colour: colour };
      areaByPlace[place.id].layer = L.geoJSON(
        { type: "Feature", geometry: geometry, properties: {} },
        {
          pane: "areas",
          interactive: false,
          style: areaLook({ colour: colour, stateStyle: "" }, "", AREA_CLASS),
        },
      ).addTo(areaLayer);
    });
    order.forEach(function (place) {
      var list = byPlace[place.id];
      var marker = L.circleMarker([place.lat, place.lon], {
        radius: Math.min(7 + 2 * Math.sqrt(list.length), 16),
        color: "#ffffff",
        weight: 1.5,
        fillColor: colourOf(list[list.length - 1].category),
        fillOpacity: 0.92,
        className: MARKER_CLASS,
      });
      marker.bindPopup(function () {
        return placePopup(place, list);
      }, POPUP_OPTIONS);
      marker.bindTooltip(
        el("span", "", [place.label + " — " + plural(list.length, "event", "events")]),
        { direction: "top", offset: [0, -6] },
      );
      marker.addTo(markerLayer);
      markerByPlace[place.id] = marker;
    });
    markChosen();
    return order.length;
  }

  // The areas in a state at the current step (site.site_area_states works out which), drawn
  // by its fixed style, on top of the other areas, each with its popup; then the legend of
  // the states drawn. Returns the area ids drawn.
  function drawStates() {
    var drawn = {};
    var legendItems = {};
    Object.keys(AREA_STATES).forEach(function (areaId) {
      var area = AREA_STATES[areaId];
      var index = area.by_step[current];
      var geometry = DATA.areas[areaId];
      if (index === null || index === undefined || !geometry) {
        return;
      }
      var state = area.states[index];
      legendItems[state.style + "|" + state.state] = state;
      var layer = L.geoJSON(
        { type: "Feature", geometry: geometry, properties: {} },
        {
          pane: "stateAreas",
          style: areaLook({ colour: "", stateStyle: state.style }, "", AREA_CLASS),
        },
      );
      drawn[areaId] = { layer: layer, stateStyle: state.style };
      layer.bindPopup(function () {
        return render.areaPopup(area, index, eventById);
      }, POPUP_OPTIONS);
      layer.bindTooltip(el("span", "", [area.label + " \u2014 " + state.state]), { sticky: true });
      layer.addTo(areaLayer);
    });
    stateLegend.textContent = "";
    var keys = Object.keys(legendItems).sort();
    keys.forEach(function (key) {
      var state = legendItems[key];
      stateLegend.appendChild(
        el("li", "am-state am-state-" + state.style, [el("span", "am-state-swatch"), state.state]),
      );
    });
    stateLegend.hidden = !keys.length;
    map.getContainer().setAttribute("data-area-states", String(Object.keys(drawn).length));
    return drawn;
  }

  /* ---- the event list ------------------------------------------------------------------ */

  var cardById = {};
  var selectedCard = null;

  function card(event) {
    var names = placesOf(event).map(function (p) {
      return p.label;
    });
    var item = render.card(event, {
      colour: colourOf(event.category),
      category: categoryLabel(event.category),
      places: names,
    });
    if (names.length) {
      item.addEventListener("click", function (e) {
        if (e.target.closest?.("a, .am-related-link")) {
          return;
        }
        openEvent(event, item);
      });
    }
    cardById[event.id] = item;
    return item;
  }

  function openEvent(event, item) {
    var places = placesOf(event);
    if (!places.length) {
      return;
    }
    var latlng = L.latLng(places[0].lat, places[0].lon);
    if (!map.getBounds().pad(-0.1).contains(latlng)) {
      map.setView(latlng, Math.max(Math.min(map.getZoom(), 6), 4), { animate: false });
    }
    L.popup(POPUP_OPTIONS).setLatLng(latlng).setContent(eventPopup(event)).openOn(map);
    choose(event);
    if (selectedCard) {
      selectedCard.classList.remove("selected");
      selectedCard.removeAttribute("aria-current");
    }
    selectedCard = item;
    item.classList.add("selected");
    item.setAttribute("aria-current", "true");
    // On a narrow screen the map is above the list: bring it into view.
    var box = map.getContainer().getBoundingClientRect();
    if (box.bottom < 60 || box.top > window.innerHeight - 60) {
      map
        .getContainer()
        .scrollIntoView({ block: "start", behavior: reducedMotion ? "auto" : "smooth" });
    }
  }

  // A related event's button (render.relatedBlock), in a card or a popup: choose that event
  // as its own card does (popup on the map, its card marked and brought into the list's sight).
  document.addEventListener(
    "click",
    function (e) {
      var button = e.target.closest?.(".am-related-link");
      var other = button && eventById[button.getAttribute("data-event-id")];
      if (!other) {
        return;
      }
      e.preventDefault();
      var item = cardById[other.id];
      if (placesOf(other).length) {
        openEvent(other, item);
      }
      if (item) {
        scrollListTo(item);
      }
    },
    true,
  ); // capture: Leaflet stops clicks in a popup from bubbling out of it

  var datedList = byId("dated-events");
  var undatedList = byId("undated-events");
  datedEvents.forEach(function (e) {
    datedList.appendChild(card(e));
  });
  undatedEvents.forEach(function (e) {
    undatedList.appendChild(card(e));
  });
  if (!undatedEvents.length) {
    byId("undated-heading").hidden = true;
    undatedList.hidden = true;
    undatedList.previousElementSibling.hidden = true;
  }

  var stateLegend = byId("state-legend");
  var legend = byId("legend");
  DATA.categories.forEach(function (c) {
    var swatch = el("span", "swatch");
    swatch.style.background = c.color;
    legend.appendChild(el("li", "", [swatch, c.label]));
  });
  if (
    DATA.events.some(function (e) {
      return e.related?.length;
    })
  ) {
    legend.appendChild(
      el("li", "legend-note", ["Chosen event: thick outline · its related events: dashed outline"]),
    );
  }

  /* ---- slider and playback -------------------------------------------------------------- */

  var slider = byId("date-slider");
  var label = byId("date-label");
  var status = byId("status");
  var playButton = byId("play");
  var pace = byId("pace");
  var hideLater = byId("hide-later");
  var panel = byId("events");
  var timer = null;

  function scrollListTo(item) {
    if (!item || panel.scrollHeight <= panel.clientHeight + 4) {
      return; // the list is not a scroll box (narrow screen): leave the page alone
    }
    var top = item.offsetTop - panel.offsetTop - 8;
    if (top < panel.scrollTop || top > panel.scrollTop + panel.clientHeight - 80) {
      panel.scrollTop = Math.max(top, 0);
    }
  }

  function update(index, initial) {
    current = Math.max(0, Math.min(index, steps.length - 1));
    slider.value = String(current);
    var step = steps[current];
    label.textContent = step.label;
    slider.setAttribute("aria-valuetext", "Up to " + step.label);
    var shown = datedEvents.filter(function (e) {
      return e.step <= current;
    });
    var placeCount = drawWindow(shown);
    var firstNow = null;
    datedEvents.forEach(function (e) {
      var item = cardById[e.id];
      var state = e.step < current ? "past" : e.step === current ? "current" : "later";
      item.setAttribute("data-state", state);
      if (state === "current" && !firstNow) {
        firstNow = item;
      }
    });
    status.textContent =
      plural(shown.length, "event", "events") +
      " of " +
      datedEvents.length +
      " dated, at " +
      plural(placeCount, "place", "places") +
      " on the map.";
    map.getContainer().setAttribute("data-markers", String(placeCount));
    if (!initial) {
      scrollListTo(firstNow);
    }
  }

  function setPlaying(on) {
    if (timer) {
      window.clearTimeout(timer);
      timer = null;
    }
    playButton.setAttribute("aria-pressed", on ? "true" : "false");
    playButton.textContent = on ? "Pause" : "Play";
    if (on) {
      timer = window.setTimeout(tick, PACE_MS[pace.value] || PACE_MS.normal);
    }
  }

  function tick() {
    timer = null;
    if (current >= steps.length - 1) {
      setPlaying(false);
      return;
    }
    update(current + 1);
    if (current >= steps.length - 1) {
      setPlaying(false);
    } else {
      timer = window.setTimeout(tick, PACE_MS[pace.value] || PACE_MS.normal);
    }
  }

  if (steps.length) {
    slider.max = String(steps.length - 1);
    slider.addEventListener("input", function () {
      if (timer) {
        setPlaying(false);
      }
      update(parseInt(slider.value, 10));
    });
    playButton.addEventListener("click", function () {
      if (timer) {
        setPlaying(false);
        return;
      }
      if (current >= steps.length - 1) {
        update(0);
      }
      setPlaying(true);
    });
    pace.addEventListener("change", function () {
      if (timer) {
        setPlaying(true);
      }
    });
    hideLater.addEventListener("change", function () {
      panel.classList.toggle("hide-later", hideLater.checked);
    });
    update(current, true);
  } else {
    hideLater.disabled = true;
    slider.disabled = true;
    playButton.disabled = true;
    pace.disabled = true;
    label.textContent = "no dated events";
    status.textContent = "No dated events.";
    map.getContainer().setAttribute("data-markers", "0");
  }

  document.documentElement.setAttribute("data-ready", "true");
})();

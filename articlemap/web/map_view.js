/* articlemap live map: draws one view of the map (map_layers.view_data) with Leaflet.
 *
 * A classic script, inlined once into the fixed folium base map by articlemap/map_layers.py
 * (ViewLayers, OfflineOutlines), followed by one line of glue that passes the settings as
 * JSON. It defines window.articlemapMap; install() then defines window.articlemapView(map,
 * view), which the script of each view (map_layers.view_script, streamlit-folium's
 * feature_group) calls with the view as JSON.
 *
 * Every text in a view is already HTML-escaped by escaping.map_text in Python (the backtick,
 * dollar and backslash as entities too): Leaflet sets popups and tooltips as HTML, so the
 * strings go in as they are, never decoded. This file must hold no backtick and no closing
 * script tag (articlemap/web refuses to load it otherwise). Unit tests: articlemap/web/tests/.
 */
(function () {
  // biome-ignore lint/suspicious/noRedundantUseStrict: a classic script, not a module
  "use strict";

  /* ---- popups and styles (pure: data in, HTML text or Leaflet options out) ---------- */

  // An event's related events in its popup: a button for each one this view draws (a press
  // opens its marker's popup: relatedClick), the others' titles as text. Ids and titles are
  // escaped text (map_text).
  function relatedHtml(view, related) {
    if (!related?.length) {
      return "";
    }
    var parts = related.map(function (r) {
      return view.events[r.id]
        ? "<button type='button' class='am-popup-related-link' data-event-id='" +
            r.id +
            "'>" +
            r.title +
            "</button>"
        : "<span>" + r.title + "</span>";
    });
    return "<div class='am-popup-related'>Related: " + parts.join("; ") + "</div>";
  }

  // A press on a related event in a popup: that event's marker opens its popup (the map
  // pans to it). Listened for on the map's box, in the capture phase: Leaflet stops a
  // click's way up from inside a popup.
  function relatedClick(map, event) {
    var link = event.target?.closest?.(".am-popup-related-link");
    if (!link) {
      return false;
    }
    var id = link.getAttribute("data-event-id");
    var found = null;
    map.eachLayer(function (layer) {
      var ids = layer.feature?.properties.event_ids;
      if (!found && ids && ids.indexOf(id) >= 0) {
        found = layer;
      }
    });
    if (!found) {
      return false;
    }
    event.preventDefault();
    map.closePopup();
    found.openPopup();
    return true;
  }

  // A marker's popup: its place, then each listed event (title, date, date as written,
  // quote, its related events); events past limit are counted. view.events holds each
  // event once.
  function popupHtml(view, p, limit) {
    var html = "<div class='am-popup'><b>" + p.label + "</b>";
    for (let i = 0; i < p.event_ids.length; i++) {
      const e = view.events[p.event_ids[i]];
      html +=
        "<hr style='margin:4px 0'><div><b>" +
        e.title +
        "</b></div>" +
        "<div style='color:#555'>" +
        e.date +
        (e.written ? " \u2014 \u201c" + e.written + "\u201d" : "") +
        "</div>" +
        "<blockquote style='margin:4px 0 0 0;font-style:italic'>" +
        e.quote +
        "</blockquote>" +
        relatedHtml(view, e.related);
    }
    if (p.events > limit) {
      html += "<div>\u2026 and " + (p.events - limit) + " more</div>";
    }
    return html + "</div>";
  }

  // An area's popup: its label, then each of its states (when, the story's wording, the
  // event it comes from with that event's date and quote); the state the view draws first
  // marked "now". States whose event is not in the view name no event.
  function areaPopupHtml(view, p) {
    var html = "<div class='am-popup am-area-popup'><b>" + p.label + "</b>";
    for (let i = 0; i < p.states.length; i++) {
      const s = p.states[i];
      const e = s.event_id ? view.events[s.event_id] : null;
      html +=
        "<hr style='margin:4px 0'><div class='am-state am-state-" +
        s.style +
        (s.current ? " am-state-current" : "") +
        "'><span class='am-state-swatch'></span><span><b>" +
        s.state +
        "</b>" +
        (s.current ? " <span class='am-state-now'>(shown now)</span>" : "") +
        "</span></div><div style='color:#555'>" +
        s.when +
        "</div>";
      if (e) {
        html +=
          "<div>From the event: <b>" +
          e.title +
          "</b> (" +
          e.date +
          ")</div><blockquote style='margin:4px 0 0 0;font-style:italic'>" +
          e.quote +
          "</blockquote>";
      }
      if (s.note) {
        html += "<div class='am-state-note'>" + s.note + "</div>";
      }
    }
    return html + "</div>";
  }

  // The legend of the states a view draws: one line per style and wording (escaped).
  function legendHtml(items, title) {
    var html = "<div class='am-state-legend-title'>" + (title || "Areas") + "</div>";
    items.forEach(function (item) {
      html +=
        "<div class='am-state am-state-" +
        item.style +
        "'><span class='am-state-swatch'></span>" +
        item.label +
        "</div>";
    });
    return html;
  }

  // The chosen event's places: a thick dark outline; those of its related events a dashed
  // dark one (apart from both the chosen and the other places without colour too).
  function markerStyle(f, config) {
    var p = f.properties;
    var style = {
      color: p.selected || p.related ? "#111111" : "#ffffff",
      weight: p.selected ? 3 : p.related ? 2.5 : 1.5,
      fill: true,
      fillColor: p.color,
      fillOpacity: 0.9,
      radius: p.radius,
      className:
        config.marker_class +
        (p.account_class ? " " + p.account_class : "") +
        (p.selected ? " am-selected" : p.related ? " am-related" : ""),
    };
    if (p.related && !p.selected) {
      style.dashArray = "4 3";
    }
    return style;
  }

  function plainStyle(_f, config) {
    return {
      color: "#ffffff",
      weight: 1,
      fill: true,
      fillColor: "#7F7F7F",
      fillOpacity: 0.8,
      radius: 5,
      className: config.plain_class,
    };
  }

  // How an area is drawn: by its state, else its category's colour, then the chosen event's
  // emphasis. One rule with the static site: area_look.js (inlined in front of this file).
  function areaStyle(f, config) {
    var p = f.properties;
    return window.articlemapAreaLook.areaLook(
      { colour: p.color, stateStyle: p.state_style || "" },
      p.emphasis || "",
      config.area_class,
    );
  }

  function linkStyle(_f, config) {
    return { color: "#0072B2", weight: 1.5, dashArray: "6 6", className: config.link_class };
  }

  // A compared account's marker: its own shape (circle, square, diamond), so the accounts
  // stay apart without colour too. An SVG path with the marker class.
  var SHAPES = {
    square: "M3 3H17V17H3Z",
    diamond: "M10 1L19 10L10 19L1 10Z",
  };

  function shapeSvg(p, config) {
    var size = 2 * p.radius + 4;
    return (
      "<svg viewBox='0 0 20 20' width='" +
      size +
      "' height='" +
      size +
      "'><path class='" +
      config.marker_class +
      " " +
      p.account_class +
      "' d='" +
      SHAPES[p.shape] +
      "' fill='" +
      p.color +
      "' fill-opacity='0.9' stroke='#ffffff' stroke-width='1.5'/></svg>"
    );
  }

  function shapeMarker(latlng, p, config) {
    var size = 2 * p.radius + 4;
    var shift = p.shift || 0;
    return L.marker(latlng, {
      icon: L.divIcon({
        html: shapeSvg(p, config),
        className: "am-shape",
        iconSize: [size, size],
        iconAnchor: [size / 2 - shift, size / 2],
      }),
    });
  }

  // The view's layer groups, drawn in this order (markers on top), and their names in the
  // layer control.
  var GROUPS = [
    ["areas", "Districts and regions", areaStyle],
    ["links", "Meetings abroad", linkStyle],
    ["plain", "Places without a dated event", plainStyle],
    ["markers", "Events", markerStyle],
  ];

  /* ---- keys the page answers ------------------------------------------------------------ */

  // What a key pressed in the map does: "release" (Escape hands the focus back to the page),
  // "forward" (a key the page answers, such as Present's arrows and Space) or null (the
  // map's own: it pans and zooms as usual).
  function keyAction(key, pageKeys) {
    if (key === "Escape") {
      return "release";
    }
    return pageKeys.indexOf(key) >= 0 ? "forward" : null;
  }

  // A copy of a key event for the page. The page's shortcut handler (hotkeys) reads keyCode,
  // which the constructor cannot set (it would be 0: Space was ignored).
  function copyKey(type, e) {
    var copy = new KeyboardEvent(type, {
      key: e.key,
      code: e.code,
      bubbles: true,
      cancelable: true,
    });
    ["keyCode", "which"].forEach(function (name) {
      Object.defineProperty(copy, name, { value: e[name] });
    });
    return copy;
  }

  // Listen once per page; which keys go to the page is read from state.pageKeys, set by
  // each view. keyup too: the page's shortcut handler tracks which keys are down, and a key
  // that never came up would make the next one look like a combination.
  function forwardKeys(state) {
    if (window.amKeysForwarded) {
      return;
    }
    window.amKeysForwarded = true;
    ["keydown", "keyup"].forEach(function (type) {
      document.addEventListener(
        type,
        function (e) {
          var action = keyAction(e.key, state.pageKeys);
          if (action === "release") {
            if (type === "keydown" && document.activeElement) {
              document.activeElement.blur();
            }
            try {
              window.parent.focus();
            } catch (_err) {
              /* another origin */
            }
            return;
          }
          if (action !== "forward") {
            return;
          }
          e.preventDefault();
          e.stopPropagation();
          try {
            window.parent.document.body.dispatchEvent(copyKey(type, e));
          } catch (_err) {
            /* another origin: the keys stay here */
          }
        },
        true,
      );
    });
  }

  /* ---- drawing a view ------------------------------------------------------------------- */

  function bind(view, config, map) {
    return function (feature, layer) {
      var p = feature.properties;
      if (p.event_ids) {
        // built when opened: thousands of markers, few popups
        layer.bindPopup(function () {
          return popupHtml(view, p, config.limit);
        }, popupSize(map.getSize()));
      } else if (p.states?.length) {
        layer.bindPopup(function () {
          return areaPopupHtml(view, p);
        }, popupSize(map.getSize()));
      }
      if (p.name && p.permanent) {
        nameLabel(map, layer, p);
      } else if (p.label) {
        layer.bindTooltip(p.label, { sticky: false });
      }
      // Open once the map has settled on its new view, so the popup pans into sight.
      if (p.open) {
        layer.on("add", function () {
          setTimeout(function () {
            layer.openPopup();
          }, 300);
        });
      }
    };
  }

  /* ---- place names on the map, kept apart ---------------------------------------------- */
  //
  // Every marker of a view with labels carries its place's name; names that would overlap a
  // more important one (lower rank: the chosen place, then places with more events) are
  // hidden, again after each zoom. Hovering a marker shows its whole label (other names).

  // Which of the boxes ({x, y, w, h, rank}, screen pixels) to show: in rank order, each one
  // that stays pad pixels clear of every box already shown. Returns one boolean per box.
  function pickLabels(boxes, pad) {
    var order = boxes.map(function (_b, i) {
      return i;
    });
    order.sort(function (a, b) {
      return boxes[a].rank - boxes[b].rank || a - b;
    });
    var kept = [];
    var shown = boxes.map(function () {
      return false;
    });
    order.forEach(function (i) {
      var b = boxes[i];
      var clear = kept.every(function (k) {
        return (
          b.x + b.w + pad <= k.x ||
          k.x + k.w + pad <= b.x ||
          b.y + b.h + pad <= k.y ||
          k.y + k.h + pad <= b.y
        );
      });
      if (clear && b.w > 0) {
        kept.push(b);
        shown[i] = true;
      }
    });
    return shown;
  }

  function nameLabel(map, layer, p) {
    layer.bindTooltip(p.name, {
      permanent: true,
      direction: "right",
      offset: [p.radius || 0, 0],
      className: "am-label",
    });
    layer.amRank = p.rank || 0;
    layer.amLabelGap = p.radius || 0;
    if (p.label === p.name) {
      return;
    }
    layer.on("mouseover", function () {
      layer.setTooltipContent(p.label);
      var el = layer.getTooltip().getElement();
      if (el) {
        el.classList.add("am-label-hover");
      }
    });
    layer.on("mouseout", function () {
      layer.setTooltipContent(p.name);
      var el = layer.getTooltip().getElement();
      if (el) {
        el.classList.remove("am-label-hover");
      }
      declutter(map);
    });
  }

  // The side of its marker a name goes on: the right, unless it would run past the map's
  // right edge there and fits on the left ("Baku" near the edge was cut to "Bak").
  function labelSide(label, frame, gap) {
    if (label.right <= frame.right - 2) {
      return "right";
    }
    var leftEdge = label.left - label.width - 2 * gap;
    return leftEdge >= frame.left + 2 ? "left" : "right";
  }

  function setSide(l, side) {
    var gap = l.layer.amLabelGap || 0;
    l.tip.options.direction = side;
    l.tip.options.offset = [side === "left" ? -gap : gap, 0];
    l.tip.update?.();
  }

  function placeSides(map, labels) {
    var frame = map.getContainer().getBoundingClientRect?.();
    if (!frame) {
      return;
    }
    labels.forEach(function (l) {
      if (l.tip.options.direction !== "right") {
        setSide(l, "right");
      }
      var r = l.el.getBoundingClientRect();
      var side = labelSide(r, frame, l.layer.amLabelGap || 0);
      if (side !== "right") {
        setSide(l, side);
      }
    });
  }

  function styled(el) {
    return !window.getComputedStyle || window.getComputedStyle(el).position === "absolute";
  }

  // Shows the names pickLabels keeps and hides the others. All are unhidden first and
  // measured together (one layout), then hidden or not.
  function declutter(map) {
    if (!map.eachLayer) {
      return;
    }
    var labels = [];
    map.eachLayer(function (layer) {
      var tip = layer.getTooltip?.();
      var el = tip?.options.permanent && tip.getElement?.();
      if (el) {
        labels.push({ el: el, rank: layer.amRank || 0, tip: tip, layer: layer });
      }
    });
    if (labels.length && !styled(labels[0].el)) {
      // streamlit-folium adds leaflet.css after the first view is drawn: until it applies,
      // each name is a block as wide as the map (measured so, the names overlapped)
      map.amLabelWaits = (map.amLabelWaits || 0) + 1;
      if (map.amLabelWaits <= 100) {
        setTimeout(function () {
          declutter(map);
        }, 50);
      }
      return;
    }
    labels.forEach(function (l) {
      l.el.classList.remove("am-label-hidden");
    });
    placeSides(map, labels);
    var boxes = labels.map(function (l) {
      var r = l.el.getBoundingClientRect();
      return { x: r.left, y: r.top, w: r.width, h: r.height, rank: l.rank };
    });
    var shown = pickLabels(boxes, 2);
    labels.forEach(function (l, i) {
      if (!shown[i]) {
        l.el.classList.add("am-label-hidden");
      }
    });
    var box = map.getContainer().dataset;
    box.amLabels = String(shown.filter(Boolean).length);
    box.amLabelsHidden = String(shown.length - shown.filter(Boolean).length);
  }

  /* ---- fitting the map to its frame and to the reader ---------------------------------- */
  //
  // In one place: the map fills a frame whose height the page sets (view.fill); popups are
  // never wider or taller than the map (a phone's map is ~360 px wide); a popup opening on a
  // map that is off-screen or under the page's header scrolls the map into view; with
  // prefers-reduced-motion the map jumps to each view instead of flying.

  // A popup's size options for a map of size {x, y} (pixels), clear of the zoom and layer
  // buttons at the top.
  function popupSize(size) {
    return {
      maxWidth: Math.max(120, Math.min(380, size.x - 84)),
      minWidth: Math.min(50, size.x - 84),
      maxHeight: Math.max(120, Math.min(260, size.y - 140)),
      autoPanPaddingTopLeft: [16, 64],
      autoPanPaddingBottomRight: [16, 16],
    };
  }

  // Whether the map's frame needs scrolling into view: its top is above the bottom of the
  // page's header (headerBottom) or less than 240 px above the bottom of the window.
  function needsReveal(frameTop, headerBottom, windowHeight) {
    return !(frameTop >= headerBottom - 1 && frameTop <= windowHeight - 240);
  }

  // A press on the map focuses it, as Leaflet's keyboard handler would, but without
  // scrolling the page: its focus() scrolled the page to show the whole map frame (78 px at
  // 1400x900), the marker moved from under the pointer between press and release, and
  // Leaflet saw a plain map click instead of the marker's. Once focused, Leaflet's own
  // handler does nothing.
  function focusInPlace(box, doc) {
    if (doc.activeElement !== box) {
      box.focus({ preventScroll: true });
    }
  }

  function still() {
    return !!window.matchMedia?.("(prefers-reduced-motion: reduce)").matches;
  }

  function reveal() {
    var frame = window.frameElement;
    if (!frame) {
      return;
    }
    var head = window.parent.document.querySelector('header[data-testid="stHeader"]');
    var top = head ? head.getBoundingClientRect().bottom : 0;
    if (!needsReveal(frame.getBoundingClientRect().top, top, window.parent.innerHeight)) {
      return;
    }
    frame.style.scrollMarginTop = top + 8 + "px";
    frame.scrollIntoView({ block: "start", behavior: still() ? "auto" : "smooth" });
  }

  function fit(map, view) {
    var box = map.getContainer();
    if (view.fill && !box.dataset.amFill) {
      box.dataset.amFill = "1";
      document.body.style.margin = "0";
      box.style.height = "100vh";
      map.invalidateSize();
    }
    if (map.amFitted) {
      return; // once per map: streamlit-folium keeps it between views
    }
    map.amFitted = true;
    map.on("popupopen", reveal);
    // after every zoom or resize, and once the fonts are in (a name measured in a fallback
    // font is not as wide as drawn)
    var again = function () {
      declutter(map);
    };
    map.on("moveend resize", again);
    window.document?.fonts?.ready.then(again);
    box.addEventListener(
      "click",
      function (event) {
        relatedClick(map, event);
      },
      true,
    );
    box.addEventListener(
      "mousedown",
      function () {
        focusInPlace(box, document);
      },
      true,
    );
    if (still()) {
      // streamlit-folium moves the map with setView; popups pan it
      map._zoomAnimated = false;
      ["setView", "panBy"].forEach(function (name) {
        var move = map[name];
        map[name] = function (a, b, options) {
          var noAnimation = { animate: false };
          if (name === "panBy") {
            return move.call(this, a, L.extend({}, b, noAnimation));
          }
          return move.call(this, a, b, L.extend({}, options, noAnimation));
        };
      });
    }
  }

  // The states' legend, replaced with each view (streamlit-folium removes only the layers
  // and the layer control it knows of).
  function showLegend(map, state, items, title) {
    if (state.legend) {
      state.legend.remove();
      state.legend = null;
    }
    if (!items.length) {
      return;
    }
    var legend = L.control({ position: "bottomleft" });
    legend.onAdd = function () {
      var box = L.DomUtil.create("div", "am-state-legend");
      box.innerHTML = legendHtml(items, title);
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    state.legend = legend.addTo(map);
  }

  // Defines window.articlemapView(map, view). config: limit (events listed in a popup),
  // canvas_from (markers from which they go on one canvas) and the layers' class names.
  function install(config) {
    var state = { pageKeys: [], canvas: null, legend: null };
    window.articlemapView = function (map, view) {
      var overlays = {};
      fit(map, view);
      state.pageKeys = view.page_keys || [];
      if (state.pageKeys.length) {
        map.keyboard.disable();
        forwardKeys(state);
      }
      // Thousands of markers draw ~2.5x faster on one canvas than as SVG paths (measured in
      // Chromium); smaller views stay SVG, each marker a <path> with a class.
      var many = (view.markers || []).length >= config.canvas_from;
      if (many && !state.canvas) {
        // in its own pane, above the SVG areas and lines
        map.createPane("amCanvasMarkers").style.zIndex = 450;
        state.canvas = L.canvas({ padding: 0.5, pane: "amCanvasMarkers" });
      }
      // streamlit-folium removes window.feature_group's layers and window.layer_control
      // before it runs the next view's script.
      window.feature_group = [];
      GROUPS.forEach(function (g) {
        var features = view[g[0]];
        if (!features) {
          return;
        }
        var style = function (f) {
          return g[2](f, config);
        };
        var layer = L.geoJSON(
          { type: "FeatureCollection", features: features },
          {
            style: style,
            onEachFeature: bind(view, config, map),
            pointToLayer: function (f, latlng) {
              if (SHAPES[f.properties.shape]) {
                return shapeMarker(latlng, f.properties, config);
              }
              var options = style(f);
              if (many && g[0] === "markers") {
                options.renderer = state.canvas;
              }
              return L.circleMarker(latlng, options);
            },
          },
        ).addTo(map);
        window.feature_group.push(layer);
        overlays[g[1]] = layer;
      });
      window.layer_control = L.control
        .layers({}, overlays, { position: "topright", collapsed: true })
        .addTo(map);
      showLegend(map, state, view.legend || [], view.legend_title);
      declutter(map);
      // What was drawn, for tests and the browser benchmark (canvas markers are no nodes).
      var box = map.getContainer().dataset;
      box.amView = String((Number(box.amView) || 0) + 1);
      box.amMarkers = String((view.markers || []).length);
      box.amRenderer = many ? "canvas" : "svg";
    };
  }

  /* ---- the offline outlines ------------------------------------------------------------- */

  function outlineStyle(f) {
    return f.properties.layer === "country"
      ? { color: "#8a8f98", weight: 1, fillColor: "#f4f1ea", fillOpacity: 1 }
      : { color: "#b5b9c0", weight: 0.6, dashArray: "2 3", fill: false };
  }

  // Country and district outlines fetched by URL (the browser caches the file), drawn under
  // everything else. options: url, images (where Leaflet finds its marker images).
  function outlines(map, options) {
    L.Icon.Default.imagePath = options.images;
    var pane = map.createPane("outlines");
    pane.style.zIndex = 250;
    return fetch(options.url)
      .then(function (r) {
        return r.json();
      })
      .then(function (data) {
        L.geoJSON(data, { pane: "outlines", interactive: false, style: outlineStyle }).addTo(map);
        map.getContainer().dataset.outlines = "loaded";
      })
      .catch(function () {
        map.getContainer().dataset.outlines = "failed";
      });
  }

  window.articlemapMap = {
    popupHtml: popupHtml,
    relatedClick: relatedClick,
    areaPopupHtml: areaPopupHtml,
    legendHtml: legendHtml,
    markerStyle: markerStyle,
    plainStyle: plainStyle,
    areaStyle: areaStyle,
    linkStyle: linkStyle,
    shapeSvg: shapeSvg,
    keyAction: keyAction,
    copyKey: copyKey,
    outlineStyle: outlineStyle,
    popupSize: popupSize,
    needsReveal: needsReveal,
    pickLabels: pickLabels,
    labelSide: labelSide,
    focusInPlace: focusInPlace,
    install: install,
    outlines: outlines,
  };
})();

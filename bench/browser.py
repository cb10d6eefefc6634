"""Slider-to-map latency in headless Chromium, and how long the main thread is blocked.

    python bench/browser.py            # article data, and 10,000 synthetic events
    python bench/browser.py --quick    # CI smoke: article data, 4 moves

For each dataset a real ``streamlit run app.py`` is started on 127.0.0.1 and the Map page is
opened in the Debian Chromium (``/usr/bin/chromium``; never ``playwright install``). The end
thumb of "Show events between" gets the focus and ArrowLeft / ArrowRight are pressed
alternately (``--moves`` times). Each press is timed inside the page, so Python round trips
do not count: a capturing ``keydown`` listener takes the key event's time stamp, then a
MutationObserver on the map iframe's document (and a requestAnimationFrame poll, which also
sees the iframe being replaced) notes the moment the map has drawn a new view of the Leaflet
event markers (``ViewLayers`` numbers each view in the map container's ``data-am-view`` and
counts its markers in ``data-am-markers``: from ``map_layers.CANVAS_FROM`` markers they are
drawn on a canvas, not as ``path.am-event-marker`` nodes), with at least one marker drawn.
Next to a window's edge one step can leave the markers as they are (a long event
still overlaps), so the thumb is first stepped left, untimed, until a step changes them; the
timed presses then alternate across that step. A press after which no change shows within
``--step-timeout`` counts as "unchanged".

Responsiveness: PerformanceObserver('longtask') in the page and in the map iframe during the
moves; total blocking time is the sum of (task - 50 ms) over the long tasks.

Scenarios: the article; 10,000 events in the default window (the year 2020), arrow keys;
10,000 events, "Home/End": the start thumb at the first date, then the end thumb pressed
Home / End alternately, so every press swaps a one-day window for every date and back (all
markers redrawn: the worst case for the browser).
"""

from __future__ import annotations

import argparse
import sys
import time

from _common import (
    APP_IDLE_JS,
    CHROMIUM,
    CHROMIUM_ARGS,
    MAP_IFRAME,
    MARKER_CLASS,
    RANGE_LABEL,
    VIEWPORT,
    BenchData,
    BenchError,
    chromium_missing_message,
    datasets,
    fmt,
    percentile,
    print_table,
    running_app,
)

HEADERS = [
    "dataset",
    "markers",
    "moves",
    "p50 ms",
    "p95 ms",
    "max ms",
    "unchanged",
    "iframe reloads",
    "blocking ms",
    "longest task ms",
]

# Installed once per page: long-task observers (page + map iframe, re-attached when the
# iframe is replaced) that push into window.__amLong with absolute times, for de-duplication.
_INSTALL = """
([iframeSel]) => {
  if (window.__amInstalled) return;
  window.__amInstalled = true;
  window.__amLong = [];
  const watch = (win) => {
    if (!win || win.__amLongObserved) return;
    try {
      const origin = win.performance.timeOrigin;
      const obs = new win.PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          window.__amLong.push({start: origin + e.startTime, duration: e.duration});
        }
      });
      obs.observe({type: "longtask", buffered: false});
      win.__amLongObserved = true;
    } catch (err) { /* longtask not supported: the numbers stay empty */ }
  };
  window.__amWatch = () => {
    watch(window);
    const el = document.querySelector(iframeSel);
    if (el && el.contentWindow) watch(el.contentWindow);
  };
  window.__amWatch();
  setInterval(window.__amWatch, 250);
}
"""

# What the map has drawn: the map container's data-am-* attributes, which ViewLayers sets
# after each view (markers on a canvas are no DOM nodes), else the marker paths.
_DRAWN = """
const drawn = (doc, markerClass) => {
  const box = doc.querySelector(".leaflet-container");
  if (box && box.dataset.amView) {
    return {view: box.dataset.amView, n: Number(box.dataset.amMarkers)};
  }
  return {view: null, n: doc.getElementsByClassName(markerClass).length};
};
"""

# Armed before each key press. Resolves window.__am.done once the map has drawn a new view.
_ARM = (
    """
([iframeSel, markerClass, timeoutMs]) => {"""
    + _DRAWN
    + """
  const frameEl = () => document.querySelector(iframeSel);
  const el0 = frameEl();
  const win0 = el0 && el0.contentWindow;
  const doc0 = el0 && el0.contentDocument;
  const first = doc0 ? drawn(doc0, markerClass) : {view: null, n: 0};
  const st = window.__am = {
    t0: null, t1: null, before: first.n, after: null, reloaded: false, done: false,
    timedOut: false,
  };
  let observer = null, observedDoc = null;
  const finish = (now) => {
    if (st.done) return;
    st.t1 = now; st.done = true;
    if (observer) observer.disconnect();
  };
  const check = () => {
    if (st.done || st.t0 === null) return;
    const el = frameEl();
    const win = el && el.contentWindow;
    const doc = el && el.contentDocument;
    if (!doc) return;
    const now = drawn(doc, markerClass);
    const reloaded = win !== win0;
    if ((reloaded || now.view !== first.view) && now.n > 0) {
      st.after = now.n; st.reloaded = reloaded;
      finish(performance.now());
    }
  };
  const observe = () => {
    const el = frameEl();
    const doc = el && el.contentDocument;
    if (!doc || doc === observedDoc || !doc.body) return;
    if (observer) observer.disconnect();
    observer = new MutationObserver(check);
    observer.observe(doc.body, {
      childList: true, subtree: true, attributes: true, attributeFilter: ["data-am-view"],
    });
    observedDoc = doc;
  };
  observe();
  document.addEventListener("keydown", (e) => {
    st.t0 = e.timeStamp || performance.now();
    const poll = () => {
      if (st.done) return;
      observe();
      check();
      if (performance.now() - st.t0 > timeoutMs) { st.timedOut = true; st.done = true; return; }
      requestAnimationFrame(poll);
    };
    requestAnimationFrame(poll);
  }, {capture: true, once: true});
}
"""
)


_MARKERS = (
    """
([iframeSel, markerClass]) => {"""
    + _DRAWN
    + """
  const el = document.querySelector(iframeSel);
  const doc = el && el.contentDocument;
  return doc ? drawn(doc, markerClass).n : -1;
}
"""
)


def _settle(page, timeout: float = 60, stable_for: float = 0.5) -> int:
    """Wait until the app is idle and the marker count has stopped changing; return it."""
    deadline = time.monotonic() + timeout
    last, since = None, time.monotonic()
    while time.monotonic() < deadline:
        if page.evaluate(APP_IDLE_JS):
            n = page.evaluate(_MARKERS, [MAP_IFRAME, MARKER_CLASS])
            now = time.monotonic()
            if n != last:
                last, since = n, now
            elif now - since >= stable_for and n > 0:
                return n
        else:
            last, since = None, time.monotonic()
        time.sleep(0.1)
    raise BenchError(f"the map never settled (last marker count {last})")


def _thumb(page, which: str):
    return page.get_by_role("slider", name=f"{RANGE_LABEL} — {which}")


def _press_and_settle(page, which: str, key: str) -> None:
    thumb = _thumb(page, which)
    thumb.focus()
    thumb.press(key)
    time.sleep(0.3)
    _settle(page)


def _wait_done(page, timeout: float, quiet_for: float = 1.5) -> None:
    """Until the armed measurement is done, or the app has been idle for `quiet_for` seconds
    without a marker change (the step changed nothing), or `timeout` seconds."""
    start = time.monotonic()
    idle_since = None
    while time.monotonic() - start < timeout:
        if page.evaluate("() => !!(window.__am && window.__am.done)"):
            return
        now = time.monotonic()
        if page.evaluate(APP_IDLE_JS) and now - start > 0.3:
            idle_since = idle_since or now
            if now - idle_since >= quiet_for:
                return
        else:
            idle_since = None
        time.sleep(0.05)


def _changing_keys(page, probes: int = 15) -> tuple[str, str]:
    """Find a place for the end thumb where one step changes the markers; return the keys
    to press alternately from there.

    Next to a window's edge a step can leave the markers as they are (a year-long event
    still overlaps the window), and pressing Left/Right there would time nothing: step left
    (untimed) until a step changes the markers, then alternate Right/Left across that step.
    """
    thumb = _thumb(page, "end")
    for _ in range(probes):
        page.evaluate(_ARM, [MAP_IFRAME, MARKER_CLASS, 120_000])
        thumb.press("ArrowLeft")
        time.sleep(0.3)
        _settle(page)
        st = page.evaluate("() => { const s = window.__am; s.done = true; return s; }")
        if st["t1"] is not None:
            return ("ArrowRight", "ArrowLeft")
    return ("ArrowLeft", "ArrowRight")


def _long_tasks(page, since_ms: float) -> list[float]:
    entries = page.evaluate("() => window.__amLong || []")
    seen, durations = set(), []
    for e in entries:
        if e["start"] < since_ms:
            continue
        key = (round(e["start"]), round(e["duration"]))
        if key not in seen:
            seen.add(key)
            durations.append(e["duration"])
    return durations


def run_scenario(browser, url: str, label: str, moves: int, wide: bool, step_timeout: float):
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(60_000)
    # Nothing but the local app: the offline map must not need the network.
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:"))
            else route.abort()
        ),
    )
    try:
        page = context.new_page()
        page.goto(url + "/")
        page.wait_for_selector(MAP_IFRAME, state="attached", timeout=60_000)
        _settle(page)
        if wide:
            _press_and_settle(page, "start", "Home")
            _press_and_settle(page, "end", "End")
        markers = _settle(page)
        keys = ("Home", "End") if wide else _changing_keys(page)
        page.evaluate(_INSTALL, [MAP_IFRAME])
        time.sleep(0.5)
        since = page.evaluate("() => performance.timeOrigin + performance.now()")
        times, unchanged, reloads, counts = [], 0, 0, [markers]
        thumb = _thumb(page, "end")
        for i in range(moves):
            key = keys[i % 2]
            page.evaluate(_ARM, [MAP_IFRAME, MARKER_CLASS, step_timeout * 1000])
            thumb.press(key)
            _wait_done(page, step_timeout)
            st = page.evaluate("() => { window.__am.done = true; return window.__am; }")
            if st["timedOut"] or st["t1"] is None:
                unchanged += 1
            else:
                times.append(st["t1"] - st["t0"])
                reloads += bool(st["reloaded"])
                counts.append(st["after"])
            _settle(page)
        long_tasks = _long_tasks(page, since)
        if page.locator('[data-testid="stException"]').count():
            raise BenchError("the app shows an exception after the moves")
    finally:
        context.close()
    blocking = sum(max(0.0, d - 50) for d in long_tasks)
    return [
        label,
        f"{min(counts):,}–{max(counts):,}",
        moves,
        fmt(percentile(times, 50), 0),
        fmt(percentile(times, 95), 0),
        fmt(max(times) if times else None, 0),
        unchanged,
        reloads,
        fmt(blocking, 0),
        fmt(max(long_tasks) if long_tasks else 0.0, 0),
    ]


def scenarios(data: BenchData, quick: bool) -> list[tuple[str, bool]]:
    """(label, "all dates, Home/End" scenario) for one dataset."""
    if data.directory is None:
        return [(f"{data.label} ({data.n_events} events)", False)]
    out = [(f"{data.label}, 2020 window", False)]
    if not quick:
        out.append((f"{data.label}, Home/End", True))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="CI smoke: article data, 4 moves")
    parser.add_argument("--moves", type=int, default=None, help="key presses per scenario")
    parser.add_argument("--events", type=int, default=10000, help="synthetic dataset size")
    parser.add_argument("--step-timeout", type=float, default=10.0, help="seconds per press")
    args = parser.parse_args(argv)
    missing = chromium_missing_message()
    if missing:
        print(missing, file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    moves = args.moves or (4 if args.quick else 20)
    sizes: list[int | None] = [None] if args.quick else [None, args.events]
    started = time.monotonic()
    rows = []
    with datasets(sizes) as sets, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for data in sets:
                with running_app(data.directory, log_name="bench-browser-streamlit.log") as srv:
                    for label, wide in scenarios(data, args.quick):
                        print(f"measuring {label} ({moves} presses)…", file=sys.stderr, flush=True)
                        rows.append(
                            run_scenario(browser, srv.url, label, moves, wide, args.step_timeout)
                        )
        finally:
            browser.close()
    print_table(HEADERS, rows)
    print(
        "\nms: key press -> Leaflet markers changed, timed in the page. blocking ms: total "
        "blocking time (sum of long task - 50 ms) over all presses. "
        f"{time.monotonic() - started:.0f} s."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

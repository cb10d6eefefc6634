"""The printable handout (articlemap/handout.py) and the embed code (articlemap/embed.py):
the events of the window and only those, each drawn from the one view model; hostile text
shown as text, never as markup; a map of the window's places; no edit token in an embed."""

from __future__ import annotations

import datetime as dt
import html
import re
from functools import cache
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

from hypothesis import given
from hypothesis import strategies as st

from articlemap import handout, site
from articlemap.dataset import Dataset, load_dataset
from articlemap.embed import embed_url, iframe_snippet
from articlemap.escaping import BIDI_CONTROLS, display_text
from articlemap.event_view import event_view
from articlemap.schema import Event, Place
from articlemap.story import default_meta
from articlemap.timeline import Window, events_in_window
from tests.test_fuzz_hostile_text import SETTINGS, hostile, story
from tests.test_site import hostile_dataset

# Every element the handout writes itself; a story's text must never add one.
OWN_TAGS = {
    "html", "head", "meta", "title", "style", "body", "main", "div", "button", "span",
    "header", "h1", "h2", "h3", "p", "figure", "svg", "rect", "path", "g", "circle", "text",
    "figcaption", "ol", "li", "em", "section", "article", "blockquote", "footer",
}  # fmt: skip


@cache
def builtin() -> Dataset:
    return load_dataset()


class Page(HTMLParser):
    """The tags, attributes, text and event ids of a page."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    @property
    def event_ids(self) -> list[str]:
        return [(a.get("id") or "").removeprefix("event-") for t, a in self.tags if t == "article"]

    @property
    def all_text(self) -> str:
        return "".join(self.text)


slider_days = sorted({d for e in builtin().events if e.is_dated for d in e.dates})


@SETTINGS
@given(st.sampled_from(slider_days), st.sampled_from(slider_days))
def test_the_handout_lists_the_events_of_the_window_and_only_those(a, b):
    window = Window(min(a, b), max(a, b))
    page = Page(handout.handout_html(builtin(), window))
    assert page.event_ids == [e.id for e in events_in_window(builtin().events, window)]


def test_events_given_outside_the_window_and_undated_ones_are_left_out():
    ds = builtin()
    window = Window(dt.date(2020, 10, 1), dt.date(2020, 10, 31))
    page = Page(handout.handout_html(ds, window, ds.events))  # every event offered
    expected = [e.id for e in ds.events if window.contains_event(e)]
    assert page.event_ids == expected
    assert expected and not any(e.id in expected for e in ds.events if not e.is_dated)
    # A filtered list stays filtered, in its order.
    chosen = [e for e in ds.events if window.contains_event(e)][::2]
    page = Page(handout.handout_html(ds, window, chosen, scope="filtered"))
    assert page.event_ids == [e.id for e in chosen]
    assert "filtered" in page.all_text


def test_the_default_window_is_the_story_s_opening_window():
    ds = builtin()
    assert ds.opening_window is not None
    page = Page(handout.handout_html(ds, None))
    assert page.event_ids == [e.id for e in events_in_window(ds.events, ds.opening_window)]


def test_each_card_holds_what_the_view_model_gives():
    ds = builtin()
    window = Window(dt.date(2020, 9, 27), dt.date(2020, 11, 10))
    text = Page(handout.handout_html(ds, window)).all_text
    for event in events_in_window(ds.events, window):
        view = event_view(event, ds.meta)
        assert view.title in text
        assert view.date_line() in text  # date as written, normalized, precision, source
        assert f"“{view.quote}”" in text  # the article's words, verbatim
        for label in view.place_labels:  # places with their other names
            assert label in text
        for line in view.notes():  # Note: …, Context source: …
            assert line in text
    assert ds.meta.perspective_line in text
    assert ds.meta.title in text


def test_the_map_shows_the_window_s_places_numbered_as_in_the_key():
    ds = builtin()
    window = Window(dt.date(2020, 10, 1), dt.date(2020, 10, 31))
    out = handout.handout_html(ds, window)
    events = events_in_window(ds.events, window)
    places = list(dict.fromkeys(p.id for e in events for p in e.places))
    page = Page(out)
    svgs = [a for t, a in page.tags if t == "svg"]
    assert svgs and all("viewBox" in a or "viewbox" in a for a in svgs)
    keys = [a.get("value") for t, a in page.tags if t == "li"]
    assert keys == [str(n) for n in range(1, len(places) + 1)]
    dots = len(re.findall(r'<g class="dot">', out))
    assert 0 < dots <= len(places)
    assert re.search(r'<path class="country" d="M', out), "no outlines under the places"
    # Nothing fetched: no address to load, no script.
    assert not [a for _, a in page.tags if a.get("src") or a.get("href")]
    assert "<script" not in out


def test_far_places_get_an_overview_and_the_region_a_detail_map():
    ds = builtin()
    whole = Window(dt.date(2020, 1, 1), dt.date(2020, 12, 31))  # Munich, Moscow, Baku …
    places = [p for _, p, _ in handout.numbered_places(
        [event_view(e, ds.meta) for e in events_in_window(ds.events, whole)]
    )]  # fmt: skip
    overview, detail = handout.map_frames(ds, places)
    assert overview.east - overview.west > handout.DETAIL_RATIO * (detail.east - detail.west)
    near = [p for p in places if detail.holds(p)]
    assert {"ganja", "baku"} <= {p.id for p in near}
    # One region only: one map, holding every place (under ten: nothing trimmed).
    ganja = ds.place_by_id["ganja"]
    (frame,) = handout.map_frames(ds, [ganja, ds.place_by_id["baku"]])
    assert frame.holds(ganja) and frame.holds(ds.place_by_id["baku"])


def test_a_place_without_coordinates_or_a_window_without_events_draws_no_map():
    ds = builtin()
    window = Window(dt.date(1900, 1, 1), dt.date(1900, 1, 2))
    page = Page(handout.handout_html(ds, window))
    assert page.event_ids == []
    assert "No dated event in this window." in page.all_text
    assert not [t for t, _ in page.tags if t == "svg"]


@SETTINGS
@given(st.lists(hostile, min_size=1, max_size=12), hostile)
def test_hostile_text_is_shown_as_text_never_as_markup(texts, title):
    events, places, _, _ = story(texts)
    meta = default_meta(title or "T", "story")
    ds = Dataset(places=places, events=events, meta=meta)
    window = Window(dt.date(2020, 10, 1), dt.date(2020, 10, 31))
    out = handout.handout_html(ds, window, scope=texts[0])
    page = Page(out)
    tags = [t for t, _ in page.tags]
    assert set(tags) <= OWN_TAGS, set(tags) - OWN_TAGS
    assert tags.count("article") == 1 and tags.count("style") == 1
    handlers = [(t, k) for t, a in page.tags for k in a if k.startswith("on")]
    assert handlers == [("button", "onclick")]  # the Print button, nothing from the story
    assert not set(BIDI_CONTROLS) & set(out)
    shown = page.all_text
    event = events[0]
    for value in (event.title, event.quote, event.date_as_written, meta.title, texts[0]):
        assert display_text(value) in shown
    for label in event.places[0].label, event.places[1].label:
        assert display_text(label) in shown


def test_the_site_s_hostile_story_stays_text_too():
    ds = hostile_dataset()
    out = handout.handout_html(ds, Window(dt.date(2020, 10, 1), dt.date(2020, 10, 31)))
    assert "<script" not in out and "<img" not in out
    assert Page(out).event_ids == ["bad-event"]


def test_the_file_name_is_plain_and_dated():
    ds = builtin()
    name = handout.handout_file_name(ds, Window(dt.date(2020, 9, 27), dt.date(2020, 11, 10)))
    assert re.fullmatch(r"[A-Za-z0-9_-]+-handout-2020-09-27-to-2020-11-10\.html", name)
    hostile_meta = Dataset(places=[], events=[], meta=default_meta("x", "../<a b>"))
    assert re.fullmatch(r"[A-Za-z0-9_-]+\.html", handout.handout_file_name(hostile_meta, None))


# --- embed ------------------------------------------------------------------------------


def test_embed_url_drops_every_edit_token_and_asks_for_embed_mode():
    url = "https://maps.example/map?window=2020-01-01&edit=SECRET&cedit=S2&event=ganja#x"
    out = embed_url(url)
    query = parse_qs(urlsplit(out).query)
    assert "SECRET" not in out and "S2" not in out
    assert query == {"window": ["2020-01-01"], "event": ["ganja"], "embed": ["true"]}
    assert embed_url(out) == out  # once only


class Frames(HTMLParser):
    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.frames: list[dict] = []
        self.other: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        (self.frames.append(dict(attrs)) if tag == "iframe" else self.other.append(tag))


@SETTINGS
@given(hostile, hostile)
def test_the_iframe_snippet_keeps_each_value_in_its_attribute(src, title):
    parsed = Frames(iframe_snippet(src, title))
    assert parsed.other == [] and len(parsed.frames) == 1
    frame = parsed.frames[0]
    assert frame["src"] == display_text(src) and frame["title"] == display_text(title)
    assert frame["width"] == "100%" and frame["height"].isdigit()


def test_the_static_site_shows_its_embed_code_as_text():
    index = site.render_index(hostile_dataset())
    shown = re.search(r'<code id="embed-code">(.*?)</code>', index, re.DOTALL)
    assert shown, "no embed code in the site's footer"
    code = html.unescape(shown.group(1))  # what a reader copies
    parsed = Frames(code)
    assert parsed.other == [] and len(parsed.frames) == 1
    assert parsed.frames[0]["title"].startswith(display_text(hostile_dataset().meta.title))


def test_print_css_is_in_real_css_files():
    css = (site.TEMPLATE_DIR / "app.css").read_text(encoding="utf-8")
    assert "@media print" in css and "size: A4" in css
    assert re.search(r"\.card \{[^}]*break-inside: avoid", css)
    text = handout.web.source("handout.css")
    assert "size: A4" in text and re.search(r"\.event \{[^}]*break-inside: avoid", text)


def _place(pid: str, lat: float, lon: float) -> Place:
    return Place(pid, pid.title(), "city", lat, lon, "test")


def test_frame_keeps_the_map_s_shape_and_holds_its_places():
    places = [_place("a", 40.0, 45.0), _place("b", 41.0, 50.0), _place("c", 39.5, 46.0)]
    frame = handout.frame_for(places)
    assert all(frame.holds(p) for p in places)
    x, y = frame.xy(frame.east, frame.south)
    assert abs(x - handout.MAP_WIDTH) < 1e-6 and abs(y - handout.MAP_HEIGHT) < 1e-6
    single = handout.frame_for([_place("a", 40.0, 45.0)])
    assert single.north - single.south >= 2 * handout.MIN_HALF_SPAN - 1e-9


def test_an_event_at_a_place_without_coordinates_still_prints():
    nowhere = Place("x", "Nowhere", "city", float("nan"), float("nan"), "test")
    event = Event(
        id="e",
        title="T",
        date_start=dt.date(2020, 1, 1),
        date_end=dt.date(2020, 1, 1),
        date_precision="day",
        date_as_written="",
        category="diplomacy",
        place_ids=("x",),
        quote="Q",
        places=(nowhere,),
    )
    ds = Dataset(places=[nowhere], events=[event], meta=default_meta("S"))
    page = Page(handout.handout_html(ds, Window(dt.date(2020, 1, 1), dt.date(2020, 1, 1))))
    assert page.event_ids == ["e"] and "Nowhere" in page.all_text
    assert "no map" in page.all_text

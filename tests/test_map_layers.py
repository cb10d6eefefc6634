"""The map's layers: markers, district polygons, lines to meetings abroad, and the base map."""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache

import pytest
from pyproj import Geod
from shapely.geometry import Point, shape
from streamlit_folium import generate_leaflet_string

from articlemap import map_layers, web
from articlemap.dataset import Dataset, load_dataset
from articlemap.escaping import map_text
from articlemap.schema import Event, Place
from articlemap.timeline import events_in_window

GEOD = Geod(ellps="WGS84")
DISTRICT_KINDS = ("district", "region", "economic-region", "autonomous-republic")


@cache
def dataset() -> Dataset:
    return load_dataset()


LINKS = ("diplomacy", "address", "agreement")  # the built-in story's (geodata/story.toml)


def colours() -> dict[str, str]:
    return dataset().meta.colours


@cache
def window_events() -> list[Event]:
    events = dataset().events
    return events_in_window(events, dataset().opening_window)


@cache
def area_layers() -> tuple[dict[str, dict], dict[str, str]]:
    geometry, names = {}, {}
    for frame in (dataset().areas, dataset().world):
        for area_id, name, geom in zip(frame["id"], frame["name"], frame.geometry, strict=True):
            geometry[area_id] = geom.__geo_interface__
            names[area_id] = name
    return geometry, names


def place(pid: str, kind: str = "city", lat: float = 40.0, lon: float = 47.0, **kw) -> Place:
    return Place(id=pid, name=pid.title(), kind=kind, lat=lat, lon=lon, source="test", **kw)


def event(eid: str, places: tuple[Place, ...], category: str = "diplomacy", day: int = 1):
    return Event(
        id=eid,
        title=eid,
        date_start=dt.date(2020, 10, day),
        date_end=dt.date(2020, 10, day),
        date_precision="day",
        date_as_written="",
        category=category,
        place_ids=tuple(p.id for p in places),
        quote="q",
        places=places,
    )


# --- markers ---------------------------------------------------------------------------------


def test_one_marker_per_place_with_events_in_the_window():
    events = window_events()
    features = map_layers.marker_features(events, colours=colours())
    ids = [f["id"] for f in features]
    assert len(ids) == len(set(ids))
    assert set(ids) == {pid for e in events for pid in e.place_ids}
    for f in features:
        here = [e for e in events if f["id"] in e.place_ids]
        assert f["properties"]["events"] == len(here)
        p = dataset().place_by_id[f["id"]]
        assert f["geometry"]["coordinates"] == [p.lon, p.lat]


def test_marker_colour_is_the_category_of_the_newest_event():
    events = window_events()
    for f in map_layers.marker_features(events, colours=colours()):
        newest = [e for e in events if f["id"] in e.place_ids][-1]
        assert f["properties"]["color"] == dataset().meta.colours[newest.category]
        assert not f["properties"]["selected"] and not f["properties"]["open"]


def test_selected_event_marks_and_opens_its_place():
    events = window_events()
    chosen = next(e for e in events if len(e.place_ids) > 1)
    features = {
        f["id"]: f for f in map_layers.marker_features(events, chosen.id, colours=colours())
    }
    first, *others = chosen.place_ids
    assert features[first]["properties"]["selected"] is True
    assert features[first]["properties"]["open"] is True
    assert features[first]["properties"]["color"] == dataset().meta.colours[chosen.category]
    # The popup lists the selected event first.
    assert features[first]["properties"]["event_ids"][0] == chosen.id
    for pid in others:
        assert features[pid]["properties"]["selected"] is True
        assert features[pid]["properties"]["open"] is False
    unselected = set(features) - set(chosen.place_ids)
    assert unselected
    for pid in unselected:
        assert not features[pid]["properties"]["selected"]
        assert not features[pid]["properties"]["open"]


def test_selected_marker_is_larger():
    events = window_events()
    chosen = events[0]
    plain = {f["id"]: f for f in map_layers.marker_features(events, colours=colours())}
    marked = {f["id"]: f for f in map_layers.marker_features(events, chosen.id, colours=colours())}
    pid = chosen.place_ids[0]
    assert marked[pid]["properties"]["radius"] > plain[pid]["properties"]["radius"]


def test_clicked_place_is_marked_and_reopened():
    """A clicked marker (no event chosen) keeps its popup open across the rerun."""
    events = window_events()
    pid = events[0].place_ids[0]
    features = {
        f["id"]: f
        for f in map_layers.marker_features(events, selected_place_id=pid, colours=colours())
    }
    assert features[pid]["properties"]["selected"] is True
    assert features[pid]["properties"]["open"] is True
    assert sum(f["properties"]["open"] for f in features.values()) == 1


def test_chosen_event_popup_wins_over_a_clicked_place():
    events = window_events()
    chosen = events[-1]
    other = next(pid for e in events for pid in e.place_ids if pid not in chosen.place_ids)
    features = {
        f["id"]: f
        for f in map_layers.marker_features(
            events, chosen.id, selected_place_id=other, colours=colours()
        )
    }
    assert features[other]["properties"]["selected"] is True
    assert features[other]["properties"]["open"] is False
    assert features[chosen.place_ids[0]]["properties"]["open"] is True


def test_selected_event_opens_even_with_an_equal_place_copy():
    first_copy, second_copy = place("ganja"), place("ganja")
    assert first_copy == second_copy and first_copy is not second_copy
    events = [event("a", (first_copy,), day=1), event("b", (second_copy,), day=2)]
    (feature,) = map_layers.marker_features(events, selected_event_id="b", colours=colours())
    assert feature["properties"]["open"] is True


# --- areas -----------------------------------------------------------------------------------


def test_label_rank_puts_the_chosen_place_first_then_places_with_more_events():
    baku, ganja, tovuz = place("baku"), place("ganja"), place("tovuz")
    events = [
        event("a", (baku, ganja)),
        event("b", (baku,), day=2),
        event("c", (tovuz,), day=3),
        event("d", (ganja,), day=4),
        event("e", (baku,), day=5),
    ]
    rank = lambda fs: [f["id"] for f in sorted(fs, key=lambda f: f["properties"]["rank"])]  # noqa: E731
    plain = map_layers.marker_features(events, colours=colours())
    assert rank(plain) == ["baku", "ganja", "tovuz"]  # 3, 2, 1 events
    assert rank(map_layers.marker_features(events, "c", colours=colours()))[0] == "tovuz"
    clicked = map_layers.marker_features(events, None, "ganja", colours=colours())
    assert rank(clicked) == ["ganja", "baku", "tovuz"]
    assert sorted(f["properties"]["rank"] for f in plain) == [0, 1, 2]
    assert not any(f["properties"]["permanent"] for f in plain)  # names only when asked


def test_place_names_on_the_map_stop_at_the_label_limit():
    places = [place(f"p{i:03d}", lat=40 + i / 100) for i in range(map_layers.LABEL_LIMIT + 15)]
    events = [event(f"e{i}", (p,)) for i, p in enumerate(places)]
    features = map_layers.marker_features(events, None, None, True, colours=colours())
    named = [f for f in features if f["properties"]["permanent"]]
    assert len(named) == map_layers.LABEL_LIMIT
    assert {f["properties"]["rank"] for f in named} == set(range(map_layers.LABEL_LIMIT))


def test_area_polygons_for_districts_and_regions_not_countries():
    geometry, names = area_layers()
    events = dataset().events
    features = {
        f["id"]: f for f in map_layers.area_features(events, geometry, names, colours=colours())
    }
    places = dataset().place_by_id
    used = {pid for e in events for pid in e.place_ids}
    for pid in used:
        p = places[pid]
        if p.area_id and p.kind in DISTRICT_KINDS:
            assert pid in features, pid
        if p.kind == "country" or not p.area_id:
            assert pid not in features, pid
    for pid, f in features.items():
        p = places[pid]
        assert f["geometry"] == geometry[p.area_id]
        assert f["geometry"]["type"] in ("Polygon", "MultiPolygon")
    # The polygon of Aghdam district holds the district's label point.
    aghdam, label = features["aghdam-district"], places["aghdam-district"]
    assert shape(aghdam["geometry"]).contains(Point(label.lon, label.lat))


def test_towns_do_not_shade_their_district():
    geometry, names = area_layers()
    tovuz = dataset().place_by_id["tovuz"]
    assert tovuz.kind == "town"
    features = map_layers.area_features([event("t", (tovuz,))], geometry, names, colours=colours())
    assert features == []


def test_area_without_geometry_or_id_is_skipped():
    district = place("d", kind="district", area_id="az-missing")
    nowhere = place("n", kind="region")
    country = place("c", kind="country", area_id="country-x")
    square = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}
    features = map_layers.area_features(
        [event("e", (district, nowhere, country))], {"country-x": square}, {}, colours=colours()
    )
    assert features == []


# --- lines to meetings abroad ----------------------------------------------------------------


def km(a: Place, b: Place) -> float:
    return GEOD.inv(a.lon, a.lat, b.lon, b.lat)[2] / 1000


def test_links_from_baku_go_to_far_cities_of_diplomatic_events():
    baku = dataset().place_by_id["baku"]
    events = dataset().events
    lines = map_layers.link_features(events, baku, LINKS)
    ends = {tuple(f["geometry"]["coordinates"][1]) for f in lines}
    for f in lines:
        assert f["geometry"]["coordinates"][0] == [baku.lon, baku.lat]
    expected = {
        (p.lon, p.lat)
        for e in events
        if e.category in LINKS
        for p in e.places
        if p.kind == "city" and km(baku, p) >= 400
    }
    assert ends == expected
    assert (dataset().place_by_id["moscow"].lon, dataset().place_by_id["moscow"].lat) in ends
    for end in ends:
        (p,) = [p for p in dataset().places if (p.lon, p.lat) == end]
        assert km(baku, p) >= 400
        assert p.name in f"{[f['properties']['label'] for f in lines]}"


def test_no_links_for_near_cities_towns_or_other_categories():
    origin = place("origin", lat=40.38, lon=49.89)
    lon, lat, _ = GEOD.fwd(origin.lon, origin.lat, 300, 390_000)
    near = place("near", lat=lat, lon=lon)
    lon, lat, _ = GEOD.fwd(origin.lon, origin.lat, 300, 420_000)
    far = place("far", lat=lat, lon=lon)
    far_town = place("fartown", kind="town", lat=lat, lon=lon)
    assert map_layers.link_features([event("a", (near,))], origin, LINKS) == []
    assert map_layers.link_features([event("b", (far,), "military")], origin, LINKS) == []
    assert map_layers.link_features([event("c", (far_town,))], origin, LINKS) == []
    assert map_layers.link_features([event("d", (far,))], None, LINKS) == []
    for category in LINKS:
        (line,) = map_layers.link_features([event("e", (near, far), category)], origin, LINKS)
        assert line["geometry"]["coordinates"][1] == [far.lon, far.lat]


# --- layers and base map ---------------------------------------------------------------------


def test_view_holds_each_listed_event_once_escaped():
    geometry, names = area_layers()
    events = window_events()
    view = map_layers.view_data(
        events, geometry, names, dataset().meta, origin=dataset().place_by_id["baku"]
    )
    markers = view["markers"]
    listed = {eid for f in markers for eid in f["properties"]["event_ids"]}
    assert set(view["events"]) == listed
    by_id = {e.id: e for e in events}
    for eid, row in view["events"].items():
        assert row == {
            "title": map_text(by_id[eid].title),
            "date": map_text(by_id[eid].date_label),
            "written": map_text(by_id[eid].date_as_written),
            "quote": map_text(by_id[eid].quote),
        } | (
            {"related": [{"id": map_text(i), "title": map_text(t)} for i, t in by_id[eid].linked]}
            if by_id[eid].linked
            else {}
        )
    for f in markers:
        ids = f["properties"]["event_ids"]
        assert len(ids) == min(f["properties"]["events"], map_layers.POPUP_LIMIT)
        here = [e.id for e in events if f["id"] in e.place_ids]
        assert ids == here[: map_layers.POPUP_LIMIT]  # oldest first, as the list
    assert view["areas"] == map_layers.area_features(events, geometry, names, colours=colours())
    assert view["links"] == map_layers.link_features(events, dataset().place_by_id["baku"], LINKS)
    assert "plain" not in view


def test_view_of_an_empty_window_draws_nothing():
    assert map_layers.view_data([], {}, {}, dataset().meta) == {
        "events": {},
        "areas": [],
        "links": [],
        "markers": [],
    }


def test_view_sends_each_quote_once():
    """However many places name an event (up to 12 here), its quote is in the script once."""
    geometry, names = area_layers()
    events = window_events()
    view = map_layers.view_data(events, geometry, names, dataset().meta)
    script = map_layers.view_script(view)
    assert max(len(e.place_ids) for e in events) > 2
    quotes = [row["quote"] for row in view["events"].values()]
    for quote in quotes:  # two events may share a passage, each is still sent once
        assert script.count(json.dumps(quote, ensure_ascii=False)) == quotes.count(quote)


def test_base_map_draws_views():
    """The browser code (articlemap/web/area_look.js, then map_view.js) is inlined once, then
    given the settings."""
    page = map_layers.base_map().get_root().render()
    code = web.source("map_view.js")
    assert page.count(code) == 1
    look = web.source("area_look.js")
    assert page.count(look) == 1 and page.index(look) < page.index(code)
    assert "window.articlemapView = function (map, view)" in code
    (config,) = re.findall(r"window\.articlemapMap\.install\((\{.*?\})\);", page)
    assert json.loads(config) == {
        "limit": map_layers.POPUP_LIMIT,
        "canvas_from": map_layers.CANVAS_FROM,
        "marker_class": map_layers.MARKER_CLASS,
        "area_class": map_layers.AREA_CLASS,
        "link_class": map_layers.LINK_CLASS,
        "plain_class": map_layers.PLAIN_CLASS,
    }
    assert page.index(code) < page.index("window.articlemapMap.outlines(")
    assert web.source("map.css") in page


def test_browser_code_that_cannot_be_inlined_is_refused(tmp_path, monkeypatch):
    """A closing script tag or a backtick in a file of articlemap/web would break the page."""
    for text in ("var a = 1;\n// </script>\n", "var b = `x`;\n"):
        (tmp_path / "bad.js").write_text(text, encoding="utf-8")
        monkeypatch.setattr(web.resources, "files", lambda _package: tmp_path)
        web.source.cache_clear()
        with pytest.raises(ValueError, match=r"bad\.js:[12]: .* cannot be inlined"):
            web.source("bad.js")
    web.source.cache_clear()


def test_base_map_loads_assets_from_the_app_only():
    m = map_layers.base_map()
    urls = [url for _, url in (*m.default_js, *m.default_css)]
    assert urls and all(url.startswith("/app/static/") for url in urls)
    page = m.get_root().render()
    assert not re.search(r"https?://", page)
    assert "/app/static/geodata/basemap.json" in page


@pytest.mark.parametrize("tiles", [t for t in map_layers.TILE_CHOICES if t != "offline"])
def test_tiles_are_the_only_remote_url(tiles):
    page = map_layers.base_map(tiles).get_root().render()
    url = map_layers.TILE_CHOICES[tiles][0]
    assert set(re.findall(r"https?://[^\s\"']+", page)) == {url}


@pytest.mark.parametrize("tiles", list(map_layers.TILE_CHOICES))
def test_base_map_renders_the_same_every_time(tiles):
    """The iframe reloads (losing the user's zoom) when the base map's HTML changes."""

    def page() -> str:
        m = map_layers.base_map(tiles)
        head = m.get_root().header.render().replace(m.get_name(), "map_div")
        return head + generate_leaflet_string(m)

    assert page() == page()


def test_base_map_page_is_identical_apart_from_the_map_id():
    def page() -> str:
        m = map_layers.base_map()
        return m.get_root().render().replace(m.get_name(), "map_div")

    assert page() == page()


def test_base_map_limits_the_zoom():
    script = generate_leaflet_string(map_layers.base_map())
    assert '"minZoom": 2' in script and '"maxZoom": 14' in script


def test_centre_of_places():
    a, b = place("a", lat=40.0, lon=46.0), place("b", lat=41.0, lon=48.0)
    assert map_layers.centre_of([a, b]) == (40.5, 47.0)
    assert map_layers.centre_of([]) is None

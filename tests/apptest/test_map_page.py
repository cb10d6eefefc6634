"""The Map page, run in-process: slider, event list, filters, selection, map arguments."""

from __future__ import annotations

import datetime as dt
import shutil

from streamlit.testing.v1 import AppTest

from articlemap.dataset import load_dataset
from articlemap.timeline import Window, events_in_window
from bench._fragments import fragment_of, fragment_rerun
from ui import event_cards

from .conftest import (
    APP,
    _walk,
    card_ids,
    card_list,
    map_args,
    map_view,
    marker_place_ids,
    open_popups,
)

DS = load_dataset()


def expected_places(window: Window) -> set[str]:
    return {p for e in events_in_window(DS.events, window) for p in e.place_ids}


def choose(app: AppTest, event_id: str) -> None:
    """Choose an event as a card's "Show on map" does (the same ``controls`` path)."""
    app.query_params["event"] = event_id
    app.run()


def lo_hi_contains(app: AppTest, event_id: str) -> bool:
    lo, hi = app.select_slider(key="window").value
    return Window(lo, hi).contains_event(next(e for e in DS.events if e.id == event_id))


def test_home_shows_map_slider_and_2020_events(app: AppTest):
    assert not app.exception
    assert app.title[0].value == "Diplomacy leading to victory"
    slider = app.select_slider(key="window")
    lo, hi = slider.value
    assert (lo.year, hi.year) == (2020, 2020)
    assert set(marker_place_ids(app)) == expected_places(Window(lo, hi))
    args = map_args(app)
    assert args["zoom"] == 7
    assert "/app/static/leaflet/leaflet.js" in args["js_links"]
    assert not [u for u in args["js_links"] + args["css_links"] if u.startswith("http")]


def test_slider_move_changes_markers_and_list_but_not_base_map(app: AppTest):
    before_script = map_args(app)["script"]
    before = set(marker_place_ids(app))
    day = dt.date(2019, 10, 3)
    app.select_slider(key="window").set_value((day, day)).run()
    after = set(marker_place_ids(app))
    # Valdai (3 Oct 2019, Sochi) and the ~30-year negotiations span (Vienna) overlap that day.
    assert after == expected_places(Window(day, day)) == {"sochi", "vienna"}
    assert after != before
    # The base map is unchanged, so the browser keeps its iframe (and the user's zoom).
    assert map_args(app)["script"] == before_script
    assert any("Valdai" in card["title"] for card in card_list(app)["cards"])


def test_everything_up_to_mode(app: AppTest):
    app.button_group(key="time_mode").set_value("Everything up to a date").run()
    app.select_slider(key="upto").set_value(dt.date(1993, 12, 31)).run()
    shown = set(marker_place_ids(app))
    assert shown == expected_places(Window(dt.date(1991, 10, 18), dt.date(1993, 12, 31)))
    assert "new-york" in shown  # the 1993 resolutions (year precision)
    assert "moscow" not in shown


def test_show_on_map_selects_event_flies_and_opens_popup(app: AppTest):
    choose(app, "moscow-ceasefire")
    assert app.session_state.selected_event == "moscow-ceasefire"
    args = map_args(app)
    moscow = DS.place_by_id["moscow"]
    assert args["center"] == [moscow.lat, moscow.lon]
    assert open_popups(app) == ["moscow"]
    view = map_view(app)
    (marker,) = [f for f in view["markers"] if f["properties"]["place_id"] == "moscow"]
    assert marker["properties"]["event_ids"][0] == "moscow-ceasefire"
    assert "moscow-ceasefire" in view["events"]


def test_choosing_an_event_outside_the_window_moves_the_slider(app: AppTest):
    valdai = dt.date(2019, 10, 3)
    app.select_slider(key="window").set_value((valdai, valdai)).run()
    assert "war-44-day" not in card_ids(app)
    app.toggle(key="list_all").set_value(True).run()
    listed = card_list(app)["cards"]
    assert [c["id"] for c in listed] == [e.id for e in DS.events if e.is_dated][: len(listed)]
    for card in listed:
        outside = not lo_hi_contains(app, card["id"])
        assert (["outside", "outside the time window"] in card["badges"]) == outside
    choose(app, "war-44-day")  # 27 Sep – 10 Nov 2020
    lo, hi = app.select_slider(key="window").value
    assert lo == valdai and hi >= dt.date(2020, 11, 10)
    assert "karabakh" in marker_place_ids(app)


def test_a_link_to_an_event_outside_the_default_window_shows_it() -> None:
    """``?event=khojaly`` alone (1992; the map opens on 2020): the window widens to hold it,
    so its marker, popup and selected card are there."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["event"] = "khojaly"
    at.run()
    assert not at.exception and not at.warning
    assert lo_hi_contains(at, "khojaly")
    assert "khojaly" in marker_place_ids(at)
    assert "khojaly" in open_popups(at)
    assert "khojaly" in card_ids(at)


def test_filters_search_and_category(app: AppTest):
    app.text_input(key="f_text").set_value("Ganja").run()
    expected = {e.id for e in DS.events if e.is_dated and "Ganja" in e.title + e.quote}
    shown = set(card_ids(app))
    assert shown == {e for e in expected if lo_hi_contains(app, e)}
    by_id = {e.id: e for e in DS.events}
    assert set(marker_place_ids(app)) == {p for e in shown for p in by_id[e].place_ids}
    assert "ganja" in marker_place_ids(app)
    app.text_input(key="f_text").set_value("").run()
    app.multiselect(key="f_categories").set_value(["administration"]).run()
    assert set(marker_place_ids(app)) == set()  # the decree is in 2021, outside the window
    app.select_slider(key="window").set_value((dt.date(2021, 1, 30), dt.date(2021, 9, 24))).run()
    assert set(marker_place_ids(app)) == {"east-zangazur-er", "karabakh-er"}


def test_undated_events_are_listed_separately(app: AppTest):
    labels = [e.label for e in app.expander]
    undated = sum(not e.is_dated for e in DS.events)
    assert f"Undated events ({undated}) — not on the time slider" in labels


def test_broken_data_shows_named_errors_not_a_traceback(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(load_dataset.__globals__["GEODATA_DIR"], data)
    text = (data / "places.csv").read_text(encoding="utf-8")
    (data / "places.csv").write_text(text.replace("40.6816", "400.6816", 1), encoding="utf-8")
    monkeypatch.setenv("ARTICLEMAP_DATA", str(data))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    message = at.code[0].value
    assert "places.csv, row 2, field 'lat'" in message


def test_long_lists_are_paged_and_the_chosen_event_stays_listed(app: AppTest):
    lo, hi = app.select_slider(key="window").value
    in_window = [e.id for e in DS.events if Window(lo, hi).contains_event(e)]
    listed = card_list(app)
    page = event_cards.PAGE_SIZE
    assert [c["id"] for c in listed["cards"]] == in_window[:page]
    assert listed["more"] == len(in_window) - page > 0
    assert listed["more_label"].startswith(f"Show {min(page, len(in_window) - page)} more")
    last = in_window[-1]
    choose(app, last)  # beyond the first page: the list grows to show it
    assert last in card_ids(app)
    assert next(c for c in card_list(app)["cards"] if c["id"] == last)["selected"]


def test_clicked_marker_lists_its_events_first(app: AppTest):
    app.session_state["selected_place"] = "ganja"
    app.run()
    ids = card_ids(app)
    ganja = [e.id for e in DS.events if "ganja" in e.place_ids and lo_hi_contains(app, e.id)]
    assert ids[: len(ganja)] == ganja
    badges = [c["badges"] for c in card_list(app)["cards"][: len(ganja)]]
    assert all(["place", "at the chosen place"] in b for b in badges)
    assert open_popups(app) == ["ganja"]


def test_many_events_use_a_day_slider_and_stay_paged(tmp_path, monkeypatch):
    from bench.synthetic import make_dataset

    data = make_dataset(1000, tmp_path / "big")
    monkeypatch.setenv("ARTICLEMAP_DATA", str(data))
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    assert not at.select_slider  # thousands of stops: a slider by day instead
    slider = at.slider(key="window")
    big = load_dataset(data)
    lo, hi = slider.value
    expected = {p for e in big.events if Window(lo, hi).contains_event(e) for p in e.place_ids}
    assert set(marker_place_ids(at)) == expected
    listed = card_list(at)
    assert len(listed["cards"]) == event_cards.PAGE_SIZE and listed["more"] > 0
    day = dt.date(2001, 5, 17)
    slider.set_value((day, day)).run()
    on_day = {p for e in big.events if Window(day, day).contains_event(e) for p in e.place_ids}
    assert set(marker_place_ids(at)) == on_day != expected


def test_list_heading_counts_the_window_and_says_when_filtered(app: AppTest):
    lo, hi = app.select_slider(key="window").value
    n = sum(Window(lo, hi).contains_event(e) for e in DS.events)
    assert card_list(app)["heading"] == [
        f"{n} events",
        f" between {lo.day} {lo:%b %Y} and {hi.day} {hi:%b %Y}",
    ]
    day = dt.date(2019, 10, 3)
    app.select_slider(key="window").set_value((day, day)).run()
    app.text_input(key="f_text").set_value("Valdai").run()
    heading = card_list(app)["heading"]
    assert heading[0] == "1 event" and heading[1].endswith(f"· filtered from {len(DS.events)}")
    app.text_input(key="f_text").set_value("no such words").run()
    listed = card_list(app)
    assert listed["cards"] == [] and listed["heading"][0] == "0 events"
    assert listed["empty"].startswith("No dated event in this window")


def test_a_slider_move_reruns_only_slider_map_and_list(app: AppTest):
    """What the browser does: the slider's fragment alone reruns, with four elements."""
    slider = app.select_slider(key="window")
    fragment = fragment_of(app, slider.id)
    assert fragment
    for key in ("f_text", "tiles", "show_undated", "list_all"):  # outside: full reruns
        widget = next(w for w in _walk(app._tree) if getattr(w, "key", None) == key)
        assert fragment_of(app, widget.id) == ""
    day = dt.date(2019, 10, 3)
    slider.set_value((day, day))
    with fragment_rerun(fragment):
        app.run()
    assert not app.exception
    leaves = [
        type(e).__name__
        for e in _walk(app._tree)
        if not isinstance(getattr(e, "children", None), dict)
    ]
    assert leaves == ["SelectSlider", "UnknownElement", "UnknownElement"]
    assert set(marker_place_ids(app)) == {"sochi", "vienna"}
    assert any("Valdai" in card["title"] for card in card_list(app)["cards"])


def test_related_events_are_listed_on_the_cards_and_marked_on_the_map(app: AppTest):
    """#13: the statement's card lists the three withdrawals (both ways: each withdrawal's
    card lists the statement); choosing a related one is choosing it (``?event=``); the map
    marks the chosen withdrawal's district apart from the related ones and the rest."""
    choose(app, "trilateral-statement")
    cards = {c["id"]: c for c in card_list(app)["cards"]}
    statement = [pair[0] for pair in cards["trilateral-statement"]["related"]]
    withdrawals = ["withdrawal-kalbajar", "withdrawal-aghdam", "withdrawal-lachin"]
    assert set(withdrawals) <= set(statement)
    for card in cards.values():  # the first page of the list
        badged = ["related", "related to the chosen event"] in card["badges"]
        assert badged == (card["id"] in statement), card["id"]
    areas = {f["id"]: f["properties"]["emphasis"] for f in map_view(app)["areas"]}
    assert {areas[d] for d in ("aghdam-district", "kalbajar-district", "lachin-district")} == {
        "related"
    }

    choose(app, "withdrawal-aghdam")  # what the related button's trigger does
    assert not app.exception
    assert app.session_state.selected_event == "withdrawal-aghdam"
    assert open_popups(app) == ["aghdam-district"]
    areas = {f["id"]: f["properties"]["emphasis"] for f in map_view(app)["areas"]}
    assert areas["aghdam-district"] == "selected"
    assert areas["kalbajar-district"] == areas["lachin-district"] == "related"
    assert "other" in areas.values()
    cards = {c["id"]: c for c in card_list(app)["cards"]}
    assert "trilateral-statement" in [pair[0] for pair in cards["withdrawal-aghdam"]["related"]]
    assert ["related", "related to the chosen event"] in cards["trilateral-statement"]["badges"]
    markers = {f["properties"]["place_id"]: f["properties"] for f in map_view(app)["markers"]}
    assert markers["baku"]["related"] and not markers["baku"]["selected"]
    assert map_view(app)["events"]["withdrawal-aghdam"]["related"]
    legend = [h for h in app.get("html") if "related events a dashed one" in h.proto.body]
    assert legend, "the legend says how the map marks related events"

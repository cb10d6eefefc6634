"""The committed dataset (geodata/) against the article it maps and the mission's rules.

Expectations are computed from the article text and the polygon layers, not copied from
the CSVs: a quote, date or place the data loses or invents makes a test fail.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import re
import shutil
from functools import cache

import geopandas as gpd
import pytest
from shapely.geometry import Point

from articlemap.dataset import Dataset, load_dataset
from articlemap.mentions import find_mentions, search_terms
from articlemap.paths import EVENTS_CSV, GEODATA_DIR, PLACES_CSV
from articlemap.schema import DATE_PRECISIONS

MONTHS = "|".join(calendar.month_name[1:])
DAY_DATE = re.compile(rf"\b\d{{1,2}}(?:-\d{{1,2}})? (?:{MONTHS})(?: \d{{4}})?\b")
YEAR_DATE = re.compile(r"\bin \d{4}\b")

AZ_PLACES = (
    "ganja",
    "mingachevir",
    "tovuz",
    "khojaly",
    "aghdam-district",
    "kalbajar-district",
    "lachin-district",
    "nakhchivan-ar",
)
# Places abroad: none of them may fall inside Azerbaijan.
ABROAD = ("moscow", "washington", "munich", "yerevan", "new-york", "vienna", "jeddah")
REQUIRED_NAMES = (
    "Ganja",
    "Mingachevir",
    "Tovuz",
    "Aghdam",
    "Kalbajar",
    "Lachin",
    "Khojaly",
    "Nakhchivan",
    "Moscow",
    "Washington",
    "Munich",
    "Karabakh",
    "South Caucasus",
    "East Zangazur",
)
INFERRED_VENUES = (
    "Sochi",
    "New York",
    "Vienna",
    "Strasbourg",
    "Brussels",
    "Jeddah",
    "Istanbul",
    "Kyiv",
)
# Natural Earth spells some countries out in full; the article uses the usual short form.
COUNTRY_SHORT_FORMS = {"United States of America": "United States"}


@cache
def dataset() -> Dataset:
    return load_dataset()


@cache
def text() -> str:
    article = dataset().article
    assert article is not None, "geodata/article.md is missing"
    return article.plain_text()


def world() -> gpd.GeoDataFrame:
    frame = dataset().world
    assert frame is not None
    return frame


def areas() -> gpd.GeoDataFrame:
    frame = dataset().areas
    assert frame is not None
    return frame


def csv_rows(name: str) -> list[dict[str, str]]:
    with (GEODATA_DIR / name).open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def place(place_id: str):
    return dataset().place_by_id[place_id]


def word(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])")


# --- the whole dataset loads and is consistent ----------------------------------------------


def test_load_dataset_keeps_every_row_of_the_files():
    data = dataset()
    assert len(data.places) == len(csv_rows(PLACES_CSV))
    assert len(data.events) == len(csv_rows(EVENTS_CSV))
    assert data.article is not None and data.areas is not None and data.world is not None


def test_every_quote_is_verbatim_in_the_cleaned_article():
    missing = [e.id for e in dataset().events if e.quote not in text()]
    assert missing == []


def test_every_event_place_exists():
    data = dataset()
    for event in data.events:
        assert set(event.place_ids) <= set(data.place_by_id), event.id
        assert [p.id for p in event.places] == list(event.place_ids)


def test_date_precision_rules():
    for event in dataset().events:
        precision, start, end = event.date_precision, event.date_start, event.date_end
        assert precision in DATE_PRECISIONS, event.id
        if precision == "undated":
            assert start is None and end is None, event.id
            continue
        assert isinstance(start, dt.date) and isinstance(end, dt.date), event.id
        assert start <= end, event.id
        if precision == "day":
            assert start == end, event.id
        if precision == "range":
            assert start < end, event.id
        if precision == "year":
            assert (start, end) == (dt.date(start.year, 1, 1), dt.date(start.year, 12, 31))
        if precision == "month":
            last = calendar.monthrange(start.year, start.month)[1]
            assert (start, end) == (start.replace(day=1), start.replace(day=last)), event.id


def test_raw_dates_in_the_csv_are_iso():
    for row in csv_rows(EVENTS_CSV):
        for field in ("date_start", "date_end"):
            if row[field]:
                assert dt.date.fromisoformat(row[field]).isoformat() == row[field]


def test_date_as_written_appears_in_its_quote():
    for event in dataset().events:
        if event.date_as_written:
            assert event.date_as_written in event.quote, event.id


def test_facts_from_outside_the_article_have_a_reference():
    for event in dataset().events:
        if "context" in (event.source, event.date_source):
            assert event.context_ref, event.id
            assert event.note, event.id


def test_inferred_places_have_a_note():
    for p in dataset().places:
        if p.inferred:
            assert p.note.strip(), p.id


def test_every_area_id_exists_in_the_polygon_layers():
    known = set(areas()["id"]) | set(world()["id"])
    for p in dataset().places:
        if p.area_id:
            assert p.area_id in known, p.id


def test_coordinates_are_in_range():
    for p in dataset().places:
        assert -90 <= p.lat <= 90 and -180 <= p.lon <= 180, p.id


@pytest.mark.parametrize("place_id", AZ_PLACES)
def test_places_in_azerbaijan_lie_inside_its_outline(place_id):
    aze = world().set_index("id").loc["country-aze", "geometry"]
    p = place(place_id)
    assert aze.contains(Point(p.lon, p.lat)), f"{p.name} ({p.lat}, {p.lon}) is outside"


@pytest.mark.parametrize("place_id", ABROAD)
def test_places_abroad_lie_outside_azerbaijan(place_id):
    aze = world().set_index("id").loc["country-aze", "geometry"]
    p = place(place_id)
    assert not aze.contains(Point(p.lon, p.lat))


def test_countries_lie_inside_their_own_outline():
    outlines = world().set_index("id")["geometry"]
    for p in dataset().places:
        if p.kind == "country":
            assert outlines[p.area_id].contains(Point(p.lon, p.lat)), p.id


# --- names the mission requires --------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "other"), [("Lachin", "Berdzor"), ("Kalbajar", "Karvachar"), ("Aghdam", "Akna")]
)
def test_places_carry_both_names(name, other):
    matches = [p for p in dataset().places if {name, other} <= search_terms(p)]
    assert len(matches) == 1, f"no single place is called both {name} and {other}"


def test_areas_know_khankendi_as_stepanakert():
    rows = areas()[areas()["name"] == "Khankendi"]
    assert len(rows) == 1
    assert "Stepanakert" in list(rows.iloc[0]["other_names"])


def test_unga_75_keeps_the_printed_year_but_is_dated_2020():
    events = [e for e in dataset().events if "75th session of the UN General Assembly" in e.quote]
    assert len(events) == 1
    (event,) = events
    assert event.date_as_written == "24 September 2021"
    assert event.date_start is not None and event.date_start.year == 2020
    assert event.date_start == event.date_end
    assert (event.date_start.month, event.date_start.day) == (9, 24)
    assert event.date_source == "context" and event.context_ref
    assert "2021" in event.note and "2020" in event.note


def test_ganja_strike_shortly_after_the_moscow_ceasefire():
    strikes = [e for e in dataset().events if e.date_as_written == "shortly after"]
    assert len(strikes) == 1
    (strike,) = strikes
    assert "ganja" in strike.place_ids
    assert strike.date_precision == "approximate"
    assert strike.note.strip()
    moscow = [e for e in dataset().events if "moscow" in e.place_ids and "9 October" in e.quote]
    assert len(moscow) == 1
    # "shortly after" the agreement of 9 October 2020: after it, and within days.
    assert moscow[0].date_start < strike.date_start <= moscow[0].date_start + dt.timedelta(7)


# --- completeness, computed from the article ------------------------------------------------


def article_dates() -> set[str]:
    return set(DAY_DATE.findall(text())) | set(YEAR_DATE.findall(text()))


def test_the_date_scan_finds_dates_in_paragraphs_and_captions():
    article = dataset().article
    assert article is not None
    caption_dates = {d for c in article.captions() for d in DAY_DATE.findall(c)}
    assert caption_dates, "the regex should find the captions' dates"
    assert caption_dates <= article_dates()


@pytest.mark.parametrize("date", sorted(article_dates()))
def test_every_date_in_the_article_is_in_an_event(date):
    events = dataset().events
    assert any(date in e.date_as_written or date in e.quote for e in events), date


@cache
def article_countries() -> dict[str, str]:
    """Countries of world.geojson the article names, by the name used: {name: world id}."""
    found = {}
    for world_id, name in zip(world()["id"], world()["name"], strict=True):
        used = COUNTRY_SHORT_FORMS.get(name, name)
        if word(used).search(text()):
            found[used] = world_id
    return found


def test_the_article_names_13_countries():
    assert len(article_countries()) == 13, sorted(article_countries())


@pytest.mark.parametrize("name", [*REQUIRED_NAMES, *sorted(article_countries())])
def test_required_names_are_found_and_mapped(name):
    mentions = [m for m in find_mentions(text(), dataset().places) if m.text == name]
    assert mentions, f"{name} is not found in the article"
    for m in mentions:
        assert m.place_id in dataset().place_by_id


@pytest.mark.parametrize("name", sorted(article_countries()))
def test_countries_map_to_their_own_outline(name):
    (mention, *_) = [m for m in find_mentions(text(), dataset().places) if m.text == name]
    p = place(mention.place_id)
    assert p.kind == "country"
    assert p.area_id == article_countries()[name]


@pytest.mark.parametrize("name", INFERRED_VENUES)
def test_inferred_venues_exist_and_are_flagged(name):
    matches = [p for p in dataset().places if p.name == name]
    assert len(matches) == 1, name
    assert matches[0].inferred
    assert not word(name).search(text()), f"{name} is in the article: not inferred"
    assert any(matches[0].id in e.place_ids for e in dataset().events), f"{name} is unused"


def test_dataset_key_tells_folders_and_contents_apart(tmp_path):
    """The app files derived values under ``key``: same-named folders must not share them."""
    a, b = tmp_path / "a" / "data", tmp_path / "b" / "data"
    for folder in (a, b):
        shutil.copytree(GEODATA_DIR, folder)
    first, again = load_dataset(a), load_dataset(a)
    assert first.key == again.key  # stable for the same files
    assert first.name == load_dataset(b).name == "data"
    assert load_dataset(b).key != first.key
    events = (a / "events.csv").read_text(encoding="utf-8")
    (a / "events.csv").write_text(events.replace("Negotiations", "Talks", 1), encoding="utf-8")
    assert load_dataset(a).key != first.key

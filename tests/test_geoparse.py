"""Place mentions: what the matcher keeps, how names are resolved, and exact offsets."""

from __future__ import annotations

import importlib.util
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articlemap.dataset import load_dataset
from articlemap.gazetteer import (
    GAZETTEER_FILE,
    Gazetteer,
    default_gazetteer,
    default_with_curated,
    fold,
)
from articlemap.geoparse import STOP_LIST, find_mentions, resolve
from articlemap.paths import PROJECT_ROOT
from articlemap.schema import PLACE_KINDS, Place
from tests.gazetteer_entries import entry


def names_of(text: str, gaz: Gazetteer) -> list[tuple[str, str]]:
    return [(m.surface, m.entry.key) for m in find_mentions(text, gaz)]


# --------------------------------------------------------------------------- the real slice


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return default_gazetteer()


def test_committed_slice_is_small_and_has_every_kind(gaz: Gazetteer):
    assert GAZETTEER_FILE.stat().st_size < 5_000_000
    kinds = {e.kind for e in gaz.entries}
    assert {"country", "city", "town", "district"} <= kinds <= set(PLACE_KINDS)
    assert all(-90 <= e.lat <= 90 and -180 <= e.lon <= 180 for e in gaz.entries)


@pytest.mark.parametrize(
    ("text", "organisation"),
    [
        ("mediated by the OSCE Minsk Group co-chairs.", "Minsk"),
        ("at the Valdai International Discussion Club on 3 October", "Valdai"),
        ("spoken at the Valdai discussion club.", "Valdai"),
    ],
)
def test_organisations_named_after_towns_are_not_places(gaz, text, organisation):
    assert organisation not in [m.surface for m in find_mentions(text, gaz)]


def test_stated_pitfalls(gaz: Gazetteer):
    text = (
        "The Republic of Azerbaijan met in March. Zangazur was mentioned. "
        "Washington and Armenia replied."
    )
    found = {m.surface: m.entry for m in find_mentions(text, gaz)}
    assert "Republic" not in found and "March" not in found and "Zangazur" not in found
    assert found["Washington"].country == "US"
    washingtons = [e for e in gaz.candidates("washington") if e.tier == 3]
    assert found["Washington"].population == max(e.population for e in washingtons)
    assert found["Armenia"].kind == "country" and found["Armenia"].country == "AM"
    assert found["Azerbaijan"].kind == "country"


def test_plain_english_words_are_not_places(gaz: Gazetteer):
    text = (
        "Independence was declared. The independence of the country, the Security Council "
        "and the General Assembly. Police said the Bank was closed. UN officials agreed."
    )
    assert find_mentions(text, gaz) == []


def test_alternate_and_local_spellings_resolve_to_the_same_place(gaz: Gazetteer):
    found = find_mentions("Ganja, Gəncə and Gyandzha; Qubadlı or Kubatly.", gaz)
    keys = [m.entry.key for m in found]
    assert keys[0] == keys[1] == keys[2]
    assert keys[3] == keys[4]
    assert found[3].entry.kind == "district"


def test_district_beats_town_and_longest_match_wins(gaz: Gazetteer):
    found = find_mentions(
        "forces withdrew from the Aghdam District and the Nagorno-Karabakh Autonomous Region.", gaz
    )
    assert [m.surface for m in found] == [
        "Aghdam District",
        "Nagorno-Karabakh Autonomous Region",
    ]
    assert found[0].entry.kind == "district"


def test_curated_overlay_gives_the_project_ids():
    ds = load_dataset()
    gaz = default_with_curated()
    by_surface = {m.surface: m.entry for m in find_mentions("Ganja and Moscow.", gaz)}
    assert by_surface["Ganja"].place_id == "ganja" and by_surface["Moscow"].place_id == "moscow"
    curated = ds.place_by_id["ganja"]
    assert (by_surface["Ganja"].lat, by_surface["Ganja"].lon) == (curated.lat, curated.lon)


# --------------------------------------------------------------------------- resolution rule


def test_resolution_order_curated_country_area_settlement():
    town = entry("t", "Alba", pop=5_000_000, country="AA")
    area = entry("a", "Alba", kind="district", pop=0, country="AA")
    country = entry("c", "Alba", kind="country", pop=10, country="AA")
    curated = entry("p", "Alba", kind="city", pop=0, country="", place_id="alba")
    assert resolve((town, area, country, curated), set()) is curated
    assert resolve((town, area, country), set()) is country
    assert resolve((town, area), set()) is area
    assert resolve((town,), set()) is town


def test_context_country_is_preferred_but_not_over_a_much_larger_city():
    big_abroad = entry("b", "Nova", pop=5_000_000, country="AA")  # > 100x
    mid_abroad = entry("m", "Nova", pop=30_000, country="AA")
    at_home = entry("h", "Nova", pop=20_000, country="BB")
    assert resolve((mid_abroad, at_home), {"BB"}) is at_home
    assert resolve((mid_abroad, at_home), set()) is mid_abroad
    assert resolve((big_abroad, at_home), {"BB"}) is big_abroad


def test_small_places_need_their_country_in_the_text():
    village = entry("v", "Kendkoy", pop=800, country="AZ")
    country = entry("az", "Azerbaijan", kind="country", pop=10_000_000, country="AZ")
    gaz = Gazetteer([village, country])
    assert names_of("Kendkoy is quiet.", gaz) == []
    assert names_of("Kendkoy, Azerbaijan.", gaz) == [("Kendkoy", "v"), ("Azerbaijan", "az")]


def test_acronyms_and_lowercase_words():
    gaz = Gazetteer(
        [entry("un", "Un", pop=50_000), entry("oslo", "Oslo", pop=700_000, names=("OSLO",))]
    )
    assert names_of("The UN met in OSLO and Oslo.", gaz) == [("OSLO", "oslo"), ("Oslo", "oslo")]
    assert names_of("an oslo", gaz) == []
    # A one-word name the text also uses as a lower-case word is that word, not a town.
    assert names_of("Oslo said: the oslo of it.", gaz) == []


def test_curated_lowercase_names_match_as_written():
    curated = entry("s", "seven adjacent districts", kind="region", place_id="seven")
    gaz = Gazetteer([curated])
    assert names_of("and seven adjacent districts by", gaz) == [("seven adjacent districts", "s")]


def test_curated_twin_replaces_the_gazetteer_entry():
    base = Gazetteer([entry("gn:42", "Tovuz", country="AZ"), entry("x", "Other", country="AZ")])
    place = Place("tovuz", "Tovuz", "town", 40.99, 45.63, "GeoNames 42 (test)", ("Товуз (ru)",))
    gaz = base.with_places([place])
    assert gaz.curated_twin(gaz.candidates("tovuz")[0]).place_id == "tovuz"
    assert "Товуз" in gaz.candidates("товуз")[0].names  # the language note is stripped
    assert gaz.curated_twin(gaz.candidates("other")[0]) is None


def test_stop_list_is_folded():
    assert all(word == fold(word) for word in STOP_LIST)


# --------------------------------------------------------------------------- any text

_SCRIPTS = st.sampled_from(
    [
        "Gəncə",
        "Şuşa",
        "Ağdam",
        "Xankəndi",
        "Laçın",
        "İstanbul",
        "Երևան",
        "Գանձակ",
        "بغداد",
        "طهران",
        "Москва",
        "Ganja",
        "Moscow",
        "Minsk Group",
        "Armenia",
        "Washington",
        "Nagorno-Karabakh",
        "\u0301",
        "İİ",
        "ß",
        "\n\n",
        "’s",
        "-",
        " ",
    ]
)
_TEXT = st.lists(st.one_of(_SCRIPTS, st.text(max_size=12)), max_size=25).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(_TEXT)
def test_never_crashes_and_offsets_point_at_the_match(text: str):
    gaz = default_gazetteer()
    mentions = find_mentions(text, gaz)
    last_end = 0
    for m in mentions:
        assert text[m.start : m.end] == m.surface
        assert m.start >= last_end  # in order, no overlaps
        last_end = m.end
        assert fold(m.surface) in {fold(n) for n in m.entry.names} or m.entry.curated


@settings(max_examples=50, deadline=None)
@given(st.text())
def test_arbitrary_unicode_never_crashes(text: str):
    for m in find_mentions(text, default_with_curated()):
        assert text[m.start : m.end] == m.surface


# --------------------------------------------------------------------------- acceptance


def _bench():
    spec = importlib.util.spec_from_file_location(
        "geoparse_eval", PROJECT_ROOT / "bench" / "geoparse_eval.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_article_places_meet_the_acceptance_bar():
    bench = _bench()
    ds = load_dataset()
    gold = bench.gold_places(ds)
    for gaz in (default_gazetteer(), default_with_curated()):
        draft, _ = bench.run(gaz, ds.article, runs=1)
        score = bench.score_places(list(draft.places), gold)
        assert score.recall >= 0.95, score.missed
        assert score.precision >= 0.9, score.wrong
        assert bench.minsk_group_safe(draft)

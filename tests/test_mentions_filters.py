"""Where the article names places, and how the event list is filtered."""

from __future__ import annotations

import datetime as dt
import itertools
from functools import cache

from hypothesis import given
from hypothesis import strategies as st

from articlemap.dataset import Dataset, load_dataset
from articlemap.filters import EventFilter, evidence, fold
from articlemap.mentions import find_mentions, mention_counts, search_terms
from articlemap.schema import Event, Place


@cache
def dataset() -> Dataset:
    return load_dataset()


@cache
def text() -> str:
    return dataset().article.plain_text()


def place(pid: str, name: str, kind: str = "city", other_names: tuple[str, ...] = ()) -> Place:
    return Place(
        id=pid, name=name, kind=kind, lat=40, lon=47, source="test", other_names=other_names
    )


# --- mentions --------------------------------------------------------------------------------


def test_mention_offsets_point_at_the_text_in_the_article():
    mentions = find_mentions(text(), dataset().places)
    assert mentions
    for m in mentions:
        assert text()[m.start : m.end] == m.text
        assert m.text in search_terms(dataset().place_by_id[m.place_id])
    starts = [m.start for m in mentions]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in itertools.pairwise(mentions))  # no overlaps


names = st.sampled_from(
    ["Ganja", "Armenia", "Armenian", "Nagorno-Karabakh", "Karabakh", "Gəncə", "Baku", "-", " "]
)


@given(st.lists(st.one_of(names, st.text(max_size=8)), max_size=12).map("".join))
def test_mention_offsets_for_any_text(sample):
    places = dataset().places
    for m in find_mentions(sample, places):
        assert sample[m.start : m.end] == m.text
        assert m.text in search_terms(dataset().place_by_id[m.place_id])


def test_nagorno_karabakh_is_one_mention_of_the_former_nkao():
    sample = "The whole world recognizes Nagorno-Karabakh as part of Azerbaijan."
    mentions = find_mentions(sample, dataset().places)
    nk = [m for m in mentions if "Karabakh" in m.text]
    assert [(m.text, m.place_id) for m in nk] == [("Nagorno-Karabakh", "former-nkao")]
    assert sample[nk[0].start : nk[0].end] == "Nagorno-Karabakh"


def test_nagorno_karabakh_in_the_article_never_counts_as_karabakh():
    for m in find_mentions(text(), dataset().places):
        if m.place_id == "karabakh":
            assert not text()[: m.start].endswith("Nagorno-")


def test_armenian_does_not_match_armenia():
    sample = "Armenian forces. Armenians. Armenia-Azerbaijan. Armenia, at last."
    mentions = find_mentions(sample, dataset().places)
    assert [(m.text, m.place_id, m.start) for m in mentions] == [
        ("Armenia", "armenia", sample.index("Armenia, at"))
    ]


def test_mention_counts_of_the_article_agree_with_a_word_count():
    counts = mention_counts(text(), dataset().places)
    # "Ganja" is no part of a longer place name, so every occurrence is a mention.
    assert counts["ganja"] == text().count("Ganja")
    assert counts["mingachevir"] == text().count("Mingachevir")


def test_longest_name_wins_and_first_place_owns_a_shared_name():
    district = place("d", "Lachin district", kind="district")
    town = place("t", "Lachin", kind="town")
    mentions = find_mentions("Lachin district and Lachin", [district, town])
    assert [(m.text, m.place_id) for m in mentions] == [
        ("Lachin district", "d"),
        ("Lachin", "d"),  # the district's short form is listed first
    ]
    assert find_mentions("to Berdzor", [place("l", "Lachin", other_names=("Berdzor (hy)",))])


def test_no_places_no_mentions():
    assert find_mentions("Ganja", []) == []


# --- filters ---------------------------------------------------------------------------------


def test_filter_by_category():
    events = dataset().events
    shown = EventFilter(categories=frozenset({"military"})).apply(events)
    assert shown and all(e.category == "military" for e in shown)
    assert len(shown) == sum(e.category == "military" for e in events)


def test_filter_by_place():
    shown = EventFilter(place_ids=frozenset({"ganja", "moscow"})).apply(dataset().events)
    assert {pid for e in shown for pid in e.place_ids} >= {"ganja", "moscow"}
    assert all({"ganja", "moscow"} & set(e.place_ids) for e in shown)


def test_filter_by_evidence():
    events = dataset().events
    context = EventFilter(evidence=frozenset({"context"})).apply(events)
    article = EventFilter(evidence=frozenset({"article"})).apply(events)
    assert context and article
    assert len(context) + len(article) == len(events)
    assert all("context" in (e.source, e.date_source) for e in context)
    assert all(e.source == e.date_source == "article" or not e.date_source for e in article)
    assert {e.id for e in context} == {e.id for e in events if evidence(e) == "context"}


def test_text_search_is_case_insensitive():
    shown = EventFilter(text="GANJA").apply(dataset().events)
    at_ganja = [e for e in dataset().events if "ganja" in e.place_ids]
    assert at_ganja and all(e in shown for e in at_ganja)
    for e in shown:
        assert "ganja" in e.place_ids or "ganja" in f"{e.title} {e.quote} {e.note}".lower()


def test_text_search_ignores_accents():
    events = dataset().events
    with_local_name = [e for e in events if any("Gəncə" in p.label for p in e.places)]
    assert with_local_name
    assert EventFilter(text="gence").apply(events) == with_local_name
    assert EventFilter(text="GƏNCƏ").apply(events) == with_local_name
    # Dotless ı too: Naxçıvan is the Azerbaijani name of Nakhchivan.
    in_nakhchivan = [e for e in events if any("Naxçıvan" in p.label for p in e.places)]
    assert in_nakhchivan
    assert EventFilter(text="naxcivan").apply(events) == in_nakhchivan


def test_every_word_of_the_search_must_match():
    events = dataset().events
    both = EventFilter(text="ganja ceasefire").apply(events)
    assert both
    assert set(both) <= set(EventFilter(text="ganja").apply(events))
    assert set(both) <= set(EventFilter(text="ceasefire").apply(events))
    assert EventFilter(text="ganja zzzqqq").apply(events) == []


def test_filters_combine_and_an_empty_filter_shows_everything():
    events = dataset().events
    assert not EventFilter().active
    assert EventFilter(text="   ").apply(events) == events
    combined = EventFilter(categories=frozenset({"military"}), text="ganja")
    assert combined.active
    shown = combined.apply(events)
    assert shown and all(e.category == "military" for e in shown)
    assert set(shown) <= set(EventFilter(text="ganja").apply(events))


def test_fold():
    assert fold("Gəncə") == fold("GƏNCƏ") == "gence"
    assert fold("Laçın") == "lacin"
    assert fold("İstanbul").startswith("istanbul")


@given(st.text())
def test_fold_is_idempotent(value):
    """Searching for a folded text finds what the original text finds."""
    folded = fold(value)
    assert fold(folded) == folded


def test_search_finds_a_constructed_event_by_its_place_label():
    lachin = place("lachin", "Lachin", other_names=("Laçın (az)", "Berdzor (hy, town)"))
    e = Event(
        id="e",
        title="withdrawal",
        date_start=dt.date(2020, 12, 1),
        date_end=dt.date(2020, 12, 1),
        date_precision="day",
        date_as_written="",
        category="agreement",
        place_ids=("lachin",),
        quote="forces withdrew",
        places=(lachin,),
    )
    assert EventFilter(text="lacin").matches(e)
    assert EventFilter(text="berdzor").matches(e)
    assert not EventFilter(text="kalbajar").matches(e)

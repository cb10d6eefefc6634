"""Drafts: sentences, events paired with places, CSVs that load, the `extract` command."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articlemap import cli
from articlemap.dataset import build_dataset, load_dataset
from articlemap.draft import (
    build_draft,
    frame_csv,
    guess_category,
    read_tables,
    sentences,
    slug,
    table_frames,
    write_draft,
)
from articlemap.gazetteer import default_gazetteer, default_with_curated
from articlemap.loading import ID_PATTERN
from articlemap.map_view import view_for
from articlemap.schema import EVENT_COLUMNS, PLACE_COLUMNS

TWO_CITIES = (
    "Rockets hit Ganja on 17 October 2020, killing civilians.\n\n"
    "The foreign ministers held talks in Moscow on 9 October 2020. Mr. Smith said nothing."
)


def test_sentences_are_verbatim_and_respect_abbreviations():
    text = "Prime Minister N. Pashinyan spoke. Mr. Lee met him in D.C. on Monday.\n\nNew paragraph"
    spans = [text[s:e] for s, e in sentences(text)]
    assert spans == [
        "Prime Minister N. Pashinyan spoke.",
        "Mr. Lee met him in D.C. on Monday.",
        "New paragraph",
    ]


def test_two_cities_two_dates_become_two_events_with_their_places():
    draft = build_draft(TWO_CITIES, default_with_curated())
    by_place = {e.place_ids: e for e in draft.events}
    assert set(by_place) == {("ganja",), ("moscow",)}
    ganja, moscow = by_place[("ganja",)], by_place[("moscow",)]
    assert (str(ganja.date_start), ganja.date_precision, ganja.category) == (
        "2020-10-17",
        "day",
        "conflict",
    )
    assert (moscow.date_as_written, moscow.category) == ("9 October 2020", "diplomacy")
    text = draft.text
    assert all(e.quote in text and e.date_as_written in e.quote for e in draft.events)
    assert {p.id for p in draft.places} == {"ganja", "moscow"}


def test_a_sentence_without_places_borrows_those_of_the_sentence_before():
    draft = build_draft(
        "Talks were held in Moscow. They ended on 9 October 2020.", default_gazetteer()
    )
    assert [e.place_ids for e in draft.events] == [("moscow",)]
    assert "sentence before" in draft.events[0].note


@pytest.mark.parametrize(
    ("sentence", "category"),
    [
        ("A humanitarian ceasefire was agreed after a meeting.", "agreement"),
        ("Armenia fired rockets at the city.", "conflict"),
        ("The ministers held talks.", "diplomacy"),
        ("In his address to the nation, he said.", "statement"),
        ("In an interview with a TV channel.", "statement"),
        ("The UN adopted a resolution.", "law"),
        ("By a presidential decree, regions were created.", "law"),
        ("Oil prices fell after the pipeline closed.", "economy"),
        ("Thousands of refugees reached the border.", "society"),
        ("The government changed.", "politics"),
    ],
)
def test_category_keywords(sentence, category):
    assert guess_category(sentence) == category


def test_written_draft_validates_and_loads(tmp_path: Path):
    draft = build_draft(TWO_CITIES, default_with_curated())
    write_draft(draft, tmp_path)
    ds = load_dataset(tmp_path)
    assert {p.id for p in ds.places} == {p.id for p in draft.places}
    assert [e.id for e in ds.events] == [e.id for e in draft.dataset().events]


def test_edited_tables_round_trip_and_report_bad_edits():
    draft = build_draft(TWO_CITIES, default_with_curated())
    places_df, events_df = table_frames(draft.dataset())
    places_csv, events_csv = (
        frame_csv(places_df, PLACE_COLUMNS),
        frame_csv(events_df, EVENT_COLUMNS),
    )
    assert places_csv == draft.places_csv() and events_csv == draft.events_csv()
    events_df.loc[0, "quote"] = "A sentence that is not in the article."
    events_df.loc[1, "date_precision"] = "sometime"
    places, events, errors = read_tables(
        places_csv, frame_csv(events_df, EVENT_COLUMNS), draft.article, draft.meta
    )
    assert len(places) == 2 and events == []
    # The changed quote no longer contains the date as written either: both are reported.
    assert {e.field for e in errors} == {"quote", "date_as_written", "date_precision"}


def test_view_fits_the_places():
    draft = build_draft(TWO_CITIES, default_gazetteer())
    view = view_for(draft.places, trim=False)
    lat, zoom = view.lat, view.zoom
    lats = [p.lat for p in draft.places]
    assert min(lats) < lat < max(lats) and 2 <= zoom <= 6


def test_slug_makes_ids():
    assert slug("Gəncə") == "gence" and slug("Şuşa rayonu") == "susa-rayonu"
    assert slug("Ağdam") == "agdam" and ID_PATTERN.match(slug("New York City"))
    assert slug("Երևան") == ""


def test_cli_extract_writes_a_folder_that_validates(tmp_path: Path, capsys):
    source = tmp_path / "article.txt"
    source.write_text(TWO_CITIES, encoding="cp1252")
    out = tmp_path / "draft"
    assert cli.main(["extract", str(source), "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["article.md", "events.csv", "places.csv"]
    assert cli.main(["validate", str(out)]) == 0
    assert "2 places, 2 events (2 dated" in capsys.readouterr().out


def test_cli_extract_refuses_a_binary_file(tmp_path: Path, capsys):
    source = tmp_path / "image.txt"
    source.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert cli.main(["extract", str(source), "--out", str(tmp_path / "out")]) == 1
    assert "image.txt" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


_WORDS = st.sampled_from(
    [
        "Ganja",
        "Moscow",
        "Gəncə",
        "on",
        "17 October 2020",
        "in 1993",
        "12-16 July 2020",
        "talks",
        "rockets.",
        "Mr.",
        "N.",
        "\n\n",
        "Երևան",
        "بغداد",
        "#",
        ">",
        "*",
        "ceasefire",
        ".",
    ]
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.one_of(_WORDS, st.text(max_size=8)), max_size=30).map(" ".join))
def test_any_text_gives_a_draft_that_the_loader_accepts(tmp_path: Path, text: str):
    draft = build_draft(text, default_with_curated())
    assert all(e.quote in draft.text for e in draft.events)
    build_dataset(draft.places_csv(), draft.events_csv(), draft.article)
    write_draft(draft, tmp_path)
    load_dataset(tmp_path)

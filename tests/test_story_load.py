"""load_story_files: a story from its files (store, zip, folder), every problem named by
the file as the person knows it; the sliding save limit; the Source page's line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from articlemap.dataset import load_dataset, load_story_files
from articlemap.limits import within_rate
from articlemap.loading import DataValidationError
from articlemap.story import default_meta, source_line
from articlemap.story_files import STORY_FILES, assemble
from articlemap.story_zip import read_story_zip, story_zip_bytes

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "channel-tunnel"


def fixture_files() -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in FIXTURE.iterdir() if p.name in STORY_FILES}


def test_files_give_the_same_story_as_the_folder() -> None:
    from_folder = load_dataset(FIXTURE)
    from_files = load_story_files(fixture_files(), name="channel-tunnel")
    assert from_files.meta == from_folder.meta
    assert [e.id for e in from_files.events] == [e.id for e in from_folder.events]
    assert from_files.place_by_id.keys() == from_folder.place_by_id.keys()
    assert {c.id for c in from_files.meta.categories} == {
        "agreement",
        "construction",
        "opening",
        "finance",
    }


def test_problems_name_the_files_by_their_labels() -> None:
    files = fixture_files()
    files["events.csv"] = files["events.csv"].replace(b"construction", b"digging", 1)
    labels = {name: f"tunnel.zip/tunnel/{name}" for name in files}
    with pytest.raises(DataValidationError) as caught:
        load_story_files(files, labels)
    errors = caught.value.errors
    assert [e.file for e in errors] == ["tunnel.zip/tunnel/events.csv"]
    assert errors[0].row == 3 and "digging" in errors[0].message


def test_missing_files_say_where_they_were_looked_for() -> None:
    files = fixture_files()
    del files["article.md"], files["places.csv"]
    with pytest.raises(DataValidationError) as caught:
        load_story_files(files, where="“mine.zip”")
    messages = {e.file: e.message for e in caught.value.errors}
    assert set(messages) == {"article.md", "places.csv"}
    assert "“mine.zip”" in messages["places.csv"]


@pytest.mark.parametrize(
    "areas",
    [b"", b"{", b'{"type": "FeatureCollection", "features": [{"type": "Feature"}]}', b"[" * 5000],
)
def test_a_broken_area_layer_is_a_row_error_not_a_crash(areas: bytes) -> None:
    files = fixture_files() | {"areas.geojson": areas}
    with pytest.raises(DataValidationError) as caught:
        load_story_files(files)
    assert {e.file for e in caught.value.errors} == {"areas.geojson"}


def test_a_zip_round_trip_keeps_the_story() -> None:
    files = fixture_files()
    contents = read_story_zip(story_zip_bytes(files), "tunnel.zip")
    ds = load_story_files(contents.files, contents.labels)
    assert ds.meta.title.startswith("Under the Sea")
    assert story_zip_bytes(contents.files) == story_zip_bytes(files)


def test_assemble_then_load() -> None:
    ds = load_dataset(FIXTURE)
    files = assemble(
        (FIXTURE / "story.toml").read_text(),
        (FIXTURE / "article.md").read_text(),
        (FIXTURE / "places.csv").read_text(),
        (FIXTURE / "events.csv").read_text(),
    )
    assert load_story_files(files).meta == ds.meta


@given(
    st.lists(st.floats(min_value=0, max_value=200), max_size=20),
    st.floats(min_value=0, max_value=200),
    st.integers(min_value=1, max_value=8),
)
def test_within_rate_counts_only_the_last_minute(times, now, limit) -> None:
    recent = [t for t in times if now - 60 < t <= now]
    assert within_rate(times, now, limit) == (len(recent) < limit)
    # Old actions never count: shifting them further into the past changes nothing.
    older = [t - 1000 if t <= now - 60 else t for t in times]
    assert within_rate(older, now, limit) == within_rate(times, now, limit)


def test_source_line_says_what_the_story_knows() -> None:
    meta = default_meta("T")
    assert source_line(meta) == (
        "The article's text as this story keeps it. Place names link to the map."
    )
    from dataclasses import replace

    full = replace(
        meta,
        outlet="The Courier",
        published=dt.date(1994, 5, 7),
        source_url="https://example.org/a",
        licence="CC BY 4.0",
    )
    line = source_line(full)
    assert "(The Courier, 7 May 1994)" in line
    assert "source: https://example.org/a" in line and "licence: CC BY 4.0" in line


def test_story_size_problems_name_the_cap() -> None:
    from articlemap.limits import DEFAULT_LIMITS, story_size_problems

    assert story_size_problems(DEFAULT_LIMITS.story_places, DEFAULT_LIMITS.story_events) == []
    over = story_size_problems(DEFAULT_LIMITS.story_places + 1, DEFAULT_LIMITS.story_events + 1)
    assert len(over) == 2
    assert f"{DEFAULT_LIMITS.story_places + 1:,} places" in over[0]
    assert f"up to {DEFAULT_LIMITS.story_events:,}" in over[1]

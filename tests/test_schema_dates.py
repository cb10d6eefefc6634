"""Event.dates: the two dates of a dated event, for code (and the type checker) that needs both."""

from __future__ import annotations

import datetime as dt

import pytest

from articlemap.dataset import load_dataset
from articlemap.schema import Event


def _event(start: dt.date | None, end: dt.date | None) -> Event:
    return Event("e1", "Title", start, end, "day", "", "diplomacy", (), "")


def test_a_dated_event_gives_its_start_and_end():
    day, later = dt.date(2020, 9, 27), dt.date(2020, 11, 10)
    assert _event(day, later).dates == (day, later)


@pytest.mark.parametrize(("start", "end"), [(None, None), (dt.date(2020, 1, 1), None)])
def test_an_event_without_both_dates_says_which_one_it_is(start, end):
    with pytest.raises(ValueError, match="'e1' is undated"):
        _ = _event(start, end).dates


def test_every_dated_event_of_the_story_has_both_dates():
    """The loader's rule that makes ``dates`` safe wherever ``is_dated`` is checked first."""
    events = load_dataset().events
    assert any(e.is_dated for e in events)
    for event in events:
        if event.is_dated:
            start, end = event.dates
            assert start <= end, event.id
        else:
            assert event.date_end is None, event.id

"""Dates in text: forms, precisions, years carried from context, exact offsets."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articlemap.date_extract import find_dates
from articlemap.schema import DATE_PRECISIONS


def one(text: str):
    found = find_dates(text)
    assert len(found) == 1, found
    d = found[0]
    return d.surface, d.date_start, d.date_end, d.precision


D = dt.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "On 12-16 July 2020, the forces",
            ("12-16 July 2020", D(2020, 7, 12), D(2020, 7, 16), "range"),
        ),
        ("On 12–16 July 2020.", ("12–16 July 2020", D(2020, 7, 12), D(2020, 7, 16), "range")),
        ("on 24 September 2021,", ("24 September 2021", D(2021, 9, 24), D(2021, 9, 24), "day")),
        ("a decree dated 7 July 2021", ("7 July 2021", D(2021, 7, 7), D(2021, 7, 7), "day")),
        ("adopted in 1993, decisions", ("in 1993", D(1993, 1, 1), D(1993, 12, 31), "year")),
        ("In July 2020 the", ("July 2020", D(2020, 7, 1), D(2020, 7, 31), "month")),
        ("in February 2020", ("February 2020", D(2020, 2, 1), D(2020, 2, 29), "month")),
        ("May 5, 2021 was", ("May 5, 2021", D(2021, 5, 5), D(2021, 5, 5), "day")),
        (
            "from 30 September to 2 October 2020",
            ("30 September to 2 October 2020", D(2020, 9, 30), D(2020, 10, 2), "range"),
        ),
        ("on 3 Oct. 2019", ("3 Oct. 2019", D(2019, 10, 3), D(2019, 10, 3), "day")),
    ],
)
def test_forms_and_precisions(text, expected):
    assert one(text) == expected


def test_day_without_year_takes_the_year_of_the_date_before_it():
    text = (
        "A ceasefire on 9 October 2020 failed. Another was declared on 17 October, then 26 October."
    )
    found = find_dates(text)
    assert [(d.surface, d.date_start, d.year_from_context) for d in found] == [
        ("9 October 2020", D(2020, 10, 9), False),
        ("17 October", D(2020, 10, 17), True),
        ("26 October", D(2020, 10, 26), True),
    ]


def test_day_without_year_uses_a_later_year_when_none_comes_before():
    found = find_dates("On 3 May they met; the treaty of 1 June 2019 followed.")
    assert found[0].date_start == D(2019, 5, 3)


def test_day_without_any_year_is_dropped_not_guessed():
    assert find_dates("We met on 3 May and again on 4 May.") == []


@pytest.mark.parametrize(
    "text",
    [
        "1000 soldiers and 2020 tanks",  # numbers, not years
        "UN Security Council Resolutions 822, 853, 874 and 884",
        "31 February 2020",  # no such day
        "they may 2020",  # "may" is a verb: months need their capital
        "the 44-day war",
    ],
)
def test_things_that_are_not_dates(text):
    assert find_dates(text) == []


@settings(max_examples=200, deadline=None)
@given(
    st.dates(min_value=D(1600, 1, 1), max_value=D(2099, 12, 31)),
    st.text(max_size=30),
    st.text(max_size=30),
    st.booleans(),
)
def test_any_written_day_is_found_and_normalized(day: dt.date, before: str, after: str, abbr: bool):
    month = calendar.month_abbr[day.month] if abbr else calendar.month_name[day.month]
    written = f"{day.day} {month} {day.year}"
    text = f"{before} {written} {after}"
    found = [d for d in find_dates(text) if d.surface == written]
    assert found, find_dates(text)
    assert (found[0].date_start, found[0].date_end, found[0].precision) == (day, day, "day")


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_never_crashes_offsets_and_precisions_are_consistent(text: str):
    for d in find_dates(text):
        assert text[d.start : d.end] == d.surface
        assert d.precision in DATE_PRECISIONS
        assert d.date_start <= d.date_end
        if d.precision == "day":
            assert d.date_start == d.date_end
        if d.precision == "range":
            assert d.date_start < d.date_end
        if d.precision == "month":
            assert d.date_start.day == 1 and (d.date_end + dt.timedelta(days=1)).day == 1
        if d.precision == "year":
            assert (d.date_start.month, d.date_start.day, d.date_end.month, d.date_end.day) == (
                1,
                1,
                12,
                31,
            )

"""Dates in text: forms, precisions, years carried from context, exact offsets."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articlemap.date_extract import WEEKDAYS, find_dates
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
    at = len(before) + 1
    # The match is the written day, or the day with its weekday ("Sunday 1 January 2000").
    found = [
        d
        for d in find_dates(text)
        if d.end == at + len(written)
        and (d.start == at or text[d.start : at].rstrip(", ") in WEEKDAYS)
    ]
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


# --------------------------------------------------------------------------- forms in unseen news


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # US styles
        (
            "The vote came on Sept. 27, 2019, after",
            ("Sept. 27, 2019", D(2019, 9, 27), D(2019, 9, 27), "day"),
        ),
        ("set for Oct. 17, 2020.", ("Oct. 17, 2020", D(2020, 10, 17), D(2020, 10, 17), "day")),
        (
            "announced Tuesday, Nov. 3, 2020, that",
            ("Tuesday, Nov. 3, 2020", D(2020, 11, 3), D(2020, 11, 3), "day"),
        ),
        ("filed on 2021-06-30 with", ("2021-06-30", D(2021, 6, 30), D(2021, 6, 30), "day")),
        # year ranges
        (
            "surveyed between 1994 and 2020 in",
            ("between 1994 and 2020", D(1994, 1, 1), D(2020, 12, 31), "range"),
        ),
        (
            "mayor from 2001 to 2009.",
            ("from 2001 to 2009", D(2001, 1, 1), D(2009, 12, 31), "range"),
        ),
        ("the 1914–1918 war", ("1914–1918", D(1914, 1, 1), D(1918, 12, 31), "range")),
        (
            "built between 1220 and 1258",
            ("between 1220 and 1258", D(1220, 1, 1), D(1258, 12, 31), "range"),
        ),
        # approximate
        ("a wave in early 2021 hit", ("early 2021", D(2021, 1, 1), D(2021, 4, 30), "approximate")),
        ("peaked in mid-2022.", ("mid-2022", D(2022, 5, 1), D(2022, 8, 31), "approximate")),
        ("due by late 2024.", ("late 2024", D(2024, 9, 1), D(2024, 12, 31), "approximate")),
        (
            "reopened in mid-October 2021",
            ("mid-October 2021", D(2021, 10, 11), D(2021, 10, 20), "approximate"),
        ),
        ("in the 1990s it", ("1990s", D(1990, 1, 1), D(1999, 12, 31), "approximate")),
    ],
)
def test_news_and_encyclopedia_forms(text, expected):
    assert one(text) == expected


def test_us_days_without_a_year_take_the_year_of_the_story():
    found = find_dates("Polls opened on Nov. 3, 2020. By Nov. 7 and again Dec. 14 it was clear.")
    assert [(d.surface, d.date_start) for d in found] == [
        ("Nov. 3, 2020", D(2020, 11, 3)),
        ("Nov. 7", D(2020, 11, 7)),
        ("Dec. 14", D(2020, 12, 14)),
    ]


def test_part_of_a_month_without_a_year_takes_the_context_year():
    found = find_dates("The army left on 20 November 2020. By mid-December roads reopened.")
    assert (found[1].surface, found[1].date_start, found[1].date_end, found[1].precision) == (
        "mid-December",
        D(2020, 12, 11),
        D(2020, 12, 20),
        "approximate",
    )
    late = find_dates("Filed on 3 February 2024, settled in late February.")[1]
    assert (late.date_start, late.date_end) == (D(2024, 2, 21), D(2024, 2, 29))


# A Thursday.
PUBLISHED = D(2020, 10, 15)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("The governor said on Tuesday that", D(2020, 10, 13)),  # the Tuesday before
        ("Crowds gathered on Thursday outside", D(2020, 10, 15)),  # the day itself
        ("The board will meet on Friday, it said.", D(2020, 10, 16)),  # future: after
        ("The doses arrive next Tuesday.", D(2020, 10, 20)),
        ("It rained last Thursday.", D(2020, 10, 8)),
    ],
)
def test_weekdays_resolve_against_the_published_date(text, day):
    (found,) = find_dates(text, published=PUBLISHED)
    assert (found.date_start, found.date_end, found.precision) == (day, day, "day")
    assert found.year_from_context


def test_weekdays_resolve_against_a_dateline():
    text = "OSLO, 12 May 2022 — Officials said on Wednesday the fire was out."
    found = find_dates(text)
    assert [(d.surface, d.date_start) for d in found] == [
        ("12 May 2022", D(2022, 5, 12)),
        ("Wednesday", D(2022, 5, 11)),
    ]


def test_weekdays_without_a_date_to_count_from_are_dropped():
    assert find_dates("The talks collapsed on Monday without a deal.") == []
    # A full date late in the text is no dateline.
    text = "The talks collapsed on Monday. " + "Words follow. " * 20 + "It was 3 May 2021."
    assert [d.surface for d in find_dates(text)] == ["3 May 2021"]


@pytest.mark.parametrize(
    "text",
    [
        "The score was 12-16 at half time.",
        "May we ask why the march was cancelled?",
        "April Jones and June Smith spoke.",
        "The 2020 Summer Olympics were postponed.",
        "Route 1999 runs north.",
    ],
)
def test_more_things_that_are_not_dates(text):
    assert find_dates(text, published=PUBLISHED) == []

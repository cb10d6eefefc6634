"""Which events a time window shows: spans overlap at every precision, undated never."""

from __future__ import annotations

import datetime as dt
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articlemap.dataset import load_dataset
from articlemap.schema import DATE_PRECISIONS, Event
from articlemap.site import event_step, time_steps
from articlemap.timeline import (
    FEW_EVENTS,
    EventIndex,
    Window,
    default_window,
    events_in_window,
    span,
    up_to,
)

D = dt.date


def event(start: dt.date | None, end: dt.date | None, precision: str, eid: str = "e") -> Event:
    return Event(
        id=eid,
        title=eid,
        date_start=start,
        date_end=end,
        date_precision=precision,
        date_as_written="",
        category="military",
        place_ids=(),
        quote="q",
    )


DAY = event(D(2020, 10, 17), D(2020, 10, 17), "day", "day")
RANGE = event(D(2020, 7, 12), D(2020, 7, 16), "range", "range")
MONTH = event(D(2020, 2, 1), D(2020, 2, 29), "month", "month")
YEAR = event(D(1993, 1, 1), D(1993, 12, 31), "year", "year")
APPROX = event(D(1991, 10, 18), D(1994, 5, 12), "approximate", "approx")
UNDATED = event(None, None, "undated", "undated")


@pytest.mark.parametrize(
    ("ev", "window", "expected"),
    [
        (DAY, Window(D(2020, 10, 17), D(2020, 10, 17)), True),
        (DAY, Window(D(2020, 10, 1), D(2020, 10, 16)), False),
        (DAY, Window(D(2020, 10, 18), D(2020, 12, 31)), False),
        # a range: the window touches its first or last day, or misses it by one day
        (RANGE, Window(D(2020, 1, 1), D(2020, 7, 12)), True),
        (RANGE, Window(D(2020, 1, 1), D(2020, 7, 11)), False),
        (RANGE, Window(D(2020, 7, 16), D(2020, 12, 31)), True),
        (RANGE, Window(D(2020, 7, 17), D(2020, 12, 31)), False),
        (RANGE, Window(D(2020, 7, 13), D(2020, 7, 14)), True),  # inside the range
        (MONTH, Window(D(2020, 2, 29), D(2020, 3, 31)), True),
        (MONTH, Window(D(2020, 3, 1), D(2020, 3, 31)), False),
        (MONTH, Window(D(2020, 1, 1), D(2020, 1, 31)), False),
        (YEAR, Window(D(1993, 6, 1), D(1993, 6, 1)), True),
        (YEAR, Window(D(1993, 12, 31), D(2020, 1, 1)), True),
        (YEAR, Window(D(1994, 1, 1), D(2020, 1, 1)), False),
        (YEAR, Window(D(1990, 1, 1), D(1992, 12, 31)), False),
        (APPROX, Window(D(1992, 1, 1), D(1992, 12, 31)), True),  # window inside the span
        (APPROX, Window(D(1994, 5, 12), D(1994, 5, 12)), True),
        (APPROX, Window(D(1994, 5, 13), D(2020, 1, 1)), False),
        (UNDATED, Window(D(1, 1, 1), D(9999, 12, 31)), False),
    ],
    ids=lambda v: v.id if isinstance(v, Event) else None,
)
def test_contains_event(ev, window, expected):
    assert window.contains_event(ev) is expected


def test_window_must_not_end_before_it_starts():
    with pytest.raises(ValueError, match="after its end"):
        Window(D(2020, 1, 2), D(2020, 1, 1))


def test_events_in_window_never_returns_undated_events():
    everything = Window(D(1, 1, 1), D(9999, 12, 31))
    events = [DAY, UNDATED, RANGE, YEAR, UNDATED]
    assert events_in_window(events, everything) == [DAY, RANGE, YEAR]
    assert EventIndex(events).in_window(everything) == [DAY, RANGE, YEAR]
    assert EventIndex(events).undated == [UNDATED, UNDATED]


days = st.dates(min_value=D(2020, 1, 1), max_value=D(2020, 3, 31))


@st.composite
def spans(draw) -> tuple[dt.date, dt.date]:
    a, b = draw(days), draw(days)
    return min(a, b), max(a, b)


@given(spans(), spans(), st.sampled_from(["day", "range", "month", "year", "approximate"]))
def test_in_window_iff_a_shared_day(event_span, window_span, precision):
    ev = event(*event_span, precision)
    window = Window(*window_span)
    event_days = {
        event_span[0] + dt.timedelta(n) for n in range((event_span[1] - event_span[0]).days + 1)
    }
    window_days = {
        window_span[0] + dt.timedelta(n) for n in range((window_span[1] - window_span[0]).days + 1)
    }
    assert window.contains_event(ev) is bool(event_days & window_days)
    assert events_in_window([ev, UNDATED], window) == ([ev] if event_days & window_days else [])


@given(st.lists(spans(), min_size=1, max_size=5))
def test_span_is_the_smallest_window_holding_every_event(event_spans):
    events = [event(a, b, "range") for a, b in event_spans]
    whole = span([*events, UNDATED])
    assert whole == Window(min(a for a, _ in event_spans), max(b for _, b in event_spans))
    assert events_in_window(events, whole) == events


def test_span_of_undated_events_is_none():
    assert span([UNDATED]) is None
    assert default_window([UNDATED]) is None


@cache
def dataset_events() -> list[Event]:
    return load_dataset().events


def test_the_built_in_story_opens_on_2020():
    window = load_dataset().opening_window
    assert window is not None
    assert window.start.year == window.end.year == 2020
    shown = events_in_window(dataset_events(), window)
    assert shown
    # Every event touching 2020 is shown by the default window.
    year = Window(D(2020, 1, 1), D(2020, 12, 31))
    assert shown == [e for e in dataset_events() if year.contains_event(e)]


def test_default_window_prefers_the_storys_own_window_cut_to_the_span():
    events = [YEAR, APPROX]
    whole = span(events)
    assert default_window(events, Window(D(1900, 1, 1), D(1900, 12, 31))) == (
        default_window(events)
    )  # a preferred window with no event in it is ignored
    wide = Window(D(1000, 1, 1), D(3000, 1, 1))
    assert default_window(events, wide) == whole


def test_default_window_is_the_whole_span_of_a_short_story():
    events = [DAY, RANGE]
    whole = span(events)
    assert (whole.end - whole.start).days <= 548
    assert default_window(events) == whole


def test_a_long_story_opens_on_its_busiest_year():
    many = FEW_EVENTS // 4 + 1  # enough copies that the story is not "a few events"
    events = [YEAR, APPROX, DAY, RANGE] * many  # 1993 and 2020 both touched: the later wins
    assert default_window(events) == Window(D(2020, 1, 1), DAY.date_end)
    fewer = [YEAR, APPROX, DAY] * (FEW_EVENTS // 3 + 1)
    assert default_window(fewer) == Window(D(1993, 1, 1), D(1993, 12, 31))


def test_a_story_of_a_few_events_opens_on_all_of_them():
    events = [YEAR, APPROX, DAY, RANGE]  # decades apart, but only four
    assert default_window(events) == span(events)
    assert len(events) <= FEW_EVENTS


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.dates(D(1800, 1, 1), D(2100, 1, 1)), st.integers(0, 2000)), min_size=1)
)
def test_the_default_window_holds_events_and_lies_within_the_span(spans):
    events = [
        event(start, start + dt.timedelta(days=days), "range", f"e{i}")
        for i, (start, days) in enumerate(spans)
    ]
    whole = span(events)
    window = default_window(events)
    assert whole.start <= window.start <= window.end <= whole.end
    assert any(window.contains_event(e) for e in events)


def test_up_to_runs_from_the_first_event_to_the_day():
    events = dataset_events()
    first = min(e.date_start for e in events if e.date_start)
    day = D(2020, 10, 9)
    window = up_to(span(events).start, day)
    assert window == Window(first, day)
    shown = events_in_window(events, window)
    assert all(e.date_start <= day for e in shown)
    assert [e for e in events if e.date_start and e.date_start <= day] == shown


def test_up_to_a_day_before_every_event():
    window = up_to(span([DAY, RANGE]).start, D(2000, 1, 1))
    assert window == Window(D(2000, 1, 1), D(2000, 1, 1))
    assert events_in_window([DAY, RANGE], window) == []


# --- one rule: the index and the static site's steps agree with Window.contains_event ------

any_day = st.dates(min_value=D(1899, 12, 1), max_value=D(2101, 1, 31))


@st.composite
def dated_as(draw, precision: str) -> tuple[dt.date | None, dt.date | None]:
    """Dates as the loader accepts them for ``precision`` (loading._check_dates)."""
    day = draw(any_day)
    if precision == "undated":
        return None, None
    if precision == "day":
        return day, day
    if precision == "month":
        nxt = D(day.year + day.month // 12, day.month % 12 + 1, 1)
        return day.replace(day=1), nxt - dt.timedelta(days=1)
    if precision == "year":
        return D(day.year, 1, 1), D(day.year, 12, 31)
    length = draw(st.integers(1 if precision == "range" else 0, 4000))
    return day, day + dt.timedelta(days=length)


@st.composite
def story_events(draw) -> list[Event]:
    out = []
    for i in range(draw(st.integers(0, 12))):
        precision = draw(st.sampled_from(DATE_PRECISIONS))
        out.append(event(*draw(dated_as(precision)), precision, f"e{i}"))
    return out


@st.composite
def windows(draw) -> Window:
    a, b = draw(any_day), draw(any_day)
    return Window(min(a, b), max(a, b))


def test_the_strategies_cover_every_precision():
    assert set(DATE_PRECISIONS) == {"day", "range", "month", "year", "approximate", "undated"}


@settings(max_examples=300, deadline=None)
@given(story_events(), windows())
def test_the_index_holds_what_contains_event_holds_in_a_range_window(events, window):
    index = EventIndex(events)
    assert index.in_window(window) == events_in_window(events, window)
    assert index.dated + index.undated == sorted(events, key=lambda e: not e.is_dated)
    assert index.undated == [e for e in events if e.date_precision == "undated"]


@settings(max_examples=300, deadline=None)
@given(story_events(), any_day)
def test_the_index_holds_what_contains_event_holds_in_an_up_to_window(events, day):
    whole = span(events)
    if whole is None:
        assert EventIndex(events).in_window(Window(day, day)) == []
        return
    window = up_to(whole.start, day)
    shown = EventIndex(events).in_window(window)
    assert shown == events_in_window(events, window)
    # "up to": an event shows once it has started, whatever its precision and length
    assert shown == [e for e in events if e.is_dated and e.dates[0] <= day]


@settings(max_examples=300, deadline=None)
@given(story_events())
def test_the_static_sites_steps_are_the_up_to_window_at_each_step(events):
    steps = time_steps(events)
    step_of = {s["date"]: i for i, s in enumerate(steps)}
    index = EventIndex(events)
    assert [event_step(e, step_of) for e in index.undated] == [None] * len(index.undated)
    for current, step in enumerate(steps):
        window = up_to(span(events).start, D.fromisoformat(step["date"]))
        on_site = [e for e in events if e.is_dated and event_step(e, step_of) <= current]
        assert on_site == index.in_window(window) == events_in_window(events, window)


def test_a_half_dated_event_is_undated_for_every_helper():
    half = event(D(2020, 1, 1), None, "day", "half")
    everything = Window(D(1, 1, 1), D(9999, 12, 31))
    assert not half.is_dated
    assert not everything.contains_event(half)
    index = EventIndex([half, DAY])
    assert index.in_window(everything) == [DAY]
    assert index.undated == [half]
    assert time_steps([half]) == []
    assert event_step(half, {}) is None

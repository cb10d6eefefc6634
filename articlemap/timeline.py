"""Which events fall in a time window, and the window's bounds.

An event is a span [date_start, date_end] at some precision (a day, a range, a year, an
approximate span). It belongs to a window when the two spans overlap, so a year-precision
event (1993) shows for any window touching 1993 and a 44-day range shows while the window
touches any of its days. Undated events never match a window: callers list them separately.

``Window.contains_event`` is the rule; ``EventIndex.in_window`` is the same rule over arrays
(tests/test_timeline.py checks the two agree for every precision and both window modes), and
the static site's "up to" slider (``site.time_steps`` + ``app.js``) is its "up to" case.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from articlemap.schema import AreaState, Event


@dataclass(frozen=True)
class Window:
    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError(f"window start {self.start} is after its end {self.end}")

    def contains_event(self, event: Event) -> bool:
        if not event.is_dated:
            return False
        start, end = event.dates
        return start <= self.end and end >= self.start


def events_in_window(events: Iterable[Event], window: Window) -> list[Event]:
    """The plain form of the rule (the reference ``EventIndex`` is tested against)."""
    return [e for e in events if window.contains_event(e)]


def area_states_at(states: Iterable[AreaState], window: Window) -> dict[str, AreaState]:
    """The state each area is in on the window's last day, by area id: a map shows its
    areas as they stand at the end of the window it shows (in "up to" mode, on the chosen
    day). Areas in no state then are left out; the loader refuses overlapping states."""
    return {s.area_id: s for s in states if s.holds_on(window.end)}


def span(events: Sequence[Event]) -> Window | None:
    """The smallest window holding every dated event (None if nothing is dated)."""
    dated = [e.dates for e in events if e.is_dated]
    if not dated:
        return None
    return Window(min(start for start, _ in dated), max(end for _, end in dated))


# A story spanning more than this opens on its busiest year instead of everything.
SHORT_STORY_DAYS = 548
# A story with this many dated events or fewer opens on all of them.
FEW_EVENTS = 12


def default_window(events: Sequence[Event], preferred: Window | None = None) -> Window | None:
    """The window a story opens on: ``preferred`` (its ``story.toml``) cut to the events' span
    when it holds any event; else the whole span of a short story (up to ~18 months) or of
    one with only a few dated events (a reader expects to see all six events of a short
    article at once); else the calendar year that the most dated events touch (the later
    one on a tie), cut to the span — the densest part, not an empty decade between two
    outliers."""
    whole = span(events)
    if whole is None:
        return None
    if preferred is not None and any(preferred.contains_event(e) for e in events):
        return Window(max(whole.start, preferred.start), min(whole.end, preferred.end))
    dated = sum(1 for e in events if e.date_start is not None and e.date_end is not None)
    if (whole.end - whole.start).days <= SHORT_STORY_DAYS or dated <= FEW_EVENTS:
        return whole
    counts: dict[int, int] = {}
    for e in events:
        if e.date_start is None or e.date_end is None:
            continue
        for year in range(e.date_start.year, e.date_end.year + 1):
            counts[year] = counts.get(year, 0) + 1
    year = max(counts, key=lambda y: (counts[y], y))
    busiest = Window(dt.date(year, 1, 1), dt.date(year, 12, 31))
    return Window(max(whole.start, busiest.start), min(whole.end, busiest.end))


def up_to(first: dt.date, day: dt.date) -> Window:
    """The "everything up to this date" mode: from ``first`` (the story's first date, the
    slider's first stop) to ``day``. An event shows once it has started, as in the static
    site, whose "up to" slider compares start dates only."""
    return Window(min(first, day), day)


class EventIndex:
    """Events with their date spans as arrays, for fast window queries over many events.

    A slider move asks "which of these events overlap the window?"; with 10,000 events a
    Python loop over ``Window.contains_event`` costs milliseconds on every move, two NumPy
    comparisons cost microseconds. Build it once per dataset and filter.
    """

    def __init__(self, events: Sequence[Event]):
        import numpy as np

        self._np = np
        self.dated = [e for e in events if e.is_dated]
        self.undated = [e for e in events if not e.is_dated]
        self._starts = np.array([e.dates[0].toordinal() for e in self.dated], dtype=np.int64)
        self._ends = np.array([e.dates[1].toordinal() for e in self.dated], dtype=np.int64)

    def in_window(self, window: Window) -> list[Event]:
        mask = (self._starts <= window.end.toordinal()) & (self._ends >= window.start.toordinal())
        return [self.dated[i] for i in self._np.flatnonzero(mask)]

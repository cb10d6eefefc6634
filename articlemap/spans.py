"""Offsets in a text: what is already taken, and what lies inside a span.

Extraction keeps matches by position (dates, place names, sentences); asking these
questions by scanning every earlier match made a long text quadratic (a 2 MB upload ran for
minutes). Both answers here cost the length of the span or a bisection.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence


class Coverage:
    """Which characters of a text are already taken by a kept match.

    One byte per character: "does [start, end) overlap anything kept?" costs the length of
    the match, not the number of matches kept so far (which made long texts quadratic).
    """

    def __init__(self, length: int) -> None:
        self._taken = bytearray(length)

    def overlaps(self, start: int, end: int) -> bool:
        return self._taken.find(1, start, end) != -1

    def take(self, start: int, end: int) -> None:
        self._taken[start:end] = b"\x01" * (end - start)


class SpanIndex:
    """Items with ``start``/``end`` offsets, sorted, answering "which lie inside [s, e)" by
    bisection: pairing every sentence with every date or place was quadratic."""

    def __init__(self, items: Sequence) -> None:
        self.items = sorted(items, key=lambda it: it.start)
        self.starts = [it.start for it in self.items]

    def inside(self, start: int, end: int) -> list:
        lo = bisect.bisect_left(self.starts, start)
        hi = bisect.bisect_right(self.starts, end, lo)
        return [it for it in self.items[lo:hi] if it.end <= end]

"""The caps on what one article may make the server do, in one place.

An upload comes from anyone, so every stage of an import is bounded: the text's size, how
many places and dated events a draft keeps, and how long one quote may be. Each cap has a
sentence that names it, so the person who hit it is told which one and what happened.
Without them a 1 MB one-line text made 20,000 events each quoting the whole line (23 GB).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

MIB = 1024 * 1024


def size_label(n: int) -> str:
    """A byte count as people read it: "2 MB" for exactly 2 MiB, "2.0001 MB" just above it
    would be wrong the other way, so sizes above a whole MiB show bytes too."""
    if n >= MIB:
        whole, rest = divmod(n, MIB)
        if rest == 0:
            return f"{whole} MB"
        return f"{n / MIB:.1f} MB ({n:,} bytes)"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} bytes"


@dataclass(frozen=True)
class Limits:
    """Caps for one imported article (the defaults are the app's)."""

    text_bytes: int = 2 * MIB  # an upload or a paste
    file_bytes: int = 20 * MIB  # a Word or PDF file (its text still has to fit text_bytes)
    # What the uploader widget and the server (server.maxUploadSize) accept at all: more than
    # any limit above, so that every refusal is this app's message, not a bare red icon.
    upload_mb: int = 64
    places: int = 500
    events: int = 2_000
    quote_chars: int = 600  # a longer sentence is cut at a clause around its date
    # One saved story: its files together (article, places, events, areas) in the store, and
    # the .zip of them that is exported and imported (a little more: the zip's own headers).
    story_bytes: int = 30 * MIB
    story_zip_bytes: int = 32 * MIB
    story_title_chars: int = 300
    # A saved comparison's links and notes (compare.MAX_DECISIONS of them fit easily).
    comparison_links_bytes: int = 2 * MIB
    # Rows one story saved from the browser may hold (a draft has at most ``places`` and
    # ``events``; editing and importing may add more, up to these).
    story_places: int = 5_000
    story_events: int = 20_000
    # Saves (new stories, edits, imports, new edit links) one browser session may make in a
    # minute: enough for anyone at work, too few to fill the store from a script.
    saves_per_minute: int = 6

    def events_message(self, found: int) -> str:
        return (
            f"The text has {found:,} dates; only the first {self.events:,} became events "
            f"(the limit per article). Split the text to draft the rest."
        )

    def places_message(self, found: int) -> str:
        return (
            f"The text names {found:,} places; only the first {self.places:,} were kept "
            "(the limit per article)."
        )

    def quote_message(self, cut: int) -> str:
        return (
            f"{cut:,} sentence{'s are' if cut != 1 else ' is'} longer than "
            f"{self.quote_chars:,} characters: their quotes are cut at a clause around the date "
            "(marked “…”)."
        )


DEFAULT_LIMITS = Limits()


def within_rate(times: Iterable[float], now: float, limit: int, seconds: float = 60.0) -> bool:
    """Whether one more action fits: fewer than ``limit`` of ``times`` in the last
    ``seconds`` before ``now`` (a sliding window, so bursts cannot straddle a boundary)."""
    return sum(1 for t in times if now - seconds < t <= now) < limit


def story_size_problems(places: int, events: int, limits: Limits = DEFAULT_LIMITS) -> list[str]:
    """Sentences for a story over the row caps (empty when it fits)."""
    problems = []
    if places > limits.story_places:
        problems.append(
            f"The story has {places:,} places; a saved story may have up to "
            f"{limits.story_places:,}."
        )
    if events > limits.story_events:
        problems.append(
            f"The story has {events:,} events; a saved story may have up to "
            f"{limits.story_events:,}."
        )
    return problems

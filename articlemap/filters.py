"""Filters of the event list: category, place, where the date comes from, free text."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from articlemap.schema import Event

EVIDENCE_LABELS = {"article": "dated by the article", "context": "date from outside the article"}


def evidence(event: Event) -> str:
    """'context' when the event or its normalized date comes from outside the article."""
    return "context" if "context" in (event.source, event.date_source) else "article"


def fold(text: str) -> str:
    """Case- and accent-insensitive form, so 'gence' finds 'Gəncə' and 'ganja' finds 'Ganja'.

    Schwa and dotless i (Azerbaijani ə, ı) have no decomposition, so they are mapped by hand:
    'lacin' finds 'Laçın', 'naxcivan' finds 'Naxçıvan'.
    """
    # Decompose before and after casefolding: compatibility forms such as '℠' decompose into
    # capitals, and casefolding can yield letters that decompose ('İ' -> 'i̇').
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return plain.replace("ə", "e").replace("ı", "i")


@dataclass(frozen=True)
class EventFilter:
    categories: frozenset[str] = frozenset()
    place_ids: frozenset[str] = frozenset()
    evidence: frozenset[str] = frozenset()
    text: str = ""

    def matches(self, event: Event) -> bool:
        if self.categories and event.category not in self.categories:
            return False
        if self.place_ids and not self.place_ids.intersection(event.place_ids):
            return False
        if self.evidence and evidence(event) not in self.evidence:
            return False
        if self.text.strip():
            haystack = fold(
                " ".join(
                    (
                        event.title,
                        event.quote,
                        event.note,
                        event.date_as_written,
                        *(p.label for p in event.places),
                    )
                )
            )
            return all(word in haystack for word in fold(self.text).split())
        return True

    def apply(self, events: Iterable[Event]) -> list[Event]:
        if not self.active:
            return list(events)
        return [e for e in events if self.matches(e)]

    @property
    def active(self) -> bool:
        return bool(self.categories or self.place_ids or self.evidence or self.text.strip())

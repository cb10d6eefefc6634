"""Where the article names each place: offsets of every mention, for highlighting and counts.

Matching is case-sensitive on whole words, longest name first at any position, so
"Nagorno-Karabakh" is one mention (of the former autonomous region), not also "Karabakh",
and "Armenia" does not match inside "Armenian".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from articlemap.schema import Place

_ANNOTATION = re.compile(r"\s*\([^)]*\)\s*$")
_SHORT_FORM_SUFFIX = {
    "district": re.compile(r"\s+district$", re.IGNORECASE),
    "autonomous-republic": re.compile(r"\s+Autonomous Republic$"),
}


@dataclass(frozen=True)
class Mention:
    place_id: str
    start: int
    end: int
    text: str


def search_terms(place: Place) -> set[str]:
    """Names a text may use for ``place``: its name, other names, and a short form."""
    names = {place.name, *(_ANNOTATION.sub("", n) for n in place.other_names)}
    suffix = _SHORT_FORM_SUFFIX.get(place.kind)
    if suffix is not None:
        names.add(suffix.sub("", place.name))
    return {n.strip() for n in names if len(n.strip()) >= 3 and not n.strip().isdigit()}


def _pattern(places: Iterable[Place]) -> tuple[re.Pattern[str], dict[str, str]]:
    owner: dict[str, str] = {}
    for place in places:
        for term in search_terms(place):
            owner.setdefault(term, place.id)  # first place listed wins a shared name
    if not owner:
        return re.compile(r"(?!x)x"), owner
    alternatives = sorted(owner, key=len, reverse=True)
    body = "|".join(re.escape(t) for t in alternatives)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])"), owner


def find_mentions(text: str, places: Iterable[Place]) -> list[Mention]:
    pattern, owner = _pattern(places)
    return [
        Mention(owner[m.group(0)], m.start(), m.end(), m.group(0)) for m in pattern.finditer(text)
    ]


def mention_counts(text: str, places: Iterable[Place]) -> Counter[str]:
    return Counter(m.place_id for m in find_mentions(text, places))

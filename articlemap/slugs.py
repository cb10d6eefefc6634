"""Readable ASCII ids from titles, one rule for story ids wherever they are made."""

from __future__ import annotations

import re
import unicodedata

_LETTERS = str.maketrans(
    {"ı": "i", "ə": "e", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d"}
    | {"ð": "d", "þ": "th", "ħ": "h"}
)


def slugify(text: str, length: int = 48) -> str:
    """ASCII, lower case, words joined by hyphens, at most ``length`` characters; accents
    are dropped ("Gəncə, Ağdam" → "gence-agdam"); "" when no ASCII letter or digit is left
    (a title in Cyrillic)."""
    letters = unicodedata.normalize("NFKD", text.lower().translate(_LETTERS))
    bare = "".join(c for c in letters if not unicodedata.combining(c))
    slug = re.sub(r"[^a-z0-9]+", "-", bare).strip("-")
    return slug[:length].rstrip("-")

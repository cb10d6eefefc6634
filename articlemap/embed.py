"""The code that embeds a view of the map in another web page: an ``<iframe>`` snippet.

The hosted app's view link gets Streamlit's own ``embed=true`` (the page without the app's
menu, header and sidebar); the static site's snippet points at wherever its folder is put.
Parameters that grant rights (an edit token) are dropped from any link given here, whatever
the caller passed in: an embedded page is seen by everyone who opens the host page.
"""

from __future__ import annotations

from collections.abc import Collection
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from articlemap.escaping import map_text

EMBED_PARAM = "embed"  # Streamlit's: the page alone, for an iframe
EMBED_HEIGHT = 760  # px: the slider, the map and the start of the list
# Every query parameter that carries a secret in this app (ui/stories.py, ui/compare.py).
PRIVATE_PARAMS = frozenset({"edit", "cedit"})
STATIC_SITE_SRC = "https://example.org/articlemap-site/index.html"


def embed_url(view_url: str, private: Collection[str] = PRIVATE_PARAMS) -> str:
    """``view_url`` with ``embed=true`` and without any ``private`` parameter or fragment."""
    parts = urlsplit(view_url)
    pairs = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k not in private and k != EMBED_PARAM
    ]
    pairs.append((EMBED_PARAM, "true"))
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", urlencode(pairs), ""))


def iframe_snippet(src: str, title: str, height: int = EMBED_HEIGHT) -> str:
    """``<iframe src=… width="100%" height=… title=…>``: the HTML to paste, each attribute
    value escaped (a title with quotes or ``<`` in it stays one attribute)."""
    return (
        f'<iframe src="{map_text(src)}" width="100%" height="{int(height)}" '
        f'title="{map_text(title)}" style="border:0" loading="lazy"></iframe>'
    )


def embed_title(story_title: str) -> str:
    """What a screen reader announces for the embedded frame."""
    return f"{story_title} — map and timeline"

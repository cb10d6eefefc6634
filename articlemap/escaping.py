"""The one way text from a story or an upload reaches a reader, one helper per target.

* :func:`display_text` — every target: bidirectional embedding, override and isolate
  controls are removed ("Washington \u202eexe.live" must not read reversed). For text set
  with ``textContent`` (the card list, the static site), :func:`display_data` applies it to
  every string of a JSON-ready structure.
* :func:`map_text` — Folium/Leaflet: Folium writes Popup and Tooltip text into a JavaScript
  template string, and GeoJSON popups/tooltips write property values as HTML. So map text
  must be safe as HTML *and* inside a JS template literal: ``<img onerror>`` must not run, a
  backtick or a backslash in a quote must not end the string (which blanks the whole map) and
  ``${...}`` must not be evaluated.
* :func:`markdown_text` — every ``st.*`` call that renders Markdown (titles, captions,
  messages, cards): no formatting, links (bare addresses included), images (a remote image
  is a tracking beacon and breaks the offline promise), LaTeX, colours or icons.
"""

from __future__ import annotations

import html
import re
from typing import Any

# LRE RLE PDF LRO RLO (U+202A–E), LRI RLI FSI PDI (U+2066–9) and the Arabic letter mark:
# the characters that reorder or isolate a run of text. (LRM/RLM only nudge neutral
# characters and are kept: real right-to-left names need them.)
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"
_BIDI_TABLE = dict.fromkeys(map(ord, BIDI_CONTROLS))
_JS_TEMPLATE_ENTITIES = str.maketrans({"\\": "&#92;", "`": "&#96;", "$": "&#36;"})
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:])")
# Streamlit turns bare addresses into links even when every character is escaped
# ("http\://…", "www\.…", "a\@b.org"): an invisible word joiner after the scheme (and
# before "@") stops that, and the text still reads the same.
_AUTOLINK_START = re.compile(r"(?i)\b(https?|ftps?|mailto|www)(?=[:.])")
WORD_JOINER = "\u2060"


def display_text(value: object) -> str:
    """``value`` as text with the bidi controls that reorder what a reader sees removed."""
    text = "" if value is None else str(value)
    return text.translate(_BIDI_TABLE)


def display_data(value: Any) -> Any:
    """:func:`display_text` on every string in lists, tuples and dicts (keys included)."""
    if isinstance(value, str):
        return display_text(value)
    if isinstance(value, dict):
        return {display_data(k): display_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [display_data(v) for v in value]
    if isinstance(value, tuple):
        return tuple(display_data(v) for v in value)
    return value


def map_text(value: object) -> str:
    """Escape ``value`` for a Folium Popup/Tooltip or a GeoJSON property shown as HTML."""
    return html.escape(display_text(value), quote=True).translate(_JS_TEMPLATE_ENTITIES)


def markdown_text(value: object) -> str:
    """Escape ``value`` for Streamlit Markdown: shown as the characters it has, nothing more."""
    text = _AUTOLINK_START.sub(r"\1" + WORD_JOINER, display_text(value))
    return _MD_SPECIAL.sub(r"\\\1", text.replace("@", WORD_JOINER + "@"))

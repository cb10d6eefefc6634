"""The one way text reaches a Folium map.

Folium writes Popup and Tooltip text into a JavaScript template string, and GeoJSON
popups/tooltips write property values as HTML. So map text must be safe as HTML *and* inside
a JS template literal: ``<img onerror>`` must not run, a backtick or a backslash in a quote
must not end the string (which blanks the whole map) and ``${...}`` must not be evaluated.
Every text shown on a map goes through :func:`map_text`.
"""

from __future__ import annotations

import html

_JS_TEMPLATE_ENTITIES = str.maketrans({"\\": "&#92;", "`": "&#96;", "$": "&#36;"})


def map_text(value: object) -> str:
    """Escape ``value`` for a Folium Popup/Tooltip or a GeoJSON property shown as HTML."""
    text = "" if value is None else str(value)
    return html.escape(text, quote=True).translate(_JS_TEMPLATE_ENTITIES)

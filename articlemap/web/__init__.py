"""The browser code, as real files: read once and inlined into the pages that use them.

* ``map_view.js``, ``map.css``: the live map (``articlemap/map_layers.py`` inlines them into
  the fixed folium base map, with one line of glue that passes its settings as JSON).
* ``render.js``: an event's popups and card in the static site (``site.py`` puts it in front
  of ``site_template/app.js``).
* ``event_cards.mjs``, ``event_cards.css``: the Map page's card list component
  (``ui/event_cards.py``).

They are linted and formatted by Biome (``biome.json`` at the repository root) and
unit-tested with node's own test runner (``tests/*.test.js``, ``*.test.mjs``, against a fake
DOM and Leaflet); pytest runs both (tests/test_web_code.py).

Biome's rules are its recommended set with two off: ``useArrowFunction`` (plain function
expressions, as Leaflet's callbacks are written) and ``useTemplate`` (string concatenation:
the map's code is inlined into a page that must hold no backtick, tests/test_escaping.py).
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

# What would end or change the inline <script>/<style> the code is put in.
_UNSAFE_INLINE = re.compile(r"</(script|style)|<!--|`", re.IGNORECASE)


@cache
def source(name: str) -> str:
    """The text of ``articlemap/web/<name>``, read once per process.

    Refuses a file that could not be inlined as it is: a closing script or style tag, an
    HTML comment opener or a backtick (the map's page holds none; see the module doc).
    """
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    found = _UNSAFE_INLINE.search(text)
    if found:
        line = text.count("\n", 0, found.start()) + 1
        raise ValueError(f"articlemap/web/{name}:{line}: {found.group()!r} cannot be inlined")
    return text

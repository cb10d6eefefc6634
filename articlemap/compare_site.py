"""A comparison as a static offline page: the merged list, both quotes of every matched
pair side by side, the events only one account tells, and the CSV — one folder (or zip)
that opens from ``file://`` with no server, like the story's site (``articlemap.site``).

The folder::

    index.html          the page (the accounts' titles filled in, escaped)
    compare.js          puts the rows on the page (render.js, then its own: every text a text node)
    compare.css, app.css the page's style (app.css: the story site's, for one look)
    comparison-data.js  ``window.ARTICLEMAP_COMPARISON = {...}`` (``site.safe_json``)
    comparison.csv      ``export.comparison_csv``, as the Compare page downloads it

The data are raw text through ``escaping.display_data`` (the bidi controls removed); the
page's own words are the Compare page's (``compare.summary_parts``, ``match_line``,
``difference_lines``…): what each account says, never which one is right. Same comparison
in, same bytes out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from articlemap import compare as cmp
from articlemap import export
from articlemap.escaping import display_data
from articlemap.event_view import event_view
from articlemap.map_layers import ACCOUNT_LOOKS
from articlemap.schema import Event
from articlemap.site import (
    TEMPLATE_DIR,
    app_css,
    fill_template,
    js_global,
    with_shared,
    zip_files,
)
from articlemap.story import StoryMeta

DATA_GLOBAL = "ARTICLEMAP_COMPARISON"
ZIP_ROOT = "articlemap-comparison"
MARKS = {"circle": "●", "square": "■", "diamond": "◆"}
_TEMPLATE_FILES = ("compare.css",)  # and app.css (site.app_css()), compare.js (compare_js())


def _event(event: Event, meta: StoryMeta, i: int) -> dict[str, Any]:
    view = event_view(event, meta)
    return {
        "id": event.id,
        "title": view.title,
        "date": view.headline_date,
        "date_line": view.date_line(),
        "places": list(view.place_labels),
        "quote": view.quote,
        "said_by": f"The {cmp.ordinal(i)} account:",
        "notes": list(view.notes()),
    }


def comparison_data(comparison: cmp.Comparison, metas: Sequence[StoryMeta]) -> dict[str, Any]:
    """Everything ``compare.js`` shows, as JSON-ready data (raw text, bidi controls out)."""
    if len(metas) != len(comparison.accounts):
        raise ValueError("one story's details per account")
    accounts = []
    for i, (account, meta) in enumerate(zip(comparison.accounts, metas, strict=True)):
        colour, shape = ACCOUNT_LOOKS[i]
        accounts.append(
            {
                "label": cmp.account_label(i, account.title),
                "perspective": meta.perspective_line,
                "colour": colour,
                "mark": MARKS[shape],
                "missing": f"The {cmp.ordinal(i)} account has no event matched here.",
            }
        )
    rows = []
    for row in comparison.rows:
        rows.append(
            {
                "kind": "lone" if row.lone else "matched",
                "lone": cmp.lone_line(row) if row.lone else "",
                "events": [
                    _event(e, metas[i], i) if e is not None else None
                    for i, e in enumerate(row.events)
                ],
                "pairs": [
                    {
                        "why": cmp.match_line(pair),
                        "disagree": pair.disagree,
                        "lines": [
                            *cmp.difference_lines(pair),
                            *(w for w in (cmp.words_line(pair, 0), cmp.words_line(pair, 1)) if w),
                        ],
                    }
                    for pair in row.pairs
                ],
            }
        )
    return display_data(
        {
            "title": page_title(comparison),
            "summary": " · ".join(cmp.summary_parts(comparison)),
            "accounts": accounts,
            "rows": rows,
        }
    )


def page_title(comparison: cmp.Comparison) -> str:
    return "Compared: " + " · ".join(a.title for a in comparison.accounts)


def comparison_site_files(
    comparison: cmp.Comparison, metas: Sequence[StoryMeta]
) -> dict[str, bytes]:
    """The folder as relative path -> bytes, sorted by path."""
    template = (TEMPLATE_DIR / "compare.html").read_text(encoding="utf-8")
    index = fill_template(
        template,
        {"TITLE": page_title(comparison), "ROW_COUNT": str(len(comparison.rows))},
    )
    files = {
        "index.html": index.encode("utf-8"),
        "comparison-data.js": js_global(DATA_GLOBAL, comparison_data(comparison, metas)).encode(
            "utf-8"
        ),
        "comparison.csv": export.for_spreadsheets(export.comparison_csv(comparison)),
        "app.css": app_css(),
        "compare.js": compare_js(),
    }
    for name in _TEMPLATE_FILES:
        files[name] = (TEMPLATE_DIR / name).read_bytes()
    return dict(sorted(files.items()))


def compare_js() -> bytes:
    """The page's code: the shared renderer (``articlemap/web/render.js``: its ``el()`` makes
    every text a text node, as on the story's site), then compare.js."""
    return with_shared("compare.js", "render.js")


def build_comparison_zip(comparison: cmp.Comparison, metas: Sequence[StoryMeta]) -> bytes:
    """The folder as a reproducible zip, in memory, under ``articlemap-comparison/``."""
    return zip_files(comparison_site_files(comparison, metas), ZIP_ROOT)

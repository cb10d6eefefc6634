"""Pasted text into a draft (articlemap.importing.draft_text): how it is read."""

from __future__ import annotations

from articlemap.importing import draft_text
from articlemap.readers import looks_like_markdown

PASTED_MARKDOWN = """# Floods close the river road

By Ana Pereira

Heavy rain flooded the valley near Lyon on Monday, and the road to Geneva was shut.

## What comes next

Engineers from Grenoble will inspect the bridge.
"""


def no_progress(fraction: float, message: str) -> None:
    pass


def test_pasted_markdown_keeps_its_heading_as_the_title():
    imported = draft_text(PASTED_MARKDOWN, progress=no_progress)
    assert imported.kind == "markdown"
    assert imported.draft.article.title == "Floods close the river road"
    assert imported.draft.meta.title == "Floods close the river road"
    # the heading is not glued into the first sentence, nor the "#" left in the text
    text = imported.draft.article.plain_text()
    assert "#" not in text
    assert "Floods close the river road Heavy rain" not in text
    assert {p.name for p in imported.draft.places} >= {"Lyon", "Geneva", "Grenoble"}


def test_plain_pasted_text_is_still_read_as_plain_text():
    imported = draft_text(
        "Heavy rain flooded the valley near Lyon on Monday.\n\nIssue #4 of the bulletin.",
        progress=no_progress,
    )
    assert imported.kind == "text"


def test_only_an_opening_heading_makes_pasted_text_markdown():
    assert looks_like_markdown("# Title\n\nText.")
    assert looks_like_markdown("\n\n## Section\nText.")
    assert not looks_like_markdown("#hashtag trends in Lyon")
    assert not looks_like_markdown("Text with a # inside.\n# a later line")

"""An article from a person, from bytes or pasted text to a draft: the job a worker runs.

Everything here is run in a worker process (``articlemap.worker``), so a hostile file costs
that process, not the server; each problem a person can fix becomes a ``JobError`` whose
message names the file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import PurePath

from articlemap import place_review, readers, text_upload
from articlemap.draft import Draft, ExtractOptions, Progress, build_draft, draft_from_article
from articlemap.gazetteer import Gazetteer, gazetteer_for_new_article
from articlemap.limits import DEFAULT_LIMITS, Limits, size_label
from articlemap.worker import JobError

_GAZETTEER: list[Gazetteer] = []  # loaded once per worker process


def gazetteer() -> Gazetteer:
    if not _GAZETTEER:
        gaz = gazetteer_for_new_article()  # not the built-in story's curated places
        _ = gaz.automaton  # build the matcher now, not on the first job
        _GAZETTEER.append(gaz)
    return _GAZETTEER[0]


@dataclass(frozen=True)
class Options:
    """What the person chose for the draft."""

    published: dt.date | None = None  # dates "on Monday" against this day
    map_demonyms: bool = False  # "Russian" on the map as Russia


def _choices(options: Options, limits: Limits) -> ExtractOptions:
    """The person's choices and the caps as the keyword arguments every draft call takes
    (typed, so one spelling serves the three calls below)."""
    return {"published": options.published, "map_demonyms": options.map_demonyms, "limits": limits}


@dataclass(frozen=True)
class Imported:
    """A draft and what the person should know about how it was made.

    The draft comes without its raw matches (every date and name found: 40,000 of each in a
    hostile 2 MB text, 10 MB pickled): the page needs the places and events, and the server
    holds this in the person's session.
    """

    draft: Draft
    notes: tuple[str, ...] = ()  # what a cap cut: the person should read these
    kind: str = "text"  # how it was read: text | markdown | html | docx | pdf
    read_notes: tuple[str, ...] = ()  # what the reader did (encoding, columns, headers)
    # each drafted place's top candidates by place id, for the review step
    candidates: dict[str, tuple[place_review.Candidate, ...]] | None = None
    context: frozenset[str] = frozenset()  # the countries and regions the story is about


def _imported(draft: Draft, kind: str = "text", read_notes: tuple[str, ...] = ()) -> Imported:
    gaz = gazetteer()
    return Imported(
        replace(draft, mentions=(), dates=()),
        draft.limit_notes,
        kind,
        read_notes,
        place_review.candidates_for_places(draft.places, gaz),
        frozenset(place_review.story_context(draft.places, gaz)),
    )


def search_places(
    query: str, context: frozenset[str] = frozenset(), *, progress: Progress
) -> list[place_review.Candidate]:
    """The gazetteer's places named ``query`` (the review step's search box), best first
    for a story about ``context``; run in a worker, where the gazetteer is loaded."""
    return place_review.search(query[:200], gazetteer(), set(context))


def warm_up() -> None:
    """Run once when a worker starts, so the first article does not wait for the gazetteer."""
    gazetteer()


def draft_text(
    text: str,
    limits: Limits = DEFAULT_LIMITS,
    options: Options = Options(),
    *,
    progress: Progress,
) -> Imported:
    """A draft of pasted text; read as Markdown when it opens with a ``# heading`` (text
    copied from a Markdown editor or a saved ``.md``), so that the heading is the title."""
    try:
        checked = text_upload.check_pasted(text, limits)
    except text_upload.UploadError as exc:
        raise JobError(str(exc)) from exc
    if readers.looks_like_markdown(checked):
        article, notes = readers.markdown_article(checked)
        if not article.blocks:
            raise JobError("The pasted text has only a heading: paste the article under it.")
        marked = draft_from_article(
            article,
            gazetteer(),
            progress=progress,
            **_choices(options, limits),
        )
        return _imported(marked, "markdown", ("pasted text that opens with a # heading", *notes))
    draft = build_draft(
        checked,
        gazetteer(),
        progress=progress,
        **_choices(options, limits),
    )
    return _imported(draft)


def file_limit(name: str, limits: Limits = DEFAULT_LIMITS) -> int:
    """How large an uploaded file may be: text files hold only text; a saved web page also
    carries its scripts and styles; a PDF or Word file its fonts and pictures."""
    kind = readers.SUPPORTED_EXTENSIONS.get(PurePath(name).suffix.lower())
    if kind == "html":
        return max(limits.text_bytes, readers.MAX_HTML_BYTES)
    if kind in ("pdf", "docx"):
        return limits.file_bytes
    return limits.text_bytes


def draft_file(
    name: str,
    data: bytes,
    limits: Limits = DEFAULT_LIMITS,
    options: Options = Options(),
    *,
    progress: Progress,
) -> Imported:
    """A draft of an uploaded file (.txt, .md, .html, .docx or .pdf)."""
    limit = file_limit(name, limits)
    if len(data) > limit:
        raise JobError(
            f"“{name}” is {size_label(len(data))}; such files may be up to {size_label(limit)}. "
            "Upload a shorter document, or paste the part you need."
        )
    progress(0.02, f"Reading “{name}”…")
    try:
        read = readers.read_document(name, data)
    except text_upload.UploadError as exc:
        raise JobError(str(exc)) from exc
    draft = draft_from_article(
        read.article,
        gazetteer(),
        progress=progress,
        **_choices(options, limits),
    )
    return _imported(draft, read.kind, read.notes)

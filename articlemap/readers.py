"""Turn an uploaded document (.txt, .md, .html, .docx, .pdf) into a cleaned :class:`Article`.

Teachers bring articles in whatever form they have them. Every format ends in the same
assembly (:func:`articlemap.article_text.assemble_article`), so line joining, line-break
hyphens and caption placement follow one set of rules; each reader only says what its format
knows for certain (a Markdown heading, a Word "Caption" style, a PDF's font sizes).

The bytes are not trusted: the name's extension is checked against what the bytes are, and a
damaged, encrypted, scanned or oversized document raises :class:`UploadError` with a message
naming the file. :func:`read_document` takes and returns plain values and touches no global
state, so the app can run it in a worker process with a time and memory limit.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import PurePath
from typing import Literal

from articlemap.article_text import (
    Article,
    CaptionText,
    HeadingText,
    LayoutHints,
    LayoutItem,
    TextLine,
    assemble_article,
    clean_article,
    join_lines,
    parse_byline,
)
from articlemap.limits import size_label
from articlemap.text_upload import MAX_UPLOAD_BYTES, UploadError, read_upload

__all__ = [
    "MAX_DOCX_UNZIPPED_BYTES",
    "MAX_HTML_BYTES",
    "MAX_TEXT_BYTES",
    "SUPPORTED_EXTENSIONS",
    "DocumentKind",
    "ReadResult",
    "read_document",
]

DocumentKind = Literal["text", "markdown", "html", "docx", "pdf"]

SUPPORTED_EXTENSIONS: dict[str, DocumentKind] = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".pdf": "pdf",
}

# Extracted text is held to the same limit as an uploaded text file: the rest of the app
# (geoparsing, the editor) is sized for it.
MAX_TEXT_BYTES = MAX_UPLOAD_BYTES
# A saved web page carries scripts and styles around its text, so it may be larger.
MAX_HTML_BYTES = 4 * MAX_UPLOAD_BYTES
# A .docx is a zip: a small file can unpack to gigabytes (a "zip bomb"), so unzip sizes count.
MAX_DOCX_UNZIPPED_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class ReadResult:
    """The cleaned article, the format it was read as, and what the reader did to it."""

    article: Article
    kind: DocumentKind
    notes: tuple[str, ...] = ()


# --------------------------------------------------------------------------- sniffing

# What the first bytes of common binary files say they are: (magic, description, extension).
_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "a PDF document", ".pdf"),
    (b"PK\x03\x04", "a zip archive (e.g. a Word .docx file)", ".docx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office file (.doc/.xls)", ".doc"),
    (b"{\\rtf", "a Rich Text (.rtf) file", ".rtf"),
    (b"\x89PNG", "a PNG image", ".png"),
    (b"\xff\xd8\xff", "a JPEG image", ".jpg"),
    (b"GIF8", "a GIF image", ".gif"),
    (b"II*\x00", "a TIFF image", ".tif"),
    (b"MM\x00*", "a TIFF image", ".tif"),
)


def _sniff(data: bytes) -> tuple[str, str] | None:
    """``(description, extension)`` of a recognised binary format, ``None`` otherwise.

    A PDF header may follow up to 1 KB of junk (the PDF standard allows it), so it is
    searched for; the other signatures must open the file.
    """
    if b"%PDF-" in data[:1024]:
        return "a PDF document", ".pdf"
    for magic, description, ext in _MAGIC:
        if data.startswith(magic):
            return description, ext
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "a WebP image", ".webp"
    return None


def _supported_list() -> str:
    return ", ".join(SUPPORTED_EXTENSIONS)


def _check_kind(name: str, data: bytes) -> DocumentKind:
    """The reader to use for ``name``; the bytes must agree with the extension."""
    ext = PurePath(name).suffix.lower()
    kind = SUPPORTED_EXTENSIONS.get(ext)
    if kind is None:
        shown = f"a “{ext}” file" if ext else "a file without an extension"
        raise UploadError(
            f"“{name}” is {shown}, which cannot be read. Supported: {_supported_list()}."
        )
    if not data.strip():
        raise UploadError(f"“{name}” is empty: there is no text to read.")
    found = _sniff(data)
    expected = {"pdf": ".pdf", "docx": ".docx"}.get(kind)
    if expected is not None and (found is None or found[1] != expected):
        what = found[0] if found else "text or an unknown format"
        raise UploadError(
            f"“{name}” is named {ext} but its content is {what}, not "
            f"{'a PDF document' if kind == 'pdf' else 'a Word document'}. "
            "Upload the original file, or save it again in that format."
        )
    if expected is None and found is not None:
        raise UploadError(
            f"“{name}” is named {ext} but its content is {found[0]}. "
            f"Rename it to {found[1]} if that is what it is, or upload the article as text."
        )
    return kind


def _check_text_size(name: str, article: Article) -> None:
    size = len(article.plain_text().encode("utf-8"))
    if size > MAX_TEXT_BYTES:
        raise UploadError(
            f"“{name}” holds {size_label(size)} of text; the limit is "
            f"{size_label(MAX_TEXT_BYTES)}. Upload only the article itself."
        )


def _require_text(name: str, article: Article, where: str) -> None:
    if not article.blocks:
        raise UploadError(f"“{name}” has no article text in it ({where}).")


# --------------------------------------------------------------------------- text


def _read_text(name: str, data: bytes) -> ReadResult:
    uploaded = read_upload(name, data)
    article = clean_article(uploaded.text, LayoutHints())
    return ReadResult(article, "text", tuple(n for n in (uploaded.encoding_note,) if n))


# --------------------------------------------------------------------------- markdown

_CAPTION_LABEL = re.compile(r"^(?:caption|photo|picture|image|figure)\s*:\s*", re.IGNORECASE)


def _inline_text(token) -> str:  # token: markdown_it.token.Token
    """The reader-visible text of an inline token: emphasis and links reduced to their text.

    Images are dropped (their alt text describes a picture, not the article), inline HTML
    is dropped, code spans keep their content, line breaks inside a paragraph become "\\n"
    so that line-break hyphens are undone like in any other text.
    """
    parts: list[str] = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "image":
            continue
    return "".join(parts)


def _markdown_items(md: str) -> Iterator[tuple[str, str]]:
    """``(role, text)`` per Markdown block: role is heading1, heading, caption or paragraph."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(md)
    quote_depth = 0
    heading_level = 0
    for token in tokens:
        if token.type == "blockquote_open":
            quote_depth += 1
        elif token.type == "blockquote_close":
            quote_depth -= 1
        elif token.type == "heading_open":
            heading_level = int(token.tag[1:])
        elif token.type == "heading_close":
            heading_level = 0
        elif token.type == "inline":
            text = _inline_text(token)
            if heading_level:
                yield ("heading1" if heading_level == 1 else "heading"), text
            elif quote_depth and _CAPTION_LABEL.match(text):
                # The app's own Markdown marks captions as "> *Caption:* ..." (to_markdown).
                yield "caption", _CAPTION_LABEL.sub("", text, count=1)
            else:
                yield "paragraph", text
        elif token.type in ("code_block", "fence"):
            yield "paragraph", token.content


# A pasted text is read as Markdown when its first line is an ATX heading ("# Title"): plain
# prose never opens that way, and read as plain text the heading would be glued into the
# first sentence and the draft left without its title.
_MARKDOWN_OPENING = re.compile(r"\A\s*#{1,6}[ \t]+\S")


def looks_like_markdown(text: str) -> bool:
    """Whether pasted text opens with a Markdown heading, and so is Markdown."""
    return bool(_MARKDOWN_OPENING.match(text))


def markdown_article(text: str) -> tuple[Article, tuple[str, ...]]:
    """A Markdown text as a cleaned article (the first ``#`` heading its title, a byline
    under it its author), and what was done."""
    blocks = [(role, body) for role, body in _markdown_items(text) if body.strip()]
    notes: list[str] = []
    title = author = role = ""
    if blocks and blocks[0][0] == "heading1":
        title = join_lines(blocks.pop(0)[1].split("\n"))
        if blocks and blocks[0][0] == "paragraph":
            byline = parse_byline(join_lines(blocks[0][1].split("\n")))
            if byline:
                author, role = byline
                blocks.pop(0)
    items: list[LayoutItem] = []
    for kind, body in blocks:
        lines = body.split("\n")
        if kind in ("heading1", "heading"):
            items.append(HeadingText(join_lines(lines)))
        elif kind == "caption":
            items.append(CaptionText(join_lines(lines)))
        else:
            items.append(TextLine(lines[0].strip(), after_blank=True, new_paragraph=True))
            items.extend(TextLine(line.strip()) for line in lines[1:] if line.strip())
    article = assemble_article(items, front_matter=False)
    article = replace(article, title=title, author=author, author_role=role)
    if title:
        notes.append("title taken from the first # heading")
    return article, tuple(notes)


def _read_markdown(name: str, data: bytes) -> ReadResult:
    uploaded = read_upload(name, data)
    article, notes = markdown_article(uploaded.text)
    return ReadResult(article, "markdown", (f"decoded as {uploaded.encoding}", *notes))


# --------------------------------------------------------------------------- html


def _figure_captions(html: str) -> dict[str, str]:
    """``{image src: caption}`` from ``<figure><img><figcaption>``; the extractor drops them."""
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return {}
    captions: dict[str, str] = {}
    for figure in root.iter("figure"):
        caption = next(figure.iter("figcaption"), None)
        image = next(figure.iter("img"), None)
        src = image.get("src") if image is not None else None
        if caption is not None and src:
            captions[src] = " ".join(caption.text_content().split())
    return captions


def _read_html(name: str, data: bytes) -> ReadResult:
    import lxml.etree
    import trafilatura

    html = read_upload(name, data, MAX_HTML_BYTES).text
    captions = _figure_captions(html)
    try:
        xml = trafilatura.extract(
            html,
            output_format="xml",
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=True,
            include_links=False,
            include_formatting=False,
            deduplicate=False,
        )
    except Exception as exc:  # a parser failure on odd markup must not become a traceback
        raise UploadError(f"“{name}” could not be read as a web page ({exc}).") from exc
    if not xml:
        raise UploadError(
            f"“{name}” has no article text that could be found (the page may be only "
            "navigation, or its text may be loaded by scripts). Copy the article's text "
            "from the browser and paste it instead."
        )
    try:
        doc = lxml.etree.fromstring(xml.encode("utf-8"))
    except lxml.etree.XMLSyntaxError as exc:
        raise UploadError(f"“{name}” could not be read as a web page ({exc}).") from exc
    main = doc.find("main")
    if main is None:
        main = doc
    items: list[LayoutItem] = []
    n_captions = 0
    title = ""
    for element in main.iter("head", "p", "item", "quote", "cell", "graphic", "list", "row"):
        if element.tag == "graphic":
            caption = captions.get(element.get("src", ""))
            if caption:
                items.append(CaptionText(caption))
                n_captions += 1
            continue
        if element.tag in ("list", "row") or element.find("p") is not None:
            continue  # their items/cells/paragraphs are visited themselves
        text = " ".join("".join(element.itertext()).split())
        if not text:
            continue
        if element.tag == "head" and element.get("rend") == "h1" and not items and not title:
            title = text  # the page's <h1> opening the article is its title
        elif element.tag == "head":
            items.append(HeadingText(text))
        else:
            items.append(TextLine(text, after_blank=True, new_paragraph=True))
    article = assemble_article(items, front_matter=False)
    title = title or " ".join((doc.get("title") or "").split())
    authors = [a.strip() for a in (doc.get("author") or "").split(";") if a.strip()]
    article = replace(
        article,
        title=title,
        author=authors[0] if authors else "",
        author_role=", ".join(authors[1:]),
    )
    notes = ["main text kept; navigation, footers and scripts left out"]
    if n_captions:
        notes.append(f"{n_captions} figure captions set apart")
    return ReadResult(article, "html", tuple(notes))


# --------------------------------------------------------------------------- docx


def _style_role(paragraph) -> str:  # paragraph: docx.text.paragraph.Paragraph
    """title, heading, caption or paragraph, from the paragraph's style or what it is based on."""
    style = paragraph.style
    for _ in range(8):  # styles are based on styles; a loop in a broken file must end
        if style is None:
            break
        name = (style.name or "").lower()
        if name == "title":
            return "title"
        if name.startswith("heading"):
            return "heading"
        if name == "caption":
            return "caption"
        style = style.base_style
    return "paragraph"


def _docx_paragraphs(document) -> Iterator:
    """Body paragraphs in order, including those inside table cells."""
    from docx.table import Table

    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    yield from cell.paragraphs
        else:
            yield block


def _open_docx(name: str, data: bytes):
    import docx

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            names = {m.filename for m in members}
            unzipped = sum(m.file_size for m in members)
    except zipfile.BadZipFile as exc:
        raise UploadError(
            f"“{name}” is damaged: it is not a complete Word file ({exc}). "
            "Open it in Word and save it again."
        ) from exc
    if "word/document.xml" not in names:
        raise UploadError(
            f"“{name}” is a zip archive but not a Word document (it has no "
            "word/document.xml inside)."
        )
    if unzipped > MAX_DOCX_UNZIPPED_BYTES:
        raise UploadError(
            f"“{name}” unpacks to {unzipped / 1024 / 1024:.0f} MB; at most "
            f"{MAX_DOCX_UNZIPPED_BYTES / 1024 / 1024:.0f} MB can be read."
        )
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError/ValueError/XML errors on bad parts
        raise UploadError(f"“{name}” could not be read as a Word document ({exc}).") from exc


def _read_docx(name: str, data: bytes) -> ReadResult:
    document = _open_docx(name, data)
    title = author = role = ""
    items: list[LayoutItem] = []
    counts = {"heading": 0, "caption": 0}
    roles: dict[str | None, str] = {}  # style id -> role: style lookups are slow
    try:
        paragraphs = list(_docx_paragraphs(document))
        for paragraph in paragraphs:
            # Line breaks inside a paragraph become newlines; soft hyphens are invisible.
            text = paragraph.text.replace("\u00ad", "").replace("\t", " ")
            lines = [line.strip() for line in text.split("\n") if line.strip()]
            if not lines:
                continue
            style_id = paragraph._p.style  # the w:pStyle value, None for the default
            if style_id not in roles:
                roles[style_id] = _style_role(paragraph)
            role_of = roles[style_id]
            joined = join_lines(lines)
            if role_of == "title" and not title and not items:
                title = joined
                continue
            if title and not author and not items and (byline := parse_byline(joined)):
                author, role = byline
                continue
            if role_of in counts:
                counts[role_of] += 1
                kind = HeadingText if role_of == "heading" else CaptionText
                items.append(kind(joined))
                continue
            items.append(TextLine(lines[0], after_blank=True, new_paragraph=True))
            items.extend(TextLine(line) for line in lines[1:])
    except UploadError:
        raise
    except Exception as exc:  # a broken style or part deep in the file
        raise UploadError(f"“{name}” could not be read as a Word document ({exc}).") from exc
    article = assemble_article(items, front_matter=not title)
    if title:
        article = replace(article, title=title, author=author, author_role=role)
    notes = [f"{counts['heading']} headings and {counts['caption']} captions from their styles"]
    return ReadResult(article, "docx", tuple(notes))


# --------------------------------------------------------------------------- dispatch


def _read_pdf(name: str, data: bytes) -> ReadResult:
    from articlemap.pdf_layout import read_pdf_layout

    layout = read_pdf_layout(name, data, max_chars=MAX_TEXT_BYTES)
    if layout.title:
        article = assemble_article(layout.items, front_matter=False)
        article = replace(
            article, title=layout.title, author=layout.author, author_role=layout.author_role
        )
    else:
        article = assemble_article(layout.items)
    return ReadResult(article, "pdf", layout.notes)


_READERS = {
    "text": _read_text,
    "markdown": _read_markdown,
    "html": _read_html,
    "docx": _read_docx,
    "pdf": _read_pdf,
}


def read_document(name: str, data: bytes) -> ReadResult:
    """Read an uploaded document into a cleaned article, or raise :class:`UploadError`.

    ``name`` is the file's name as uploaded (its extension picks the reader and must agree
    with the bytes); every error message names it. File size limits are the caller's
    (``text_upload``); here the work is bounded by page and extracted-text limits.
    """
    kind = _check_kind(name, data)
    result = _READERS[kind](name, data)
    _check_text_size(name, result.article)
    _require_text(name, result.article, f"read as {kind}")
    return result

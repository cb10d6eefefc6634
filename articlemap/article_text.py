"""Clean the PDF-extracted article into blocks, and store it as Markdown.

The raw text (``geodata/article.raw.txt``) is a magazine-PDF extraction: words are hyphenated
across line breaks, a running page header ("Politics") is repeated on every page, page and
column breaks insert blank lines in the middle of sentences, and photo captions are dropped
into the middle of paragraphs (sometimes in the middle of a word). Event quotes in the dataset
must be verbatim substrings of the cleaned text, so the cleaning has to be *reproducible*:
it is done by the generic rules in :func:`clean_article`, and the few facts that cannot be
derived from the text itself (which lines start a caption, which lead sentences were bold
headings, what the running header says) live in a small :class:`LayoutHints` value.

The cleaner keeps every character of the article (typos, typographic quotes and dashes)
except line-break hyphens, running headers and surplus whitespace.

This module is pure Python (no Streamlit) so it can be used from the CLI, tests and the app.
"""

from __future__ import annotations

import itertools
import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from articlemap.paths import ARTICLE_MD, GEODATA_DIR, PROJECT_ROOT, RAW_ARTICLE

__all__ = [
    "DEFAULT_LAYOUT",
    "Article",
    "Block",
    "BlockKind",
    "CaptionText",
    "HeadingText",
    "LayoutHints",
    "LayoutItem",
    "TextLine",
    "assemble_article",
    "build_article_md",
    "clean_article",
    "ends_sentence",
    "from_markdown",
    "join_lines",
    "load_article",
    "parse_byline",
    "to_markdown",
]

BlockKind = Literal["heading", "paragraph", "caption"]
_KINDS: tuple[str, ...] = ("heading", "paragraph", "caption")


@dataclass(frozen=True)
class Block:
    """One unit of the article body; ``text`` is a single line with normalised spaces."""

    kind: BlockKind
    text: str

    def __post_init__(self) -> None:
        # Fail early: a typo in a kind would silently drop blocks from paragraphs()/captions().
        if self.kind not in _KINDS:
            raise ValueError(f"unknown block kind {self.kind!r}; expected one of {_KINDS}")


@dataclass(frozen=True)
class Article:
    """The cleaned article: metadata plus body blocks in document order.

    Captions are kept as blocks of their own (placed right after the paragraph they
    interrupted) so that they never split a paragraph and never leak into it.
    """

    title: str
    author: str
    author_role: str
    blocks: tuple[Block, ...]

    def _texts(self, kind: BlockKind) -> tuple[str, ...]:
        return tuple(b.text for b in self.blocks if b.kind == kind)

    def paragraphs(self) -> tuple[str, ...]:
        """Texts of the body paragraphs, in order."""
        return self._texts("paragraph")

    def captions(self) -> tuple[str, ...]:
        """Texts of the photo captions, in order."""
        return self._texts("caption")

    def headings(self) -> tuple[str, ...]:
        """Texts of the section headings, in order."""
        return self._texts("heading")

    def plain_text(self) -> str:
        """All blocks' texts joined by a blank line, in document order.

        This is *the* reference text: event quotes in the dataset must be verbatim
        substrings of it, and a quote never spans two blocks.
        """
        return "\n\n".join(b.text for b in self.blocks)

    def find(self, quote: str) -> tuple[int, int] | None:
        """Return ``(start, end)`` of the first occurrence of ``quote`` in :meth:`plain_text`.

        The search is done block by block, so a match that would straddle the block
        separator is not a match (quotes are taken from one block). ``None`` if not found
        or if ``quote`` is empty.
        """
        if not quote:
            return None
        offset = 0
        for block in self.blocks:
            idx = block.text.find(quote)
            if idx >= 0:
                return offset + idx, offset + idx + len(quote)
            offset += len(block.text) + 2  # the "\n\n" separator
        return None


@dataclass(frozen=True)
class LayoutHints:
    """Document-specific layout knowledge that cannot be derived from the text.

    * ``running_headers``: lines that are exactly one of these (after stripping) are page
      headers and are dropped wherever they occur.
    * ``caption_starts``: a line whose stripped text starts with one of these phrases begins a
      photo caption. The caption runs until the body resumes (see :func:`clean_article`).
    * ``headings``: lead sentences that were bold section headings in print; a paragraph equal
      to, or starting with, one of them is split into a heading block (+ the rest).

    The empty default means "plain text": no headers, captions or headings.
    """

    running_headers: tuple[str, ...] = ()
    caption_starts: tuple[str, ...] = ()
    headings: tuple[str, ...] = ()


def read_layout_hints(path: Path) -> LayoutHints:
    """Layout hints from a TOML file (lists ``running_headers``, ``caption_starts`` and
    ``headings``)."""
    table = tomllib.loads(path.read_text(encoding="utf-8"))
    return LayoutHints(
        running_headers=tuple(table.get("running_headers", ())),
        caption_starts=tuple(table.get("caption_starts", ())),
        headings=tuple(table.get("headings", ())),
    )


# The built-in article's own layout: it lives with the article in geodata/, not here.
DEFAULT_LAYOUT = read_layout_hints(GEODATA_DIR / "article_layout.toml")

# --------------------------------------------------------------------------- text rules

# Closing marks that may follow the sentence-final punctuation: «... Azerbaijan.”»
_CLOSERS = "”’\"')]»›"
_SENTENCE_END = ".!?…"
# A caption continues across a blank line when it ends with one of these (it is mid-sentence).
_CONTINUING_END = ",;:-–—"


def _normalise(text: str) -> str:
    """Collapse every run of whitespace (incl. newlines, NBSP, U+2028) to one space."""
    return " ".join(text.split())


def _ends_sentence(text: str) -> bool:
    """True when ``text`` ends with ``.``, ``!``, ``?`` or ``…``, maybe followed by quotes."""
    stripped = text.rstrip().rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _SENTENCE_END


ends_sentence = _ends_sentence  # for readers that judge layout by the text, e.g. PDF lines


def _ends_with_line_hyphen(text: str) -> bool:
    """True when ``text`` ends with a hyphen glued to a letter or digit ("ter-", "Nagorno-")."""
    return len(text) >= 2 and text[-1] == "-" and text[-2].isalnum()


_COMPOUND = re.compile(r"\w+(?:-\w+)+")
_LAST_WORD = re.compile(r"(\w+)-$")
_FIRST_WORD = re.compile(r"\w+")


def _compound_pairs(texts: Iterable[str]) -> frozenset[str]:
    """Hyphenated word pairs written inside lines ("post-war", "in-chief"), lowercased.

    A line-end "post-" + "war" is then known to be the compound the text uses elsewhere,
    not a word split by the typesetter.
    """
    pairs: set[str] = set()
    for text in texts:
        for compound in _COMPOUND.findall(text):
            parts = compound.lower().split("-")
            pairs.update(f"{a}-{b}" for a, b in itertools.pairwise(parts))
    return frozenset(pairs)


def _join_lines(left: str, right: str, compounds: frozenset[str] = frozenset()) -> str:
    """Join two stripped lines of the same paragraph, undoing line-break hyphenation.

    A hyphen at the end of ``left`` is a *typesetting* hyphen (dropped) when it follows a
    letter and ``right`` starts with a lowercase letter ("ter-" + "ritories"); otherwise it is
    a real hyphen that happened to fall at the line end and is kept, without a space
    ("Nagorno-" + "Karabakh", "12-" + "16", "44-" + "day"). It is kept too when the pair it
    makes is written with a hyphen elsewhere in the text (``compounds``: "post-" + "war").
    """
    if not left:
        return right
    if not right:
        return left
    if _ends_with_line_hyphen(left):
        if left[-2].isalpha() and right[0].islower():
            if compounds:
                last, first = _LAST_WORD.search(left), _FIRST_WORD.match(right)
                if last and first and f"{last[1]}-{first[0]}".lower() in compounds:
                    return left + right
            return left[:-1] + right
        return left + right
    return f"{left} {right}"


def join_lines(lines: Iterable[str]) -> str:
    """Join the lines of one block (a heading or caption set on several lines) like a paragraph."""
    text = ""
    for line in lines:
        text = _join_lines(text, line.strip())
    return _normalise(text)


def _continues(paragraph: str, next_line: str) -> bool:
    """Whether a fragment after a blank line still belongs to ``paragraph``.

    Page and column breaks insert blank lines mid-sentence, so a blank line only ends a
    paragraph when the text before it ends a sentence and the next fragment does not start
    lowercase. A trailing line-break hyphen always continues.
    """
    return (
        _ends_with_line_hyphen(paragraph)
        or not _ends_sentence(paragraph)
        or next_line[:1].islower()
    )


# --------------------------------------------------------------------------- line pass


@dataclass(frozen=True)
class TextLine:
    """A body line (stripped) and what separated it from the line before.

    ``after_blank``: one or more blank lines (or a page/column break) came first, so a
    paragraph *may* end here (decided by the text, see :func:`_continues`).
    ``new_paragraph``: the layout says for certain that a paragraph starts here (a document
    format with real paragraphs, or a PDF's paragraph spacing/indent), whatever the text says.
    """

    text: str
    after_blank: bool = False
    new_paragraph: bool = False


@dataclass(frozen=True)
class CaptionText:
    """A whole caption; it never joins a paragraph (emitted after the one it interrupts)."""

    text: str


@dataclass(frozen=True)
class HeadingText:
    """A whole section heading, known from the layout (a style, a bold or larger font)."""

    text: str


# What the readers of each file format (and the raw-text scanner below) hand to the assembly.
LayoutItem = TextLine | CaptionText | HeadingText


def _layout_sets(
    layout: LayoutHints,
) -> tuple[frozenset[str], tuple[str, ...], tuple[str, ...]]:
    """The hints with empty entries removed (an empty phrase would match every line)."""
    headers = frozenset(h.strip() for h in layout.running_headers if h.strip())
    starts = tuple(_normalise(s) for s in layout.caption_starts if s.strip())
    headings = tuple(_normalise(h) for h in layout.headings if h.strip())
    return headers, starts, headings


def _scan(
    lines: list[str], headers: frozenset[str], caption_starts: tuple[str, ...]
) -> Iterator[TextLine | CaptionText]:
    """Drop running headers, cut out captions, and mark blank-line breaks in the body.

    A caption starts at a line beginning with one of ``caption_starts`` and runs until the
    body resumes, which the extraction signals by a line starting with whitespace, a running
    header, another caption, or the end of the text. A caption continues over a blank line
    only if it is visibly mid-sentence: the next line starts lowercase or with a digit, or the
    caption so far ends with a comma/colon/dash. Blank lines between two captions belong to
    neither and are dropped, so the interrupted paragraph joins up again.
    """

    def is_caption_start(stripped: str) -> bool:
        return any(stripped.startswith(s) for s in caption_starts)

    def is_break(line: str) -> bool:
        stripped = line.strip()
        return line[:1].isspace() or stripped in headers or is_caption_start(stripped)

    n = len(lines)
    i = 0
    after_blank = False
    while i < n:
        line = lines[i]
        stripped = line.strip()
        if not stripped:
            after_blank = True
            i += 1
            continue
        if stripped in headers:
            i += 1
            continue
        if not is_caption_start(stripped):
            yield TextLine(stripped, after_blank)
            after_blank = False
            i += 1
            continue

        caption = stripped
        j = i + 1
        while j < n:
            cur = lines[j]
            if cur.strip():
                if is_break(cur):
                    break
                caption = _join_lines(caption, cur.strip())
                j += 1
                continue
            k = j
            while k < n and not lines[k].strip():
                k += 1
            if k == n:  # trailing blank lines: nothing more to read
                j = k
                break
            nxt = lines[k].strip()
            if is_caption_start(nxt):
                j = k  # drop the blank lines between two captions
                break
            if is_break(lines[k]):
                break
            if nxt[0].islower() or nxt[0].isdigit() or caption[-1] in _CONTINUING_END:
                j = k
                continue
            break
        yield CaptionText(_normalise(caption))
        i = j


# --------------------------------------------------------------------------- title/byline

_BYLINE = re.compile(r"^By\s+(?P<author>[^,]{1,80}?)\s*(?:,\s*(?P<role>.*))?$", re.DOTALL)
_MAX_TITLE_CHARS = 200


def _fix_caps(word: str) -> str:
    """'BAYRAMOV' -> 'Bayramov' (names are printed in capitals in bylines)."""
    if len(word) > 1 and word.isupper():
        return "-".join(part.capitalize() for part in word.split("-"))
    return word


def parse_byline(text: str) -> tuple[str, str] | None:
    """``(author, role)`` when ``text`` is a "By Name, Role" byline, else ``None``.

    Every word of the name must be capitalised (at most five words), so that a sentence such
    as "By the time ..." is not taken for a byline; names printed in capitals are recased.
    """
    match = _BYLINE.match(_normalise(text))
    if not match:
        return None
    name_words = match["author"].split()
    if not name_words or len(name_words) > 5 or not all(w[0].isupper() for w in name_words):
        return None
    return " ".join(_fix_caps(w) for w in name_words), _normalise(match["role"] or "")


def _split_front_matter(
    items: list[LayoutItem],
) -> tuple[str, str, str, list[LayoutItem]]:
    """Take a leading title and "By Name, Role" byline off the item stream, if present.

    The title is the one or two blank-separated fragments before a byline fragment; it must
    be short and not end a sentence, and every word of the name must be capitalised, so
    that a plain text whose second paragraph starts with "By the time ..." is left alone.
    Without a byline there is no title: the text is treated as body only.
    """
    fragments: list[tuple[str, int]] = []  # (text, index of the item after the fragment)
    text = ""
    for idx, item in enumerate(items):
        if not isinstance(item, TextLine):
            break
        if (item.after_blank or item.new_paragraph) and text:
            fragments.append((text, idx))
            text = ""
            if len(fragments) == 3:
                break
        text = _join_lines(text, item.text)
    else:
        if text:
            fragments.append((text, len(items)))

    for k in (1, 2):
        if k >= len(fragments):
            break
        byline = parse_byline(fragments[k][0])
        title = _normalise(" ".join(f for f, _ in fragments[:k]))
        if (
            byline
            and len(title) <= _MAX_TITLE_CHARS
            and not any(_ends_sentence(f) for f, _ in fragments[:k])
        ):
            author, role = byline
            return title, author, role, items[fragments[k][1] :]
    return "", "", "", items


# --------------------------------------------------------------------------- assembly


def _paragraph_blocks(text: str, headings: tuple[str, ...]) -> list[Block]:
    """Turn one assembled paragraph into blocks, splitting off a run-in heading."""
    text = _normalise(text)
    for heading in headings:
        if text == heading:
            return [Block("heading", heading)]
        if text.startswith(heading + " "):
            return [Block("heading", heading), Block("paragraph", text[len(heading) + 1 :])]
    return [Block("paragraph", text)]


def assemble_article(
    items: Iterable[LayoutItem], headings: tuple[str, ...] = (), *, front_matter: bool = True
) -> Article:
    """Build the article from a stream of lines, captions and headings in reading order.

    This is the one place where lines become paragraphs, for every input format: lines are
    joined undoing line-break hyphens, a break (``after_blank``) ends a paragraph only when
    the text allows it, ``new_paragraph`` always does, captions go right after the paragraph
    they interrupted, and ``headings`` (normalised texts) split run-in headings off
    paragraphs. A line-end hyphen before a lowercase word is kept when the text writes that
    pair with a hyphen elsewhere ("post-" + "war" where "post-war" occurs). With
    ``front_matter`` a leading title + byline becomes the metadata.
    """
    body = list(items)
    compounds = _compound_pairs(item.text for item in body if isinstance(item, TextLine))
    title = author = role = ""
    if front_matter:
        title, author, role, body = _split_front_matter(body)

    blocks: list[Block] = []
    pending: list[Block] = []
    current = ""

    def close() -> None:
        nonlocal current
        if current:
            blocks.extend(_paragraph_blocks(current, headings))
        blocks.extend(pending)
        pending.clear()
        current = ""

    for item in body:
        if isinstance(item, HeadingText):
            close()
            if text := _normalise(item.text):
                blocks.append(Block("heading", text))
            continue
        if isinstance(item, CaptionText):
            text = _normalise(item.text)
            if not text:
                continue
            caption = Block("caption", text)
            if current:
                pending.append(caption)  # the interrupted paragraph goes first
            else:
                blocks.append(caption)
            continue
        if current and (
            item.new_paragraph or (item.after_blank and not _continues(current, item.text))
        ):
            close()
        current = _join_lines(current, item.text, compounds)
    close()
    return Article(title=title, author=author, author_role=role, blocks=tuple(blocks))


def clean_article(raw: str, layout: LayoutHints = DEFAULT_LAYOUT) -> Article:
    """Clean a PDF-extracted (or plainly pasted) article into an :class:`Article`.

    Generic rules, applied in this order:

    1. Line ends are normalised; lines that are exactly a running header are dropped.
    2. Captions (located by ``layout.caption_starts``) are cut out of the line stream and
       kept as caption blocks, emitted right after the paragraph they interrupted.
    3. A leading title + "By Name, Role" byline, if present, becomes the metadata.
    4. Lines of a fragment are joined with a space, undoing line-break hyphens (dropped
       before a lowercase letter, kept before an uppercase letter, a digit or after a digit).
       Fragments separated by blank lines are joined the same way unless the first ends a
       sentence and the next does not start lowercase (page/column breaks fall mid-sentence).
    5. Whitespace runs become one space; all other characters are kept verbatim.
    6. A paragraph equal to / starting with a ``layout.headings`` text yields a heading block.

    With ``LayoutHints()`` the text is treated as plain paragraphs separated by blank lines.
    Steps 3-6 are :func:`assemble_article`, shared with the readers of other file formats.
    """
    headers, caption_starts, headings = _layout_sets(layout)
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return assemble_article(_scan(lines, headers, caption_starts), headings)


# --------------------------------------------------------------------------- markdown

_CAPTION_PREFIX = "> *Caption:* "
_HEADING_PREFIX = "## "
_TITLE_PREFIX = "# "
_BYLINE_PREFIX = "*By "
# A paragraph starting with one of these would be read back as something else: escape it
# with a backslash, which is also valid Markdown escaping for display.
_ESCAPE_FIRST = "#>*\\<"


def _source_comment(source: str) -> str:
    return (
        f"<!-- Generated by `python -m articlemap build-article` from {source}. "
        "Do not edit by hand: change the rules or LayoutHints in "
        "articlemap/article_text.py and rebuild. -->"
    )


def to_markdown(article: Article, source: str | None = "geodata/article.raw.txt") -> str:
    """Render the article as Markdown (one line per block), readable and diffable.

    ``source`` names the raw file in a leading "generated" HTML comment (``None``: no
    comment). :func:`from_markdown` reads the result back exactly.
    """
    out: list[str] = []
    if source is not None:
        out.append(_source_comment(source))
    if article.title:
        out.append(_TITLE_PREFIX + article.title)
    if article.author:
        byline = article.author + (f", {article.author_role}" if article.author_role else "")
        out.append(f"{_BYLINE_PREFIX}{byline}*")
    for block in article.blocks:
        if block.kind == "heading":
            out.append(_HEADING_PREFIX + block.text)
        elif block.kind == "caption":
            out.append(_CAPTION_PREFIX + block.text)
        else:
            text = block.text
            out.append("\\" + text if text and text[0] in _ESCAPE_FIRST else text)
    return "\n\n".join(out) + "\n"


def from_markdown(md: str) -> Article:
    """Parse Markdown written by :func:`to_markdown` (leading HTML comments are ignored)."""
    lines = [line.rstrip("\r") for line in md.split("\n")]
    i = 0
    # Skip blank lines and HTML comments before the content.
    while i < len(lines):
        stripped = lines[i].strip()
        if not stripped:
            i += 1
        elif stripped.startswith("<!--"):
            while i < len(lines) and "-->" not in lines[i]:
                i += 1
            i += 1
        else:
            break

    title = author = role = ""
    blocks: list[Block] = []
    for line in lines[i:]:
        if not line.strip():
            continue
        front = not blocks and not author
        if front and not title and line.startswith(_TITLE_PREFIX):
            title = line[len(_TITLE_PREFIX) :]
        elif front and line.startswith(_BYLINE_PREFIX) and line.endswith("*") and len(line) > 4:
            author, _, role = line[len(_BYLINE_PREFIX) : -1].partition(", ")
        elif line.startswith(_HEADING_PREFIX):
            blocks.append(Block("heading", line[len(_HEADING_PREFIX) :]))
        elif line.startswith(_CAPTION_PREFIX):
            blocks.append(Block("caption", line[len(_CAPTION_PREFIX) :]))
        elif line.startswith("\\"):
            blocks.append(Block("paragraph", line[1:]))
        else:
            blocks.append(Block("paragraph", line))
    return Article(title=title, author=author, author_role=role, blocks=tuple(blocks))


# --------------------------------------------------------------------------- files


def load_article(path: Path | str = ARTICLE_MD) -> Article:
    """Read the committed, cleaned article (``geodata/article.md``)."""
    return from_markdown(Path(path).read_text(encoding="utf-8"))


def _display_path(path: Path) -> str:
    try:
        return path.resolve().relative_to(PROJECT_ROOT).as_posix()
    except ValueError:
        return path.name


def build_article_md(
    raw_path: Path | str = RAW_ARTICLE,
    out_path: Path | str = ARTICLE_MD,
    layout: LayoutHints = DEFAULT_LAYOUT,
) -> Article:
    """Clean ``raw_path`` and write the Markdown to ``out_path`` (LF line ends, UTF-8).

    The raw file is only read, never modified, so the cleaning can always be redone.
    """
    raw_path = Path(raw_path)
    article = clean_article(raw_path.read_text(encoding="utf-8"), layout)
    md = to_markdown(article, source=_display_path(raw_path))
    Path(out_path).write_text(md, encoding="utf-8", newline="\n")
    return article

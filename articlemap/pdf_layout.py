"""Read a PDF's text in reading order, from the position, size and font of every character.

Text extraction without layout gives what ``geodata/article.raw.txt`` shows: the two columns
of a magazine page interleaved or run together, the running header ("Politics") and page
numbers in the middle of sentences, photo captions dropped into paragraphs. Here the page
geometry decides instead:

* characters on one baseline form a row; a vertical gutter that (almost) no row crosses
  splits the page into columns, read left then right (recursively, so three columns work);
  a row that crosses the gutter (a title) is read where it stands;
* a line that repeats at the top or bottom of many pages (digits ignored), or a lone page
  number there, is a running header or footer and is left out;
* the body font is the most common size; lines set smaller, or starting "Photo:", are
  captions; lines set bold or larger are headings; the largest text on the first page,
  above the body, is the title, and a "By Name, Role" block below it the byline;
* a paragraph starts where the line spacing widens or the first line is indented; at a
  column or page break the text decides (see ``article_text._continues``), unless the
  document indents its paragraphs, in which case an unindented line continues.

The result is a stream of :mod:`articlemap.article_text` layout items; joining lines and
undoing line-break hyphens is the shared assembly's job, not this module's.
"""

from __future__ import annotations

import io
import itertools
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from articlemap.article_text import (
    CaptionText,
    HeadingText,
    LayoutItem,
    TextLine,
    ends_sentence,
    join_lines,
    parse_byline,
)
from articlemap.text_upload import UploadError

__all__ = ["MAX_PDF_PAGES", "PdfLayout", "read_pdf_layout"]

MAX_PDF_PAGES = 300

# Ligature glyphs that PDFs often carry as one character.
_LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_PAGE_NUMBER = re.compile(
    r"^[\W_]*(?:page\s*)?(?:\d{1,4}|(?=[ivxlc])x{0,3}(?:ix|iv|v?i{0,3}))"
    r"(?:\s*(?:of|/)\s*\d{1,4})?[\W_]*$",
    re.IGNORECASE,
)
_CAPTION_LINE = re.compile(
    r"^(?:photo(?:graph)?s?|picture|image|figure|fig\.|source|credit)\b\s*(?:by\b|[:.–—-])",
    re.IGNORECASE,
)
# Share of a page's height, from the top or bottom edge, where running headers may sit.
_MARGIN_ZONE = 0.12


@dataclass(frozen=True, slots=True)
class _Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool


@dataclass
class _Line:
    """One line of one column: its words, box and dominant style."""

    page: int
    column: int  # reading-order index of the column on its page (0 = full width rows too)
    n_chars: int
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    role: str = "body"  # body, caption, heading, header, title, byline


@dataclass(frozen=True)
class PdfLayout:
    """What the PDF says about the article, ready for ``assemble_article``."""

    items: tuple[LayoutItem, ...]
    title: str = ""
    author: str = ""
    author_role: str = ""
    notes: tuple[str, ...] = field(default=())


# --------------------------------------------------------------------------- opening


def _open(name: str, data: bytes):
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    if b"%%EOF" not in data[-4096:]:
        raise UploadError(
            f"“{name}” is incomplete: the end of the PDF is missing (was the download or "
            "copy interrupted?). Download or export it again."
        )
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        n_pages = len(pdf.pages)
    except Exception as exc:
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if isinstance(cause, PDFPasswordIncorrect) or "password" in repr(cause).lower():
            raise UploadError(
                f"“{name}” is protected by a password, so its text cannot be read. Remove "
                "the protection (print it to a new PDF) and upload that file."
            ) from exc
        raise UploadError(
            f"“{name}” could not be read as a PDF: it seems damaged ({type(cause).__name__})."
        ) from exc
    if n_pages > MAX_PDF_PAGES:
        pdf.close()
        raise UploadError(
            f"“{name}” has {n_pages} pages; at most {MAX_PDF_PAGES} can be read. "
            "Save the pages with the article as a separate PDF and upload that."
        )
    return pdf


def _layout_chars(container) -> Iterator:
    """pdfminer's character objects in a layout tree (flat without layout analysis)."""
    from pdfminer.layout import LTChar

    for obj in container:
        if isinstance(obj, LTChar):
            yield obj
        elif hasattr(obj, "__iter__") and not isinstance(obj, str):
            yield from _layout_chars(obj)


def _page_chars(page) -> tuple[list[_Char], int]:
    """The page's upright characters (duplicates from fake-bold overprinting removed).

    Read from pdfplumber's pdfminer layout rather than ``page.chars``: the same positions,
    without building a dictionary of every graphics attribute per character (half the time).
    """
    layout = page.layout
    page_top = layout.y1  # pdfminer measures up from the bottom; rows are read downwards
    # Characters off the page are invisible; bounding them also bounds the column search.
    x_min, y_min, x_max, y_max = layout.x0 - 1, layout.y0 - 1, layout.x1 + 1, layout.y1 + 1
    chars: list[_Char] = []
    seen: set[tuple[str, int, int]] = set()
    rotated = 0
    bold_of: dict[str, bool] = {}  # font name -> bold, looked up once per font
    for c in _layout_chars(layout):
        if not c.upright:
            rotated += 1
            continue
        if not (x_min <= c.x0 <= c.x1 <= x_max and y_min <= c.y0 <= c.y1 <= y_max and c.size < 500):
            continue
        text = c.get_text()
        if text == "\u00a0":
            text = " "
        text = _LIGATURES.get(text, text)
        top = page_top - c.y1
        key = (text, round(c.x0 * 2), round(top * 2))
        if key in seen:
            continue
        seen.add(key)
        font = c.fontname or ""
        if font not in bold_of:
            bold_of[font] = bool(_BOLD_FONT.search(font))
        chars.append(
            _Char(
                text=text,
                x0=float(c.x0),
                x1=float(c.x1),
                top=float(top),
                bottom=float(page_top - c.y0),
                size=round(float(c.size), 1),
                bold=bold_of[font],
            )
        )
    return chars, rotated


# --------------------------------------------------------------------------- rows and words


@dataclass
class _Word:
    chars: list[_Char]
    x0: float
    x1: float


def _rows(chars: list[_Char]) -> list[list[_Char]]:
    """Characters grouped by baseline (bottom edge), each row sorted left to right."""
    rows: list[list[_Char]] = []
    ref = None
    for c in sorted(chars, key=lambda c: (c.bottom, c.x0)):
        if ref is None or c.bottom - ref > max(1.0, 0.35 * c.size):
            rows.append([])
            ref = c.bottom
        rows[-1].append(c)
    for row in rows:
        row.sort(key=lambda c: c.x0)
    return rows


def _words(row: list[_Char]) -> list[_Word]:
    """Split a row at spaces and at gaps wider than a fifth of the font size."""
    words: list[_Word] = []
    current: list[_Char] = []
    for c in row:
        if c.text.isspace() or not c.text:
            if current:
                words.append(_Word(current, current[0].x0, current[-1].x1))
            current = []
            continue
        if current and c.x0 - current[-1].x1 > 0.2 * max(c.size, current[-1].size):
            words.append(_Word(current, current[0].x0, current[-1].x1))
            current = []
        current.append(c)
    if current:
        words.append(_Word(current, current[0].x0, current[-1].x1))
    return words


# --------------------------------------------------------------------------- columns


def _gutter(
    rows: list[list[_Word]], size: float, bounds: tuple[float, float]
) -> tuple[float, float] | None:
    """The widest vertical strip that no row's words cover, if it splits two columns.

    Coverage is counted per row, leaving out rows set large (titles). A strip that no row
    crosses is looked for first; failing that, one that up to a tenth of the rows cross
    (a byline or figure caption across the page). The strip must
    lie in the middle 70% of the text and be wider than a word space (1 em); see
    :func:`_splits_columns` for what must lie on either side.
    """
    boxes = [(w.x0, w.x1) for row in rows for w in row]
    if len(rows) < 2 or not boxes:
        return None
    left = min(b[0] for b in boxes)
    right = max(b[1] for b in boxes)
    width = right - left
    if width < 10 * size:
        return None
    n_bins = int(width) + 1
    coverage = [0] * (n_bins + 1)
    # Titles set large run across the columns below them; they are placed by _split_row.
    text_rows = [row for row in rows if row[0].chars[0].size <= 1.3 * size]
    for row in text_rows:
        covered: list[tuple[int, int]] = sorted(
            (int(w.x0 - left), int(w.x1 - left) + 1) for w in row
        )
        merged: list[list[int]] = []
        for a, b in covered:
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        for a, b in merged:
            coverage[max(a, 0)] += 1
            coverage[min(b, n_bins)] -= 1
    running = 0
    counts = []
    for i in range(n_bins):
        running += coverage[i]
        counts.append(running)
    lo, hi = int(0.15 * width), int(0.85 * width)
    # A clean gutter first; then one that a tenth of the rows may cross (titles, figures).
    for tolerance in sorted({0, len(text_rows) // 10}):
        runs: list[tuple[int, int]] = []
        start = None
        for i in range(lo, hi + 1):
            free = i < hi and counts[i] <= tolerance
            if free and start is None:
                start = i
            elif not free and start is not None:
                runs.append((start, i))
                start = None
        # The strip most rows have text on both sides of, then the widest: beside a last
        # column that holds one short line, the widest strip runs from that line to the page
        # number in the corner, inside the column, and the line would be read into the row
        # of the left column beside it ("self-det- ermination." across the gutter).
        wide = [(left + a, left + b) for a, b in runs if b - a >= max(6.0, size)]
        for gutter in sorted(wide, key=lambda g: (-_rows_across(text_rows, g), g[0] - g[1])):
            if _splits_columns(rows, gutter, size, bounds):
                return gutter
    return None


def _rows_across(rows: list[list[_Word]], gutter: tuple[float, float]) -> int:
    """How many rows have words on both sides of a strip."""
    g0, g1 = gutter
    return sum(
        1 for row in rows if any(w.x1 <= g0 + 1 for w in row) and any(w.x0 >= g1 - 1 for w in row)
    )


def _splits_columns(
    rows: list[list[_Word]], gutter: tuple[float, float], size: float, bounds: tuple[float, float]
) -> bool:
    """Whether a free strip separates two columns: text on both sides, each wide enough.

    Both sides must be at least 8 em wide, measured to the bounds of the region (a last
    column may hold one short line): in the ragged lines of one narrow column, a gap that
    runs down a few rows is not a gutter.
    """
    g0, g1 = gutter
    if g0 - bounds[0] < 8 * size or bounds[1] - g1 < 8 * size:
        return False
    left_rows = sum(1 for row in rows if any(w.x1 <= g0 + 1 for w in row))
    right_rows = sum(1 for row in rows if any(w.x0 >= g1 - 1 for w in row))
    return left_rows >= 2 and right_rows >= 1


def _split_row(row: list[_Word], g0: float, g1: float) -> tuple[list[_Word], list[_Word]] | None:
    """A row's words left and right of the gutter, or ``None`` when the row spans it."""
    mid = (g0 + g1) / 2
    left = [w for w in row if w.x1 <= mid]
    right = [w for w in row if w.x0 >= mid]
    if len(left) + len(right) < len(row):
        return None  # a word crosses the gutter
    if left and right:
        gap = right[0].x0 - left[-1].x1
        size = max(left[-1].chars[-1].size, right[0].chars[0].size)
        if gap < 0.6 * size:
            return None  # an ordinary word space that happens to fall on the gutter
    return left, right


def _columns(
    rows: list[list[_Word]], size: float, bounds: tuple[float, float], depth: int = 0
) -> list[list[list[_Word]]]:
    """Rows grouped into reading-order regions: full-width rows, then each column's rows.

    A row that spans the gutter cuts the page into bands; within a band the left column is
    read before the right one. Each column is split again if it has a gutter of its own.
    ``bounds`` are the left and right edges of the region (for a page: its text margins).
    """
    gutter = _gutter(rows, size, bounds) if depth < 3 else None
    if gutter is None:
        return [rows]
    g0, g1 = gutter
    regions: list[list[list[_Word]]] = []
    left: list[list[_Word]] = []
    right: list[list[_Word]] = []

    def flush() -> None:
        for column, edges in ((left, (bounds[0], g0)), (right, (g1, bounds[1]))):
            if column:
                regions.extend(_columns(list(column), size, edges, depth + 1))
                column.clear()

    for row in rows:  # rows are in top-to-bottom order
        parts = _split_row(row, g0, g1)
        if parts is None:
            flush()
            regions.append([row])
            continue
        if parts[0]:
            left.append(parts[0])
        if parts[1]:
            right.append(parts[1])
    flush()
    return regions


def _make_line(page: int, column: int, words: list[_Word]) -> _Line:
    chars = [c for w in words for c in w.chars]
    sizes = Counter(c.size for c in chars)
    bold = sum(1 for c in chars if c.bold and c.text.isalnum())
    alnum = sum(1 for c in chars if c.text.isalnum())
    return _Line(
        page=page,
        column=column,
        n_chars=len(chars),
        text=" ".join("".join(c.text for c in w.chars) for w in words),
        x0=words[0].x0,
        x1=words[-1].x1,
        top=min(c.top for c in chars),
        bottom=max(c.bottom for c in chars),
        size=sizes.most_common(1)[0][0],
        bold=alnum > 0 and bold >= 0.8 * alnum,
    )


# --------------------------------------------------------------------------- classification


def _header_key(text: str) -> str:
    """What a running line looks like on every page: digits masked, page number left off."""
    key = re.sub(r"\d+", "#", " ".join(text.lower().split()))
    return re.sub(r"^#\s+|\s+#$", "", key)


def _edge_lines(lines: list[_Line], height: float) -> list[_Line]:
    """Lines in the top or bottom margin zone with no other line above (resp. below) them."""
    if not lines:
        return []
    zone = _MARGIN_ZONE * height
    highest = min(ln.top for ln in lines)
    lowest = max(ln.bottom for ln in lines)
    return [
        ln
        for ln in lines
        if (ln.top < zone and ln.top - highest < 2)
        or (ln.bottom > height - zone and lowest - ln.bottom < 2)
    ]


def _isolated(line: _Line, lines: list[_Line]) -> bool:
    """Set smaller than the page's text and well apart from the lines above or below it."""
    others = [ln for ln in lines if ln.bottom < line.top or ln.top > line.bottom]
    if not others:
        return False
    size = statistics.median(ln.size for ln in others)
    gap = min(max(ln.top - line.bottom, line.top - ln.bottom) for ln in others)
    return line.size < size - 0.5 and gap > 1.5 * size


def _mark_running_lines(pages: list[list[_Line]], heights: list[float]) -> tuple[int, int]:
    """Mark running headers/footers and page numbers; return (pages with headers, numbers).

    A header repeats (digits ignored) in the margin zone of at least 40% of the pages. A page
    number is a lone number there, or a top/bottom line that starts or ends with the page's
    own number. A one-page document has nothing to repeat, so there a small line standing
    apart at the very top or bottom counts as a header.
    """
    in_zone: list[list[_Line]] = []
    for lines, height in zip(pages, heights, strict=True):
        zone = _MARGIN_ZONE * height
        in_zone.append([ln for ln in lines if ln.top < zone or ln.bottom > height - zone])
    seen_on: Counter[str] = Counter()
    for lines in in_zone:
        seen_on.update({_header_key(ln.text) for ln in lines})
    n_pages = sum(1 for lines in pages if lines)
    needed = max(2, round(0.4 * n_pages))
    header_pages = number_pages = 0
    for number, (lines, zone_lines, height) in enumerate(zip(pages, in_zone, heights, strict=True)):
        edges = {id(ln) for ln in _edge_lines(lines, height)}
        label = str(number + 1)
        had_header = had_number = False
        for ln in zone_lines:
            tokens = ln.text.split()
            on_edge = id(ln) in edges
            if _PAGE_NUMBER.match(ln.text) or (on_edge and label in (tokens[0], tokens[-1])):
                ln.role = "header"
                had_number = True
            elif (n_pages >= 2 and seen_on[_header_key(ln.text)] >= needed) or (
                n_pages == 1 and on_edge and _isolated(ln, lines)
            ):
                ln.role = "header"
                had_header = True
        header_pages += had_header
        number_pages += had_number
    return header_pages, number_pages


def _body_size(lines: Iterable[_Line]) -> float:
    sizes: Counter[float] = Counter()
    for ln in lines:
        sizes[ln.size] += ln.n_chars
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _classify(lines: list[_Line], body_size: float, body_bold: bool) -> None:
    for ln in lines:
        if ln.role != "body":
            continue
        if ln.size < body_size - 0.5 or _CAPTION_LINE.match(ln.text):
            ln.role = "caption"
        elif ln.size > body_size * 1.15 or (ln.bold and not body_bold):
            ln.role = "heading"


def _groups(lines: list[_Line]) -> list[list[_Line]]:
    """Consecutive lines of one role, page and column, without a wide gap, as one block."""
    groups: list[list[_Line]] = []
    for ln in lines:
        if groups:
            prev = groups[-1][-1]
            gap = ln.top - prev.bottom
            if (
                prev.role == ln.role
                and prev.page == ln.page
                # A block set across the page continues in the column below it when aligned.
                and (prev.column == ln.column or (gap >= -1 and abs(prev.x0 - ln.x0) < 2))
                and gap < 0.9 * ln.size
                and abs(prev.size - ln.size) < 0.5
                and (ln.role != "caption" or not _CAPTION_LINE.match(ln.text))
            ):
                groups[-1].append(ln)
                continue
        groups.append([ln])
    return groups


def _find_front_matter(groups: list[list[_Line]], body_size: float) -> tuple[str, str, str, int]:
    """Title, author, role and how many leading groups they took.

    The title is the first group on the first page with text when it is set at least 30%
    larger than the body and nothing on that page before the body is larger.
    """
    if not groups:
        return "", "", "", 0
    first_page = groups[0][0].page
    leading = [g for g in groups if g[0].page == first_page]
    head = groups[0]
    largest = max((ln.size for g in leading for ln in g), default=0.0)
    if head[0].role not in ("heading", "caption") or head[0].size < 1.3 * body_size:
        return "", "", "", 0
    if head[0].size < largest:
        return "", "", "", 0
    for ln in head:
        ln.role = "title"
    title = join_lines(ln.text for ln in head)
    if len(groups) > 1 and sum(len(ln.text) for ln in groups[1]) <= 300:
        byline = parse_byline(join_lines(ln.text for ln in groups[1]))
        if byline:
            for ln in groups[1]:
                ln.role = "byline"
            return title, byline[0], byline[1], 2
    return title, "", "", 1


# --------------------------------------------------------------------------- paragraphs


def _margins(lines: list[_Line]) -> dict[tuple[int, int], float]:
    """Left edge of each (page, column): where its leftmost body line starts."""
    margins: dict[tuple[int, int], float] = {}
    for ln in lines:
        if ln.role == "body":
            key = (ln.page, ln.column)
            margins[key] = min(margins.get(key, ln.x0), ln.x0)
    return margins


def _pitch(lines: list[_Line], body_size: float) -> float:
    """The usual distance from one body line to the next in a column.

    A low quantile rather than the median: in an article of short paragraphs most steps
    may be paragraph breaks.
    """
    deltas = sorted(
        ln.top - prev.top
        for prev, ln in itertools.pairwise(lines)
        if prev.role == ln.role == "body"
        and (prev.page, prev.column) == (ln.page, ln.column)
        and 0 < ln.top - prev.top < 3 * body_size
    )
    return deltas[len(deltas) // 4] if deltas else 1.2 * body_size


def _body_items(groups: list[list[_Line]], body_size: float) -> tuple[list[LayoutItem], bool]:
    """Layout items in reading order; also whether the document indents its paragraphs."""
    lines = [ln for g in groups for ln in g]
    margins = _margins(lines)
    right_edges: dict[tuple[int, int], float] = {}
    for ln in lines:
        if ln.role == "body":
            key = (ln.page, ln.column)
            right_edges[key] = max(right_edges.get(key, ln.x1), ln.x1)
    pitch = _pitch(lines, body_size)

    def indented(ln: _Line) -> bool:
        margin = margins.get((ln.page, ln.column), ln.x0)
        return 0.8 * ln.size <= ln.x0 - margin <= 6 * ln.size

    def starts_paragraph(ln: _Line, prev: _Line | None, same_column: bool) -> bool:
        """An indented line after an unindented, a short (last) or a sentence-final line.

        An indented line after a full indented line that runs on mid-sentence is the next
        line of an indented block (a quotation), not a new paragraph.
        """
        if not indented(ln):
            return False
        if not same_column or prev is None or not indented(prev):
            return True
        short = prev.x1 < right_edges[(prev.page, prev.column)] - 2 * prev.size
        return short or ends_sentence(prev.text)

    # First pass: where spacing alone says a paragraph starts, and how those lines look.
    prev: _Line | None = None
    gap_starts = gap_starts_indented = indented_lines = 0
    for ln in lines:
        if ln.role == "body":
            indented_lines += indented(ln)
            if (
                prev is not None
                and (prev.page, prev.column) == (ln.page, ln.column)
                and 1.45 * pitch < ln.top - prev.top <= 3.2 * pitch
            ):
                gap_starts += 1
                gap_starts_indented += indented(ln)
        prev = ln if ln.role == "body" else None
    # Documents with paragraph spacing may indent too; without spacing, indents are the sign.
    indent_style = gap_starts_indented >= 0.7 * gap_starts if gap_starts else indented_lines >= 3

    items: list[LayoutItem] = []
    prev = None  # the body line before, unless something came in between
    for group in groups:
        role = group[0].role
        if role in ("header", "title", "byline"):
            continue
        if role in ("caption", "heading"):
            kind = CaptionText if role == "caption" else HeadingText
            items.append(kind(join_lines(ln.text for ln in group)))
            prev = None
            continue
        for ln in group:
            same_column = prev is not None and (prev.page, prev.column) == (ln.page, ln.column)
            delta = ln.top - prev.top if same_column and prev is not None else 0.0
            starts = starts_paragraph(ln, prev, same_column)
            if starts or (same_column and 1.45 * pitch < delta <= 3.2 * pitch):
                items.append(TextLine(ln.text, after_blank=True, new_paragraph=True))
            elif (same_column and delta <= 1.45 * pitch) or indent_style:
                # The next line of the paragraph; in a document that indents its paragraphs,
                # an unindented line after a column break or a picture continues it too.
                items.append(TextLine(ln.text))
            elif prev is not None and prev.x1 >= right_edges[(prev.page, prev.column)] - (
                2 * prev.size
            ):
                # After a column or page break, below a line that runs to the column's edge:
                # the paragraph goes on (its last line would be short), even when that line
                # happens to end a sentence and the next one starts with a capital.
                items.append(TextLine(ln.text))
            else:
                items.append(TextLine(ln.text, after_blank=True))  # the text will decide
            prev = ln
    return items, indent_style


# --------------------------------------------------------------------------- entry point


def read_pdf_layout(name: str, data: bytes, max_chars: int) -> PdfLayout:
    """The PDF's text as layout items; raises ``UploadError`` naming ``name`` when it can't."""
    pdf = _open(name, data)
    pages: list[list[_Line]] = []
    heights: list[float] = []
    total_chars = rotated = 0
    multi_column_pages = 0
    empty_pages = 0
    try:
        for number, page in enumerate(pdf.pages):
            try:
                chars, turned = _page_chars(page)
                height, width = float(page.height), float(page.width)
            except Exception as exc:
                raise UploadError(
                    f"“{name}” could not be read: page {number + 1} is damaged "
                    f"({type(exc).__name__})."
                ) from exc
            finally:
                page.close()
            rotated += turned
            total_chars += len(chars)
            if total_chars > max_chars:
                raise UploadError(
                    f"“{name}” holds more than {max_chars / 1024 / 1024:.1f} MB of text "
                    f"(reached on page {number + 1}). Upload only the article's pages."
                )
            visible = [c for c in chars if not c.text.isspace()]
            heights.append(height)
            if not visible:
                empty_pages += 1
                pages.append([])
                continue
            size = statistics.median(c.size for c in visible)
            rows = [w for w in (_words(r) for r in _rows(chars)) if w]
            # The text's margins, taken as symmetric: a short last column still counts.
            left_edge = min(w.x0 for row in rows for w in row)
            right_edge = max(max(w.x1 for row in rows for w in row), width - left_edge)
            regions = _columns(rows, size, (left_edge, right_edge))
            columns_here = sum(1 for r in regions if len(r) > 1)
            multi_column_pages += columns_here > 1
            pages.append(
                [
                    _make_line(number, index, row)
                    for index, region in enumerate(regions)
                    for row in region
                ]
            )
    finally:
        pdf.close()

    if not any(pages):
        raise UploadError(
            f"“{name}” has no text layer: its pages are pictures (a scan or photographs), "
            "and reading text from pictures is not supported. Export the article as text "
            "or PDF from the program that made it, or paste its text."
        )
    header_pages, number_pages = _mark_running_lines(pages, heights)
    lines = [ln for page in pages for ln in page]
    body_size = _body_size(ln for ln in lines if ln.role == "body")
    body_lines = [ln for ln in lines if ln.role == "body" and abs(ln.size - body_size) < 0.5]
    body_bold = sum(ln.bold for ln in body_lines) > 0.5 * len(body_lines)
    _classify(lines, body_size, body_bold)
    groups = _groups(lines)
    title, author, role, _ = _find_front_matter(
        [g for g in groups if g[0].role != "header"], body_size
    )
    items, indent_style = _body_items(groups, body_size)

    notes: list[str] = [f"{len(pages)} pages read"]
    if multi_column_pages:
        notes.append(f"columns detected on {multi_column_pages} pages, read left to right")
    if header_pages:
        notes.append(f"running header/footer removed on {header_pages} pages")
    if number_pages:
        notes.append(f"page numbers removed on {number_pages} pages")
    n_captions = sum(isinstance(i, CaptionText) for i in items)
    if n_captions:
        notes.append(f"{n_captions} captions set apart (smaller font or a “Photo:” line)")
    if indent_style:
        notes.append("paragraphs found by their first-line indent")
    if empty_pages:
        notes.append(f"{empty_pages} pages without text (pictures?) skipped")
    if rotated:
        notes.append(f"{rotated} rotated characters ignored")
    return PdfLayout(
        items=tuple(items), title=title, author=author, author_role=role, notes=tuple(notes)
    )

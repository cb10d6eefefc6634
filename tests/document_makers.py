"""Documents made on the fly for the reader tests and benchmark (PDF, .docx, HTML).

The PDF typesetter lays an :class:`Article` out like a magazine: title and byline across the
page, body in columns, running header and footer with page numbers, bold headings, photos
(grey boxes) with captions in a smaller italic font, and words hyphenated at line ends. It
knows nothing about the reader; the tests check that reading the PDF gives back the article.

Line-end hyphenation follows what a typesetter does, with one restriction: a compound with
a lowercase second part ("post-war") is never broken at its own hyphen. "post-" + "war" at a
line end cannot be told apart from a hyphenated "post" + "war" without a dictionary; the
reader keeps the hyphen only when the text writes "post-war" elsewhere on one line (see
``article_text._join_lines``), which a typesetter cannot promise.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from articlemap.article_text import Article


@dataclass(frozen=True)
class PdfStyle:
    columns: int = 2
    page_width: float = 595.0  # A4, in points
    page_height: float = 842.0
    margin: float = 56.0
    gutter: float = 18.0
    body_font: str = "Times"
    body_size: float = 10.0
    leading: float = 12.5
    paragraph_gap: float = 3.0
    indent: float = 12.0  # first-line indent of paragraphs (0: spacing only)
    caption_size: float = 8.0
    photo_height: float = 60.0
    running_header: str = "Politics"
    running_footer: str = "Baku Dialogues | Winter 2020/2021"
    page_numbers: bool = True
    hyphenate: bool = True
    captions_interrupt: bool = True  # place a paragraph's captions in its middle
    user_password: str | None = None
    owner_password: str | None = None


def _can_break_at_hyphen(left: str, right: str) -> bool:
    """A real hyphen at a line end survives reading when the rule can tell it is real."""
    return bool(right) and not (left[-2:-1].isalpha() and right[0].islower())


class _Typesetter:
    def __init__(self, style: PdfStyle):
        from fpdf import FPDF

        self.s = style
        self.pdf = FPDF(unit="pt", format=(style.page_width, style.page_height))
        self.pdf.core_fonts_encoding = "windows-1252"  # typographic quotes and dashes
        self.pdf.set_auto_page_break(False)
        self.col_width = (
            style.page_width - 2 * style.margin - (style.columns - 1) * style.gutter
        ) / style.columns
        self.top = style.margin + 14
        self.bottom = style.page_height - style.margin - 8
        self.col = 0
        self.y = self.top
        self.page_top = self.top
        self.new_page()

    # -------------------------------------------------------------- pages and columns

    def new_page(self) -> None:
        s, pdf = self.s, self.pdf
        pdf.add_page()
        number = pdf.page_no()
        if s.running_header:
            pdf.set_font("Helvetica", "B", 8)
            pdf.text(s.margin, s.margin - 16, s.running_header)
        pdf.set_font("Helvetica", "", 8)
        if s.running_footer:
            pdf.text(s.margin, s.page_height - s.margin + 22, s.running_footer)
        if s.page_numbers:
            label = str(number)
            x = s.page_width - s.margin - pdf.get_string_width(label)
            pdf.text(x, s.page_height - s.margin + 22, label)
        self.col = 0
        self.y = self.page_top = self.top

    def next_column(self) -> None:
        if self.col + 1 < self.s.columns:
            self.col += 1
            self.y = self.page_top
        else:
            self.new_page()

    @property
    def x(self) -> float:
        return self.s.margin + self.col * (self.col_width + self.s.gutter)

    def room(self, height: float) -> None:
        if self.y + height > self.bottom:
            self.next_column()

    # -------------------------------------------------------------- lines

    def width(self, text: str) -> float:
        return self.pdf.get_string_width(text)

    def wrap(
        self, text: str, width: float, font: tuple[str, str, float], first_indent: float = 0.0
    ) -> list[str]:
        """Greedy line breaking, hyphenating the word that does not fit when allowed."""
        self.pdf.set_font(*font)
        lines: list[str] = []
        line = ""
        avail = width - first_indent
        for word in text.split(" "):
            candidate = f"{line} {word}" if line else word
            if self.width(candidate) <= avail:
                line = candidate
                continue
            head, tail = self.hyphenate(word, avail - self.width(line + " ") if line else avail)
            if head:
                lines.append(f"{line} {head}" if line else head)
                line = tail
            else:
                if line:
                    lines.append(line)
                line = word
            avail = width
            while self.width(line) > avail:  # a single very long word: force a split
                cut = max(1, int(len(line) * avail / self.width(line)) - 1)
                lines.append(line[:cut])
                line = line[cut:]
        if line:
            lines.append(line)
        return lines

    def hyphenate(self, word: str, space: float) -> tuple[str, str]:
        """The longest ``(head-, tail)`` split of ``word`` that fits in ``space``."""
        if not self.s.hyphenate:
            return "", word
        best = ""
        best_tail = word
        for i in range(2, len(word) - 1):
            left, right = word[:i], word[i:]
            if word[i - 1] == "-":
                head = left  # break after a real hyphen
                if not _can_break_at_hyphen(left, right):
                    continue
            elif (
                i >= 3
                and len(right) >= 3
                and left[-1].isalpha()
                and left[-1].islower()
                and right[0].isalpha()
                and right[0].islower()
                and "-" not in left[-2:]
            ):
                head = left + "-"
            else:
                continue
            if self.width(head) <= space and len(head) > len(best):
                best, best_tail = head, right
        return best, best_tail

    def put_lines(
        self,
        lines: list[str],
        font: tuple[str, str, float],
        leading: float,
        indent_first: float = 0.0,
    ) -> None:
        family, style, size = font
        for i, line in enumerate(lines):
            self.room(leading)
            self.pdf.set_font(family, style, size)
            self.pdf.text(self.x + (indent_first if i == 0 else 0.0), self.y + size, line)
            self.y += leading

    # -------------------------------------------------------------- blocks

    def front_matter(self, article: Article) -> None:
        s, pdf = self.s, self.pdf
        full = s.page_width - 2 * s.margin
        y = self.top
        if article.title:
            for line in self.wrap(article.title, full, (s.body_font, "B", 22)):
                pdf.text(s.margin, y + 22, line)
                y += 26
            y += 6
        if article.author:
            name = " ".join(
                w.upper() if i == len(article.author.split()) - 1 else w
                for i, w in enumerate(article.author.split())
            )
            byline_font = (s.body_font, "I", s.body_size)
            lines = [f"By {name},", *self.wrap(article.author_role, full, byline_font)]
            for line in lines:
                pdf.text(s.margin, y + s.body_size, line)
                y += s.leading
            y += 14
        self.y = self.page_top = y

    def heading(self, text: str) -> None:
        s = self.s
        lines = self.wrap(text, self.col_width, (s.body_font, "B", s.body_size))
        if self.y > self.page_top:
            self.y += s.leading * 0.8
        self.room(len(lines) * s.leading + 2 * s.leading)  # keep with the next lines
        self.put_lines(lines, (s.body_font, "B", s.body_size), s.leading)
        self.y += s.leading * 0.3

    def captions(self, texts: list[str]) -> None:
        s = self.s
        for text in texts:
            lines = self.wrap(text, self.col_width, ("Helvetica", "I", s.caption_size))
            height = s.photo_height + 6 + len(lines) * s.caption_size * 1.25 + 8
            if self.y + height > self.bottom:
                self.next_column()
            if self.y > self.page_top:
                self.y += 6
            self.pdf.set_fill_color(200, 200, 200)
            self.pdf.rect(self.x, self.y, self.col_width, s.photo_height, style="F")
            self.y += s.photo_height + 4
            self.put_lines(lines, ("Helvetica", "I", s.caption_size), s.caption_size * 1.25)
            self.y += 8

    def paragraph(self, text: str, first: bool, captions: list[str]) -> None:
        s = self.s
        indent = 0.0 if first else s.indent
        lines = self.wrap(text, self.col_width, (s.body_font, "", s.body_size), indent)
        if self.y > self.page_top:
            self.y += s.paragraph_gap
        cut = len(lines) // 2 if captions and s.captions_interrupt and len(lines) > 1 else 0
        if cut:
            self.put_lines(lines[:cut], (s.body_font, "", s.body_size), s.leading, indent)
            self.captions(captions)
            self.put_lines(lines[cut:], (s.body_font, "", s.body_size), s.leading)
        else:
            self.put_lines(lines, (s.body_font, "", s.body_size), s.leading, indent)
            self.captions(captions)

    def output(self) -> bytes:
        s = self.s
        if s.user_password or s.owner_password:
            self.pdf.set_encryption(
                owner_password=s.owner_password or s.user_password or "",
                user_password=s.user_password or "",
            )
        return bytes(self.pdf.output())


def article_pdf(article: Article, style: PdfStyle = PdfStyle()) -> bytes:
    """The article typeset as a PDF (captions follow the paragraph they come after)."""
    ts = _Typesetter(style)
    ts.front_matter(article)
    blocks = list(article.blocks)
    first = True
    i = 0
    while i < len(blocks):
        block = blocks[i]
        i += 1
        if block.kind == "heading":
            ts.heading(block.text)
            first = True
            continue
        captions: list[str] = []
        while i < len(blocks) and blocks[i].kind == "caption":
            captions.append(blocks[i].text)
            i += 1
        if block.kind == "caption":
            ts.captions([block.text, *captions])
            continue
        ts.paragraph(block.text, first, captions)
        first = False
    return ts.output()


def image_only_pdf() -> bytes:
    """A one-page PDF holding a picture and no text, like a scan."""
    from fpdf import FPDF
    from PIL import Image

    pdf = FPDF(unit="pt", format="A4")
    pdf.add_page()
    picture = Image.new("RGB", (120, 160), (230, 230, 230))
    pdf.image(picture, x=50, y=50, w=300)
    return bytes(pdf.output())


def empty_pdf(pages: int = 1) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format="A4")
    for _ in range(pages):
        pdf.add_page()
    return bytes(pdf.output())


def article_docx(article: Article, caption_style: str = "Caption") -> bytes:
    """The article as a Word file: Title, byline, Heading 2, body and Caption paragraphs."""
    import docx

    document = docx.Document()
    if article.title:
        document.add_paragraph(article.title, style="Title")
    if article.author:
        role = f", {article.author_role}" if article.author_role else ""
        document.add_paragraph(f"By {article.author}{role}")
    for block in article.blocks:
        if block.kind == "heading":
            document.add_heading(block.text, level=2)
        elif block.kind == "caption":
            document.add_paragraph(block.text, style=caption_style)
        else:
            document.add_paragraph(block.text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()

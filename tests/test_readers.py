"""Reading uploaded documents: every format gives back the article, bad files a clear message.

The documents are made here (tests/document_makers.py) from the committed, cleaned article
``geodata/article.md``, so the expected result is the article itself: reading must give the
same blocks (kind and text, compared as exact strings) and the same title and byline.
"""

from __future__ import annotations

import io
import pickle
import re
import zipfile
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articlemap.article_text import (
    Article,
    Block,
    LayoutHints,
    clean_article,
    load_article,
    to_markdown,
)
from articlemap.pdf_layout import MAX_PDF_PAGES, read_pdf_layout
from articlemap.readers import SUPPORTED_EXTENSIONS, ReadResult, read_document
from articlemap.text_upload import UploadError
from tests.document_makers import (
    PdfStyle,
    article_docx,
    article_pdf,
    empty_pdf,
    image_only_pdf,
)


@cache
def article() -> Article:
    return load_article()


@cache
def magazine_pdf() -> bytes:
    return article_pdf(article())


def blocks(a: Article) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in a.blocks]


def assert_same_article(got: Article, expected: Article) -> None:
    assert (got.title, got.author, got.author_role) == (
        expected.title,
        expected.author,
        expected.author_role,
    )
    assert blocks(got) == blocks(expected)


def refused(name: str, data: bytes) -> str:
    """The message of the UploadError that reading ``data`` as ``name`` must raise."""
    with pytest.raises(UploadError) as err:
        read_document(name, data)
    message = str(err.value)
    assert f"“{name}”" in message
    return message


# --------------------------------------------------------------------------- PDF


def raw_pdf_text(data: bytes) -> str:
    """What plain text extraction (no layout) gets from the PDF: the problems to solve."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def test_the_magazine_pdf_has_the_problems_of_the_seed_extraction():
    # Guards the test below: the PDF must really carry columns, headers and hyphens.
    raw = raw_pdf_text(magazine_pdf())
    lines = raw.split("\n")
    assert sum(line.strip() == "Politics" for line in lines) >= 4
    assert sum(bool(re.search(r"[a-z]-$", line)) for line in lines) >= 20  # line-end hyphens
    assert any(re.fullmatch(r".*\S {1,2}\S.*", line) and len(line) > 110 for line in lines), (
        "two columns side by side give lines longer than a column"
    )
    assert article().paragraphs()[1] not in raw.replace("\n", " ")


def test_two_column_magazine_pdf_reads_back_the_article():
    result = read_document("Diplomacy.pdf", magazine_pdf())
    assert result.kind == "pdf"
    assert_same_article(result.article, article())
    notes = " ".join(result.notes)
    assert "columns detected" in notes
    assert "running header/footer removed" in notes
    assert "page numbers removed" in notes


def test_real_hyphens_survive_line_ends_and_typesetting_hyphens_do_not():
    text = read_document("a.pdf", magazine_pdf()).article.plain_text()
    for word in ("Nagorno-Karabakh", "44-day", "Commander-in-Chief", "Non-Aligned"):
        assert word in text
    # Every word of the result is a word of the article: no "ter- ritories" or "terri-tories".
    assert set(text.split()) == set(article().plain_text().split())


@pytest.mark.parametrize(
    "style",
    [
        # One column, paragraphs marked by spacing only, no running header.
        PdfStyle(columns=1, body_size=11, leading=14, indent=0, paragraph_gap=8, running_header=""),
        # Three narrow columns; captions after their paragraph.
        PdfStyle(columns=3, body_size=9, leading=11, captions_interrupt=False),
        # Two columns with spacing but no indents: column breaks are decided by the text.
        PdfStyle(columns=2, indent=0, paragraph_gap=6),
    ],
    ids=["one-column", "three-columns", "spacing-only"],
)
def test_other_layouts_read_back_the_article(style: PdfStyle):
    result = read_document("article.pdf", article_pdf(article(), style))
    assert_same_article(result.article, article())


def small_article(paragraphs: list[str], captions: dict[int, str] | None = None) -> Article:
    out: list[Block] = []
    for i, text in enumerate(paragraphs):
        out.append(Block("paragraph", text.strip()))
        if captions and i in captions:
            out.append(Block("caption", captions[i]))
    return Article("A short test article", "Ann Example", "Teacher", tuple(out))


LONG = (
    "The talks went on for many years without a result, and every round ended with "
    "another statement that changed nothing on the ground for the people who lived there. "
)


def test_a_caption_in_a_smaller_font_is_set_apart_from_the_paragraph_it_interrupts():
    source = small_article(
        [LONG * 3, LONG * 2],
        captions={0: "The delegations at the airport, 12 March 2020"},
    )
    data = article_pdf(source, PdfStyle(columns=1, captions_interrupt=True))
    got = read_document("caption.pdf", data).article
    assert_same_article(got, source)
    assert got.captions() == ("The delegations at the airport, 12 March 2020",)


def fpdf_document(lines: list[tuple[str, float, str]], pages: int = 1) -> bytes:
    """A plain PDF with one line per ``(text, size, style)``, repeated on each page."""
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format="A4")
    pdf.core_fonts_encoding = "windows-1252"
    for _ in range(pages):
        pdf.add_page()
        y = 100.0
        for text, size, style in lines:
            pdf.set_font("Times", style, size)
            pdf.text(60, y, text)
            y += size * 1.3
    return bytes(pdf.output())


def test_a_photo_credit_line_in_the_body_font_is_a_caption():
    data = fpdf_document(
        [
            ("The ministers met in the capital on Monday and agreed", 10, ""),
            ("to continue the talks in the", 10, ""),
            ("Photo: AZERTAC", 10, ""),
            ("spring. The next round is planned for April.", 10, ""),
        ]
    )
    got = read_document("credit.pdf", data).article
    assert got.captions() == ("Photo: AZERTAC",)
    # The caption is cut out of the sentence it fell into, and the sentence joins up.
    assert got.paragraphs() == (
        "The ministers met in the capital on Monday and agreed to continue the talks in the "
        "spring. The next round is planned for April.",
    )


def test_a_bold_line_is_a_heading_and_a_title_needs_a_larger_font():
    data = fpdf_document(
        [
            ("Talks in Geneva", 20, "B"),
            ("The first meeting", 10, "B"),
            ("The ministers met in the capital on Monday.", 10, ""),
        ]
    )
    got = read_document("headings.pdf", data).article
    assert got.title == "Talks in Geneva"
    assert blocks(got) == [
        ("heading", "The first meeting"),
        ("paragraph", "The ministers met in the capital on Monday."),
    ]


def test_a_line_repeated_at_the_top_of_every_page_is_dropped_but_body_text_is_kept():
    body = [("Running title of the journal", 8, "")] + [
        (f"Line {i} of the text on this page is plain body text.", 10, "") for i in range(30)
    ]
    got = read_document("pages.pdf", fpdf_document(body, pages=3)).article
    text = got.plain_text()
    assert "Running title" not in text
    assert text.count("Line 29 of the text") == 3


@pytest.mark.parametrize(
    ("make", "words"),
    [(image_only_pdf, "no text layer"), (lambda: empty_pdf(2), "no text layer")],
    ids=["image-only", "empty-pages"],
)
def test_a_pdf_without_text_is_refused_with_a_clear_message(make, words: str):
    message = refused("scan.pdf", make())
    assert words in message
    assert "Traceback" not in message


def test_a_password_protected_pdf_is_refused():
    data = article_pdf(small_article([LONG]), PdfStyle(user_password="secret"))
    assert "password" in refused("locked.pdf", data)


def test_a_pdf_with_only_an_owner_password_is_read():
    source = small_article([LONG])
    data = article_pdf(source, PdfStyle(owner_password="owner", columns=1))
    assert_same_article(read_document("permissions.pdf", data).article, source)


def test_a_truncated_pdf_is_refused():
    data = magazine_pdf()
    assert "incomplete" in refused("cut.pdf", data[: len(data) // 2])


def test_a_pdf_with_garbage_inside_is_refused():
    data = b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"
    message = refused("garbage.pdf", data)
    assert "damaged" in message or "no text layer" in message


@cache
def small_pdf() -> bytes:
    return article_pdf(small_article([LONG, LONG]), PdfStyle(columns=1))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_corrupted_pdf_bytes_give_an_article_or_a_clear_message(data):
    pdf = bytearray(small_pdf())
    for _ in range(data.draw(st.integers(1, 8))):
        pos = data.draw(st.integers(0, len(pdf) - 1))
        pdf[pos] = data.draw(st.integers(0, 255))
    try:
        result = read_document("noisy.pdf", bytes(pdf))
    except UploadError as err:
        assert "“noisy.pdf”" in str(err)
    else:
        assert isinstance(result, ReadResult)


def test_a_pdf_with_too_many_pages_is_refused_before_reading_them():
    message = refused("book.pdf", empty_pdf(MAX_PDF_PAGES + 1))
    assert str(MAX_PDF_PAGES + 1) in message and str(MAX_PDF_PAGES) in message


def test_extracted_text_is_capped_while_reading():
    with pytest.raises(UploadError, match=r"“big\.pdf” holds more than"):
        read_pdf_layout("big.pdf", magazine_pdf(), max_chars=5_000)


WORDS = st.sampled_from(
    [
        "the",
        "talks",
        "war",
        "peace",
        "army",
        "territory",
        "minister",
        "statement",
        "ceasefire",
        "region",
        "agreement",
        "international",
        "negotiations",
        "consequences",
        "representatives",
        "humanitarian",
        "Azerbaijan",
        "Armenia",
        "Karabakh",
        "Nagorno-Karabakh",
        "44-day",
        "post-war",
        "co-chairs",
        "OSCE",
        "1993",
        "12-16",
        "self-determination",
        "“liberated”",
        "President’s",
    ]
)


@st.composite
def paragraphs(draw) -> str:
    sentences = []
    for _ in range(draw(st.integers(1, 4))):
        words = draw(st.lists(WORDS, min_size=4, max_size=30))
        sentence = " ".join(words)
        sentences.append(sentence[0].upper() + sentence[1:] + ".")
    return " ".join(sentences)


@st.composite
def articles(draw) -> Article:
    """Random articles; the body font has to be the most used one, as in any real article
    (the reader takes the most common size for the body), so captions stay short and the
    article opens with a long paragraph."""
    lead = " ".join(draw(paragraphs()) for _ in range(4))
    out: list[Block] = [Block("paragraph", lead)]
    for _ in range(draw(st.integers(0, 12))):
        if draw(st.integers(0, 5)) == 0:
            out.append(Block("heading", draw(paragraphs())[:60].rstrip(" .") + "."))
        out.append(Block("paragraph", draw(paragraphs())))
        if draw(st.integers(0, 6)) == 0:
            out.append(Block("caption", draw(paragraphs())[:60].strip()))
    return Article("Generated article", "Ann Example", "Reporter", tuple(out))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    articles(),
    st.integers(1, 3),
    st.sampled_from([9.0, 10.0, 11.0]),
    st.booleans(),
)
def test_any_article_typeset_in_columns_reads_back(
    source: Article, columns: int, size: float, interrupt: bool
):
    style = PdfStyle(
        columns=columns, body_size=size, leading=size * 1.25, captions_interrupt=interrupt
    )
    got = read_document("generated.pdf", article_pdf(source, style)).article
    assert_same_article(got, source)


def test_a_paragraph_that_goes_on_after_a_column_break_at_a_sentence_end_stays_one():
    """Found by the property test above: in three columns with paragraph spacing, a column
    ended on a full line that closed a sentence, and the paragraph's last sentence at the top
    of the next column became a paragraph of its own. A line that runs to the column's edge
    means the paragraph goes on."""
    texts = (
        (
            "Karabakh the OSCE humanitarian the. Ceasefire Karabakh the ceasefire statement "
            "war. Nagorno-Karabakh ceasefire agreement post-war 44-day international "
            "representatives. Co-chairs the post-war army the consequences territory Karabakh"
            " President’s the consequences consequences post-war 44-day OSCE ceasefire "
            "ceasefire the agreement 44-day minister representatives post-war 1993 post-war "
            "international minister the minister region. The the the the territory territory "
            "territory statement agreement negotiations consequences 1993 Karabakh OSCE. The "
            "consequences humanitarian Armenia Nagorno-Karabakh 1993 12-16 Karabakh Karabakh "
            "OSCE international international consequences Armenia Nagorno-Karabakh "
            "self-determination humanitarian Nagorno-Karabakh the the the statement "
            "representatives 44-day 44-day co-chairs OSCE 12-16 “liberated”. Territory region"
            " 44-day OSCE “liberated”. Ceasefire negotiations consequences Nagorno-Karabakh "
            "OSCE 1993 12-16 self-determination. The peace international consequences "
            "representatives Armenia Nagorno-Karabakh Nagorno-Karabakh Nagorno-Karabakh 12-16"
            " self-determination “liberated” President’s. Territory international Azerbaijan "
            "OSCE. Territory statement Armenia Nagorno-Karabakh 44-day co-chairs "
            "self-determination “liberated”. International Azerbaijan Nagorno-Karabakh OSCE "
            "the the the the territory 44-day."
        ),
        ("International post-war co-chairs OSCE OSCE."),
        (
            "The Azerbaijan post-war 1993 territory statement agreement the peace region "
            "agreement. Peace OSCE the negotiations President’s. The ceasefire international "
            "negotiations self-determination statement OSCE army Nagorno-Karabakh. Azerbaijan"
            " the the the."
        ),
    )
    source = Article(
        "Generated article", "Ann Example", "Reporter", tuple(Block("paragraph", x) for x in texts)
    )
    style = PdfStyle(columns=3, body_size=10.0, leading=12.5, captions_interrupt=False)
    got = read_document("generated.pdf", article_pdf(source, style)).article
    assert_same_article(got, source)


# --------------------------------------------------------------------------- docx


def test_docx_reads_back_the_article_with_headings_and_captions_from_styles():
    result = read_document("Diplomacy.docx", article_docx(article()))
    assert result.kind == "docx"
    assert_same_article(result.article, article())


def test_docx_caption_style_based_on_caption_is_a_caption():
    import docx
    from docx.enum.style import WD_STYLE_TYPE

    document = docx.Document()
    style = document.styles.add_style("Photo caption", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Caption"]
    document.add_heading("The talks", level=1)
    document.add_paragraph("The ministers met on Monday.")
    document.add_paragraph("The ministers at the airport", style="Photo caption")
    document.add_paragraph("They agreed to meet again.")
    out = io.BytesIO()
    document.save(out)
    got = read_document("styles.docx", out.getvalue()).article
    assert blocks(got) == [
        ("heading", "The talks"),
        ("paragraph", "The ministers met on Monday."),
        ("caption", "The ministers at the airport"),
        ("paragraph", "They agreed to meet again."),
    ]


def zip_bytes(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


def test_a_zip_without_a_word_document_is_refused():
    data = zip_bytes({"[Content_Types].xml": b"<Types/>", "notes.txt": b"hello"})
    assert "not a Word document" in refused("notes.docx", data)


def test_a_zip_with_a_broken_word_document_is_refused():
    data = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:doc"})
    assert "could not be read as a Word document" in refused("broken.docx", data)


def test_a_truncated_docx_is_refused():
    data = article_docx(article())
    assert "damaged" in refused("cut.docx", data[: len(data) // 2])


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"The ministers met on Monday.", "text or an unknown format"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old Microsoft Office"),
        (b"%PDF-1.4\n...", "a PDF document"),
    ],
    ids=["text", "old-doc", "pdf"],
)
def test_a_docx_whose_bytes_are_something_else_is_refused(data: bytes, words: str):
    assert words in refused("essay.docx", data)


# --------------------------------------------------------------------------- html

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Diplomacy leading to victory</title>
<style>body { font-family: STYLETEXT; }</style>
<script>var tracking = "SCRIPTTEXT";</script></head>
<body>
<nav class="menu"><a href="/">Home</a> <a href="/news">News</a> <a href="/about">About us</a>
</nav>
<div id="cookie-banner" class="cookie-consent">We use cookies to improve your experience.
<button>Accept all cookies</button></div>
<header><p class="site">The Magazine of Foreign Affairs</p></header>
<main><article>
<h1>Diplomacy leading to victory</h1>
<p>The historic victory of the Armed Forces of the Republic of Azerbaijan under the leadership
of Supreme Commander-in-Chief Ilham Aliyev in the second Karabakh war and the <em>liberation</em>
of the occupied territories have been inscribed in the history of Azerbaijan.</p>
<h2>Armenia’s aggression against Azerbaijan and its consequences.</h2>
<p>From the very first days of its independence, the Republic of Azerbaijan was faced with the
occupation of 20 percent of its internationally recognized territories. <a href="/x">Read the
documents</a> adopted by the UN.</p>
<figure><img src="photo.jpg" alt="a photo"><figcaption>President Ilham Aliyev at the Munich
Security Conference. 15 February 2020</figcaption></figure>
<script>document.write("MORESCRIPT")</script>
<p>The position of the international community on the settlement of the former
Armenia-Azerbaijan conflict is reflected in the documents adopted on a bilateral basis.</p>
</article></main>
<footer><p>© 2021 The Magazine. All rights reserved.</p><a href="/privacy">Privacy policy</a>
</footer></body></html>
"""


def test_html_keeps_the_article_text_and_headings_only():
    result = read_document("saved page.html", PAGE.encode("utf-8"))
    got = result.article
    assert result.kind == "html"
    assert got.title == "Diplomacy leading to victory"
    assert blocks(got) == [
        (
            "paragraph",
            "The historic victory of the Armed Forces of the Republic of Azerbaijan under the "
            "leadership of Supreme Commander-in-Chief Ilham Aliyev in the second Karabakh war "
            "and the liberation of the occupied territories have been inscribed in the "
            "history of Azerbaijan.",
        ),
        ("heading", "Armenia’s aggression against Azerbaijan and its consequences."),
        (
            "paragraph",
            "From the very first days of its independence, the Republic of Azerbaijan was "
            "faced with the occupation of 20 percent of its internationally recognized "
            "territories. Read the documents adopted by the UN.",
        ),
        (
            "caption",
            "President Ilham Aliyev at the Munich Security Conference. 15 February 2020",
        ),
        (
            "paragraph",
            "The position of the international community on the settlement of the former "
            "Armenia-Azerbaijan conflict is reflected in the documents adopted on a "
            "bilateral basis.",
        ),
    ]
    text = got.plain_text() + got.title
    for leaked in ("SCRIPTTEXT", "MORESCRIPT", "STYLETEXT", "cookies", "Home", "rights"):
        assert leaked not in text


def test_html_in_another_encoding_is_decoded():
    page = PAGE.replace('<meta charset="utf-8">', "").replace("’", "'")
    page = page.replace("Azerbaijan.", "Azərbaycan é.")
    result = read_document("page.htm", page.encode("utf-8"))
    assert "Azərbaycan é." in result.article.plain_text()


def test_a_page_with_only_navigation_is_refused():
    page = "<html><body><nav><a href='/'>Home</a> <a href='/x'>News</a></nav></body></html>"
    assert "no article text" in refused("menu.html", page.encode())


def test_an_image_named_html_is_refused():
    assert "PNG image" in refused("page.html", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)


# --------------------------------------------------------------------------- markdown


def test_markdown_headings_stay_headings_and_escapes_and_emphasis_are_undone():
    md = (
        "# Talks in Geneva\n\n"
        "*By Ann EXAMPLE, Reporter*\n\n"
        "The ministers met on **Monday** and read the [statement](https://example.org)\n"
        "on the ter-\nritories. Item \\#1 was a \\*draft\\*. ![photo](p.jpg)\n\n"
        "## The second round\n\n"
        "They agreed\\: a `ceasefire` from 10 November.\n\n"
        "Results\n-------\n\n"
        "- Prisoners were exchanged.\n"
        "- Talks will go on.\n\n"
        "> *Caption:* The ministers at the airport\n"
    )
    result = read_document("talks.md", md.encode())
    got = result.article
    assert result.kind == "markdown"
    assert (got.title, got.author, got.author_role) == (
        "Talks in Geneva",
        "Ann Example",
        "Reporter",
    )
    assert blocks(got) == [
        (
            "paragraph",
            "The ministers met on Monday and read the statement on the territories. "
            "Item #1 was a *draft*.",
        ),
        ("heading", "The second round"),
        ("paragraph", "They agreed: a ceasefire from 10 November."),
        ("heading", "Results"),
        ("paragraph", "Prisoners were exchanged."),
        ("paragraph", "Talks will go on."),
        ("caption", "The ministers at the airport"),
    ]


def test_the_apps_own_markdown_reads_back_exactly():
    md = to_markdown(article())
    assert_same_article(read_document("article.md", md.encode()).article, article())


@given(st.lists(st.text(min_size=1, max_size=40), min_size=1, max_size=6))
def test_markdown_never_fails_on_odd_text(texts: list[str]):
    md = "\n\n".join(texts)
    try:
        result = read_document("odd.md", md.encode("utf-8"))
    except UploadError as err:
        assert "“odd.md”" in str(err)
    else:
        assert all(b.text == " ".join(b.text.split()) for b in result.article.blocks)


# --------------------------------------------------------------------------- text and general


def test_text_files_are_cleaned_as_before():
    raw = "A first paragraph with a ter-\nritory.\n\nA second one.\n"
    result = read_document("notes.txt", raw.encode())
    assert result.kind == "text"
    assert result.article == clean_article(raw, LayoutHints())


def test_a_pdf_named_txt_is_refused_with_the_right_advice():
    message = refused("article.txt", magazine_pdf())
    assert "PDF" in message and ".pdf" in message


@pytest.mark.parametrize("name", ["slides.pptx", "table.xlsx", "README"])
def test_unsupported_names_are_refused_with_the_supported_list(name: str):
    message = refused(name, b"anything")
    for ext in SUPPORTED_EXTENSIONS:
        assert ext in message


@pytest.mark.parametrize("name", list(SUPPORTED_EXTENSIONS))
def test_empty_files_are_refused(name: str):
    assert "empty" in refused(f"empty{name}", b"  \n")


def test_extracted_text_over_the_limit_is_refused(monkeypatch):
    import articlemap.readers as readers

    monkeypatch.setattr(readers, "MAX_TEXT_BYTES", 1000)
    assert "of text; the limit is" in refused("long.docx", article_docx(article()))


def test_a_result_survives_pickling_for_the_worker_process():
    result = read_document("Diplomacy.docx", article_docx(article()))
    assert pickle.loads(pickle.dumps(result)) == result


def test_a_last_line_alone_in_the_next_column_is_read_there_not_into_the_gutter():
    """Found by the property test above: an article whose last line ("ermination.", the end
    of a word hyphenated at the foot of the first column) stood alone at the top of the
    second. The widest free strip then ran from that line to the page number, inside the
    second column, and was taken for the gutter: the line was read into the first column's
    row beside it ("Interna- ermination. tional"), and "self-det-" was never rejoined. The
    gutter is the strip that most rows have text on both sides of."""
    blocks_ = (
        (
            "paragraph",
            (
                "Ceasefire international ceasefire 1993 12-16 agreement. International "
                "consequences ceasefire consequences. OSCE ceasefire statement "
                "Nagorno-Karabakh region co-chairs. 12-16 the region consequences statement"
                " war President’s. Region the consequences representatives OSCE. Army "
                "Armenia army 44-day post-war President’s army war. Statement talks army "
                "Azerbaijan “liberated” negotiations Nagorno-Karabakh Nagorno-Karabakh "
                "co-chairs. Humanitarian Karabakh post-war peace 12-16 army OSCE "
                "consequences 44-day consequences 12-16 44-day negotiations region Karabakh"
                " Armenia. Minister self-determination 44-day Nagorno-Karabakh ceasefire "
                "army territory minister Karabakh 12-16 peace the war ceasefire "
                "President’s. Co-chairs Armenia region President’s “liberated” statement "
                "talks. “liberated” Azerbaijan region 44-day."
            ),
        ),
        (
            "paragraph",
            (
                "War post-war co-chairs “liberated”. Humanitarian representatives minister "
                "“liberated” statement international Armenia international. Territory "
                "territory territory Nagorno-Karabakh consequences 12-16."
            ),
        ),
        (
            "paragraph",
            (
                "Negotiations Karabakh post-war Karabakh OSCE territory minister. Agreement"
                " “liberated” “liberated” Karabakh Armenia ceasefire negotiations."
            ),
        ),
        ("caption", ("Consequences humanitarian Azerbaijan 1993 negotiations human")),
        (
            "paragraph",
            (
                "Minister peace President’s Armenia Azerbaijan peace Karabakh. Statement "
                "co-chairs President’s 44-day consequences 12-16 1993. Ceasefire region "
                "ceasefire international 1993 representatives negotiations army post-war "
                "territory 44-day minister agreement the peace."
            ),
        ),
        (
            "paragraph",
            (
                "The Azerbaijan army “liberated” Armenia 12-16 war co-chairs talks peace "
                "minister statement army “liberated” territory consequences peace "
                "“liberated” humanitarian President’s OSCE. Azerbaijan “liberated” "
                "self-determination co-chairs OSCE humanitarian army ceasefire army "
                "territory army “liberated” Armenia Armenia minister 12-16 the ceasefire "
                "statement 1993 peace ceasefire international."
            ),
        ),
        (
            "paragraph",
            (
                "Army Nagorno-Karabakh region Nagorno-Karabakh. President’s talks "
                "international international humanitarian agreement Karabakh OSCE "
                "Nagorno-Karabakh Nagorno-Karabakh international statement Armenia minister"
                " representatives talks Nagorno-Karabakh territory 44-day 44-day war OSCE "
                "representatives ceasefire war international the. 1993 consequences "
                "ceasefire international."
            ),
        ),
        (
            "paragraph",
            (
                "Self-determination agreement agreement war army. Territory President’s "
                "peace statement. Nagorno-Karabakh minister statement statement OSCE region"
                " co-chairs co-chairs ceasefire war 1993 negotiations region ceasefire "
                "Azerbaijan region ceasefire talks self-determination the region "
                "representatives Azerbaijan President’s Armenia statement humanitarian "
                "agreement self-determination."
            ),
        ),
    )
    source = Article(
        "Generated article",
        "Ann Example",
        "Reporter",
        tuple(Block(kind, text) for kind, text in blocks_),
    )
    style = PdfStyle(columns=2, body_size=9.0, leading=11.25, captions_interrupt=True)
    got = read_document("generated.pdf", article_pdf(source, style)).article
    assert_same_article(got, source)
    assert "self-determination." in got.blocks[-1].text

"""Time to read an uploaded document, per format, against plain extraction of the same file.

    python bench/readers.py              # a 20-page two-column PDF, 5 runs each
    python bench/readers.py --quick      # CI smoke: a 5-page PDF, 1 run each, no memory
    python bench/readers.py --pages 40 --runs 3

The documents are made from the committed article (tests/document_makers.py): the PDF is the
article typeset in two columns with running headers, page numbers, hyphenation and captions,
repeated until it has ``--pages`` pages. Baselines, measured in the same run on the same
bytes: for the PDF, pdfplumber's own ``extract_text()`` of every page (no reading order, no
cleaning); for .docx, python-docx opening the file and listing its paragraphs' text; for HTML,
``trafilatura.extract`` alone. Peak memory is tracemalloc's (Python allocations only).
"""

from __future__ import annotations

import argparse
import io
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import fmt, median, print_table

from articlemap.article_text import load_article, to_markdown
from articlemap.readers import read_document
from tests.document_makers import article_docx, article_pdf

HEADERS = ["document", "size KB", "read ms (median)", "baseline ms", "ratio", "peak MB", "blocks"]


def timed(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return median(times)


def peak_mb(fn: Callable[[], object]) -> float:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 1024 / 1024
    finally:
        tracemalloc.stop()


def pdf_of_pages(pages: int) -> tuple[bytes, int]:
    """The article repeated until its PDF has at least ``pages`` pages."""
    import pdfplumber

    article = load_article()
    copies = 1
    while True:
        long = replace(article, blocks=article.blocks * copies)
        data = article_pdf(long)
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            n = len(pdf.pages)
        if n >= pages:
            return data, n
        copies = max(copies + 1, int(copies * pages / n))


def plumber_text(data: bytes) -> None:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()


def docx_paragraphs(data: bytes) -> None:
    import docx

    [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


def html_page() -> bytes:
    article = load_article()
    body = "\n".join(
        f"<h2>{b.text}</h2>" if b.kind == "heading" else f"<p>{b.text}</p>" for b in article.blocks
    )
    nav = "<nav>" + " ".join(f"<a href='/{i}'>Section {i}</a>" for i in range(40)) + "</nav>"
    return (
        f"<html><head><title>{article.title}</title><script>var x = 1;</script></head>"
        f"<body>{nav}<main><article><h1>{article.title}</h1>{body}</article></main>"
        "<footer>© The Magazine</footer></body></html>"
    ).encode()


def trafilatura_only(data: bytes) -> None:
    import trafilatura

    trafilatura.extract(data.decode())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="5 pages, 1 run")
    args = parser.parse_args(argv)
    if args.quick:
        args.pages, args.runs = 5, 1

    pdf, n_pages = pdf_of_pages(args.pages)
    documents: list[tuple[str, str, bytes, Callable[[bytes], None]]] = [
        (f"PDF, {n_pages} pages, 2 columns", "a.pdf", pdf, plumber_text),
        ("Word .docx, article", "a.docx", article_docx(load_article()), docx_paragraphs),
        ("web page .html, article", "a.html", html_page(), trafilatura_only),
        ("Markdown .md, article", "a.md", to_markdown(load_article()).encode(), lambda d: None),
    ]
    rows = []
    for label, name, data, baseline in documents:
        read_document(name, data)  # imports and caches outside the timing
        baseline(data)
        read_ms = timed(lambda: read_document(name, data), args.runs)  # noqa: B023
        base_ms = timed(lambda: baseline(data), args.runs)  # noqa: B023
        ratio = read_ms / base_ms if base_ms > 0.05 else None
        blocks = len(read_document(name, data).article.blocks)
        rows.append(
            [
                label,
                fmt(len(data) / 1024, 0),
                fmt(read_ms),
                fmt(base_ms),
                fmt(ratio, 2) if ratio else "-",
                "-" if args.quick else fmt(peak_mb(lambda: read_document(name, data))),  # noqa: B023
                blocks,
            ]
        )
    print_table(HEADERS, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())

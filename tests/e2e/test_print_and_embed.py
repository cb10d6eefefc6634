"""Issue #13, print and embed, in headless Chromium: the Map page's "Print handout" file and
the static site printed to A4 PDF (print media emulated) with no event card split across
pages; the view's embed code pasted into a page shows the map in an iframe.

Screenshots of the screen and the print views go to ``SHOTS`` (the handout's PDF pages too):
artifacts/screenshots/print, or ``$ARTICLEMAP_SHOTS/print``.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from pathlib import Path

import pytest
from conftest import SCREENSHOTS
from e2e_helpers import EXCEPTION, wait_app_idle, wait_for_map

from articlemap.dataset import load_dataset
from articlemap.site import write_site
from articlemap.timeline import Window, events_in_window
from tests.test_handout import Page

pytestmark = pytest.mark.e2e

SHOTS = Path(os.environ.get("ARTICLEMAP_SHOTS") or SCREENSHOTS) / "print"
DESKTOP = {"width": 1400, "height": 900}
PHONE = {"width": 390, "height": 844}
HANDOUT = "Print handout of this window (A4)"


def plain(text: str) -> str:
    """Letters and digits only (ASCII), lower case: PDF text loses spacing and some letters."""
    return "".join(ch for ch in text.lower() if ch.isascii() and ch.isalnum())


def pdf_pages(pdf: bytes) -> list[str]:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [plain(p.extract_text() or "") for p in doc.pages]


def save_pdf_pages(pdf: bytes, stem: str, count: int = 2) -> None:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    for i in range(min(count, len(doc))):
        doc[i].render(scale=1.2).to_pil().save(SHOTS / f"{stem}-pdf-page{i + 1}.png")


def split_cards(page, selector: str, pages: list[str]) -> list[str]:
    """The cards (as printed: their visible text) no PDF page holds whole: the first and
    last words of a card on different pages."""
    texts = page.locator(selector).evaluate_all("els => els.map(e => e.innerText)")
    assert texts, f"no {selector} on the page"
    split = []
    for text in texts:
        words = plain(text)
        head, tail = words[:30], words[-30:]
        if not any(head in p and tail in p for p in pages):
            split.append(text[:60])
    return split


def print_checks(page, card: str, hidden: list[str]) -> None:
    """Print CSS applies: each card avoids a page break inside it; the controls are gone."""
    breaks = page.locator(card).evaluate_all("els => els.map(e => getComputedStyle(e).breakInside)")
    assert breaks and set(breaks) == {"avoid"}, set(breaks)
    for selector in hidden:
        shown = page.locator(selector).evaluate_all(
            "els => els.filter(e => e.getClientRects().length > 0).length"
        )
        assert shown == 0, f"{selector} shows in print"


def open_offline(context, url: str):
    """A page where only file:// loads (the handout and the site fetch nothing)."""
    page = context.new_page()
    fetched: list[str] = []

    def route(r):
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            fetched.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(url)
    return page, fetched


def test_print_handout_downloads_and_prints_on_a4_with_no_card_split(
    app_url, page, context, tmp_path
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size(DESKTOP)
    page.goto(app_url)
    wait_for_map(page)
    page.get_by_role("button", name="Share / export").click()
    button = page.get_by_role("button", name=HANDOUT)
    button.wait_for()
    page.screenshot(path=str(SHOTS / "share-dialog.png"))
    with page.expect_download() as caught:
        button.click()
    download = caught.value
    # The window the slider shows (its stops: the opening window snapped to event dates).
    dates = re.fullmatch(
        r"[\w-]+-handout-(\d{4}-\d\d-\d\d)-to-(\d{4}-\d\d-\d\d)\.html",
        download.suggested_filename,
    )
    assert dates, download.suggested_filename
    window = Window(*(dt.date.fromisoformat(d) for d in dates.groups()))
    assert window.start.year == window.end.year == 2020
    path = tmp_path / "handout.html"
    download.save_as(path)
    ds = load_dataset()
    window_events = events_in_window(ds.events, window)
    assert Page(path.read_text(encoding="utf-8")).event_ids == [e.id for e in window_events]
    assert page.locator(EXCEPTION).count() == 0

    handout, fetched = open_offline(context, path.as_uri())
    handout.set_viewport_size(DESKTOP)
    handout.get_by_role("heading", name=ds.meta.title).wait_for()
    assert handout.locator("svg.handout-map").count() == 2  # overview and the region's detail
    handout.screenshot(path=str(SHOTS / "handout-screen-desktop.png"))
    handout.set_viewport_size(PHONE)
    handout.screenshot(path=str(SHOTS / "handout-screen-phone.png"))
    handout.set_viewport_size(DESKTOP)
    assert handout.get_by_role("button", name="Print").is_visible()

    handout.emulate_media(media="print")
    print_checks(handout, "article.event", [".toolbar", ".print-button"])
    handout.screenshot(path=str(SHOTS / "handout-print-emulated.png"), full_page=True)
    pdf = handout.pdf(format="A4", print_background=True)
    (SHOTS / "handout.pdf").write_bytes(pdf)
    save_pdf_pages(pdf, "handout", 3)
    pages = pdf_pages(pdf)
    # 29 events, a map page: a few events a page, not one each, and not crammed into two.
    assert 3 <= len(pages) <= len(window_events) // 2, len(pages)
    assert split_cards(handout, "article.event", pages) == []
    assert plain(ds.meta.title) in pages[0] and plain("The author's account") in pages[0]
    assert fetched == []


def test_static_site_prints_on_a4_without_its_controls(browser, tmp_path) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    index = write_site(load_dataset(), tmp_path / "site")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page, fetched = open_offline(context, index.as_uri())
        page.locator("li.card").first.wait_for()
        page.locator("#map .leaflet-pane").first.wait_for(state="attached")
        page.wait_for_timeout(500)  # the fitted view's redraw
        page.screenshot(path=str(SHOTS / "site-screen.png"))
        page.emulate_media(media="print")
        print_checks(
            page,
            "li.card",
            ["#date-slider", ".play-group", ".hide-later-label", ".skip-link", ".embed"],
        )
        page.screenshot(path=str(SHOTS / "site-print-emulated.png"), full_page=True)
        pdf = page.pdf(format="A4", print_background=True)
        save_pdf_pages(pdf, "site", 2)
        pages = pdf_pages(pdf)
        cards = page.locator("li.card").count()
        assert 3 <= len(pages) <= cards, len(pages)
        assert split_cards(page, "li.card", pages) == []
        assert fetched == []
    finally:
        context.close()


def test_embed_code_shows_this_view_in_an_iframe(app_url, page, context):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size(DESKTOP)
    page.goto(app_url + "/?event=moscow-ceasefire")
    wait_for_map(page)
    wait_app_idle(page)
    assert page.locator('[data-testid="stMainMenu"]:visible').count() == 1  # not embedded
    page.get_by_role("button", name="Share / export").click()
    page.get_by_text("Embed this view in a web page (iframe code)").click()
    code_box = page.locator('[role="dialog"] [data-testid="stCode"]', has_text="<iframe")
    code_box.wait_for()
    code = code_box.inner_text().strip()
    assert code.startswith("<iframe ") and code.endswith("</iframe>"), code
    assert "edit=" not in code and "embed=true" in code and "event=moscow-ceasefire" in code
    page.screenshot(path=str(SHOTS / "share-dialog-embed.png"))

    host = context.new_page()
    host.set_viewport_size(DESKTOP)
    host.set_content(f"<!doctype html><title>Host</title><h1>A class page</h1>{code}")
    frame = host.frame_locator("iframe")
    frame.get_by_role("heading", name=load_dataset().meta.title).wait_for(timeout=30_000)
    frame.locator('iframe[title="streamlit_folium.st_folium"]').wait_for(timeout=30_000)
    host.wait_for_timeout(1500)
    host.screenshot(path=str(SHOTS / "embed-host-page.png"))
    # Streamlit's embed mode: no app menu in the frame.
    assert frame.locator('[data-testid="stMainMenu"]:visible').count() == 0
    # … and the sidebar starts closed: the embedded view is the map, not the app's menu.
    frame.locator('[data-testid="stSidebar"][data-collapsed="true"]').wait_for(state="attached")
    title = host.locator("iframe").get_attribute("title") or ""
    assert title.endswith("— map and timeline")

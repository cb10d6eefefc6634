"""Hostile input in a real browser (issue #14): uploads that used to take the server down,
cancel and time limit, too-large files, and a data folder whose text tries to be Markdown.

Each test would have failed before the fix: a 1 MB one-line text ran for minutes and was
killed by the kernel at 23 GB; a 2 MB file had no Cancel; a file above the uploader's limit
showed only a red icon; the Source page rendered a Markdown image from the article's title.
"""

from __future__ import annotations

import shutil
import time
import urllib.request
from dataclasses import replace
from pathlib import Path

import pytest
from e2e_helpers import EXCEPTION, poll, wait_app_idle

from articlemap.article_text import from_markdown, to_markdown
from articlemap.paths import GEODATA_DIR
from articlemap.story import STORY_FILE, read_story_toml, story_toml

pytestmark = pytest.mark.e2e

CLAUSE = (
    "rockets hit Ganja on 17 October 2020 killing civilians, "
    "the ministers met in Moscow on 9 October 2020"
)
SMALL = "Armenian forces fired rockets at Ganja on 17 October 2020."
ERROR = '[data-testid="stAlertContentError"]'
WARNING = '[data-testid="stAlertContentWarning"]'
# The article's uploader (the page has a second one, for story zips).
UPLOAD_INPUT = '.st-key-ya-upload [data-testid="stFileUploaderDropzoneInput"]'
CANCEL = "Cancel"


def one_line(n_bytes: int) -> bytes:
    """The reported attack: dated clauses joined with ", ", no full stop, one line."""
    text = ", ".join([CLAUSE] * (n_bytes // len(CLAUSE) + 1))
    return text.encode()[:n_bytes]


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


def open_page(page, url: str) -> None:
    page.goto(url + "/your_article")
    page.get_by_label("Article text").wait_for()
    wait_app_idle(page)


def extract_pasted(page, text: str) -> None:
    page.get_by_label("Article text").fill(text)
    page.get_by_role("button", name="Extract places and dates").click()


def places_heading(page) -> str:
    heading = page.get_by_role("heading", name="Places (")
    heading.first.wait_for(timeout=90_000)
    return heading.first.inner_text()


def test_a_one_megabyte_line_is_bounded_and_the_server_stays_up(
    page, context, app_url, tmp_path: Path, screenshots_dir: Path
):
    open_page(page, app_url)
    big = tmp_path / "one-line.txt"
    big.write_bytes(one_line(1024 * 1024))
    page.locator(UPLOAD_INPUT).set_input_files(str(big))
    # Meanwhile another reader's map keeps working.
    other = context.new_page()
    other.goto(app_url)
    other.get_by_role("heading", name="Diplomacy leading to victory").wait_for(timeout=30_000)
    assert "Places (2)" in places_heading(page)
    warnings = page.locator(WARNING)
    poll(warnings.count, lambda n: n >= 2, 20, "the notes about the caps")
    text = " ".join(warnings.all_inner_texts())
    assert "only the first 2,000 became events" in text
    assert "cut at a clause" in text
    assert page.get_by_role("heading", name="Dated events (2000)").count() == 1
    assert page.locator(EXCEPTION).count() == 0
    assert healthy(app_url)
    page.screenshot(path=str(screenshots_dir / "your_article_capped.png"))


def test_cancel_stops_the_extraction_and_keeps_the_last_draft(page, app_url, tmp_path: Path):
    open_page(page, app_url)
    extract_pasted(page, SMALL)
    assert "Places (1)" in places_heading(page)
    big = tmp_path / "two-megabytes.txt"
    big.write_bytes(one_line(2 * 1024 * 1024))
    page.locator(UPLOAD_INPUT).set_input_files(str(big))
    cancel = page.get_by_role("button", name=CANCEL)
    cancel.wait_for(timeout=20_000)
    assert "Extracting" in page.locator('[data-testid="stProgress"]').inner_text()
    cancel.click()
    alert = page.locator(ERROR)
    poll(alert.count, lambda n: n > 0, 20, "the cancelled message")
    assert "Cancelled." in alert.first.inner_text()
    assert "Places (1)" in places_heading(page)  # the draft before is still there
    assert page.get_by_role("button", name=CANCEL).count() == 0
    assert healthy(app_url)


def test_a_job_over_its_time_limit_is_stopped_with_a_reason(browser, tmp_path: Path):
    from conftest import running_app  # a server of its own, with a 1 s limit

    big = tmp_path / "two-megabytes.txt"
    big.write_bytes(one_line(2 * 1024 * 1024))
    with running_app("e2e-time-limit.log", env={"ARTICLEMAP_JOB_SECONDS": "1"}) as url:
        ctx = browser.new_context()
        try:
            page = ctx.new_page()
            open_page(page, url)
            page.locator(UPLOAD_INPUT).set_input_files(str(big))
            alert = page.locator(ERROR)
            poll(alert.count, lambda n: n > 0, 60, "the time-limit message")
            assert "longer than 1 seconds" in alert.first.inner_text()
            assert page.locator(EXCEPTION).count() == 0
            # The worker was replaced: the next text is drafted.
            extract_pasted(page, SMALL)
            assert "Places (1)" in places_heading(page)
        finally:
            ctx.close()


def test_a_file_over_the_limit_gets_a_message_naming_it_and_its_size(page, app_url, tmp_path: Path):
    open_page(page, app_url)
    alert = page.locator(ERROR)
    for name, size, words in (
        ("just-over.txt", 2 * 1024 * 1024 + 1, "2.0 MB (2,097,153 bytes)"),
        ("six-megabytes.txt", 6 * 1024 * 1024, "6 MB"),
    ):
        path = tmp_path / name
        path.write_bytes(b"x" * size)
        page.locator(UPLOAD_INPUT).set_input_files(str(path))
        poll(
            alert.all_inner_texts,
            lambda texts, n=name: any(n in t for t in texts),
            30,
            f"the message about {name}",
        )
        message = next(t for t in alert.all_inner_texts() if name in t)
        assert words in message and "up to 2 MB" in message


BEACON = "http://127.0.0.1:9/beacon.png"
HOSTILE_TITLE = (
    f"Talks ![beacon]({BEACON}) [link](http://127.0.0.1:9/) $x^2$ :red[red] \u202eexe.txt"
)


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile-story")
    for name in ("places.csv", "events.csv", "areas.geojson", "world.geojson"):
        shutil.copy(GEODATA_DIR / name, folder / name)
    article = from_markdown((GEODATA_DIR / "article.md").read_text(encoding="utf-8"))
    hostile = replace(article, title=HOSTILE_TITLE, author="{{TITLE}} \u202eevil")
    (folder / "article.md").write_text(to_markdown(hostile, source=None), encoding="utf-8")
    # The built-in story's categories, with the same hostile title and author as metadata.
    meta = read_story_toml((GEODATA_DIR / STORY_FILE).read_text(encoding="utf-8"))
    meta = replace(meta, title=HOSTILE_TITLE, author=hostile.author)
    (folder / STORY_FILE).write_text(story_toml(meta), encoding="utf-8")
    return folder


def test_a_markdown_title_is_shown_as_text_and_fetches_nothing(browser, hostile_folder: Path):
    from conftest import running_app

    with running_app("e2e-hostile-data.log", data_dir=hostile_folder) as url:
        ctx = browser.new_context()
        requested: list[str] = []
        ctx.on("request", lambda request: requested.append(request.url))
        try:
            page = ctx.new_page()
            page.goto(url + "/source")
            title = page.locator("h1").first
            title.wait_for(timeout=30_000)
            wait_app_idle(page)
            time.sleep(1)
            text = title.inner_text()
            assert "![beacon](" in text and "$x^2$" in text and ":red[red]" in text
            assert "\u202e" not in page.locator("body").inner_text()
            assert page.locator(f'img[src="{BEACON}"]').count() == 0
            assert page.locator("h1 a, h1 .katex").count() == 0
            assert not [u for u in requested if u.startswith("http://127.0.0.1:9")]
            assert page.locator(EXCEPTION).count() == 0
        finally:
            ctx.close()

"""Stories in headless Chromium: a story from another region and decade (the Channel
Tunnel fixture) is imported and saved through the page, then every page shows its title,
its map bounds, its time window and its categories; a view link in a fresh browser has no
edit controls; the edit link edits; a new edit link kills the old one; two windows editing
at once get a conflict, not a lost edit.

The server has its own SQLite store in a temporary folder.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from e2e_helpers import (
    EXCEPTION,
    full_page_screenshot,
    map_view,
    poll,
    range_thumb,
    wait_app_idle,
    wait_for_map,
)

from articlemap.store import StoryStore
from articlemap.story_files import STORY_FILES
from articlemap.story_zip import story_zip_bytes

pytestmark = pytest.mark.e2e

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "channel-tunnel"
TITLE = "Under the Sea to France"
BUILTIN = "Diplomacy leading to victory"
PAGES = ["", "timeline", "present", "places", "source", "about"]
SIZES = {
    "desktop": {"width": 1400, "height": 1000},
    "phone": {"width": 390, "height": 844},
    "projector-1080": {"width": 1920, "height": 1080},
    "projector-720": {"width": 1280, "height": 720},
}
CODE = '[data-testid="stCode"]'
ZIP_INPUT = '.st-key-ya-story-zip [data-testid="stFileUploaderDropzoneInput"]'
STORE_URL: list[str] = []  # the server's store, to check what it holds


def saved_count() -> int:
    store = StoryStore.from_url(STORE_URL[-1])
    store.migrate()
    return len(store.list_stories())


@pytest.fixture(scope="module")
def story_app(chromium, tmp_path_factory) -> str:
    from conftest import running_app  # a server of its own, with its own store

    folder = tmp_path_factory.mktemp("story-store")
    env = {"ARTICLEMAP_STORE_URL": f"sqlite:///{folder / 'stories.sqlite'}"}
    STORE_URL.append(env["ARTICLEMAP_STORE_URL"])
    with running_app(log_name="e2e-stories.log", env=env) as url:
        yield url


def codes(page) -> list[str]:
    return [c.inner_text().strip() for c in page.locator(CODE).all()]


def import_fixture(page, app: str, tmp_path: Path) -> tuple[str, str]:
    """Open the fixture's zip on Your article; returns (view link, edit link)."""
    files = {p.name: p.read_bytes() for p in FIXTURE.iterdir() if p.name in STORY_FILES}
    archive = tmp_path / "channel-tunnel.zip"
    archive.write_bytes(story_zip_bytes(files))
    page.goto(app + "/your_article")
    page.get_by_label("Article text").wait_for()
    wait_app_idle(page)
    page.locator(ZIP_INPUT).set_input_files(str(archive))
    poll(lambda: codes(page), lambda c: any("edit=" in x for x in c), 60, "the story's links")
    links = codes(page)
    edit = next(c for c in links if "edit=" in c)
    view = next(c for c in links if "story=" in c and "edit=" not in c)
    return view, edit


def test_an_imported_story_is_what_every_page_shows(
    browser, story_app, tmp_path: Path, screenshots_dir: Path
) -> None:
    context = browser.new_context(viewport=SIZES["desktop"])
    page = context.new_page()
    view, edit = import_fixture(page, story_app, tmp_path)
    sid = re.search(r"story=([a-z0-9-]+)", view).group(1)
    token = edit.split("edit=")[1]
    assert token not in view
    for name in PAGES:
        page.goto(f"{story_app}/{name}?story={sid}")
        page.get_by_text("Margaret Ellison").first.wait_for()
        wait_app_idle(page)
        text = page.locator('[data-testid="stMain"]').inner_text()
        assert page.locator(EXCEPTION).count() == 0, name
        assert BUILTIN not in text and "Bayramov" not in text, name
        if name in ("", "source", "present"):
            assert TITLE in text, name
        if name not in ("source", "places"):
            assert "Margaret Ellison" in text, name
        if name == "":
            wait_for_map(page)
            view_now = map_view(page)
            assert 49 < view_now["lat"] < 52.5 and -1 < view_now["lng"] < 5
            # The story's own categories in the legend (st.html: not in innerText).
            for label in ("Construction", "Opening", "Agreement"):
                assert page.get_by_text(label, exact=True).count() > 0, label
            # The window opens on all six events (1986–1994), not on 2020.
            start = range_thumb(page, "start").get_attribute("aria-valuetext") or ""
            end = range_thumb(page, "end").get_attribute("aria-valuetext") or ""
            assert "1986" in start and "1994" in end, (start, end)
        if name == "timeline":
            assert "1994" in text or "1990" in text
        title = page.title()
        assert TITLE in title, name
        full_page_screenshot(page, str(screenshots_dir / f"story-{name or 'map'}-desktop.png"))
    # The same story at phone and projector sizes (map and present).
    for size in ("phone", "projector-1080", "projector-720"):
        page.set_viewport_size(SIZES[size])
        for name in ("", "present"):
            page.goto(f"{story_app}/{name}?story={sid}")
            page.get_by_text("Margaret Ellison").first.wait_for()
            wait_for_map(page)
            wait_app_idle(page)
            page.screenshot(path=str(screenshots_dir / f"story-{name or 'map'}-{size}.png"))
    context.close()


def test_view_link_cannot_edit_edit_link_can_and_rotation_kills_the_old_one(
    browser, story_app, tmp_path: Path
) -> None:
    owner = browser.new_context(viewport=SIZES["desktop"])
    page = owner.new_page()
    view, edit = import_fixture(page, story_app, tmp_path)

    reader = browser.new_context(viewport=SIZES["desktop"])
    rp = reader.new_page()
    rp.goto(view)
    rp.locator("h1").first.wait_for()
    wait_app_idle(rp)
    assert TITLE in rp.locator("h1").first.inner_text()
    assert rp.get_by_role("link", name="Edit story").count() == 0
    rp.goto(view.replace("/?", "/edit?"))
    rp.get_by_text("cannot change it").wait_for()
    assert rp.get_by_role("button", name="Save changes").count() == 0

    editor = browser.new_context(viewport=SIZES["desktop"])
    ep = editor.new_page()
    ep.goto(edit)
    ep.get_by_label("Title", exact=True).wait_for()
    wait_app_idle(ep)
    assert "edit=" not in ep.url  # the token left the address bar
    ep.get_by_label("Title", exact=True).fill("The Tunnel, revised")
    ep.get_by_label("Title", exact=True).press("Tab")
    wait_app_idle(ep)
    ep.get_by_role("button", name="Save changes").click()
    poll(
        lambda: ep.locator("h1").first.inner_text(),
        lambda t: "revised" in t or "Edit story" in t,
        20,
        "the page after saving",
    )
    rp.goto(view)
    poll(
        lambda: rp.locator("h1").first.inner_text(),
        lambda t: "The Tunnel, revised" in t,
        30,
        "the reader seeing the saved title",
    )

    ep.get_by_role("button", name="Make a new edit link").click()
    poll(lambda: codes(ep), lambda c: any("edit=" in x for x in c), 20, "the new edit link")
    new_edit = next(c for c in codes(ep) if "edit=" in c)
    assert new_edit != edit

    stale = browser.new_context(viewport=SIZES["desktop"])
    sp = stale.new_page()
    sp.goto(edit)
    sp.get_by_label("Title", exact=True).wait_for()
    wait_app_idle(sp)
    sp.get_by_label("Title", exact=True).fill("Forged")
    sp.get_by_label("Title", exact=True).press("Tab")
    wait_app_idle(sp)
    sp.get_by_role("button", name="Save changes").click()
    sp.get_by_text("cannot be changed with this link").wait_for()
    for ctx in (owner, reader, editor, stale):
        ctx.close()


def test_two_windows_editing_at_once_get_a_conflict(browser, story_app, tmp_path: Path) -> None:
    owner = browser.new_context(viewport=SIZES["desktop"])
    _, edit = import_fixture(owner.new_page(), story_app, tmp_path)
    first, second = (browser.new_context(viewport=SIZES["desktop"]) for _ in range(2))
    pages = [first.new_page(), second.new_page()]
    for p in pages:
        p.goto(edit)
        p.get_by_label("Title", exact=True).wait_for()
        wait_app_idle(p)
    for p, title in zip(pages, ("First window", "Second window"), strict=True):
        p.get_by_label("Title", exact=True).fill(title)
        p.get_by_label("Title", exact=True).press("Tab")
        wait_app_idle(p)
    pages[0].get_by_role("button", name="Save changes").click()
    wait_app_idle(pages[0])
    pages[1].get_by_role("button", name="Save changes").click()
    pages[1].get_by_text("Someone saved this story while you were editing it").wait_for()
    assert pages[1].get_by_label("Title", exact=True).input_value() == "Second window"  # kept
    assert pages[1].get_by_role("button", name="Download my edits (zip)").count() == 1
    for ctx in (owner, first, second):
        ctx.close()


def test_a_pasted_article_saved_as_a_story_opens_by_its_link(
    browser, story_app, screenshots_dir: Path
) -> None:
    context = browser.new_context(viewport=SIZES["desktop"])
    page = context.new_page()
    page.goto(story_app + "/your_article")
    # As a teacher would paste it from a web page: plain text, title first, then the byline.
    article = (FIXTURE / "article.md").read_text(encoding="utf-8")
    article = article.replace("# ", "", 1).replace("*By Margaret Ellison*", "By Margaret Ellison")
    page.get_by_label("Article text").fill(article)
    page.get_by_role("button", name="Extract places and dates").click()
    page.get_by_role("button", name="Save as story").wait_for(timeout=60_000)
    wait_app_idle(page)
    page.get_by_label("Author", exact=True).fill("M. Ellison (pasted)")
    page.get_by_role("button", name="Save as story").click()
    poll(lambda: codes(page), lambda c: any("edit=" in x for x in c), 30, "the story's links")
    full_page_screenshot(page, str(screenshots_dir / "story-saved-your-article.png"))
    view = next(c for c in codes(page) if "story=" in c and "edit=" not in c)
    edit = next(c for c in codes(page) if "edit=" in c)
    fresh = browser.new_context(viewport=SIZES["desktop"])
    reader = fresh.new_page()
    reader.goto(view)
    reader.get_by_text("M. Ellison (pasted)").first.wait_for()
    assert TITLE in reader.locator("h1").first.inner_text()
    assert reader.locator(EXCEPTION).count() == 0
    editor = fresh.new_page()
    editor.goto(edit)
    editor.get_by_role("button", name="Save changes").wait_for()
    wait_app_idle(editor)
    full_page_screenshot(editor, str(screenshots_dir / "story-edit-desktop.png"))
    editor.set_viewport_size(SIZES["phone"])
    wait_app_idle(editor)
    editor.screenshot(path=str(screenshots_dir / "story-edit-phone.png"))
    context.close()
    fresh.close()


def test_broken_story_zips_are_refused_by_name_and_store_nothing(
    browser, story_app, tmp_path: Path
) -> None:
    files = {p.name: p.read_bytes() for p in FIXTURE.iterdir() if p.name in STORY_FILES}
    missing = {k: v for k, v in files.items() if k != "places.csv"}
    bad_row = files | {"events.csv": files["events.csv"].replace(b"1990-12-01", b"1990-13-01")}
    cases = {
        "no-places.zip": (story_zip_bytes(missing), "places.csv"),
        "bad-row.zip": (story_zip_bytes(bad_row), "bad-row.zip/events.csv"),
        "not-a-zip.zip": (b"just some text, not an archive" * 10, "not-a-zip.zip"),
        "huge.zip": (b"PK" + b"\0" * (50 * 1024 * 1024), "huge.zip"),
    }
    context = browser.new_context(viewport=SIZES["desktop"])
    page = context.new_page()
    page.goto(story_app + "/your_article")
    page.get_by_label("Article text").wait_for()
    wait_app_idle(page)
    before = saved_count()
    alert = page.locator('[data-testid="stAlertContentError"]')
    for name, (data, named) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        page.locator(ZIP_INPUT).set_input_files(str(path))
        poll(
            lambda: " ".join(alert.all_inner_texts()),
            lambda t, n=name: n in t,
            60,
            f"the message about {name}",
        )
        wait_app_idle(page)
        shown = " ".join(alert.all_inner_texts()) + " ".join(codes(page))
        assert named in shown, (name, shown[:500])
        assert page.locator(EXCEPTION).count() == 0, name
        assert "Traceback" not in page.content()
    assert not [c for c in codes(page) if "edit=" in c]
    assert saved_count() == before  # nothing was saved
    context.close()

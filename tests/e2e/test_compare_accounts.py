"""Comparing two accounts in headless Chromium: pick two saved stories (the invented Orla
war fixture, tests/compare_fixtures.small_pair), see the merged list and both accounts'
colours and shapes on the map, unlink an automatic match and link two events by hand,
save, reload and find the links kept, then open the comparison's view link in a fresh
browser context: the same links, no controls.

The server has its own SQLite store in a temporary folder; the two stories are saved
into it through the store API before the browser opens the page.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from e2e_helpers import (
    EXCEPTION,
    full_page_screenshot,
    map_frame,
    poll,
    wait_app_idle,
    wait_for_map,
)
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from articlemap.store import StoryStore
from tests.compare_fixtures import small_pair

pytestmark = pytest.mark.e2e

CODE = '[data-testid="stCode"]'
STORE: list[StoryStore] = []


@pytest.fixture(scope="module")
def compare_app(chromium, tmp_path_factory) -> tuple[str, tuple[str, str]]:
    from conftest import running_app  # a server of its own, with its own store

    folder = tmp_path_factory.mktemp("compare-store")
    url = f"sqlite:///{folder / 'stories.sqlite'}"
    store = StoryStore.from_url(url)
    store.migrate()
    STORE.append(store)
    pair = small_pair()
    first = store.create(pair.files[0], pair.first.meta.title)
    second = store.create(pair.files[1], pair.second.meta.title)
    with running_app(log_name="e2e-compare.log", env={"ARTICLEMAP_STORE_URL": url}) as app:
        yield app, (first.story_id, second.story_id)
    store.engine.dispose()


def row(page, key: str):
    return page.locator(f".st-key-cmp-row-{key}")


def add_story(page, text: str) -> None:
    page.get_by_label("Add a saved story by its view link or id").fill(text)
    page.get_by_role("button", name="Add").click()
    wait_app_idle(page)


def fills(page, account: int) -> set[str]:
    markers = map_frame(page).locator(f"path.am-account-{account}")
    return {m.get_attribute("fill") or "" for m in markers.all()}


def test_two_accounts_linked_saved_and_shared(browser, compare_app, screenshots_dir: Path) -> None:
    app, (first, second) = compare_app
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.goto(f"{app}/compare")
    page.get_by_role("heading", name="Compare accounts").wait_for()
    wait_app_idle(page)
    add_story(page, first)
    add_story(page, f"{app}/?story={second}")  # a story's view link works too

    # The merged list: matched events side by side, each with its own quote.
    shelling = row(page, "0-a-shelling-1-b-shelling")
    shelling.wait_for()
    text = shelling.inner_text()
    assert "On 9 November 2031 the enemy shelled Mirev without warning." in text
    assert "Artillery shelled Mirevo on 10 November 2031, observers reported." in text
    assert "The accounts date this differently" in text
    assert "Mirev (first account), Mirevo (second account)" in text
    assert row(page, "0-a-parade").inner_text().startswith("Only the first account tells this.")

    # Both accounts on one map, each in its own colour and marker shape.
    wait_for_map(page)
    poll(lambda: (fills(page, 0), fills(page, 1)), lambda f: all(f), 20, "both accounts' markers")
    assert fills(page, 0) == {"#0072B2"} and fills(page, 1) == {"#D55E00"}
    assert map_frame(page).locator(".am-shape path.am-account-1").count() > 0  # squares
    assert page.locator(EXCEPTION).count() == 0

    # Unlink an automatic match; link two lone events by hand.
    row(page, "0-a-talks-1-b-talks").get_by_role(
        "button", name="Not the same event (unlink)"
    ).click()
    row(page, "0-a-talks").wait_for()
    row(page, "1-b-talks").wait_for()
    wait_app_idle(page)
    visit = row(page, "0-a-visit")
    visit.locator('[data-testid="stSelectbox"]').get_by_role("combobox").click()
    page.keyboard.type("Visit to Varnsk")  # the list is long: filter it, as a person would
    page.get_by_role("option", name=re.compile("Visit to Varnsk")).click()
    wait_app_idle(page)
    row(page, "0-a-visit").get_by_role("button", name="Link").click()
    linked = row(page, "0-a-visit-1-b-visit")
    linked.wait_for()
    assert "Linked by hand" in linked.inner_text()
    full_page_screenshot(page, str(screenshots_dir / "compare-desktop.png"))

    # Save: the comparison's view and edit links.
    page.get_by_role("button", name="Save the comparison").click()
    poll(
        lambda: [c.inner_text() for c in page.locator(CODE).all()],
        lambda c: any("cedit=" in x for x in c),
        30,
        "the comparison's links",
    )
    codes = [c.inner_text().strip() for c in page.locator(CODE).all()]
    view = next(c for c in codes if "compare=" in c and "cedit=" not in c)
    cid = re.search(r"compare=([a-z0-9-]+)", view).group(1)
    assert f"compare={cid}" in page.url and "cedit" not in page.url
    saved = STORE[0].get_comparison(cid)
    assert saved is not None and saved.story_ids == (first, second)

    # Reload: the links are kept (read from the store).
    page.reload()
    row(page, "0-a-visit-1-b-visit").wait_for()
    assert row(page, "0-a-talks").count() == 1 and row(page, "0-a-talks-1-b-talks").count() == 0

    # The view link in a fresh context: the same rows, no controls to change them.
    fresh = browser.new_context(viewport={"width": 1400, "height": 1000})
    fresh.set_default_timeout(30_000)
    reader = fresh.new_page()
    reader.goto(view)
    row(reader, "0-a-visit-1-b-visit").wait_for()
    wait_app_idle(reader)
    assert row(reader, "0-a-talks").count() == 1
    assert reader.get_by_role("button", name="Not the same event (unlink)").count() == 0
    assert reader.get_by_text("This is the comparison's view link").count() == 1
    assert reader.locator(EXCEPTION).count() == 0
    fresh.close()
    context.close()


# What every text of the stage and its buttons measures (px), and how far the stage reaches.
STAGE_METRICS = """() => {
  const sizes = [];
  const parts = document.querySelectorAll(
    '[class*="st-key-cstage-"] p, .am-cstage-head, .st-key-cmp_prev button *, '
    + '.st-key-cmp_next button *, .st-key-cmp_present_leave button *');
  for (const el of parts) {
    if (el.textContent.trim()) sizes.push(parseFloat(getComputedStyle(el).fontSize));
  }
  let bottom = 0, right = 0;
  for (const el of document.querySelectorAll('[class*="st-key-cstage-"]')) {
    const r = el.getBoundingClientRect();
    bottom = Math.max(bottom, r.bottom);
    right = Math.max(right, r.right);
  }
  return {smallest: Math.min(...sizes), bottom, right, height: innerHeight, width: innerWidth};
}"""


def test_present_a_comparison_with_the_keys(browser, compare_app, screenshots_dir: Path) -> None:
    """A saved comparison's view link, presented: ← → step through the rows, both quotes
    on screen with their accounts' names; the step fits 1920x1080 and 1280x720, and no
    text is under 24 px at 1080p."""
    app, (first, second) = compare_app
    cid = STORE[0].create_comparison([first, second]).comparison_id
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.goto(f"{app}/compare?compare={cid}")
    page.get_by_role("heading", name="Compare accounts").wait_for()
    wait_app_idle(page)
    page.wait_for_timeout(500)
    wait_app_idle(page)  # a late rerun of the page's first load has ended too
    present = page.get_by_role("button", name="Present to a class")
    present.click()
    progress = page.locator(".st-key-cstage-progress")
    try:
        progress.wait_for(timeout=15_000)
    except PlaywrightTimeout:
        # Once in CI the press was not taken (no stage after 30 s; 0 in the runs here); a
        # reader would press again, and the stage must then come.
        wait_app_idle(page)
        present.click()
        progress.wait_for()
    assert progress.inner_text().startswith("Step 1 of 12")
    assert "present=1" in page.url

    progress.click()  # focus the page, not an input
    page.keyboard.press("ArrowRight")
    poll(lambda: progress.inner_text(), lambda t: t.startswith("Step 2 of 12"), 20, "step 2")
    quotes = page.locator('[class*="st-key-cstage-quote-"]')
    poll(lambda: quotes.all_inner_texts(), lambda q: "siege" in " ".join(q), 20, "row 2's quotes")
    texts = quotes.all_inner_texts()
    assert len(texts) == 2
    assert texts[0].startswith("The first account: “") and "held Tasko against" in texts[0]
    assert texts[1].startswith("The second account: “") and "Tasko was besieged" in texts[1]
    heads = page.locator(".am-cstage-head").all_inner_texts()
    assert "First account: The Orla war" in heads[0] and "Second account:" in heads[1]
    assert "step=2" in page.url
    page.keyboard.press("ArrowLeft")
    poll(lambda: progress.inner_text(), lambda t: t.startswith("Step 1 of 12"), 20, "step 1")
    page.keyboard.press("ArrowLeft")  # wraps to the last row
    poll(lambda: progress.inner_text(), lambda t: t.startswith("Step 12 of 12"), 20, "step 12")
    wait_app_idle(page)

    for width, height in ((1920, 1080), (1280, 720)):
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(500)
        m = page.evaluate(STAGE_METRICS)
        assert m["bottom"] <= m["height"] and m["right"] <= m["width"], (width, m)
        if width == 1920:
            assert m["smallest"] >= 24, m
        page.screenshot(path=str(screenshots_dir / f"compare-present-{width}x{height}.png"))
    assert page.locator(EXCEPTION).count() == 0
    context.close()

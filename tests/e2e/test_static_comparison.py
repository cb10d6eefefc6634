"""The comparison's static page (articlemap.compare_site) opened from file:// in headless
Chromium with every network request blocked: the rows with both quotes side by side, the
lone events, the CSV link; hostile story text stays text (no dialog, no error)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from test_static_site import HOSTILE, PHONE, open_site

from articlemap.compare import Decisions, compare
from articlemap.compare_site import comparison_site_files
from articlemap.site import write_site_files
from tests.compare_fixtures import small_pair

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    pair = small_pair()
    first, second = pair.accounts()
    hostile = dataclasses.replace(first.events[-1], title=HOSTILE, quote=HOSTILE)
    first = dataclasses.replace(first, title=HOSTILE, events=(*first.events[:-1], hostile))
    decisions = Decisions().mark_disagree(
        (first.key, "a-shelling"), (second.key, "b-shelling"), "Which day?"
    )
    result = compare([first, second], decisions)
    out = tmp_path_factory.mktemp("comparison-site")
    write_site_files(comparison_site_files(result, [pair.first.meta, pair.second.meta]), out)
    return out


def test_the_rows_with_both_quotes_offline(browser, folder: Path, screenshots_dir: Path) -> None:
    opened = open_site(browser, folder, {"width": 1280, "height": 720})
    page = opened.page
    rows = page.locator("li.cmp-row")
    assert rows.count() == 12
    shelling = rows.filter(has_text="Mirev shelled")
    text = shelling.inner_text()
    assert "The first account: “On 9 November 2031 the enemy shelled Mirev" in text
    assert "The second account: “Artillery shelled Mirevo on 10 November 2031" in text
    assert "Marked: the accounts disagree — note: Which day?" in text
    assert "The accounts date this differently" in text
    # Both quotes side by side, not one under the other.
    boxes = [b.bounding_box() for b in shelling.locator("blockquote").all()]
    assert len(boxes) == 2 and boxes[0]["x"] < boxes[1]["x"]
    a, b = boxes
    assert a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]  # on one line
    lone = rows.filter(has_text="Only the first account tells this.")
    assert lone.count() == 4
    assert "has no event matched here" in lone.first.inner_text()
    # Hostile text is shown as the characters it has.
    assert page.locator("h1").inner_text().startswith("Compared: " + HOSTILE)
    assert rows.filter(has_text="onerror=alert(1)").count() >= 1
    assert page.locator("img").count() == 0
    assert page.get_by_role("link", name="Download the comparison (CSV)").get_attribute("href") == (
        "comparison.csv"
    )
    assert opened.blocked == [] and opened.errors == [] and opened.dialogs == []
    page.screenshot(path=str(screenshots_dir / "comparison-site-desktop.png"), full_page=True)
    page.context.close()


def test_the_phone_stacks_the_accounts(browser, folder: Path, screenshots_dir: Path) -> None:
    opened = open_site(browser, folder, PHONE)
    page = opened.page
    shelling = page.locator("li.cmp-row").filter(has_text="Mirev shelled")
    boxes = [b.bounding_box() for b in shelling.locator("blockquote").all()]
    assert boxes[0]["y"] < boxes[1]["y"]  # one under the other on a narrow screen
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width
    assert opened.errors == [] and opened.dialogs == []
    page.screenshot(path=str(screenshots_dir / "comparison-site-phone.png"), full_page=True)
    page.context.close()

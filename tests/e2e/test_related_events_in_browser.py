"""Issue #13, "Map and links": related events are linked. The trilateral statement's card
leads to the three withdrawals (a click chooses one as "Show on map" does: popup, card,
``?event=``), and a chosen withdrawal marks its district apart from the related ones and the
rest. At 1400x900 and on a phone (390x844)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs

import pytest
from e2e_helpers import (
    EXCEPTION,
    MAP_IFRAME,
    map_eval,
    map_frame,
    poll,
    wait_app_idle,
    wait_for_map,
)
from playwright.sync_api import Page

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1400, "height": 900}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
SHOTS = Path("/work/shots/related")
CARDS = ".st-key-event-cards"
WITHDRAWALS = ("withdrawal-kalbajar", "withdrawal-aghdam", "withdrawal-lachin")
DISTRICTS = ("kalbajar-district", "aghdam-district", "lachin-district")

# Each drawn area's feature id and its path's classes (the map's own record of what it drew).
AREA_CLASSES = """(map) => {
  const out = {};
  map.eachLayer((layer) => {
    if (layer.feature && layer._path && layer._path.classList.contains("am-area")) {
      out[layer.feature.id] = layer._path.getAttribute("class");
    }
  });
  return out;
}"""


def query(page: Page) -> dict[str, list[str]]:
    return parse_qs(page.evaluate("location.search").lstrip("?"))


def settled(page: Page) -> None:
    wait_for_map(page)
    page.wait_for_timeout(600)
    wait_app_idle(page)


def area_marks(page: Page) -> dict[str, str]:
    """Area id -> "selected", "related", "other" or "" (how the map drew it)."""
    marks = {}
    for area_id, classes in map_eval(page, AREA_CLASSES).items():
        names = classes.split()
        marks[area_id] = next(
            (n[3:] for n in names if n in ("am-selected", "am-related", "am-other")), ""
        )
    return marks


def shoot(page: Page, name: str, close_popup: bool = False, zoom_out: int = 0) -> None:
    """A screenshot with the map frame in the middle of the window (optionally without the
    popup and zoomed out, so the districts show)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(MAP_IFRAME).evaluate("(f) => f.scrollIntoView({block: 'center'})")
    if close_popup:
        map_frame(page).locator(".leaflet-popup-close-button").click()
    for _ in range(zoom_out):
        map_frame(page).locator(".leaflet-control-zoom-out").click()
        page.wait_for_timeout(400)
    page.wait_for_timeout(400)
    page.screenshot(path=str(SHOTS / name))


def selected_card(page: Page) -> str | None:
    card = page.locator(f"{CARDS} .am-card.selected")
    return card.get_attribute("data-event-id") if card.count() == 1 else None


def open_statement(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/?event=trilateral-statement")
    settled(page)
    poll(lambda: selected_card(page), lambda v: v == "trilateral-statement", 20, "its card")


def test_the_statement_card_leads_to_a_withdrawal(app_url, page) -> None:
    page.set_viewport_size(DESKTOP)
    open_statement(page, app_url)
    card = page.locator(f"{CARDS} .am-card.selected")
    links = card.locator(".am-related-link")
    ids = [links.nth(i).get_attribute("data-event-id") for i in range(links.count())]
    assert set(WITHDRAWALS) <= set(ids), ids
    assert "Related events" in card.inner_text()
    # The statement chosen: its places are cities; the three districts are marked related.
    marks = poll(
        lambda: area_marks(page),
        lambda m: all(m.get(d) == "related" for d in DISTRICTS),
        20,
        "the three districts marked related",
    )
    assert "selected" not in marks.values()
    shoot(page, "statement-chosen-1400x900.png", close_popup=True, zoom_out=1)

    card.locator(".am-related-link[data-event-id='withdrawal-aghdam']").click()
    poll(lambda: query(page).get("event"), lambda v: v == ["withdrawal-aghdam"], 20, "?event=")
    settled(page)
    poll(lambda: selected_card(page), lambda v: v == "withdrawal-aghdam", 20, "the chosen card")
    popup = map_frame(page).locator(".leaflet-popup")
    popup.wait_for(state="visible")
    assert "Aghdam" in popup.inner_text()
    assert "Related: " in popup.inner_text()
    # The chosen withdrawal's card leads back to the statement (the link both ways).
    back = page.locator(f"{CARDS} .am-card.selected .am-related-link")
    assert "trilateral-statement" in [
        back.nth(i).get_attribute("data-event-id") for i in range(back.count())
    ]
    assert page.locator(EXCEPTION).count() == 0
    shoot(page, "withdrawal-from-statement-1400x900.png")


def test_a_chosen_withdrawal_marks_its_district_apart(app_url, page) -> None:
    page.set_viewport_size(DESKTOP)
    page.goto(f"{app_url}/?event=withdrawal-aghdam")
    settled(page)
    marks = poll(
        lambda: area_marks(page),
        lambda m: m.get("aghdam-district") == "selected",
        20,
        "Aghdam district marked as the chosen event's",
    )
    assert marks["kalbajar-district"] == marks["lachin-district"] == "related", marks
    assert list(marks.values()).count("selected") == 1
    assert "other" in marks.values(), "the districts of unrelated events are drawn apart"
    # The related events' cards say so; the statement's place markers are dashed.
    badged = page.locator(f"{CARDS} .am-card:has(.am-badge.related)")
    assert badged.count() >= 1
    assert map_frame(page).locator("path.am-event-marker.am-related").count() >= 1
    assert page.locator(EXCEPTION).count() == 0
    shoot(page, "aghdam-chosen-1400x900.png", close_popup=True)


def test_related_events_on_a_phone(app_url, browser) -> None:
    ctx = browser.new_context(**PHONE)
    ctx.set_default_timeout(20_000)
    try:
        page = ctx.new_page()
        open_statement(page, app_url)
        link = page.locator(
            f"{CARDS} .am-card.selected .am-related-link[data-event-id='withdrawal-lachin']"
        )
        link.scroll_into_view_if_needed()
        box = link.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["viewport"]["width"]
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "statement-card-390x844.png"))
        link.tap()
        poll(lambda: query(page).get("event"), lambda v: v == ["withdrawal-lachin"], 20, "?event=")
        settled(page)
        marks = poll(
            lambda: area_marks(page),
            lambda m: m.get("lachin-district") == "selected",
            20,
            "Lachin district marked",
        )
        assert marks["aghdam-district"] == "related"
        shoot(page, "lachin-chosen-390x844.png")
        assert page.locator(EXCEPTION).count() == 0
    finally:
        ctx.close()


def test_the_static_site_links_related_events(browser, tmp_path) -> None:
    """The static site (render.js cards and popups): the statement's card leads to a
    withdrawal, whose popup leads back to the statement."""
    from articlemap.dataset import load_dataset
    from articlemap.site import write_site

    index = write_site(load_dataset(), tmp_path / "site")
    ctx = browser.new_context(viewport=DESKTOP)
    ctx.set_default_timeout(15_000)
    errors: list[str] = []
    try:
        page = ctx.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(index.as_uri())
        page.wait_for_selector("html[data-ready='true']")
        statement = page.locator("li.card#event-trilateral-statement")
        statement.locator(".am-related-link[data-event-id='withdrawal-aghdam']").click()
        popup = page.locator(".leaflet-popup")
        poll(lambda: popup.count(), lambda n: n == 1, 5, "one popup")
        assert "withdraw from Aghdam" in popup.inner_text()
        chosen = page.locator("li.card.selected")
        assert chosen.get_attribute("id") == "event-withdrawal-aghdam"
        # Its district is drawn apart from the two related ones and the rest.
        assert page.locator("path.am-site-area.am-selected").count() == 1
        assert page.locator("path.am-site-area.am-related").count() >= 2
        assert page.locator("path.am-site-area.am-other").count() >= 1
        assert page.locator("path.am-site-marker.am-related").count() >= 1
        assert "related events: dashed" in page.locator("#legend").inner_text()
        # From the popup back to the statement.
        popup.locator(".am-related-link[data-event-id='trilateral-statement']").click()
        poll(
            lambda: page.locator("li.card.selected").get_attribute("id"),
            lambda v: v == "event-trilateral-statement",
            5,
            "the statement's card chosen from the popup",
        )
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.wait_for_timeout(400)  # the previous popup fades out
        page.screenshot(path=str(SHOTS / "static-site-statement-1400x900.png"))
        assert errors == []
    finally:
        ctx.close()


def test_a_related_event_in_a_map_popup_opens_its_own_popup(app_url, page: Page) -> None:
    """The app's map popup: the statement's popup lists the withdrawals as buttons; a press
    opens that withdrawal's marker popup (inside the map's frame, no rerun needed)."""
    page.set_viewport_size(DESKTOP)
    page.goto(app_url + "/?event=trilateral-statement")
    settled(page)
    popup = map_frame(page).locator(".leaflet-popup-content")
    popup.first.wait_for()
    link = popup.locator(".am-popup-related-link", has_text="Aghdam").first
    link.wait_for()
    assert link.get_attribute("data-event-id") == "withdrawal-aghdam"
    link.click()
    poll(
        lambda: popup.first.inner_text(),
        lambda text: "Aghdam district" in text.split("\n")[0],
        10,
        "the Aghdam withdrawal's popup",
    )
    assert "Armenian forces withdraw from Aghdam" in popup.first.inner_text()
    assert page.locator(EXCEPTION).count() == 0

"""The Map page's card list: what each card carries, and that the browser draws it as text."""

from __future__ import annotations

from articlemap.dataset import load_dataset
from articlemap.schema import Event, Place
from articlemap.story import default_meta
from ui import event_cards

HOSTILE = "`${alert(1)}` \\ <img src=x onerror=alert(1)> </script>"


def test_card_data_carries_what_a_card_shows():
    ds = load_dataset()
    event = next(e for e in ds.events if e.id == "unga-75")
    card = event_cards.card_data(
        event, ds.meta, selected=True, at_selected_place=False, outside_window=True
    )
    assert card["title"] == event.title and card["quote"] == event.quote
    assert "“24 September 2021”" in card["meta"] and "24 Sep 2020" in card["meta"]
    assert "date from outside the article" in card["meta"]
    assert card["badges"] == [("selected", "selected"), ("outside", "outside the time window")]
    assert any(note.startswith("Note: The article prints") for note in card["notes"])
    assert any(note.startswith("Context source:") for note in card["notes"])
    assert card["places"] == ds.place_by_id["new-york"].label and card["can_show"]


def test_text_reaches_the_page_only_as_text():
    place = Place(id="p", name=HOSTILE, kind="city", lat=40.0, lon=46.0, source="test")
    event = Event(
        id="e",
        title=HOSTILE,
        date_start=None,
        date_end=None,
        date_precision="undated",
        date_as_written="",
        category="politics",
        place_ids=("p",),
        quote=HOSTILE,
        places=(place,),
    )
    card = event_cards.card_data(
        event, default_meta("t"), selected=False, at_selected_place=False, outside_window=False
    )
    # Raw text goes to the browser, which inserts it with textContent only.
    assert card["title"] == card["quote"] == HOSTILE
    assert "textContent" in event_cards._JS
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in event_cards._JS

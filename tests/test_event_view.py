"""The view model of an event, and that every renderer of an event builds from it."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
from unittest import mock

import pytest

from articlemap import event_view as ev_module
from articlemap import map_layers
from articlemap.dataset import load_dataset
from articlemap.event_view import EventView, event_view, event_views
from articlemap.filters import EVIDENCE_LABELS, evidence
from articlemap.schema import Event, Place
from articlemap.story import UNKNOWN_COLOUR, default_meta
from ui import cards, event_cards, presentation

DS = load_dataset()
PLACE = Place(
    id="lachin", name="Lachin", kind="town", lat=39.6, lon=46.5, source="t",
    other_names=("Laçın", "Berdzor"),
)  # fmt: skip


def make_event(**changes) -> Event:
    base = Event(
        id="e1",
        title="Lachin is returned",
        date_start=dt.date(2020, 12, 1),
        date_end=dt.date(2020, 12, 1),
        date_precision="day",
        date_as_written="1 December",
        category="military",
        place_ids=("lachin",),
        quote="On 1 December Lachin was returned.",
        places=(PLACE,),
    )
    return dataclasses.replace(base, **changes)


def test_every_event_of_the_story_has_its_fields_in_the_view():
    for event in DS.events:
        view = event_view(event, DS.meta)
        assert (view.id, view.title, view.quote, view.note) == (
            event.id,
            event.title,
            event.quote,
            event.note,
        )
        assert (view.date, view.precision, view.as_written) == (
            event.date_label,
            event.date_precision,
            event.date_as_written,
        )
        assert view.places == event.places
        assert view.category_label == DS.meta.label(event.category)
        assert view.colour == DS.meta.colour(event.category)
        assert view.date_source == (
            "" if evidence(event) == "article" else EVIDENCE_LABELS["context"]
        )
    assert event_views(DS.events, DS.meta) == [event_view(e, DS.meta) for e in DS.events]


def test_places_come_with_their_other_names():
    assert event_view(make_event(), default_meta("t")).place_labels == ("Lachin / Laçın / Berdzor",)


def test_an_unknown_category_gets_a_readable_label_and_the_unknown_colour():
    view = event_view(make_event(category="peace-talks"), default_meta("t"))
    assert (view.category_label, view.colour) == ("Peace talks", UNKNOWN_COLOUR)


@pytest.mark.parametrize(
    ("changes", "line"),
    [
        ({}, "“1 December” · 1 Dec 2020 · precision: day"),
        ({"date_as_written": ""}, "1 Dec 2020 · precision: day"),
        (
            {"date_source": "context"},
            "“1 December” · 1 Dec 2020 · precision: day · date from outside the article",
        ),
        (
            {
                "date_start": None,
                "date_end": None,
                "date_precision": "undated",
                "source": "context",
            },
            "“1 December” · undated · precision: undated · date from outside the article",
        ),
    ],
)
def test_the_date_line(changes, line):
    view = event_view(make_event(**changes), default_meta("t"))
    assert view.date_line() == line
    assert view.headline_date == (view.as_written or view.date)


def test_a_target_escapes_only_the_storys_text_in_the_composed_lines():
    view = event_view(make_event(note="n", context_ref="r", source="context"), default_meta("t"))
    assert view.date_line(str.upper) == (
        "“1 DECEMBER” · 1 DEC 2020 · precision: day · date from outside the article"
    )
    assert view.notes(str.upper) == ("Note: N", "Context source: R")
    assert event_view(make_event(), default_meta("t")).notes() == ()


# --- every renderer builds from the view model ---------------------------------------------

MARK = "FIELD-FROM-THE-VIEW"


def marked(view: EventView) -> EventView:
    return dataclasses.replace(view, title=MARK + "-title", quote=MARK + "-quote")


def fake_st(calls: list[str]):
    fake = mock.MagicMock()
    fake.markdown.side_effect = lambda body, **_: calls.append(body)
    fake.html.side_effect = lambda body, **_: calls.append(body)
    fake.container.side_effect = lambda **_: contextlib.nullcontext()
    return fake


def real_view(event, meta):
    return marked(ev_module.event_view(event, meta))


def test_the_card_list_builds_from_the_view():
    with mock.patch.object(event_cards, "event_view", real_view):
        card = event_cards.card_data(
            make_event(), DS.meta, selected=False, at_selected_place=False, outside_window=False
        )
    assert (card["title"], card["quote"]) == (MARK + "-title", MARK + "-quote")


def test_the_streamlit_card_builds_from_the_view():
    calls: list[str] = []
    with (
        mock.patch.object(cards, "event_view", real_view),
        mock.patch.object(cards, "st", fake_st(calls)),
    ):
        cards.event_card(make_event(), DS.meta)
    text = "\n".join(calls).replace("\\", "")
    assert MARK + "-title" in text and MARK + "-quote" in text


def test_the_present_stage_builds_from_the_view():
    calls: list[str] = []
    with (
        mock.patch.object(presentation, "event_view", real_view),
        mock.patch.object(presentation, "st", fake_st(calls)),
    ):
        presentation.stage(make_event(), DS.meta, 1, 3)
    text = "\n".join(calls).replace("\\", "")
    assert MARK + "-title" in text and MARK + "-quote" in text


def test_the_map_popups_build_from_the_view():
    def views(events, meta):
        return [marked(v) for v in ev_module.event_views(events, meta)]

    with mock.patch.object(map_layers, "event_views", views):
        data = map_layers.view_data([make_event()], {}, {}, DS.meta)
    row = data["events"]["e1"]
    assert (row["title"], row["quote"]) == (MARK + "-title", MARK + "-quote")

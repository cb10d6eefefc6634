"""The Present page, run in-process: one event at a time, Previous/Next, Play, deep link."""

from __future__ import annotations

from articlemap.dataset import load_dataset
from articlemap.map_layers import centre_of

from .conftest import map_args, marker_place_ids, run_page

DS = load_dataset()
DATED = [e for e in DS.events if e.is_dated]


def stage_text(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_first_event_with_progress_and_map():
    at = run_page("pages/present.py")
    assert not at.exception
    first = DATED[0]
    text = stage_text(at)
    assert f"Event 1 of {len(DATED)}" in text
    assert first.date_as_written in text
    assert list(map_args(at)["center"]) == list(centre_of(first.places))
    assert set(marker_place_ids(at)) == set(first.place_ids)


def test_next_and_previous_step_through_events_and_wrap():
    at = run_page("pages/present.py")
    at.button(key="next").click().run()
    assert f"Event 2 of {len(DATED)}" in stage_text(at)
    assert list(map_args(at)["center"]) == list(centre_of(DATED[1].places))
    assert at.query_params["step"] == "2"
    at.button(key="prev").click().run()
    at.button(key="prev").click().run()
    assert f"Event {len(DATED)} of {len(DATED)}" in stage_text(at)


def test_buttons_have_keyboard_shortcuts():
    at = run_page("pages/present.py")
    shortcuts = {b.key: b.proto.shortcut for b in at.button if b.key in ("prev", "next", "play")}
    assert shortcuts == {"prev": "left", "next": "right", "play": "space"}


def test_play_toggles_and_step_comes_from_the_url():
    at = run_page()
    at.query_params["step"] = "7"
    at.switch_page("pages/present.py").run()
    assert f"Event 7 of {len(DATED)}" in stage_text(at)
    assert DATED[6].title in stage_text(at)
    at.button(key="play").click().run()
    assert at.session_state.playing is True
    assert [b.label for b in at.button if b.key == "play"] == ["Pause"]

"""Areas over time on the Map and Present pages, run in-process: the view sent to the map
draws each area by its state at the window's end, with the legend and the popups' rows."""

from __future__ import annotations

import datetime as dt

from streamlit.testing.v1 import AppTest

from .conftest import map_view, run_page

RETURNED = "returned to Azerbaijani control under the 10 November statement"


def styles(view: dict) -> dict[str, str]:
    """area id -> the style it is drawn in."""
    return {
        f["properties"]["area_id"]: f["properties"]["state_style"]
        for f in view["areas"]
        if "state_style" in f["properties"]
    }


def test_the_window_end_sets_the_states_drawn(app: AppTest) -> None:
    assert not app.exception
    start = app.select_slider(key="window").value[0]
    app.select_slider(key="window").set_value((start, dt.date(2020, 11, 11))).run()
    view = map_view(app)
    assert styles(view) == {
        "az-aghdam": "contested",
        "az-kalbajar": "contested",
        "az-lachin": "contested",
    }
    assert view["legend_title"] == "Areas on 11 Nov 2020"
    assert RETURNED not in {i["label"] for i in view["legend"]}

    app.select_slider(key="window").set_value((start, dt.date(2020, 11, 20))).run()
    view = map_view(app)
    assert styles(view)["az-aghdam"] == "changed"
    assert styles(view)["az-kalbajar"] == "contested"
    assert RETURNED in {i["label"] for i in view["legend"]}
    (aghdam,) = [f for f in view["areas"] if f["properties"].get("area_id") == "az-aghdam"]
    current = [r for r in aghdam["properties"]["states"] if r["current"]]
    assert [r["event_id"] for r in current] == ["withdrawal-aghdam"]
    assert view["events"]["withdrawal-aghdam"]["title"].startswith("Armenian forces withdraw")


def test_up_to_mode_uses_the_chosen_day(app: AppTest) -> None:
    app.button_group(key="time_mode").set_value("Everything up to a date").run()
    app.select_slider(key="upto").set_value(dt.date(2020, 12, 1)).run()
    assert set(styles(map_view(app)).values()) == {"changed"}
    app.select_slider(key="upto").set_value(dt.date(1993, 12, 31)).run()
    view = map_view(app)
    assert styles(view) == {} and "legend" not in view  # before any state of the story


def test_present_steps_carry_the_states_of_their_event() -> None:
    at = run_page()
    at.query_params["step"] = "31"  # 11 Nov 2020, the last event before 20 Nov 2020
    at.switch_page("pages/present.py").run()
    assert styles(map_view(at))["az-aghdam"] == "contested"
    at.button(key="next").click().run()  # withdrawal from Aghdam district, 20 Nov 2020
    assert not at.exception
    assert styles(map_view(at))["az-aghdam"] == "changed"

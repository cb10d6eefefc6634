"""Areas over time (issue #13): the optional area_states.csv, its checks, the state of each
area at a window's end, and what a map view draws of it."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from articlemap import map_layers, timeline
from articlemap.dataset import Dataset, load_dataset, load_story_files
from articlemap.loading import DataValidationError, parse_area_states
from articlemap.paths import AREA_STATES_CSV, GEODATA_DIR
from articlemap.schema import AREA_STATE_COLUMNS, AREA_STYLES, AreaState
from articlemap.story_files import STORY_FILES
from articlemap.story_zip import read_story_zip, story_zip_bytes

HEADER = ",".join(AREA_STATE_COLUMNS)
AREAS = {"az-aghdam", "az-lachin"}
EVENTS = {"withdrawal-aghdam", "occupation"}
DAY = dt.date


def states_csv(*rows: str) -> str:
    return "\n".join((HEADER, *rows)) + "\n"


def parse(*rows: str) -> tuple[list[AreaState], list[str]]:
    states, errors = parse_area_states(states_csv(*rows), area_ids=AREAS, event_ids=EVENTS)
    return states, [str(e) for e in errors]


@pytest.fixture(scope="module")
def builtin() -> Dataset:
    return load_dataset()


def builtin_files(**overrides: bytes) -> dict[str, bytes]:
    files = {n: (GEODATA_DIR / n).read_bytes() for n in STORY_FILES if (GEODATA_DIR / n).is_file()}
    files.update(overrides)
    return files


# --- parsing ---------------------------------------------------------------------------------


def test_a_good_file_is_read() -> None:
    states, errors = parse(
        "az-aghdam,1994-05-12,2020-11-19,held,contested,occupation,a note",
        "az-aghdam,2020-11-20,,returned,changed,withdrawal-aghdam,",
    )
    assert errors == []
    assert states == [
        AreaState(
            "az-aghdam",
            DAY(1994, 5, 12),
            DAY(2020, 11, 19),
            "held",
            "contested",
            "occupation",
            "a note",
        ),
        AreaState("az-aghdam", DAY(2020, 11, 20), None, "returned", "changed", "withdrawal-aghdam"),
    ]
    assert states[1].date_label == "from 20 Nov 2020"
    assert states[0].date_label == "12 May 1994 – 19 Nov 2020"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "az-nowhere,2020-11-20,,x,changed,occupation,",
            "area_states.csv, row 2, field 'area_id': unknown area 'az-nowhere'",
        ),
        (
            "az-aghdam,2020-11-20,,x,changed,no-such-event,",
            "area_states.csv, row 2, field 'event_id': unknown event 'no-such-event'",
        ),
        (
            "az-aghdam,20 Nov 2020,,x,changed,occupation,",
            "area_states.csv, row 2, field 'state_from': '20 Nov 2020' is not an ISO date",
        ),
        (
            "az-aghdam,2020-02-30,,x,changed,occupation,",
            "area_states.csv, row 2, field 'state_from': '2020-02-30' is not a real date",
        ),
        (
            "az-aghdam,,,x,changed,occupation,",
            "area_states.csv, row 2, field 'state_from': is empty",
        ),
        (
            "az-aghdam,2020-11-20,2020-11-01,x,changed,occupation,",
            "area_states.csv, row 2, field 'state_to': 2020-11-01 is before state_from 2020-11-20",
        ),
        (
            "az-aghdam,2020-11-20,,x,liberated,occupation,",
            "area_states.csv, row 2, field 'style': 'liberated' is not one of: changed, contested",
        ),
        (
            "az-aghdam,2020-11-20,,,changed,occupation,",
            "area_states.csv, row 2, field 'state': is empty",
        ),
        (
            "az-aghdam,2020-11-20,,x,changed,,",
            "area_states.csv, row 2, field 'event_id': is empty",
        ),
        ("az-aghdam,2020-11-20,x", "area_states.csv, row 2: has 3 cells but the header has 7"),
    ],
)
def test_a_bad_row_names_the_file_row_and_field(row: str, message: str) -> None:
    states, errors = parse(row)
    assert states == []
    assert len(errors) == 1 and errors[0].startswith(message), errors


def test_overlapping_states_of_one_area_are_refused_on_the_later_row() -> None:
    states, errors = parse(
        "az-aghdam,1994-05-12,,held,contested,occupation,",
        "az-lachin,2020-11-01,,returned,changed,occupation,",  # another area: no clash
        "az-aghdam,2020-11-20,,returned,changed,withdrawal-aghdam,",
    )
    assert errors == [
        "area_states.csv, row 4, field 'state_from': area 'az-aghdam' is already in another "
        "state then (row 2: from 12 May 1994); states of one area may not overlap"
    ]
    assert [s.area_id for s in states] == ["az-aghdam", "az-lachin"]


def test_a_shared_day_is_an_overlap_and_the_next_day_is_not() -> None:
    _, errors = parse(
        "az-aghdam,2020-01-01,2020-11-20,a,contested,occupation,",
        "az-aghdam,2020-11-20,,b,changed,occupation,",
    )
    assert len(errors) == 1 and "row 3" in errors[0]
    _, errors = parse(
        "az-aghdam,2020-01-01,2020-11-19,a,contested,occupation,",
        "az-aghdam,2020-11-20,,b,changed,occupation,",
    )
    assert errors == []


def test_a_missing_column_is_one_problem() -> None:
    _, errors = parse_area_states("area_id,state_from,state\naz-aghdam,2020-11-20,x\n")
    assert [str(e) for e in errors] == [
        "area_states.csv, row 1, field 'state_to': required column is missing from the header",
        "area_states.csv, row 1, field 'style': required column is missing from the header",
        "area_states.csv, row 1, field 'event_id': required column is missing from the header",
        "area_states.csv, row 1, field 'note': required column is missing from the header",
    ]


def test_a_story_with_bad_states_says_where_without_a_traceback() -> None:
    bad = states_csv("az-atlantis,2020-11-20,,x,changed,nope,").encode()
    files = builtin_files(**{AREA_STATES_CSV: bad})
    with pytest.raises(DataValidationError) as caught:
        load_story_files(files, {AREA_STATES_CSV: "my.zip/area_states.csv"})
    messages = [str(e) for e in caught.value.errors]
    assert messages == [
        "my.zip/area_states.csv, row 2, field 'area_id': unknown area 'az-atlantis': no "
        "feature has that id in areas.geojson or the app's built-in world.geojson",
        "my.zip/area_states.csv, row 2, field 'event_id': unknown event 'nope' (not in events.csv)",
    ]


def test_an_event_row_with_a_bad_cell_is_not_also_an_unknown_event() -> None:
    events = (GEODATA_DIR / "events.csv").read_text(encoding="utf-8")
    broken = events.replace(",2020-11-20,2020-11-20,day,", ",2020-11-20,2020-11-19,day,", 1)
    assert broken != events
    with pytest.raises(DataValidationError) as caught:
        load_story_files(builtin_files(**{"events.csv": broken.encode()}))
    assert all("area_states.csv" not in str(e) for e in caught.value.errors)


# --- the state at a window's end -------------------------------------------------------------

days = st.dates(min_value=DAY(1990, 1, 1), max_value=DAY(2030, 12, 31))


@st.composite
def histories(draw) -> list[AreaState]:
    """Non-overlapping states of a few areas (sorted cut days; the last may stay open)."""
    states = []
    for area in draw(st.lists(st.sampled_from(["a", "b", "c"]), unique=True, max_size=3)):
        cuts = sorted(draw(st.lists(days, min_size=1, max_size=6, unique=True)))
        open_end = draw(st.booleans())
        for i, start in enumerate(cuts):
            last = i == len(cuts) - 1
            if last and not open_end:
                break
            end = None if last else cuts[i + 1] - dt.timedelta(days=1)
            style = draw(st.sampled_from(AREA_STYLES))
            states.append(AreaState(area, start, end, f"{area}{i}", style, "e"))
    return draw(st.permutations(states))


@given(histories(), days, days)
def test_the_state_at_a_window_end_is_the_one_holding_on_that_day(states, one, other) -> None:
    window = timeline.Window(min(one, other), max(one, other))
    got = timeline.area_states_at(states, window)
    for area in {s.area_id for s in states}:
        holding = [
            s
            for s in states
            if s.area_id == area
            and s.state_from <= window.end
            and (s.state_to is None or window.end <= s.state_to)
        ]
        assert len(holding) <= 1
        assert got.get(area) == (holding[0] if holding else None)
    # only the window's end counts: any start gives the same states
    assert timeline.area_states_at(states, timeline.Window(window.end, window.end)) == got


@given(histories())
def test_generated_histories_pass_the_loader(states) -> None:
    rows = [
        f"{s.area_id},{s.state_from},{s.state_to or ''},{s.state},{s.style},{s.event_id},"
        for s in states
    ]
    parsed, errors = parse_area_states(states_csv(*rows))
    assert errors == [] and sorted(parsed, key=repr) == sorted(states, key=repr)


# --- the built-in story ----------------------------------------------------------------------


def test_the_built_in_districts_change_on_their_withdrawal_dates(builtin: Dataset) -> None:
    events = {e.id: e for e in builtin.events}
    changes = {s.area_id: s for s in builtin.area_states if s.style == "changed"}
    assert set(changes) == {"az-aghdam", "az-kalbajar", "az-lachin"}
    for area, state in changes.items():
        event = events[state.event_id]
        assert event.id == f"withdrawal-{area.removeprefix('az-')}"
        assert state.state_from == event.dates[0], "the state starts with its event"
        assert state.state == "returned to Azerbaijani control under the 10 November statement"
    places = {p.area_id: p for p in builtin.places if p.kind == "district"}
    for state in builtin.area_states:  # each area is a place of the story, with its names
        assert state.area_id in places
    before = timeline.area_states_at(
        builtin.area_states, timeline.Window(DAY(2020, 1, 1), DAY(2020, 11, 19))
    )
    after = timeline.area_states_at(
        builtin.area_states, timeline.Window(DAY(2020, 1, 1), DAY(2020, 11, 20))
    )
    assert before["az-aghdam"].style == "contested" and after["az-aghdam"].style == "changed"
    assert after["az-kalbajar"].style == "contested"


def test_the_built_in_states_round_trip_through_a_zip(builtin: Dataset) -> None:
    files = builtin_files()
    assert AREA_STATES_CSV in files
    contents = read_story_zip(story_zip_bytes(files), "story.zip")
    assert contents.files == files
    again = load_story_files(contents.files, contents.labels)
    assert again.area_states == builtin.area_states
    assert story_zip_bytes(contents.files) == story_zip_bytes(files)


def test_a_story_without_the_file_has_no_states() -> None:
    files = builtin_files()
    del files[AREA_STATES_CSV]
    assert load_story_files(files).area_states == []


# --- what a map view draws -------------------------------------------------------------------


def view(ds: Dataset, end: dt.date) -> dict:
    window = timeline.Window(DAY(2020, 2, 15), end)
    geometry = {
        a: g.__geo_interface__ for a, g in zip(ds.areas["id"], ds.areas.geometry, strict=True)
    }
    names = dict(zip(ds.areas["id"], ds.areas["name"], strict=True))
    return map_layers.view_data(
        timeline.events_in_window(ds.events, window),
        geometry,
        names,
        ds.meta,
        states=map_layers.area_states_view(ds.area_states, ds.events, ds.places, window),
    )


def area(data: dict, area_id: str) -> dict:
    (found,) = [f for f in data["areas"] if f["properties"].get("area_id") == area_id]
    return found["properties"]


def test_an_area_is_drawn_by_its_state_at_the_window_end(builtin: Dataset) -> None:
    before, after = view(builtin, DAY(2020, 11, 11)), view(builtin, DAY(2020, 11, 20))
    assert area(before, "az-aghdam")["state_style"] == "contested"
    assert area(after, "az-aghdam")["state_style"] == "changed"
    # Lachin: no event of the window names it, it is drawn for its state
    lachin = area(after, "az-lachin")
    assert lachin["state_style"] == "contested"
    assert lachin["label"].startswith("Lachin district / Laçın rayonu")
    # areas in a state are drawn last (on top of the seven districts that hold them)
    styled = ["state_style" in f["properties"] for f in after["areas"]]
    assert styled == sorted(styled)


def test_the_popup_rows_name_their_events_and_the_view_carries_them(builtin: Dataset) -> None:
    data = view(builtin, DAY(2020, 11, 20))
    rows = area(data, "az-aghdam")["states"]
    assert [(r["style"], r["current"], r["event_id"]) for r in rows] == [
        ("changed", True, "withdrawal-aghdam"),  # the one shown now first
        ("contested", False, "occupation"),
    ]
    assert rows[0]["when"] == "from 20 Nov 2020"
    # the source events are in the view's events (once each), with their quotes
    assert "occupation" in data["events"]
    assert data["events"]["withdrawal-aghdam"]["quote"].startswith("According to the statement")
    assert data["legend_title"] == "Areas on 20 Nov 2020"
    assert {(i["style"], i["label"]) for i in data["legend"]} == {
        ("changed", "returned to Azerbaijani control under the 10 November statement"),
        ("contested", "held by Armenian forces, as at the 1994 ceasefire"),
    }


def test_state_text_is_escaped_for_the_map(builtin: Dataset) -> None:
    hostile = AreaState(
        "az-aghdam",
        DAY(2020, 1, 1),
        None,
        "<img src=x onerror=alert(1)>`$",
        "changed",
        "occupation",
        "<b>",
    )
    states = map_layers.area_states_view(
        [hostile], builtin.events, builtin.places, timeline.Window(DAY(2020, 1, 1), DAY(2020, 2, 1))
    )
    geometry = {"az-aghdam": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}}
    data = map_layers.view_data([], geometry, {}, builtin.meta, states=states)
    text = str(data["areas"]) + str(data["legend"])
    assert "<img" not in text and "<b>" not in text and "`" not in text


def test_no_states_leave_the_view_as_it_was(builtin: Dataset) -> None:
    window = timeline.Window(DAY(2020, 2, 15), DAY(2020, 12, 1))
    events = timeline.events_in_window(builtin.events, window)
    plain = map_layers.view_data(events, {}, {}, builtin.meta)
    assert "legend" not in plain
    assert (
        map_layers.area_states_view([], builtin.events, builtin.places, window)
        is map_layers.NO_STATES
    )


def test_an_edit_keeps_the_stored_area_states() -> None:
    """The Edit page's files (``ui.story_edit.checked_files``) carry the stored file on; an
    edit that drops an event it names is one problem naming the row."""
    from ui.story_edit import checked_files

    ds = load_dataset()
    files = builtin_files()
    args = (
        ds.meta,
        files["article.md"].decode(),
        files["places.csv"].decode(),
        files["events.csv"].decode(),
        None,
        files[AREA_STATES_CSV],
    )
    kept, problems = checked_files(*args)
    assert problems == [] and kept is not None
    assert kept[AREA_STATES_CSV] == files[AREA_STATES_CSV]
    events = "\n".join(
        line for line in args[3].splitlines() if not line.startswith("withdrawal-lachin,")
    )
    kept, problems = checked_files(*args[:3], events + "\n", None, files[AREA_STATES_CSV])
    assert kept is None
    assert [p for p in problems if p.startswith("area_states.csv")] == [
        "area_states.csv, row 7, field 'event_id': unknown event 'withdrawal-lachin' "
        "(not in events.csv)"
    ]
    # the other rows that named it: the events related to it
    others = [p for p in problems if not p.startswith("area_states.csv")]
    assert others and all("field 'related'" in p and "withdrawal-lachin" in p for p in others)


# --- the static site -------------------------------------------------------------------------


def test_the_static_site_gets_each_steps_states_from_the_one_rule(builtin: Dataset) -> None:
    from articlemap.site import site_data

    data = site_data(builtin)
    steps = [DAY.fromisoformat(s["date"]) for s in data["steps"]]
    assert set(data["area_states"]) == {"az-aghdam", "az-kalbajar", "az-lachin"}
    for area_id, entry in data["area_states"].items():
        assert area_id in data["areas"], "its polygon is in the site's data"
        assert len(entry["by_step"]) == len(steps)
        for day, index in zip(steps, entry["by_step"], strict=True):
            now = timeline.area_states_at(builtin.area_states, timeline.up_to(steps[0], day))
            if index is None:
                assert area_id not in now
            else:
                assert entry["states"][index]["state"] == now[area_id].state
    aghdam = data["area_states"]["az-aghdam"]
    assert aghdam["label"].startswith("Aghdam district")
    step = [s["label"] for s in data["steps"]].index("20 Nov 2020")
    assert aghdam["states"][aghdam["by_step"][step]]["style"] == "changed"
    assert aghdam["states"][aghdam["by_step"][step - 1]]["style"] == "contested"


def test_the_cache_key_tells_apart_views_whose_legends_differ(builtin: Dataset) -> None:
    """Two window ends with the same states still name different days in the legend."""

    def key(end: dt.date) -> object:
        window = timeline.Window(DAY(2020, 2, 15), end)
        return map_layers.area_states_view(
            builtin.area_states, builtin.events, builtin.places, window
        ).key

    assert key(DAY(2020, 11, 10)) != key(DAY(2020, 11, 11))
    assert key(DAY(2020, 11, 11)) == key(DAY(2020, 11, 11))
    assert map_layers.NO_STATES.key == ("", ())

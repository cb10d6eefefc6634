"""Related events (#13): the optional ``related`` column of events.csv, its checks, the links
both ways, and where they travel (CSV export, zip, store, the editor's table, the map)."""

from __future__ import annotations

import csv
import io
from functools import cache
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articlemap import draft, export, map_layers
from articlemap.dataset import Dataset, attach_related, load_dataset, load_story_files
from articlemap.event_view import event_view
from articlemap.loading import DataValidationError, parse_events
from articlemap.paths import EVENTS_CSV, GEODATA_DIR
from articlemap.schema import EVENT_COLUMNS, PLACE_COLUMNS, Event, event_columns
from articlemap.store import StoryStore
from articlemap.story import GENERIC_CATEGORIES
from articlemap.story_files import STORY_FILES
from articlemap.story_zip import read_story_zip, story_zip_bytes

CATEGORIES = [c.id for c in GENERIC_CATEGORIES]
WITHDRAWALS = ("withdrawal-kalbajar", "withdrawal-aghdam", "withdrawal-lachin")


@cache
def builtin() -> Dataset:
    return load_dataset()


def builtin_files() -> dict[str, bytes]:
    return {n: (GEODATA_DIR / n).read_bytes() for n in STORY_FILES if (GEODATA_DIR / n).is_file()}


def events_text(rows: list[tuple[str, str]], related_column: bool = True) -> str:
    """A minimal events.csv: (id, related) rows, undated, no quote check."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EVENT_COLUMNS + (("related",) if related_column else ()))
    for eid, related in rows:
        cells = [eid, f"Event {eid}", "", "", "undated", "", "society", "", "A quote.", ""]
        cells += ["article", "", ""]
        writer.writerow(cells + ([related] if related_column else []))
    return out.getvalue()


def parse(text: str) -> tuple[list[Event], list[str]]:
    events, errors = parse_events(text, None, None, categories=CATEGORIES)
    return events, [str(e) for e in errors]


def without_related_column(text: str) -> str:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    i = rows[0].index("related")
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([r[:i] + r[i + 1 :] for r in rows])
    return out.getvalue()


# --- parsing ---------------------------------------------------------------------------------


def test_a_file_without_the_column_still_loads() -> None:
    events, errors = parse(events_text([("a", ""), ("b", "")], related_column=False))
    assert errors == []
    assert [e.related for e in events] == [(), ()]


def test_related_ids_are_split_like_place_ids_and_kept_once() -> None:
    events, errors = parse(events_text([("a", " b ;c; b;"), ("b", ""), ("c", "")]))
    assert errors == []
    assert events[0].related == ("b", "c")


def test_an_unknown_id_names_the_file_row_and_field() -> None:
    events, errors = parse(events_text([("a", ""), ("b", "a; nowhere; gone")]))
    assert errors == [
        "events.csv, row 3, field 'related': unknown event id(s): nowhere, gone",
    ]
    assert [e.id for e in events] == ["a"]


def test_an_event_related_to_itself_is_an_error() -> None:
    _, errors = parse(events_text([("a", "a"), ("b", "")]))
    assert errors == ["events.csv, row 2, field 'related': 'a' names the event itself"]


def test_a_link_to_a_row_with_its_own_problem_is_not_reported_again() -> None:
    text = events_text([("a", "b"), ("b", "")]).replace("b,Event b,,,undated", "b,,,,undated")
    _, errors = parse(text)
    assert errors == ["events.csv, row 3, field 'title': is empty"]


def test_a_bad_related_cell_in_a_story_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    files = builtin_files()
    text = (
        files[EVENTS_CSV]
        .decode("utf-8")
        .replace("withdrawal-aghdam; withdrawal-lachin\n", "withdrawal-aghdam; no-such-event\n")
    )
    files[EVENTS_CSV] = text.encode("utf-8")
    with pytest.raises(DataValidationError) as refused:
        load_story_files(files, {EVENTS_CSV: "my.zip/events.csv"})
    message = str(refused.value)
    row = text.splitlines().index(
        next(line for line in text.splitlines() if line.startswith("withdrawal-kalbajar,"))
    )
    assert (
        f"my.zip/events.csv, row {row + 1}, field 'related': unknown event id(s): no-such-event"
        in message
    )


# --- both ways -------------------------------------------------------------------------------

IDS = [f"e{i}" for i in range(6)]


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(IDS), st.lists(st.sampled_from(IDS), max_size=4), min_size=0, max_size=6
    )
)
def test_links_are_symmetric_and_come_from_some_row(graph: dict[str, list[str]]) -> None:
    rows = [(i, "; ".join(x for x in graph.get(i, []) if x != i)) for i in IDS]
    events, errors = parse(events_text(rows))
    assert errors == []
    linked = {e.id: {i for i, _ in e.linked} for e in attach_related(events)}
    for a in IDS:
        written = {b for b in graph.get(a, []) if b != a}
        assert written <= linked[a]
        for b in linked[a]:
            assert a in linked[b], (a, b)
            assert b in graph.get(a, []) or a in graph.get(b, [])
        assert a not in linked[a]
    titles = {i: t for e in attach_related(events) for i, t in e.linked}
    assert all(t == f"Event {i}" for i, t in titles.items())


def test_the_builtin_statement_leads_to_the_three_withdrawals_and_back() -> None:
    by_id = {e.id: e for e in builtin().events}
    statement = [i for i, _ in by_id["trilateral-statement"].linked]
    assert set(WITHDRAWALS) <= set(statement)
    order = [e.id for e in builtin().events]
    assert statement == sorted(statement, key=order.index)  # in the story's order
    for wid in WITHDRAWALS:
        view = event_view(by_id[wid], builtin().meta)
        assert ("trilateral-statement", by_id["trilateral-statement"].title) in view.related
        others = set(WITHDRAWALS) - {wid}
        assert others <= set(view.related_ids)


# --- writing back ----------------------------------------------------------------------------


def test_export_writes_the_column_when_used_and_round_trips() -> None:
    text = export.events_csv(builtin())
    assert text.splitlines()[0].split(",") == [*EVENT_COLUMNS, "related"]
    files = builtin_files() | {EVENTS_CSV: text.encode("utf-8")}
    again = load_story_files(files)
    assert {e.id: e.related for e in again.events} == {e.id: e.related for e in builtin().events}


def test_a_story_without_links_is_exported_as_before() -> None:
    plain = without_related_column((GEODATA_DIR / EVENTS_CSV).read_text(encoding="utf-8"))
    files = builtin_files() | {EVENTS_CSV: plain.encode("utf-8")}
    ds = load_story_files(files)
    assert all(not e.related and not e.linked for e in ds.events)
    exported = export.events_csv(ds)
    assert exported.splitlines()[0] == ",".join(EVENT_COLUMNS)
    assert "related" not in exported.splitlines()[0]


def test_links_survive_the_zip_and_the_store(tmp_path: Path) -> None:
    files = builtin_files()
    unzipped = read_story_zip(story_zip_bytes(files), "story.zip").files
    store = StoryStore.from_url(f"sqlite:///{tmp_path / 'stories.sqlite'}")
    try:
        store.migrate()
        saved = store.create(unzipped, "Related")
        got = store.get(saved.story_id)
        assert got is not None
        ds = load_story_files(got.files)
    finally:
        store.engine.dispose()
    assert {e.id: e.linked for e in ds.events} == {e.id: e.linked for e in builtin().events}


def test_the_editor_table_has_the_column_and_writes_it_only_when_filled() -> None:
    _, events = draft.table_frames(builtin())
    assert list(events.columns) == list(event_columns(["related"]))
    assert draft.used_event_columns(events) == event_columns(["related"])
    written = draft.frame_csv(events, draft.used_event_columns(events))
    assert "withdrawal-aghdam; withdrawal-lachin" in written
    emptied = events.assign(related=pd.Series([""] * len(events), dtype="string"))
    assert draft.used_event_columns(emptied) == EVENT_COLUMNS
    cleared = events.assign(related=pd.Series([pd.NA] * len(events), dtype="string"))
    assert "related" not in draft.frame_csv(cleared, draft.used_event_columns(cleared))


def test_the_editor_reads_its_tables_with_the_links_both_ways() -> None:
    places, events = draft.table_frames(builtin())
    _, read, problems = draft.read_tables(
        draft.frame_csv(places, PLACE_COLUMNS),
        draft.frame_csv(events, draft.used_event_columns(events)),
        builtin().article,
        builtin().meta,
    )
    assert problems == []
    aghdam = next(e for e in read if e.id == "withdrawal-aghdam")
    assert "trilateral-statement" in {i for i, _ in aghdam.linked}


# --- the map -----------------------------------------------------------------------------------


def area_layers() -> tuple[dict[str, dict], dict[str, str]]:
    geometry, names = {}, {}
    for frame in (builtin().areas, builtin().world):
        assert frame is not None
        for area_id, name, geom in zip(frame["id"], frame["name"], frame.geometry, strict=True):
            geometry[area_id] = geom.__geo_interface__
            names[area_id] = name
    return geometry, names


def emphasis(selected: str | None) -> dict[str, str]:
    geometry, names = area_layers()
    features = map_layers.area_features(
        builtin().events,
        geometry,
        names,
        colours=builtin().meta.colours,
        selected_event_id=selected,
    )
    return {f["id"]: f["properties"]["emphasis"] for f in features}


def test_a_chosen_withdrawal_marks_its_district_apart_and_the_others_as_related() -> None:
    marks = emphasis("withdrawal-aghdam")
    assert marks["aghdam-district"] == "selected"
    assert marks["kalbajar-district"] == marks["lachin-district"] == "related"
    assert "other" in marks.values()
    assert set(emphasis(None).values()) == {""}


def test_the_chosen_statement_marks_the_three_districts_as_related() -> None:
    marks = emphasis("trilateral-statement")
    assert {marks[d] for d in ("aghdam-district", "kalbajar-district", "lachin-district")} == {
        "related"
    }
    assert "selected" not in marks.values()  # its own places are cities (markers)
    markers = map_layers.marker_features(
        builtin().events, "trilateral-statement", colours=builtin().meta.colours
    )
    props = {f["id"]: f["properties"] for f in markers}
    assert props["baku"]["selected"] and not props["baku"]["related"]
    assert props["aghdam-district"]["related"] and not props["aghdam-district"]["selected"]
    assert not props["tovuz"]["related"]


def test_the_popup_data_name_the_related_events() -> None:
    view = map_layers.view_data(
        builtin().events, {}, {}, builtin().meta, selected_event_id="withdrawal-aghdam"
    )
    row = view["events"]["withdrawal-aghdam"]
    assert row["related"][0]["id"] == "trilateral-statement"
    assert row["related"][0]["title"].startswith("Trilateral statement")
    assert "related" not in view["events"]["khojaly"]


def test_the_static_site_data_carry_the_links_both_ways_with_titles() -> None:
    from articlemap.site import site_data

    events = {e["id"]: e for e in site_data(builtin())["events"]}
    aghdam = events["withdrawal-aghdam"]["related"]
    assert {"id": "trilateral-statement", "title": events["trilateral-statement"]["title"]} in (
        aghdam
    )
    assert events["khojaly"]["related"] == []


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_characters="\x00\r"), max_size=40))
def test_any_related_cell_is_a_link_list_or_a_message(cell: str) -> None:
    events, errors = parse(events_text([("a", cell), ("b", "")]))
    ids = [p.strip() for p in cell.split(";") if p.strip()]
    if all(i == "b" for i in ids):
        assert errors == [] and events[0].related == (("b",) if ids else ())
    else:
        assert errors and all("field 'related'" in e and "row 2" in e for e in errors)
        assert [e.id for e in events] == ["b"]

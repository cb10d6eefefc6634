"""Broken copies of the data files give one clear error naming the file, row and field.

Each test copies geodata/ to a temporary folder, breaks one thing in it and checks the error
a user (or the CLI) gets. Row numbers are spreadsheet rows: the header is row 1.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articlemap.dataset import load_dataset
from articlemap.loading import (
    DataValidationError,
    RowError,
    parse_events,
    parse_places,
)
from articlemap.paths import EVENTS_CSV, GEODATA_DIR, PLACES_CSV, PROJECT_ROOT
from articlemap.schema import EVENT_COLUMNS, PLACE_COLUMNS
from articlemap.story import GENERIC_CATEGORIES

CATEGORY_IDS = [c.id for c in GENERIC_CATEGORIES]

# --- helpers ---------------------------------------------------------------------------------


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    target = tmp_path / "geodata"
    shutil.copytree(GEODATA_DIR, target)
    return target


def read_table(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def write_table(path: Path, table: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(table)
    path.write_text(out.getvalue(), encoding="utf-8")


def set_cell(path: Path, row_id: str, field: str, value: str) -> int:
    """Set one cell of the row whose id is ``row_id``; return its spreadsheet row number."""
    table = read_table(path)
    header = table[0]
    for index, row in enumerate(table):
        if index and row[0] == row_id:
            row[header.index(field)] = value
            write_table(path, table)
            return index + 1
    raise AssertionError(f"no row {row_id} in {path.name}")


def cell(path: Path, row_id: str, field: str) -> str:
    table = read_table(path)
    return next(r for r in table[1:] if r[0] == row_id)[table[0].index(field)]


def errors_of(directory: Path) -> list[RowError]:
    with pytest.raises(DataValidationError) as info:
        load_dataset(directory)
    return info.value.errors


def assert_single_error(directory: Path, file: str, row: int | None, field: str | None) -> str:
    """Exactly one problem, at this place; return its message as the user reads it."""
    with pytest.raises(DataValidationError) as info:
        load_dataset(directory)
    errors = info.value.errors
    assert [(e.file, e.row, e.field) for e in errors] == [(file, row, field)], str(info.value)
    shown = str(info.value)
    assert file in shown
    if row is not None:
        assert f"row {row}" in shown
    if field is not None:
        assert f"'{field}'" in shown
    return errors[0].message


# --- one broken thing at a time -------------------------------------------------------------


def test_duplicate_place_id(data_dir):
    places = data_dir / PLACES_CSV
    table = read_table(places)
    table.append(list(table[1]))
    write_table(places, table)
    message = assert_single_error(data_dir, PLACES_CSV, len(table), "id")
    assert table[1][0] in message and "row 2" in message


def test_latitude_out_of_range(data_dir):
    row = set_cell(data_dir / PLACES_CSV, "ganja", "lat", "123")
    assert "123" in assert_single_error(data_dir, PLACES_CSV, row, "lat")


def test_longitude_not_a_number(data_dir):
    row = set_cell(data_dir / PLACES_CSV, "moscow", "lon", "abc")
    assert "abc" in assert_single_error(data_dir, PLACES_CSV, row, "lon")


def test_unknown_kind(data_dir):
    row = set_cell(data_dir / PLACES_CSV, "tovuz", "kind", "village")
    assert "village" in assert_single_error(data_dir, PLACES_CSV, row, "kind")


def test_unknown_place_id_in_an_event(data_dir):
    row = set_cell(data_dir / EVENTS_CSV, "munich-2020", "place_ids", "munich; atlantis")
    message = assert_single_error(data_dir, EVENTS_CSV, row, "place_ids")
    assert "atlantis" in message and "munich" not in message


def test_date_that_does_not_exist(data_dir):
    row = set_cell(data_dir / EVENTS_CSV, "munich-2020", "date_start", "2020-13-01")
    assert "2020-13-01" in assert_single_error(data_dir, EVENTS_CSV, row, "date_start")


def test_date_not_iso(data_dir):
    row = set_cell(data_dir / EVENTS_CSV, "munich-2020", "date_end", "12/05/2020")
    message = assert_single_error(data_dir, EVENTS_CSV, row, "date_end")
    assert "12/05/2020" in message and "ISO" in message


def test_start_after_end(data_dir):
    events = data_dir / EVENTS_CSV
    row = set_cell(events, "tovuz-clashes", "date_start", "2020-07-20")
    assert cell(events, "tovuz-clashes", "date_end") < "2020-07-20"
    assert_single_error(data_dir, EVENTS_CSV, row, "date_end")


def test_quote_not_in_article(data_dir):
    events = data_dir / EVENTS_CSV
    quote = cell(events, "munich-2020", "quote") + " and more"
    row = set_cell(events, "munich-2020", "quote", quote)
    assert "verbatim" in assert_single_error(data_dir, EVENTS_CSV, row, "quote")


def test_day_precision_with_two_dates(data_dir):
    events = data_dir / EVENTS_CSV
    assert cell(events, "tovuz-clashes", "date_start") != cell(events, "tovuz-clashes", "date_end")
    row = set_cell(events, "tovuz-clashes", "date_precision", "day")
    assert "day" in assert_single_error(data_dir, EVENTS_CSV, row, "date_end")


@pytest.mark.parametrize(("file", "column"), [(PLACES_CSV, "kind"), (EVENTS_CSV, "quote")])
def test_missing_required_column(data_dir, file, column):
    table = read_table(data_dir / file)
    index = table[0].index(column)
    write_table(data_dir / file, [r[:index] + r[index + 1 :] for r in table])
    message = assert_single_error(data_dir, file, 1, column)
    assert "missing" in message


def test_row_with_too_many_cells(data_dir):
    places = data_dir / PLACES_CSV
    table = read_table(places)
    index = next(i for i, r in enumerate(table) if r[0] == "sochi")
    table[index].append("extra")
    write_table(places, table)
    message = assert_single_error(data_dir, PLACES_CSV, index + 1, None)
    assert str(len(PLACE_COLUMNS) + 1) in message and str(len(PLACE_COLUMNS)) in message


def test_inferred_place_without_note(data_dir):
    assert cell(data_dir / PLACES_CSV, "sochi", "inferred") == "true"
    row = set_cell(data_dir / PLACES_CSV, "sochi", "note", "")
    assert "inferred" in assert_single_error(data_dir, PLACES_CSV, row, "note")


def test_unknown_area_id(data_dir):
    row = set_cell(data_dir / PLACES_CSV, "ganja", "area_id", "az-atlantis")
    assert "az-atlantis" in assert_single_error(data_dir, PLACES_CSV, row, "area_id")


def test_context_date_without_reference(data_dir):
    events = data_dir / EVENTS_CSV
    assert cell(events, "munich-2020", "context_ref") == ""
    row = set_cell(events, "munich-2020", "date_source", "context")
    assert_single_error(data_dir, EVENTS_CSV, row, "context_ref")


def test_a_bad_place_is_not_reported_again_on_its_events(data_dir):
    """Ganja is used by several events: its bad latitude is one problem, not one per event."""
    assert sum("ganja" in r for r in read_table(data_dir / EVENTS_CSV)[1:]) > 1
    row = set_cell(data_dir / PLACES_CSV, "ganja", "lat", "north")
    assert_single_error(data_dir, PLACES_CSV, row, "lat")


def test_unreadable_geojson_is_a_data_error(data_dir):
    (data_dir / "areas.geojson").write_text("{not json", encoding="utf-8")
    assert_single_error(data_dir, "areas.geojson", None, None)


# --- several problems at once ---------------------------------------------------------------


def test_every_bad_row_is_reported_in_one_error(data_dir):
    places, events = data_dir / PLACES_CSV, data_dir / EVENTS_CSV
    expected = {
        (PLACES_CSV, set_cell(places, "ganja", "lat", "123"), "lat"),
        (PLACES_CSV, set_cell(places, "moscow", "lon", "abc"), "lon"),
        (PLACES_CSV, set_cell(places, "tovuz", "kind", "village"), "kind"),
        (EVENTS_CSV, set_cell(events, "munich-2020", "date_start", "2020-13-01"), "date_start"),
        (EVENTS_CSV, set_cell(events, "valdai-2019", "category", "sport"), "category"),
    }
    errors = errors_of(data_dir)
    assert len(errors) == len(expected)
    assert {(e.file, e.row, e.field) for e in errors} == expected
    with pytest.raises(DataValidationError, match=rf"^{len(expected)} problems in the data"):
        load_dataset(data_dir)


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "articlemap", *args],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_cli_validate_reports_bad_rows_without_traceback(data_dir):
    lat_row = set_cell(data_dir / PLACES_CSV, "ganja", "lat", "123")
    date_row = set_cell(data_dir / EVENTS_CSV, "munich-2020", "date_end", "12/05/2020")
    result = run_cli("validate", str(data_dir))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert f"places.csv, row {lat_row}, field 'lat'" in result.stderr
    assert f"events.csv, row {date_row}, field 'date_end'" in result.stderr
    assert "OK" not in result.stdout


def test_cli_validate_unreadable_geojson_without_traceback(data_dir):
    (data_dir / "world.geojson").write_bytes(b"\x89PNG not geojson")
    result = run_cli("validate", str(data_dir))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "world.geojson" in result.stderr


# --- encodings ------------------------------------------------------------------------------


def test_binary_file_is_reported_as_binary(data_dir):
    (data_dir / PLACES_CSV).write_bytes(b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)))
    message = assert_single_error(data_dir, PLACES_CSV, None, None)
    assert "binary" in message


def test_utf8_bom_file_loads(data_dir):
    original = load_dataset(data_dir)
    for name in (PLACES_CSV, EVENTS_CSV):
        path = data_dir / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    with_bom = load_dataset(data_dir)
    assert with_bom.places == original.places
    assert with_bom.events == original.events


def test_cp1252_file_loads(tmp_path):
    """A spreadsheet saved as Windows-1252 keeps its typographic quotes and dashes."""
    text = (GEODATA_DIR / EVENTS_CSV).read_text(encoding="utf-8")
    # Keep only what Windows-1252 can encode (the Azerbaijani ə cannot).
    text = "".join(ch if ch.encode("cp1252", errors="ignore") else "e" for ch in text)
    assert any(ord(ch) > 127 for ch in text)
    dirs = {}
    for encoding in ("utf-8", "cp1252"):
        target = tmp_path / encoding
        shutil.copytree(GEODATA_DIR, target)
        (target / EVENTS_CSV).write_bytes(text.encode(encoding))
        dirs[encoding] = target
    assert (dirs["cp1252"] / EVENTS_CSV).read_bytes() != (dirs["utf-8"] / EVENTS_CSV).read_bytes()
    from_cp1252 = load_dataset(dirs["cp1252"]).events
    assert from_cp1252 == load_dataset(dirs["utf-8"]).events
    assert any("’" in e.quote for e in from_cp1252)


# --- the parsers never raise -----------------------------------------------------------------

odd_text = st.text(
    alphabet=st.one_of(
        st.characters(),
        st.sampled_from([",", '"', "\n", "\r", ";", "\ufeff", "\x00", "ə", "’", "\u202e"]),
    ),
    max_size=300,
)


def cells_row(columns: tuple[str, ...]) -> st.SearchStrategy[list[str]]:
    cell_text = st.one_of(
        odd_text.filter(lambda s: "\x00" not in s),
        st.sampled_from(["", "true", "2020-02-30", "2020-01-01", "day", "city", "ganja", "1e400"]),
    )
    return st.lists(cell_text, min_size=len(columns) - 1, max_size=len(columns) + 1)


def as_csv(header: tuple[str, ...], rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows([list(header), *rows])  # \r\n rows, as spreadsheets write
    return out.getvalue()


def check_result(records: list, errors: list[RowError], file: str) -> None:
    assert isinstance(records, list)
    for e in errors:
        assert isinstance(e, RowError) and e.file == file
        assert e.row is None or e.row >= 1
        assert str(e).startswith(file)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(odd_text)
def test_parsers_never_raise_on_arbitrary_text(text):
    places, errors = parse_places(text)
    check_result(places, errors, "places.csv")
    events, errors = parse_events(text, {"ganja"}, "some article", categories=CATEGORY_IDS)
    check_result(events, errors, "events.csv")


def data_rows(rows: list[list[str]]) -> int:
    return sum(any(c.strip() for c in r) for r in rows)


@settings(max_examples=60, deadline=None)
@given(st.lists(cells_row(PLACE_COLUMNS), max_size=6))
def test_every_place_row_is_loaded_or_reported(rows):
    places, errors = parse_places(as_csv(PLACE_COLUMNS, rows), known_area_ids={"az-ganja"})
    check_result(places, errors, "places.csv")
    bad_rows = {e.row for e in errors}
    assert None not in bad_rows and 1 not in bad_rows
    assert len(places) + len(bad_rows) == data_rows(rows)


@settings(max_examples=60, deadline=None)
@given(st.lists(cells_row(EVENT_COLUMNS), max_size=6), odd_text)
def test_every_event_row_is_loaded_or_reported(rows, article):
    events, errors = parse_events(
        as_csv(EVENT_COLUMNS, rows), {"ganja"}, article, categories=CATEGORY_IDS
    )
    check_result(events, errors, "events.csv")
    bad_rows = {e.row for e in errors}
    assert None not in bad_rows and 1 not in bad_rows
    assert len(events) + len(bad_rows) == data_rows(rows)
    for event in events:
        assert event.quote in article

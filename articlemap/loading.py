"""Read places.csv and events.csv into records, checking every row.

The files are edited by hand (spreadsheets) and uploaded by users, so a bad row must give
one clear message naming the file, the row and the field — every bad row at once, so the
editor can fix them all in one go — and never a traceback. Row numbers are spreadsheet
line numbers: the header is row 1, the first record row 2.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from articlemap import text_upload
from articlemap.schema import (
    AREA_STATE_COLUMNS,
    AREA_STYLES,
    DATE_PRECISIONS,
    EVENT_COLUMNS,
    LIST_SEPARATOR,
    PLACE_COLUMNS,
    PLACE_KINDS,
    SOURCES,
    AreaState,
    Event,
    Place,
)

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TRUE_WORDS = {"true", "yes", "1"}
FALSE_WORDS = {"false", "no", "0", ""}


@dataclass(frozen=True)
class RowError:
    """One problem in one cell (or row, or file) of a data file."""

    file: str
    row: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.field:
            where.append(f"field '{self.field}'")
        return f"{', '.join(where)}: {self.message}"


class DataValidationError(Exception):
    """All the problems found in a dataset, in file and row order."""

    def __init__(self, errors: Sequence[RowError]):
        self.errors = list(errors)
        super().__init__(self.summary())

    def summary(self) -> str:
        n = len(self.errors)
        lines = [f"{n} problem{'s' if n != 1 else ''} in the data:"]
        lines += [f"- {e}" for e in self.errors]
        return "\n".join(lines)


def decode_text(data: bytes, file: str) -> str:
    """Decode a stored or uploaded data file with the uploads' one decoder (BOMs, UTF-8, a
    legacy code page); a binary file is one clear problem naming the file."""
    try:
        return text_upload.decode(data, file).text
    except text_upload.NotText as exc:
        raise DataValidationError([RowError(file, None, None, str(exc))]) from exc


def read_csv_rows(
    text: str, file: str, columns: Sequence[str], errors: list[RowError]
) -> list[tuple[int, dict[str, str]]]:
    """Split CSV text into (row number, cells) pairs, reporting structural faults."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        errors.append(RowError(file, None, None, "the file is empty"))
        return []
    except csv.Error as exc:
        errors.append(RowError(file, 1, None, f"unreadable CSV header: {exc}"))
        return []
    header = [h.strip() for h in header]
    missing = [c for c in columns if c not in header]
    for col in missing:
        errors.append(RowError(file, 1, col, "required column is missing from the header"))
    if missing:
        return []
    rows: list[tuple[int, dict[str, str]]] = []
    line = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            errors.append(RowError(file, reader.line_num, None, f"unreadable CSV: {exc}"))
            break
        line += 1
        if not any(c.strip() for c in cells):
            continue  # blank spreadsheet row
        if len(cells) != len(header):
            errors.append(
                RowError(
                    file,
                    line,
                    None,
                    f"has {len(cells)} cells but the header has {len(header)} columns",
                )
            )
            continue
        rows.append((line, {h: c.strip() for h, c in zip(header, cells, strict=True)}))
    return rows


def split_list(cell: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in cell.split(LIST_SEPARATOR) if p.strip())


class _RowChecker:
    """Collects the errors of one row while converting its cells."""

    def __init__(self, file: str, row: int, cells: dict[str, str], errors: list[RowError]):
        self.file, self.row, self.cells, self.errors = file, row, cells, errors
        self.ok = True

    def fail(self, field: str | None, message: str) -> None:
        self.ok = False
        self.errors.append(RowError(self.file, self.row, field, message))

    def text(self, field: str, required: bool = True) -> str:
        value = self.cells.get(field, "")
        if required and not value:
            self.fail(field, "is empty")
        return value

    def ident(self, field: str) -> str:
        value = self.text(field)
        if value and not ID_PATTERN.match(value):
            self.fail(field, f"'{value}' is not an id (use lower-case letters, digits and '-')")
        return value

    def choice(self, field: str, allowed: Iterable[str], required: bool = True) -> str:
        value = self.text(field, required)
        allowed = tuple(allowed)
        if value and value not in allowed:
            self.fail(field, f"'{value}' is not one of: {', '.join(allowed)}")
        return value

    def number(self, field: str, low: float, high: float) -> float:
        value = self.text(field)
        if not value:
            return math.nan
        try:
            number = float(value)
        except ValueError:
            self.fail(field, f"'{value}' is not a number")
            return math.nan
        if not low <= number <= high:
            self.fail(field, f"{number} is outside {low} … {high}")
        return number

    def boolean(self, field: str) -> bool:
        value = self.cells.get(field, "").lower()
        if value in TRUE_WORDS:
            return True
        if value not in FALSE_WORDS:
            self.fail(field, f"'{value}' is not true or false")
        return False

    def date(self, field: str) -> dt.date | None:
        value = self.cells.get(field, "")
        if not value:
            return None
        if not ISO_DATE.match(value):
            self.fail(field, f"'{value}' is not an ISO date (YYYY-MM-DD)")
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.fail(field, f"'{value}' is not a real date")
            return None


def parse_places(
    text: str,
    file: str = "places.csv",
    known_area_ids: set[str] | None = None,
    area_files: Sequence[str] | None = None,
) -> tuple[list[Place], list[RowError]]:
    """Places of a CSV; ``known_area_ids`` (when the areas are loaded) checks ``area_id``,
    and ``area_files`` (the layers they come from) says where an unknown one was looked for."""
    where = f": no feature has that id in {' or '.join(area_files)}" if area_files else ""
    errors: list[RowError] = []
    places: list[Place] = []
    seen: dict[str, int] = {}
    for row, cells in read_csv_rows(text, file, PLACE_COLUMNS, errors):
        c = _RowChecker(file, row, cells, errors)
        pid = c.ident("id")
        if pid in seen:
            c.fail("id", f"'{pid}' is used twice (first in row {seen[pid]})")
        place = Place(
            id=pid,
            name=c.text("name"),
            other_names=split_list(cells["other_names"]),
            kind=c.choice("kind", PLACE_KINDS),
            lat=c.number("lat", -90, 90),
            lon=c.number("lon", -180, 180),
            source=c.text("source"),
            inferred=c.boolean("inferred"),
            area_id=cells["area_id"],
            note=cells["note"],
        )
        if place.area_id and known_area_ids is not None and place.area_id not in known_area_ids:
            c.fail("area_id", f"unknown area '{place.area_id}'{where}")
        if place.inferred and not place.note:
            c.fail("note", "an inferred place needs a note saying why it is on the map")
        if pid and pid not in seen:
            seen[pid] = row
        if c.ok:
            places.append(place)
    return places, errors


def _check_dates(c: _RowChecker, start: dt.date | None, end: dt.date | None, precision: str):
    """The normalized dates must agree with the stated precision."""
    raw_start, raw_end = c.cells["date_start"], c.cells["date_end"]
    if precision == "undated":
        if raw_start or raw_end:
            c.fail("date_precision", "is 'undated' but date_start/date_end are filled in")
        return
    if not raw_start:
        c.fail("date_start", f"is empty but date_precision is '{precision}'")
    if not raw_end:
        c.fail("date_end", f"is empty but date_precision is '{precision}'")
    if start is None or end is None:
        return
    if start > end:
        c.fail("date_end", f"{end} is before date_start {start}")
    elif precision == "day" and start != end:
        c.fail("date_end", "a 'day' date must have date_end equal to date_start")
    elif precision == "range" and start == end:
        c.fail("date_precision", "a 'range' needs date_end after date_start (use 'day')")
    elif precision == "month" and (
        start.day != 1
        or (start.year, start.month) != (end.year, end.month)
        or not _is_last_day_of_month(end)
    ):
        c.fail("date_end", "a 'month' date runs from the 1st to the last day of one month")
    elif precision == "year" and (start, end) != (
        dt.date(start.year, 1, 1),
        dt.date(start.year, 12, 31),
    ):
        c.fail("date_end", "a 'year' date runs from 1 January to 31 December of one year")


def _is_last_day_of_month(day: dt.date) -> bool:
    return (day + dt.timedelta(days=1)).month != day.month


def parse_events(
    text: str,
    place_ids: set[str] | None,
    article_text: str | None,
    file: str = "events.csv",
    *,
    categories: Iterable[str],
) -> tuple[list[Event], list[RowError]]:
    """Events of a CSV; ``place_ids`` (None when unknown) checks ``place_ids`` references,
    ``categories`` (the story's) the category column."""
    errors: list[RowError] = []
    events: list[Event] = []
    seen: dict[str, int] = {}
    allowed = tuple(categories)
    rows = read_csv_rows(text, file, EVENT_COLUMNS, errors)
    # ``related`` names rows of this file, valid or not (a row with a bad cell is reported
    # once, for that cell, not again on every row that links to it).
    declared = {cells["id"] for _, cells in rows if cells["id"]}
    for row, cells in rows:
        c = _RowChecker(file, row, cells, errors)
        eid = c.ident("id")
        if eid in seen:
            c.fail("id", f"'{eid}' is used twice (first in row {seen[eid]})")
        start, end = c.date("date_start"), c.date("date_end")
        precision = c.choice("date_precision", DATE_PRECISIONS)
        if precision:
            _check_dates(c, start, end, precision)
        ids = split_list(cells["place_ids"])
        unknown = [p for p in ids if place_ids is not None and p not in place_ids]
        if unknown:
            c.fail("place_ids", f"unknown place id(s): {', '.join(unknown)}")
        quote = c.text("quote")
        if quote and article_text is not None and quoted_part(quote) not in article_text:
            c.fail("quote", f"is not found verbatim in the article: “{_clip(quote)}”")
        as_written = cells["date_as_written"]
        if as_written and quote and as_written not in quote:
            c.fail("date_as_written", f"'{as_written}' does not appear in the quote")
        source = c.choice("source", SOURCES)
        date_source = c.choice("date_source", SOURCES, required=precision != "undated")
        if "context" in (source, date_source) and not cells["context_ref"]:
            c.fail("context_ref", "facts from outside the article need a reference")
        event = Event(
            id=eid,
            title=c.text("title"),
            date_start=start,
            date_end=end,
            date_precision=precision,
            date_as_written=as_written,
            category=c.choice("category", allowed),
            place_ids=ids,
            quote=quote,
            source=source,
            date_source=date_source,
            context_ref=cells["context_ref"],
            note=cells["note"],
            related=_related(c, eid, declared),
        )
        if eid and eid not in seen:
            seen[eid] = row
        if c.ok:
            events.append(event)
    return events, errors


def parse_area_states(
    text: str,
    file: str = "area_states.csv",
    *,
    area_ids: set[str] | None = None,
    event_ids: set[str] | None = None,
    area_files: Sequence[str] | None = None,
) -> tuple[list[AreaState], list[RowError]]:
    """The states of areas over time (the optional ``area_states.csv``). ``area_ids`` (the
    loaded layers' ids, None when unknown) and ``event_ids`` (the events file's) check the
    references; two states of one area may not share a day."""
    where = f": no feature has that id in {' or '.join(area_files)}" if area_files else ""
    errors: list[RowError] = []
    kept: list[tuple[int, AreaState]] = []
    for row, cells in read_csv_rows(text, file, AREA_STATE_COLUMNS, errors):
        c = _RowChecker(file, row, cells, errors)
        area_id = c.text("area_id")
        if area_id and area_ids is not None and area_id not in area_ids:
            c.fail("area_id", f"unknown area '{area_id}'{where}")
        start = c.date("state_from")
        if not cells["state_from"]:
            c.fail("state_from", "is empty (the first day of the state)")
        end = c.date("state_to")
        if start is not None and end is not None and end < start:
            c.fail("state_to", f"{end} is before state_from {start}")
        state = c.text("state")
        style = c.choice("style", AREA_STYLES)
        event_id = c.text("event_id")
        if event_id and event_ids is not None and event_id not in event_ids:
            c.fail("event_id", f"unknown event '{event_id}' (not in events.csv)")
        if c.ok and start is not None:
            kept.append(
                (row, AreaState(area_id, start, end, state, style, event_id, cells["note"]))
            )
    states: list[AreaState] = []
    for row, area_state in kept:
        clash = next(
            (
                (other_row, other)
                for other_row, other in kept
                if other_row < row
                and other.area_id == area_state.area_id
                and _overlap(other, area_state)
            ),
            None,
        )
        if clash is not None:
            errors.append(
                RowError(
                    file,
                    row,
                    "state_from",
                    f"area '{area_state.area_id}' is already in another state then "
                    f"(row {clash[0]}: {clash[1].date_label}); states of one area may not overlap",
                )
            )
        else:
            states.append(area_state)
    errors.sort(key=lambda e: e.row or 0)
    return states, errors


def _overlap(a: AreaState, b: AreaState) -> bool:
    """Whether two states share a day (an open end runs for ever)."""
    a_ends_after_b_starts = a.state_to is None or a.state_to >= b.state_from
    b_ends_after_a_starts = b.state_to is None or b.state_to >= a.state_from
    return a_ends_after_b_starts and b_ends_after_a_starts


def _related(c: _RowChecker, eid: str, declared: set[str]) -> tuple[str, ...]:
    """The optional ``related`` cell: ids of other events of the file, each once."""
    ids = tuple(dict.fromkeys(split_list(c.cells.get("related", ""))))
    if eid and eid in ids:
        c.fail("related", f"'{eid}' names the event itself")
    unknown = [i for i in ids if i not in declared]
    if unknown:
        c.fail("related", f"unknown event id(s): {', '.join(unknown)}")
    return tuple(i for i in ids if i != eid)


ELISION = "…"


def quoted_part(quote: str) -> str:
    """The verbatim part of a quote: a long sentence is quoted in part, with "…" where it
    was cut (at either end), as a reader would write it."""
    core = quote.removeprefix(ELISION).removesuffix(ELISION)
    return core or quote


def _clip(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def read_text_file(path: Path) -> str:
    return decode_text(path.read_bytes(), path.name)

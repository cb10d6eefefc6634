"""A long table edited one page at a time: the rows of a page, and a page's edits folded
back into the whole table.

The draft of a 2 MB upload has 2,000 events. Sending all of them to the browser's table
editor on every rerun of the page cost the server tens of milliseconds of serialising (and
the browser a 1.6 MB message), shared with every other reader's slider moves. The editor
shows one page of rows instead; what the person changed on a page is folded into the whole
table when they turn to another page, so no edit is lost between pages.

The edits have the shape of the table editor's own record of them (Streamlit's
``st.data_editor`` session state): cells changed by row position in the page, rows added at
the end of the page, rows deleted by position in the page.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

PAGE_ROWS = 200


@dataclass(frozen=True)
class Page:
    """Rows ``start`` .. ``stop`` (exclusive) of a table: page ``number`` of ``count``."""

    number: int
    count: int
    start: int
    stop: int

    @property
    def label(self) -> str:
        return f"rows {self.start + 1:,}–{self.stop:,}" if self.stop > self.start else "no rows"


def page_count(rows: int, size: int = PAGE_ROWS) -> int:
    """At least one page, even for an empty table (so rows can be added to it)."""
    return max(1, math.ceil(rows / size))


def page_of(rows: int, number: int, size: int = PAGE_ROWS) -> Page:
    """Page ``number`` (0-based; clamped into range, since deleting rows can remove the
    page the person was on)."""
    count = page_count(rows, size)
    number = min(max(0, number), count - 1)
    start = number * size
    return Page(number, count, start, min(rows, start + size))


def page_rows(frame: pd.DataFrame, page: Page) -> pd.DataFrame:
    """The page's rows, numbered from 0 as the editor numbers them."""
    return frame.iloc[page.start : page.stop].reset_index(drop=True)


def splice(frame: pd.DataFrame, page: Page, edited: pd.DataFrame) -> pd.DataFrame:
    """The whole table with the page's rows replaced by ``edited`` (which may have more or
    fewer rows than the page had)."""
    parts = [frame.iloc[: page.start], edited, frame.iloc[page.stop :]]
    return pd.concat(parts, ignore_index=True)[list(frame.columns)]


def apply_edits(frame: pd.DataFrame, page: Page, edits: Mapping[str, Any] | None) -> pd.DataFrame:
    """The whole table after the editor's ``edits`` of ``page``: cells first, then deleted
    rows, then added rows (the order the editor applies them in), all in page positions."""
    if not edits:
        return frame
    rows = page_rows(frame, page).copy()
    columns = list(frame.columns)
    for position, changes in _edited_rows(edits.get("edited_rows")):
        if 0 <= position < len(rows):
            for column, value in changes.items():
                if column in columns:
                    rows.at[position, column] = _cell(value)
    deleted = sorted({int(p) for p in edits.get("deleted_rows") or () if 0 <= int(p) < len(rows)})
    if deleted:
        rows = rows.drop(index=deleted).reset_index(drop=True)
    added = [_row(added, columns) for added in edits.get("added_rows") or ()]
    if added:
        extra = pd.DataFrame(added, columns=columns).astype(frame.dtypes.to_dict())
        rows = pd.concat([rows, extra], ignore_index=True)
    return splice(frame, page, rows.astype(frame.dtypes.to_dict()))


def _edited_rows(value: object) -> Sequence[tuple[int, Mapping[str, Any]]]:
    if not isinstance(value, Mapping):
        return ()
    return [(int(k), v) for k, v in value.items() if isinstance(v, Mapping)]


def _row(added: object, columns: list[str]) -> dict[str, Any]:
    values = added if isinstance(added, Mapping) else {}
    return {c: _cell(values.get(c)) for c in columns}


def _cell(value: object) -> Any:
    """An edited cell as the all-text tables hold it (None stays missing)."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return pd.NA
    return str(value)

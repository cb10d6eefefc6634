"""What the two timelines (the Timeline page and a comparison's) chart of each dated event.

One row per event, the same columns and the same tooltip on both charts, so that a reader
sees an event described alike wherever it is drawn. Text goes through ``display_text`` (the
Vega-Lite tooltip shows it as text; bidi controls are neutralised there too).
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from articlemap.escaping import display_text
from articlemap.schema import Event


def event_row(event: Event) -> dict[str, object]:
    """A dated event's chart row: its span (end inclusive: a day's bar is one day wide)."""
    start, end = event.dates
    return {
        "id": event.id,
        "title": display_text(event.title),
        "start": pd.Timestamp(start),
        "end": pd.Timestamp(end) + pd.Timedelta(days=1),
        "date": event.date_label,
        "as_written": display_text(event.date_as_written) or "—",
        "precision": event.date_precision,
    }


def event_rows(events: Sequence[Event]) -> list[dict[str, object]]:
    return [event_row(e) for e in events if e.is_dated]


def tooltip(*first: alt.Tooltip) -> list[alt.Tooltip]:
    """The event's tooltip lines, after ``first`` (the comparison's account)."""
    return [
        *first,
        alt.Tooltip("title:N", title="Event"),
        alt.Tooltip("as_written:N", title="As written"),
        alt.Tooltip("date:N", title="Date"),
        alt.Tooltip("precision:N", title="Precision"),
    ]

"""A long table edited a page at a time: no edit is lost or misplaced when pages turn."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articlemap import table_edits
from articlemap.table_edits import PAGE_ROWS, apply_edits, page_of, page_rows, splice

COLUMNS = ["id", "title"]


def table(n: int) -> pd.DataFrame:
    rows = [{"id": f"e{i}", "title": f"Event {i}"} for i in range(n)]
    return pd.DataFrame(rows, columns=COLUMNS).astype("string")


def streamlit_applies(rows: pd.DataFrame, edits: dict) -> pd.DataFrame:
    """What st.data_editor returns for ``rows`` and its edit state (its own code)."""
    from streamlit.elements.lib.column_config_utils import determine_dataframe_schema
    from streamlit.elements.widgets.data_editor import _apply_dataframe_edits

    schema = determine_dataframe_schema(rows, pa.Table.from_pandas(rows).schema)
    return _apply_dataframe_edits(rows.copy(), edits, schema).reset_index(drop=True)


def test_pages_cover_the_table_once_and_in_order() -> None:
    pages = [page_of(450, n) for n in range(table_edits.page_count(450))]
    assert [(p.start, p.stop) for p in pages] == [(0, 200), (200, 400), (400, 450)]
    assert pages[1].label == "rows 201–400"
    assert table_edits.page_count(0) == 1 and page_of(0, 3).label == "no rows"
    assert page_of(450, 9).number == 2  # clamped: rows were deleted under the person


def test_a_pages_edits_land_on_its_own_rows() -> None:
    whole = table(450)
    page = page_of(len(whole), 1)
    edits = {
        "edited_rows": {0: {"title": "Changed"}, 5: {"title": None}},
        "deleted_rows": [1, 2],
        "added_rows": [{"id": "new", "title": "Added"}],
    }
    out = apply_edits(whole, page, edits)
    assert len(out) == 450 - 2 + 1
    assert out.loc[200, "title"] == "Changed"  # the page's first row is the table's 201st
    assert out.loc[201, "id"] == "e203"  # e201 and e202 are gone
    assert pd.isna(out.loc[203, "title"])  # e205, emptied
    assert out.loc[398, "id"] == "new"  # added at the end of its page
    assert out.loc[399, "id"] == "e400"  # the next page starts as before
    assert out.loc[0, "title"] == "Event 0" and out.dtypes.to_dict() == whole.dtypes.to_dict()


def test_no_edits_leave_the_table_as_it_is() -> None:
    whole = table(10)
    assert apply_edits(whole, page_of(10, 0), None) is whole
    empty = {"edited_rows": {}, "added_rows": [], "deleted_rows": []}
    assert apply_edits(whole, page_of(10, 0), empty).equals(whole)


def test_forged_edit_state_is_ignored_not_raised() -> None:
    whole = table(5)
    edits = {
        "edited_rows": {99: {"title": "x"}, 1: {"nope": "x"}, 2: "not a dict"},
        "deleted_rows": [-1, 42],
        "added_rows": ["junk", {"title": 7}],
    }
    out = apply_edits(whole, page_of(5, 0), edits)
    assert list(out["id"][:5]) == list(whole["id"])
    assert len(out) == 7 and pd.isna(out.loc[5, "title"]) and out.loc[6, "title"] == "7"


edit_states = st.fixed_dictionaries(
    {
        "edited_rows": st.dictionaries(
            st.integers(0, PAGE_ROWS - 1),
            st.fixed_dictionaries({}, optional={"title": st.none() | st.text(max_size=5)}),
            max_size=6,
        ),
        "deleted_rows": st.lists(st.integers(0, PAGE_ROWS - 1), max_size=6, unique=True),
        "added_rows": st.lists(
            st.fixed_dictionaries({"id": st.text(min_size=1, max_size=4)}), max_size=3
        ),
    }
)


@settings(max_examples=60, deadline=None)
@given(rows=st.integers(0, 3 * PAGE_ROWS), number=st.integers(0, 3), edits=edit_states)
def test_folding_a_page_gives_what_the_editor_showed(rows: int, number: int, edits) -> None:
    """The fold (done when the person turns the page) and the editor's own result spliced
    into the table (what the page checks while they are on it) agree, for any edits."""
    whole = table(rows)
    page = page_of(rows, number)
    shown = page_rows(whole, page)
    edits = {
        "edited_rows": {k: v for k, v in edits["edited_rows"].items() if k < len(shown)},
        "deleted_rows": [k for k in edits["deleted_rows"] if k < len(shown)],
        "added_rows": edits["added_rows"],
    }
    expected = splice(whole, page, streamlit_applies(shown, edits).astype("string"))
    folded = apply_edits(whole, page, edits)
    pd.testing.assert_frame_equal(folded, expected)


@pytest.mark.parametrize("number", [0, 1, 2])
def test_splice_without_changes_is_the_identity(number: int) -> None:
    whole = table(450)
    page = page_of(450, number)
    pd.testing.assert_frame_equal(splice(whole, page, page_rows(whole, page)), whole)

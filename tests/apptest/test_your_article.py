"""The "Your article" page in-process: paste -> draft tables and map; bad uploads -> errors.

The page runs inside the real app (app.py).
"""

from __future__ import annotations

import datetime as dt
import time

import pytest
from streamlit.testing.v1 import AppTest

from ui import layout

from .conftest import APP, map_args, map_view, marker_place_ids

PAGE = "pages/your_article.py"
ENTRY = (PAGE, "Your article", ":material/upload_file:")
TEXT = (
    "Armenian forces fired rockets at Ganja on 17 October 2020.\n\n"
    "Earlier, the foreign ministers met in Moscow on 9 October 2020."
)


@pytest.fixture
def page() -> AppTest:
    assert ENTRY in layout.PAGES
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert at.title[0].value == "Your article"
    return at


def finish(at: AppTest, timeout: float = 60.0) -> AppTest:
    """Rerun until the extraction (in a worker process) has finished, as the page's polling
    fragment would; the progress panel shows meanwhile."""
    deadline = time.monotonic() + timeout
    while "ya_job" in at.session_state and time.monotonic() < deadline:
        time.sleep(0.1)
        at.run()
    assert "ya_job" not in at.session_state, "the extraction did not finish"
    return at


def paste(at: AppTest, text: str) -> AppTest:
    at.text_area(key="ya_text").input(text)
    at.button(key="ya_extract").click().run()
    return finish(at)


def tables(at: AppTest):
    places, events = (df.value for df in list(at.dataframe)[:2])
    return places, events


def test_pasted_text_gives_place_and_event_tables_and_map(page: AppTest):
    paste(page, TEXT)
    assert not page.exception and not page.error
    places, events = tables(page)
    assert set(places["name"]) == {"Ganja", "Moscow"}
    assert sorted(zip(events["date_start"], events["place_ids"], strict=True)) == [
        ("2020-10-09", "moscow"),
        ("2020-10-17", "ganja"),
    ]
    assert all(q in TEXT for q in events["quote"])
    assert set(marker_place_ids(page)) == {"ganja", "moscow"}
    labels = [b.label for b in page.get("download_button")]
    assert labels == ["places.csv", "events.csv", "article.md"]


def test_binary_upload_shows_an_error_and_keeps_the_draft(page: AppTest):
    paste(page, TEXT)
    page.file_uploader[0].upload(
        "holiday.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "text/plain"
    ).run()
    finish(page)
    assert not page.exception
    assert len(page.error) == 1
    assert "holiday" in page.error[0].value and "PNG image" in page.error[0].value
    places, _ = tables(page)  # the last good draft is still there
    assert set(places["name"]) == {"Ganja", "Moscow"}


def test_text_upload_replaces_the_draft(page: AppTest):
    paste(page, TEXT)
    page.file_uploader[0].upload(
        "note.txt", "Talks in Tbilisi on 3 May 2021.".encode("cp1252"), "text/plain"
    ).run()
    finish(page)
    assert not page.exception and not page.error
    places, events = tables(page)
    assert list(places["name"]) == ["Tbilisi"]
    assert list(events["date_start"]) == ["2021-05-03"]


def test_empty_paste_is_an_error_not_a_draft(page: AppTest):
    paste(page, "   ")
    assert not page.exception
    assert "no text" in page.error[0].value
    assert not page.dataframe
    assert page.info  # the hint to paste or upload


def test_a_two_column_pdf_and_a_word_file_become_drafts(page: AppTest):
    from articlemap.article_text import load_article
    from tests.document_makers import article_docx, article_pdf

    article = load_article()
    for name, data in (
        ("article.pdf", article_pdf(article)),
        ("article.docx", article_docx(article)),
    ):
        page.file_uploader[0].upload(name, data, "application/octet-stream").run()
        finish(page, timeout=120)
        assert not page.exception and not page.error, name
        places, events = tables(page)
        assert {"Ganja", "Moscow", "Washington"} <= set(places["name"]), name
        assert len(events) >= 20
        assert any("Read as" in c.value for c in page.caption) or name.endswith(".docx")


def test_a_renamed_image_is_refused_in_the_worker_and_named(page: AppTest):
    page.file_uploader[0].upload(
        "scan.pdf", b"\x89PNG\r\n\x1a\n" + bytes(300), "application/pdf"
    ).run()
    finish(page)
    assert not page.exception
    assert "scan" in page.error[0].value and "PNG image" in page.error[0].value


def long_text(n: int) -> str:
    """``n`` dated events (one a day from 1 January 2020), each in Moscow."""
    days = [dt.date(2020, 1, 1) + dt.timedelta(days=i) for i in range(n)]
    return "\n\n".join(f"The ministers met in Moscow on {d.day} {d:%B %Y}." for d in days)


def test_a_long_draft_is_edited_a_page_of_rows_at_a_time(page: AppTest):
    """450 events: the editor holds 200 rows, the rest a page away; the checked tables
    (downloads, map, save) still have every row, whichever page is shown."""
    paste(page, long_text(450))
    assert not page.exception
    events = page.dataframe[1].value
    assert len(events) == 200 and events["date_start"].iloc[0] == "2020-01-01"
    pager = page.selectbox(key="ya_events_page_1")
    assert pager.options == ["rows 1–200 of 450", "rows 201–400 of 450", "rows 401–450 of 450"]
    assert any(h.value == "Dated events (450)" for h in page.subheader)
    csv_rows = page.session_state["ya_review"][1].events_csv.count("\n") - 1
    assert csv_rows == 450
    pager.select_index(2).run()
    events = page.dataframe[1].value
    assert len(events) == 50 and events["date_start"].iloc[-1] == "2021-03-25"
    assert page.session_state["ya_review"][1].events_csv.count("\n") - 1 == 450
    assert len(page.dataframe[0].value) == 1  # one place: its table has no pages


# --------------------------------------------------------------------------- review step

TWO_CITIES = (
    "The ministers met in Paris on 9 October 2020.\n\nLater they flew to Moscow on 12 October 2020."
)


def marker_point(at: AppTest, place_id: str) -> list[float]:
    (feature,) = [f for f in map_view(at)["markers"] if f["properties"]["place_id"] == place_id]
    return feature["geometry"]["coordinates"]  # [lon, lat]


def place_row(at: AppTest, place_id: str) -> dict:
    places, _ = tables(at)
    return places[places["id"] == place_id].iloc[0].to_dict()


def pick(at: AppTest, place_id: str, label_part: str) -> AppTest:
    (chooser,) = [s for s in at.selectbox if (s.key or "").startswith(f"ya_check_pick_{place_id}_")]
    (index,) = [i for i, label in enumerate(chooser.options) if label_part in label]
    chooser.select_index(index).run()
    at.button(key=f"ya_check_use_{place_id}_1").click().run()
    assert not at.exception
    return at


def test_a_place_takes_another_candidate_and_its_point_and_source_follow(page: AppTest):
    paste(page, TWO_CITIES)
    check = page.selectbox(key="ya_check_place_1")
    assert check.value == "paris" and check.options[0] == "Paris · 3 candidates"
    shown = page.dataframe[2].value  # the candidates of Paris
    assert list(shown.columns) == ["#", "place", "in", "people", "km away"]
    assert list(shown["place"]) == ["Paris (city)", "Paris (region)", "Paris (town)"]
    assert [w.split(", ")[-1] for w in shown["in"]] == ["France", "France", "United States"]
    assert list(shown["#"]) == ["1 ●", "2", "3"]
    assert 2400 < shown["km away"].iloc[0] < 2600  # Paris–Moscow
    assert marker_point(page, "paris") == pytest.approx([2.3488, 48.8534], abs=1e-3)

    pick(page, "paris", "Texas")
    row = place_row(page, "paris")
    assert row["source"].startswith("GeoNames 4717560")
    assert (row["lat"], row["lon"], row["kind"]) == ("33.6609", "-95.5555", "town")
    assert marker_point(page, "paris") == pytest.approx([-95.5555, 33.6609], abs=1e-3)
    assert "GeoNames 4717560" in page.session_state["ya_review"][1].places_csv
    assert page.dataframe[2].value["#"].iloc[2] == "3 ●"
    _, events = tables(page)
    assert "paris" in set(events["place_ids"])  # the events still point at it


def test_the_gazetteer_search_finds_a_place_to_use(page: AppTest):
    paste(page, TWO_CITIES)
    page.selectbox(key="ya_check_place_1").set_value("moscow").run()
    page.text_input(key="ya_check_search_moscow_1").input("Springfield").run()
    assert not page.exception and not page.warning
    found = page.dataframe[2].value
    assert {p.split(" (")[0] for p in found["place"]} == {"Springfield"} and len(found) >= 5
    assert "Illinois, United States" in set(found["in"])
    pick(page, "moscow", "Illinois")
    row = place_row(page, "moscow")
    assert row["source"].startswith("GeoNames 4250542")
    assert marker_point(page, "moscow")[0] == pytest.approx(-89.64, abs=0.05)


def test_place_it_on_the_map_asks_the_map_for_clicks(page: AppTest):
    paste(page, TWO_CITIES)
    assert map_args(page)["returned_objects"] == []
    page.toggle(key="ya_check_click_1").set_value(True).run()
    assert map_args(page)["returned_objects"] == ["last_clicked"]


def test_a_bad_latitude_flags_its_row_and_the_rest_of_the_map_is_drawn(page: AppTest):
    paste(page, TEXT)
    page.session_state["ya_places_1"] = {
        "edited_rows": {0: {"lat": "abc"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    page.run()
    assert not page.exception
    assert set(marker_place_ids(page)) == {"moscow"}  # Ganja's row is off; Moscow stays
    check = page.selectbox(key="ya_check_place_1")
    assert check.value == "ganja" and check.options[0].startswith("⚠ Ganja")
    assert "lat: 'abc' is not a number" in page.error[0].value
    pick(page, "ganja", "Ganja")  # its candidate puts it back
    assert set(marker_place_ids(page)) == {"ganja", "moscow"}
    assert not page.error

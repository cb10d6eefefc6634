"""The Map page's Share / export dialog: the Print handout of the slider's window (and its
filters), and the view's embed code, which never carries an edit token."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from articlemap.dataset import load_dataset
from articlemap.timeline import Window, events_in_window
from bench._fragments import fragment_of, fragment_rerun
from tests.test_handout import Page

from .conftest import APP, run_page

DS = load_dataset()
HANDOUT = "Print handout of this window (A4)"


@pytest.fixture
def deferred(monkeypatch) -> Iterator[dict[str, tuple[str | None, Callable]]]:
    """File name and data callable of each deferred download, by label's file id (AppTest
    swaps its own media manager in for each run, so the calls are caught on the class)."""
    caught: dict[str, tuple[str | None, Callable]] = {}
    original = MediaFileManager.add_deferred

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        file_id = original(self, data_callable, mimetype, coordinates, file_name, **kwargs)
        caught[file_id] = (file_name, data_callable)
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    yield caught


def open_share(at: AppTest) -> None:
    (button,) = [b for b in at.button if b.label == "Share / export"]
    button.click().run()
    assert not at.exception


def handout_of(at: AppTest, deferred) -> tuple[str, Page]:
    (button,) = [b for b in at.get("download_button") if b.label == HANDOUT]
    name, make = deferred[button.proto.deferred_file_id]
    assert name is not None
    return name, Page(make().decode("utf-8"))


def test_print_handout_holds_the_window_the_slider_shows(deferred) -> None:
    at = run_page()
    day0, day1 = dt.date(2020, 9, 27), dt.date(2020, 10, 17)
    slider = at.select_slider(key="window")
    fragment = fragment_of(at, slider.id)
    assert fragment, "the slider is expected inside the explorer fragment"
    with fragment_rerun(fragment):  # as the browser does: only the fragment reruns
        slider.set_value((day0, day1)).run()
    at.run()  # the tree of the whole page again (a click on Share / export reruns it all)
    open_share(at)
    name, page = handout_of(at, deferred)
    assert name.endswith("-handout-2020-09-27-to-2020-10-17.html")
    expected = [e.id for e in events_in_window(DS.events, Window(day0, day1))]
    assert expected and page.event_ids == expected
    assert "27 Sep 2020 and 17 Oct 2020" in page.all_text


def test_print_handout_follows_the_filters(deferred) -> None:
    at = run_page()
    at.text_input(key="f_text").set_value("Ganja").run()
    open_share(at)
    _, page = handout_of(at, deferred)
    lo, hi = at.select_slider(key="window").value
    inside = events_in_window(DS.events, Window(lo, hi))
    expected = [e.id for e in inside if "Ganja" in e.title + e.quote]
    assert expected and page.event_ids == expected
    assert f"filtered: {len(expected)} of the {len(inside)} events in the window" in page.all_text


def test_embed_code_is_an_iframe_of_this_view_without_the_edit_token() -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.context = {"url": "http://maps.example:8501/?edit=SECRET"}
    at.query_params["event"] = "ganja-strike-october"
    at.run()
    at.query_params["edit"] = "SECRET"  # were it still in the address
    open_share(at)
    codes = [c.value for c in at.code if c.value.startswith("<iframe")]
    assert len(codes) == 1, [c.value for c in at.code]
    code = codes[0]
    assert "SECRET" not in code and "edit=" not in code
    src = re.search(r'src="([^"]+)"', code)
    assert src and src.group(1).startswith("http://maps.example:8501/?")
    assert "embed=true" in src.group(1) and "event=ganja-strike-october" in src.group(1)
    assert f'title="{DS.meta.title} — map and timeline"' in code
    assert [e.label for e in at.expander if "Embed" in e.label] == [
        "Embed this view in a web page (iframe code)"
    ]

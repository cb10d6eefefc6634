"""Timeline, Places, Source and About pages, run in-process."""

from __future__ import annotations

import json

import pytest

from articlemap.dataset import load_dataset

from .conftest import run_page

DS = load_dataset()


@pytest.mark.parametrize(
    ("page", "title"),
    [
        ("pages/timeline.py", "Timeline"),
        ("pages/places.py", "Places"),
        ("pages/source.py", "Diplomacy leading to victory"),
        ("pages/about.py", "About this map"),
    ],
)
def test_page_renders_without_error(page, title):
    at = run_page(page)
    assert not at.exception
    assert at.title[0].value == title


def test_timeline_chart_holds_every_dated_event():
    at = run_page("pages/timeline.py")
    chart = at.get("vega_lite_chart")[0]
    spec = json.loads(chart.proto.spec)
    assert "pick" in json.dumps(spec.get("params", []))  # clickable
    dated = sum(e.is_dated for e in DS.events)
    assert any(f"All {dated} dated events in order" == e.label for e in at.expander)


def test_timeline_respects_filters():
    at = run_page("pages/timeline.py")
    at.multiselect(key="f_categories").set_value(["administration"]).run()
    assert any(e.label == "All 1 dated events in order" for e in at.expander)


def test_places_table_and_downloads():
    at = run_page("pages/places.py")
    table = at.dataframe[0].value
    assert len(table) == len(DS.places)
    assert set(table["Name"]) == {p.name for p in DS.places}
    lachin = table[table["Name"] == "Lachin district"].iloc[0]
    assert "Berdzor" in lachin["Other names"]
    assert table.loc[table["Name"] == "Ganja", "Named in the article"].iloc[0] >= 3
    assert table.loc[table["Name"] == "Sochi", "Inferred"].iloc[0]
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Download places.csv", "Download places.geojson"]


def test_places_kind_filter():
    at = run_page("pages/places.py")
    at.get("button_group")[0].set_value(["country"]).run()
    table = at.dataframe[0].value
    assert len(table) == sum(p.kind == "country" for p in DS.places)


def test_source_shows_article_with_place_links():
    at = run_page("pages/source.py")
    text = "\n".join(m.value for m in at.markdown)
    assert "(./?place=ganja)" in text
    assert "(./?place=moscow)" in text
    assert len(at.subheader) == len(DS.article.headings())
    captions = [c.value for c in at.caption if c.value.startswith("Photo caption")]
    assert len(captions) == len(DS.article.captions())
    at.toggle(key="source_links").set_value(False).run()
    assert "(./?place=" not in "\n".join(m.value for m in at.markdown)


def test_about_names_author_sources_and_licences():
    at = run_page("pages/about.py")
    text = "\n".join(m.value for m in at.markdown)
    for needle in ("Jeyhun Bayramov", "one side's account", "CC BY 4.0", "public domain"):
        assert needle in text


def test_map_page_opens_on_a_place_from_a_source_link():
    at = run_page()
    at.query_params["place"] = "khojaly"
    at.run()
    assert at.session_state.selected_place == "khojaly"

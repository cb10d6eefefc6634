"""Fuzz: generated hostile strings through every text field a reader sees, into the map's
view (run in node against a fake Leaflet), the card data, Markdown and the static site.

Properties, whatever the text: no markup of the text survives as markup (after the app's
own tags are taken away, no "<" is left in a popup), no bidi control reaches a reader, the
map script and the site's scripts parse, and what comes back out is the text itself.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
import subprocess

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articlemap import map_layers, site
from articlemap.article_text import Article
from articlemap.dataset import Dataset
from articlemap.escaping import BIDI_CONTROLS, display_text, markdown_text
from articlemap.schema import Event, Place
from articlemap.story import default_meta
from tests.test_escaping import run_view_in_node
from tests.test_site import read_global
from ui.event_cards import card_data

NODE = shutil.which("node")
FRAGMENTS = [
    "<",
    ">",
    "&",
    "&lt;",
    "`",
    "${",
    "}",
    "\\",
    "'",
    '"',
    "</script>",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<!--",
    "-->",
    "]]>",
    "{{TITLE}}",
    "![i](http://127.0.0.1:9/b.png)",
    "[l](javascript:alert(1))",
    "$x$",
    ":red[x]",
    "\u2028",
    "\u2029",
    "\u202e",
    "\u2066",
    "\ufeff",
    "Gəncə",
    "Ստեփանակերտ",
    "شوشا",
]
TEXT = st.characters(exclude_categories=("Cs", "Cc"))  # what a decoded, cleaned file can hold
hostile = st.lists(st.sampled_from(FRAGMENTS) | st.text(TEXT, max_size=6), max_size=8).map("".join)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# The only markup the popup builder writes itself.
APP_TAGS = re.compile(
    r"<div class='am-popup'>|<hr style='margin:4px 0'>|<div style='color:#555'>"
    r"|<blockquote style='margin:4px 0 0 0;font-style:italic'>|</?(?:b|div|blockquote)>"
)

META = default_meta("A story")  # generic categories: diplomacy draws lines


def story(texts: list[str]) -> tuple[list[Event], list[Place], dict, dict]:
    """One event at a town and a district, every text field from ``texts``."""
    t = (texts * 12)[:12]
    town = Place("town", t[0] or "T", "city", 40.68, 46.36, "test", (t[1],), note=t[2])
    district = Place(
        "district", t[3] or "D", "district", 40.0, 47.0, "test", (t[4],), area_id="area"
    )
    event = Event(
        id="e1",
        title=t[5],
        date_start=dt.date(2020, 10, 9),
        date_end=dt.date(2020, 10, 9),
        date_precision="day",
        date_as_written=t[6],
        category="diplomacy",
        place_ids=("town", "district"),
        quote=t[7],
        note=t[8],
        context_ref=t[9],
        source="context",
        places=(town, district),
    )
    square = {
        "type": "Polygon",
        "coordinates": [[[46.9, 39.9], [47.1, 39.9], [47.1, 40.1], [46.9, 40.1], [46.9, 39.9]]],
    }
    return [event], [town, district], {"area": square}, {"area": t[10]}


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings(k)
            yield from strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from strings(v)


@SETTINGS
@given(st.lists(hostile, min_size=1, max_size=12))
def test_the_map_view_holds_only_escaped_text(texts):
    events, places, geometry, names = story(texts)
    view = map_layers.view_data(
        events, geometry, names, META, origin=places[0], plain_places=places
    )
    for text in strings({k: v for k, v in view.items() if k != "areas"}):
        assert "<" not in text and ">" not in text
        assert "`" not in text and "${" not in text and "\\" not in text
        assert not any(ch in text for ch in BIDI_CONTROLS)
    script = map_layers.view_script(view)
    assert "</script" not in script.lower() and "\u2028" not in script


@pytest.mark.skipif(NODE is None, reason="node is not installed")
@SETTINGS
@given(st.lists(hostile, min_size=1, max_size=12))
def test_popups_built_by_the_map_script_carry_no_markup_of_the_text(texts):
    events, places, geometry, names = story(texts)
    view = map_layers.view_data(events, geometry, names, META, origin=places[0])
    drawn = run_view_in_node(view)  # parses and runs the view script, or fails
    assert drawn["popups"], "every event marker has a popup"
    for popup in drawn["popups"]:
        assert "<" not in APP_TAGS.sub("", popup), popup
        assert html.unescape(popup).count(display_text(events[0].quote)) >= 1
    for tooltip in drawn["tooltips"]:
        assert "<" not in tooltip


@SETTINGS
@given(st.lists(hostile, min_size=1, max_size=12))
def test_card_data_is_the_text_without_bidi_controls(texts):
    events, *_ = story(texts)
    card = card_data(
        events[0], default_meta("t"), selected=True, at_selected_place=False, outside_window=False
    )
    assert card["title"] == display_text(events[0].title)
    assert card["quote"] == display_text(events[0].quote)
    for text in strings(card):
        assert not any(ch in text for ch in BIDI_CONTROLS)


@SETTINGS
@given(hostile)
def test_markdown_text_leaves_no_markdown_and_no_bare_address(text):
    out = markdown_text(text)
    unescaped = re.sub(r"\\(.)", "", out, flags=re.DOTALL)
    assert not re.search(r"[\\`*_{}\[\]()#+\-.!|~<>$:]", unescaped)
    assert not re.search(r"(?i)(https?|www|mailto)[:.]", out.replace("\\", ""))
    assert re.sub(r"\\(.)", r"\1", out, flags=re.DOTALL).replace("\u2060", "") == (
        display_text(text)
    )


def site_dataset(texts: list[str]) -> Dataset:
    events, places, *_ = story(texts)
    t = (texts * 3)[:3]
    article = Article(title=t[0], author=t[1], author_role=t[2], blocks=())
    meta = default_meta(article.title, "fuzz")
    return Dataset(places=places, events=events, article=article, name="fuzz", meta=meta)


@pytest.mark.skipif(NODE is None, reason="node is not installed")
@SETTINGS
@given(st.lists(hostile, min_size=1, max_size=12))
def test_the_static_site_keeps_text_out_of_its_markup_and_scripts(tmp_path_factory, texts):
    ds = site_dataset(texts)
    files = site.site_files(ds)
    page = files["index.html"].decode("utf-8")
    assert page.lower().count("<script") == 4
    assert "<img" not in page.lower() and "${" not in page
    data_js = files["data.js"].decode("utf-8")
    assert "<" not in data_js and ">" not in data_js and "\u2028" not in data_js
    path = tmp_path_factory.mktemp("site") / "data.js"
    path.write_bytes(files["data.js"])
    script = (
        "const fs = require('fs'); const vm = require('vm'); const window = {};"
        "vm.runInNewContext(fs.readFileSync(process.argv[1], 'utf8'), {window});"
        "process.stdout.write(JSON.stringify(window.ARTICLEMAP_DATA));"
    )
    result = subprocess.run(
        [NODE, "-e", script, str(path)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data == read_global(data_js, site.DATA_GLOBAL)
    assert data["events"][0]["quote"] == display_text(ds.events[0].quote)
    assert data["meta"]["title"] == display_text(ds.meta.title)

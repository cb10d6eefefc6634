"""The static site: files written, local assets only, every event in the data, escaping."""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import re
import shutil
import subprocess
import sys
import zipfile
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest

from articlemap import site
from articlemap.article_text import Article
from articlemap.dataset import Dataset, load_dataset
from articlemap.paths import PROJECT_ROOT, STATIC_DIR
from articlemap.schema import Event, Place
from articlemap.story import default_meta

HOSTILE = (
    "</script><script>alert(1)</script> `${alert(1)}` C:\\users\\x "
    "<img src=x onerror=alert(1)> <!-- & \"quoted\" \u2028 'single'"
)
NODE = shutil.which("node")


@cache
def dataset() -> Dataset:
    return load_dataset()


@cache
def files() -> dict[str, bytes]:
    return site.site_files(dataset())


def hostile_dataset() -> Dataset:
    place = Place(
        id="bad-place",
        name="Bad</script>" + HOSTILE,
        kind="city",
        lat=40.4,
        lon=49.9,
        source="test",
        other_names=("`${x}`", "<b>bold</b>"),
        area_id="",
        note=HOSTILE,
    )
    events = [
        Event(
            id="bad-event",
            title="Title " + HOSTILE,
            date_start=dt.date(2020, 10, 17),
            date_end=dt.date(2020, 10, 17),
            date_precision="day",
            date_as_written="17 October </script>",
            category="military",
            place_ids=("bad-place",),
            quote="Quote " + HOSTILE,
            note="Note " + HOSTILE,
            context_ref="Ref " + HOSTILE,
            source="context",
            places=(place,),
        ),
        Event(
            id="undated-bad",
            title="Undated " + HOSTILE,
            date_start=None,
            date_end=None,
            date_precision="undated",
            date_as_written="",
            category="<script>",
            place_ids=(),
            quote=HOSTILE,
        ),
    ]
    article = Article(
        title="Title </title><script>alert(1)</script>",
        author="Author <img src=x onerror=alert(1)>",
        author_role="`${alert(1)}` & co",
        blocks=(),
    )
    meta = default_meta(article.title, "hostile")
    return Dataset(places=[place], events=events, article=article, name="hostile", meta=meta)


def read_global(text: str, name: str) -> object:
    prefix = f"window.{name} = "
    assert text.startswith(prefix) and text.endswith(";\n")
    return json.loads(text[len(prefix) : -2])


class _Refs(HTMLParser):
    """Every src/href in the page, and whether it sits inside the <footer>."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str, bool]] = []
        self.in_footer = 0

    def handle_starttag(self, tag, attrs):
        if tag == "footer":
            self.in_footer += 1
        for key, value in attrs:
            if key in ("src", "href") and value is not None:
                self.refs.append((tag, value, self.in_footer > 0))

    def handle_endtag(self, tag):
        if tag == "footer":
            self.in_footer -= 1


# --- files ---------------------------------------------------------------------------


def test_write_site_writes_the_folder(tmp_path):
    index = site.write_site(dataset(), tmp_path / "out")
    assert index == tmp_path / "out" / "index.html"
    written = sorted(
        str(p.relative_to(tmp_path / "out")) for p in (tmp_path / "out").rglob("*") if p.is_file()
    )
    assert written == sorted(files())
    for name in (
        "index.html",
        "app.js",
        "app.css",
        "data.js",
        "basemap.js",
        "leaflet/leaflet.js",
        "leaflet/leaflet.css",
        "leaflet/LICENSE-leaflet.txt",
        "leaflet/images/marker-icon.png",
        "leaflet/images/layers.png",
    ):
        assert name in written, name
    # Leaflet is copied byte for byte; no jQuery is needed.
    for name in ("leaflet.js", "leaflet.css", "images/marker-icon-2x.png"):
        assert (tmp_path / "out" / "leaflet" / name).read_bytes() == (
            STATIC_DIR / "leaflet" / name
        ).read_bytes()
    assert not any("jquery" in name for name in written)


def test_write_site_leaves_other_files_and_refuses_a_file(tmp_path):
    (tmp_path / "keep.txt").write_text("mine")
    site.write_site(dataset(), tmp_path)
    assert (tmp_path / "keep.txt").read_text() == "mine"
    with pytest.raises(NotADirectoryError):
        site.write_site(dataset(), tmp_path / "keep.txt")


def test_output_is_deterministic():
    again = site.site_files(load_dataset())
    assert again == files()
    assert site.build_site_zip(dataset()) == site.build_site_zip(load_dataset())


def test_zip_holds_the_same_files_and_writes_nothing(monkeypatch, tmp_path):
    def no_disk(*_args, **_kwargs):
        raise AssertionError("build_site_zip wrote to disk")

    monkeypatch.setattr(Path, "write_bytes", no_disk)
    monkeypatch.setattr(Path, "write_text", no_disk)
    monkeypatch.setattr(Path, "mkdir", no_disk)
    data = site.build_site_zip(dataset())
    monkeypatch.undo()

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
        assert all(n.startswith(site.ZIP_ROOT + "/") for n in names)
        contents = {n[len(site.ZIP_ROOT) + 1 :]: archive.read(n) for n in names}
    assert contents == files()

    site.write_site(dataset(), tmp_path)
    on_disk = {
        str(p.relative_to(tmp_path)): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()
    }
    assert on_disk == contents


def test_cli_site_command(tmp_path):
    out = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "articlemap", "site", str(out)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "index.html" in result.stdout
    assert (out / "index.html").read_bytes() == files()["index.html"]


# --- local assets only ---------------------------------------------------------------


def test_index_references_only_relative_local_assets():
    page = files()["index.html"].decode("utf-8")
    parser = _Refs()
    parser.feed(page)
    assert {r for _t, r, _f in parser.refs if not r.startswith("http")} >= {
        "leaflet/leaflet.css",
        "app.css",
        "leaflet/leaflet.js",
        "basemap.js",
        "data.js",
        "app.js",
    }
    for tag, ref, in_footer in parser.refs:
        if re.match(r"^(https?:)?//", ref):
            # Only plain links to the data sources, in the footer.
            assert tag == "a" and in_footer, (tag, ref)
            continue
        assert not re.match(r"^[a-z][a-z0-9+.-]*:", ref, re.I), ref  # no file:, data:, js:
        assert not ref.startswith("/"), ref
        assert ref.split("#")[0] in files() or ref.startswith("#"), ref
    # No URL anywhere outside the footer links (scripts, styles, text).
    outside_footer = re.sub(r"<footer.*?</footer>", "", page, flags=re.S)
    assert "http" not in outside_footer
    for name in ("app.js", "app.css", "data.js"):
        text = files()[name].decode("utf-8")
        assert not re.search(r"https?://", text), name
    assert "fetch(" not in files()["app.js"].decode("utf-8")
    assert "XMLHttpRequest" not in files()["app.js"].decode("utf-8")


def test_leaflet_css_images_are_shipped():
    css = files()["leaflet/leaflet.css"].decode("utf-8")
    for ref in re.findall(r"url\(([^)]+)\)", css):
        ref = ref.strip("'\"")
        if ref.startswith(("data:", "#")):  # inline images; old IE's VML behaviour
            continue
        assert f"leaflet/{ref}" in files(), ref


def test_index_has_the_source_footer():
    page = files()["index.html"].decode("utf-8")
    footer = re.search(r"<footer.*?</footer>", page, flags=re.S).group(0)
    assert "Jeyhun Bayramov" in footer
    assert "one side's account" in footer
    assert "GeoNames" in footer and "CC BY 4.0" in footer
    assert "Natural Earth" in footer and "public domain" in footer
    assert '<html lang="en">' in page
    assert 'name="viewport"' in page


def test_the_header_says_whose_account_it_is_in_the_storys_own_words():
    page = files()["index.html"].decode("utf-8")
    header = re.search(r"<header.*?</header>", page, flags=re.S).group(0)
    assert html.escape(dataset().meta.perspective_line, quote=True) in header
    assert " he " not in header and " she " not in header  # no guess at the author's gender


# --- the data ------------------------------------------------------------------------


def test_data_holds_every_event():
    data = read_global(files()["data.js"].decode("utf-8"), site.DATA_GLOBAL)
    events = dataset().events
    assert [e["id"] for e in data["events"]] == [e.id for e in events]
    for record, event in zip(data["events"], events, strict=True):
        assert record["title"] == event.title
        assert record["quote"] == event.quote
        assert record["date_as_written"] == event.date_as_written
        assert record["date_label"] == event.date_label
        assert record["date_precision"] == event.date_precision
        assert record["note"] == event.note
        assert record["place_ids"] == [p.id for p in event.places]
        for pid in record["place_ids"]:
            assert pid in data["places"]
        if event.is_dated:
            assert data["steps"][record["step"]]["date"] == event.date_start.isoformat()
        else:
            assert record["step"] is None
    dates = [s["date"] for s in data["steps"]]
    assert dates == sorted(set(dates))
    assert set(dates) == {e.date_start.isoformat() for e in events if e.is_dated}
    # Polygons for the districts and regions the places point to.
    for place in dataset().places:
        if place.area_id and place.kind != "country":
            assert place.area_id in data["areas"], place.id
    assert [c["id"] for c in data["categories"]]
    assert data["meta"]["author"] == "Jeyhun Bayramov"


def test_basemap_holds_the_outlines():
    outlines = read_global(files()["basemap.js"].decode("utf-8"), site.BASEMAP_GLOBAL)
    original = json.loads((STATIC_DIR / "geodata" / "basemap.json").read_text(encoding="utf-8"))
    assert outlines == original


def test_step_labels_keep_the_precision():
    day = dt.date(1993, 1, 1)
    assert site.step_label(day, "year") == "1993"
    assert site.step_label(dt.date(1992, 3, 1), "month") == "March 1992"
    assert site.step_label(dt.date(1991, 10, 18), "approximate") == "c. 18 Oct 1991"
    assert site.step_label(dt.date(2020, 9, 27), "day") == "27 Sep 2020"
    labels = {s["date"]: s["label"] for s in site.time_steps(dataset().events)}
    assert labels["1993-01-01"] == "1993"
    assert labels["2020-09-27"] == "27 Sep 2020"


def test_no_dated_events_gives_no_steps():
    undated = [e for e in hostile_dataset().events if not e.is_dated]
    data = site.site_data(Dataset(places=[], events=undated))
    assert data["steps"] == []
    assert data["events"][0]["step"] is None


# --- escaping ------------------------------------------------------------------------


def test_safe_json_escapes_markup():
    text = site.safe_json({"q": HOSTILE})
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text
    assert json.loads(text) == {"q": HOSTILE}


def test_hostile_text_cannot_break_out():
    out = site.site_files(hostile_dataset())
    data_js = out["data.js"].decode("utf-8")
    assert "</script" not in data_js.lower()
    assert "<" not in data_js and ">" not in data_js
    assert "<!--" not in data_js
    data = read_global(data_js, site.DATA_GLOBAL)
    assert data["events"][0]["title"] == "Title " + HOSTILE
    assert data["events"][0]["quote"] == "Quote " + HOSTILE
    assert data["places"]["bad-place"]["name"].startswith("Bad</script>")

    page = out["index.html"].decode("utf-8")
    assert page.lower().count("<script") == 4  # the four script tags of the template
    assert "<img" not in page
    assert "${alert(1)}" not in page
    assert "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page
    # Nothing from the data is written into the page's code or style.
    assert out["app.js"] == files()["app.js"]
    assert out["app.css"] == files()["app.css"]


def test_app_js_puts_text_only_through_text_nodes():
    js = files()["app.js"].decode("utf-8")
    assert "innerHTML" not in js
    assert "outerHTML" not in js
    assert "insertAdjacentHTML" not in js
    assert "document.write" not in js
    assert "eval(" not in js


@pytest.mark.skipif(NODE is None, reason="node is not installed")
@pytest.mark.parametrize("name", ["app.js", "data.js", "basemap.js"])
def test_scripts_parse(tmp_path, name):
    source = site.site_files(hostile_dataset())[name]
    path = tmp_path / name
    path.write_bytes(source)
    result = subprocess.run([NODE, "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_hostile_data_round_trips_through_javascript(tmp_path):
    path = tmp_path / "data.js"
    path.write_bytes(site.site_files(hostile_dataset())["data.js"])
    script = (
        "const fs = require('fs'); const vm = require('vm');"
        "const window = {}; vm.runInNewContext(fs.readFileSync(process.argv[1], 'utf8'),"
        " {window});"
        "process.stdout.write(JSON.stringify(window.ARTICLEMAP_DATA.events));"
    )
    result = subprocess.run(
        [NODE, "-e", script, str(path)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    events = json.loads(result.stdout)
    assert events[0]["title"] == "Title " + HOSTILE
    assert events[0]["quote"] == "Quote " + HOSTILE
    assert events[0]["date_as_written"] == "17 October </script>"
    assert events[1]["quote"] == HOSTILE

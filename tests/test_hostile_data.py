"""Broken or hostile data folders (issue #14, items 4, 5, 9): one clear problem per fault,
naming the file and the row or feature, never GDAL's message or the server's paths; and a
title that looks like a template or Markdown is only text."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from articlemap import draft as drafting
from articlemap.dataset import load_dataset
from articlemap.loading import DataValidationError
from articlemap.paths import GEODATA_DIR
from articlemap.site import render_index, site_files

ROOT = Path(__file__).resolve().parents[1]
DATA_FILES = (
    "story.toml",
    "places.csv",
    "events.csv",
    "article.md",
    "areas.geojson",
    "world.geojson",
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    out = tmp_path / "story"
    out.mkdir()
    for name in DATA_FILES:
        shutil.copy(GEODATA_DIR / name, out / name)
    return out


def problems(directory: Path) -> list:
    with pytest.raises(DataValidationError) as info:
        load_dataset(directory)
    summary = info.value.summary()
    assert str(directory.parent) not in summary, "the server's paths must not be shown"
    assert "GDAL" not in summary and "driver" not in summary.lower()
    return info.value.errors


def test_a_feature_with_null_geometry_is_named_not_a_crash(folder: Path):
    data = json.loads((folder / "areas.geojson").read_text(encoding="utf-8"))
    data["features"][2]["geometry"] = None
    (folder / "areas.geojson").write_text(json.dumps(data), encoding="utf-8")
    [error] = problems(folder)
    feature_id = data["features"][2]["properties"]["id"]
    assert (error.file, error.row, error.field) == ("areas.geojson", 3, "geometry")
    assert feature_id in error.message and "no geometry" in error.message


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("", "empty"),
        ("{not json", "not valid JSON (line 1"),
        ('{"type": "Topology"}', "not a GeoJSON FeatureCollection"),
        ('{"type": "FeatureCollection", "features": [{"type": "Feature"}]}', "no 'id'"),
        (
            '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"x"},'
            '"geometry":{"type":"Point","coordinates":[500,0]}}]}',
            "outside longitude/latitude",
        ),
        (
            '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"x"},'
            '"geometry":{"type":"Polygon","coordinates":"oops"}}]}',
            "not valid GeoJSON",
        ),
    ],
)
def test_an_unreadable_layer_is_one_clear_problem(folder: Path, content: str, words: str):
    (folder / "world.geojson").write_text(content, encoding="utf-8")
    errors = problems(folder)
    assert [e.file for e in errors] == ["world.geojson"]
    assert words in errors[0].message


def test_a_missing_article_is_a_problem_not_unchecked_quotes(folder: Path):
    (folder / "article.md").unlink()
    [error] = problems(folder)
    assert error.file == "article.md" and "not found" in error.message
    assert "quotes" in error.message


def test_an_empty_article_is_one_problem_not_one_per_quote(folder: Path):
    (folder / "article.md").write_text("", encoding="utf-8")
    [error] = problems(folder)
    assert error.file == "article.md" and "empty" in error.message


def test_missing_outlines_fall_back_to_the_built_in_ones(folder: Path):
    (folder / "areas.geojson").unlink()
    (folder / "world.geojson").unlink()
    ds = load_dataset(folder)
    assert ds.areas is not None and ds.world is not None
    assert len(ds.events) == len(load_dataset().events)


def test_an_unknown_area_says_where_it_was_looked_for(folder: Path):
    (folder / "areas.geojson").unlink()
    places = (folder / "places.csv").read_text(encoding="utf-8")
    (folder / "places.csv").write_text(places.replace("az-ganja", "az-nowhere", 1), "utf-8")
    [error] = problems(folder)
    assert error.field == "area_id" and "az-nowhere" in error.message
    assert "world.geojson" in error.message and "built-in areas.geojson" in error.message


TEMPLATE_TITLE = "{{TITLE}} {{ x }} }}{{BYLINE}} ![b](https://tracker.example/b.png)"


def titled_draft() -> drafting.Draft:
    draft = drafting.build_draft("Talks in Moscow on 9 October 2020.", _gaz())
    return replace(draft, article=replace(draft.article, title=TEMPLATE_TITLE))


def test_a_title_with_template_braces_renders_as_text():
    draft = titled_draft()
    html = render_index(draft.dataset())
    assert "{{TITLE}} {{ x }} }}{{BYLINE}}" in html
    assert "<img" not in html
    assert "index.html" in site_files(draft.dataset())


def test_the_site_command_exports_such_a_folder_without_a_traceback(tmp_path: Path):
    src = tmp_path / "draft"
    drafting.write_draft(titled_draft(), src)
    out = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "articlemap", "site", str(out), "--data", str(src)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "{{TITLE}} {{ x }}" in (out / "index.html").read_text(encoding="utf-8")


def _gaz():
    from articlemap.gazetteer import default_with_curated

    return default_with_curated()

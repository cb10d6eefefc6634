"""The command line, run as a user runs it: ``python -m articlemap …`` from the project root."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections import Counter
from functools import cache

from articlemap.dataset import load_dataset
from articlemap.loading import parse_events, parse_places
from articlemap.paths import EVENTS_CSV, GEODATA_DIR, PLACES_CSV, PROJECT_ROOT

EVENT_KEYS = {
    "id",
    "title",
    "date_start",
    "date_end",
    "date_precision",
    "date_as_written",
    "category",
    "places",
    "quote",
    "note",
    "source",
}
PLACE_PROPERTIES = {"id", "name", "other_names", "kind", "inferred"}


COMMANDS = (
    ("export", "events", "--format", "json"),
    ("export", "events", "--format", "csv"),
    ("export", "places", "--format", "geojson"),
    ("export", "places", "--format", "csv"),
    ("export", "places", "--format", "json"),
    ("validate", str(GEODATA_DIR)),
)


def start(args: tuple[str, ...]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "articlemap", *args],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


@cache
def results() -> dict[tuple[str, ...], subprocess.CompletedProcess[str]]:
    """Run the commands side by side (each one starts a Python): the tests read the results."""
    running = {args: start(args) for args in COMMANDS}
    done = {}
    for args, proc in running.items():
        out, err = proc.communicate(timeout=60)
        done[args] = subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
    return done


def run(*args: str) -> subprocess.CompletedProcess[str]:
    if args in COMMANDS:
        return results()[args]
    proc = start(args)
    out, err = proc.communicate(timeout=60)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def output(*args: str) -> str:
    result = run(*args)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


@cache
def csv_rows(name: str) -> list[dict[str, str]]:
    with (GEODATA_DIR / name).open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


@cache
def dataset():
    return load_dataset()


def test_events_json():
    events = json.loads(output("export", "events", "--format", "json"))
    assert isinstance(events, list)
    assert len(events) == len(csv_rows(EVENTS_CSV))
    rows = {r["id"]: r for r in csv_rows(EVENTS_CSV)}
    assert {e["id"] for e in events} == set(rows)
    places = {r["id"]: r for r in csv_rows(PLACES_CSV)}
    for event in events:
        assert set(event) >= EVENT_KEYS, event["id"]
        row = rows[event["id"]]
        for key in ("title", "date_precision", "date_as_written", "category", "quote", "note"):
            assert event[key] == row[key]
        assert event["date_start"] == (row["date_start"] or None)
        assert event["date_end"] == (row["date_end"] or None)
        assert isinstance(event["places"], list)
        ids = [p.strip() for p in row["place_ids"].split(";") if p.strip()]
        assert [p["id"] for p in event["places"]] == ids
        for p in event["places"]:
            assert set(p) == {"id", "name", "lat", "lon"}
            assert p["name"] == places[p["id"]]["name"]
            assert (p["lat"], p["lon"]) == (
                float(places[p["id"]]["lat"]),
                float(places[p["id"]]["lon"]),
            )


def test_events_json_lists_dated_events_in_date_order_then_undated():
    events = json.loads(output("export", "events", "--format", "json"))
    starts = [e["date_start"] for e in events]
    dated = [s for s in starts if s is not None]
    assert dated == sorted(dated)
    assert starts == dated + [None] * (len(starts) - len(dated))


def test_places_geojson():
    collection = json.loads(output("export", "places", "--format", "geojson"))
    assert collection["type"] == "FeatureCollection"
    rows = {r["id"]: r for r in csv_rows(PLACES_CSV)}
    assert [f["properties"]["id"] for f in collection["features"]] == list(rows)
    for feature in collection["features"]:
        props = feature["properties"]
        assert set(props) >= PLACE_PROPERTIES
        row = rows[props["id"]]
        assert isinstance(props["other_names"], list)
        assert "; ".join(props["other_names"]) == "; ".join(
            n.strip() for n in row["other_names"].split(";") if n.strip()
        )
        assert isinstance(props["inferred"], bool)
        assert props["inferred"] == (row["inferred"] == "true")
        assert props["kind"] == row["kind"] and props["name"] == row["name"]
        assert feature["geometry"] == {
            "type": "Point",
            "coordinates": [float(row["lon"]), float(row["lat"])],
        }


def test_places_csv_round_trips():
    text = output("export", "places", "--format", "csv")
    known_areas = {*dataset().areas["id"], *dataset().world["id"]}
    places, errors = parse_places(text, known_area_ids=known_areas)
    assert errors == []
    assert places == dataset().places


def test_events_csv_round_trips():
    text = output("export", "events", "--format", "csv")
    article = dataset().article.plain_text()
    events, errors = parse_events(
        text, set(dataset().place_by_id), article, categories=dataset().meta.colours
    )
    assert errors == []
    by_id = {e.id: e for e in events}
    assert len(by_id) == len(events) == len(dataset().events)
    for original in dataset().events:
        assert by_id[original.id] == original


def test_places_cannot_be_exported_as_json():
    result = run("export", "places", "--format", "json")
    assert result.returncode != 0
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert "places can be exported as" in result.stderr
    assert "geojson" in result.stderr and "not json" in result.stderr


def test_validate_the_committed_data():
    out = output("validate", str(GEODATA_DIR))
    data = dataset()
    dated = sum(e.date_start is not None for e in data.events)
    assert f"{len(data.places)} places" in out
    assert f"{len(data.events)} events" in out
    assert f"{dated} dated, {len(data.events) - dated} undated" in out
    assert len(data.places) == len(csv_rows(PLACES_CSV))


def test_validate_a_folder_without_data(tmp_path):
    result = run("validate", str(tmp_path))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "places.csv" in result.stderr and "events.csv" in result.stderr


def test_site_renders_the_site_once_and_reports_what_it_wrote(tmp_path, monkeypatch, capsys):
    """Writing the folder and measuring its size use one rendering (it once took two)."""
    from articlemap import cli, site

    calls: Counter[str] = Counter()

    def counting(name):
        original = getattr(site, name)

        def counted(*args, **kwargs):
            calls[name] += 1
            return original(*args, **kwargs)

        return counted

    for name in ("render_index", "site_data"):
        monkeypatch.setattr(site, name, counting(name))
    out = tmp_path / "out"
    assert cli.main(["site", str(out)]) == 0
    assert calls == {"render_index": 1, "site_data": 1}
    written = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    assert capsys.readouterr().out == (
        f"wrote {out / 'index.html'} ({written / 1024:.0f} KB in all): open it in a browser\n"
    )


def test_a_command_group_runs_the_chosen_sub_command():
    """Room for groups (``story list``): a group's arguments add its own sub-commands."""
    import argparse

    from articlemap.cli import COMMANDS, Command, add_commands

    def listing(args):
        return 7

    def group_arguments(parser):
        add_commands(parser, {"list": Command("list them", lambda _: None, listing)}, "sub")

    top = argparse.ArgumentParser()
    add_commands(top, {**COMMANDS, "group": Command("a group", group_arguments)}, "command")
    args = top.parse_args(["group", "list"])
    assert (args.command, args.sub, args.run(args)) == ("group", "list", 7)
    assert top.parse_args(["validate"]).run is COMMANDS["validate"].run

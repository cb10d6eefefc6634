"""Server time of the map call alone: ``ui/fastmap.show_map`` vs streamlit-folium's public API.

    python bench/map_call.py            # article data and 10,000 generated events
    python bench/map_call.py --quick    # CI smoke: article data, few calls

Why it exists: ``ui/fastmap.py`` calls streamlit-folium's private component function with a
base map rendered once per process. The public way, ``st_folium(base_map,
feature_group_to_add=…)``, renders the whole folium map again on every call and runs its
variable-renaming regex over the view script. Both are timed here on the same views, called
alternately in one process (so the ratio holds on a busy machine), and the arguments the
front end receives are checked to be the same but for the view (``feature_group``): the same
component key, so the iframe would be kept either way and the comparison is fair.

Views: the story's opening window, and every dated event at once (the largest a move sends).
Run outside Streamlit (bare mode): the component call returns its default value.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import folium  # noqa: E402
import streamlit_folium  # noqa: E402
from jinja2 import Template  # noqa: E402

from articlemap import map_layers  # noqa: E402
from articlemap.dataset import Dataset, load_dataset  # noqa: E402
from articlemap.timeline import EventIndex  # noqa: E402
from bench._common import print_table  # noqa: E402
from bench.synthetic import make_dataset  # noqa: E402
from ui import fastmap  # noqa: E402

MAP_ARGS = {"center": (40.0, 47.0), "zoom": 7, "returned_objects": ["last_object_clicked"]}


class ViewGroup(folium.FeatureGroup):
    """The view script as the FeatureGroup that ``feature_group_to_add`` takes."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "var {{ this.get_name() }} = L.featureGroup();\n{{ this.view_js }}"
        "{% endmacro %}"
    )

    def __init__(self, view_js: str):
        super().__init__(name="view")
        self.view_js = view_js


def public_show_map(view_js: str, key: str = "map-0") -> dict:
    """``fastmap.show_map`` through the documented call: a fresh base map every run (a cached
    folium.Map is mutated by st_folium, see /work/shared/design/library-facts.md)."""
    return streamlit_folium.st_folium(
        map_layers.base_map("offline"),
        key=key,
        height=600,
        use_container_width=True,
        feature_group_to_add=ViewGroup(view_js),
        **MAP_ARGS,
    )


def private_show_map(view_js: str, key: str = "map-0") -> dict:
    return fastmap.show_map(key=key, view_js=view_js, **MAP_ARGS)


def check_same_arguments(view_js: str) -> None:
    """Both calls hand the front end the same base map and component key."""
    calls: list[dict] = []

    def record(**kwargs):
        calls.append(kwargs)
        return {}

    with (
        mock.patch.object(fastmap, "_component_func", record),
        mock.patch.object(streamlit_folium, "_component_func", record),
    ):
        private_show_map(view_js)
        public_show_map(view_js)
    ours, theirs = calls
    view_args = ("feature_group", "on_change", "center")  # center: a list vs a tuple
    differ = sorted(k for k in ours if k not in view_args and ours[k] != theirs[k])
    if differ or set(ours) != set(theirs) or view_js not in theirs["feature_group"]:
        raise SystemExit(f"the two calls send different arguments: {differ}")


def views(ds: Dataset) -> dict[str, str]:
    index = EventIndex(ds.events)
    shown = index.in_window(ds.opening_window) if ds.opening_window else index.dated
    return {
        "opening window": map_layers.view_script(map_layers.view_data(shown, {}, {}, ds.meta)),
        "every event": map_layers.view_script(map_layers.view_data(index.dated, {}, {}, ds.meta)),
    }


def measure(datasets: dict[str, Dataset], calls: int) -> list[list[str]]:
    rows = []
    for name, ds in datasets.items():
        for view_name, js in views(ds).items():
            check_same_arguments(js)
            times: dict[str, list[float]] = {"private": [], "public": []}
            for _ in range(calls + 2):
                for label, call in (("private", private_show_map), ("public", public_show_map)):
                    start = time.perf_counter()
                    call(js)
                    times[label].append((time.perf_counter() - start) * 1000)
            ours, theirs = (statistics.median(times[k][2:]) for k in ("private", "public"))
            rows.append(
                [
                    name,
                    view_name,
                    f"{len(js) / 1024:,.0f}",
                    f"{ours:.2f}",
                    f"{theirs:.2f}",
                    f"{theirs / ours:.1f}",
                ]
            )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=30)
    parser.add_argument("--size", type=int, default=10_000, help="generated dataset size")
    parser.add_argument("--quick", action="store_true", help="CI smoke run: article data only")
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)  # bare mode's "missing ScriptRunContext" on every call
    datasets = {"article": load_dataset()}
    with tempfile.TemporaryDirectory() as tmp:
        if not args.quick:
            generated = make_dataset(args.size, Path(tmp, "data"))
            datasets[f"{args.size:,} events"] = load_dataset(str(generated))
        rows = measure(datasets, 3 if args.quick else args.calls)
    print_table(["dataset", "view", "view KB", "show_map ms", "st_folium ms", "ratio"], rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

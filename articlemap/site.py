"""A static copy of the map and timeline: one folder (or zip) that works from ``file://``.

``python -m articlemap site OUTDIR`` writes::

    index.html          the page (title, byline and source footer filled in, escaped)
    app.js, app.css     the page's code and style (from ``site_template/``; app.js starts with
                        the shared event renderer, ``articlemap/web/render.js``)
    data.js             ``window.ARTICLEMAP_DATA = {...}``: events, places, areas, time steps
    basemap.js          ``window.ARTICLEMAP_BASEMAP = {...}``: the offline country/district outlines
    leaflet/            Leaflet 1.9.3 (js, css, images, licence), byte-for-byte copies

No server, CDN or tiles are needed, and nothing is fetched: browsers refuse ``fetch()`` from
``file://``, so the data are scripts that set globals. All data text is put on the page with
``textContent`` by ``app.js``; the JSON in ``data.js`` escapes ``<``, ``>`` and ``&`` so it is
safe even inlined in a ``<script>``. Same dataset in, same bytes out (files and zip).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import re
import zipfile
from pathlib import Path
from typing import Any

from articlemap import web
from articlemap.dataset import Dataset
from articlemap.date_extract import MONTH_NAMES
from articlemap.embed import STATIC_SITE_SRC, embed_title, iframe_snippet
from articlemap.escaping import display_data, map_text
from articlemap.export import event_record
from articlemap.map_layers import AREA_KINDS
from articlemap.paths import STATIC_DIR
from articlemap.schema import Event
from articlemap.timeline import area_states_at, up_to

TEMPLATE_DIR = Path(__file__).resolve().parent / "site_template"
LEAFLET_DIR = STATIC_DIR / "leaflet"
BASEMAP_FILE = STATIC_DIR / "geodata" / "basemap.json"
ZIP_ROOT = "articlemap-site"
DATA_GLOBAL = "ARTICLEMAP_DATA"
BASEMAP_GLOBAL = "ARTICLEMAP_BASEMAP"
AREA_DECIMALS = 4

_LEAFLET_FILES = (
    "leaflet.js",
    "leaflet.css",
    "LICENSE-leaflet.txt",
    "images/layers.png",
    "images/layers-2x.png",
    "images/marker-icon.png",
    "images/marker-icon-2x.png",
    "images/marker-shadow.png",
)
# app.js and app.css are made of shared files and the template's own: app_js(), app_css()
# Finest first: a slider step is labelled at the finest precision of the events starting on it.
_PRECISION_RANK = {"day": 0, "range": 0, "approximate": 1, "month": 2, "year": 3}


# --- safe JSON --------------------------------------------------------------------------


def safe_json(value: Any) -> str:
    """JSON that is also safe inside an HTML ``<script>`` element.

    ASCII only (so U+2028/U+2029 and any encoding mix-up are harmless) and with ``<``, ``>``
    and ``&`` written as ``\\u003c``, ``\\u003e``, ``\\u0026``: a ``</script>`` or ``<!--`` in
    the data cannot end or change the script. Backticks, ``${`` and backslashes are inert in
    a JSON double-quoted string (``json`` escapes the backslashes).
    """
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def js_global(name: str, value: Any) -> str:
    return f"window.{name} = {safe_json(value)};\n"


# --- the data the page shows ------------------------------------------------------------


def step_label(day: dt.date, precision: str) -> str:
    """A slider date at the precision it is known to: ``27 Sep 2020``, ``c. …``, ``1993``."""
    if precision == "year":
        return str(day.year)
    if precision == "month":
        return f"{MONTH_NAMES[day.month - 1]} {day.year}"
    prefix = "c. " if precision == "approximate" else ""
    return f"{prefix}{day.day} {MONTH_NAMES[day.month - 1][:3]} {day.year}"


def time_steps(events: list[Event]) -> list[dict[str, str]]:
    """The distinct start dates of the dated events, sorted, each with its label."""
    finest: dict[dt.date, str] = {}
    for event in events:
        if not event.is_dated:
            continue
        start = event.dates[0]
        rank = _PRECISION_RANK.get(event.date_precision, 0)
        current = finest.get(start)
        if current is None or rank < _PRECISION_RANK.get(current, 0):
            finest[start] = event.date_precision
    return [
        {"date": day.isoformat(), "label": step_label(day, finest[day])} for day in sorted(finest)
    ]


def event_step(event: Event, step_of: dict[str, int]) -> int | None:
    """The slider step at which the static site starts showing ``event`` (None: undated).

    ``app.js`` shows an event while ``step <= current``: the "up to" window
    (``timeline.up_to``) at that step's date; tests/test_timeline.py checks the two agree.
    """
    return step_of[event.dates[0].isoformat()] if event.is_dated else None


def _round_coords(value: Any, decimals: int) -> Any:
    if isinstance(value, float):
        return round(value, decimals)
    if isinstance(value, list | tuple):
        return [_round_coords(v, decimals) for v in value]
    return value


def area_geometries(dataset: Dataset) -> dict[str, dict]:
    """GeoJSON geometries of the districts/regions the places point to (not countries), and
    of the areas with states."""
    wanted = sorted(
        {p.area_id for p in dataset.places if p.area_id and p.kind != "country"}
        | {s.area_id for s in dataset.area_states}
    )
    found: dict[str, dict] = {}
    for frame in (dataset.areas, dataset.world):
        if frame is None:
            continue
        for area_id, geometry in zip(frame["id"], frame.geometry, strict=True):
            if area_id in wanted and area_id not in found and geometry is not None:
                shape = geometry.__geo_interface__
                found[area_id] = {
                    "type": shape["type"],
                    "coordinates": _round_coords(shape["coordinates"], AREA_DECIMALS),
                }
    return {area_id: found[area_id] for area_id in wanted if area_id in found}


def site_area_states(dataset: Dataset, steps: list[dict[str, str]]) -> dict[str, Any]:
    """Each area's states (raw text) and, per slider step, the one it is in then (its index,
    or None): the state on the step's day, the end of the "up to" window
    (``timeline.area_states_at``), worked out here so the page holds no second rule."""
    if not dataset.area_states or not steps:
        return {}
    days = [dt.date.fromisoformat(s["date"]) for s in steps]
    at_step = [area_states_at(dataset.area_states, up_to(days[0], day)) for day in days]
    names: dict[str, str] = {}
    for frame in (dataset.areas, dataset.world):
        if frame is not None:
            names.update(zip(frame["id"], frame["name"], strict=True))
    labels = {p.area_id: p.label for p in reversed(dataset.places) if p.kind in AREA_KINDS}
    out: dict[str, Any] = {}
    for state in sorted(dataset.area_states, key=lambda s: s.state_from):
        entry = out.setdefault(
            state.area_id,
            {
                "label": labels.get(state.area_id) or names.get(state.area_id, state.area_id),
                "states": [],
            },
        )
        entry["states"].append(
            {
                "when": state.date_label,
                "state": state.state,
                "style": state.style,
                "event_id": state.event_id,
                "note": state.note,
            }
        )
    for area_id, entry in out.items():
        states = sorted(
            (s for s in dataset.area_states if s.area_id == area_id), key=lambda s: s.state_from
        )
        entry["by_step"] = [
            states.index(now[area_id]) if area_id in now else None for now in at_step
        ]
    return out


def site_meta(dataset: Dataset) -> dict[str, Any]:
    """The story's title, byline and whose account it is, and where the map opens."""
    article, meta = dataset.article, dataset.meta
    author = meta.author or (article.author if article is not None else "") or ""
    role = (article.author_role if article is not None else "") or ""
    window = dataset.opening_window
    return {
        "title": meta.title,
        "author": author,
        "author_role": role,
        "perspective": meta.perspective_line,
        "home": {
            "lat": dataset.home_view.lat,
            "lon": dataset.home_view.lon,
            "zoom": dataset.home_view.zoom,
        },
        "window": [window.start.isoformat(), window.end.isoformat()] if window else None,
    }


def site_data(dataset: Dataset) -> dict[str, Any]:
    """Everything ``app.js`` needs, as plain JSON-ready data (raw text, escaped by the page)."""
    steps = time_steps(dataset.events)
    step_of = {s["date"]: i for i, s in enumerate(steps)}
    events = []
    for event in dataset.events:
        record = event_record(event)
        record["place_ids"] = [p.id for p in event.places]
        # the links both ways, with the titles the cards and popups show
        record["related"] = [{"id": i, "title": t} for i, t in event.linked]
        record["step"] = event_step(event, step_of)
        events.append(record)
    used = {e.category for e in dataset.events}
    categories = [
        {"id": c.id, "label": c.label, "color": c.colour}
        for c in dataset.meta.categories
        if c.id in used
    ]
    places = {
        p.id: {
            "id": p.id,
            "name": p.name,
            "label": p.label,
            "kind": p.kind,
            "lat": p.lat,
            "lon": p.lon,
            "area_id": p.area_id or None,
            "inferred": p.inferred,
            "note": p.note,
        }
        for p in dataset.places
        if math.isfinite(p.lat) and math.isfinite(p.lon)
    }
    shown = display_data(
        {
            "meta": site_meta(dataset),
            "categories": categories,
            "places": places,
            "steps": steps,
            "events": events,
            "area_states": site_area_states(dataset, steps),
        }
    )
    return {**shown, "areas": area_geometries(dataset)}


# --- the files --------------------------------------------------------------------------


_PLACEHOLDER = re.compile(r"\{\{([A-Z_]+)\}\}")


def render_index(dataset: Dataset, template: str | None = None) -> str:
    """index.html with the title, byline and footer filled in (every value escaped)."""
    if template is None:
        template = (TEMPLATE_DIR / "index.html").read_text(encoding="utf-8")
    meta = site_meta(dataset)
    author = meta["author"] or "the article's author"
    byline = f"By {author}" + (f", {meta['author_role']}" if meta["author_role"] else "")
    values = {
        "TITLE": meta["title"],
        "BYLINE": byline,
        "AUTHOR": author,
        # whose account this is, in the story's own words (the app's pages show the same line)
        "PERSPECTIVE": meta["perspective"],
        "EVENT_COUNT": str(len(dataset.events)),
        # The code to paste, shown as text (escaped again by fill_template).
        "EMBED": iframe_snippet(STATIC_SITE_SRC, embed_title(meta["title"])),
    }
    return fill_template(template, values)


def fill_template(template: str, values: dict[str, str]) -> str:
    """``{{NAME}}`` placeholders replaced by their values, each escaped as HTML."""
    # One pass over the template: a value is never scanned for placeholders itself (a title
    # with "{{" in it is text, not a template error).
    unknown = set(_PLACEHOLDER.findall(template)) - set(values)
    if unknown:
        raise ValueError(f"unknown placeholder(s) in the site template: {sorted(unknown)}")
    return _PLACEHOLDER.sub(lambda m: map_text(values[m.group(1)]), template)


def _basemap_js() -> str:
    outlines = json.loads(BASEMAP_FILE.read_text(encoding="utf-8"))
    return js_global(BASEMAP_GLOBAL, outlines)


def with_shared(template: str, *shared: str) -> bytes:
    """``site_template/<template>`` with the shared browser files (``articlemap/web/``) in
    front of it, in order: the static pages draw with the same code and style as the app."""
    own = (TEMPLATE_DIR / template).read_text(encoding="utf-8")
    return "\n".join([*(web.source(name) for name in shared), own]).encode("utf-8")


def app_css() -> bytes:
    """The page's style: the areas' state swatches shared with the live map, then app.css
    (the comparison site uses it too)."""
    return with_shared("app.css", "area_states.css")


def _app_js() -> bytes:
    """The page's code: the shared event renderer and area look (the live map draws areas
    with the same one), then app.js."""
    return with_shared("app.js", "render.js", "area_look.js")


def site_files(dataset: Dataset) -> dict[str, bytes]:
    """The folder as relative path -> bytes, sorted by path (the order files are written)."""
    files: dict[str, bytes] = {
        "index.html": render_index(dataset).encode("utf-8"),
        "data.js": js_global(DATA_GLOBAL, site_data(dataset)).encode("utf-8"),
        "basemap.js": _basemap_js().encode("utf-8"),
        "app.js": _app_js(),
        "app.css": app_css(),
    }
    for name in _LEAFLET_FILES:
        files[f"leaflet/{name}"] = (LEAFLET_DIR / name).read_bytes()
    return dict(sorted(files.items()))


def write_site(dataset: Dataset, outdir: Path | str) -> Path:
    """Write the site into ``outdir`` (created if needed); return the path of index.html.

    Only the site's own files are (over)written; anything else in ``outdir`` is left alone.
    """
    return write_site_files(site_files(dataset), outdir)


def write_site_files(files: dict[str, bytes], outdir: Path | str) -> Path:
    """Write ``site_files()`` already rendered (the CLI also reports their size)."""
    outdir = Path(outdir)
    if outdir.exists() and not outdir.is_dir():
        raise NotADirectoryError(f"{outdir} exists and is not a folder")
    for name, content in files.items():
        path = outdir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return outdir / "index.html"


_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def build_site_zip(dataset: Dataset, root: str = ZIP_ROOT) -> bytes:
    """The same folder as a zip, in memory (nothing written to disk), under ``root/``.

    Fixed timestamps, permissions and order, so the same dataset gives the same bytes.
    """
    return zip_files(site_files(dataset), root)


def zip_files(files: dict[str, bytes], root: str) -> bytes:
    """``files`` (relative path -> bytes) as a reproducible zip under ``root/``."""
    buffer = io.BytesIO()
    prefix = f"{root.strip('/')}/" if root else ""
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            info = zipfile.ZipInfo(prefix + name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, content, compresslevel=9)
    return buffer.getvalue()

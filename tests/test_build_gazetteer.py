"""scripts/build_gazetteer.py: which Natural Earth units keep their GeoNames admin-1 code, and
the committed gazetteer built with that rule (no npm, no network)."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GAZETTEER = ROOT / "geodata" / "gazetteer" / "gazetteer.json.gz"
sys.path.insert(0, str(ROOT / "scripts"))
from build_gazetteer import units_without_admin1  # noqa: E402


def square(x0: float, y0: float, size: float = 1.0) -> dict:
    ring = [[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]]
    return {"type": "Polygon", "coordinates": [ring]}


def unit(adm1: str, code: str, geometry: dict, cc: str = "FR") -> dict:
    return {
        "properties": {"adm1_code": adm1, "gn_a1_code": code, "iso_a2": cc},
        "geometry": geometry,
    }


def places(cc: str, admin1: str, points: list[tuple[float, float]]) -> dict[str, dict]:
    return {
        f"{cc}{admin1}{i}": {
            "countrycode": cc,
            "admin1code": admin1,
            "longitude": str(x),
            "latitude": str(y),
        }
        for i, (x, y) in enumerate(points)
    }


def grid(x0: float, y0: float, n: int = 6) -> list[tuple[float, float]]:
    return [(x0 + 0.1 + 0.8 * i / n, y0 + 0.5) for i in range(n)]


def test_a_unit_coded_like_a_region_far_away_loses_the_code() -> None:
    # "Aude" carries FR.11, but FR.11's places (Ile-de-France) lie elsewhere; Aude's own
    # places carry FR.76. (Paris's FR.75 no place carries here: nothing says it is wrong.)
    features = [unit("FRA-aude", "FR.11", square(0, 0)), unit("FRA-paris", "FR.75", square(5, 5))]
    cities = {**places("FR", "76", grid(0, 0)), **places("FR", "11", grid(5, 5))}
    assert units_without_admin1(features, cities) == {"FRA-aude"}


def test_a_unit_whose_places_carry_its_code_keeps_it() -> None:
    features = [unit("FRA-a", "FR.76", square(0, 0)), unit("FRA-b", "FR.11", square(5, 5))]
    cities = {**places("FR", "76", grid(0, 0)), **places("FR", "11", grid(5, 5))}
    assert units_without_admin1(features, cities) == set()


def test_a_part_of_its_codes_region_keeps_it() -> None:
    # a province carrying its region's code: its places carry that code, and so do its
    # neighbours' (the "Pandi, Bulacan" case)
    features = [
        unit("PHL-a", "PH.03", square(0, 0), "PH"),
        unit("PHL-b", "PH.03", square(1, 0), "PH"),
    ]
    cities = places("PH", "03", grid(0, 0) + grid(1, 0))
    assert units_without_admin1(features, cities) == set()


def test_too_few_places_inside_to_judge_keeps_the_code() -> None:
    # a small city unit whose four places are coded with the region around it
    features = [unit("BLR-minsk", "BY.04", square(0, 0, 0.2), "BY")]
    cities = {
        **places("BY", "05", [(0.05, 0.05), (0.1, 0.1), (0.15, 0.05), (0.05, 0.15)]),
        **places("BY", "04", [(0.25, 0.1)]),  # within 0.1 degree of the outline
    }
    assert units_without_admin1(features, cities) == set()


def test_a_code_no_place_carries_is_kept_and_no_code_is_not_judged() -> None:
    features = [unit("X-1", "FR.99", square(0, 0)), unit("X-2", "", square(2, 0))]
    assert units_without_admin1(features, places("FR", "76", grid(0, 0))) == set()


@pytest.fixture(scope="module")
def gazetteer() -> dict:
    return json.loads(gzip.decompress(GAZETTEER.read_bytes()))


def test_the_committed_gazetteer_names_no_french_department_by_a_region_code(gazetteer) -> None:
    columns = gazetteer["columns"]
    key, name, admin1 = (columns.index(c) for c in ("key", "name", "admin1"))
    regions = {e[name]: e[admin1] for e in gazetteer["entries"] if e[key].startswith("ne1:FRA")}
    assert regions["Aude"] == "", "FR.11 is Ile-de-France in GeoNames, not Aude"
    assert regions["Paris"] == ""  # FR.75, GeoNames' Nouvelle-Aquitaine
    towns = [e for e in gazetteer["entries"] if e[admin1] == "FR.11"]
    assert any(e[name] == "Versailles" for e in towns)
    assert all(not e[key].startswith("ne1:") for e in towns)


def test_a_town_near_paris_is_not_shown_in_aude_and_aude_is_still_a_region() -> None:
    from articlemap.gazetteer import gazetteer_for_new_article
    from articlemap.place_review import candidate_of

    gazetteer = gazetteer_for_new_article()
    by_name = {e.name: e for e in gazetteer.entries if e.country == "FR"}
    assert candidate_of(by_name["Versailles"], gazetteer).where == "France"
    aude = by_name["Aude"]
    assert aude.admin1 == "" and aude.is_admin1  # a first-level unit, without a code
    assert "" not in gazetteer.region_names[1]

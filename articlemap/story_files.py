"""The files that make one story, named once for the store, the zip and the loader.

A story travels as these files (in the store, in an exported .zip, in a folder for the
CLI), so every part of the app that accepts a story checks names against this one list.
"""

from __future__ import annotations

from articlemap.paths import AREA_STATES_CSV, AREAS_GEOJSON, EVENTS_CSV, PLACES_CSV

STORY_TOML = "story.toml"
ARTICLE_MD = "article.md"

REQUIRED_FILES: tuple[str, ...] = (STORY_TOML, ARTICLE_MD, PLACES_CSV, EVENTS_CSV)
OPTIONAL_FILES: tuple[str, ...] = (AREAS_GEOJSON, AREA_STATES_CSV)
STORY_FILES: tuple[str, ...] = REQUIRED_FILES + OPTIONAL_FILES


def and_list(names: tuple[str, ...] | list[str]) -> str:
    """ "a, b and c" — for messages that name several files."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def assemble(
    story_toml: str,
    article_md: str,
    places_csv: str,
    events_csv: str,
    areas_geojson: bytes | None = None,
    area_states_csv: bytes | None = None,
) -> dict[str, bytes]:
    """A story's files as the store and the zip keep them (UTF-8 text, LF line ends)."""
    files = {
        STORY_TOML: story_toml.encode("utf-8"),
        ARTICLE_MD: article_md.encode("utf-8"),
        PLACES_CSV: places_csv.encode("utf-8"),
        EVENTS_CSV: events_csv.encode("utf-8"),
    }
    if areas_geojson is not None:
        files[AREAS_GEOJSON] = bytes(areas_geojson)
    if area_states_csv is not None:
        files[AREA_STATES_CSV] = bytes(area_states_csv)
    return files

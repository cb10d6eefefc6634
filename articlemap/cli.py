"""Command line: export the data, check a data folder, rebuild the cleaned article.

python -m articlemap export events --format json|csv
python -m articlemap export places --format geojson|csv
python -m articlemap validate [DIR]
python -m articlemap build-article [--raw FILE] [--out FILE]
python -m articlemap site OUTDIR [--data DIR]
python -m articlemap extract FILE --out DIR [--curated] [--published YYYY-MM-DD] [--map-demonyms]
python -m articlemap story list|export ID [-o FILE]|import FILE|site ID OUTDIR
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from articlemap import export, story_cli
from articlemap.dataset import Dataset, load_dataset
from articlemap.loading import DataValidationError
from articlemap.paths import ARTICLE_MD, GEODATA_DIR, RAW_ARTICLE

EXPORTERS: dict[tuple[str, str], Callable[[Dataset], str]] = {
    ("events", "json"): export.events_json,
    ("events", "csv"): export.events_csv,
    ("places", "geojson"): export.places_geojson,
    ("places", "csv"): export.places_csv,
}


@dataclass(frozen=True)
class Command:
    """One command: its help line, its arguments, and the function that runs it.

    ``run`` returns the exit code. A command group (``story list``, ``story show`` …) has no
    ``run`` of its own: its ``arguments`` calls :func:`add_commands` with its own dict of
    sub-commands, and the chosen one's ``run`` is called.
    """

    help: str
    arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int] | None = None


def add_commands(parser: argparse.ArgumentParser, commands: dict[str, Command], dest: str) -> None:
    """A sub-parser per command; the parsed namespace's ``run`` is the chosen command's."""
    sub = parser.add_subparsers(dest=dest, required=True)
    for name, command in commands.items():
        command_parser = sub.add_parser(name, help=command.help)
        command.arguments(command_parser)
        if command.run is not None:
            command_parser.set_defaults(run=command.run)


# ------------------------------------------------------------------------------ export


def export_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("what", choices=["events", "places"])
    parser.add_argument("--format", required=True, choices=["json", "csv", "geojson"])
    parser.add_argument("--data", default=str(GEODATA_DIR), help="data folder (default: geodata/)")


def export_command(args: argparse.Namespace) -> int:
    exporter = EXPORTERS.get((args.what, args.format))
    if exporter is None:
        formats = [f for (w, f) in EXPORTERS if w == args.what]
        print(
            f"error: {args.what} can be exported as {' or '.join(formats)}, not {args.format}",
            file=sys.stderr,
        )
        return 2
    sys.stdout.write(exporter(load_dataset(args.data)) + "\n")
    return 0


# ---------------------------------------------------------------------------- validate


def validate_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("directory", nargs="?", default=str(GEODATA_DIR))


def validate_command(args: argparse.Namespace) -> int:
    data = load_dataset(args.directory)
    dated = sum(e.is_dated for e in data.events)
    print(
        f"{args.directory}: OK — {len(data.places)} places, {len(data.events)} events "
        f"({dated} dated, {len(data.events) - dated} undated)"
        + (f", {len(data.area_states)} area states" if data.area_states else "")
    )
    return 0


# ----------------------------------------------------------------------- build-article


def build_article_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--raw", default=str(RAW_ARTICLE))
    parser.add_argument("--out", default=str(ARTICLE_MD))


def build_article_command(args: argparse.Namespace) -> int:
    from articlemap.article_text import build_article_md

    article = build_article_md(args.raw, args.out)
    print(f"wrote {args.out}: {len(article.blocks)} blocks")
    return 0


# -------------------------------------------------------------------------------- site


def site_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("outdir")
    parser.add_argument("--data", default=str(GEODATA_DIR), help="data folder (default: geodata/)")


def site_command(args: argparse.Namespace) -> int:
    write_site(load_dataset(args.data), args.outdir)
    return 0


def write_site(dataset: Dataset, outdir: str) -> None:
    """The static site of ``dataset`` in ``outdir`` (``site`` and ``story site``)."""
    from articlemap import site

    files = site.site_files(dataset)  # rendered once: written and measured
    index = site.write_site_files(files, outdir)
    size = sum(len(content) for content in files.values())
    print(f"wrote {index} ({size / 1024:.0f} KB in all): open it in a browser")


# ----------------------------------------------------------------------------- extract


def extract_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="a plain-text or Markdown article")
    parser.add_argument("--out", required=True, help="folder to write the draft to")
    parser.add_argument(
        "--curated",
        action="store_true",
        help="lay the built-in story's places (geodata/places.csv) over the gazetteer: only "
        "for that story's text (the default, the gazetteer alone, is for any other article)",
    )
    parser.add_argument("--no-curated", action="store_true", help=argparse.SUPPRESS)  # default
    parser.add_argument("--published", help="the article's date (YYYY-MM-DD), for weekdays")
    parser.add_argument(
        "--map-demonyms",
        action="store_true",
        help='also map the countries of nationality words ("Russian", "Turkish")',
    )


def extract_command(args: argparse.Namespace) -> int:
    from articlemap import draft, gazetteer, text_upload

    path = Path(args.file)
    try:
        text = text_upload.read_upload(path.name, path.read_bytes(), 2**31).text
    except text_upload.UploadError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    try:
        published = dt.date.fromisoformat(args.published) if args.published else None
    except ValueError:
        print(f"error: --published {args.published!r} is not YYYY-MM-DD", file=sys.stderr)
        return 2
    gaz = (
        gazetteer.default_with_curated() if args.curated else gazetteer.gazetteer_for_new_article()
    )
    result = draft.build_draft(text, gaz, published=published, map_demonyms=args.map_demonyms)
    draft.write_draft(result, args.out)
    print(
        f"wrote {args.out}: {len(result.places)} places, {len(result.events)} events; "
        f"check it with: python -m articlemap validate {args.out}"
    )
    return 0


# ------------------------------------------------------------------------------- story

# Each story command ``name`` is story_cli's ``name_arguments`` and ``name_command``.
STORY_COMMANDS: dict[str, Command] = {
    name: Command(
        summary,
        getattr(story_cli, f"{name}_arguments"),
        story_cli.run_guarded(getattr(story_cli, f"{name}_command")),
    )
    for name, summary in (
        ("list", "id, version, last change and title of every saved story"),
        ("export", "write a saved story as its .zip"),
        ("import", "check a story .zip or folder and save it as a new story"),
        ("site", "write a saved story's static site to a folder"),
    )
}


def story_arguments(parser: argparse.ArgumentParser) -> None:
    add_commands(parser, STORY_COMMANDS, dest="story_command")


# -------------------------------------------------------------------------------- main

COMMANDS: dict[str, Command] = {
    "export": Command("print events or places to stdout", export_arguments, export_command),
    "validate": Command(
        "check a data folder; exit 1 on errors", validate_arguments, validate_command
    ),
    "build-article": Command(
        "clean the raw article text into article.md", build_article_arguments, build_article_command
    ),
    "site": Command(
        "write the static map + timeline site to a folder", site_arguments, site_command
    ),
    "extract": Command(
        "draft places.csv, events.csv, article.md from a text", extract_arguments, extract_command
    ),
    "story": Command(
        "saved stories in the app's store: list, export, import, site", story_arguments
    ),
}


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m articlemap", description=__doc__.split("\n")[0])
    add_commands(top, COMMANDS, dest="command")
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except DataValidationError as exc:
        print(exc.summary(), file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1

"""Command line: export the data, check a data folder, rebuild the cleaned article.

python -m articlemap export events --format json|csv
python -m articlemap export places --format geojson|csv
python -m articlemap validate [DIR]
python -m articlemap build-article [--raw FILE] [--out FILE]
python -m articlemap site OUTDIR [--data DIR]
python -m articlemap extract FILE.txt --out DIR [--no-curated]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Sequence

from articlemap import export
from articlemap.dataset import Dataset, load_dataset
from articlemap.loading import DataValidationError
from articlemap.paths import ARTICLE_MD, GEODATA_DIR, RAW_ARTICLE

EXPORTERS: dict[tuple[str, str], Callable[[Dataset], str]] = {
    ("events", "json"): export.events_json,
    ("events", "csv"): export.events_csv,
    ("places", "geojson"): export.places_geojson,
    ("places", "csv"): export.places_csv,
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m articlemap", description=__doc__.split("\n")[0]
    )
    sub = parser.add_subparsers(dest="command", required=True)

    exp = sub.add_parser("export", help="print events or places to stdout")
    exp.add_argument("what", choices=["events", "places"])
    exp.add_argument("--format", required=True, choices=["json", "csv", "geojson"])
    exp.add_argument("--data", default=str(GEODATA_DIR), help="data folder (default: geodata/)")

    val = sub.add_parser("validate", help="check a data folder; exit 1 on errors")
    val.add_argument("directory", nargs="?", default=str(GEODATA_DIR))

    art = sub.add_parser("build-article", help="clean the raw article text into article.md")
    art.add_argument("--raw", default=str(RAW_ARTICLE))
    art.add_argument("--out", default=str(ARTICLE_MD))

    site = sub.add_parser("site", help="write the static map + timeline site to a folder")
    site.add_argument("outdir")
    site.add_argument("--data", default=str(GEODATA_DIR), help="data folder (default: geodata/)")

    ext = sub.add_parser("extract", help="draft places.csv, events.csv, article.md from a text")
    ext.add_argument("file", help="a plain-text or Markdown article")
    ext.add_argument("--out", required=True, help="folder to write the draft to")
    ext.add_argument(
        "--curated",
        action="store_true",
        help="lay the built-in story's places (geodata/places.csv) over the gazetteer: only "
        "for that story's text (the default, the gazetteer alone, is for any other article)",
    )
    ext.add_argument("--no-curated", action="store_true", help=argparse.SUPPRESS)  # the default
    ext.add_argument("--published", help="the article's date (YYYY-MM-DD), for weekdays")
    ext.add_argument(
        "--map-demonyms",
        action="store_true",
        help='also map the countries of nationality words ("Russian", "Turkish")',
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "export":
            exporter = EXPORTERS.get((args.what, args.format))
            if exporter is None:
                formats = [f for (w, f) in EXPORTERS if w == args.what]
                print(
                    f"error: {args.what} can be exported as {' or '.join(formats)}, "
                    f"not {args.format}",
                    file=sys.stderr,
                )
                return 2
            sys.stdout.write(exporter(load_dataset(args.data)) + "\n")
            return 0
        if args.command == "validate":
            data = load_dataset(args.directory)
            dated = sum(e.is_dated for e in data.events)
            print(
                f"{args.directory}: OK — {len(data.places)} places, {len(data.events)} events "
                f"({dated} dated, {len(data.events) - dated} undated)"
            )
            return 0
        if args.command == "build-article":
            from articlemap.article_text import build_article_md

            article = build_article_md(args.raw, args.out)
            print(f"wrote {args.out}: {len(article.blocks)} blocks")
            return 0
        if args.command == "site":
            from articlemap.site import site_files, write_site

            data = load_dataset(args.data)
            index = write_site(data, args.outdir)
            size = sum(len(b) for b in site_files(data).values())
            print(f"wrote {index} ({size / 1024:.0f} KB in all): open it in a browser")
            return 0
        if args.command == "extract":
            from pathlib import Path

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
                gazetteer.default_with_curated()
                if args.curated
                else gazetteer.gazetteer_for_new_article()
            )
            result = draft.build_draft(
                text, gaz, published=published, map_demonyms=args.map_demonyms
            )
            draft.write_draft(result, args.out)
            print(
                f"wrote {args.out}: {len(result.places)} places, {len(result.events)} events; "
                f"check it with: python -m articlemap validate {args.out}"
            )
            return 0
    except DataValidationError as exc:
        print(exc.summary(), file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 2

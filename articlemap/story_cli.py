"""``python -m articlemap story …``: the saved stories of the store the app uses.

The CLI is for whoever runs the server (backups, moving stories between hosts, publishing a
static site), so it lists every story, which the app never does. It opens the same store as
the app (``configured_store_url``: the secrets file, ``$ARTICLEMAP_STORE_URL``, else the
SQLite file) and migrates it as the app does at start-up. An import is checked by the same
loader as the app's *Open a story file* and is always a new story: it never overwrites.
Its edit token is printed once, on stdout only, and never logged: the store keeps a hash.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import sqlalchemy as sa

from articlemap.dataset import Dataset, load_story_files
from articlemap.escaping import display_text
from articlemap.limits import DEFAULT_LIMITS, size_label
from articlemap.loading import DataValidationError, RowError
from articlemap.store import (
    StoredStory,
    StoreError,
    StoreUnavailable,
    StoryStore,
    configured_store_url,
    validate_story_id,
)
from articlemap.story import story_toml
from articlemap.story_files import STORY_FILES, STORY_TOML
from articlemap.story_zip import printable, read_story_zip, story_zip_bytes

VIEW_PATH = "/?story={id}"
EDIT_PATH = "/edit?story={id}&edit=<edit token>"
STDOUT = "-"


class CliError(Exception):
    """A command that cannot go on; ``str(exc)`` is the whole message for stderr."""


# --- the store -------------------------------------------------------------------------------


@contextmanager
def open_store() -> Iterator[StoryStore]:
    """The app's store, migrated, for one command (its connections closed afterwards);
    CliError (naming the database, never its password) when it is not configured right or
    cannot be reached."""
    try:
        url = configured_store_url()
        store = StoryStore.from_url(url)
    except StoreUnavailable as exc:
        raise CliError(f"error: {exc}") from exc
    except (sa.exc.ArgumentError, ImportError) as exc:
        # Not a URL, or a driver that is not installed: the message has no password.
        raise CliError(f"error: the story store's URL cannot be used: {exc}") from exc
    try:
        store.migrate()
        yield store
    except StoreUnavailable as exc:
        raise CliError(unavailable(store, exc)) from exc
    finally:
        store.engine.dispose()


def unavailable(store: StoryStore, exc: StoreUnavailable) -> str:
    detail = exc.detail.splitlines()[0].replace(f" on {store.location}", "") if exc.detail else ""
    return f"error: the story store {store.location} cannot be used: {detail or exc}"


def stored_story(store: StoryStore, story_id: str) -> StoredStory:
    if validate_story_id(story_id) is None:
        raise CliError(
            f"error: “{printable(story_id[:80])}” is not a story id (lower-case letters and "
            "digits joined by hyphens); `story list` shows the ids"
        )
    stored = store.get(story_id)
    if stored is None:
        raise CliError(f"error: no story “{story_id}” in {store.location}")
    return stored


def stored_dataset(stored: StoredStory) -> Dataset:
    """The saved story as the app builds it (ui/data.py: its id is the store's)."""
    try:
        ds = load_story_files(
            stored.files,
            {name: f"{stored.story_id}/{name}" for name in stored.files},
            name=stored.story_id,
            origin=f"store:{stored.story_id}@{stored.version}",
            where=f"the saved story “{stored.story_id}”",
        )
    except DataValidationError as exc:
        message = f"The saved story “{stored.story_id}” has problems:\n" + problems(exc)
        raise CliError(message) from exc
    return replace(ds, meta=replace(ds.meta, id=stored.story_id))


def problems(exc: DataValidationError) -> str:
    """Every problem on its own line, by file, row and field."""
    n = len(exc.errors)
    lines = [f"{n} problem{'s' if n != 1 else ''}:"]
    return "\n".join(lines + [f"- {display_text(error)}" for error in exc.errors])


# --- list ------------------------------------------------------------------------------------


def list_arguments(parser: argparse.ArgumentParser) -> None:
    del parser  # no arguments


def list_command(args: argparse.Namespace) -> int:
    with open_store() as store:
        summaries = store.list_stories()
    if not summaries:
        print(f"no saved stories in {store.location}")
        return 0
    rows = [
        (s.story_id, str(s.version), s.updated_at.strftime("%Y-%m-%d %H:%M UTC"), s.title)
        for s in summaries
    ]
    headers = ("id", "version", "updated", "title")
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(3)]
    for row in [headers, *rows]:
        cells = [row[0].ljust(widths[0]), row[1].rjust(widths[1]), row[2].ljust(widths[2])]
        print("  ".join([*cells, display_text(row[3])]).rstrip())
    print(f"{len(rows)} saved stor{'y' if len(rows) == 1 else 'ies'} in {store.location}")
    return 0


# --- export ----------------------------------------------------------------------------------


def export_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", help="the story's id (see `story list`)")
    parser.add_argument(
        "-o", "--output", help="the zip to write (default: ID.zip here; - for stdout)"
    )


def export_command(args: argparse.Namespace) -> int:
    with open_store() as store:
        stored = stored_story(store, args.id)
    data = story_zip_bytes(stored.files)
    if args.output == STDOUT:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    out = Path(args.output or f"{stored.story_id}.zip")
    out.write_bytes(data)
    print(
        f"wrote {out} ({size_label(len(data))}): “{display_text(stored.title)}”, "
        f"version {stored.version}"
    )
    return 0


# --- import ----------------------------------------------------------------------------------


def import_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="a story .zip (from `story export` or Share) or a folder")


def read_folder(folder: Path) -> tuple[dict[str, bytes], dict[str, str], list[str]]:
    """A story folder's files, their labels and notes. Only a story's files are kept (the
    store holds nothing else); one without story.toml gets it from its metadata, as the
    app's zip of the built-in story does."""
    files: dict[str, bytes] = {}
    labels: dict[str, str] = {}
    notes: list[str] = []
    total = 0
    for name in STORY_FILES:
        path = folder / name
        if not path.is_file():
            continue
        total += path.stat().st_size
        if total > DEFAULT_LIMITS.story_bytes:
            raise DataValidationError(
                [
                    RowError(
                        folder.name,
                        None,
                        None,
                        f"its story files are more than {size_label(DEFAULT_LIMITS.story_bytes)} "
                        "together; that is the limit for a story",
                    )
                ]
            )
        files[name] = path.read_bytes()
        labels[name] = f"{folder.name}/{name}"
    others = sorted(p.name for p in folder.iterdir() if p.is_file() and p.name not in STORY_FILES)
    if others:
        notes.append(
            f"not kept (a saved story holds only {', '.join(STORY_FILES)}): {', '.join(others)}"
        )
    return files, labels, notes


def read_zip_file(path: Path) -> tuple[dict[str, bytes], dict[str, str], list[str]]:
    with path.open("rb") as f:  # a byte past the cap is enough for the zip reader to refuse
        data = f.read(DEFAULT_LIMITS.story_zip_bytes + 1)
    contents = read_story_zip(data, path.name)
    return contents.files, contents.labels, list(contents.notes)


def import_command(args: argparse.Namespace) -> int:
    path = Path(args.file).resolve()  # "." has a name too
    if not path.exists():
        raise CliError(f"error: {args.file}: no such file or folder")
    try:
        if path.is_dir():
            files, labels, notes = read_folder(path)
        else:
            files, labels, notes = read_zip_file(path)
        ds = load_story_files(files, labels, name=path.name, where=f"“{path.name}”")
    except DataValidationError as exc:
        raise CliError(
            f"“{printable(path.name)}” cannot be imported as a story; nothing was saved.\n"
            + problems(exc)
        ) from exc
    if STORY_TOML not in files:
        files[STORY_TOML] = story_toml(ds.meta).encode("utf-8")
        notes.append(f"{STORY_TOML} was written from the story's metadata")
    with open_store() as store:
        try:
            saved = store.create(files, ds.meta.title)
        except StoreUnavailable:
            raise
        except StoreError as exc:
            raise CliError(f"error: “{printable(path.name)}” was not saved: {exc}") from exc
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    print(f"saved “{display_text(ds.meta.title)}” as a new story in {store.location}")
    print(f"id:         {saved.story_id}")
    print(f"view link:  {VIEW_PATH.format(id=saved.story_id)}")
    print(f"edit token: {saved.edit_token}")
    print(
        "Keep the edit token private: whoever has it can change the story. It is shown only "
        f"now (the store keeps a hash of it). Edit link: {EDIT_PATH.format(id=saved.story_id)}"
    )
    return 0


# --- site ------------------------------------------------------------------------------------


def site_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", help="the story's id (see `story list`)")
    parser.add_argument("outdir")


def site_command(args: argparse.Namespace) -> int:
    from articlemap.cli import write_site

    with open_store() as store:
        stored = stored_story(store, args.id)
    write_site(stored_dataset(stored), args.outdir)
    return 0


Run = Callable[[argparse.Namespace], int]


def run_guarded(command: Run) -> Run:
    """The command, with every expected failure a message on stderr and exit code 1."""

    def run(args: argparse.Namespace) -> int:
        try:
            return command(args)
        except CliError as exc:
            print(str(exc), file=sys.stderr)
            return 1
        except StoreError as exc:  # unavailable mid-command (the database went away)
            detail = getattr(exc, "detail", "")
            where = f" ({detail.splitlines()[0]})" if detail else ""
            print(f"error: {exc}{where}", file=sys.stderr)
            return 1

    return run

"""Saved stories in one SQL database: SQLite by default, PostgreSQL for several app processes.

A story is opaque here: a title and a few named files (``story_files.STORY_FILES``). The
loader checks what is inside them; the store only bounds their names and size, so a forged
request cannot fill the disk. There are no accounts: whoever holds a story's edit token may
change it. Only a SHA-256 of the token is stored (a stolen database edits nothing) and it is
compared in constant time. Every change bumps the story's version with one compare-and-set
``UPDATE … WHERE version = expected``, so two people saving at once never lose an update
silently: the second gets ``Conflict``. The version is also the cache key for readers.

The schema is versioned (``schema_version`` holds one row per applied migration).
``migrate()`` runs at start-up in every app process; it takes a lock first (a PostgreSQL
advisory lock, SQLite's ``BEGIN IMMEDIATE``) so processes starting together apply each
migration once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import os
import random
import secrets
import time
import tomllib
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from articlemap.limits import DEFAULT_LIMITS, Limits, size_label
from articlemap.loading import ID_PATTERN
from articlemap.paths import PROJECT_ROOT
from articlemap.slugs import slugify as _slugify
from articlemap.story_files import REQUIRED_FILES, STORY_FILES, and_list

log = logging.getLogger(__name__)

MAX_ID_LENGTH = 48
SUFFIX_LENGTH = 8
# 32 symbols (5 bits each; no 0/o, 1/l to misread): 40 random bits per id, so ids cannot be
# enumerated — a view link is only for those it was given to.
SUFFIX_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"
SLUG_LENGTH = MAX_ID_LENGTH - SUFFIX_LENGTH - 1
FALLBACK_SLUG = "story"
TOKEN_BYTES = 32  # 256 random bits
MAX_TOKEN_CHARS = 256  # longer is forged; not even hashed
ID_ATTEMPTS = 5
MAX_COMPARED = 3  # stories in one comparison (compare.MAX_ACCOUNTS)
COMPARISON_SLUG = "comparison"
TITLES_BATCH = 500

ENV_URL = "ARTICLEMAP_STORE_URL"
DEFAULT_SQLITE_FILE = PROJECT_ROOT / "data" / "stories.sqlite"
CONNECTION_NAME = "stories"  # [connections.stories] in .streamlit/secrets.toml
# pg_advisory_xact_lock key for migrations: any fixed 64-bit number no other code uses.
MIGRATION_LOCK_KEY = zlib.crc32(b"articlemap.store.migrate")
# How long start-up keeps trying to put a fresh SQLite file in WAL mode.
WAL_SWITCH_SECONDS = 10.0

FORBIDDEN_MESSAGE = (
    "This story cannot be changed with this link: the story does not exist, or the edit "
    "link is wrong or no longer valid (its owner may have made a new one)."
)
COMPARISON_FORBIDDEN_MESSAGE = (
    "This comparison cannot be changed with this link: the comparison does not exist, or "
    "the edit link is wrong or no longer valid."
)
UNAVAILABLE_MESSAGE = (
    "Saved stories are not available right now (the story store cannot be reached). "
    "Try again in a moment; the built-in story still works."
)


class StoreError(Exception):
    """A store operation that did not happen; ``str(exc)`` is fit to show to the user."""


class Forbidden(StoreError):
    """No such story, or the wrong edit token: one exception and message for both, so a
    forged save learns nothing about which ids exist. (A comparison's says "comparison".)"""

    def __init__(self, message: str = FORBIDDEN_MESSAGE) -> None:
        super().__init__(message)


class Conflict(StoreError):
    """Someone saved the story after the version this edit started from."""

    def __init__(self, current_version: int, expected_version: int):
        self.current_version = current_version
        self.expected_version = expected_version
        super().__init__(
            f"Someone else saved this story while you were editing it (you started from "
            f"version {expected_version}; it is now version {current_version}). Your changes "
            "were not saved."
        )


class InvalidStory(StoreError):
    """The files or title are not something the store keeps (names, size, characters)."""


class StoreUnavailable(StoreError):
    """The database cannot be reached, is locked for too long, or is newer than this app.
    ``detail`` is for the server log, not for the page."""

    def __init__(self, detail: str, message: str = UNAVAILABLE_MESSAGE):
        self.detail = detail
        super().__init__(message)


@dataclass(frozen=True)
class Saved:
    """A story just created: the edit token in plain text exists only here and in the
    return value of ``rotate_token`` — the store keeps its hash."""

    story_id: str
    version: int
    edit_token: str = field(repr=False)


@dataclass(frozen=True)
class StoredStory:
    story_id: str
    version: int
    title: str
    files: dict[str, bytes] = field(repr=False)
    created_at: dt.datetime
    updated_at: dt.datetime


class InvalidComparison(StoreError):
    """Story ids or links that a comparison cannot hold (how many, their size)."""


@dataclass(frozen=True)
class SavedComparison:
    """A comparison just created; as with ``Saved``, the plain edit token exists only here."""

    comparison_id: str
    version: int
    edit_token: str = field(repr=False)


@dataclass(frozen=True)
class StoredComparison:
    """Which stories a comparison puts side by side (in order) and the person's links
    (``compare.Decisions`` as JSON: the store keeps the text, the page reads it)."""

    comparison_id: str
    version: int
    story_ids: tuple[str, ...]
    links: str = field(repr=False)
    created_at: dt.datetime
    updated_at: dt.datetime


@dataclass(frozen=True)
class StorySummary:
    story_id: str
    title: str
    version: int
    updated_at: dt.datetime


# --- ids, tokens, checks -------------------------------------------------------------------


def validate_story_id(text: object) -> str | None:
    """The story id in ``text`` (a ``?story=`` value, surrounding spaces dropped), or None
    when it cannot be one: not a string, too long, or not lower-case ASCII words joined by
    single hyphens. Callers show "no such story" for None without asking the database."""
    if not isinstance(text, str) or len(text) > MAX_ID_LENGTH + 16:
        return None
    text = text.strip()
    if not 0 < len(text) <= MAX_ID_LENGTH or not ID_PATTERN.fullmatch(text):
        return None
    return text


# Latin letters that Unicode does not decompose into a base letter and an accent.
def slugify(text: str, length: int = SLUG_LENGTH) -> str:
    """A story id's readable part (``articlemap.slugs.slugify``, cut to leave room for the
    random suffix)."""
    return _slugify(text, length)


def new_story_id(hint: str) -> str:
    """A slug of ``hint`` plus a random suffix: "the-treaty-of-kars-7k3mqz2a"."""
    suffix = "".join(secrets.choice(SUFFIX_ALPHABET) for _ in range(SUFFIX_LENGTH))
    return f"{slugify(hint) or FALLBACK_SLUG}-{suffix}"


def new_edit_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    """What the store keeps of a token: hex SHA-256 (the token is 256 random bits, so a
    plain hash without salt or stretching cannot be reversed or guessed)."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


# A stand-in compared against when the story does not exist, so a wrong id and a wrong
# token take the same path through the code.
_NO_HASH = "0" * 64


def _token_matches(stored_hash: str | None, token: object) -> bool:
    usable = isinstance(token, str) and 0 < len(token) <= MAX_TOKEN_CHARS
    candidate = token_hash(token) if usable else ""  # type: ignore[arg-type]
    same = hmac.compare_digest(stored_hash or _NO_HASH, candidate)
    return same and stored_hash is not None


def check_story_files(files: Mapping[str, bytes], limits: Limits = DEFAULT_LIMITS) -> dict:
    """The files as a plain ``{name: bytes}`` dict sorted by name; raises InvalidStory
    naming every problem: unknown names, missing required files, a value that is not
    bytes, all files together over ``limits.story_bytes``."""
    if not isinstance(files, Mapping):
        raise InvalidStory("A story is a set of named files.")
    problems: list[str] = []
    unknown = sorted(str(name) for name in files if name not in STORY_FILES)
    if unknown:
        problems.append(
            f"A story cannot hold {and_list([f'“{n}”' for n in unknown])} "
            f"(its files are {and_list(list(STORY_FILES))})."
        )
    missing = [name for name in REQUIRED_FILES if name not in files]
    if missing:
        problems.append(f"The story has no {and_list(missing)}.")
    not_bytes = sorted(
        str(n) for n, v in files.items() if not isinstance(v, bytes | bytearray | memoryview)
    )
    if not_bytes:
        problems.append(f"{and_list(not_bytes)} must be bytes.")
    if not problems:
        total = sum(len(v) for v in files.values())
        if total > limits.story_bytes:
            problems.append(
                f"The story's files are {size_label(total)} together; a story may be up to "
                f"{size_label(limits.story_bytes)}."
            )
    if problems:
        raise InvalidStory(" ".join(problems))
    return {name: bytes(files[name]) for name in sorted(files)}


def check_title(title: object, limits: Limits = DEFAULT_LIMITS) -> str:
    """The title with runs of white space (new lines, tabs) made one space; raises
    InvalidStory when it is empty, too long, or holds other control characters (a NUL
    cannot even be stored in PostgreSQL)."""
    if not isinstance(title, str):
        raise InvalidStory("A story needs a title.")
    title = " ".join(title.split())
    if not title:
        raise InvalidStory("A story needs a title.")
    if len(title) > limits.story_title_chars:
        raise InvalidStory(
            f"The title is {len(title):,} characters long; the limit is "
            f"{limits.story_title_chars:,}."
        )
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in title):
        raise InvalidStory("The title contains control characters; type it again.")
    return title


def _utc(value: dt.datetime) -> dt.datetime:
    """SQLite gives back naive datetimes (written as UTC), PostgreSQL aware ones."""
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


def _forbidden_message(table: sa.Table) -> str:
    return FORBIDDEN_MESSAGE if table.name == "stories" else COMPARISON_FORBIDDEN_MESSAGE


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# --- schema ----------------------------------------------------------------------------------
# The tables as they are after the last migration, for the queries. The migrations below
# define their own tables: they are frozen history and must not follow later edits here
# (tests/test_store.py checks that a migrated database has exactly these columns).

_tables = sa.MetaData()


def _record_columns() -> list[sa.Column]:
    """What every editable record (a story, a comparison) keeps beside its content: its
    version, its edit token's hash and when it was made and last changed. The same since
    the first migration, which uses it too: a change here needs a migration of its own
    (tests/test_store.py checks that a migrated database has exactly these columns)."""
    return [
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


schema_version = sa.Table(
    "schema_version",
    _tables,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("description", sa.String(200), nullable=False),
    sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
)

stories = sa.Table(
    "stories",
    _tables,
    sa.Column("id", sa.String(MAX_ID_LENGTH), primary_key=True),
    sa.Column("title", sa.Text, nullable=False),
    *_record_columns(),
)

story_files = sa.Table(
    "story_files",
    _tables,
    sa.Column("story_id", sa.String(MAX_ID_LENGTH), sa.ForeignKey("stories.id"), primary_key=True),
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("data", sa.LargeBinary, nullable=False),
)


comparisons = sa.Table(
    "comparisons",
    _tables,
    sa.Column("id", sa.String(MAX_ID_LENGTH), primary_key=True),
    sa.Column("story_ids", sa.Text, nullable=False),
    sa.Column("links", sa.Text, nullable=False),
    *_record_columns(),
)


def _create_stories(conn: Connection) -> None:
    frozen = sa.MetaData()
    sa.Table(
        "stories",
        frozen,
        sa.Column("id", sa.String(48), primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        *_record_columns(),
    )
    sa.Table(
        "story_files",
        frozen,
        sa.Column("story_id", sa.String(48), sa.ForeignKey("stories.id"), primary_key=True),
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("data", sa.LargeBinary, nullable=False),
    )
    frozen.create_all(conn)


def _create_comparisons(conn: Connection) -> None:
    """Comparisons of stories: no foreign key to ``stories`` (one side may be the built-in
    story, and deleting a story must not be refused because a class compared it)."""
    frozen = sa.MetaData()
    sa.Table(
        "comparisons",
        frozen,
        sa.Column("id", sa.String(48), primary_key=True),
        sa.Column("story_ids", sa.Text, nullable=False),
        sa.Column("links", sa.Text, nullable=False),
        *_record_columns(),
    )
    frozen.create_all(conn)


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    apply: Callable[[Connection], None]


# In order; append only. A migration runs inside the migrating transaction.
MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "stories and their files", _create_stories),
    Migration(2, "comparisons of stories", _create_comparisons),
)
SCHEMA_VERSION = MIGRATIONS[-1].version


# --- configuration ---------------------------------------------------------------------------

_URL_KEYS = ("url", "dialect", "driver", "username", "password", "host", "port", "database")


def default_store_url(environ: Mapping[str, str] = os.environ) -> str:
    """$ARTICLEMAP_STORE_URL, else the SQLite file ``data/stories.sqlite`` beside app.py."""
    return environ.get(ENV_URL) or f"sqlite:///{DEFAULT_SQLITE_FILE}"


def secrets_section(paths: Iterable[Path]) -> dict[str, Any]:
    """``[connections.stories]`` from these secrets.toml files, later files winning (the
    order Streamlit reads them: ``~/.streamlit`` first, then the project's)."""
    section: dict[str, Any] = {}
    for path in paths:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError):
            continue
        found = data.get("connections", {}).get(CONNECTION_NAME)
        if isinstance(found, dict):
            section.update(found)
    return section


def configured_store_url(
    secrets_paths: Iterable[Path] | None = None, environ: Mapping[str, str] = os.environ
) -> str:
    """The store the app uses, for code outside Streamlit (the CLI): the secrets section
    when it names a database (``url``, or ``dialect``/``host``/… as Streamlit reads them),
    else ``default_store_url``."""
    if secrets_paths is None:
        secrets_paths = (
            Path.home() / ".streamlit" / "secrets.toml",
            Path.cwd() / ".streamlit" / "secrets.toml",
        )
    section = secrets_section(secrets_paths)
    if names_database(section) and "url" not in section and "dialect" not in section:
        raise StoreUnavailable(
            f"[connections.{CONNECTION_NAME}] has {', '.join(sorted(section))} but neither "
            "url nor dialect",
            f"The secrets file's [connections.{CONNECTION_NAME}] section needs url = "
            '"postgresql+psycopg://…" (or dialect, host, username, …).',
        )
    if "url" in section:
        return str(section["url"])
    if "dialect" in section:
        drivername = section["dialect"] + (f"+{section['driver']}" if "driver" in section else "")
        url = sa.URL.create(
            drivername=drivername,
            username=section.get("username"),
            password=section.get("password"),
            host=section.get("host"),
            port=int(section["port"]) if "port" in section else None,
            database=section.get("database"),
            query=section.get("query", {}),
        )
        return url.render_as_string(hide_password=False)
    return default_store_url(environ)


def names_database(section: Mapping[str, Any]) -> bool:
    """Whether a ``[connections.stories]`` section is about which database to use (then
    it must say it in full: a section with only ``host`` is an error, not the SQLite
    default, or app processes meant to share one PostgreSQL would each keep their own)."""
    return any(key in section for key in _URL_KEYS)


# --- the store -------------------------------------------------------------------------------


class _Lost(Exception):
    """The compare-and-set UPDATE matched no row (rolled back, then classified)."""


class StoryStore:
    """Saved stories in the database behind ``engine`` (SQLAlchemy Core, any thread)."""

    def __init__(self, engine: Engine, limits: Limits = DEFAULT_LIMITS):
        self.engine = engine
        self.limits = limits
        self._sqlite = engine.dialect.name == "sqlite"
        self._postgres = engine.dialect.name == "postgresql"

    @classmethod
    def from_url(cls, url: str, limits: Limits = DEFAULT_LIMITS, **engine_kwargs) -> StoryStore:
        """A store with its own engine (the CLI, tests); the app gets its engine from
        ``st.connection`` (ui/store.py)."""
        if not url.startswith("sqlite"):
            engine_kwargs.setdefault("pool_pre_ping", True)
        return cls(sa.create_engine(url, **engine_kwargs), limits)

    def __repr__(self) -> str:
        return f"StoryStore({self.location!r})"

    @property
    def location(self) -> str:
        """The database URL without its password (for logs and the CLI)."""
        return self.engine.url.render_as_string(hide_password=True)

    # --- transactions and errors -----------------------------------------------------------

    @contextmanager
    def _unavailable_as_store_error(self) -> Iterator[None]:
        try:
            yield
        except (sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.TimeoutError) as exc:
            detail = f"{type(exc).__name__} on {self.location}: {getattr(exc, 'orig', None) or exc}"
            log.warning("story store unavailable: %s", detail.splitlines()[0])
            raise StoreUnavailable(detail) from exc

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One write transaction. SQLite: ``BEGIN IMMEDIATE`` takes the write lock before
        the first read, so two writers queue (busy timeout) instead of one failing with
        "database is locked" when it upgrades a read lock. PostgreSQL: a plain transaction
        (the row lock of the compare-and-set UPDATE orders writers)."""
        if not self._sqlite:
            with self.engine.begin() as conn:
                yield conn
            return
        with self.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT")
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.exec_driver_sql("COMMIT")
            except BaseException:
                try:
                    conn.exec_driver_sql("ROLLBACK")
                except sa.exc.DBAPIError:
                    conn.invalidate()  # not back into the pool with a transaction open
                raise

    def _prepare_sqlite(self) -> None:
        """The folder of the SQLite file (SQLite creates the file, not its folder), and the
        write-ahead log so readers never wait for a writer."""
        database = self.engine.url.database
        if database and database != ":memory:" and not database.startswith("file:"):
            try:
                Path(database).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreUnavailable(f"cannot make the folder of {database}: {exc}") from exc
        deadline = time.monotonic() + WAL_SWITCH_SECONDS
        with self.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT")
            while True:
                # Switching to WAL needs the file to itself, and SQLite answers "database is
                # locked" at once, without its busy handler, when another connection is
                # switching it at the same moment (processes starting together on a fresh
                # file): retry briefly. A file already in WAL is left as it is.
                try:
                    mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
                    if str(mode).lower() != "wal":
                        conn.exec_driver_sql("PRAGMA journal_mode=WAL")
                    return
                except sa.exc.OperationalError as exc:
                    if "locked" not in str(exc.orig) or time.monotonic() > deadline:
                        raise
                    time.sleep(0.02 + random.random() * 0.05)

    # --- schema ----------------------------------------------------------------------------

    def schema_version(self) -> int:
        """The version the database is at (0 before the first migration)."""
        with self._unavailable_as_store_error(), self.engine.connect() as conn:
            return self._applied(conn)

    @staticmethod
    def _applied(conn: Connection) -> int:
        if not sa.inspect(conn).has_table(schema_version.name):
            return 0
        return conn.scalar(sa.select(sa.func.max(schema_version.c.version))) or 0

    def migrate(self) -> int:
        """Bring the schema to ``SCHEMA_VERSION``; returns it. Idempotent, and safe when
        several processes start at once: the check is repeated under a lock held until the
        migrations commit. A database newer than this code is refused (StoreUnavailable)."""
        with self._unavailable_as_store_error():
            if self._sqlite:
                self._prepare_sqlite()
            if self.schema_version() == SCHEMA_VERSION:
                return SCHEMA_VERSION
            with self._write() as conn:
                if self._postgres:
                    conn.execute(sa.select(sa.func.pg_advisory_xact_lock(MIGRATION_LOCK_KEY)))
                schema_version.create(conn, checkfirst=True)
                current = self._applied(conn)
                if current > SCHEMA_VERSION:
                    raise StoreUnavailable(
                        f"the database is at schema version {current}; this app knows "
                        f"{SCHEMA_VERSION}",
                        "The story store was set up by a newer version of this app; "
                        "update the app to open saved stories.",
                    )
                for migration in MIGRATIONS:
                    if migration.version <= current:
                        continue
                    migration.apply(conn)
                    conn.execute(
                        sa.insert(schema_version).values(
                            version=migration.version,
                            description=migration.description,
                            applied_at=_now(),
                        )
                    )
                    log.info("story store migrated to schema %d", migration.version)
        return SCHEMA_VERSION

    # --- reading ---------------------------------------------------------------------------

    def get(self, story_id: str) -> StoredStory | None:
        """The story with all its files, or None (no such story, or not an id). One SELECT,
        so the row and its files come from the same committed version."""
        sid = validate_story_id(story_id)
        if sid is None:
            return None
        query = (
            sa.select(
                stories.c.version,
                stories.c.title,
                stories.c.created_at,
                stories.c.updated_at,
                story_files.c.name,
                story_files.c.data,
            )
            .select_from(stories.outerjoin(story_files, story_files.c.story_id == stories.c.id))
            .where(stories.c.id == sid)
        )
        with self._unavailable_as_store_error(), self.engine.connect() as conn:
            rows = conn.execute(query).all()
        if not rows:
            return None
        first = rows[0]
        files = {row.name: bytes(row.data) for row in rows if row.name is not None}
        return StoredStory(
            story_id=sid,
            version=first.version,
            title=first.title,
            files=dict(sorted(files.items())),
            created_at=_utc(first.created_at),
            updated_at=_utc(first.updated_at),
        )

    def version(self, story_id: str) -> int | None:
        """The story's version (one indexed SELECT: the readers' cache key), None if none."""
        sid = validate_story_id(story_id)
        if sid is None:
            return None
        with self._unavailable_as_store_error(), self.engine.connect() as conn:
            return conn.scalar(sa.select(stories.c.version).where(stories.c.id == sid))

    def titles(self, ids: Iterable[str]) -> dict[str, str]:
        """Id → title of those ``ids`` that exist (the Story menu), in the order given."""
        wanted = list(dict.fromkeys(v for v in map(validate_story_id, ids) if v is not None))
        found: dict[str, str] = {}
        with self._unavailable_as_store_error(), self.engine.connect() as conn:
            for start in range(0, len(wanted), TITLES_BATCH):
                batch = wanted[start : start + TITLES_BATCH]
                query = sa.select(stories.c.id, stories.c.title).where(stories.c.id.in_(batch))
                found.update(conn.execute(query).all())
        return {sid: found[sid] for sid in wanted if sid in found}

    def list_stories(self) -> list[StorySummary]:
        """Every story, most recently changed first (for the CLI; the app has no public
        list)."""
        query = sa.select(
            stories.c.id, stories.c.title, stories.c.version, stories.c.updated_at
        ).order_by(stories.c.updated_at.desc(), stories.c.id)
        with self._unavailable_as_store_error(), self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [StorySummary(r.id, r.title, r.version, _utc(r.updated_at)) for r in rows]

    def can_edit(self, story_id: str, edit_token: str) -> bool:
        """Whether ``edit_token`` is the story's current edit token."""
        sid = validate_story_id(story_id)
        if sid is None:
            return False
        with self._unavailable_as_store_error(), self.engine.connect() as conn:
            return self._authorised(conn, sid, edit_token) is not None

    def _owner_row(
        self, story_id: str, edit_token: object, table: sa.Table = stories
    ) -> tuple[str, sa.Row]:
        """The checked id and the story's (version, token_hash) row, or Forbidden when the
        id is not one, there is no such story, or the token is not its token. Callers run
        it inside ``_unavailable_as_store_error``. ``table`` = ``comparisons``: the same
        for a comparison."""
        message = _forbidden_message(table)
        sid = validate_story_id(story_id)
        if sid is None:
            raise Forbidden(message)
        with self.engine.connect() as conn:
            row = self._authorised(conn, sid, edit_token, table)
        if row is None:
            raise Forbidden(message)
        return sid, row

    @staticmethod
    def _authorised(
        conn: Connection, sid: str, edit_token: object, table: sa.Table = stories
    ) -> sa.Row | None:
        """The row's (version, token_hash) when the token is its token, else None."""
        query = sa.select(table.c.version, table.c.token_hash).where(table.c.id == sid)
        row = conn.execute(query).first()
        if _token_matches(row.token_hash if row else None, edit_token):
            return row
        return None

    # --- writing ---------------------------------------------------------------------------

    def create(self, files: Mapping[str, bytes], title: str, id_hint: str = "") -> Saved:
        """Store a new story at version 1 under a fresh id (a slug of ``id_hint``, else of
        the title, plus a random suffix); returns its id and plaintext edit token."""
        files = check_story_files(files, self.limits)
        title = check_title(title, self.limits)
        token = new_edit_token()
        sid = self._insert_new(
            stories,
            id_hint or title,
            {"title": title},
            token,
            "story",
            then=lambda conn, sid: self._insert_files(conn, sid, files),
        )
        return Saved(sid, 1, token)

    def _insert_new(
        self,
        table: sa.Table,
        hint: str,
        values: Mapping[str, object],
        token: str,
        what: str,
        then: Callable[[Connection, str], None] | None = None,
    ) -> str:
        """Insert a row at version 1 with ``token``'s hash under a fresh id (a slug of
        ``hint`` plus a random suffix), and run ``then`` in the same transaction, trying
        another suffix when the id was taken; returns the id."""
        for _ in range(ID_ATTEMPTS):
            new_id = new_story_id(hint)
            try:
                with self._unavailable_as_store_error(), self._write() as conn:
                    now = _now()
                    row = {"id": new_id, "version": 1, "token_hash": token_hash(token)}
                    row |= {"created_at": now, "updated_at": now, **values}
                    conn.execute(sa.insert(table).values(**row))
                    if then is not None:
                        then(conn, new_id)
            except sa.exc.IntegrityError:
                continue  # the random suffix was taken (1 in 2^40 per existing slug twin)
            return new_id
        raise StoreError(f"No free id was found for the {what}; save it again.")

    @staticmethod
    def _insert_files(conn: Connection, sid: str, files: dict[str, bytes]) -> None:
        conn.execute(
            sa.insert(story_files),
            [{"story_id": sid, "name": name, "data": data} for name, data in files.items()],
        )

    def update(
        self,
        story_id: str,
        edit_token: str,
        expected_version: int,
        files: Mapping[str, bytes],
        title: str,
    ) -> int:
        """Replace the story's files and title if ``edit_token`` is its token and it is
        still at ``expected_version``; returns the new version. Raises Forbidden, or
        Conflict(current_version) when someone saved in between."""
        files = check_story_files(files, self.limits)
        title = check_title(title, self.limits)
        return self._compare_and_set(
            stories,
            story_id,
            edit_token,
            expected_version,
            {"title": title},
            then=lambda conn, sid: self._replace_files(conn, sid, files),
        )

    def _replace_files(self, conn: Connection, sid: str, files: dict[str, bytes]) -> None:
        conn.execute(sa.delete(story_files).where(story_files.c.story_id == sid))
        self._insert_files(conn, sid, files)

    def _compare_and_set(
        self,
        table: sa.Table,
        record_id: str,
        edit_token: str,
        expected_version: int,
        values: Mapping[str, object],
        then: Callable[[Connection, str], None] | None = None,
    ) -> int:
        """Write ``values`` (and run ``then`` in the same transaction) if ``edit_token`` is
        the record's and it is still at ``expected_version``; returns the new version.
        The update matches on version and token hash, so a save or token rotation that came
        in between makes it match nothing: Conflict or Forbidden, never a lost update."""
        expected = int(expected_version)
        with self._unavailable_as_store_error():
            rid, row = self._owner_row(record_id, edit_token, table)
            if row.version != expected:
                raise Conflict(row.version, expected)
            try:
                with self._write() as conn:
                    changed = conn.execute(
                        sa.update(table)
                        .where(
                            table.c.id == rid,
                            table.c.version == expected,
                            table.c.token_hash == row.token_hash,
                        )
                        .values(version=expected + 1, updated_at=_now(), **values)
                    )
                    if changed.rowcount != 1:
                        raise _Lost()  # rolls the transaction back
                    if then is not None:
                        then(conn, rid)
            except _Lost:
                raise self._why_lost(rid, edit_token, expected, table) from None
        return expected + 1

    def _why_lost(
        self, sid: str, edit_token: str, expected: int, table: sa.Table = stories
    ) -> StoreError:
        """After a compare-and-set matched nothing: the token was rotated or the row
        deleted meanwhile (Forbidden), or someone saved first (Conflict)."""
        with self.engine.connect() as conn:
            row = self._authorised(conn, sid, edit_token, table)
        if row is None:
            return Forbidden(_forbidden_message(table))
        return Conflict(row.version, expected)

    def rotate_token(self, story_id: str, edit_token: str) -> str:
        """A new edit token for the story; the old one stops working at once."""
        new_token = new_edit_token()
        with self._unavailable_as_store_error():
            sid, row = self._owner_row(story_id, edit_token)
            with self._write() as conn:
                changed = conn.execute(
                    sa.update(stories)
                    .where(stories.c.id == sid, stories.c.token_hash == row.token_hash)
                    .values(token_hash=token_hash(new_token))
                )
                if changed.rowcount != 1:
                    raise Forbidden()  # rotated or deleted by someone else just now
        return new_token

    def delete(self, story_id: str, edit_token: str) -> None:
        """Remove the story and its files (Forbidden without its edit token)."""
        with self._unavailable_as_store_error():
            sid, row = self._owner_row(story_id, edit_token)
            with self._write() as conn:
                # Files first (they reference the story); a token rotated meanwhile rolls
                # the whole transaction back.
                conn.execute(sa.delete(story_files).where(story_files.c.story_id == sid))
                gone = conn.execute(
                    sa.delete(stories).where(
                        stories.c.id == sid, stories.c.token_hash == row.token_hash
                    )
                )
                if gone.rowcount != 1:
                    raise Forbidden()

    # --- comparisons -----------------------------------------------------------------------
    # Like stories: a random id (its view link), an edit token kept as a hash only, and a
    # version bumped by a compare-and-set on every save.

    def _check_comparison(self, story_ids: Iterable[str], links: object) -> tuple[str, str]:
        """(story ids as JSON, links) or InvalidComparison: 2–3 distinct valid ids, links
        a string of at most ``limits.comparison_links_bytes``."""
        ids = [validate_story_id(s) for s in story_ids] if not isinstance(story_ids, str) else []
        if not 2 <= len(ids) <= MAX_COMPARED or None in ids or len(set(ids)) != len(ids):
            raise InvalidComparison(
                f"A comparison puts 2 to {MAX_COMPARED} different stories side by side."
            )
        if not isinstance(links, str):
            raise InvalidComparison("A comparison's links are text.")
        size = len(links.encode("utf-8", "surrogatepass"))
        if size > self.limits.comparison_links_bytes:
            raise InvalidComparison(
                f"The comparison's links are {size_label(size)}; the limit is "
                f"{size_label(self.limits.comparison_links_bytes)}."
            )
        if any(unicodedata.category(c) == "Cs" for c in links) or "\0" in links:
            raise InvalidComparison("The comparison's links contain characters it cannot keep.")
        return json.dumps(ids), links

    def create_comparison(self, story_ids: Iterable[str], links: str = "[]") -> SavedComparison:
        """Store a new comparison at version 1; returns its id and plaintext edit token."""
        ids_json, links = self._check_comparison(story_ids, links)
        token = new_edit_token()
        values = {"story_ids": ids_json, "links": links}
        cid = self._insert_new(comparisons, COMPARISON_SLUG, values, token, "comparison")
        return SavedComparison(cid, 1, token)

    def get_comparison(self, comparison_id: str) -> StoredComparison | None:
        """The comparison, or None (no such comparison, or not an id)."""
        cid = validate_story_id(comparison_id)
        if cid is None:
            return None
        query = sa.select(
            comparisons.c.story_ids,
            comparisons.c.links,
            comparisons.c.version,
            comparisons.c.created_at,
            comparisons.c.updated_at,
        ).where(comparisons.c.id == cid)
        with self._unavailable_as_store_error(), self.engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            return None
        return StoredComparison(
            comparison_id=cid,
            version=row.version,
            story_ids=tuple(json.loads(row.story_ids)),
            links=row.links,
            created_at=_utc(row.created_at),
            updated_at=_utc(row.updated_at),
        )

    def can_edit_comparison(self, comparison_id: str, edit_token: str) -> bool:
        cid = validate_story_id(comparison_id)
        if cid is None:
            return False
        with self._unavailable_as_store_error(), self.engine.connect() as conn:
            return self._authorised(conn, cid, edit_token, comparisons) is not None

    def update_comparison(
        self,
        comparison_id: str,
        edit_token: str,
        expected_version: int,
        story_ids: Iterable[str],
        links: str,
    ) -> int:
        """Replace the comparison's stories and links (``update``'s rules: Forbidden without
        its token, Conflict when someone saved since ``expected_version``)."""
        ids_json, links = self._check_comparison(story_ids, links)
        values = {"story_ids": ids_json, "links": links}
        return self._compare_and_set(
            comparisons, comparison_id, edit_token, expected_version, values
        )

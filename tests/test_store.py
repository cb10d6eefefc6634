"""The story store on SQLite (a temporary file) and on a real PostgreSQL server.

Every test runs on both databases (the ``database_url`` fixture): a fresh SQLite file, or a
fresh database on the session's throwaway PostgreSQL cluster (tests/pg_server.py; skipped
with a reason without PostgreSQL, failing on CI). Concurrency is real: separate engines
(as separate app processes would have) in separate threads, and open transactions held by
the test itself.
"""

from __future__ import annotations

import functools
import hashlib
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articlemap import store as store_module
from articlemap.limits import DEFAULT_LIMITS, MIB, Limits
from articlemap.store import (
    FORBIDDEN_MESSAGE,
    MAX_ID_LENGTH,
    MIGRATIONS,
    SCHEMA_VERSION,
    Conflict,
    Forbidden,
    InvalidStory,
    Saved,
    StoreUnavailable,
    StoryStore,
    configured_store_url,
    default_store_url,
    new_story_id,
    slugify,
    validate_story_id,
)
from articlemap.story_files import OPTIONAL_FILES, REQUIRED_FILES, STORY_FILES
from tests.pg_server import PostgresServer, create_database, free_port

DATABASES = ["sqlite", "postgresql"]
DB_SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def story_files(**overrides: bytes) -> dict[str, bytes]:
    files = {
        "story.toml": b'id = "x"\ntitle = "T"\n',
        "article.md": "# Şuşa\n\nText with “quotes” and NUL \0 bytes.\n".encode(),
        "places.csv": b"id,name\nshusha,Shusha\n",
        "events.csv": b"id,date\nsigned,2020-11-10\n",
    }
    files.update(overrides)
    return files


# --- fixtures --------------------------------------------------------------------------------


def fresh_database_url(request: pytest.FixtureRequest, kind: str, tmp_path: Path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / f'stories-{uuid.uuid4().hex[:8]}.sqlite'}"
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return create_database(server, f"t_{uuid.uuid4().hex[:16]}")


@pytest.fixture(params=DATABASES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return fresh_database_url(request, request.param, tmp_path)


@pytest.fixture
def open_store() -> Iterator[Callable[..., StoryStore]]:
    """Opens stores with their own engines (like separate app processes); disposes them."""
    opened: list[StoryStore] = []

    def open_(url: str, **kwargs) -> StoryStore:
        opened.append(StoryStore.from_url(url, **kwargs))
        return opened[-1]

    yield open_
    for s in opened:
        s.engine.dispose()


@pytest.fixture
def store(database_url: str, open_store) -> StoryStore:
    s = open_store(database_url)
    assert s.migrate() == SCHEMA_VERSION
    return s


def all_rows(s: StoryStore) -> dict[str, list[tuple]]:
    """Every row of every table, read directly (not through the store's API)."""
    with s.engine.connect() as conn:
        names = sa.inspect(conn).get_table_names()
        return {n: [tuple(r) for r in conn.execute(sa.text(f'SELECT * FROM "{n}"'))] for n in names}


# --- create and get --------------------------------------------------------------------------


def test_create_and_get_round_trip(store: StoryStore) -> None:
    files = story_files(**{"areas.geojson": b'{"type": "FeatureCollection"}'})
    saved = store.create(files, "Ağdam, Şuşa — “the return” 🇦🇿 Карабах")
    assert saved.version == 1
    got = store.get(saved.story_id)
    assert got is not None
    assert got.story_id == saved.story_id
    assert got.title == "Ağdam, Şuşa — “the return” 🇦🇿 Карабах"
    assert got.files == files
    assert list(got.files) == sorted(files)
    assert got.version == 1
    assert got.created_at == got.updated_at
    assert got.created_at.tzinfo is not None and got.created_at.utcoffset().total_seconds() == 0
    assert store.get("no-such-story-abcdefgh") is None


def test_large_files_round_trip(store: StoryStore) -> None:
    article = bytes(range(256)) * (5 * MIB // 256)  # 5 MB of every byte value
    saved = store.create(story_files(**{"article.md": article}), "Big")
    got = store.get(saved.story_id)
    assert got is not None and got.files["article.md"] == article


@DB_SETTINGS
@given(
    extra=st.dictionaries(st.sampled_from(STORY_FILES), st.binary(max_size=2000)),
    title=st.text(
        st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=120
    ).filter(str.strip),
)
def test_any_files_and_title_round_trip(store: StoryStore, extra, title) -> None:
    files = {**story_files(), **extra}
    saved = store.create(files, title)
    got = store.get(saved.story_id)
    assert got is not None
    assert got.files == files
    assert got.title == " ".join(title.split())
    assert validate_story_id(saved.story_id) == saved.story_id


def test_ids_are_slugs_with_a_random_suffix(store: StoryStore) -> None:
    a = store.create(story_files(), "The Treaty of Kars (1921)")
    b = store.create(story_files(), "The Treaty of Kars (1921)")
    assert a.story_id.startswith("the-treaty-of-kars-1921-")
    assert a.story_id != b.story_id
    hinted = store.create(story_files(), "Anything", id_hint="kars-treaty")
    assert hinted.story_id.startswith("kars-treaty-")
    cyrillic = store.create(story_files(), "Карабах")
    assert cyrillic.story_id.startswith("story-")
    long = store.create(story_files(), "A very long title " * 12)
    assert len(long.story_id) <= MAX_ID_LENGTH
    for saved in (a, b, hinted, cyrillic, long):
        assert validate_story_id(saved.story_id) == saved.story_id
        suffix = saved.story_id.rsplit("-", 1)[1]
        assert len(suffix) == store_module.SUFFIX_LENGTH


@given(st.text(max_size=200))
def test_every_hint_gives_a_valid_id(hint: str) -> None:
    story_id = new_story_id(hint)
    assert validate_story_id(story_id) == story_id
    assert len(story_id) <= MAX_ID_LENGTH
    assert story_id.isascii()


def test_slugify() -> None:
    assert slugify("Ağdam & Füzuli: 1993–2020!") == "agdam-fuzuli-1993-2020"
    assert slugify("Gəncə, Iğdır, Łódź, Straße") == "gence-igdir-lodz-strasse"
    assert slugify("Карабах") == ""
    assert slugify("---") == ""
    assert slugify("x" * 100) == "x" * store_module.SLUG_LENGTH
    assert not slugify("a" * 38 + " b").endswith("-")


def test_secret_is_not_in_the_repr(store: StoryStore) -> None:
    saved = store.create(story_files(), "T")
    assert saved.edit_token not in repr(saved)
    assert saved.edit_token not in repr(store.get(saved.story_id))
    assert len(saved.edit_token) >= 43  # 32 random bytes, URL-safe base64


def test_only_the_token_hash_is_stored(store: StoryStore) -> None:
    saved = store.create(story_files(), "T")
    rotated = store.rotate_token(saved.story_id, saved.edit_token)
    dump = repr(all_rows(store))
    assert saved.edit_token not in dump
    assert rotated not in dump
    with store.engine.connect() as conn:
        stored = conn.execute(
            sa.text("SELECT token_hash FROM stories WHERE id = :id"), {"id": saved.story_id}
        ).scalar_one()
    assert stored == hashlib.sha256(rotated.encode()).hexdigest()


# --- version, titles, list -------------------------------------------------------------------


def test_version_is_the_cache_key(store: StoryStore) -> None:
    saved = store.create(story_files(), "T")
    assert store.version(saved.story_id) == 1
    store.update(saved.story_id, saved.edit_token, 1, story_files(), "T2")
    assert store.version(saved.story_id) == 2
    assert store.version("no-such-story-abcdefgh") is None
    assert store.version("../../etc/passwd") is None


def test_titles_for_the_menu(store: StoryStore) -> None:
    a = store.create(story_files(), "First")
    b = store.create(story_files(), "Second")
    ids = [b.story_id, "missing-abcdefgh", a.story_id, "BAD ID", b.story_id]
    assert store.titles(ids) == {b.story_id: "Second", a.story_id: "First"}
    assert list(store.titles(ids)) == [b.story_id, a.story_id]
    many = [f"missing-{i}" for i in range(1200)] + [a.story_id]
    assert store.titles(many) == {a.story_id: "First"}
    assert store.titles([]) == {}


def test_list_stories_most_recent_first(store: StoryStore) -> None:
    a = store.create(story_files(), "First")
    b = store.create(story_files(), "Second")
    store.update(a.story_id, a.edit_token, 1, story_files(), "First, edited")
    listed = store.list_stories()
    assert [(s.story_id, s.title, s.version) for s in listed] == [
        (a.story_id, "First, edited", 2),
        (b.story_id, "Second", 1),
    ]


# --- update, tokens --------------------------------------------------------------------------


def test_update_replaces_files_and_title(store: StoryStore) -> None:
    saved = store.create(story_files(**{"areas.geojson": b"{}"}), "Old")
    before = store.get(saved.story_id)
    new_files = story_files(**{"events.csv": b"id,date\nother,1999-01-01\n"})
    assert store.update(saved.story_id, saved.edit_token, 1, new_files, "New") == 2
    after = store.get(saved.story_id)
    assert after.files == new_files  # areas.geojson is gone
    assert after.title == "New"
    assert after.version == 2
    assert after.created_at == before.created_at
    assert after.updated_at >= before.updated_at
    assert store.update(saved.story_id, saved.edit_token, 2, story_files(), "Newer") == 3


@pytest.mark.parametrize("token", ["wrong", "", None, 12345, "x" * 10_000, "\ud800"])
def test_wrong_token_is_forbidden_and_changes_nothing(store: StoryStore, token) -> None:
    saved = store.create(story_files(), "T")
    with pytest.raises(Forbidden) as wrong:
        store.update(saved.story_id, token, 1, story_files(**{"article.md": b"x"}), "Forged")
    with pytest.raises(Forbidden) as unknown:
        store.update("no-such-story-abcdefgh", token, 1, story_files(), "Forged")
    assert str(wrong.value) == str(unknown.value) == FORBIDDEN_MESSAGE
    for action in (store.rotate_token, store.delete):
        with pytest.raises(Forbidden):
            action(saved.story_id, token)
    assert not store.can_edit(saved.story_id, token)
    got = store.get(saved.story_id)
    assert got.version == 1 and got.title == "T" and got.files == story_files()
    assert store.can_edit(saved.story_id, saved.edit_token)


def test_token_of_another_story_is_forbidden(store: StoryStore) -> None:
    a = store.create(story_files(), "A")
    b = store.create(story_files(), "B")
    with pytest.raises(Forbidden):
        store.update(a.story_id, b.edit_token, 1, story_files(), "Forged")
    assert not store.can_edit(a.story_id, b.edit_token)


def test_rotate_kills_the_old_token(store: StoryStore) -> None:
    saved = store.create(story_files(), "T")
    new_token = store.rotate_token(saved.story_id, saved.edit_token)
    assert new_token != saved.edit_token
    assert not store.can_edit(saved.story_id, saved.edit_token)
    assert store.can_edit(saved.story_id, new_token)
    with pytest.raises(Forbidden):
        store.update(saved.story_id, saved.edit_token, 1, story_files(), "Old link")
    with pytest.raises(Forbidden):
        store.rotate_token(saved.story_id, saved.edit_token)
    assert store.version(saved.story_id) == 1  # rotating is not an edit
    assert store.update(saved.story_id, new_token, 1, story_files(), "New link") == 2


def test_delete(store: StoryStore) -> None:
    keep = store.create(story_files(), "Keep")
    gone = store.create(story_files(), "Gone")
    store.delete(gone.story_id, gone.edit_token)
    assert store.get(gone.story_id) is None
    assert store.version(gone.story_id) is None
    with pytest.raises(Forbidden):
        store.update(gone.story_id, gone.edit_token, 1, story_files(), "T")
    rows = all_rows(store)
    assert {r[0] for r in rows["story_files"]} == {keep.story_id}
    assert [r[0] for r in rows["stories"]] == [keep.story_id]


# --- conflicts -------------------------------------------------------------------------------


def test_stale_version_is_a_conflict(store: StoryStore) -> None:
    saved = store.create(story_files(), "T")
    store.update(saved.story_id, saved.edit_token, 1, story_files(), "First save")
    with pytest.raises(Conflict) as conflict:
        store.update(saved.story_id, saved.edit_token, 1, story_files(), "Second save")
    assert conflict.value.current_version == 2
    assert "version 2" in str(conflict.value)
    assert store.get(saved.story_id).title == "First save"


def run_together(calls: list[Callable[[], object]]) -> list[object]:
    """Each call in its own thread, all released at the same moment by a barrier; their
    results (or the exceptions they raised), in the order given."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = calls[i]()
        except BaseException as exc:
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def test_two_writers_at_once_exactly_one_wins(database_url: str, open_store) -> None:
    """Several stores (own engines, own connections) save the same version of one story
    at the same moment, round after round: one save per round wins, every other one gets
    Conflict with the winner's version, and the story holds the winner's files."""
    writers = [open_store(database_url) for _ in range(4)]
    writers[0].migrate()
    saved = writers[0].create(story_files(), "T")
    for version in range(1, 6):
        outcome = run_together(
            [
                functools.partial(
                    w.update,
                    saved.story_id,
                    saved.edit_token,
                    version,
                    story_files(**{"article.md": f"writer {i}".encode()}),
                    "T",
                )
                for i, w in enumerate(writers)
            ]
        )
        winners = [i for i, o in enumerate(outcome) if o == version + 1]
        losers = [o for o in outcome if isinstance(o, Conflict)]
        assert len(winners) == 1, outcome
        assert len(losers) == len(writers) - 1, outcome
        assert all(c.current_version == version + 1 for c in losers)
        got = writers[0].get(saved.story_id)
        assert got.version == version + 1
        assert got.files["article.md"] == f"writer {winners[0]}".encode()


def _wait_for_lock_wait(s: StoryStore, seconds: float = 10) -> None:
    """Until some PostgreSQL session waits for a lock (the blocked save); SQLite cannot be
    asked, so there the blocked save is given half a second to reach its lock."""
    if s.engine.dialect.name != "postgresql":
        time.sleep(0.5)
        return
    deadline = time.monotonic() + seconds
    with s.engine.connect() as conn:
        while time.monotonic() < deadline:
            waiting = conn.execute(
                sa.text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
            ).scalar()
            conn.rollback()
            if waiting:
                return
            time.sleep(0.02)
    raise AssertionError("the second save never waited for the first one's lock")


def _begin_write(conn: sa.Connection) -> None:
    if conn.dialect.name == "sqlite":
        conn.execution_options(isolation_level="AUTOCOMMIT")
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def test_save_racing_an_open_transaction_gets_conflict(database_url: str, open_store) -> None:
    """Another process has saved version 2 but not committed yet: a save from version 1
    passes the store's first check (it still sees version 1), then its compare-and-set
    waits for the row and, once version 2 commits, matches nothing: Conflict(2)."""
    s = open_store(database_url)
    s.migrate()
    saved = s.create(story_files(), "T")
    other = open_store(database_url)
    result: list[object] = []

    def late_save() -> None:
        try:
            result.append(s.update(saved.story_id, saved.edit_token, 1, story_files(), "Late"))
        except Conflict as exc:
            result.append(exc)

    with other.engine.connect() as conn:
        _begin_write(conn)
        conn.execute(
            sa.text("UPDATE stories SET version = 2, title = 'First' WHERE id = :id"),
            {"id": saved.story_id},
        )
        thread = threading.Thread(target=late_save)
        thread.start()
        _wait_for_lock_wait(other)
        conn.exec_driver_sql("COMMIT") if conn.dialect.name == "sqlite" else conn.commit()
    thread.join(30)
    assert len(result) == 1 and isinstance(result[0], Conflict), result
    assert result[0].current_version == 2
    assert s.get(saved.story_id).title == "First"


def test_rotation_during_a_save_is_forbidden(database_url: str, open_store) -> None:
    s = open_store(database_url)
    s.migrate()
    saved = s.create(story_files(), "T")
    other = open_store(database_url)
    result: list[object] = []

    def save() -> None:
        try:
            result.append(s.update(saved.story_id, saved.edit_token, 1, story_files(), "Late"))
        except (Conflict, Forbidden) as exc:
            result.append(exc)

    with other.engine.connect() as conn:
        _begin_write(conn)
        conn.execute(
            sa.text("UPDATE stories SET token_hash = :h WHERE id = :id"),
            {"id": saved.story_id, "h": "f" * 64},
        )
        thread = threading.Thread(target=save)
        thread.start()
        _wait_for_lock_wait(other)
        conn.exec_driver_sql("COMMIT") if conn.dialect.name == "sqlite" else conn.commit()
    thread.join(30)
    assert len(result) == 1 and isinstance(result[0], Forbidden), result
    assert s.version(saved.story_id) == 1


def test_many_creates_from_many_threads(database_url: str, open_store) -> None:
    s = open_store(database_url)
    s.migrate()
    made: list[Saved] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(5):
                made.append(s.create(story_files(), "Same title"))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    assert len({m.story_id for m in made}) == 30
    assert len(s.list_stories()) == 30


# --- migrations ------------------------------------------------------------------------------


def test_migrate_is_idempotent(database_url: str, open_store) -> None:
    s = open_store(database_url)
    assert s.schema_version() == 0
    assert s.migrate() == SCHEMA_VERSION
    saved = s.create(story_files(), "Kept")
    assert s.migrate() == SCHEMA_VERSION
    assert open_store(database_url).migrate() == SCHEMA_VERSION
    assert s.schema_version() == SCHEMA_VERSION
    rows = all_rows(s)["schema_version"]
    assert [r[0] for r in rows] == [m.version for m in MIGRATIONS]
    assert s.get(saved.story_id).title == "Kept"


@pytest.mark.parametrize("kind", DATABASES)
def test_concurrent_migrations_apply_once(
    request: pytest.FixtureRequest, kind: str, tmp_path: Path, open_store
) -> None:
    """Four processes' worth of engines migrate one empty database at the same moment,
    on several fresh databases: all succeed and each migration is recorded once. (SQLite
    gets more rounds: switching a fresh file to WAL raced in about one round in ten.)"""
    for _ in range(20 if kind == "sqlite" else 3):
        url = fresh_database_url(request, kind, tmp_path)
        stores = [open_store(url) for _ in range(4)]
        results = run_together([s.migrate for s in stores])
        assert results == [SCHEMA_VERSION] * len(stores)
        rows = all_rows(stores[0])["schema_version"]
        assert sorted(r[0] for r in rows) == [m.version for m in MIGRATIONS]


def test_migrated_schema_matches_the_query_tables(store: StoryStore) -> None:
    """The frozen migrations build what the module's Table objects describe."""
    with store.engine.connect() as conn:
        inspector = sa.inspect(conn)
        for table in (
            store_module.stories,
            store_module.story_files,
            store_module.comparisons,
            store_module.schema_version,
        ):
            columns = {c["name"] for c in inspector.get_columns(table.name)}
            assert columns == set(table.columns.keys()), table.name
            primary = inspector.get_pk_constraint(table.name)["constrained_columns"]
            assert set(primary) == {c.name for c in table.primary_key}, table.name


def test_a_newer_schema_is_refused(store: StoryStore) -> None:
    with store.engine.begin() as conn:
        conn.execute(
            sa.insert(store_module.schema_version).values(
                version=SCHEMA_VERSION + 1, description="from the future", applied_at=sa.func.now()
            )
        )
    with pytest.raises(StoreUnavailable, match="newer version of this app"):
        store.migrate()


# --- bad ids and bad input -------------------------------------------------------------------

FORGED_IDS = [
    "",
    " ",
    "../../etc/passwd",
    "a" * (MAX_ID_LENGTH + 1),
    "ABC-def",
    "a--b",
    "-a",
    "a-",
    "a_b",
    "x\ny",
    "x'; DROP TABLE stories; --",
    "\0",
    "ıd",  # dotless i
    "%41",
    None,
    123,
    ["a"],
]


@pytest.mark.parametrize("forged", FORGED_IDS, ids=repr)
def test_forged_ids_are_refused_without_a_query_error(store: StoryStore, forged) -> None:
    assert validate_story_id(forged) is None
    assert store.get(forged) is None
    assert store.version(forged) is None
    assert store.can_edit(forged, "token") is False
    assert store.titles([forged]) == {}
    for action in (store.rotate_token, store.delete):
        with pytest.raises(Forbidden):
            action(forged, "token")
    with pytest.raises(Forbidden):
        store.update(forged, "token", 1, story_files(), "T")


def test_validate_story_id_accepts_ids() -> None:
    assert validate_story_id("diplomacy-leading-to-victory") == "diplomacy-leading-to-victory"
    assert validate_story_id("  a1-b2\n") == "a1-b2"
    assert validate_story_id("a" * MAX_ID_LENGTH) == "a" * MAX_ID_LENGTH


@DB_SETTINGS
@given(st.text(max_size=80))
def test_any_text_as_an_id_is_answered(store: StoryStore, text: str) -> None:
    valid = validate_story_id(text)
    assert valid is None or (valid == text.strip() and len(valid) <= MAX_ID_LENGTH)
    assert store.get(text) is None
    assert store.version(text) is None
    assert store.titles([text]) == {}


def test_size_cap(database_url: str, open_store) -> None:
    limits = Limits(story_bytes=1000)
    s = open_store(database_url, limits=limits)
    s.migrate()
    other = sum(len(v) for k, v in story_files().items() if k != "article.md")
    at_cap = story_files(**{"article.md": b"a" * (1000 - other)})
    saved = s.create(at_cap, "At the cap")
    over = story_files(**{"article.md": b"a" * (1001 - other)})
    with pytest.raises(InvalidStory, match="1000 bytes"):
        s.create(over, "Over")
    with pytest.raises(InvalidStory, match="1000 bytes"):
        s.update(saved.story_id, saved.edit_token, 1, over, "Over")
    assert [x.title for x in s.list_stories()] == ["At the cap"]
    assert s.get(saved.story_id).files == at_cap


def test_default_cap_is_the_apps() -> None:
    assert StoryStore(sa.create_engine("sqlite://")).limits is DEFAULT_LIMITS
    assert 25 * MIB <= DEFAULT_LIMITS.story_bytes <= 40 * MIB


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({**story_files(), "evil.sh": b"rm -rf /"}, "cannot hold “evil.sh”"),
        ({**story_files(), "../places.csv": b""}, "cannot hold “../places.csv”"),
        ({k: v for k, v in story_files().items() if k != "article.md"}, "has no article.md"),
        ({"areas.geojson": b"{}"}, "has no story.toml, article.md, places.csv and events.csv"),
        (story_files(**{"places.csv": "text"}), "places.csv must be bytes"),
        ("not a dict", "named files"),
    ],
)
def test_files_the_store_does_not_take(store: StoryStore, files, message) -> None:
    with pytest.raises(InvalidStory, match=message):
        store.create(files, "T")
    assert store.list_stories() == []


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("", "needs a title"),
        (" \n\t ", "needs a title"),
        (None, "needs a title"),
        ("x" * 301, "301 characters"),
        ("null\0byte", "control characters"),
        ("bell\x07", "control characters"),
        ("lone \ud800 surrogate", "control characters"),
    ],
)
def test_titles_the_store_does_not_take(store: StoryStore, title, message) -> None:
    with pytest.raises(InvalidStory, match=message):
        store.create(story_files(), title)
    assert store.list_stories() == []


def test_title_white_space_is_one_space(store: StoryStore) -> None:
    saved = store.create(story_files(), "  Two\nlines\tand  spaces ")
    assert store.get(saved.story_id).title == "Two lines and spaces"


# --- an unreachable store --------------------------------------------------------------------


def test_unreachable_postgres_is_unavailable(open_store) -> None:
    s = open_store(
        f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/none",
        connect_args={"connect_timeout": 5},
    )
    with pytest.raises(StoreUnavailable) as unavailable:
        s.migrate()
    assert "not available right now" in str(unavailable.value)
    assert "127.0.0.1" in unavailable.value.detail
    with pytest.raises(StoreUnavailable):
        s.get("any-story-abcdefgh")


def test_sqlite_file_that_cannot_be_made_is_unavailable(tmp_path: Path, open_store) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    s = open_store(f"sqlite:///{tmp_path / 'a-file' / 'stories.sqlite'}")
    with pytest.raises(StoreUnavailable):
        s.migrate()


def test_sqlite_folder_is_made_on_first_use(tmp_path: Path, open_store) -> None:
    s = open_store(f"sqlite:///{tmp_path / 'new' / 'folder' / 'stories.sqlite'}")
    assert s.migrate() == SCHEMA_VERSION
    assert (tmp_path / "new" / "folder" / "stories.sqlite").is_file()
    with s.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


# --- configuration ---------------------------------------------------------------------------


def test_default_url_is_the_sqlite_file_unless_the_environment_says(tmp_path: Path) -> None:
    assert default_store_url({}) == f"sqlite:///{store_module.DEFAULT_SQLITE_FILE}"
    assert store_module.DEFAULT_SQLITE_FILE.name == "stories.sqlite"
    env = {"ARTICLEMAP_STORE_URL": "sqlite:////srv/stories.sqlite"}
    assert default_store_url(env) == "sqlite:////srv/stories.sqlite"
    assert configured_store_url([tmp_path / "none.toml"], env) == "sqlite:////srv/stories.sqlite"


def test_secrets_section_wins(tmp_path: Path) -> None:
    home, project = tmp_path / "home.toml", tmp_path / "project.toml"
    home.write_text('[connections.stories]\nurl = "postgresql+psycopg://a@h1/db"\n')
    project.write_text('[connections.stories]\nurl = "postgresql+psycopg://b@h2/db"\n')
    env = {"ARTICLEMAP_STORE_URL": "sqlite:////srv/stories.sqlite"}
    assert configured_store_url([home], env) == "postgresql+psycopg://a@h1/db"
    assert configured_store_url([home, project], env) == "postgresql+psycopg://b@h2/db"
    project.write_text(
        "[connections.stories]\n"
        'dialect = "postgresql"\ndriver = "psycopg"\nusername = "app"\npassword = "p@ss"\n'
        'host = "db.local"\nport = 5433\ndatabase = "stories"\n'
    )
    assert (
        configured_store_url([project], env)
        == "postgresql+psycopg://app:p%40ss@db.local:5433/stories"
    )
    project.write_text("[connections.other]\nurl = 'x'\n")
    assert configured_store_url([project], env) == "sqlite:////srv/stories.sqlite"
    project.write_text('[connections.stories]\nhost = "db.local"\n')
    with pytest.raises(StoreUnavailable, match="needs url"):
        configured_store_url([project], env)
    project.write_text("not toml [[[")
    assert configured_store_url([project], env) == "sqlite:////srv/stories.sqlite"


def test_required_and_optional_files_are_the_story_files() -> None:
    assert STORY_FILES == REQUIRED_FILES + OPTIONAL_FILES
    assert set(REQUIRED_FILES) == {"story.toml", "article.md", "places.csv", "events.csv"}


# --- comparisons -----------------------------------------------------------------------------

LINKS = '[{"a":["s1","e1"],"b":["s2","e2"],"linked":true,"disagree":true,"note":"Şuşa “x”"}]'


def test_comparison_round_trip(store: StoryStore) -> None:
    a = store.create(story_files(), "A")
    saved = store.create_comparison([a.story_id, "builtin"], LINKS)
    assert saved.version == 1 and validate_story_id(saved.comparison_id)
    assert saved.comparison_id.startswith("comparison-")
    got = store.get_comparison(saved.comparison_id)
    assert got.story_ids == (a.story_id, "builtin")  # in the order given
    assert got.links == LINKS and got.version == 1
    assert got.created_at == got.updated_at and got.created_at.tzinfo is not None
    assert store.get_comparison("comparison-missing1") is None
    assert store.get_comparison("../../x") is None
    assert saved.edit_token not in repr(saved) and saved.edit_token not in repr(all_rows(store))
    with store.engine.connect() as conn:
        stored = conn.execute(
            sa.text("SELECT token_hash FROM comparisons WHERE id = :id"),
            {"id": saved.comparison_id},
        ).scalar_one()
    assert stored == hashlib.sha256(saved.edit_token.encode()).hexdigest()


def test_comparison_update_needs_its_token_and_version(store: StoryStore) -> None:
    saved = store.create_comparison(["s-one-aaaaaaaa", "s-two-bbbbbbbb"])
    cid, token = saved.comparison_id, saved.edit_token
    assert store.can_edit_comparison(cid, token)
    assert store.update_comparison(cid, token, 1, ["s-one-aaaaaaaa", "s-two-bbbbbbbb"], LINKS) == 2
    assert store.get_comparison(cid).links == LINKS
    with pytest.raises(Conflict) as conflict:
        store.update_comparison(cid, token, 1, ["s-one-aaaaaaaa", "s-two-bbbbbbbb"], "[]")
    assert conflict.value.current_version == 2
    other = store.create_comparison(["s-one-aaaaaaaa", "s-three-cccccccc"])
    story = store.create(story_files(), "T")
    for wrong in ("wrong", "", None, "x" * 10_000, other.edit_token, story.edit_token):
        with pytest.raises(Forbidden, match="comparison"):
            store.update_comparison(cid, wrong, 2, ["s-one-aaaaaaaa", "s-two-bbbbbbbb"], "[]")
        assert not store.can_edit_comparison(cid, wrong)
    with pytest.raises(Forbidden):  # a comparison's token edits no story, and back
        store.update(story.story_id, token, 1, story_files(), "Forged")
    with pytest.raises(Forbidden):
        store.update_comparison(story.story_id, story.edit_token, 1, ["a-b", "c-d"], "[]")
    got = store.get_comparison(cid)
    assert got.version == 2 and got.links == LINKS


def test_two_comparison_savers_at_once_exactly_one_wins(database_url: str, open_store) -> None:
    writers = [open_store(database_url) for _ in range(3)]
    writers[0].migrate()
    saved = writers[0].create_comparison(["s-one-aaaaaaaa", "s-two-bbbbbbbb"])
    outcome = run_together(
        [
            functools.partial(
                w.update_comparison,
                saved.comparison_id,
                saved.edit_token,
                1,
                ["s-one-aaaaaaaa", "s-two-bbbbbbbb"],
                f'["writer {i}"]',
            )
            for i, w in enumerate(writers)
        ]
    )
    winners = [i for i, o in enumerate(outcome) if o == 2]
    assert len(winners) == 1, outcome
    assert all(isinstance(o, Conflict) for i, o in enumerate(outcome) if i not in winners)
    assert writers[0].get_comparison(saved.comparison_id).links == f'["writer {winners[0]}"]'


@pytest.mark.parametrize(
    ("ids", "links", "message"),
    [
        (["only-one-aaaaaaaa"], "[]", "2 to 3 different stories"),
        (["a-aaaaaaaa", "a-aaaaaaaa"], "[]", "2 to 3 different stories"),
        (["a-a", "b-b", "c-c", "d-d"], "[]", "2 to 3 different stories"),
        (["a-a", "../etc"], "[]", "2 to 3 different stories"),
        ("ab", "[]", "2 to 3 different stories"),
        (["a-a", "b-b"], None, "are text"),
        (["a-a", "b-b"], "too big", "the limit is 2 MB"),
        (["a-a", "b-b"], "\0", "cannot keep"),
    ],
)
def test_comparisons_the_store_does_not_take(store: StoryStore, ids, links, message) -> None:
    if links == "too big":
        links = "x" * (2 * MIB + 1)
    with pytest.raises(store_module.InvalidComparison, match=message):
        store.create_comparison(ids, links)


def test_a_version_1_database_gains_comparisons_and_keeps_its_stories(
    database_url: str, open_store, monkeypatch
) -> None:
    """A store set up before comparisons (schema 1) migrates to 2 with its stories intact."""
    old = open_store(database_url)
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS[:1])
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", 1)
    assert old.migrate() == 1
    saved = old.create(story_files(), "Before comparisons")
    monkeypatch.undo()
    new = open_store(database_url)
    assert new.schema_version() == 1
    assert new.migrate() == SCHEMA_VERSION == 2
    assert new.get(saved.story_id).title == "Before comparisons"
    assert new.create_comparison([saved.story_id, "builtin"]).version == 1


def test_a_story_with_area_states_round_trips_and_loads(store: StoryStore) -> None:
    """The optional area_states.csv is kept as stored, and the story loads with its states."""
    from articlemap.dataset import load_story_files
    from articlemap.paths import AREA_STATES_CSV, GEODATA_DIR

    files = {n: (GEODATA_DIR / n).read_bytes() for n in STORY_FILES if (GEODATA_DIR / n).is_file()}
    assert AREA_STATES_CSV in files
    saved = store.create(files, "With area states")
    got = store.get(saved.story_id)
    assert got is not None and got.files == files
    states = load_story_files(got.files).area_states
    assert {s.area_id for s in states} == {"az-aghdam", "az-kalbajar", "az-lachin"}

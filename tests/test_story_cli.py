"""``python -m articlemap story …`` against a real store: a fresh SQLite file, and a fresh
database on the throwaway PostgreSQL server (tests/pg_server.py; skipped with a reason
without PostgreSQL, failing on CI).

Most tests call ``cli.main`` in-process (a command is ~1 s less than a subprocess); the
store is chosen the way the CLI chooses it, through ``$ARTICLEMAP_STORE_URL``, from a
working directory and home without a secrets file. One test runs the real entry point.
"""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path

import pytest

from articlemap import cli
from articlemap.store import ENV_URL, StoryStore, token_hash
from articlemap.story_zip import story_zip_bytes
from tests.pg_server import PostgresServer, create_database, free_port

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "channel-tunnel"
TITLE = "Under the Sea to France: How the Channel Tunnel Was Built"


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch) -> str:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'store' / 'stories.sqlite'}"
    else:
        server: PostgresServer = request.getfixturevalue("postgres_server")
        url = create_database(server, f"cli_{uuid.uuid4().hex[:16]}")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)  # no .streamlit/secrets.toml here …
    monkeypatch.setenv("HOME", str(tmp_path))  # … nor in ~/.streamlit
    monkeypatch.setenv(ENV_URL, url)
    return url


@pytest.fixture
def store(store_url: str):
    s = StoryStore.from_url(store_url)
    s.migrate()
    yield s
    s.engine.dispose()


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(["story", *argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def imported(capsys, source: Path | str = FIXTURE) -> tuple[str, str, str]:
    """Import ``source``; (story id, edit token, the whole stdout)."""
    code, out, err = run(capsys, "import", str(source))
    assert code == 0, err
    fields = dict(
        line.split(":", 1) for line in out.splitlines() if line.startswith(("id:", "edit token:"))
    )
    return fields["id"].strip(), fields["edit token"].strip(), out


def zip_of(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def fixture_files(**overrides: bytes) -> dict[str, bytes]:
    files = {p.name: p.read_bytes() for p in FIXTURE.iterdir() if p.is_file()}
    files.update(overrides)
    return files


def stored_rows(s: StoryStore) -> int:
    return len(s.list_stories())


# --- import ----------------------------------------------------------------------------------


def test_import_a_folder_prints_the_id_view_link_and_token_once(capsys, store, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    sid, token, out = imported(capsys)
    assert sid.startswith("under-the-sea-to-france")
    assert f"view link:  /?story={sid}" in out
    assert out.count(token) == 1
    assert "private" in out
    assert token not in caplog.text
    stored = store.get(sid)
    assert stored is not None and stored.title == TITLE and stored.version == 1
    assert stored.files == fixture_files()
    assert store.can_edit(sid, token)  # the printed token is the story's …
    with store.engine.connect() as conn:  # … and only its hash is kept
        kept = conn.exec_driver_sql("SELECT token_hash FROM stories").scalar()
    assert kept == token_hash(token) and token not in kept


def test_import_a_zip_and_list(capsys, store, tmp_path: Path) -> None:
    archive = tmp_path / "tunnel.zip"
    archive.write_bytes(zip_of({f"tunnel/{n}": d for n, d in fixture_files().items()}))
    sid, _, _ = imported(capsys, archive)
    code, out, _ = run(capsys, "list")
    assert code == 0
    header, row, summary = out.splitlines()
    assert header.split() == ["id", "version", "updated", "title"]
    assert row.split()[:2] == [sid, "1"]
    assert row.endswith(TITLE)
    assert summary.startswith("1 saved story in ")


def test_every_import_is_a_new_story(capsys, store) -> None:
    first, _, _ = imported(capsys)
    second, _, _ = imported(capsys)
    assert first != second and stored_rows(store) == 2


def test_a_folder_without_story_toml_gets_one(capsys, store, tmp_path: Path) -> None:
    folder = tmp_path / "draft"
    folder.mkdir()
    for name, data in fixture_files().items():
        if name != "story.toml":
            (folder / name).write_bytes(data)
    events = (folder / "events.csv").read_text(encoding="utf-8")
    for own in ("construction", "opening", "finance"):  # the generic categories only
        events = events.replace(f",{own},", ",economy,")
    (folder / "events.csv").write_text(events, encoding="utf-8")
    (folder / "notes.txt").write_text("mine")
    code, out, err = run(capsys, "import", str(folder))
    assert code == 0, err
    assert "story.toml was written" in err and "notes.txt" in err
    sid = next(line.split()[1] for line in out.splitlines() if line.startswith("id:"))
    stored = store.get(sid)
    assert stored is not None and "story.toml" in stored.files and "notes.txt" not in stored.files


def test_bad_rows_are_all_listed_and_nothing_is_saved(capsys, store, tmp_path: Path) -> None:
    events = FIXTURE.joinpath("events.csv").read_text(encoding="utf-8").splitlines()
    events[1] = events[1].replace("1986-02-12,1986-02-12", "1986-13-40,1986-13-40")
    events[2] = events[2].replace("dover; sangatte", "dover; atlantis")
    broken = tmp_path / "broken.zip"
    broken.write_bytes(zip_of(fixture_files(**{"events.csv": "\n".join(events).encode()})))
    code, out, err = run(capsys, "import", str(broken))
    assert code == 1 and out == ""
    assert "nothing was saved" in err
    problems = [line for line in err.splitlines() if line.startswith("- ")]
    assert len(problems) >= 2
    assert any("broken.zip/events.csv, row 2" in p and "date_start" in p for p in problems)
    assert any("broken.zip/events.csv, row 3" in p and "atlantis" in p for p in problems)
    assert stored_rows(store) == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"PK not really a zip", "is not a zip file"),
        (zip_of(fixture_files(**{"places.csv": b""})), "places.csv"),
        (zip_of({n: d for n, d in fixture_files().items() if n != "article.md"}), "no article.md"),
    ],
    ids=["not-a-zip", "empty-places", "missing-file"],
)
def test_broken_zips_are_refused(capsys, store, tmp_path: Path, content, message) -> None:
    path = tmp_path / "story.zip"
    path.write_bytes(content)
    code, out, err = run(capsys, "import", str(path))
    assert code == 1 and out == ""
    assert "story.zip" in err and message in err
    assert stored_rows(store) == 0


def test_a_50_mb_file_is_refused_unread(capsys, store, tmp_path: Path) -> None:
    path = tmp_path / "huge.zip"
    with path.open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    code, _, err = run(capsys, "import", str(path))
    assert code == 1 and "huge.zip" in err and "may be up to 32 MB" in err
    assert stored_rows(store) == 0


def test_import_of_nothing(capsys, store, tmp_path: Path) -> None:
    code, _, err = run(capsys, "import", str(tmp_path / "missing.zip"))
    assert code == 1 and "no such file or folder" in err


# --- export ----------------------------------------------------------------------------------


def test_export_is_the_stored_files_zip_and_round_trips(capsys, store, tmp_path: Path) -> None:
    sid, _, _ = imported(capsys)
    first = tmp_path / "first.zip"
    code, out, _ = run(capsys, "export", sid, "-o", str(first))
    assert code == 0 and str(first) in out and "version 1" in out
    stored = store.get(sid)
    assert stored is not None
    assert first.read_bytes() == story_zip_bytes(stored.files)
    again, _, _ = imported(capsys, first)
    second = tmp_path / "second.zip"
    assert run(capsys, "export", again, "-o", str(second))[0] == 0
    assert second.read_bytes() == first.read_bytes()


def test_export_default_file_and_stdout(capsys, monkeypatch, store) -> None:
    sid, _, _ = imported(capsys)
    code, _, _ = run(capsys, "export", sid)
    assert code == 0
    on_disk = Path(f"{sid}.zip").read_bytes()
    assert on_disk.startswith(b"PK")
    piped = io.TextIOWrapper(io.BytesIO())
    monkeypatch.setattr(sys, "stdout", piped)
    assert cli.main(["story", "export", sid, "-o", "-"]) == 0
    assert piped.buffer.getvalue() == on_disk


def test_export_sees_an_update(capsys, store, tmp_path: Path) -> None:
    sid, token, _ = imported(capsys)
    files = fixture_files(**{"story.toml": FIXTURE.joinpath("story.toml").read_bytes()})
    store.update(sid, token, 1, files, "A new title")
    code, out, _ = run(capsys, "list")
    row = next(line for line in out.splitlines() if line.startswith(sid))
    assert code == 0 and row.split()[1] == "2" and row.endswith("A new title")
    assert run(capsys, "export", sid, "-o", str(tmp_path / "v2.zip"))[1].endswith("version 2\n")


@pytest.mark.parametrize("command", ["export", "site"])
def test_unknown_and_malformed_ids(capsys, store, tmp_path: Path, command) -> None:
    extra = [str(tmp_path / "out")] if command == "site" else []
    code, _, err = run(capsys, command, "no-such-story-abcdefgh", *extra)
    assert code == 1 and "no story “no-such-story-abcdefgh”" in err
    code, _, err = run(capsys, command, "../../etc/passwd", *extra)
    assert code == 1 and "is not a story id" in err
    assert not (tmp_path / "out").exists()


# --- site ------------------------------------------------------------------------------------


def test_site_of_a_saved_story(capsys, store, tmp_path: Path) -> None:
    sid, _, _ = imported(capsys)
    out_dir = tmp_path / "site"
    code, out, err = run(capsys, "site", sid, str(out_dir))
    assert code == 0, err
    index = (out_dir / "index.html").read_text(encoding="utf-8")
    assert f"<title>{TITLE} — map and timeline</title>" in index
    data = (out_dir / "data.js").read_text(encoding="utf-8")
    assert "Dover" in data and "Karabakh" not in index + data
    assert "index.html" in out


# --- list and the store ----------------------------------------------------------------------


def test_list_of_an_empty_store(capsys, store_url) -> None:
    code, out, _ = run(capsys, "list")
    assert code == 0 and out.startswith("no saved stories in ")


def test_a_store_that_cannot_be_reached(capsys, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    url = f"postgresql+psycopg://someone:s3cret-pw@127.0.0.1:{free_port()}/stories"
    monkeypatch.setenv(ENV_URL, url)
    for argv in (["list"], ["export", "a-story"], ["import", str(FIXTURE)]):
        code, out, err = run(capsys, *argv)
        assert code == 1, argv
        assert "error: the story store postgresql+psycopg://someone:***@127.0.0.1" in err
        assert "s3cret-pw" not in out + err


def test_a_url_that_is_not_one(capsys, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv(ENV_URL, "not a database")
    code, _, err = run(capsys, "list")
    assert code == 1 and "URL cannot be used" in err


def test_the_secrets_file_names_the_store(capsys, monkeypatch, tmp_path: Path) -> None:
    """What the app reads wins over the environment, as in the app (ui/store.py)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv(ENV_URL, f"sqlite:///{tmp_path / 'env.sqlite'}")
    secrets = tmp_path / ".streamlit" / "secrets.toml"
    secrets.parent.mkdir()
    secrets.write_text(f'[connections.stories]\nurl = "sqlite:///{tmp_path / "app.sqlite"}"\n')
    imported(capsys)
    assert (tmp_path / "app.sqlite").exists() and not (tmp_path / "env.sqlite").exists()


def test_the_real_entry_point(store_url: str, tmp_path: Path) -> None:
    """``python -m articlemap story …`` as a person runs it, from the project root."""
    env = dict(os.environ, **{ENV_URL: store_url, "HOME": str(tmp_path)})

    def cli_run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "articlemap", "story", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    done = cli_run("import", str(FIXTURE))
    assert done.returncode == 0, done.stderr
    sid = next(line.split()[1] for line in done.stdout.splitlines() if line.startswith("id:"))
    listed = cli_run("list")
    assert listed.returncode == 0 and sid in listed.stdout
    missing = cli_run("export", "not-there-abcdefgh")
    assert missing.returncode == 1 and "Traceback" not in missing.stderr
    assert cli_run("nonsense").returncode == 2

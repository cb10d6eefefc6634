"""ui/store.py: which database the app opens, and one migrated store per process.

Which database wins is checked in fresh Python processes, each with its own working folder
and home (Streamlit reads ``./.streamlit/secrets.toml`` and ``~/.streamlit/secrets.toml``),
so no developer's own secrets can leak in. Sharing one store between sessions is checked
with AppTest, whose script runs in its own thread like a session's.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from articlemap.paths import PROJECT_ROOT
from articlemap.store import ENV_URL, MIGRATIONS, Conflict, StoryStore

STORY = {
    "story.toml": b'title = "T"\n',
    "article.md": b"# T\n",
    "places.csv": b"id\n",
    "events.csv": b"id\n",
}

PROBE = """
import json, logging
logging.disable(logging.WARNING)  # "missing ScriptRunContext": no script runs here
from ui.store import connection_kwargs, story_store
kwargs = connection_kwargs()
result = {"kwargs": kwargs}
if __import__("sys").argv[1] == "try":
    from articlemap.store import StoreError
    try:
        story_store()
    except StoreError as exc:
        result["error"] = str(exc)
if __import__("sys").argv[1] == "open":
    store = story_store()
    saved = store.create({"story.toml": b"", "article.md": b"", "places.csv": b"",
                          "events.csv": b""}, "Probe")
    result["location"] = store.location
    result["same"] = story_store() is store
print(json.dumps(result))
"""


def probe(tmp_path: Path, secrets: str | None, env_url: str | None, action: str) -> dict:
    """Run PROBE in a fresh process whose working folder and home are ``tmp_path``."""
    if secrets is not None:
        (tmp_path / ".streamlit").mkdir(exist_ok=True)
        (tmp_path / ".streamlit" / "secrets.toml").write_text(secrets)
    env = {k: v for k, v in os.environ.items() if k != ENV_URL}
    env.update(HOME=str(tmp_path), PYTHONPATH=str(PROJECT_ROOT))
    if env_url is not None:
        env[ENV_URL] = env_url
    done = subprocess.run(
        [sys.executable, "-c", PROBE, action],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_default_is_the_sqlite_file_beside_the_app(tmp_path: Path) -> None:
    found = probe(tmp_path, secrets=None, env_url=None, action="look")
    assert found["kwargs"] == {
        "pool_pre_ping": True,
        "url": f"sqlite:///{PROJECT_ROOT / 'data' / 'stories.sqlite'}",
    }


def test_environment_overrides_the_default(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'env' / 'stories.sqlite'}"
    found = probe(tmp_path, secrets=None, env_url=url, action="open")
    assert found["location"] == url and found["same"]
    assert (tmp_path / "env" / "stories.sqlite").is_file()  # its folder made on first use


def test_a_secrets_section_wins(tmp_path: Path) -> None:
    secret_url = f"sqlite:///{tmp_path / 'secret.sqlite'}"
    secrets = f'[connections.stories]\nurl = "{secret_url}"\n'
    found = probe(tmp_path, secrets, env_url=f"sqlite:///{tmp_path / 'env.sqlite'}", action="open")
    assert found["kwargs"] == {"pool_pre_ping": True}  # Streamlit reads the url itself
    assert found["location"] == secret_url
    assert (tmp_path / "secret.sqlite").is_file()
    assert not (tmp_path / "env.sqlite").exists()


@pytest.mark.parametrize(
    "secrets",
    [
        "[connections.other]\nurl = 'sqlite:///elsewhere.sqlite'\n",
        "[connections.stories.create_engine_kwargs]\necho = false\n",
        "this is [[[ not toml",
    ],
    ids=["other-section", "engine-options-only", "broken-file"],
)
def test_secrets_that_name_no_database_keep_the_default(tmp_path: Path, secrets: str) -> None:
    url = f"sqlite:///{tmp_path / 'env.sqlite'}"
    found = probe(tmp_path, secrets, env_url=url, action="open")
    assert found["kwargs"]["url"] == url
    assert found["location"] == url


@pytest.mark.parametrize(
    "secrets",
    [
        '[connections.stories]\nhost = "db.example"\n',
        '[connections.stories]\nurl = "nosuchdialect://x/y"\n',
        '[connections.stories]\nurl = "not a url"\n',
    ],
    ids=["host-only", "unknown-dialect", "not-a-url"],
)
def test_a_broken_secrets_section_is_unavailable_not_the_default(
    tmp_path: Path, secrets: str
) -> None:
    found = probe(tmp_path, secrets, env_url=f"sqlite:///{tmp_path / 'env.sqlite'}", action="try")
    assert found["error"].startswith("Saved stories are not available right now")
    assert not (tmp_path / "env.sqlite").exists()


def _app() -> None:
    import streamlit as st

    from articlemap.store import StoreError
    from ui.store import story_store

    try:
        store = story_store()
    except StoreError as exc:
        st.error(str(exc))
        st.stop()
    st.text(f"{id(store)} {store.location}")


def test_sessions_share_one_migrated_store(tmp_path: Path, monkeypatch, main_module_kept) -> None:
    url = f"sqlite:///{tmp_path / 'stories.sqlite'}"
    monkeypatch.setenv(ENV_URL, url)
    seen = set()
    for _ in range(2):  # two sessions, each running its script twice (new threads)
        at = AppTest.from_function(_app, default_timeout=60)
        at.run()
        at.run()
        assert not at.exception and not at.error
        seen |= {t.value for t in at.text}
    assert len(seen) == 1 and seen.pop().endswith(url)

    from ui.store import story_store

    store = story_store()  # the same store, from this (another) thread
    with store.engine.connect() as conn:
        applied = conn.execute(sa.text("SELECT count(*) FROM schema_version")).scalar()
        assert applied == len(MIGRATIONS)  # each migration once
    _used_from_many_threads(store)


def _used_from_many_threads(store: StoryStore) -> None:
    """The engine the app got from st.connection is used from several threads at once."""
    saved = store.create(STORY, "Shared")
    errors: list[BaseException] = []

    def work(i: int) -> None:
        try:
            for _ in range(10):
                story = store.get(saved.story_id)
                with contextlib.suppress(Conflict):
                    store.update(saved.story_id, saved.edit_token, story.version, STORY, f"{i}")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    assert store.version(saved.story_id) > 1


def test_an_unreachable_store_is_a_message_on_the_page(
    tmp_path: Path, monkeypatch, main_module_kept
) -> None:
    (tmp_path / "a-file").write_text("")
    monkeypatch.setenv(ENV_URL, f"sqlite:///{tmp_path / 'a-file' / 'stories.sqlite'}")
    at = AppTest.from_function(_app, default_timeout=60)
    at.run()
    assert not at.exception
    assert "Saved stories are not available right now" in at.error[0].value

"""Two app processes on one PostgreSQL: the hosting set-up of the README ("Hosting").

A throwaway PostgreSQL cluster (tests/pg_server.py, via the ``postgres_server`` fixture:
skipped with a reason locally without PostgreSQL, failing on CI), two ``streamlit run
app.py`` servers given its URL in ``$ARTICLEMAP_STORE_URL`` (nothing else tells them to
share a store: a server on the default SQLite file would not know the story), each in its
own process group and stopped by PID (tests/e2e/conftest.py ``running_app``). The story is
saved through the store API, as a third process would save it; each server keeps a built
story per (id, version), so after an edit both must show the new version on reload.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import running_app
from e2e_helpers import (
    EXCEPTION,
    exception_text,
    full_page_screenshot,
    map_view,
    poll,
    wait_app_idle,
    wait_for_map,
)

from articlemap.store import ENV_URL, StoryStore
from tests.pg_server import create_database

pytestmark = pytest.mark.e2e

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "channel-tunnel"
TITLE = "Under the Sea to France: How the Channel Tunnel Was Built"
NEW_TITLE = "The Channel Tunnel, Revised Edition"


@pytest.fixture
def shared_store(postgres_server) -> Iterator[tuple[str, StoryStore]]:
    url = create_database(postgres_server, f"two_{uuid.uuid4().hex[:12]}")
    store = StoryStore.from_url(url)
    store.migrate()
    yield url, store
    store.engine.dispose()


def fixture_files(title: str = TITLE) -> dict[str, bytes]:
    files = {p.name: p.read_bytes() for p in FIXTURE.iterdir() if p.is_file()}
    toml = files["story.toml"].decode("utf-8")
    assert f'title = "{TITLE}"' in toml
    files["story.toml"] = toml.replace(f'title = "{TITLE}"', f'title = "{title}"').encode()
    return files


def heading(page) -> str:
    """The page's title once the run is over ("" while it is still drawing)."""
    wait_app_idle(page)
    h1 = page.locator("h1")
    return h1.first.inner_text().strip() if h1.count() else ""


def shows(page, title: str, shot: Path) -> None:
    """The page comes to show ``title`` as its heading, with no exception."""
    poll(lambda: heading(page), lambda text: title in text, 45, f"“{title}” on {page.url}")
    assert page.locator(EXCEPTION).count() == 0, exception_text(page)
    assert "Diplomacy leading to victory" not in page.locator("h1").first.inner_text()
    assert wait_for_map(page) > 0
    view = poll(lambda: map_view(page), lambda v: not v["animating"], 10, "the map to settle")
    assert 49 < view["lat"] < 53 and -1 < view["lng"] < 4, f"not the Channel's map: {view}"
    full_page_screenshot(page, str(shot))


def test_a_story_saved_once_opens_and_updates_through_both_processes(
    shared_store, browser, screenshots_dir
) -> None:
    url, store = shared_store
    saved = store.create(fixture_files(), TITLE)
    env = {ENV_URL: url}
    with (
        running_app(log_name="e2e-two-processes-a.log", env=env) as server_a,
        running_app(log_name="e2e-two-processes-b.log", env=env) as server_b,
    ):
        assert server_a != server_b
        # Two people: one browser context each, one server each (a sticky balancer).
        contexts = [browser.new_context(viewport={"width": 1400, "height": 1000})]
        contexts.append(browser.new_context(viewport={"width": 1400, "height": 1000}))
        try:
            page_a, page_b = (ctx.new_page() for ctx in contexts)
            for ctx in contexts:
                ctx.set_default_timeout(30_000)
            for page, server, name in ((page_a, server_a, "a"), (page_b, server_b, "b")):
                page.goto(f"{server}/?story={saved.story_id}")
                shows(page, TITLE, screenshots_dir / f"two-processes-{name}.png")

            # An edit saved elsewhere: both processes hold version 1 built; a reload asks
            # the store for the version and builds version 2.
            edited = fixture_files(NEW_TITLE)
            assert store.update(saved.story_id, saved.edit_token, 1, edited, NEW_TITLE) == 2
            for page, name in ((page_b, "b"), (page_a, "a")):
                page.reload()
                shows(page, NEW_TITLE, screenshots_dir / f"two-processes-{name}-edited.png")
                assert f"?story={saved.story_id}" in page.url
        finally:
            for ctx in contexts:
                ctx.close()

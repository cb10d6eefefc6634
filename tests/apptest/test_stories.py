"""Saved stories in the app, in-process: every page follows ``?story=``, Save as story,
the Edit page (view link vs edit link, conflict, a new edit link), bad links.

Each test gets its own SQLite store (``$ARTICLEMAP_STORE_URL``), so saves never reach the
developer's ``data/stories.sqlite``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from articlemap.dataset import load_dataset
from articlemap.store import ENV_URL, StoryStore

from .conftest import APP, map_args
from .test_your_article import paste

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "channel-tunnel"
BUILTIN_TITLE = load_dataset().meta.title
STORY_TITLE = "Under the Sea to France: How the Channel Tunnel Was Built"
PAGES = [
    "pages/map.py",
    "pages/timeline.py",
    "pages/present.py",
    "pages/places.py",
    "pages/source.py",
    "pages/about.py",
]


@pytest.fixture
def store(tmp_path: Path, monkeypatch, main_module_kept) -> StoryStore:
    url = f"sqlite:///{tmp_path / 'stories.sqlite'}"
    monkeypatch.setenv(ENV_URL, url)
    s = StoryStore.from_url(url)
    s.migrate()
    return s


@pytest.fixture
def saved(store: StoryStore):
    files = {p.name: p.read_bytes() for p in FIXTURE.iterdir()}
    return store.create(files, STORY_TITLE)


def open_page(page: str, params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page != "pages/map.py":
        at.switch_page(page)
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
    assert not at.exception, at.exception
    return at


def page_text(at: AppTest) -> str:
    parts = [t.value for t in at.title] + [c.value for c in at.caption]
    parts += [m.value for m in at.markdown]
    return "\n".join(parts).replace("\\", "")


@pytest.mark.parametrize("page", PAGES)
def test_every_page_shows_the_saved_story_not_the_builtin(page: str, saved) -> None:
    at = open_page(page, {"story": saved.story_id})
    text = page_text(at)
    assert BUILTIN_TITLE not in text
    if page in ("pages/map.py", "pages/source.py"):
        assert STORY_TITLE in text
    if page not in ("pages/source.py", "pages/places.py"):
        assert "Margaret Ellison's account" in text
    assert "Bayramov" not in text and "Karabakh" not in text


def test_saved_story_map_opens_on_its_own_places(saved) -> None:
    at = open_page("pages/map.py", {"story": saved.story_id})
    args = map_args(at)
    lat, lon = args["center"] if isinstance(args.get("center"), list) else args["center"].values()
    assert 48 < lat < 52.5 and -1 < lon < 5  # the Channel, not the South Caucasus
    legend = "".join(h.proto.body for h in at.get("html"))
    assert "Construction" in legend and "Opening" in legend


def test_story_menu_lists_the_opened_story(saved) -> None:
    at = open_page("pages/map.py", {"story": saved.story_id})
    assert at.session_state["stories_opened"] == {saved.story_id: STORY_TITLE}


@pytest.mark.parametrize("wanted", ["no-such-story-x1", "../../etc/passwd", "<b>x</b>", "A" * 500])
def test_a_link_to_no_story_is_a_friendly_page(wanted: str, store) -> None:
    at = open_page("pages/map.py", {"story": wanted})
    assert at.title[0].value == "No such story"
    assert "cut short" in at.info[0].value
    assert not at.error


def test_switching_story_drops_the_previous_view_state(saved) -> None:
    at = open_page("pages/map.py", {})
    at.session_state["selected_event"] = "khojaly"
    at.query_params["story"] = saved.story_id
    at.run()
    assert not at.exception
    assert at.session_state["selected_event"] is None


# --- Save as story ---------------------------------------------------------------------------

TEXT = (
    "The Treaty of Kars was signed in Kars on 13 October 1921.\n\n"
    "Delegates had first met in Moscow on 16 March 1921."
)


def save_draft(store: StoryStore, title: str = "The Treaty of Kars") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("pages/your_article.py").run()
    paste(at, TEXT)
    at.text_input(key="ya_meta_title").input(title)
    at.text_input(key="ya_meta_author").input("A. Teacher")
    at.button(key="ya_save").click().run()
    assert not at.exception
    return at


def test_save_as_story_gives_a_view_link_and_an_edit_link(store: StoryStore) -> None:
    at = save_draft(store)
    assert not at.error, [e.value for e in at.error]
    stories = store.list_stories()
    assert [s.title for s in stories] == ["The Treaty of Kars"]
    sid = stories[0].story_id
    codes = [c.value for c in at.code]
    view = next(c for c in codes if "edit=" not in c and f"story={sid}" in c)
    edit = next(c for c in codes if "edit=" in c)
    token = edit.split("edit=")[1]
    assert store.can_edit(sid, token)
    assert token not in view
    opened = open_page("pages/map.py", {"story": sid})
    assert "The Treaty of Kars" in page_text(opened)
    assert "A. Teacher" in page_text(opened)


def test_a_draft_with_a_bad_row_is_not_saved(store: StoryStore) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("pages/your_article.py").run()
    paste(at, TEXT)
    events = at.dataframe[1]
    assert events is not None
    at.text_input(key="ya_meta_title").input("")
    at.button(key="ya_save").click().run()
    assert not at.exception
    assert any("cannot be saved" in e.value for e in at.error)
    assert store.list_stories() == []
    assert "ya_draft" in at.session_state  # the draft is still there


def test_saves_per_minute_are_capped(store: StoryStore, monkeypatch) -> None:
    from ui import stories

    monkeypatch.setattr(stories, "SAVES_PER_MINUTE", 2)
    at = save_draft(store)
    for _ in range(3):
        at.button(key="ya_save").click().run()
    assert len(store.list_stories()) == 2
    assert any("a lot of saving" in w.value for w in at.warning)
    assert "ya_draft" in at.session_state


# --- Edit story ------------------------------------------------------------------------------


def test_the_view_link_has_no_edit_controls(saved) -> None:
    at = open_page("pages/edit.py", {"story": saved.story_id})
    assert "cannot change it" in at.info[0].value
    assert not [b for b in at.button if b.key == "ed_save"]


def test_the_edit_link_edits_and_leaves_the_url(store: StoryStore, saved) -> None:
    at = open_page("pages/edit.py", {"story": saved.story_id, "edit": saved.edit_token})
    assert "edit" not in at.query_params  # the token left the address bar
    at.text_input(key="ed_meta_0_title").input("The Tunnel, revised")
    at.button(key="ed_save").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert store.version(saved.story_id) == 2
    assert store.get(saved.story_id).title == "The Tunnel, revised"
    # The files saved load as the story, with the new title in its story.toml.
    assert b"The Tunnel, revised" in store.get(saved.story_id).files["story.toml"]


def test_a_save_after_someone_else_saved_is_a_conflict_and_keeps_the_edits(
    store: StoryStore, saved
) -> None:
    at = open_page("pages/edit.py", {"story": saved.story_id, "edit": saved.edit_token})
    at.text_input(key="ed_meta_0_title").input("Mine")
    at.run()
    # Another window saves first.
    files = dict(store.get(saved.story_id).files)
    files["story.toml"] = files["story.toml"].replace(STORY_TITLE.encode(), b"Theirs")
    store.update(saved.story_id, saved.edit_token, 1, files, "Theirs")
    at.button(key="ed_save").click().run()
    assert not at.exception
    assert any("Someone saved this story" in e.value for e in at.error)
    assert store.get(saved.story_id).title == "Theirs"
    assert at.text_input(key="ed_meta_0_title").value == "Mine"  # kept
    assert any(b.label == "Download my edits (zip)" for b in at.get("download_button"))
    at.button(key="ed_reload").click().run()
    assert at.text_input(key="ed_meta_1_title").value == "Theirs"


def test_a_new_edit_link_kills_the_old_one(store: StoryStore, saved) -> None:
    at = open_page("pages/edit.py", {"story": saved.story_id, "edit": saved.edit_token})
    at.button(key="ed_rotate").click().run()
    assert not at.exception
    edit = next(c.value for c in at.code if "edit=" in c.value)
    new_token = edit.split("edit=")[1]
    assert new_token != saved.edit_token
    assert store.can_edit(saved.story_id, new_token)
    assert not store.can_edit(saved.story_id, saved.edit_token)
    old = open_page("pages/edit.py", {"story": saved.story_id, "edit": saved.edit_token})
    old.text_input(key="ed_meta_0_title").input("Forged")
    old.button(key="ed_save").click().run()
    assert any("cannot be changed with this link" in e.value for e in old.error)
    assert store.get(saved.story_id).title == STORY_TITLE


def test_source_links_stay_on_the_saved_story(saved) -> None:
    at = open_page("pages/source.py", {"story": saved.story_id})
    body = "\n".join(m.value for m in at.markdown)
    assert f"(./?story={saved.story_id}&place=folkestone)" in body
    caption = page_text(at)
    assert "articlemap test fixtures" in caption and "CC0" in caption

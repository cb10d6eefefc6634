"""The Compare page in-process: two saved accounts (tests/compare_fixtures.small_pair) side
by side, both accounts on one map, the merged list with its reasons, link / unlink /
"the accounts disagree", saving the links (view and edit links), a view link that cannot
change them, the CSV.

Each test gets its own SQLite store (``$ARTICLEMAP_STORE_URL``)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from articlemap.compare import Decisions
from articlemap.store import ENV_URL, StoryStore
from tests.compare_fixtures import small_pair

from .conftest import APP, map_view

PAGE = "pages/compare.py"


@pytest.fixture
def store(tmp_path: Path, monkeypatch, main_module_kept) -> StoryStore:
    url = f"sqlite:///{tmp_path / 'stories.sqlite'}"
    monkeypatch.setenv(ENV_URL, url)
    s = StoryStore.from_url(url)
    s.migrate()
    return s


@pytest.fixture
def two(store: StoryStore) -> tuple[str, str]:
    pair = small_pair()
    first = store.create(pair.files[0], pair.first.meta.title)
    second = store.create(pair.files[1], pair.second.meta.title)
    return first.story_id, second.story_id


def open_compare(params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page(PAGE)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def add(at: AppTest, text: str) -> None:
    at.text_input(key="cmp_add_text").input(text)
    next(b for b in at.button if b.label == "Add").click()
    at.run()
    assert not at.exception, at.exception


def picked(two) -> AppTest:
    at = open_compare()
    add(at, two[0])
    add(at, f"http://localhost:8501/?story={two[1]}")  # a view link works too
    return at


def text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    return "\n".join(parts).replace("\\", "")


def row_keys(at: AppTest) -> list[str]:
    return [
        c.key.removeprefix("cmp-row-")
        for c in at.get("flex_container")
        if c.key and c.key.startswith("cmp-row-")
    ]


def test_without_two_accounts_the_page_asks_for_them(store) -> None:
    at = open_compare()
    assert at.title[0].value == "Compare accounts"
    assert any("Choose two or three accounts" in i.value for i in at.info)


def test_two_accounts_side_by_side(two) -> None:
    at = picked(two)
    assert at.multiselect(key="cmp_picks").value == [two[0], two[1]]
    page = text(at)
    # The merged list: matched rows carry both events and why they match.
    assert "Matched automatically (first and second accounts): same day; Dunel and Varnsk" in page
    assert "The accounts date this differently: the first account gives “9 November 2031”" in page
    assert "One place under different names: Mirev (first account), Mirevo (second account)." in (
        page
    )
    # Every claim is a quote from its story, attributed to its account.
    assert "The first account:* “On 9 November 2031 the enemy shelled Mirev" in page
    assert "The second account:* “Artillery shelled Mirevo on 10 November 2031" in page
    assert "Only the first account tells this." in page
    summary = next(m.value for m in at.markdown if "Told by more than one account" in m.value)
    assert summary.startswith("Told by more than one account: 5 · only in the first account: 4")
    assert "dated differently: 3" in summary
    keys = row_keys(at)
    assert "0-a-shelling-1-b-shelling" in keys and "0-a-parade" in keys


def test_both_accounts_on_the_map_in_their_own_colour_and_shape(two) -> None:
    view = map_view(picked(two))
    by_account: dict[str, set[str]] = {}
    for feature in view["markers"]:
        p = feature["properties"]
        by_account.setdefault(p["account_class"], set()).add((p["color"], p["shape"]))
    assert by_account == {
        "am-account-0": {("#0072B2", "circle")},
        "am-account-1": {("#D55E00", "square")},
    }
    assert "0:a-shelling" in view["events"] and "1:b-shelling" in view["events"]


def test_link_unlink_disagree_save_and_the_view_link(two, store) -> None:
    at = picked(two)
    # Unlink an automatic match: both events then stand alone.
    next(b for b in at.button if b.key == "cmp-unlink-0-a-talks-1-b-talks-01").click()
    at.run()
    keys = row_keys(at)
    assert "0-a-talks" in keys and "1-b-talks" in keys
    # Link two lone events by hand.
    at.selectbox(key="cmp-pick-0-a-visit").set_value("1:b-visit").run()
    next(b for b in at.button if b.key == "cmp-link-0-a-visit").click()
    at.run()
    assert "0-a-visit-1-b-visit" in row_keys(at)
    assert "Linked by hand (first and second accounts)" in text(at)
    assert "accounts): linked by hand" not in text(at)  # said once
    # Mark a pair: the accounts disagree, with a note.
    at.text_input(key="cmp-note-0-a-shelling-1-b-shelling-01").input("Who fired first?")
    next(b for b in at.button if b.key == "cmp-disagree-0-a-shelling-1-b-shelling-01").click()
    at.run()
    assert "Marked: the accounts disagree — note: Who fired first?" in text(at)
    # Save: a new comparison with its view and edit links.
    next(b for b in at.button if b.key == "cmp_save").click()
    at.run()
    assert not at.exception
    codes = [c.value for c in at.code]
    view = next(c for c in codes if "compare=" in c and "cedit=" not in c)
    edit = next(c for c in codes if "cedit=" in c)
    cid = (
        at.query_params["compare"][0]
        if isinstance(at.query_params["compare"], list)
        else (at.query_params["compare"])
    )
    assert cid in view and cid in edit and edit.split("cedit=")[1] not in view
    stored = store.get_comparison(cid)
    assert stored.story_ids == two
    saved = Decisions.from_json(stored.links)
    assert not saved.get((two[0], "a-talks"), (two[1], "b-talks")).linked
    assert saved.get((two[0], "a-visit"), (two[1], "b-visit")).linked
    assert saved.get((two[0], "a-shelling"), (two[1], "b-shelling")).note == "Who fired first?"
    # The view link in a fresh session: the same links, no controls.
    fresh = open_compare({"compare": cid})
    assert "0-a-visit-1-b-visit" in row_keys(fresh) and "0-a-talks" in row_keys(fresh)
    assert "Marked: the accounts disagree — note: Who fired first?" in text(fresh)
    assert not [b for b in fresh.button if (b.key or "").startswith("cmp-unlink")]
    assert any("view link" in i.value for i in fresh.info)
    # The edit link in a fresh session: the token leaves the URL, the controls are back.
    token = edit.split("cedit=")[1]
    editor = open_compare({"compare": cid, "cedit": token})
    assert "cedit" not in editor.query_params
    next(b for b in editor.button if b.key == "cmp-unlink-0-a-visit-1-b-visit-01").click()
    editor.run()
    next(b for b in editor.button if b.key == "cmp_save").click()
    editor.run()
    assert store.get_comparison(cid).version == 2
    # The first session saves over version 1 now: refused, its links kept on screen.
    next(b for b in at.button if b.key == "cmp-unlink-0-a-ceasefire-1-b-ceasefire-01").click()
    at.run()
    next(b for b in at.button if b.key == "cmp_save").click()
    at.run()
    assert any("Someone else saved this comparison" in e.value for e in at.error)
    assert store.get_comparison(cid).version == 2


def test_a_link_to_no_comparison(store) -> None:
    at = open_compare({"compare": "comparison-nothere1"})
    assert at.title[0].value == "No such comparison"


def test_csv_download(two) -> None:
    from articlemap import export
    from articlemap.compare import Account, compare

    pair = small_pair()
    result = compare(
        [
            Account(two[0], "A", tuple(pair.first.events)),
            Account(two[1], "B", tuple(pair.second.events)),
        ]
    )
    data = export.for_spreadsheets(export.comparison_csv(result))
    assert data.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == 12
    at = picked(two)
    assert any(b.label == "Download the comparison (CSV)" for b in at.get("download_button"))

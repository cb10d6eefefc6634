"""The comparison as a static page (articlemap.compare_site): the merged list with both
quotes of each pair, the lone events, the CSV; local files only; every story text escaped
(HTML in index.html, safe JSON in the data, bidi controls out); same input, same bytes."""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile

from articlemap import compare_site, export
from articlemap.compare import Account, Decisions, compare
from tests.compare_fixtures import small_pair
from tests.test_site import _Refs, read_global

HOSTILE = "</script><img src=x onerror=alert(1)> `${x}` \u202eexe.live"


def made(decisions: Decisions | None = None, title: str = ""):
    decisions = decisions or Decisions()
    pair = small_pair()
    accounts = pair.accounts()
    metas = [pair.first.meta, pair.second.meta]
    if title:
        accounts[0] = dataclasses.replace(accounts[0], title=title)
    return compare(accounts, decisions), metas


def data_of(files: dict[str, bytes]) -> dict:
    text = files["comparison-data.js"].decode("utf-8")
    return read_global(text, compare_site.DATA_GLOBAL)  # type: ignore[return-value]


def test_the_folder_holds_the_page_its_data_and_the_csv() -> None:
    result, metas = made()
    files = compare_site.comparison_site_files(result, metas)
    assert list(files) == sorted(
        [
            "index.html",
            "compare.js",
            "compare.css",
            "app.css",
            "comparison-data.js",
            "comparison.csv",
        ]
    )
    assert files["comparison.csv"] == export.for_spreadsheets(export.comparison_csv(result))
    parser = _Refs()
    parser.feed(files["index.html"].decode("utf-8"))
    for _tag, ref, _footer in parser.refs:
        assert ref.startswith("#") or ref in files, ref  # local files only
    for name in ("compare.js", "compare.css", "index.html"):
        text = files[name].decode("utf-8")
        assert not re.search(r"https?://", text), name
    script = files["compare.js"].decode("utf-8")
    assert "innerHTML" not in script and "fetch(" not in script


def row_of(data: dict, first_id: str) -> dict:
    return next(r for r in data["rows"] if r["events"][0] and r["events"][0]["id"] == first_id)


def test_every_row_with_each_accounts_quote_and_why() -> None:
    pair = small_pair()
    a, b = pair.accounts()[0].key, pair.accounts()[1].key
    decisions = Decisions().mark_disagree((a, "a-shelling"), (b, "b-shelling"), "Which day?")
    result, metas = made(decisions)
    data = data_of(compare_site.comparison_site_files(result, metas))
    assert len(data["rows"]) == len(result.rows)
    assert data["summary"].startswith("Told by more than one account: 5")
    assert data["accounts"][0]["label"].startswith("First account: ")
    for record, row in zip(data["rows"], result.rows, strict=True):
        assert record["kind"] == ("lone" if row.lone else "matched")
        for shown, event in zip(record["events"], row.events, strict=True):
            if event is None:
                assert shown is None
            else:
                assert shown["id"] == event.id and shown["quote"] == event.quote
                assert shown["date"] == (event.date_as_written or event.date_label)
    shelling = row_of(data, "a-shelling")
    assert shelling["events"][1]["quote"].startswith("Artillery shelled Mirevo")
    assert shelling["events"][0]["said_by"] == "The first account:"
    (why,) = shelling["pairs"]
    assert why["disagree"] is True
    assert why["why"].startswith("Linked by hand (first and second accounts)")
    assert "Marked: the accounts disagree — note: Which day?" in why["lines"]
    assert any(line.startswith("The accounts date this differently") for line in why["lines"])
    parade = row_of(data, "a-parade")
    assert parade["lone"] == "Only the first account tells this." and parade["pairs"] == []


def test_hostile_titles_and_quotes_stay_text() -> None:
    result, metas = made(title=HOSTILE)
    first = result.accounts[0]
    hostile_event = dataclasses.replace(first.events[0], quote=HOSTILE, title=HOSTILE)
    accounts = [dataclasses.replace(first, events=(hostile_event, *first.events[1:]))]
    result = compare([*accounts, result.accounts[1]])
    files = compare_site.comparison_site_files(result, metas)
    page = files["index.html"].decode("utf-8")
    assert "<img" not in page and "</script><" not in page and "\u202e" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    script = files["comparison-data.js"].decode("utf-8")
    assert "<" not in script and ">" not in script and "\u202e" not in script
    data = data_of(files)
    assert data["rows"][0]["events"][0]["quote"] == HOSTILE.replace("\u202e", "")
    assert data["accounts"][0]["label"] == "First account: " + HOSTILE.replace("\u202e", "")


def test_same_comparison_same_zip() -> None:
    result, metas = made()
    one = compare_site.build_comparison_zip(result, metas)
    assert one == compare_site.build_comparison_zip(*made())
    names = zipfile.ZipFile(io.BytesIO(one)).namelist()
    assert names == [f"{compare_site.ZIP_ROOT}/{n}" for n in sorted(names_of(result, metas))]


def names_of(result, metas) -> list[str]:
    return list(compare_site.comparison_site_files(result, metas))


def test_three_accounts() -> None:
    pair = small_pair()
    accounts = pair.accounts()
    third = Account("third-story", "Third", accounts[1].events)
    result = compare([*accounts, third])
    metas = [pair.first.meta, pair.second.meta, pair.second.meta]
    data = compare_site.comparison_data(result, metas)
    assert [a["mark"] for a in data["accounts"]] == ["●", "■", "◆"]
    assert all(len(r["events"]) == 3 for r in data["rows"])

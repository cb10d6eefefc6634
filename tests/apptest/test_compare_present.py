"""Present a comparison, in-process: the Compare page's "Present to a class" mode steps
through the merged list's rows (tests/compare_fixtures.small_pair, 12 rows), every account's
quote side by side with its date as written, precision and places; ← → are the buttons'
shortcuts; the step is in the URL; a saved comparison's view link opens on a step with the
person's "the accounts disagree" note; "Back to the comparison" keeps the picks."""

from __future__ import annotations

import re

from articlemap.compare import Decisions, compare
from articlemap.store import StoryStore
from tests.compare_fixtures import small_pair

from .test_compare import open_compare, picked, store, two  # noqa: F401 (fixtures)

ROWS = compare(small_pair().accounts()).rows


def stage(at) -> str:
    keys = [c for c in at.get("flex_container") if (c.key or "").startswith("cstage-")]
    assert keys, "no stage on the page"
    return "\n".join(m.value for m in at.markdown).replace("\\", "")


def progress(at) -> str:
    found = re.search(r"Step (\d+) of (\d+)", stage(at))
    assert found, stage(at)
    return found.group(0)


def present(at):
    next(b for b in at.button if b.key == "cmp_present").click()
    at.run()
    assert not at.exception, at.exception
    return at


def test_present_steps_through_the_rows_with_both_quotes(two) -> None:  # noqa: F811
    at = present(picked(two))
    assert at.query_params["present"] in ("1", ["1"])
    assert progress(at) == f"Step 1 of {len(ROWS)}"
    text = stage(at)
    # Row 1: the talks, told by both accounts, each quote attributed to its account.
    first, second = ROWS[0].events
    assert f"The first account:* “{first.quote}”" in text
    assert f"The second account:* “{second.quote}”" in text
    assert first.date_as_written in text and "precision: day" in text
    assert "told by the first and the second accounts" in text
    assert "**Matched automatically:** same day; Dunel and Varnsk are names of one place" in text
    # The page's own list and map are not drawn in the presentation.
    assert not [c for c in at.get("flex_container") if (c.key or "").startswith("cmp-row-")]
    headers = "\n".join(h.proto.body for h in at.get("html"))
    assert "First account: The Orla war" in headers and "Second account:" in headers


def test_arrow_keys_are_the_buttons_and_the_step_is_in_the_url(two) -> None:  # noqa: F811
    at = present(picked(two))
    shortcuts = {b.key: b.proto.shortcut for b in at.button if b.key in ("cmp_prev", "cmp_next")}
    assert shortcuts == {"cmp_prev": "left", "cmp_next": "right"}
    at.button(key="cmp_next").click().run()
    at.button(key="cmp_next").click().run()
    assert progress(at) == f"Step 3 of {len(ROWS)}"
    assert at.query_params["step"] in ("3", ["3"])
    lone = ROWS[2]
    assert lone.lone and "only the first account tells this" in stage(at)
    assert "The second account tells no event matched here." in stage(at)
    at.button(key="cmp_prev").click().run()
    at.button(key="cmp_prev").click().run()
    at.button(key="cmp_prev").click().run()  # wraps to the last row
    assert progress(at) == f"Step {len(ROWS)} of {len(ROWS)}"


def test_steps_can_be_only_the_matched_rows(two) -> None:  # noqa: F811
    at = present(picked(two))
    at.selectbox(key="cmp_present_filter").set_value("Told by more than one").run()
    matched = [r for r in ROWS if not r.lone]
    assert progress(at) == f"Step 1 of {len(matched)}"


def test_a_view_link_opens_the_presentation_on_a_step_with_the_note(two, store) -> None:  # noqa: F811
    a, b = two
    decisions = Decisions().mark_disagree((a, "a-shelling"), (b, "b-shelling"), "Which day?")
    cid = store_comparison(store, two, decisions)
    rows = compare(small_pair().accounts(two), decisions).rows
    step = next(i for i, r in enumerate(rows, 1) if r.events[0] and r.events[0].id == "a-shelling")
    at = open_compare({"compare": cid, "present": "1", "step": str(step)})
    text = stage(at)
    assert progress(at) == f"Step {step} of {len(rows)}"
    assert "Marked: the accounts disagree — note: Which day?" in text
    assert "**Linked by hand:** dated 1 day apart" in text  # "linked by hand" said once
    assert "The accounts date this differently: the first account gives “9 November 2031”" in text
    assert "Mirev / Mirevo" in text  # the place with its other name
    # A view link: presenting changes nothing, and no link controls are on the stage.
    assert not [x for x in at.button if (x.key or "").startswith("cmp-unlink")]
    assert store.get_comparison(cid).version == 1


def test_back_to_the_comparison_keeps_the_picks(two) -> None:  # noqa: F811
    at = present(picked(two))
    at.button(key="cmp_next").click().run()
    at.button(key="cmp_present_leave").click().run()
    assert "present" not in at.query_params and "step" not in at.query_params
    assert at.multiselect(key="cmp_picks").value == [two[0], two[1]]
    assert [c for c in at.get("flex_container") if (c.key or "").startswith("cmp-row-")]


def test_present_without_two_accounts_asks_for_them(store) -> None:  # noqa: F811
    at = open_compare({"present": "1"})
    assert any("Choose two or three accounts to present" in i.value for i in at.info)


def store_comparison(store: StoryStore, keys: tuple[str, str], decisions: Decisions) -> str:  # noqa: F811
    return store.create_comparison(list(keys), decisions.to_json()).comparison_id


HOSTILE = "**bold** [link](http://evil.example) <img src=x onerror=alert(1)> \u202eexe.live"


def test_story_text_on_the_page_and_the_stage_is_escaped(store) -> None:  # noqa: F811
    """A story's title, event title, quote and place name reach st.markdown escaped and
    st.html escaped, with the bidi controls out: on the Compare page and in Present."""
    import dataclasses

    from tests.compare_fixtures import build

    pair = small_pair()
    first = pair.first
    events = [
        dataclasses.replace(e, title=HOSTILE, quote=f"{HOSTILE} on 3 March 2031.")
        if e.id == "a-talks"
        else e
        for e in first.events
    ]
    places = [
        dataclasses.replace(p, name="Dunel <b>x</b> **y**") if p.id == "dunel" else p
        for p in first.places
    ]
    _, files = build(HOSTILE, "the first side", places, events, "hostile-story")
    a = store.create(files, HOSTILE).story_id
    b = store.create(pair.files[1], pair.second.meta.title).story_id
    cid = store.create_comparison([a, b]).comparison_id
    for params in ({"compare": cid}, {"compare": cid, "present": "1"}):
        at = open_compare(params)
        shown = [m.value for m in at.markdown] + [c.value for c in at.caption]
        assert any("onerror" in v for v in shown), params  # the hostile text is on the page
        for value in shown:
            assert "**bold**" not in value and "](http" not in value, value
            assert not re.search(r"(?<!\\)<img", value) and "\u202e" not in value, value
        for block in at.get("html"):
            body = block.proto.body
            if "<style>" in body:
                continue
            assert "<img" not in body and "<b>x" not in body and "\u202e" not in body, body


def test_a_rerun_sent_before_the_browser_saw_the_new_address_keeps_the_mode(two) -> None:  # noqa: F811
    """Streamlit rebuilds the query parameters from the browser's address on every rerun.
    A rerun the browser sent before it received ``present=1`` (the map answering the same
    click, seen in CI as a presentation that never appeared) must not drop the mode, and
    the address gets the parameter back; once a rerun carries it, the address leads again."""
    at = present(picked(two))
    for name in ("present", "step"):
        at.query_params.pop(name, None)  # the address as the browser had it before the click
    at.run()
    assert not at.exception, at.exception
    assert progress(at) == f"Step 1 of {len(ROWS)}"
    assert at.query_params["present"] in ("1", ["1"])
    at.run()  # this rerun carries present=1: the session's hold is released
    assert progress(at) == f"Step 1 of {len(ROWS)}"
    at.query_params.pop("present")
    at.run()  # the address no longer asks for it (edited by hand): the comparison again
    assert not [c for c in at.get("flex_container") if (c.key or "").startswith("cstage-")]

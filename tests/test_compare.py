"""Comparing accounts (articlemap/compare.py): the fixture pair's known matches and
differences, decisions overriding the matching, and properties over generated stories."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articlemap.compare import (
    TOLERANCE_DAYS,
    Account,
    Decisions,
    DecisionsError,
    compare,
    csv_columns,
    csv_rows,
    difference_lines,
    names_of,
    place_link,
    words_line,
)
from articlemap.schema import Event, Place
from tests.compare_fixtures import generated_pair, small_pair

FIRST, SECOND = "first-story", "second-story"


@pytest.fixture(scope="module")
def pair():
    return small_pair()


@pytest.fixture(scope="module")
def result(pair):
    return compare(pair.accounts((FIRST, SECOND)))


def matched(comparison) -> set[tuple[str, str]]:
    return {(p.first.id, p.second.id) for p in comparison.pairs}


def test_the_fixture_matches_what_it_was_built_to_contain(pair, result) -> None:
    assert matched(result) == pair.truth.matches
    assert {e.id for e in result.lone(0)} == pair.truth.lone_first
    assert {e.id for e in result.lone(1)} == pair.truth.lone_second
    assert all(not p.manual for p in result.pairs)


def test_every_event_is_in_exactly_one_row(pair, result) -> None:
    seen = [(i, e.id) for r in result.rows for i, e in enumerate(r.events) if e is not None]
    assert len(seen) == len(set(seen)) == len(pair.first.events) + len(pair.second.events)


def test_dates_written_differently(pair, result) -> None:
    differ = {(p.first.id, p.second.id) for p in result.pairs if p.dates_differ}
    assert differ == pair.truth.dates_differ
    shelling = next(p for p in result.pairs if p.first.id == "a-shelling")
    lines = difference_lines(shelling)
    assert lines[0] == (
        "The accounts date this differently: the first account gives “9 November 2031” "
        "(9 Nov 2031, day), the second “10 November 2031” (10 Nov 2031, day)."
    )
    siege = next(p for p in result.pairs if p.first.id == "a-siege")
    assert difference_lines(siege)[0] == (
        "The accounts date this differently: the first account gives “12–20 May 2031” "
        "(range), the second “May 2031” (month)."
    )


def test_places_under_other_names(pair, result) -> None:
    renamed = {
        (p.first.id, p.second.id): {(lk.first.name, lk.second.name) for lk in p.renamed_places}
        for p in result.pairs
        if p.renamed_places
    }
    assert renamed == pair.truth.names_differ
    talks = next(p for p in result.pairs if p.first.id == "a-talks")
    assert "One place under different names: Dunel (first account), Varnsk (second account)." in (
        difference_lines(talks)
    )


def test_reasons_say_why(result) -> None:
    reasons = {p.first.id: p.reasons for p in result.pairs}
    assert reasons["a-talks"] == ("same day", "Dunel and Varnsk are names of one place")
    assert reasons["a-ceasefire"][0] == "same day"
    assert reasons["a-district"] == (
        "dated 1 day apart (within the tolerance for these dates)",
        "both in Orla district",
    )
    assert reasons["a-siege"][0] == "dates overlap"


def test_words_of_one_quote_absent_from_the_other(result) -> None:
    shelling = next(p for p in result.pairs if p.first.id == "a-shelling")
    first_only, second_only = shelling.words_only
    assert "warning" in first_only and "enemy" in first_only
    assert "observers" in second_only and "Artillery" in second_only
    assert "shelled" not in first_only + second_only  # both quotes have it
    line = words_line(shelling, 0)
    assert line.startswith("Words of the first account's passage that the second account's")


def test_near_misses_stay_apart(result) -> None:
    """Same place two weeks apart at day precision; same day at another place."""
    lone = {e.id for r in result.rows if r.lone for e in r.events if e is not None}
    assert {"a-visit", "b-visit", "a-meeting", "b-summit"} <= lone


def test_rows_are_in_date_order_undated_last(result) -> None:
    firsts = [r.sort_key[0] for r in result.rows]
    assert firsts == sorted(firsts)
    assert result.rows[-1].events[0] is not None and result.rows[-1].events[0].id == "a-origins"


def test_the_wording_is_neutral(result) -> None:
    text = " ".join(
        line
        for p in result.pairs
        for line in [*difference_lines(p), words_line(p, 0), words_line(p, 1), *p.reasons]
    ).lower()
    for verdict in ("true", "false", "correct", "wrong", "lie", "accurate", "error"):
        assert f" {verdict} " not in f" {text} ", verdict


# --- decisions -----------------------------------------------------------------------------------


def test_a_link_by_hand_wins(pair) -> None:
    decisions = Decisions().link((FIRST, "a-visit"), (SECOND, "b-visit"))
    result = compare(pair.accounts((FIRST, SECOND)), decisions)
    visit = next(p for p in result.pairs if p.first.id == "a-visit")
    assert visit.manual and visit.second.id == "b-visit"
    assert visit.reasons[0] == "linked by hand"
    assert matched(result) == pair.truth.matches | {("a-visit", "b-visit")}


def test_a_link_by_hand_takes_an_event_from_its_automatic_match(pair) -> None:
    decisions = Decisions().link((FIRST, "a-parade"), (SECOND, "b-shelling"))
    result = compare(pair.accounts((FIRST, SECOND)), decisions)
    got = matched(result)
    assert ("a-parade", "b-shelling") in got
    assert ("a-shelling", "b-shelling") not in got
    assert "a-shelling" in {e.id for e in result.lone(0)}


def test_an_unlink_keeps_two_events_apart(pair) -> None:
    decisions = Decisions().unlink((SECOND, "b-talks"), (FIRST, "a-talks"))
    result = compare(pair.accounts((FIRST, SECOND)), decisions)
    assert matched(result) == pair.truth.matches - {("a-talks", "b-talks")}
    assert {"a-talks"} <= {e.id for e in result.lone(0)}


def test_disagree_marks_a_linked_pair_with_its_note(pair) -> None:
    decisions = Decisions().mark_disagree(
        (FIRST, "a-shelling"), (SECOND, "b-shelling"), "  who fired\nfirst?  "
    )
    result = compare(pair.accounts((FIRST, SECOND)), decisions)
    shelling = next(p for p in result.pairs if p.first.id == "a-shelling")
    assert shelling.disagree and shelling.manual and shelling.note == "who fired first?"
    assert difference_lines(shelling)[0] == (
        "Marked: the accounts disagree — note: who fired first?"
    )
    cleared = decisions.clear_disagree((FIRST, "a-shelling"), (SECOND, "b-shelling"))
    again = next(
        p
        for p in compare(pair.accounts((FIRST, SECOND)), cleared).pairs
        if p.first.id == "a-shelling"
    )
    assert not again.disagree and again.manual  # still linked by hand
    unlinked = decisions.unlink((FIRST, "a-shelling"), (SECOND, "b-shelling"))
    assert unlinked.get((FIRST, "a-shelling"), (SECOND, "b-shelling")).disagree is False


def test_decisions_about_missing_events_are_kept_aside(pair) -> None:
    decisions = Decisions().link((FIRST, "gone"), (SECOND, "b-talks"))
    result = compare(pair.accounts((FIRST, SECOND)), decisions)
    assert [d.a for d in result.ignored] == [(FIRST, "gone")]
    assert matched(result) == pair.truth.matches


def test_decisions_round_trip_as_json() -> None:
    d = (
        Decisions()
        .link(("s1", "e1"), ("s2", "e2"))
        .unlink(("s1", "e3"), ("s2", "e4"))
        .mark_disagree(("s2", "e5"), ("s1", "e6"), "Şuşa “quoted” \u202e")
    )
    assert Decisions.from_json(d.to_json()) == d
    assert Decisions.from_json("[]") == Decisions()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "{",
        "{}",
        "[1]",
        '[{"a": ["s", "e"], "b": ["s", "f"], "linked": true}]',  # one story
        '[{"a": ["s"], "b": ["t", "f"], "linked": true}]',
        '[{"a": ["s", "e"], "b": ["t", "f"], "linked": "yes"}]',
        '[{"a": ["s", "e"], "b": ["t", "f"], "linked": true, "note": 3, "disagree": true}]',
        "[" + "[" * 5000 + "]" * 5000 + "]",
    ],
)
def test_unreadable_decisions_are_a_clear_error(text: str) -> None:
    with pytest.raises(DecisionsError):
        Decisions.from_json(text)


# --- places ---------------------------------------------------------------------------------


def p(pid: str, name: str, lat: float = 40.0, lon: float = 47.0, **kw) -> Place:
    return Place(pid, name, kw.pop("kind", "town"), lat, lon, "article", **kw)


def test_place_equivalence() -> None:
    khankendi = p("khankendi", "Khankendi", 39.82, 46.75, other_names=("Stepanakert (hy)",))
    stepanakert = p("stepanakert", "Stepanakert", 39.815, 46.752)
    assert place_link(khankendi, stepanakert).kind == "other-name"
    assert place_link(p("a", "Şuşa"), p("b", "SUSA", 40.01)).kind == "name"  # folded
    assert place_link(p("a", "X"), p("b", "Y", 40.02)).kind == "near"  # ~2 km
    assert place_link(p("same", "X"), p("same", "Y", 40.3)).kind == "id"  # ~33 km
    assert place_link(p("same", "X"), p("same", "Y", 41.0)) is None  # 111 km: another place
    assert place_link(p("a", "Paris"), p("b", "Paris", 33.66, -95.55)) is None
    assert place_link(p("a", "X", area_id="d"), p("b", "Y", 40.5, area_id="d")).kind == "area"
    assert "stepanakert" in names_of(khankendi)  # the language note is not part of the name


# --- properties over generated accounts -------------------------------------------------

DAY0 = dt.date(2030, 1, 1)
PLACES = tuple(p(f"p{i}", f"Place{i}", 40 + i, 40 + i) for i in range(6))


@st.composite
def accounts_events(draw) -> list[Event]:
    n = draw(st.integers(1, 25))
    events = []
    for i in range(n):
        precision = draw(
            st.sampled_from(("day", "range", "month", "year", "approximate", "undated"))
        )
        start = DAY0 + dt.timedelta(days=draw(st.integers(0, 800)))
        end = start + dt.timedelta(days=draw(st.integers(1, 40))) if precision != "day" else start
        places = tuple(draw(st.lists(st.sampled_from(PLACES), min_size=0, max_size=2, unique=True)))
        dated = precision != "undated"
        events.append(
            Event(
                f"e{i}",
                draw(st.sampled_from(("Siege", "Talks", "Ceasefire"))) + f" {i}",
                start if dated else None,
                end if dated else None,
                precision,
                "",
                "conflict",
                tuple(x.id for x in places),
                draw(st.text(max_size=60)),
                places=places,
            )
        )
    return events


PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(first=accounts_events(), second=accounts_events(), third=st.none() | accounts_events())
def test_one_row_per_event_and_only_candidates_match(first, second, third) -> None:
    accounts = [Account("a", "A", tuple(first)), Account("b", "B", tuple(second))]
    if third is not None:
        accounts.append(Account("c", "C", tuple(third)))
    result = compare(accounts)
    seen = [(i, e.id) for r in result.rows for i, e in enumerate(r.events) if e is not None]
    assert sorted(seen) == sorted((i, e.id) for i, a in enumerate(accounts) for e in a.events)
    for pair in result.pairs:
        if pair.reasons[0].startswith("each matches"):
            continue  # a third account's event matched through the second's
        x, y = pair.first, pair.second
        assert x.is_dated and y.is_dated
        gap = max(0, (x.dates[0] - y.dates[1]).days, (y.dates[0] - x.dates[1]).days)
        assert gap <= max(TOLERANCE_DAYS[x.date_precision], TOLERANCE_DAYS[y.date_precision])
        assert x.places and y.places
    assert compare(accounts) == result  # deterministic


@PROPERTY
@given(events=accounts_events())
def test_a_story_against_its_own_copy_matches_every_dated_placed_event(events) -> None:
    copy = tuple(replace(e, title=f"{e.title} ({e.id})", quote=f"{e.quote} {e.id}") for e in events)
    first = tuple(
        replace(e, title=f"{e.title} ({e.id})", quote=f"{e.quote} {e.id}") for e in events
    )
    result = compare([Account("a", "A", first), Account("b", "B", copy)])
    got = matched(result)
    for e in events:
        if e.is_dated and e.places:
            assert (e.id, e.id) in got
    assert all(not p.dates_differ and not p.renamed_places for p in result.pairs)


@PROPERTY
@given(events=accounts_events(), data=st.data())
def test_unlinks_are_always_respected(events, data) -> None:
    accounts = [Account("a", "A", tuple(events)), Account("b", "B", tuple(events))]
    automatic = compare(accounts)
    decisions = Decisions()
    for pair in automatic.pairs:
        if data.draw(st.booleans()):
            decisions = decisions.unlink(("a", pair.first.id), ("b", pair.second.id))
    result = compare(accounts, decisions)
    for pair in result.pairs:
        assert decisions.get(("a", pair.first.id), ("b", pair.second.id)) is None


def test_generated_pair_quality_holds_for_a_small_pair() -> None:
    """The bench's figure on a small pair (the bench prints it for 2,000 events)."""
    pair = generated_pair(200, seed=7)
    result = compare(pair.accounts())
    got = matched(result)
    hits = got & pair.truth.matches
    assert len(hits) / len(got) >= 0.9
    assert len(hits) / len(pair.truth.matches) >= 0.9


def test_csv_has_one_row_per_pair_or_lone_event(pair, result) -> None:
    rows = csv_rows(result)
    assert len(rows) == len(pair.truth.matches) + len(pair.truth.lone_first) + len(
        pair.truth.lone_second
    )
    assert set(rows[0]) == set(csv_columns(2))
    shelling = next(r for r in rows if r["first_event_id"] == "a-shelling")
    assert shelling["second_event_id"] == "b-shelling"
    assert shelling["kind"] == "matched"
    assert "date this differently" in shelling["differences"]
    assert shelling["first_quote"].startswith("On 9 November 2031 the enemy shelled Mirev")
    lone = next(r for r in rows if r["first_event_id"] == "a-parade")
    assert lone["kind"] == "only one account" and lone["second_event_id"] == ""


def test_two_to_three_accounts() -> None:
    with pytest.raises(ValueError):
        compare([Account("a", "A", ())])
    with pytest.raises(ValueError):
        compare([Account("a", "A", ()), Account("a", "A", ())])

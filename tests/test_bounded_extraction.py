"""Extraction is bounded: caps on events, places and quote length, and no quadratic step.

The hostile input of issue #14: a one-line text of dated clauses joined with ", " (no full
stop), where each date used to become an event quoting the whole line.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from articlemap.date_extract import find_dates
from articlemap.draft import _Ids, build_draft, clip_quote
from articlemap.gazetteer import default_with_curated
from articlemap.limits import Limits, size_label
from articlemap.loading import ELISION, parse_events, quoted_part
from articlemap.spans import Coverage, SpanIndex

CLAUSE = (
    "rockets hit Ganja on 17 October 2020 killing civilians, "
    "ministers met in Moscow on 9 October 2020"
)


def one_line(n_clauses: int) -> str:
    return "Then " + ", ".join([CLAUSE] * n_clauses) + "."


def test_a_one_line_text_gives_at_most_the_capped_events_with_short_verbatim_quotes():
    limits = Limits(events=50, quote_chars=300)
    draft = build_draft(one_line(400), default_with_curated(), limits=limits)
    assert len(draft.events) == 50
    assert any("only the first 50 became events" in n for n in draft.limit_notes)
    assert any("longer than 300 characters" in n for n in draft.limit_notes)
    text = draft.text
    for event in draft.events:
        assert len(event.quote) <= 300 + 2 * len(ELISION)
        assert quoted_part(event.quote) in text
        assert event.date_as_written in event.quote
        assert event.quote.startswith(ELISION) or event.quote.endswith(ELISION)
    # The drafted CSV loads: the loader accepts a quote cut with "…".
    events, errors = parse_events(draft.events_csv(), None, text, categories=draft.meta.colours)
    assert errors == [] and len(events) == 50


def test_the_places_cap_keeps_the_first_places_and_says_so():
    text = "Delegations from Ganja, Moscow, Washington and Munich met on 9 October 2020."
    draft = build_draft(text, default_with_curated(), limits=Limits(places=2))
    assert [p.id for p in draft.places] == ["ganja", "moscow"]
    assert draft.limit_notes and "only the first 2 were kept" in draft.limit_notes[0]
    assert set(draft.events[0].place_ids) <= {"ganja", "moscow"}


def test_a_short_text_has_no_limit_notes():
    draft = build_draft("Rockets hit Ganja on 17 October 2020.", default_with_curated())
    assert draft.limit_notes == ()
    assert draft.events[0].quote == "Rockets hit Ganja on 17 October 2020."


def test_ten_thousand_events_at_one_place_get_unique_ids_fast():
    ids = _Ids({"2020-10-17-ganja-3"})
    made = [ids.make("2020-10-17-ganja") for _ in range(10_000)]
    assert len(set(made)) == 10_000
    assert made[:3] == ["2020-10-17-ganja", "2020-10-17-ganja-2", "2020-10-17-ganja-4"]


@given(st.lists(st.tuples(st.integers(0, 200), st.integers(1, 20)), max_size=60))
def test_coverage_agrees_with_comparing_every_kept_span(spans):
    cov, kept = Coverage(260), []
    for start, length in spans:
        end = start + length
        brute = any(start < e and s < end for s, e in kept)
        assert cov.overlaps(start, end) == brute
        if not brute:
            cov.take(start, end)
            kept.append((start, end))


@given(
    st.lists(st.tuples(st.integers(0, 100), st.integers(0, 10)), max_size=40),
    st.integers(0, 110),
    st.integers(0, 30),
)
def test_span_index_finds_exactly_the_items_inside(raw, start, length):
    class Item:
        def __init__(self, s, e):
            self.start, self.end = s, e

    items = [Item(s, s + n) for s, n in raw]
    end = start + length
    found = SpanIndex(items).inside(start, end)
    assert sorted(id(i) for i in found) == sorted(
        id(i) for i in items if start <= i.start and i.end <= end
    )


words = st.text(alphabet="abcdefgh ,;", min_size=0, max_size=400)


@settings(max_examples=200)
@given(words, words, st.integers(40, 200))
def test_a_clipped_quote_is_verbatim_short_and_keeps_its_date(before, after, limit):
    date = "17 October 2020"
    sentence = f"{before} {date} {after}"
    start = len(before) + 1
    quote = clip_quote(sentence, 0, len(sentence), (start, start + len(date)), limit)
    assert date in quote
    assert quoted_part(quote) in sentence
    assert len(quoted_part(quote)) <= max(limit, len(date))
    if len(sentence) <= limit:
        assert quote == sentence


def test_dates_without_a_year_take_the_closest_year_before_else_after():
    text = "On 3 May the talks began. In June 2019 they met; on 4 July again. 1 May 2021."
    got = [(d.surface, d.date_start.year) for d in find_dates(text)]
    assert got == [("3 May", 2019), ("June 2019", 2019), ("4 July", 2019), ("1 May 2021", 2021)]


def test_size_labels_never_round_a_refusal_to_the_limit():
    assert size_label(2 * 1024 * 1024) == "2 MB"
    assert size_label(2 * 1024 * 1024 + 1) == "2.0 MB (2,097,153 bytes)"
    assert size_label(5000) == "5 KB"

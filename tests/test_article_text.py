"""Tests for the article cleaner: checked against the raw PDF extraction itself.

Expectations about hyphenation and word content are computed from ``article.raw.txt``
rather than hard-coded, so a cleaning rule that loses, duplicates or mangles a word fails.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articlemap.article_text import (
    DEFAULT_LAYOUT,
    Article,
    Block,
    LayoutHints,
    build_article_md,
    clean_article,
    from_markdown,
    load_article,
    to_markdown,
)
from articlemap.paths import ARTICLE_MD, RAW_ARTICLE

HEADER = "Politics"

EXPECTED_HEADINGS = (
    "Armenia’s aggression against Azerbaijan and its consequences. "
    "Negotiations on the cessation of the occupation of our territories.",
    "Stepped up military and political provocations following change of government in Armenia.",
    "Azerbaijan’s foreign policy during the 44-day war. "
    "President Ilham Aliyev’s addresses to the nation and the international community.",
    "Contacts and meetings with world leaders during the war.",
    "President’s interviews with the world’s leading media agencies – "
    "victory in the information war.",
    "Trilateral statement of 10 November 2020 and its significance.",
    "Azerbaijan’s foreign policy in the post-war period.",
)

EXPECTED_CAPTIONS = (
    "The words by President of the Republic of Azerbaijan Ilham Aliyev spoken at the Valdai "
    "discussion club, “Karabakh is Azerbaijan. Exclamation mark!”, have become a popular "
    "expression. 3 October 2019",
    "President Ilham Aliyev managed to expose the lies of Armenian Prime Minister N. Pashinyan "
    "at the Munich Security Conference. 15 February 2020",
    "During the 44-day war, President Ilham Aliyev managed to turn the tide of the information "
    "war by giving more than 30 interviews to the world’s leading news agencies",
    "At crucial moments of the 44-day war, the President addressed the people",
    "The Foreign Ministry contributed a lot to communicating the truth about the 44-day war",
    "The updates posted on the President’s Twitter page were a source of reliable information "
    "not only for Azerbaijani but also international news agencies",
    "The head of state conveyed Azerbaijan’s legitimate demands and position to the world at "
    "all international meetings and events",
    "In a speech at the UN General Assembly, the President exposed Armenia’s aggressive policy",
    "President Ilham Aliyev personally raised the Azerbaijani flag on the liberated lands",
)


@cache
def raw_text() -> str:
    return RAW_ARTICLE.read_text(encoding="utf-8")


@cache
def article() -> Article:
    return clean_article(raw_text())


@cache
def raw_body() -> str:
    """The raw text without running headers and without the caption passages.

    Captions are located in the raw text by their words with any whitespace in between
    (each must occur exactly once); what remains is the body as extracted, line breaks and
    line-break hyphens included.
    """
    text = "\n".join(line for line in raw_text().split("\n") if line.strip() != HEADER)
    for caption in article().captions():
        pattern = r"\s+".join(re.escape(word) for word in caption.split())
        matches = list(re.finditer(pattern, text))
        assert len(matches) == 1, caption
        text = text[: matches[0].start()] + text[matches[0].end() :]
    return text


# A line-end hyphen: "<word>-" then the line break, any blank lines, and the next word.
LINE_END_HYPHEN = re.compile(r"(\S+)-[ \t]*\n\s*(\S+)")


def line_end_hyphens() -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for m in LINE_END_HYPHEN.finditer(raw_body())]


# ------------------------------------------------------------------ metadata and headers


def test_title_author_role() -> None:
    a = article()
    assert a.title == "Diplomacy leading to victory"
    assert a.author == "Jeyhun Bayramov"
    assert a.author_role == "Minister of Foreign Affairs of the Republic of Azerbaijan"


def test_no_running_header_left() -> None:
    for block in article().blocks:
        assert HEADER not in block.text
    assert HEADER not in article().title


def test_blocks_are_single_normalised_lines() -> None:
    for block in article().blocks:
        assert block.text
        assert "\n" not in block.text
        assert block.text == " ".join(block.text.split())


# ------------------------------------------------------------------ hyphenation


def test_raw_file_has_line_end_hyphens_to_check() -> None:
    # Guard against the checks below passing vacuously.
    assert len(line_end_hyphens()) > 100


def test_line_break_hyphens_removed_before_lowercase() -> None:
    text = article().plain_text()
    for left, right in line_end_hyphens():
        if right[0].islower():
            assert left + right in text, (left, right)
            assert f"{left}-{right}" not in text, (left, right)


def test_real_hyphens_at_line_end_kept() -> None:
    text = article().plain_text()
    kept = [(lt, rt) for lt, rt in line_end_hyphens() if not rt[0].islower()]
    assert kept, "the raw file has at least Nagorno-/Karabakh"
    for left, right in kept:
        assert f"{left}-{right}" in text, (left, right)


@pytest.mark.parametrize(
    "word",
    [
        "Nagorno-Karabakh",
        "44-day",
        "counter-offensive",
        "self-defense",
        "internationally-recognized",
        "Armenia-Azerbaijan",
        "fully-fledged",
        "Commander-in-Chief",
        "co-chairs",
    ],
)
def test_real_hyphens_kept(word: str) -> None:
    assert word in article().plain_text()


def test_article_wording_kept_verbatim() -> None:
    text = article().plain_text()
    for phrase in (
        "the President state provided",
        "Another noteworthy aspects",
        "the number its troops",
        "wasn’t only a glorious page",
        "peace – Armenian armed forces",
    ):
        assert phrase in text


# ------------------------------------------------------------------ captions and headings


def test_captions_complete() -> None:
    assert article().captions() == EXPECTED_CAPTIONS


def test_caption_hints_match_exactly_one_raw_line_each() -> None:
    for start in DEFAULT_LAYOUT.caption_starts:
        hits = [line for line in raw_text().split("\n") if line.strip().startswith(start)]
        assert len(hits) == 1, start


def test_no_caption_text_in_paragraphs() -> None:
    for paragraph in article().paragraphs():
        for caption in article().captions():
            assert caption not in paragraph
        for start in DEFAULT_LAYOUT.caption_starts:
            assert start not in paragraph


def test_headings_in_order() -> None:
    assert article().headings() == EXPECTED_HEADINGS
    # Each heading is followed by a paragraph of its section.
    blocks = article().blocks
    for i, block in enumerate(blocks):
        if block.kind == "heading":
            assert blocks[i + 1].kind == "paragraph"


def test_headings_not_left_in_paragraphs() -> None:
    for paragraph in article().paragraphs():
        for heading in EXPECTED_HEADINGS:
            assert not paragraph.startswith(heading)


@pytest.mark.parametrize(
    "phrase",
    [
        "socioeconomic problems and a profound crisis",
        "annexation of the occupied territories",
        "The head of state referred",
        "Armenia was forced to withdraw",
        "24 September 2021, “Azerbaijan has created",
        "Ilham Aliyev in the second Karabakh war",
        "village and settlement, and reported",
        "Armed Forces and settlements along the frontline",
        "implementation of this provision",
    ],
)
def test_paragraphs_joined_across_captions_and_breaks(phrase: str) -> None:
    assert any(phrase in p for p in article().paragraphs()), phrase


def test_caption_placed_after_interrupted_paragraph() -> None:
    blocks = article().blocks
    idx = next(i for i, b in enumerate(blocks) if b.text.startswith("The words by President"))
    assert "socioeconomic problems" in blocks[idx - 1].text


def test_counts() -> None:
    a = article()
    assert len(a.headings()) == 7
    assert len(a.captions()) == 9
    assert len(a.paragraphs()) == 34
    assert len(a.blocks) == 7 + 9 + 34


# ------------------------------------------------------------------ no word lost


def _dehyphenate(text: str) -> str:
    """The specification of line-break hyphenation, independent of the implementation:
    drop the hyphen after a letter before a lowercase letter, otherwise keep it; either
    way the two halves are glued together."""

    def glue(m: re.Match[str]) -> str:
        drop = m.group(1).isalpha() and m.group(2).islower()
        return m.group(1) + ("" if drop else "-") + m.group(2)

    return re.sub(r"(\w)-[ \t]*\n\s*(\S)", glue, text)


def words(text: str) -> Counter[str]:
    return Counter(w.casefold() for w in text.split())


def test_same_word_multiset_as_raw() -> None:
    a = article()
    front = f"{a.title} By {a.author}, {a.author_role}"
    body = " ".join(b.text for b in a.blocks if b.kind != "caption")
    assert words(_dehyphenate(raw_body())) == words(f"{front} {body}")
    # Cutting the captions out of the raw text removed exactly the captions' words.
    raw_no_header = "\n".join(line for line in raw_text().split("\n") if line.strip() != HEADER)
    captions = " ".join(a.captions())
    assert words(raw_no_header) == words(raw_body()) + words(captions)


# ------------------------------------------------------------------ find / plain_text


def test_find_and_plain_text() -> None:
    a = article()
    text = a.plain_text()
    span = a.find("Armenia was forced to withdraw")
    assert span is not None
    assert text[span[0] : span[1]] == "Armenia was forced to withdraw"
    assert a.find("not in the article at all") is None
    assert a.find("") is None
    # A "quote" that straddles two blocks is not found.
    first, second = a.blocks[0].text, a.blocks[1].text
    assert a.find(first[-10:] + "\n\n" + second[:10]) is None
    assert text.startswith(first + "\n\n" + second)


# ------------------------------------------------------------------ markdown


def test_markdown_round_trip() -> None:
    a = article()
    md = to_markdown(a)
    assert from_markdown(md) == a
    assert from_markdown(to_markdown(a, source=None)) == a
    assert md.startswith("<!-- Generated by `python -m articlemap build-article` from ")
    assert "# Diplomacy leading to victory\n" in md
    assert "*By Jeyhun Bayramov, Minister of Foreign Affairs of the Republic of Azerbaijan*" in md
    assert "\n## Stepped up military" in md
    assert "\n> *Caption:* President Ilham Aliyev managed to expose" in md


def test_committed_article_md_is_up_to_date() -> None:
    committed = ARTICLE_MD.read_text(encoding="utf-8")
    assert committed == to_markdown(clean_article(raw_text())), (
        "geodata/article.md is stale: run `python -m articlemap build-article`"
    )
    assert load_article(ARTICLE_MD) == article()


def test_build_article_md_writes_file(tmp_path) -> None:
    out = tmp_path / "article.md"
    built = build_article_md(RAW_ARTICLE, out)
    assert built == article()
    assert out.read_text(encoding="utf-8") == ARTICLE_MD.read_text(encoding="utf-8")
    assert load_article(out) == article()


def test_markdown_escapes_block_starts() -> None:
    a = Article(
        title="T",
        author="A B",
        author_role="",
        blocks=(
            Block("paragraph", "# not a heading"),
            Block("paragraph", "> not a caption"),
            Block("paragraph", "*By not a byline*"),
            Block("paragraph", "\\backslash"),
            Block("paragraph", "<!-- not a comment -->"),
            Block("heading", "H"),
            Block("caption", "C"),
        ),
    )
    assert from_markdown(to_markdown(a)) == a


def test_block_kind_validated() -> None:
    with pytest.raises(ValueError):
        Block("quote", "x")  # type: ignore[arg-type]


# ------------------------------------------------------------------ generic behaviour


def test_plain_pasted_text_without_layout() -> None:
    raw = (
        "First para-\ngraph wraps\nover lines.\n\nSecond one, split by a page\n\n"
        "break, with Nagorno-\nKarabakh and a 44-\nday war.\n\nPolitics\n"
    )
    a = clean_article(raw, LayoutHints())
    assert (a.title, a.author, a.author_role) == ("", "", "")
    assert a.paragraphs() == (
        "First paragraph wraps over lines.",
        "Second one, split by a page break, with Nagorno-Karabakh and a 44-day war.",
        "Politics",
    )
    assert a.captions() == () and a.headings() == ()
    # With the default layout the same text only loses the running header.
    assert clean_article(raw).paragraphs() == a.paragraphs()[:2]


def test_second_paragraph_starting_with_by_is_not_a_byline() -> None:
    a = clean_article("Intro\n\nBy the time we arrived, it was over.\n", LayoutHints())
    assert a.title == ""
    assert a.paragraphs() == ("Intro By the time we arrived, it was over.",)


def test_title_and_byline_generic() -> None:
    a = clean_article("A Title\n\nBy JOHN SMITH, Reporter\n\nBody text.\n", LayoutHints())
    assert (a.title, a.author, a.author_role) == ("A Title", "John Smith", "Reporter")
    assert a.paragraphs() == ("Body text.",)


LETTERS = st.sampled_from(
    [
        "ə",
        "Ə",
        "ş",
        "ğ",
        "ı",
        "İ",
        "Հայաստան",
        "Ղարաբաղ",
        "أذربيجان",
        "كاراباخ",
        "Azer-",
        "bay-",
        "Nagorno-",
        "44-",
        "-",
        "–",
        "“",
        "”",
        "’",
        ".",
        ",",
        "!",
        "By ",
        "Politics",
        "President Ilham Aliyev managed to expose the lies",
        "The updates posted on the President’s Twitter page",
        "Contacts and meetings with world leaders during the war.",
        "word",
        "Word",
        " ",
        "  ",
        "\t",
        "\n",
        "\n\n",
        "\r\n",
        "\u00a0",
        "\u2028",
        "#",
        ">",
        "*",
        "\\",
        "<!--",
    ]
)
ARBITRARY = st.one_of(st.text(), st.lists(LETTERS, max_size=60).map("".join))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=ARBITRARY, default=st.booleans())
def test_clean_article_never_crashes(raw: str, default: bool) -> None:
    layout = DEFAULT_LAYOUT if default else LayoutHints()
    a = clean_article(raw, layout)
    for block in a.blocks:
        assert block.text
        assert "\n" not in block.text
        assert block.text == block.text.strip()
    for paragraph in a.paragraphs():
        assert "\n" not in paragraph
    assert "\n" not in a.title + a.author + a.author_role
    assert from_markdown(to_markdown(a)) == a


def test_a_line_end_hyphen_is_kept_when_the_text_writes_that_compound_elsewhere():
    raw = (
        "The post-war order and the Commander-in-Chief.\n"
        "In the post-\nwar period the Commander-\nin-Chief visited the ter-\nritories.\n"
    )
    text = clean_article(raw, LayoutHints()).plain_text()
    assert "In the post-war period the Commander-in-Chief visited the territories." in text


def test_without_the_compound_elsewhere_a_line_end_hyphen_before_lowercase_is_dropped():
    text = clean_article("In the post-\nwar period.\n", LayoutHints()).plain_text()
    assert text == "In the postwar period."

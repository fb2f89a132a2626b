"""Tests for apps.bitext.analyze: the search analyzer and query parser, on real resolution wording."""

from __future__ import annotations

import pytest

from apps.bitext.analyze import (
    MAX_QUERY_CHARS,
    Phrase,
    analyze,
    arabic_stem,
    match_positions,
    parse_query,
    query_matches,
    stem_word,
    terms_text,
)


def stems(text: str) -> list[str]:
    return [t.stem for t in analyze(text)]


@pytest.mark.parametrize("word", ["الاحتلال", "للاحتلال", "بالاحتلال", "والاحتلال", "احتلال"])
def test_occupation_with_every_clitic_has_one_stem(word: str) -> None:
    assert stem_word(word) == stem_word("احتلال")


def test_hamza_and_teh_marbuta_fold() -> None:
    assert stem_word("اسرائيل") == stem_word("إسرائيل")
    assert stem_word("القوه") == stem_word("القوة")


def test_shadda_and_conjunction() -> None:
    # Demo ¶6: "إلى تحمّل مسؤولياته"; the query حمل must find وحمّل.
    assert stem_word("وحمّل") == stem_word("حمل") == "حمل"


def test_short_words_keep_their_first_letter() -> None:
    """و is a root letter in وطن and ف in فلسطين: guards keep them."""
    assert stem_word("وطن") == "وطن"
    assert stem_word("فلسطين") == stem_word("الفلسطينيين") == stem_word("الفلسطيني")
    assert arabic_stem("الى") == "الى"


def test_diacritics_tatweel_and_presentation_forms() -> None:
    # SDG targets keep tatweel from PDF justification: "بحلـول عـام 2030".
    assert stems("بحلـول عـام") == stems("بحلول عام")
    assert stems("الْقُوَّةُ") == stems("القوة")
    assert stems("ﺍﻻﺣﺘﻼﻝ") == stems("الاحتلال")


def test_numbers_of_every_script_and_grouping() -> None:
    for text in ("62,500", "(62500)", "٦٢٥٠٠", "٦٢٬٥٠٠", "62\u202f500"):
        assert stems(text) == ["62500"], text
    # Lists are not numbers grouped in thousands.
    assert stems("2015,2016") == ["2015", "2016"]
    assert stems("1,2") == ["1", "2"]


def test_english_snowball() -> None:
    assert {stem_word(w) for w in ("condemn", "condemns", "condemned", "condemnation")} == {
        "condemn"
    }
    assert stem_word("State’s") == stem_word("state")


def test_offsets_point_into_the_original_text() -> None:
    text = "ويدين بشدّة الاحتلالَ الإسرائيلي (62,500 شخص)"
    tokens = analyze(text)
    assert [text[t.start : t.end] for t in tokens] == [
        "ويدين",
        "بشدّة",
        "الاحتلالَ",
        "الإسرائيلي",
        "62,500",
        "شخص",
    ]


def test_terms_are_letters_and_digits_only() -> None:
    stems_text, forms_text = terms_text(analyze('Israel\'s "occupation" — A/RES/70/1, COVID-19; ﷺ'))
    for term in (stems_text + " " + forms_text).split():
        assert term.isalnum(), term


def test_parse_phrase_exclude_or_prefix() -> None:
    query = parse_query('"occupying power" -draft condemns OR deplores occupa*')
    assert query.groups == (
        (Phrase(("occupi", "power")),),
        (Phrase(("condemn",)), Phrase(("deplor",))),
        (Phrase(("occupa",), prefix=True),),
    )
    assert query.exclude == (Phrase(("draft",)),)


@pytest.mark.parametrize(
    "raw",
    [
        '"unbalanced quote',
        'NEAR(occupation, 5) AND "x',
        "'; DROP TABLE corpus_sentence; --",
        "stems : x* OR OR -",
        "\x00\x01\x1b[31m احتلال",
        "ا" * 10_000,
        "()[]{}^$*",
        "-",
        "",
    ],
)
def test_any_input_parses(raw: str) -> None:
    query = parse_query(raw)
    for phrase in query.phrases():
        assert all(term.isalnum() for term in phrase.terms)
    if raw.strip() and query.empty:
        assert query.hints


def test_long_query_is_cut_with_a_hint() -> None:
    query = parse_query("occupation " * 2000)
    assert any(str(MAX_QUERY_CHARS) in hint for hint in query.hints)
    assert query.groups == ((Phrase(("occup",)),),)


def test_exclusion_alone_explains_itself() -> None:
    query = parse_query("-occupation")
    assert query.empty and "excluding" in query.hints[0]


def test_matching_phrases_prefix_and_exclusion() -> None:
    text = "Israel, the occupying power, continues its occupation of the Palestinian territory"
    tokens = analyze(text)
    assert query_matches(parse_query('"occupying power"'), tokens)
    assert not query_matches(parse_query('"power occupying"'), tokens)
    assert query_matches(parse_query("palestin*"), tokens)
    assert not query_matches(parse_query("occupation -territory"), tokens)
    marked = [
        text[tokens[i].start : tokens[i].end]
        for i in match_positions(parse_query("occupy"), tokens)
    ]
    assert marked == ["occupying"]


def test_arabic_prefix_ignores_the_article() -> None:
    tokens = analyze("وتكريس الاحتلال غير القانوني")
    assert query_matches(parse_query("احتل*"), tokens)
    assert query_matches(parse_query("الاحتل*"), tokens)


@pytest.mark.parametrize("query", ["62\u00a0500", "62\u202f500", "0\u00a0000"])
def test_a_number_grouped_with_no_break_spaces_is_one_query_word(query: str) -> None:
    """A number copied with no-break-space grouping finds the same number written any way
    (the analyzer reads it as one number; the query parser used to split it in two)."""
    digits = query.replace("\u00a0", "").replace("\u202f", "")
    for text in (f"({digits})", f"({query})", f"أكثر من ({query}) شهيد"):
        assert query_matches(parse_query(query), analyze(text)), (query, text)

"""Tests for apps.bitext.anchors on real resolution wording."""

from __future__ import annotations

import time

from apps.bitext.anchors import extract_anchors


def test_grouped_and_arabic_indic_numbers_agree() -> None:
    """62,500 in English and ٦٢٥٠٠ or ٦٢٬٥٠٠ in Arabic give the same anchor."""
    expected = frozenset({"n:62500"})
    assert extract_anchors("more than (62,500) martyrs", "en") == expected
    assert extract_anchors("أكثر من (62500) شهيد", "ar") == expected
    assert extract_anchors("أكثر من (٦٢٥٠٠) شهيد", "ar") == expected
    assert extract_anchors("أكثر من ٦٢٬٥٠٠ شهيد", "ar") == expected


def test_decimals_in_both_scripts() -> None:
    """A decimal point and the Arabic decimal separator give the same number."""
    assert extract_anchors("a rise of 1.5 per cent", "en") == {"n:1.5"}
    assert extract_anchors("بزيادة ١٫٥ في المائة", "ar") == {"n:1.5"}


def test_comma_after_day_is_not_grouping() -> None:
    """ "August 25, 2025" is a day and a year, not the number 252025."""
    anchors = extract_anchors("on August 25, 2025, at the request of", "en")
    assert anchors == {"m:8", "n:25", "n:2025"}


def test_demo_preamble_dates_match() -> None:
    """The demo resolution's session date reads the same in both languages."""
    ar = "يوم الاثنين 25 أغسطس 2025، في جدة"
    en = "on Monday, August 25, 2025, in Jeddah"
    assert extract_anchors(ar, "ar") == extract_anchors(en, "en") == {"m:8", "n:25", "n:2025"}


def test_ordinals_attached_to_words() -> None:
    """ "الـ21" and "21st" share the session number."""
    assert extract_anchors("الدورة الاستثنائية الـ21", "ar") == {"n:21"}
    assert extract_anchors("the 21st extraordinary session", "en") == {"n:21"}


def test_levantine_and_gregorian_months() -> None:
    """UN Arabic "آب/أغسطس", "تشرين الأول" and "كانون الثاني" map to their month numbers."""
    assert extract_anchors("في 4 آب/أغسطس 2015", "ar") == {"m:8", "n:4", "n:2015"}
    assert "m:10" in extract_anchors("في تشرين الأول 2024", "ar")
    assert "m:1" in extract_anchors("وفي كانون الثاني من كل عام", "ar")
    assert "m:12" in extract_anchors("في 10 كانون الأول 1948", "ar")


def test_ambiguous_month_words_need_a_number() -> None:
    """ "may" and "مارس" as ordinary words are not months; next to a year they are."""
    assert extract_anchors("States may take measures", "en") == frozenset()
    assert extract_anchors("مارس الاحتلال الضغط على السكان", "ar") == frozenset()
    assert extract_anchors("in May 2024", "en") == {"m:5", "n:2024"}
    assert extract_anchors("في مارس 2024", "ar") == {"m:3", "n:2024"}


def test_document_symbols() -> None:
    """A UN symbol is one anchor; "51/9-ق ت" and "51/9-CT" agree."""
    assert extract_anchors("بموجب القرار A/RES/ES-10/24.", "ar") == {"s:A/RES/ES-10/24"}
    assert extract_anchors("under resolution A/RES/ES-10/24.", "en") == {"s:A/RES/ES-10/24"}
    assert extract_anchors("القرار رقم: 51/9-ق ت، بشأن", "ar") == {"s:51/9"}
    assert extract_anchors("resolution No. 51/9-CT regarding", "en") == {"s:51/9"}


def test_slash_between_words_is_not_a_symbol() -> None:
    """ "Al-Aqsa Mosque/Al-Haram Al-Sharif" has no anchor."""
    assert extract_anchors("the blessed Al-Aqsa Mosque/Al-Haram Al-Sharif", "en") == frozenset()


def test_unpc_paragraph_numbers_and_diacritics() -> None:
    """UNPC's "31 - تقر" and "31. Recognizes" share the paragraph number despite diacritics."""
    assert extract_anchors("31 - تُقـرّ بأن", "ar") == extract_anchors("31. Recognizes that", "en")


def test_text_without_anchors() -> None:
    """Plain prose has no anchors in either language."""
    assert extract_anchors("ويدين القرار بأشد العبارات", "ar") == frozenset()
    assert extract_anchors("", "en") == frozenset()


def test_pathological_input_is_fast_and_safe() -> None:
    """Long runs of letters, digits and separators return promptly."""
    started = time.process_time()
    for text in (
        "A" * 100_000,
        "1," * 50_000,
        "A/" + "-" * 50_000,
        "٠" * 50_000,
        "\ufffd\x00" * 1000,
    ):
        extract_anchors(text, "ar")
        extract_anchors(text, "en")
    assert time.process_time() - started < 2.0


def test_un_heading_letters_and_numerals() -> None:
    """UN headings spell letters and Roman numerals out in Arabic: "باء -" is "B.", "خامسا -"
    is "V.", and a heading merged after a sentence still counts."""
    assert extract_anchors("باء - عملية الاستفتاء", "ar") == {"h:B"}
    assert extract_anchors(
        "the first female Minister to hold that position. B. Referendum process", "en"
    ) == {"h:B"}
    assert extract_anchors("خامسا - تعيين أعضاء لجنة وثائق التفويض سادسا - المشاركون", "ar") == {
        "r:5",
        "r:6",
    }
    assert extract_anchors("VI. Participants", "en") == {"r:6"}


def test_words_that_only_look_like_headings() -> None:
    """An initial, a numbered war, or أولا as "first" is no heading."""
    assert extract_anchors("George W. Bush said", "en") == frozenset()
    assert extract_anchors("after World War II. The", "en") == frozenset()
    assert extract_anchors("أولا، يجب على الدول", "ar") == frozenset()

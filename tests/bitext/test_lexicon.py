"""Tests for apps.bitext.lexicon: stems, name skeletons, the shipped lexicon and learning one."""

from __future__ import annotations

from apps.bitext.lexicon import (
    Lexicon,
    arabic_stem,
    default_lexicon,
    english_stem,
    learn_lexicon,
    name_skeleton,
    unit_words,
)


def test_arabic_stem_strips_clitics_and_plural_suffixes() -> None:
    """والفلسطينيين and الفلسطينية share the stem of فلسطيني."""
    assert arabic_stem("والفلسطينيين") == arabic_stem("الفلسطينية") == arabic_stem("فلسطيني")


def test_english_stem_folds_plural_and_derivation() -> None:
    """Palestinians, Palestinian and Palestine share a six-letter stem; countries -> country."""
    assert english_stem("Palestinians") == english_stem("Palestine") == "palest"
    assert english_stem("countries") == english_stem("country")


def test_name_skeletons_match_across_scripts() -> None:
    """البرغوثي ~ Barghouti and الأونروا ~ UNRWA match by transliteration, Gaza does too."""
    assert name_skeleton("البرغوثي", "ar") == name_skeleton("Barghouti", "en")
    assert name_skeleton("الأونروا", "ar") == name_skeleton("UNRWA", "en")
    assert name_skeleton("غزة", "ar") == name_skeleton("Gaza", "en")
    assert name_skeleton("البرغوثي", "ar") != name_skeleton("Jerusalem", "en")


def test_shipped_lexicon_translates_resolution_verbs() -> None:
    """The shipped lexicon knows يدين ~ condemns, قرار ~ resolution, مجلس ~ council."""
    lexicon = default_lexicon()
    assert len(lexicon) > 3000
    assert "condem" in lexicon.translations[arabic_stem("يدين")]
    assert "resolu" in lexicon.translations[arabic_stem("قرار")]
    assert "counci" in lexicon.translations[arabic_stem("المجلس")]


def test_unit_words_match_a_real_demo_clause() -> None:
    """Most content words of a demo clause find their counterpart in its English translation."""
    lexicon = default_lexicon()
    ar = unit_words(
        "يدين المجلس بشدة العدوان الإسرائيلي المستمر على الشعب الفلسطيني", "ar", lexicon
    )
    en = unit_words(
        "The Council strongly condemns the continued Israeli aggression against the Palestinian people",
        "en",
        lexicon,
    )
    matched = sum(1 for word in ar.words if word & en.keys)
    assert matched >= 5
    unrelated = unit_words("The meeting was held in Jeddah on Monday", "en", lexicon)
    assert sum(1 for word in ar.words if word & unrelated.keys) <= 1


def test_learn_lexicon_from_parallel_sentences() -> None:
    """IBM Model 1 over a handful of UN-style pairs pairs مجلس with council, not with the."""
    pairs = [
        ("قرر المجلس تمديد الولاية", "The Council decided to extend the mandate"),
        ("رحب المجلس بالتقرير", "The Council welcomed the report"),
        ("نظر المجلس في التقرير", "The Council considered the report"),
        ("تمديد الولاية لمدة سنة", "Extension of the mandate for one year"),
    ]
    lexicon, weights = learn_lexicon(pairs, threshold=0.2)
    assert "counci" in lexicon.translations[arabic_stem("المجلس")]
    assert "report" in lexicon.translations[arabic_stem("التقرير")]
    assert all(0.0 < w <= 1.0 for w in weights.values())
    assert len(Lexicon()) == 0


def test_unit_words_read_a_word_hyphenated_with_unicode_hyphens_whole() -> None:
    """The UDHR writes "non‐self‐governing" with U+2010 hyphens (and SDG text "well‐being"): it is
    one word, the lexicon's non-se, as "non-self-governing" is; a U+2011 non-breaking hyphen too."""
    lexicon = default_lexicon()
    udhr = "non\u2010self\u2010governing or under any other limitation of sovereignty."
    ascii_hyphens = udhr.replace("\u2010", "-")
    assert unit_words(udhr, "en", lexicon) == unit_words(ascii_hyphens, "en", lexicon)
    assert frozenset({"e:non-se"}) in unit_words(udhr, "en", lexicon).words
    sdg = "Under\u20115 mortality rate"
    assert unit_words(sdg, "en", lexicon) == unit_words("Under-5 mortality rate", "en", lexicon)


def test_unit_words_read_arabic_words_whole_through_tatweel_and_diacritics() -> None:
    """SDG target 1.4's Arabic is stretched with tatweel (الخـدمـات المـاليـة) and the demo writes a
    shadda (ورحّب): each is one word, read as it would be without them, and the clause's words
    find new technology, financial services in its English."""
    lexicon = default_lexicon()
    sdg = "وبالحصـول على الموارد الطبيعية، والتكنولوجيا الجـديـدة الملائمـة، والخـدمـات المـاليـة،"
    plain = sdg.replace("\u0640", "")
    assert unit_words(sdg, "ar", lexicon) == unit_words(plain, "ar", lexicon)
    english = unit_words(
        "appropriate new technology and financial services, including microfinance", "en", lexicon
    )
    matched = [word for word in unit_words(sdg, "ar", lexicon).words if word & english.keys]
    assert len(matched) >= 5
    demo = "ورحّب بجهود جمهورية باكستان الإسلامية"
    assert unit_words(demo, "ar", lexicon) == unit_words(demo.replace("\u0651", ""), "ar", lexicon)

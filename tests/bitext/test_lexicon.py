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

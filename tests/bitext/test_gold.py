"""Tests for apps.bitext.gold: the vecalign bead format, strict and lax scores, reshaping."""

from __future__ import annotations

import pytest

from apps.bitext.gold import (
    GoldError,
    format_gold,
    parse_gold,
    reshape,
    score_alignment,
    score_paragraphs,
    verse_sentence_gold,
)
from tests.bitext.test_align import _demo


def test_parse_and_format_round_trip() -> None:
    """Beads with nulls and m:n groups survive a round trip; a vecalign score column is ignored."""
    text = "[0] : [0, 1]\n[1, 2]:[2]\n[] : [3]\n[3] : [] : 0.25\n"
    beads = parse_gold(text)
    assert beads == [((0,), (0, 1)), ((1, 2), (2,)), ((), (3,)), ((3,), ())]
    assert parse_gold(format_gold(beads)) == beads


def test_parse_rejects_garbage() -> None:
    """A line that is not a bead names its line number."""
    with pytest.raises(GoldError, match="line 2"):
        parse_gold("[0] : [0]\n0 - 0\n")


def test_strict_and_lax_scores() -> None:
    """A 1:2 predicted as 1:1 plus 0:1 loses strict precision but keeps lax overlap."""
    gold = [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,))]
    predicted = [((0,), (0,)), ((1,), (1,)), ((), (2,)), ((2,), (3,))]
    scores = score_alignment(predicted, gold)
    assert scores.strict_p == pytest.approx(2 / 4)
    assert scores.strict_r == pytest.approx(2 / 3)
    assert scores.lax_p == pytest.approx(3 / 4)
    assert scores.lax_r == pytest.approx(1.0)


def test_reshape_demo_keeps_every_paragraph_once() -> None:
    """Reshaping the demo resolution yields gold covering each unit once, with odd beads."""
    ar, en = _demo()
    data = reshape(list(zip(ar, en, strict=True)), seed=3, merge=0.1, split=0.1, drop=0.05)
    assert [i for b in data.gold for i in b[0]] == list(range(len(data.ar)))
    assert [j for b in data.gold for j in b[1]] == list(range(len(data.en)))
    shapes = {(len(a), len(e)) for a, e in data.gold}
    assert {(1, 1), (2, 1), (1, 2)} <= shapes
    assert "".join(data.ar).replace(" ", "") == "".join(
        a for b in data.gold for a in (data.ar[i] for i in b[0])
    ).replace(" ", "")


# The Cave (sura 18), verses 1-6, from benchmarks/data/quran: Tanzil's Arabic and Pickthall's
# English, whose first sentence runs through five verses.
CAVE_AR = [
    "الحمد لله الذي أنزل على عبده الكتاب ولم يجعل له عوجا ۜ",
    "قيما لينذر بأسا شديدا من لدنه ويبشر المؤمنين الذين يعملون الصالحات أن لهم أجرا حسنا",
    "ماكثين فيه أبدا",
    "وينذر الذين قالوا اتخذ الله ولدا",
    "ما لهم به من علم ولا لآبائهم ۚ كبرت كلمة تخرج من أفواههم ۚ إن يقولون إلا كذبا",
    "فلعلك باخع نفسك على آثارهم إن لم يؤمنوا بهذا الحديث أسفا",
]
CAVE_EN = [
    "Praise be to Allah Who hath revealed the Scripture unto His slave, and hath not placed "
    "therein any crookedness,",
    "(But hath made it) straight, to give warning of stern punishment from Him, and to bring unto "
    "the believers who do good works the news that theirs will be a fair reward,",
    "Wherein they will abide for ever;",
    "And to warn those who say: Allah hath chosen a son,",
    "(A thing) whereof they have no knowledge, nor (had) their fathers, Dreadful is the word that "
    "cometh out of their mouths. They speak naught but a lie.",
    "Yet it may be, if they believe not in this statement, that thou (Muhammad) wilt torment thy "
    "soul with grief over their footsteps.",
]


def test_verse_gold_joins_verses_an_english_sentence_runs_across() -> None:
    """Pickthall's one sentence over verses 1-5 and his second in verse 5 make one 5:2 bead."""
    gold = verse_sentence_gold(CAVE_AR, CAVE_EN)
    assert gold.ar == CAVE_AR  # an Arabic verse end is a sentence end
    assert gold.en[1] == "They speak naught but a lie."
    assert gold.en[0].startswith("Praise be to Allah") and gold.en[0].endswith("their mouths.")
    assert gold.gold == [((0, 1, 2, 3, 4), (0, 1)), ((5,), (2,))]


def test_verse_gold_keeps_a_verse_said_in_several_sentences_as_one_bead() -> None:
    """Mary 19:1-2: five letters, each an English sentence, are one 1:5 bead, then a 1:1."""
    ar = ["كهيعص", "ذكر رحمت ربك عبده زكريا"]
    en = [
        "Kaf. Ha. Ya. A'in. Sad.",
        "A mention of the mercy of thy Lord unto His servant Zachariah.",
    ]
    gold = verse_sentence_gold(ar, en)
    assert gold.en[:2] == ["Kaf.", "Ha."]
    assert gold.gold == [((0,), (0, 1, 2, 3, 4)), ((1,), (5,))]
    assert parse_gold(format_gold(gold.gold)) == gold.gold


def test_verse_gold_needs_the_same_verses_on_both_sides() -> None:
    """Sides numbering different verses are refused rather than misaligned."""
    with pytest.raises(ValueError, match="same number of verses"):
        verse_sentence_gold(CAVE_AR, CAVE_EN[:-1])


def test_score_paragraphs_numbers_units_through_the_document() -> None:
    """Links keyed (paragraph, unit) against gold given per paragraph: the second paragraph's
    units follow the first's on each side, so a link is right only where its own paragraph
    says so."""
    parts = [(2, 3, [((0,), (0, 1)), ((1,), (2,))]), (1, 1, [((0,), (0,))])]
    right = [(((0, 0),), ((0, 0), (0, 1))), (((0, 1),), ((0, 2),)), (((1, 0),), ((1, 0),))]
    assert score_paragraphs(parts, right).strict_f1 == 1.0
    shifted = [*right[:2], (((1, 0),), ((0, 2),))]
    assert score_paragraphs(parts, shifted).strict_f1 == pytest.approx(2 / 3)

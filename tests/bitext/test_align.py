"""Tests for apps.bitext.align on the demo resolution and line-parallel dev data."""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from apps.bitext.align import Bead, align_units, closing_key, fixable, opening_key
from apps.bitext.document import align_document, segment_paragraphs
from apps.bitext.gold import reshape
from apps.bitext.lexicon import Lexicon
from apps.bitext.segment import segment_paragraph

SHARED = Path(__file__).resolve().parents[3] / "shared"
DEMO = SHARED / "corpus" / "oic-cfm-ex21-2025-08-25.ar-en.txt"
NTREX = SHARED / "devdata" / "ntrex128"
UNPC = SHARED / "devdata" / "unpc_v1.0_devset" / "UNv1.0.devset"
UDHR = SHARED / "corpus" / "udhr"
UDHR_PREAMBLE_EN = (
    "Whereas it is essential, if man is not to be compelled to have recourse, as a last resort, "
    "to rebellion against tyranny and oppression, that human rights should be protected by the "
    "rule of law, Whereas it is essential to promote the development of friendly relations "
    "between nations, Whereas the peoples of the United Nations have in the Charter reaffirmed "
    "their faith in fundamental human rights."
)


def _demo() -> tuple[list[str], list[str]]:
    """Return the demo resolution's Arabic and English paragraphs."""
    if not DEMO.is_file():
        pytest.skip("../shared not found")
    lines = DEMO.read_text(encoding="utf-8").splitlines()
    return lines[:42], lines[42:]


def _ntrex(start: int, count: int) -> tuple[list[str], list[str]]:
    """Return count consecutive NTREX sentence pairs."""
    if not NTREX.is_dir():
        pytest.skip("../shared not found")
    ar = (NTREX / "newstest2019-ref.arb.txt").read_text(encoding="utf-8").splitlines()
    en = (NTREX / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()
    return ar[start : start + count], en[start : start + count]


def _assert_valid(beads: Sequence[Bead], n: int, m: int) -> None:
    """Assert beads are monotone, consecutive and cover each index of both sides once."""
    ar = [k for bead in beads for k in bead.ar]
    en = [k for bead in beads for k in bead.en]
    assert ar == list(range(n))
    assert en == list(range(m))
    for bead in beads:
        assert bead.ar or bead.en
        assert 0.0 <= bead.score <= 1.0


def _links(beads: Sequence[Bead]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Return the beads without their scores."""
    return [(bead.ar, bead.en) for bead in beads]


def _odd(beads: Sequence[Bead]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Return the links that are not 1:1."""
    return [(b.ar, b.en) for b in beads if len(b.ar) != 1 or len(b.en) != 1]


def test_demo_resolution_aligns_one_to_one() -> None:
    """The 42 Arabic paragraphs pair with the 42 English ones in order."""
    ar, en = _demo()
    beads = align_units(ar, en, level="paragraph")
    _assert_valid(beads, 42, 42)
    assert _links(beads) == [((k,), (k,)) for k in range(42)]
    scores = sorted(bead.score for bead in beads)
    assert scores[len(scores) // 2] > 0.9


def test_demo_merged_english_paragraph_gives_two_to_one() -> None:
    """English paragraphs 10 and 11 printed as one yield the bead Arabic (10, 11) : English (10,)."""
    ar, en = _demo()
    merged = en[:10] + [en[10] + " " + en[11]] + en[12:]
    beads = align_units(ar, merged, level="paragraph")
    _assert_valid(beads, 42, 41)
    assert _odd(beads) == [((10, 11), (10,))]
    merge = next(b for b in beads if b.ar == (10, 11))
    clean = sorted(b.score for b in beads if len(b.ar) == 1)
    assert merge.score < clean[len(clean) // 2]


def test_demo_dropped_english_paragraph_gives_one_to_zero() -> None:
    """Arabic paragraph 20 without its translation stands alone; the scores are probabilities
    that a link is right, so a clear drop next to clean 1:1 links is itself confident."""
    ar, en = _demo()
    beads = align_units(ar, en[:20] + en[21:], level="paragraph")
    _assert_valid(beads, 42, 41)
    assert _odd(beads) == [((20,), ())]
    dropped = next(b for b in beads if b.ar == (20,))
    assert dropped.score > 0.7
    # The neighbours stay confident 1:1 links.
    assert all(b.score > 0.9 for b in beads if b.ar in ((19,), (21,)))


def test_demo_inserted_english_paragraph_gives_zero_to_one() -> None:
    """An English paragraph with no Arabic source is left unaligned."""
    ar, en = _demo()
    beads = align_units(ar, en[:20] + [UDHR_PREAMBLE_EN] + en[20:], level="paragraph")
    _assert_valid(beads, 42, 43)
    assert _odd(beads) == [((), (20,))]
    assert next(b for b in beads if b.en == (20,)).score > 0.7


def _udhr(lang: str) -> list[str]:
    """Return the UDHR's preamble paragraphs and its 30 articles (one unit each), from the
    shared "UDHR in Unicode" XML."""
    path = UDHR / f"udhr_{'arb' if lang == 'ar' else 'eng'}.xml"
    if not path.is_file():
        pytest.skip("../shared not found")
    xml = path.read_text(encoding="utf-8")
    preamble = re.search(r"<preamble>(.*?)</preamble>", xml, re.S)
    assert preamble is not None
    parts = re.findall(r"<para>(.*?)</para>", preamble.group(1), re.S)
    parts += re.findall(r'<article number="\d+">(.*?)</article>', xml, re.S)
    units = [" ".join(re.sub(r"<[^>]+>", " ", part).split()) for part in parts]
    return [unit for unit in units if unit]


def test_udhr_preamble_paragraph_without_arabic_is_left_unaligned() -> None:
    """The UDHR as published: English preamble paragraph 3 ("Whereas it is essential to promote
    the development of friendly relations between nations,") has no Arabic. Two of its words
    match the next Arabic paragraph (essential ~ الأساسية, nations ~ الأمم), but only words that
    the next English paragraph matches there too (fundamental, United Nations), so it is not
    merged into that paragraph's link."""
    ar, en = _udhr("ar"), _udhr("en")
    assert (len(ar), len(en)) == (39, 40)
    assert (
        en[3]
        == "Whereas it is essential to promote the development of friendly relations between nations,"
    )
    beads = align_units(ar, en, level="paragraph")
    _assert_valid(beads, 39, 40)
    # Besides the 0:1, the preamble has a real 1:2 ("Now, therefore," + "The General Assembly"
    # are one Arabic line) and 2:1 (the proclamation is two Arabic paragraphs); all else is 1:1.
    assert _odd(beads) == [((), (3,)), ((6,), (7, 8)), ((7, 8), (9,))]
    assert _links(beads)[:4] == [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((), (3,))]
    assert _links(beads)[4] == ((3,), (4,))


def _udhr_text_line(lang: str, opening: str) -> str:
    """Return the line of the shared UDHR text file (udhr_arb.txt, udhr_eng.txt) opening so."""
    path = UDHR / f"udhr_{'arb' if lang == 'ar' else 'eng'}.txt"
    if not path.is_file():
        pytest.skip("../shared not found")
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(line.strip() for line in lines if line.strip().startswith(opening))


def test_udhr_article_2_clause_the_arabic_says_in_one_is_linked_whole() -> None:
    """UDHR Article 2, second sentence: English cuts "the political," | "jurisdictional or
    international status of the country or territory" where the Arabic has one clause (… لبلد أو
    البقعة), and "to which a person belongs," | "whether it be independent, trust," |
    "non‐self‐governing or under any other limitation of sovereignty." where it has one (التي ينتمي
    إليها الفرد … لأي قيد من القيود). Each Arabic clause has all its English clauses: the first both
    of its own (the second went with the other Arabic clause before the lexicon read
    non‐self‐governing's U+2010 hyphens as "-"), the second its three, "to which a person belongs,"
    too, though neither الفرد nor ينتمي is in the lexicon: both clauses open with the relative
    pronoun (التي, which). It was left with no Arabic, a reader hovering التي ينتمي إليها الفرد saw
    the rest of the sentence lit but not "to which a person belongs"."""
    ar = _udhr_text_line("ar", "وفضلاً عما تقدم")
    en = _udhr_text_line("en", "Furthermore, no distinction")
    ((_, spans_ar),) = segment_paragraph(ar, "ar")
    ((_, spans_en),) = segment_paragraph(en, "en")
    clauses_ar = [ar[s:e] for s, e in spans_ar]
    clauses_en = [en[s:e] for s, e in spans_en]
    assert len(clauses_ar) == 2 and len(clauses_en) == 5
    assert clauses_ar[1].startswith("التي ينتمي إليها الفرد")
    assert clauses_en[2] == "to which a person belongs,"
    assert clauses_en[-1].startswith("non") and clauses_en[-1].endswith("of sovereignty.")
    beads = align_units(clauses_ar, clauses_en, level="clause")
    _assert_valid(beads, 2, 5)
    assert _links(beads) == [((0,), (0, 1)), ((1,), (2, 3, 4))]


def test_demo_fixed_beads_are_kept() -> None:
    """A confirmed link, even a wrong-looking one, survives unchanged and splits the problem."""
    ar, en = _demo()
    pinned = Bead((5, 6), (5,), 1.0)
    skipped = Bead((), (30,), 1.0)
    beads = align_units(ar, en, level="paragraph", fixed=[skipped, pinned])
    _assert_valid(beads, 42, 42)
    assert pinned in beads and skipped in beads
    assert beads[beads.index(pinned)] is pinned
    # Around the pins the rest still aligns sensibly: the first paragraphs are 1:1.
    assert _links(beads)[:5] == [((k,), (k,)) for k in range(5)]


def test_crossing_fixed_beads_are_rejected() -> None:
    """Fixed beads that cross cannot be part of a monotone alignment."""
    ar, en = _demo()
    with pytest.raises(ValueError):
        align_units(ar, en, fixed=[Bead((1,), (5,), 1.0), Bead((3,), (2,), 1.0)])


def test_fixable_keeps_the_fixed_beads_that_fit_together() -> None:
    """Of an editor's links offered as fixed points, the first of two that cross is kept, one
    over units that are not neighbours is left out, and the kept ones align the demo."""
    ar, en = _demo()
    first, crossing, gapped, later = (
        Bead((1,), (5,), 1.0),
        Bead((3,), (2,), 1.0),
        Bead((8, 10), (8,), 1.0),
        Bead((12,), (12,), 1.0),
    )
    kept = fixable([first, crossing, gapped, later], 42, 42)
    assert kept == [first, later]
    beads = align_units(ar, en, level="paragraph", fixed=kept)
    assert first in beads and later in beads


def test_numbers_anchor_otherwise_ambiguous_sentences() -> None:
    """Equal-length pairs are told apart by 62,500 versus ٦٢٥٠٠."""
    ar = [
        "وبلغ عدد الشهداء أكثر من ٦٢٥٠٠ شهيد في القطاع.",
        "وبلغ عدد الجرحى أكثر من ١٦٠٠٠٠ جريح في القطاع.",
    ]
    en = [
        "The number of wounded exceeded 160,000 in the Strip.",
    ]
    beads = align_units(ar, en)
    assert _links(beads) == [((0,), ()), ((1,), (0,))]


def test_matching_numbers_raise_the_score() -> None:
    """A 1:1 bead of equal-ish length with the same numbers scores above 0.9."""
    beads = align_units(
        ["استشهد أكثر من (62500) فلسطيني منذ 7 أكتوبر 2023."],
        ["More than (62,500) Palestinians have been killed since October 7, 2023."],
    )
    assert _links(beads) == [((0,), (0,))]
    assert beads[0].score > 0.9


def test_implausible_pair_scores_low() -> None:
    """A one-word Arabic unit against a long English paragraph is not confidently linked: it is
    left unaligned, or linked with a low score."""
    ar, en = _demo()
    beads = align_units(["نعم."], [en[2]])
    assert all(b.score < 0.5 for b in beads if b.ar and b.en)
    assert any(not b.en or not b.ar for b in beads)


def test_empty_sides() -> None:
    """With one side empty every unit stands alone with score 0; with both empty, nothing."""
    assert align_units([], []) == []
    assert align_units(["نص"], []) == [Bead((0,), (), 0.0)]
    assert align_units([], ["a", "b"]) == [Bead((), (0,), 0.0), Bead((), (1,), 0.0)]


def test_unknown_level_is_rejected() -> None:
    """Only paragraph, sentence and clause levels exist."""
    with pytest.raises(ValueError):
        align_units(["أ"], ["a"], level="word")


def test_ntrex_sentences_with_merge_and_drop() -> None:
    """NTREX sentences with one English merge and one dropped Arabic sentence realign."""
    ar, en = _ntrex(0, 40)
    en = en[:10] + [en[10] + " " + en[11]] + en[12:]
    ar = ar[:25] + ar[26:]
    beads = align_units(ar, en, level="sentence")
    _assert_valid(beads, 39, 39)
    odd = _odd(beads)
    assert ((10, 11), (10,)) in odd
    assert ((), (24,)) in odd
    assert len(odd) == 2


def test_ntrex_split_arabic_sentence_gives_one_to_two() -> None:
    """An Arabic sentence split at its comma aligns 2:1 with the English."""
    ar, en = _ntrex(100, 30)
    k = next(k for k, text in enumerate(ar) if "،" in text and len(text) > 80)
    head, _, tail = ar[k].partition("،")
    split = ar[:k] + [head + "،", tail.strip()] + ar[k + 1 :]
    beads = align_units(split, en, level="sentence")
    _assert_valid(beads, 31, 30)
    assert _odd(beads) == [((k, k + 1), (k,))]


def test_unpc_banded_alignment_is_linear_and_accurate() -> None:
    """4,000 UNPC sentence pairs take the banded path and still come out 1:1, quickly."""
    if not Path(f"{UNPC}.ar").is_file():
        pytest.skip("../shared not found")
    ar = Path(f"{UNPC}.ar").read_text(encoding="utf-8").splitlines()
    en = Path(f"{UNPC}.en").read_text(encoding="utf-8").splitlines()
    # Bounds here are on this process's CPU time: they catch runaway work (a quadratic path, a
    # band that never stops widening) without failing when other jobs load the machine. How fast
    # the aligner is, is measured in benchmarks/ (STYLE: no timed tests).
    started = time.process_time()
    beads = align_units(ar, en)
    elapsed = time.process_time() - started
    _assert_valid(beads, len(ar), len(en))
    one_to_one = sum(1 for b in beads if len(b.ar) == 1 and b.en == b.ar)
    assert one_to_one > 0.95 * len(ar)
    assert elapsed < 20


def test_ntrex_missing_block_is_found_by_the_banded_search() -> None:
    """Sixty English sentences missing from one place shift the path far off the diagonal."""
    if not NTREX.is_dir():
        pytest.skip("../shared not found")
    ar = (NTREX / "newstest2019-ref.arb.txt").read_text(encoding="utf-8").splitlines()
    en = (NTREX / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()
    beads = align_units(ar, en[:300] + en[360:])
    _assert_valid(beads, len(ar), len(en) - 60)
    after = [b for b in beads if b.ar and b.ar[0] >= 400 and len(b.ar) == len(b.en) == 1]
    assert sum(1 for b in after if b.en[0] == b.ar[0] - 60) > 0.95 * len(after)
    unaligned = [b.ar[0] for b in beads if not b.en]
    assert sum(1 for k in unaligned if 300 <= k < 360) >= 50


def test_many_one_word_units_against_few_return_quickly() -> None:
    """3,000 one-word units against 5 paragraphs (and the reverse) return a valid alignment fast."""
    ar, en = _demo()
    words = en[2].split() * 20
    words = words[:3000]
    started = time.process_time()
    beads = align_units(ar[:5], words, level="paragraph")
    reverse = align_units(words, ar[:5], level="clause")
    assert time.process_time() - started < 5
    _assert_valid(beads, 5, 3000)
    _assert_valid(reverse, 3000, 5)


def test_scores_are_probabilities() -> None:
    """Every score lies in [0, 1], merges and drops below the typical clean link."""
    ar, en = _ntrex(200, 30)
    beads = align_units(ar[:12] + ar[13:], en[:5] + [en[5] + " " + en[6]] + en[7:])
    _assert_valid(beads, 29, 29)
    clean = sorted(b.score for b in beads if len(b.ar) == len(b.en) == 1)
    odd = [b.score for b in beads if len(b.ar) != 1 or len(b.en) != 1]
    assert odd and max(odd) < clean[len(clean) // 2]


def _flores_sentences(count: int) -> tuple[list[str], list[str]]:
    """Return the first count FLORES-200 devtest sentence pairs (never seen by the lexicon)."""
    flores = SHARED / "devdata" / "flores200_devtest"
    if not flores.is_dir():
        pytest.skip("../shared not found")
    ar = (flores / "arb_Arab.devtest").read_text(encoding="utf-8").splitlines()[:count]
    en = (flores / "eng_Latn.devtest").read_text(encoding="utf-8").splitlines()[:count]
    return ar, en


def test_lexicon_finds_short_insertions_length_alone_merges() -> None:
    """Four short English sentences inserted into FLORES text stand alone (0:1) with the
    lexicon; length and anchors alone merge three of them into their neighbours (1:2)."""
    ar, en = _flores_sentences(120)
    notes = {30: "The weather was fine.", 61: "Photographs were taken.", 95: "Nobody objected."}
    notes[110] = "It rained."
    inserted = list(en)
    for at in sorted(notes):
        inserted.insert(at, notes[at])
    gold = {((), (j,)) for j in notes}
    gold |= {((i,), (j,)) for i, j in enumerate(k for k in range(123 + 1) if k not in notes)}
    with_lexicon = {(b.ar, b.en) for b in align_units(ar, inserted)}
    without = {(b.ar, b.en) for b in align_units(ar, inserted, lexicon=Lexicon())}
    assert with_lexicon == gold
    assert len(without - gold) >= 3


def test_scores_rank_right_above_wrong_beads() -> None:
    """On reshaped NTREX text (merges, splits, drops), wrong beads score lower than right ones,
    and beads above 0.9 are right far more often than those below 0.5."""
    ar_lines, en_lines = _ntrex(1000, 400)
    data = reshape(list(zip(ar_lines, en_lines, strict=True)), seed=5, merge=0.08, drop=0.06)
    beads = align_units(data.ar, data.en)
    gold = set(data.gold)
    right = [b.score for b in beads if (b.ar, b.en) in gold]
    wrong = [b.score for b in beads if (b.ar, b.en) not in gold]
    assert wrong, "the reshaped text should fool the aligner at least once"
    assert sum(wrong) / len(wrong) < sum(right) / len(right) - 0.05
    high = [(b.ar, b.en) in gold for b in beads if b.score > 0.9]
    assert sum(high) / len(high) > 0.95


def test_a_side_in_the_wrong_language_scores_low() -> None:
    """English paragraphs given as the Arabic side still align validly, every link below 0.1."""
    _, en = _demo()
    beads = align_units(en, en, level="paragraph")
    _assert_valid(beads, 42, 42)
    assert all(b.score <= 0.05 for b in beads)


def test_time_bound_returns_a_valid_alignment(monkeypatch: pytest.MonkeyPatch) -> None:
    """With no time left the aligner returns the length-proportional diagonal, scored 0."""
    import apps.bitext.align as align_module

    monkeypatch.setattr(align_module, "_TIME_BUDGET", -1.0)
    ar, en = _demo()
    beads = align_units(ar, en[:30], level="paragraph")
    _assert_valid(beads, 42, 30)
    assert all(b.score == 0.0 for b in beads)


def test_long_paragraph_without_punctuation_is_bounded() -> None:
    """A 300 kB Arabic paragraph with no punctuation against its English counterpart, through
    segmentation and all three levels, finishes quickly with every unit linked once."""
    ar_words = " ".join(_demo()[0][3].replace("،", " ").replace(".", " ").split())
    en_words = " ".join(_demo()[1][3].replace(",", " ").replace(".", " ").split())
    ar = [" ".join([ar_words] * 200)]
    en = [" ".join([en_words] * 200)]
    started = time.process_time()
    links = align_document(segment_paragraphs(ar, "ar"), segment_paragraphs(en, "en"))
    assert time.process_time() - started < 60
    for level in ("paragraph", "sentence", "clause"):
        assert any(link.level == level for link in links)


def test_opening_phrases_are_paragraph_anchors() -> None:
    """يدين ~ Condemns, ويؤكد ~ affirms: the demo's paragraph openings give the same action
    anchor in both languages for nearly every paragraph, and none at sentence level."""
    from apps.bitext.align import _structure_anchor

    ar, en = _demo()
    same = [
        _structure_anchor(a, "ar", "paragraph") == _structure_anchor(e, "en", "paragraph")
        and _structure_anchor(a, "ar", "paragraph")
        for a, e in zip(ar, en, strict=True)
    ]
    assert sum(bool(s) for s in same) >= 38
    assert _structure_anchor(ar[6], "ar", "paragraph") == {"a:condemn"}
    assert not _structure_anchor(ar[6], "ar", "sentence")


def test_un_heading_letter_places_a_merged_heading() -> None:
    """UNPC: "B. Referendum process" printed after an English sentence is the Arabic "باء -"
    heading, so the heading joins that sentence (2:1), not the next one."""
    ar = [
        "وانتخبت سايلي بيو (ممثلة أتافو في المجلس) وهي تشغل حاليا منصب وزيرة التعليم في "
        "توكيلاو، وهي أول امرأة تشغل هذا المنصب.",
        "باء - عملية الاستفتاء",
        "القواعد الواجبة الاتباع أثناء التصويت",
    ]
    en = [
        "Saili Peau (Council Representative of Atafu) was elected and currently serves as "
        "Minister for Education of Tokelau, the first female Minister to hold that position. "
        "B. Referendum process",
        "Conduct during voting",
    ]
    beads = align_units(ar, en, level="sentence")
    assert [(b.ar, b.en) for b in beads] == [((0, 1), (0,)), ((2,), (1,))]


def test_opening_key_names_how_a_unit_opens() -> None:
    """Openings of verses of sura 12 and of Pickthall's sentences: the clitic و
    or ف stands alone, hamza on the alef is dropped, English is lower case without punctuation."""
    assert opening_key("إذ قال يوسف لأبيه يا أبت إني رأيت أحد عشر كوكبا", "ar") == "اذ"
    assert opening_key("قال يا بني لا تقصص رؤياك على إخوتك", "ar") == "قال"
    assert opening_key("وكذلك يجتبيك ربك", "ar") == "و"
    assert opening_key("فلما ذهبوا به", "ar") == "ف"
    assert opening_key("وما", "ar") == "و"
    assert opening_key("Lo! I saw in a dream eleven planets", "en") == "lo"
    assert opening_key("(It is) a Scripture", "en") == "it"
    assert opening_key("12:4", "en") == ""


def test_opening_key_reads_a_word_with_harakat_whole() -> None:
    """NTREX news sentences voweled on their first word open as the bare word does: "قُتل أكثر من
    1000 شخص" with قتل (not ق, which every ق-word shared), "وسُمع شرطي" and "ويُطلب من أي شخص"
    with the clitic و (not وس, وي), so a document's learned openings count them together."""
    ar, _ = _ntrex(128, 38)
    assert ar[0].startswith("قُتل أكثر")
    assert opening_key(ar[0], "ar") == "قتل"
    assert ar[32].startswith("وسُمع") and ar[37].startswith("ويُطلب")
    assert opening_key(ar[32], "ar") == opening_key(ar[37], "ar") == "و"
    stretched = "بمـا في ذلـك التمويـل المتنـاهي الصغر"  # SDG target 1.4's justified Arabic
    assert opening_key(stretched, "ar") == "بما"


def test_closing_key_names_short_units_only() -> None:
    """Pickthall's short exclamations have a closing key; a sentence of four words or more has
    none."""
    assert closing_key("Lo!") == "lo"
    assert closing_key("O my father!") == "o my father"
    assert closing_key("And they came weeping to their father in the evening.") == ""
    assert closing_key("12:4") == ""


class _JumpingClock:
    """A clock that advances by step seconds at every reading."""

    def __init__(self, step: float) -> None:
        self.now = 0.0
        self.step = step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


def test_a_loaded_machine_gets_the_same_alignment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Wall-clock time passing (a machine so busy that every step waits 100 s) changes nothing:
    the demo resolution aligns exactly as on a quiet machine, not as the scored-0 diagonal."""
    ar, en = _demo()
    quiet = align_units(ar, en[:30], level="paragraph")
    monkeypatch.setattr(time, "monotonic", _JumpingClock(100.0))
    monkeypatch.setattr(time, "perf_counter", _JumpingClock(100.0))
    monkeypatch.setattr(time, "time", _JumpingClock(100.0))
    loaded = align_units(ar, en[:30], level="paragraph")
    assert loaded == quiet
    assert any(b.score > 0.5 for b in loaded)


def test_runaway_work_is_still_stopped_by_cpu_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """The budget counts this thread's CPU seconds: when they run past it (100 s a reading), the
    aligner returns the length-proportional diagonal, scored 0, covering every paragraph once."""
    ar, en = _demo()
    monkeypatch.setattr(time, "thread_time", _JumpingClock(100.0))
    beads = align_units(ar, en[:30], level="paragraph")
    _assert_valid(beads, 42, 30)
    assert all(b.score == 0.0 for b in beads)


def test_a_fixed_one_sided_bead_of_several_units_is_kept_when_the_other_side_is_empty() -> None:
    """An editor's 2:0 link (two Arabic sentences the English lacks) stays one link when the
    stretch around it has no English at all; the other Arabic units stay unaligned alone."""
    ar, _ = _demo()
    pinned = Bead((1, 2), (), 1.0)
    beads = align_units(ar[:4], [], level="sentence", fixed=[pinned])
    _assert_valid(beads, 4, 0)
    assert beads == [Bead((0,), (), 0.0), pinned, Bead((3,), (), 0.0)]
    english_only = Bead((), (0, 1), 1.0)
    assert align_units([], ar[:3], fixed=[english_only]) == [english_only, Bead((), (2,), 0.0)]

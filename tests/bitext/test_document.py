"""Three-level alignment of a resolution, without a database."""

from __future__ import annotations

from collections.abc import Sequence

from apps.bitext.document import SegmentedParagraph, UnitLink, align_document, segment_paragraphs
from apps.bitext.keyed import read_keyed_pair
from tests.conftest import demo_sides, shared_path


def test_every_unit_on_exactly_one_link_per_level() -> None:
    """Paragraphs, sentences and clauses of both sides are each covered once."""
    ar_texts, en_texts = demo_sides()
    ar = segment_paragraphs(ar_texts[:8], "ar")
    en = segment_paragraphs(en_texts[:8], "en")
    links = align_document(ar, en)
    for level, depth in (("paragraph", 1), ("sentence", 2), ("clause", 3)):
        for lang, side in (("ar", ar), ("en", en)):
            keys = [k for link in links if link.level == level for k in getattr(link, lang)]
            if depth == 1:
                expected = [(p,) for p in range(len(side))]
            elif depth == 2:
                expected = [
                    (p, s) for p, para in enumerate(side) for s in range(len(para.sentences))
                ]
            else:
                expected = [
                    (p, s, c)
                    for p, para in enumerate(side)
                    for s, (_, clauses) in enumerate(para.sentences)
                    for c in range(len(clauses))
                ]
            assert sorted(keys) == expected, (level, lang)


def test_clause_links_stay_inside_their_sentence_link() -> None:
    """A clause link never joins clauses of sentences that are not linked to each other."""
    ar_texts, en_texts = demo_sides()
    links = align_document(
        segment_paragraphs(ar_texts[:6], "ar"), segment_paragraphs(en_texts[:6], "en")
    )
    groups = {}
    for i, link in enumerate(x for x in links if x.level == "sentence"):
        for key in link.ar:
            groups[("ar", key)] = i
        for key in link.en:
            groups[("en", key)] = i
    for link in links:
        if link.level == "clause":
            owners = {groups[("ar", k[:2])] for k in link.ar} | {
                groups[("en", k[:2])] for k in link.en
            }
            assert len(owners) == 1


def test_given_paragraph_links_are_kept_and_sentences_aligned_within_them() -> None:
    """Paragraphs paired by their source (a keyed file: Arabic op-3 has no English, English
    op-4 no Arabic) keep that pairing, where the aligner alone pairs them otherwise; sentences
    are aligned inside each given pair, and a paragraph with no counterpart has only sentence
    links with no counterpart."""
    ar_texts, en_texts = demo_sides()
    ar = segment_paragraphs([ar_texts[3], ar_texts[4], ar_texts[5]], "ar")
    en = segment_paragraphs([en_texts[3], en_texts[4], en_texts[6]], "en")
    given = [
        UnitLink("paragraph", ((0,),), ((0,),), 1.0),
        UnitLink("paragraph", ((1,),), ((1,),), 1.0),
        UnitLink("paragraph", ((2,),), (), 0.0),
        UnitLink("paragraph", (), ((2,),), 0.0),
    ]
    alone = align_document(ar, en)
    assert [link for link in alone if link.level == "paragraph"] != given
    links = align_document(ar, en, paragraphs=given)
    assert [link for link in links if link.level == "paragraph"] == given
    groups = set()
    for link in links:
        if link.level == "sentence":
            groups.add((frozenset(p for p, _ in link.ar), frozenset(p for p, _ in link.en)))
    allowed = {(frozenset({p}), frozenset({p})) for p in (0, 1)}
    allowed |= {(frozenset({p}), frozenset()) for p in (0, 1, 2)}
    allowed |= {(frozenset(), frozenset({p})) for p in (0, 1, 2)}
    assert groups <= allowed
    assert (frozenset({2}), frozenset()) in groups and (frozenset(), frozenset({2})) in groups
    for lang, side in (("ar", ar), ("en", en)):
        keys = [k for link in links if link.level == "sentence" for k in getattr(link, lang)]
        assert sorted(keys) == [
            (p, s) for p, para in enumerate(side) for s in range(len(para.sentences))
        ]


def test_one_sided_fixed_links_keep_their_place_and_their_units_are_aligned_below() -> None:
    """An editor unlinked paragraph 10 (Arabic alone, English alone) and joined the English
    paragraph's two sentences into one link with no Arabic: re-aligned around these, each stays
    as it is and in reading order, and every sentence and clause is on exactly one link (the
    sentences of a one-sided paragraph link were left on none)."""
    ar_texts, en_texts = demo_sides()
    ar = segment_paragraphs(ar_texts[:12], "ar")
    en = segment_paragraphs(en_texts[:12], "en")
    assert len(en[10].sentences) == 2
    fixed = [
        UnitLink("paragraph", ((10,),), (), 1.0),
        UnitLink("paragraph", (), ((10,),), 1.0),
        UnitLink("sentence", (), ((10, 0), (10, 1)), 1.0),
    ]
    links = align_document(ar, en, fixed=fixed)
    for link in fixed:
        assert link in links
    paragraphs = [link for link in links if link.level == "paragraph"]
    firsts = [(link.ar or link.en)[0][0] for link in paragraphs]
    assert firsts == sorted(firsts)
    for level, depth in (("paragraph", 1), ("sentence", 2), ("clause", 3)):
        for lang, side in (("ar", ar), ("en", en)):
            keys = [k for link in links if link.level == level for k in getattr(link, lang)]
            expected = [
                (p, s, c)[:depth]
                for p, para in enumerate(side)
                for s, (_, clauses) in enumerate(para.sentences)
                for c in range(len(clauses))
            ]
            assert sorted(keys) == sorted(set(expected)), (level, lang)


def _clause_text(side: Sequence[SegmentedParagraph], key: tuple[int, ...]) -> str:
    paragraph = side[key[0]]
    start, end = paragraph.sentences[key[1]][1][key[2]]
    return paragraph.text[start:end]


def _clause_partners(
    links: Sequence[UnitLink],
    ar: Sequence[SegmentedParagraph],
    en: Sequence[SegmentedParagraph],
    lang: str,
    words: str,
) -> list[str]:
    """The texts on the other side of the clause link holding the clause of lang with words."""
    for link in links:
        if link.level != "clause":
            continue
        own, other = (link.ar, link.en) if lang == "ar" else (link.en, link.ar)
        side, other_side = (ar, en) if lang == "ar" else (en, ar)
        if any(words in _clause_text(side, key) for key in own):
            return [_clause_text(other_side, key) for key in other]
    raise AssertionError(f"no clause holds {words!r}")


def test_sdg_target_1_4_arabic_microfinance_clause_is_linked_to_its_english() -> None:
    """SDG target 1.4 imported from the keyed files: the Arabic clause "بمـا في ذلـك التمويـل
    المتنـاهي الصغر، بحلول عام 2030" (including microfinance, by 2030), written with tatweel, is
    linked to the English clause ending "including microfinance"; it had no English."""
    document = read_keyed_pair(
        shared_path("corpus", "sdg", "global_targets.ar.yml").read_text(encoding="utf-8"),
        shared_path("corpus", "sdg", "global_targets.en.yml").read_text(encoding="utf-8"),
    )
    ar = segment_paragraphs(list(document.ar), "ar")
    en = segment_paragraphs(list(document.en), "en")
    links = align_document(ar, en, paragraphs=document.paragraph_links())
    partners = _clause_partners(links, ar, en, "ar", "التمويـل المتنـاهي الصغر")
    assert any(text.endswith("including microfinance") for text in partners), partners


def test_demo_english_clauses_with_arabic_counterparts_are_linked_to_them() -> None:
    """The demo as imported: "and the Noble Jerusalem," (والقدس الشريف, in the Arabic clause on
    the ministerial councils) and "the text of which is as follows:" (في ما يلي نصه, the end of the
    Arabic sentence) are linked with the Arabic clauses that say so; they had no Arabic."""
    ar_texts, en_texts = demo_sides()
    ar = segment_paragraphs(ar_texts, "ar")
    en = segment_paragraphs(en_texts, "en")
    links = align_document(ar, en)
    jerusalem = _clause_partners(links, ar, en, "en", "and the Noble Jerusalem,")
    assert any("والقدس الشريف" in text for text in jerusalem), jerusalem
    as_follows = _clause_partners(links, ar, en, "en", "the text of which is as follows:")
    assert any("في ما يلي نصه" in text for text in as_follows), as_follows

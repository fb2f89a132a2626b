"""Three-level alignment of a resolution, without a database."""

from __future__ import annotations

from apps.bitext.document import align_document, segment_paragraphs
from tests.conftest import demo_sides


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

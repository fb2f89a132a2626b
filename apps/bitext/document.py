"""Segment a resolution's two sides and align them at paragraph, sentence and clause level."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from apps.bitext.align import align_units
from apps.bitext.segment import Span, segment_paragraph

# A unit is named by its path: (paragraph,), (paragraph, sentence) or (paragraph, sentence, clause).
UnitKey = tuple[int, ...]


@dataclass(frozen=True, slots=True)
class SegmentedParagraph:
    text: str
    lang: str
    sentences: tuple[tuple[Span, tuple[Span, ...]], ...]


@dataclass(frozen=True, slots=True)
class UnitLink:
    level: str
    ar: tuple[UnitKey, ...]
    en: tuple[UnitKey, ...]
    score: float


def segment_paragraphs(texts: Sequence[str], lang: str) -> list[SegmentedParagraph]:
    """Split each paragraph into sentences and clauses."""
    return [
        SegmentedParagraph(
            text=text,
            lang=lang,
            sentences=tuple((s, tuple(cs)) for s, cs in segment_paragraph(text, lang)),
        )
        for text in texts
    ]


def _slice(text: str, span: Span) -> str:
    return text[span[0] : span[1]]


def align_document(
    ar: Sequence[SegmentedParagraph], en: Sequence[SegmentedParagraph]
) -> list[UnitLink]:
    """Align paragraphs, then sentences within each paragraph group, then clauses within each
    sentence group; every unit ends up on exactly one link of its level."""
    links: list[UnitLink] = []
    paragraph_beads = align_units([p.text for p in ar], [p.text for p in en], level="paragraph")
    sentence_links: list[UnitLink] = []
    clause_links: list[UnitLink] = []
    for bead in paragraph_beads:
        links.append(
            UnitLink(
                "paragraph", tuple((i,) for i in bead.ar), tuple((j,) for j in bead.en), bead.score
            )
        )
        ar_sentences = [(p, s) for p in bead.ar for s in range(len(ar[p].sentences))]
        en_sentences = [(p, s) for p in bead.en for s in range(len(en[p].sentences))]
        sentence_beads = align_units(
            [_slice(ar[p].text, ar[p].sentences[s][0]) for p, s in ar_sentences],
            [_slice(en[p].text, en[p].sentences[s][0]) for p, s in en_sentences],
            level="sentence",
        )
        for sbead in sentence_beads:
            sar = [ar_sentences[i] for i in sbead.ar]
            sen = [en_sentences[j] for j in sbead.en]
            sentence_links.append(UnitLink("sentence", tuple(sar), tuple(sen), sbead.score))
            ar_clauses = [(p, s, c) for p, s in sar for c in range(len(ar[p].sentences[s][1]))]
            en_clauses = [(p, s, c) for p, s in sen for c in range(len(en[p].sentences[s][1]))]
            clause_beads = align_units(
                [_slice(ar[p].text, ar[p].sentences[s][1][c]) for p, s, c in ar_clauses],
                [_slice(en[p].text, en[p].sentences[s][1][c]) for p, s, c in en_clauses],
                level="clause",
            )
            for cbead in clause_beads:
                clause_links.append(
                    UnitLink(
                        "clause",
                        tuple(ar_clauses[i] for i in cbead.ar),
                        tuple(en_clauses[j] for j in cbead.en),
                        cbead.score,
                    )
                )
    return links + sentence_links + clause_links

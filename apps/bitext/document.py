"""Segment a resolution's two sides and align them at paragraph, sentence and clause level."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from apps.bitext.adapt import (
    REALIGN_ROUNDS,
    adapt_tuning,
    group_coverage,
    learn_closings,
    learn_openings,
    paragraph_tuning,
    realign_lexicon,
    time_left,
    unmatched_share,
)
from apps.bitext.align import Bead, Tuning, align_units, cpu_seconds
from apps.bitext.lexicon import Lexicon, default_lexicon
from apps.bitext.segment import Span, segment_paragraph, split_clauses

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


# A link by its level and members, whatever its score.
LinkKey = tuple[str, tuple[UnitKey, ...], tuple[UnitKey, ...]]


def link_key(link: UnitLink) -> LinkKey:
    """The link's level and members: what names it among a document's links."""
    return link.level, link.ar, link.en


def in_given_order(links: Sequence[UnitLink], given: Sequence[UnitLink]) -> list[UnitLink]:
    """links with those of each level that given names every one of in given's order: the
    aligner may place two one-sided links the other way round from a source that ordered
    them (two units with no counterpart, one in each language, side by side)."""
    found = list(links)
    for level in dict.fromkeys(link.level for link in given):
        wanted = [link_key(link) for link in given if link.level == level]
        have = {link_key(link): link for link in found if link.level == level}
        if len(wanted) != len(have) or set(wanted) != set(have):
            continue
        ordered = iter([have[key] for key in wanted])
        found = [next(ordered) if link.level == level else link for link in found]
    return found


@dataclass(frozen=True, slots=True)
class UnitReview:
    """A link's review as a file brings it back (Tawazi's CSV): its status ("auto",
    "confirmed", "corrected"), a reviewer's flag and note."""

    status: str = "auto"
    flagged: bool = False
    note: str = ""


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


def sentences_paragraph(sentences: Sequence[str], lang: str) -> SegmentedParagraph:
    """Sentences already cut (an Arabic verse has no punctuation for the segmenter to cut at) as
    one paragraph, one sentence each, with its clauses."""
    text, spans = "", []
    for sentence in sentences:
        text += " " if text else ""
        spans.append((len(text), len(text) + len(sentence)))
        text += sentence
    return SegmentedParagraph(
        text, lang, tuple((span, tuple(split_clauses(text, lang, *span))) for span in spans)
    )


def _slice(text: str, span: Span) -> str:
    return text[span[0] : span[1]]


def _free_units(
    keys_ar: Sequence[UnitKey],
    keys_en: Sequence[UnitKey],
    fixed: Sequence[UnitLink],
) -> tuple[list[Bead], dict[int, UnitLink]]:
    """Return the fixed links of a group as align_units beads (local indices), and which bead
    stands for which link. A fixed link that lies wholly in the group with consecutive members
    that do not cross an earlier one becomes a bead (also one with units on one side only); any
    other fixed link's units in the group are pinned unaligned (the link itself is emitted
    unchanged elsewhere)."""
    where_ar = {key: k for k, key in enumerate(keys_ar)}
    where_en = {key: k for k, key in enumerate(keys_en)}
    beads: list[Bead] = []
    stands_for: dict[int, UnitLink] = {}
    taken: list[tuple[int, int, int, int]] = []
    pins_ar: set[int] = set()
    pins_en: set[int] = set()
    for link in fixed:
        local_ar = [where_ar.get(key) for key in link.ar]
        local_en = [where_en.get(key) for key in link.en]
        inside_ar = [k for k in local_ar if k is not None]
        inside_en = [k for k in local_en if k is not None]
        if not inside_ar and not inside_en:
            continue
        whole = len(inside_ar) == len(local_ar) and len(inside_en) == len(local_en)
        consecutive = all(
            side == list(range(side[0], side[0] + len(side))) if side else True
            for side in (sorted(inside_ar), sorted(inside_en))
        )
        crossing = bool(inside_ar and inside_en) and any(
            (min(inside_ar) < a1 and min(inside_en) > e1)
            or (min(inside_ar) > a1 and min(inside_en) < e1)
            for a1, _, e1, _ in taken
        )
        if whole and consecutive and not crossing:
            # A one-sided link (units the other language lacks) is a bead too: align_units
            # keeps it whole, in its place, and the level below is aligned within it.
            bead = Bead(tuple(sorted(inside_ar)), tuple(sorted(inside_en)), link.score)
            if inside_ar and inside_en:
                taken.append((min(inside_ar), max(inside_ar), min(inside_en), max(inside_en)))
            stands_for[id(bead)] = link
            beads.append(bead)
        else:
            pins_ar.update(inside_ar)
            pins_en.update(inside_en)
    # A linked bead must not hold a pinned unit, nor straddle one in between (monotone order).
    beads = [b for b in beads if not pins_ar.intersection(b.ar) and not pins_en.intersection(b.en)]
    pins = [Bead((k,), (), 0.0) for k in sorted(pins_ar)] + [
        Bead((), (k,), 0.0) for k in sorted(pins_en)
    ]
    for pin in pins:
        stands_for[id(pin)] = _PINNED
    return beads + pins, stands_for


_PINNED = UnitLink("pinned", (), (), 0.0)


def _align_group(
    level: str,
    keys_ar: Sequence[UnitKey],
    keys_en: Sequence[UnitKey],
    texts_ar: Sequence[str],
    texts_en: Sequence[str],
    fixed: Sequence[UnitLink],
    emitted: set[int],
    lexicon: Lexicon | None = None,
    tuning: Tuning | None = None,
) -> list[UnitLink]:
    """Align one group's units at a level, keeping its fixed links; return the links in order."""
    beads, stands_for = _free_units(keys_ar, keys_en, fixed)
    try:
        found = align_units(
            texts_ar, texts_en, level=level, fixed=beads, lexicon=lexicon, tuning=tuning
        )
    except ValueError:  # fixed links that cannot all be kept as beads: pin all their units
        pinned = [
            UnitLink(level, link.ar, link.en, link.score) for link in fixed if link.ar or link.en
        ]
        beads, stands_for = _free_units(keys_ar, keys_en, [])
        for link in pinned:
            beads += [
                Bead((k,), (), 0.0) for k, key in enumerate(keys_ar) if key in set(link.ar)
            ] + [Bead((), (k,), 0.0) for k, key in enumerate(keys_en) if key in set(link.en)]
        for bead in beads:
            stands_for[id(bead)] = _PINNED
        found = align_units(
            texts_ar, texts_en, level=level, fixed=beads, lexicon=lexicon, tuning=tuning
        )
    out: list[UnitLink] = []
    for bead in found:
        kept = stands_for.get(id(bead))
        if kept is _PINNED:
            continue
        if kept is not None:
            if id(kept) not in emitted:
                emitted.add(id(kept))
                out.append(kept)
            continue
        out.append(
            UnitLink(
                level,
                tuple(keys_ar[i] for i in bead.ar),
                tuple(keys_en[j] for j in bead.en),
                bead.score,
            )
        )
    return out


def align_document(
    ar: Sequence[SegmentedParagraph],
    en: Sequence[SegmentedParagraph],
    *,
    fixed: Sequence[UnitLink] = (),
    adapt: bool = True,
    paragraphs: Sequence[UnitLink] | None = None,
) -> list[UnitLink]:
    """Align paragraphs, then sentences within each paragraph group, then clauses within each
    sentence group; every unit ends up on exactly one link of its level.

    fixed links (human-confirmed) are returned unchanged, and the units between them are
    aligned around them at every level. With adapt, a document the shipped lexicon covers
    poorly (apps/bitext/adapt.py: literary text) is aligned again with a lexicon learned from
    its own sentence links, the literary sentence costs and, for long chapters, a looser paragraph
    length model.

    paragraphs, when the source pairs the paragraphs itself (a keyed file pairs them by key),
    are the paragraph links, used as they are: only sentences and clauses are aligned, within them.
    """
    started = cpu_seconds()
    links = _align_levels(ar, en, fixed, None, None, None, paragraphs)
    one_pass = cpu_seconds() - started
    if not adapt:
        return links
    base = default_lexicon()

    def sentence_texts(found: Sequence[UnitLink]) -> list[tuple[list[str], list[str]]]:
        """Return the texts of the linked sentence links."""
        return [
            (
                [_slice(ar[p].text, ar[p].sentences[s][0]) for p, s in link.ar],
                [_slice(en[p].text, en[p].sentences[s][0]) for p, s in link.en],
            )
            for link in found
            if link.level == "sentence" and link.ar and link.en
        ]

    shapes = [(len(k.ar), len(k.en)) for k in links if k.level == "sentence"]
    weight, tuning = adapt_tuning(
        group_coverage(sentence_texts(links), base), unmatched_share(shapes)
    )
    if tuning is None or not base.translations:
        return links
    all_ar = [_slice(p.text, s[0]) for p in ar for s in p.sentences]
    all_en = [_slice(p.text, s[0]) for p in en for s in p.sentences]
    for _ in range(REALIGN_ROUNDS):
        if not time_left(started, one_pass):
            break
        groups = sentence_texts(links)
        pairs = [(" ".join(a), " ".join(e)) for a, e in groups]
        learned = replace(
            tuning,
            openings=learn_openings(groups, all_ar, all_en),
            closings=learn_closings(groups, all_en),
        )
        links = _align_levels(
            ar,
            en,
            fixed,
            realign_lexicon(pairs, base),
            learned,
            paragraph_tuning(weight),
            paragraphs,
        )
    return links


def _align_levels(
    ar: Sequence[SegmentedParagraph],
    en: Sequence[SegmentedParagraph],
    fixed: Sequence[UnitLink],
    lexicon: Lexicon | None,
    tuning: Tuning | None,
    paragraph_costs: Tuning | None,
    paragraphs: Sequence[UnitLink] | None = None,
) -> list[UnitLink]:
    """Align the three levels once; lexicon at every level, tuning at sentence level and
    paragraph_costs at paragraph level (unless the paragraph links are given)."""
    fixed_at = {level: [f for f in fixed if f.level == level] for level in _LEVELS}
    emitted: set[int] = set()
    paragraph_links = (
        list(paragraphs)
        if paragraphs is not None
        else _align_group(
            "paragraph",
            [(i,) for i in range(len(ar))],
            [(j,) for j in range(len(en))],
            [p.text for p in ar],
            [p.text for p in en],
            fixed_at["paragraph"],
            emitted,
            lexicon,
            paragraph_costs,
        )
    )
    sentence_links: list[UnitLink] = []
    for plink in paragraph_links:
        keys_ar = [(p, s) for (p,) in plink.ar for s in range(len(ar[p].sentences))]
        keys_en = [(p, s) for (p,) in plink.en for s in range(len(en[p].sentences))]
        sentence_links += _align_group(
            "sentence",
            keys_ar,
            keys_en,
            [_slice(ar[p].text, ar[p].sentences[s][0]) for p, s in keys_ar],
            [_slice(en[p].text, en[p].sentences[s][0]) for p, s in keys_en],
            fixed_at["sentence"],
            emitted,
            lexicon,
            tuning,
        )
    clause_links: list[UnitLink] = []
    for slink in sentence_links:
        clause_ar = [(p, s, c) for p, s in slink.ar for c in range(len(ar[p].sentences[s][1]))]
        clause_en = [(p, s, c) for p, s in slink.en for c in range(len(en[p].sentences[s][1]))]
        clause_links += _align_group(
            "clause",
            clause_ar,
            clause_en,
            [_slice(ar[p].text, ar[p].sentences[s][1][c]) for p, s, c in clause_ar],
            [_slice(en[p].text, en[p].sentences[s][1][c]) for p, s, c in clause_en],
            fixed_at["clause"],
            emitted,
            lexicon,
        )
    # Fixed links no group could place (members in several groups) are kept as they are.
    leftovers = [f for f in fixed if id(f) not in emitted and f.level in _LEVELS]
    return paragraph_links + sentence_links + clause_links + leftovers


_LEVELS = ("paragraph", "sentence", "clause")

"""Writes to alignments: storing the aligner's links for a resolution."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.db import transaction
from django.db.models import F

from apps.alignment.models import Level, Link
from apps.bitext.document import UnitKey, UnitLink
from apps.corpus.models import Lang, Resolution

_MEMBER_FIELD = {Level.PARAGRAPH: "paragraph", Level.SENTENCE: "sentence", Level.CLAUSE: "clause"}
_MEMBERS = {Level.PARAGRAPH: "paragraphs", Level.SENTENCE: "sentences", Level.CLAUSE: "clauses"}


def _clamp(score: float) -> float:
    return min(1.0, max(0.0, float(score)))


@transaction.atomic
def links_create(
    *,
    resolution: Resolution,
    unit_links: Sequence[UnitLink],
    unit_ids: Mapping[str, Mapping[UnitKey, int]],
) -> list[Link]:
    """Bulk-create links and their members; positions follow the order of unit_links per level."""
    positions: dict[str, int] = {}
    rows = []
    for unit_link in unit_links:
        position = positions.get(unit_link.level, 0)
        positions[unit_link.level] = position + 1
        rows.append(
            Link(
                resolution=resolution,
                level=unit_link.level,
                position=position,
                score=_clamp(unit_link.score),
            )
        )
    Link.objects.bulk_create(rows, batch_size=2000)
    members: dict[str, list[object]] = {level: [] for level in _MEMBERS}
    for row, unit_link in zip(rows, unit_links, strict=True):
        level = Level(unit_link.level)
        through = getattr(Link, _MEMBERS[level]).through
        column = f"{_MEMBER_FIELD[level]}_id"
        for lang, keys in ((Lang.ARABIC, unit_link.ar), (Lang.ENGLISH, unit_link.en)):
            for key in keys:
                members[level].append(through(link_id=row.pk, **{column: unit_ids[lang][key]}))
    for level, field in _MEMBERS.items():
        getattr(Link, field).through.objects.bulk_create(members[level], batch_size=5000)
    return rows


# A position no resolution reaches, for renumbering links without breaking their uniqueness.
_RENUMBER_OFFSET = 10_000_000


@transaction.atomic
def resolution_realign(*, resolution: Resolution) -> list[Link]:
    """Re-align a resolution around its confirmed and corrected links, which keep their members,
    score, status and version; only the automatic links between them are replaced."""
    from apps.alignment.models import Status
    from apps.bitext.document import SegmentedParagraph, align_document
    from apps.corpus.models import Clause, Paragraph, Sentence

    Resolution.objects.select_for_update().filter(pk=resolution.pk).first()
    sides: dict[str, list[SegmentedParagraph]] = {}
    ids: dict[str, dict[UnitKey, int]] = {}
    keys: dict[tuple[str, int], UnitKey] = {}  # (level, unit id) -> key
    sentences_of: dict[int, list[Sentence]] = {}
    for sentence in Sentence.objects.filter(paragraph__resolution=resolution).order_by("index"):
        sentences_of.setdefault(sentence.paragraph_id, []).append(sentence)
    clauses_of: dict[int, list[Clause]] = {}
    for clause in Clause.objects.filter(sentence__paragraph__resolution=resolution).order_by(
        "index"
    ):
        clauses_of.setdefault(clause.sentence_id, []).append(clause)
    for lang in (Lang.ARABIC, Lang.ENGLISH):
        paragraphs = list(Paragraph.objects.of(resolution).in_language(lang).order_by("index"))
        segmented = []
        ids[lang] = {}
        for p, paragraph in enumerate(paragraphs):
            ids[lang][(p,)] = paragraph.pk
            keys[(Level.PARAGRAPH, paragraph.pk)] = (p,)
            spans = []
            for s, sentence in enumerate(sentences_of.get(paragraph.pk, [])):
                ids[lang][(p, s)] = sentence.pk
                keys[(Level.SENTENCE, sentence.pk)] = (p, s)
                clause_spans = []
                for c, clause in enumerate(clauses_of.get(sentence.pk, [])):
                    ids[lang][(p, s, c)] = clause.pk
                    keys[(Level.CLAUSE, clause.pk)] = (p, s, c)
                    clause_spans.append((clause.start, clause.end))
                spans.append(((sentence.start, sentence.end), tuple(clause_spans)))
            segmented.append(SegmentedParagraph(paragraph.text, lang, tuple(spans)))
        sides[lang] = segmented

    human = list(
        Link.objects.of(resolution)
        .human()
        .prefetch_related("paragraphs", "sentences", "clauses")
        .order_by("level", "position")
    )
    fixed: list[UnitLink] = []
    row_of: dict[int, Link] = {}
    for link in human:
        members = list(getattr(link, _MEMBERS[Level(link.level)]).all())
        unit_link = UnitLink(
            link.level,
            tuple(keys[(link.level, u.pk)] for u in members if u.lang == Lang.ARABIC),
            tuple(keys[(link.level, u.pk)] for u in members if u.lang == Lang.ENGLISH),
            link.score,
        )
        fixed.append(unit_link)
        row_of[id(unit_link)] = link

    found = align_document(sides[Lang.ARABIC], sides[Lang.ENGLISH], fixed=fixed)
    Link.objects.of(resolution).filter(status=Status.AUTO).delete()
    human_ids = [link.pk for link in human]
    Link.objects.filter(pk__in=human_ids).update(position=F("position") + _RENUMBER_OFFSET)
    fresh = [u for u in found if id(u) not in row_of]
    created = iter(links_create(resolution=resolution, unit_links=fresh, unit_ids=ids))
    ordered: list[Link] = []
    positions: dict[str, int] = {}
    for unit_link in found:
        row = row_of[id(unit_link)] if id(unit_link) in row_of else next(created)
        row.position = positions.get(unit_link.level, 0)
        positions[unit_link.level] = row.position + 1
        ordered.append(row)
    # Two passes, so no intermediate state repeats a (level, position) pair.
    for row in ordered:
        row.position += 2 * _RENUMBER_OFFSET
    Link.objects.bulk_update(ordered, ["position"], batch_size=2000)
    for row in ordered:
        row.position -= 2 * _RENUMBER_OFFSET
    Link.objects.bulk_update(ordered, ["position"], batch_size=2000)
    return ordered

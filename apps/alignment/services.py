"""Writes to alignments: storing the aligner's links for a resolution."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.db import transaction

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

"""Writing a paragraph's derived units: its anatomy fields, and its sentences and clauses.

Shared by the import (apps.corpus.services) and the paragraph text edit (apps.alignment.services),
so a re-segmented paragraph is stored exactly as an imported one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connections

from apps.bitext.document import SegmentedParagraph, UnitKey
from apps.bitext.structure import classify_paragraph
from apps.corpus.models import Clause, Paragraph, Sentence


def anatomy_fields(text: str, lang: str) -> dict[str, Any]:
    """The Paragraph fields for its kind and opening/action phrase."""
    anatomy = classify_paragraph(text, lang)
    return {
        "kind": anatomy.kind,
        "phrase_start": anatomy.phrase[0] if anatomy.phrase else None,
        "phrase_end": anatomy.phrase[1] if anatomy.phrase else None,
        "action": anatomy.action or "",
    }


def subunits_create(
    rows: Sequence[Paragraph], paragraphs: Sequence[SegmentedParagraph]
) -> dict[UnitKey, int]:
    """Bulk-create the sentences and clauses of saved paragraph rows; map (p, s) and (p, s, c)
    keys, p being the position in rows, to the new row ids."""
    ids: dict[UnitKey, int] = {}
    sentence_rows = []
    sentence_keys = []
    for p, (row, paragraph) in enumerate(zip(rows, paragraphs, strict=True)):
        for s, ((start, end), _clauses) in enumerate(paragraph.sentences):
            sentence_rows.append(
                Sentence(
                    paragraph=row,
                    lang=row.lang,
                    index=s,
                    start=start,
                    end=end,
                    text=paragraph.text[start:end],
                )
            )
            sentence_keys.append((p, s))
    Sentence.objects.bulk_create(sentence_rows, batch_size=2000)
    clause_rows = []
    clause_keys = []
    for (p, s), sentence in zip(sentence_keys, sentence_rows, strict=True):
        ids[p, s] = sentence.pk
        paragraph = paragraphs[p]
        for c, (start, end) in enumerate(paragraph.sentences[s][1]):
            clause_rows.append(
                Clause(
                    sentence=sentence,
                    lang=sentence.lang,
                    index=c,
                    start=start,
                    end=end,
                    text=paragraph.text[start:end],
                )
            )
            clause_keys.append((p, s, c))
    Clause.objects.bulk_create(clause_rows, batch_size=2000)
    for clause_key, clause in zip(clause_keys, clause_rows, strict=True):
        ids[clause_key] = clause.pk
    return ids


# Numbered paragraphs: every operative one, and preambular ones with an opening phrase (not the
# opening formula, "The General Assembly,", which is classed preamble without one).
_NUMBERED = "(kind = 'operative' OR (kind = 'preamble' AND phrase_start IS NOT NULL))"


def paragraphs_renumber(*, resolution_ids: Iterable[int] | None, using: str = "default") -> None:
    """Store each paragraph's number within its part (Paragraph.number) for these resolutions,
    or all with None: two statements whatever their size (UPDATE ... FROM, SQLite 3.33+ and
    PostgreSQL)."""
    ids = [] if resolution_ids is None else sorted(set(resolution_ids))
    if resolution_ids is not None and not ids:
        return
    table = Paragraph._meta.db_table
    within = "resolution_id IN (" + ", ".join(["%s"] * len(ids)) + ")" if ids else "TRUE"
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET number = 0 WHERE {within} AND number <> 0 AND NOT {_NUMBERED}",
            ids,
        )
        cursor.execute(
            f"""
            UPDATE {table} SET number = numbered.n
              FROM (SELECT id, ROW_NUMBER() OVER (
                               PARTITION BY resolution_id, lang, kind ORDER BY "index") AS n
                      FROM {table} WHERE {within} AND {_NUMBERED}) AS numbered
             WHERE {table}.id = numbered.id AND {table}.number <> numbered.n
            """,
            ids,
        )

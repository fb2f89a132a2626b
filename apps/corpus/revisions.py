"""Cache stamps of the corpus: a revision per resolution and one corpus-wide generation.

Cached reading pages are keyed on their resolution's revision and cached searches on the corpus
generation, both read from the database with the request. Every write that could change what a
page or a search shows calls `revision_bump` inside its own transaction, so the new stamp becomes
visible exactly when the new data does: a request that reads the new stamp reads the new data,
and an entry cached under an old stamp is never asked for again.

Stamps are never reused: a bump takes the larger of the last value plus one and the current time
in microseconds, so they keep growing even across a database restored from a dump or recreated
under running servers whose per-process caches still hold old entries.
"""

from __future__ import annotations

import time

from django.db import connection, transaction
from django.db.models import F, PositiveBigIntegerField, Value
from django.db.models.functions import Greatest

from apps.corpus.models import CorpusGeneration, Resolution

# Plain SQL: every page and search reads it, cached or not, and the ORM's building of this one
# query cost 0.2 ms of CPU, more than a cached page's other work.
_GENERATION_SQL = f"SELECT value FROM {CorpusGeneration._meta.db_table} WHERE id = 1"


def corpus_generation() -> int:
    """The corpus-wide generation (0 before the first write)."""
    with connection.cursor() as cursor:
        cursor.execute(_GENERATION_SQL)
        row = cursor.fetchone()
    return int(row[0]) if row and row[0] else 0


def revision_bump(*, resolution: Resolution | None = None, using: str = "default") -> int:
    """Mark the corpus (and the resolution, if given) as changed; returns the new generation."""
    with transaction.atomic(using=using):
        return _bump(resolution, using)


def _bump(resolution: Resolution | None, using: str) -> int:
    # Lock order: the resolution's row, then the one generation row, which the transaction then
    # holds until it commits. Writers lock their resolution first (apps.alignment.services._lock,
    # the text edit, re-alignment, import), so none waits for a resolution while holding the
    # generation; a writer of several resolutions locks them all first (search_rebuild).
    rows = Resolution.objects.using(using)
    if resolution is not None and resolution.pk is not None:
        rows.select_for_update().filter(pk=resolution.pk).first()
    stamp = Greatest(
        F("value") + 1, Value(time.time_ns() // 1000, output_field=PositiveBigIntegerField())
    )
    counter = CorpusGeneration.objects.using(using)
    if not counter.filter(pk=1).update(value=stamp):
        counter.get_or_create(pk=1)
        counter.filter(pk=1).update(value=stamp)
    generation: int = counter.values_list("value", flat=True).get(pk=1)
    if resolution is not None and resolution.pk is not None:
        rows.filter(pk=resolution.pk).update(revision=generation)
        resolution.revision = generation
    return generation

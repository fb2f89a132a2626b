"""Writes to the search index: a resolution's sentences analysed and stored, in the caller's transaction."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable

from django.db import connection, transaction

from apps.bitext.analyze import analyze, pack_spans, terms_text
from apps.corpus.models import Lang, Resolution, Sentence
from apps.corpus.revisions import revision_bump
from apps.search.models import SearchEntry
from apps.search.stats import clear_background_cache

logger = logging.getLogger(__name__)

BATCH = 2000


def body_tag(body: str) -> str:
    """The filter term of a body name (a short hash: any name becomes one index token)."""
    digest = hashlib.sha1(body.strip().casefold().encode("utf-8")).hexdigest()[:12]
    return f"xb{digest}"


def resolution_tags(resolution: Resolution) -> str:
    """The resolution-level filter terms shared by all its entries (without the language)."""
    tags = [f"xr{resolution.pk}"]
    if resolution.body.strip():
        tags.append(body_tag(resolution.body))
    if resolution.date:
        tags.append(f"xy{resolution.date.year}")
    return " ".join(tags)


def entries_build(
    resolution: Resolution, sentences: Iterable[tuple[int, str, str]]
) -> list[SearchEntry]:
    """Entries for (sentence id, lang, text) rows of one resolution."""
    shared = resolution_tags(resolution)
    entries = []
    for sentence_id, lang, text in sentences:
        tokens = analyze(text)
        stems, forms = terms_text(tokens)
        entries.append(
            SearchEntry(
                sentence_id=sentence_id,
                resolution_id=resolution.pk,
                lang=lang,
                stems=stems,
                forms=forms,
                spans=pack_spans(tokens),
                tags=f"xl{lang} {shared}",
            )
        )
    return entries


@transaction.atomic
def search_index_resolution(*, resolution: Resolution) -> int:
    """(Re)index every sentence of a resolution; returns the number of entries written."""
    SearchEntry.objects.filter(resolution=resolution).delete()
    rows = (
        Sentence.objects.filter(paragraph__resolution=resolution)
        .order_by("id")
        .values_list("id", "lang", "text")
    )
    entries = entries_build(resolution, rows.iterator(chunk_size=BATCH))
    SearchEntry.objects.bulk_create(entries, batch_size=BATCH)
    clear_background_cache()
    revision_bump(resolution=resolution)
    return len(entries)


@transaction.atomic
def search_retag_resolution(*, resolution: Resolution) -> int:
    """Rewrite the filter tags (body, year) of a resolution's entries after its metadata changed;
    returns the number of entries rewritten (none when the tags still hold)."""
    shared = resolution_tags(resolution)
    changed = 0
    for lang in Lang.values:
        tags = f"xl{lang} {shared}"
        changed += (
            SearchEntry.objects.filter(resolution=resolution, lang=lang)
            .exclude(tags=tags)
            .update(tags=tags)
        )
    return changed


@transaction.atomic
def search_rebuild() -> int:
    """Drop and rebuild the whole index from the stored sentences; returns the entries written.

    On PostgreSQL the table is emptied with TRUNCATE, which gives it new, empty storage: deleted
    rows would keep their pages until the transaction ends, so the new entries would follow them
    and the table would start with as many empty pages as it had entries. A search reading
    matches in table order (engines.window) then walked them all first: 46-60 ms became 116-159 ms
    for a frequent word over 300,000 entries. Searches wait for the rebuild as they did before
    (dropping the GIN index locked the table too) and then read the new entries."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Pending deferred foreign-key checks (entries written earlier in this transaction)
            # would make TRUNCATE and CREATE INDEX fail: run them now, and the rest as written.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("TRUNCATE search_entry")
            # Building a GIN index once is much faster than updating it row by row.
            cursor.execute("DROP INDEX IF EXISTS search_entry_document_gin")
        else:
            SearchEntry.objects.all().delete()
            if connection.vendor == "sqlite":
                # External content: 'delete-all' empties the index at once, 'rebuild' re-reads it.
                cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('delete-all')")
    # Every resolution's row first, before the first revision_bump takes the corpus generation:
    # an editor holding one of them waits for the rebuild, never the other way round.
    list(Resolution.objects.select_for_update().order_by("id").values_list("id", flat=True))
    total = 0
    for resolution in Resolution.objects.order_by("id").iterator():
        total += search_index_resolution(resolution=resolution)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
        elif connection.vendor == "postgresql":
            cursor.execute(
                "CREATE INDEX search_entry_document_gin ON search_entry USING gin (document)"
            )
            cursor.execute("ANALYZE search_entry")
    revision_bump()
    logger.info("search index rebuilt: %d entries", total)
    return total

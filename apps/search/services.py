"""Writes to the search index: a resolution's sentences analysed and stored, in the caller's transaction."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Collection, Iterable

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.backends.utils import CursorWrapper
from django.db.models import OuterRef, Subquery

from apps.alignment.models import Level, Link
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
    resolution: Resolution, sentences: Iterable[tuple[int, str, str, int | None]]
) -> list[SearchEntry]:
    """Entries for (sentence id, lang, text, sentence link id) rows of one resolution."""
    shared = resolution_tags(resolution)
    entries = []
    for sentence_id, lang, text, link_id in sentences:
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
                sentence_link_id=link_id,
            )
        )
    return entries


def _sentence_link() -> Subquery:
    """The id of the sentence link of the sentence in the outer query (None when it has none)."""
    members = Link.sentences.through.objects.filter(
        sentence_id=OuterRef("pk"), link__level=Level.SENTENCE
    )
    return Subquery(members.order_by("link_id").values("link_id")[:1])


def _entries_of(resolution: Resolution) -> list[SearchEntry]:
    """Entries for every sentence of a resolution, in sentence order."""
    rows = (
        Sentence.objects.filter(paragraph__resolution=resolution)
        .order_by("id")
        .values_list("id", "lang", "text", _sentence_link())
    )
    return entries_build(resolution, rows.iterator(chunk_size=BATCH))


@transaction.atomic
def search_links_refresh(
    *, resolution: Resolution, sentence_ids: Collection[int] | None = None
) -> int:
    """Store the current sentence link of a resolution's entries (only of sentence_ids when
    given: the sentences whose links an edit re-drew) after its links changed; returns the
    entries rewritten (only those whose link changed)."""
    if sentence_ids is not None and not sentence_ids:
        return 0
    entries = SearchEntry.objects.filter(resolution=resolution)
    if sentence_ids is not None:
        entries = entries.filter(sentence_id__in=list(sentence_ids))
    stale = [
        SearchEntry(sentence_id=sentence_id, sentence_link_id=link_id)
        for sentence_id, stored, link_id in entries.values_list(
            "sentence_id", "sentence_link_id", _sentence_link()
        )
        if stored != link_id
    ]
    return SearchEntry.objects.bulk_update(stale, ["sentence_link_id"], batch_size=BATCH)


@transaction.atomic
def search_index_resolution(*, resolution: Resolution) -> int:
    """(Re)index every sentence of a resolution; returns the number of entries written."""
    SearchEntry.objects.filter(resolution=resolution).delete()
    entries = _entries_of(resolution)
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
    """Rebuild the whole index from the stored sentences; returns the entries written.

    Searches go on during a rebuild, reading the index as it was: SQLite readers see the last
    commit (write-ahead log), and PostgreSQL builds the new index in a table of its own that
    replaces the old one at the end (_rebuild_postgres). Imports and edits wait for it."""
    # Every resolution's row first, before the first revision_bump takes the corpus generation:
    # an editor holding one of them waits for the rebuild, never the other way round.
    list(Resolution.objects.select_for_update().order_by("id").values_list("id", flat=True))
    if connection.vendor == "postgresql":
        total = _rebuild_postgres()
    else:
        with connection.cursor() as cursor:
            SearchEntry.objects.all().delete()
            if connection.vendor == "sqlite":
                # External content: 'delete-all' empties the index at once, 'rebuild' re-reads it.
                cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('delete-all')")
        total = 0
        for resolution in Resolution.objects.order_by("id").iterator():
            total += search_index_resolution(resolution=resolution)
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
    revision_bump()
    logger.info("search index rebuilt: %d entries", total)
    return total


def search_links_fill(*, using: str = DEFAULT_DB_ALIAS) -> int:
    """Store every entry's sentence link, in one statement (a corpus loaded from a dump made
    before entries held them); returns the entries written."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            "UPDATE search_entry SET sentence_link_id = (SELECT min(m.link_id)"
            " FROM alignment_link_sentences AS m"
            " JOIN alignment_link AS l ON l.id = m.link_id AND l.level = %s"
            " WHERE m.sentence_id = search_entry.sentence_id)",
            [Level.SENTENCE.value],
        )
        return int(cursor.rowcount)


TABLE = SearchEntry._meta.db_table
_NEXT = f"{TABLE}_next"
_ON_TABLE = re.compile(rf" ON (?:\S+\.)?{TABLE} ")
_COLUMNS = (
    "sentence_id",
    "resolution_id",
    "lang",
    "stems",
    "forms",
    "spans",
    "tags",
    "sentence_link_id",
)


def _rebuild_postgres() -> int:
    """Write the new index into a new table with the old one's columns, triggers, constraints and
    indexes (read from the catalog, so whatever the migrations made), then put it in the old
    one's place under its names.

    Searches read the old table until the swap, which holds it exclusively for a moment only.
    Emptying the table in place locked searches out for the whole rebuild: with the workers'
    60 s timeout a search during a 10-minute rebuild (1M pairs) was an error. The new table is
    written in index order at once, so it starts compact (rows deleted and rewritten in one
    transaction would leave as many empty pages in front of the new ones, which a frequent
    word's window scan walks first). Index writes by imports and edits wait: SHARE mode."""
    with connection.cursor() as cursor:
        # Pending deferred foreign-key checks (entries written earlier in this transaction)
        # would make DROP TABLE fail: run them now, and the rest as written.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"LOCK TABLE {TABLE} IN SHARE MODE")
        cursor.execute(
            f"CREATE TABLE {_NEXT} (LIKE {TABLE} INCLUDING DEFAULTS INCLUDING STORAGE"
            " INCLUDING CONSTRAINTS)"
        )
        cursor.execute(
            "SELECT pg_get_triggerdef(oid) FROM pg_trigger"
            " WHERE tgrelid = %s::regclass AND NOT tgisinternal",
            [TABLE],
        )
        for (definition,) in cursor.fetchall():
            cursor.execute(_ON_TABLE.sub(f" ON {_NEXT} ", definition, count=1))
        owner = _copy_access(cursor)
        total = 0
        columns = ", ".join(_COLUMNS)
        for resolution in Resolution.objects.order_by("id").iterator():
            entries = _entries_of(resolution)
            with cursor.cursor.copy(f"COPY {_NEXT} ({columns}) FROM STDIN") as copy:
                for e in entries:
                    copy.write_row([getattr(e, name) for name in _COLUMNS])
            total += len(entries)
            revision_bump(resolution=resolution)
        # Keys, foreign keys and indexes after the rows: building an index once is much faster
        # than updating it row by row.
        renames = _add_keys_and_indexes(cursor)
        cursor.execute(f"ANALYZE {_NEXT}")
        cursor.execute("SELECT current_user")
        if cursor.fetchone()[0] != owner:
            cursor.execute(f'ALTER TABLE {_NEXT} OWNER TO "{owner}"')
        cursor.execute(f"LOCK TABLE {TABLE} IN ACCESS EXCLUSIVE MODE")
        cursor.execute(f"DROP TABLE {TABLE}")
        cursor.execute(f"ALTER TABLE {_NEXT} RENAME TO {TABLE}")
        for statement in renames:
            cursor.execute(statement)
    clear_background_cache()
    return total


def _copy_access(cursor: CursorWrapper) -> str:
    """The old table's grants and storage parameters onto the new one (a deployment whose app
    connects as another role than the one running rebuild_search keeps its access); returns the
    old table's owner."""
    cursor.execute(
        "SELECT pg_get_userbyid(relowner), coalesce(reloptions, '{}') FROM pg_class"
        " WHERE oid = %s::regclass",
        [TABLE],
    )
    owner, options = cursor.fetchone()
    if options:
        cursor.execute(f"ALTER TABLE {_NEXT} SET ({', '.join(options)})")
    cursor.execute(
        "SELECT CASE WHEN grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(grantee)) END,"
        " privilege_type, is_grantable FROM pg_class, aclexplode(relacl)"
        " WHERE oid = %s::regclass AND grantee <> relowner",
        [TABLE],
    )
    for grantee, privilege, grantable in cursor.fetchall():
        option = " WITH GRANT OPTION" if grantable else ""
        cursor.execute(f"GRANT {privilege} ON {_NEXT} TO {grantee}{option}")
    return str(owner)


def _add_keys_and_indexes(cursor: CursorWrapper) -> list[str]:
    """The old table's keys, foreign keys and indexes onto the new one, under temporary names
    (the old table still holds theirs); returns the statements that give them the old names."""
    renames = []
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
        " WHERE conrelid = %s::regclass AND contype IN ('p', 'u', 'f', 'x') ORDER BY contype DESC",
        [TABLE],
    )
    for i, (name, definition) in enumerate(cursor.fetchall()):
        cursor.execute(f'ALTER TABLE {_NEXT} ADD CONSTRAINT "{_NEXT}_c{i}" {definition}')
        renames.append(f'ALTER TABLE {TABLE} RENAME CONSTRAINT "{_NEXT}_c{i}" TO "{name}"')
    cursor.execute(
        "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index AS x"
        " JOIN pg_class AS i ON i.oid = x.indexrelid"
        " WHERE x.indrelid = %s::regclass AND NOT EXISTS"
        " (SELECT 1 FROM pg_constraint AS c WHERE c.conindid = x.indexrelid)",
        [TABLE],
    )
    for i, (name, definition) in enumerate(cursor.fetchall()):
        # CREATE [UNIQUE] INDEX name ON table ...: the new table, a temporary name.
        head, _, tail = _ON_TABLE.sub(f" ON {_NEXT} ", definition, count=1).partition(" ON ")
        cursor.execute(f'{head.rsplit(" ", 1)[0]} "{_NEXT}_i{i}" ON {tail}')
        renames.append(f'ALTER INDEX "{_NEXT}_i{i}" RENAME TO "{name}"')
    return renames

"""Each entry's sentence link (SearchEntry.sentence_link_id), filled for the entries already
indexed, so a search merges a pair matched on both sides from its matches' own rows instead of
reading the links of up to 2,000 candidates.

SQLite: the facet index (0003) also covers the new column, as the candidates query reads it
beside the resolution and language. PostgreSQL: the column is filled by rewriting the table (the
type is unchanged; the USING expression, through a function as it may not hold a subquery, makes
PostgreSQL write every row anew), as 0006 did: an UPDATE of every row would leave the old rows'
pages empty in front of the new ones, which a frequent word's window scan walks first. The
rewrite drops the column's statistics, hence the ANALYZE.
"""

from django.db import migrations, models

SENTENCE_LINK = """(SELECT min(m.link_id) FROM alignment_link_sentences AS m
    JOIN alignment_link AS l ON l.id = m.link_id AND l.level = 'sentence'
    WHERE m.sentence_id = {sentence})"""

SQLITE_FORWARD = [
    "UPDATE search_entry SET sentence_link_id = "
    + SENTENCE_LINK.format(sentence="search_entry.sentence_id"),
    "DROP INDEX IF EXISTS search_entry_facets",
    "CREATE INDEX search_entry_facets ON search_entry"
    " (sentence_id, resolution_id, lang, sentence_link_id)",
]
SQLITE_BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_facets",
    "CREATE INDEX search_entry_facets ON search_entry (sentence_id, resolution_id, lang)",
]
POSTGRES_FORWARD = [
    "CREATE FUNCTION search_entry_sentence_link(sentence bigint) RETURNS bigint"
    " LANGUAGE sql STABLE AS $$ SELECT "
    + SENTENCE_LINK.format(sentence="sentence")
    + " $$",
    "ALTER TABLE search_entry ALTER COLUMN sentence_link_id TYPE bigint"
    " USING search_entry_sentence_link(sentence_id)",
    "DROP FUNCTION search_entry_sentence_link(bigint)",
    "ANALYZE search_entry",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("alignment", "0001_initial"),
        ("search", "0012_reanalyse_own_articles"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="sentence_link_id",
            field=models.BigIntegerField(blank=True, null=True),
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD}),
        ),
    ]

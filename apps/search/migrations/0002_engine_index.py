"""The engine's own full-text index over search_entry, kept in step by triggers.

SQLite: an FTS5 external-content table (rowid = sentence id) with columns stems, forms, tags.
PostgreSQL: a tsvector column built from the same terms (stems at their positions, weight D;
forms weight A; tags weight B, at fixed positions past any sentence) and a GIN index.
The terms are the analyzer's; neither engine's own tokenizer or stemmer decides anything.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        stems, forms, tags,
        content='search_entry', content_rowid='sentence_id',
        tokenize='unicode61 remove_diacritics 0')""",
    """CREATE TRIGGER search_entry_ai AFTER INSERT ON search_entry BEGIN
        INSERT INTO search_fts(rowid, stems, forms, tags)
        VALUES (new.sentence_id, new.stems, new.forms, new.tags);
    END""",
    """CREATE TRIGGER search_entry_ad AFTER DELETE ON search_entry BEGIN
        INSERT INTO search_fts(search_fts, rowid, stems, forms, tags)
        VALUES ('delete', old.sentence_id, old.stems, old.forms, old.tags);
    END""",
    """CREATE TRIGGER search_entry_au AFTER UPDATE ON search_entry BEGIN
        INSERT INTO search_fts(search_fts, rowid, stems, forms, tags)
        VALUES ('delete', old.sentence_id, old.stems, old.forms, old.tags);
        INSERT INTO search_fts(rowid, stems, forms, tags)
        VALUES (new.sentence_id, new.stems, new.forms, new.tags);
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_entry_au",
    "DROP TRIGGER IF EXISTS search_entry_ad",
    "DROP TRIGGER IF EXISTS search_entry_ai",
    "DROP TABLE IF EXISTS search_fts",
]

POSTGRES_FORWARD = [
    "ALTER TABLE search_entry ADD COLUMN document tsvector",
    """CREATE FUNCTION search_entry_document() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.document := (
        SELECT coalesce(string_agg(part, ' '), '')::tsvector FROM (
          SELECT quote_literal(t) || ':' || least(n, 16000) AS part
            FROM unnest(string_to_array(NEW.stems, ' ')) WITH ORDINALITY AS s(t, n)
            WHERE t <> ''
          UNION ALL
          SELECT quote_literal(t) || ':16383A'
            FROM unnest(string_to_array(NEW.forms, ' ')) AS f(t) WHERE t <> ''
          UNION ALL
          SELECT quote_literal(t) || ':16382B'
            FROM unnest(string_to_array(NEW.tags, ' ')) AS g(t) WHERE t <> ''
        ) parts);
      RETURN NEW;
    END $$""",
    """CREATE TRIGGER search_entry_document BEFORE INSERT OR UPDATE OF stems, forms, tags
        ON search_entry FOR EACH ROW EXECUTE FUNCTION search_entry_document()""",
    "CREATE INDEX search_entry_document_gin ON search_entry USING gin (document)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_document_gin",
    "DROP TRIGGER IF EXISTS search_entry_document ON search_entry",
    "DROP FUNCTION IF EXISTS search_entry_document()",
    "ALTER TABLE search_entry DROP COLUMN IF EXISTS document",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]

"""Token offsets beside the stems (SearchEntry.spans), filled for the entries already indexed.

A results page marks the matched words in 20 sentences and their 40 counterparts; with the
offsets stored it rebuilds their tokens from the index instead of analysing every text again
(apps.bitext.analyze.stored_tokens). An entry whose stored stems no longer match what the
analyzer makes of its text (an index older than the analyzer) keeps NULL, and its text is
analysed when shown, as before, until `manage.py rebuild_search`.

SQLite's update trigger now fires only when the terms change, so writing the offsets (or any
other column) leaves the FTS5 index alone.
"""

from django.db import migrations, models

from apps.bitext.analyze import analyze, pack_spans, terms_text

BATCH = 2000

SQLITE_TRIGGER = """CREATE TRIGGER search_entry_au AFTER UPDATE {columns}ON search_entry BEGIN
        INSERT INTO search_fts(search_fts, rowid, stems, forms, tags)
        VALUES ('delete', old.sentence_id, old.stems, old.forms, old.tags);
        INSERT INTO search_fts(rowid, stems, forms, tags)
        VALUES (new.sentence_id, new.stems, new.forms, new.tags);
    END"""


def _trigger(schema_editor, columns: str) -> None:
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS search_entry_au")
        schema_editor.execute(SQLITE_TRIGGER.format(columns=columns))


def fill(apps, schema_editor):
    _trigger(schema_editor, "OF stems, forms, tags ")
    last = 0
    with schema_editor.connection.cursor() as cursor:
        while True:
            cursor.execute(
                "SELECT e.sentence_id, e.stems, s.text FROM search_entry AS e"
                " JOIN corpus_sentence AS s ON s.id = e.sentence_id"
                " WHERE e.sentence_id > %s ORDER BY e.sentence_id LIMIT %s",
                [last, BATCH],
            )
            rows = cursor.fetchall()
            if not rows:
                break
            last = rows[-1][0]
            updates = []
            for sentence_id, stems, text in rows:
                tokens = analyze(text)
                if terms_text(tokens)[0] == stems:
                    updates.append((pack_spans(tokens), sentence_id))
            cursor.executemany(
                "UPDATE search_entry SET spans = %s WHERE sentence_id = %s", updates
            )


def unfill(apps, schema_editor):
    _trigger(schema_editor, "")


class Migration(migrations.Migration):
    dependencies = [("search", "0004_unweighted_document")]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="spans",
            field=models.BinaryField(null=True),
        ),
        migrations.RunPython(fill, unfill, elidable=True),
    ]

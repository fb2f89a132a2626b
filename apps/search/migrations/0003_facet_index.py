"""SQLite: a covering index for the facet query.

The facet query joins up to COUNT_CAP matched rowids to search_entry for their resolution and
language; through this index each lookup reads a small index entry instead of the wide row (terms
and all), which halves the query's cost. PostgreSQL reads those two columns from the heap rows it
visits for the tsvector match anyway, so it gets no such index.
"""

from django.db import migrations

SQLITE_FORWARD = (
    "CREATE INDEX search_entry_facets ON search_entry (sentence_id, resolution_id, lang)"
)
SQLITE_BACKWARD = "DROP INDEX IF EXISTS search_entry_facets"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_engine_index")]

    operations = [migrations.RunPython(forward, backward)]

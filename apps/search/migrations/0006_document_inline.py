"""PostgreSQL keeps each entry's tsvector in the row (storage MAIN) and moves the stems, forms and
offsets out of it instead, when a row is too long for a page's share.

A search reads its matches in table order, testing each row's tsvector (engines.window). With the
default storage, PostgreSQL moved the largest column of a long row, the tsvector, to the TOAST
table, so testing that row meant fetching it from there: for `develop*` over 300,000 entries,
21,000 buffer reads instead of 7,500 and 47-62 ms instead of 35-43 ms. The stems, forms and
offsets are only read for the 40 sentences a page shows.

The column's storage applies to rows written afterwards, so the table is rewritten (the type
is unchanged; the USING expression only makes PostgreSQL write every row anew; about 7 s per
300,000 entries, plus rebuilding the indexes), then analysed. SQLite: nothing.
"""

from django.db import migrations

FORWARD = [
    "ALTER TABLE search_entry ALTER COLUMN document SET STORAGE MAIN,"
    " ALTER COLUMN document TYPE tsvector USING document::text::tsvector",
    # Changing a column's type drops its statistics, and a rewritten table counts no changes
    # for autovacuum to analyse: without this the planner guessed 10,000 matches for "the"
    # (800,000 at 1M pairs) and scanned the GIN index, 190 ms instead of 5.
    "ANALYZE search_entry",
]
BACKWARD = ["ALTER TABLE search_entry ALTER COLUMN document SET STORAGE EXTENDED"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0005_token_spans")]
    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]

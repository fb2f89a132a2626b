"""PostgreSQL: forms and tags marked in the tsvector instead of weighted.

Stems keep their positions; forms become '~form' and tags '#tag' (apps.search.engines.FORM_MARK,
TAG_MARK), lexemes no stem can equal, so queries need no weight restriction and PostgreSQL no
longer rechecks every matched row. Existing documents are rewritten (index dropped and rebuilt
around it, faster than updating it row by row).
"""

from django.db import migrations

FUNCTION = """CREATE OR REPLACE FUNCTION search_entry_document() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.document := (
        SELECT coalesce(string_agg(part, ' '), '')::tsvector FROM (
          SELECT quote_literal(t) || ':' || least(n, 16000) AS part
            FROM unnest(string_to_array(NEW.stems, ' ')) WITH ORDINALITY AS s(t, n)
            WHERE t <> ''
          UNION ALL
          SELECT quote_literal({form}) || ':16383'
            FROM unnest(string_to_array(NEW.forms, ' ')) AS f(t) WHERE t <> ''
          UNION ALL
          SELECT quote_literal({tag}) || ':16382'
            FROM unnest(string_to_array(NEW.tags, ' ')) AS g(t) WHERE t <> ''
        ) parts);
      RETURN NEW;
    END $$"""
REWRITE = [
    "DROP INDEX IF EXISTS search_entry_document_gin",
    "UPDATE search_entry SET stems = stems",
    "CREATE INDEX search_entry_document_gin ON search_entry USING gin (document)",
]
FORWARD = [FUNCTION.format(form="'~' || t", tag="'#' || t"), *REWRITE]
BACKWARD = [
    FUNCTION.format(form="t", tag="t").replace("':16383'", "':16383A'").replace(
        "':16382'", "':16382B'"
    ),
    *REWRITE,
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0003_facet_index")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]

"""PostgreSQL: each form in the tsvector says how much of it a stem of its sentence already covers,
so a lone prefix query reads a matching row once, not twice.

A lone prefix such as `secur*` matches a word whose stem or whose form begins with it
(apps.bitext.analyze: stems for `لجن*` finding للجنة, forms for `securit*` finding security,
whose stem is secur). It was `'secur':* | '~secur':*`, and the two halves matched the same 58,122
rows at 1M pairs, since every "security" has both: PostgreSQL built the bitmap of each from the
GIN index before LIMIT applied (116 of 141 ms). A form is now written '~' + its first L letters
+ '|' + the rest, L being the length of the longest stem of the same sentence that begins it
(security → '~secur|ity'). A form whose first len(P) letters a stem covers needs no form half for
P: that stem begins with P too. So P looks only for forms split before its end
(apps.search.engines._ts_phrase: '~|secur':*, '~s|ecur':* … '~secu|r':*), which secur* rows
have none of. Matches, lexeme counts (ts_rank_cd's length) and SQLite are unchanged.

Every document is rewritten (index dropped and rebuilt around it, as in 0004), then analysed.
"""

from django.db import migrations

FUNCTION = """CREATE OR REPLACE FUNCTION search_entry_document() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      stem_list text[] := string_to_array(NEW.stems, ' ');
    BEGIN
      NEW.document := (
        SELECT coalesce(string_agg(part, ' '), '')::tsvector FROM (
          SELECT quote_literal(t) || ':' || least(n, 16000) AS part
            FROM unnest(stem_list) WITH ORDINALITY AS s(t, n)
            WHERE t <> ''
          UNION ALL
          SELECT quote_literal({form}) || ':16383'
            FROM unnest(string_to_array(NEW.forms, ' ')) AS f(t){covered} WHERE t <> ''
          UNION ALL
          SELECT quote_literal('#' || t) || ':16382'
            FROM unnest(string_to_array(NEW.tags, ' ')) AS g(t) WHERE t <> ''
        ) parts);
      RETURN NEW;
    END $$"""
# The longest stem of the sentence that begins the form (0 when none does).
COVERED = """
            CROSS JOIN LATERAL (
              SELECT coalesce(max(length(s)), 0) AS n FROM unnest(stem_list) AS s
               WHERE s <> '' AND starts_with(f.t, s)) AS covered"""
REWRITE = [
    "DROP INDEX IF EXISTS search_entry_document_gin",
    "UPDATE search_entry SET forms = forms",
    "CREATE INDEX search_entry_document_gin ON search_entry USING gin (document)",
    "ANALYZE search_entry",
]
FORWARD = [
    FUNCTION.format(
        form="'~' || left(f.t, covered.n) || '|' || substr(f.t, covered.n + 1)", covered=COVERED
    ),
    *REWRITE,
]
BACKWARD = [FUNCTION.format(form="'~' || t", covered=""), *REWRITE]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0011_reanalyse_short_ba")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]

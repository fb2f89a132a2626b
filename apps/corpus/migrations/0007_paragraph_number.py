"""Paragraph.number: each paragraph's number within its part, counted once here for every stored
resolution (the same statements as apps.corpus.units.paragraphs_renumber, frozen)."""

from django.db import migrations, models

NUMBERED = "(kind = 'operative' OR (kind = 'preamble' AND phrase_start IS NOT NULL))"


def number(apps, schema_editor):
    table = apps.get_model("corpus", "Paragraph")._meta.db_table
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {table} SET number = numbered.n
              FROM (SELECT id, ROW_NUMBER() OVER (
                               PARTITION BY resolution_id, lang, kind ORDER BY "index") AS n
                      FROM {table} WHERE {NUMBERED}) AS numbered
             WHERE {table}.id = numbered.id
            """
        )


class Migration(migrations.Migration):
    dependencies = [
        ("corpus", "0006_resolution_place_ar"),
    ]

    operations = [
        migrations.AddField(
            model_name="paragraph",
            name="number",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(number, migrations.RunPython.noop),
    ]

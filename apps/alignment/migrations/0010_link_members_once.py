"""A unit is in at most one link of its level, said by the database.

The members' tables Django made for Link's ManyToMany fields become declared through models under
the same names (state only: no table is touched), and each gets a unique constraint on its unit
column. A stored corpus that breaks the rule stops the migration with the units named, rather
than an IntegrityError: which link keeps a unit is an editor's choice, not the migration's.
"""

import django.db.models.deletion
from django.db import migrations, models

# (model, unit field, table, constraint name)
MEMBERS = [
    ("LinkParagraph", "paragraph", "alignment_link_paragraphs", "link_paragraph_in_one_link"),
    ("LinkSentence", "sentence", "alignment_link_sentences", "link_sentence_in_one_link"),
    ("LinkClause", "clause", "alignment_link_clauses", "link_clause_in_one_link"),
]


def check_units_in_one_link(apps, schema_editor):
    db = schema_editor.connection.alias
    problems = []
    for model_name, field, _table, _name in MEMBERS:
        through = apps.get_model("alignment", model_name)
        twice = (
            through.objects.using(db)
            .values(f"{field}_id")
            .annotate(n=models.Count("link_id"))
            .filter(n__gt=1)
            .order_by(f"{field}_id")
        )
        count = twice.count()
        if count:
            first = [str(row[f"{field}_id"]) for row in twice[:10]]
            problems.append(f"{count} {field}(s) in more than one link, ids {', '.join(first)}")
    if problems:
        raise RuntimeError(
            "Cannot add the one-link-per-unit constraint: "
            + "; ".join(problems)
            + ". Unlink each such unit from all but one of its links in the editor, then migrate."
        )


def add_unique(apps, schema_editor):
    # A plain UNIQUE constraint: PostgreSQL builds its index in place. SQLite cannot add a
    # constraint to a table, and Django copies the whole table to do it; a unique index (which
    # SQLite enforces the same way) does not.
    for model_name, field, table, name in MEMBERS:
        quote = schema_editor.quote_name
        if schema_editor.connection.vendor == "sqlite":
            sql = f"CREATE UNIQUE INDEX {quote(name)} ON {quote(table)} ({quote(field + '_id')})"
        else:
            sql = f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} UNIQUE ({quote(field + '_id')})"
        schema_editor.execute(sql)


def drop_unique(apps, schema_editor):
    for _model_name, _field, table, name in MEMBERS:
        quote = schema_editor.quote_name
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(f"DROP INDEX {quote(name)}")
        else:
            schema_editor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")


def through_state(model_name, field, unit, table):
    return [
        migrations.CreateModel(
            name=model_name,
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "link",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="alignment.link",
                    ),
                ),
                (
                    unit,
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=f"corpus.{unit}",
                    ),
                ),
            ],
            options={"db_table": table, "unique_together": {("link", unit)}},
        ),
        migrations.AlterField(
            model_name="link",
            name=field,
            field=models.ManyToManyField(
                blank=True,
                related_name="links",
                through=f"alignment.{model_name}",
                to=f"corpus.{unit}",
            ),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("alignment", "0009_edit_summary_text"),
        ("corpus", "0009_article_labels"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                *through_state("LinkParagraph", "paragraphs", "paragraph", MEMBERS[0][2]),
                *through_state("LinkSentence", "sentences", "sentence", MEMBERS[1][2]),
                *through_state("LinkClause", "clauses", "clause", MEMBERS[2][2]),
            ]
        ),
        migrations.RunPython(check_units_in_one_link, migrations.RunPython.noop),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddConstraint(
                    model_name=model_name.lower(),
                    constraint=models.UniqueConstraint(fields=(field,), name=name),
                )
                for model_name, field, _table, name in MEMBERS
            ],
            database_operations=[migrations.RunPython(add_unique, drop_unique)],
        ),
    ]

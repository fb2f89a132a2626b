"""The LinkReview index: the link states each edit left, filled from the edits recorded so far
(as apps.alignment.services.link_reviews_of writes it for new edits)."""

import django.db.models.deletion
from django.db import migrations, models


def fill_reviews(apps, schema_editor):
    Edit = apps.get_model("alignment", "Edit")
    LinkReview = apps.get_model("alignment", "LinkReview")
    db = schema_editor.connection.alias
    batch = []
    for edit in Edit.objects.using(db).order_by("pk").iterator(chunk_size=500):
        before = {
            (level, s["id"]): s["status"]
            for level, states in edit.before.get("links", {}).items()
            for s in states
        }
        batch += [
            LinkReview(
                edit_id=edit.pk,
                link_id=s["id"],
                level=level,
                version=s["version"],
                status=s["status"],
                given=before.get((level, s["id"])) != s["status"],
            )
            for level, states in edit.after.get("links", {}).items()
            for s in states
        ]
        if len(batch) >= 2000:
            LinkReview.objects.using(db).bulk_create(batch)
            batch = []
    LinkReview.objects.using(db).bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("alignment", "0007_link_length_ratio_data"),
    ]

    operations = [
        migrations.CreateModel(
            name="LinkReview",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("link_id", models.BigIntegerField()),
                (
                    "level",
                    models.CharField(
                        choices=[
                            ("paragraph", "Paragraph"),
                            ("sentence", "Sentence"),
                            ("clause", "Clause"),
                        ],
                        max_length=10,
                    ),
                ),
                ("version", models.PositiveIntegerField()),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("auto", "Automatic"),
                            ("confirmed", "Confirmed"),
                            ("corrected", "Corrected"),
                        ],
                        max_length=10,
                    ),
                ),
                ("given", models.BooleanField()),
                (
                    "edit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reviews",
                        to="alignment.edit",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["link_id", "level"], name="alignment_l_link_id_69dc67_idx")
                ],
            },
        ),
        migrations.RunPython(fill_reviews, migrations.RunPython.noop),
    ]

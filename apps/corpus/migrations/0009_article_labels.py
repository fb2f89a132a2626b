"""Label the stored paragraphs of texts divided into articles ("Article 1", "المادة 1": the UDHR)
by their article, as an import now does (apps.bitext.structure.article_labels): "Art. 1" in the
margin and citations instead of "¶ 13". A language of a resolution that already has source
labels (a keyed file's) is left as it is. The changed resolutions get a new revision, so no
cached reading page shows the old numbers.
"""

import time
from collections import defaultdict

from django.db import migrations
from django.db.models import F, PositiveBigIntegerField, Value
from django.db.models.functions import Greatest

from apps.bitext.structure import article_labels


def label_articles(apps, schema_editor):
    paragraph_model = apps.get_model("corpus", "Paragraph")
    labelled = set(
        paragraph_model.objects.exclude(source_label="")
        .values_list("resolution_id", "lang")
        .distinct()
    )
    # Only sides with an "Article"/"مادة" line can have articles: read just those.
    sides = (
        set(
            paragraph_model.objects.filter(
                text__regex=r"^\s*(Article|ARTICLE|article|المادة|مادة)\s"
            )
            .values_list("resolution_id", "lang")
            .distinct()
        )
        - labelled
    )
    changed: set[int] = set()
    for resolution_id, lang in sorted(sides):
        rows = list(
            paragraph_model.objects.filter(resolution_id=resolution_id, lang=lang)
            .order_by("index")
            .only("pk", "text", "source_label")
        )
        labels = article_labels([row.text for row in rows], lang)
        if not any(labels):
            continue
        for row, label in zip(rows, labels):
            row.source_label = label
        paragraph_model.objects.bulk_update(rows, ["source_label"], batch_size=500)
        changed.add(resolution_id)
    if changed:
        generation_model = apps.get_model("corpus", "CorpusGeneration")
        stamp = Greatest(
            F("value") + 1,
            Value(time.time_ns() // 1000, output_field=PositiveBigIntegerField()),
        )
        if not generation_model.objects.filter(pk=1).update(value=stamp):
            generation_model.objects.create(pk=1, value=time.time_ns() // 1000)
        generation = generation_model.objects.get(pk=1).value
        apps.get_model("corpus", "Resolution").objects.filter(pk__in=changed).update(
            revision=generation
        )


class Migration(migrations.Migration):
    dependencies = [("corpus", "0008_paragraph_source_label")]
    operations = [migrations.RunPython(label_articles, migrations.RunPython.noop)]

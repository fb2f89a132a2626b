"""Bring the stored paragraph anatomy (kind, opening phrase, action) up to this release's
apps.bitext.structure: every paragraph is classified again and the changed ones rewritten.

This release: adoption notes ("اعتُمد بموجب قرار الجمعية العامة ...", "Adopted by the Security
Council at its ... meeting") are framing, not operative; a list item opening with a verbal noun
spelled like a verb (the SDG targets' "دعم": "Support") is no longer operative. The resolutions
whose paragraphs change get a new revision, so no cached reading page shows the old anatomy.
"""

import time

from django.db import migrations
from django.db.models import F, PositiveBigIntegerField, Value
from django.db.models.functions import Greatest

from apps.bitext.structure import classify_paragraph

BATCH = 2000


def reclassify(apps, schema_editor):
    paragraph_model = apps.get_model("corpus", "Paragraph")
    changed_resolutions: set[int] = set()
    last = 0
    while True:
        rows = list(
            paragraph_model.objects.filter(pk__gt=last)
            .order_by("pk")
            .only("pk", "resolution_id", "lang", "text", "kind", "phrase_start", "phrase_end", "action")[
                :BATCH
            ]
        )
        if not rows:
            break
        last = rows[-1].pk
        updates = []
        for row in rows:
            anatomy = classify_paragraph(row.text, row.lang)
            new = (
                anatomy.kind,
                anatomy.phrase[0] if anatomy.phrase else None,
                anatomy.phrase[1] if anatomy.phrase else None,
                anatomy.action or "",
            )
            if new != (row.kind, row.phrase_start, row.phrase_end, row.action):
                row.kind, row.phrase_start, row.phrase_end, row.action = new
                updates.append(row)
                changed_resolutions.add(row.resolution_id)
        paragraph_model.objects.bulk_update(
            updates, ["kind", "phrase_start", "phrase_end", "action"], batch_size=500
        )
    if changed_resolutions:
        generation_model = apps.get_model("corpus", "CorpusGeneration")
        stamp = Greatest(
            F("value") + 1,
            Value(time.time_ns() // 1000, output_field=PositiveBigIntegerField()),
        )
        if not generation_model.objects.filter(pk=1).update(value=stamp):
            generation_model.objects.create(pk=1, value=time.time_ns() // 1000)
        generation = generation_model.objects.get(pk=1).value
        apps.get_model("corpus", "Resolution").objects.filter(pk__in=changed_resolutions).update(
            revision=generation
        )


class Migration(migrations.Migration):
    dependencies = [("corpus", "0004_findings_version")]
    operations = [migrations.RunPython(reclassify, migrations.RunPython.noop)]

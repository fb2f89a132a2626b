"""Bring the stored terms up to this release's analyzer: every entry is analysed again and the
ones whose stems or forms changed are rewritten (with their offsets), so searches and the marks
on a results page agree with the analyzer without a separate `manage.py rebuild_search`.

This release: an alef with hamza or madda (آلية, إلغاء, ألمانيا) no longer counts as the
article's, and no word's stem is cut down to a frequent function word but by a pronoun
(الولايات was ولا, الآلية was إلى's الي, الوفيات وفي). About 0.4 % of the distinct Arabic words change; the
pass analyses every entry (4,200 UN-length sentences: 0.9 s on SQLite) and writes only the
changed ones. The corpus generation is bumped, so no cached search from the old terms is served.
"""

import time

from django.db import migrations
from django.db.models import F, PositiveBigIntegerField, Value
from django.db.models.functions import Greatest

from apps.bitext.analyze import analyze, pack_spans, terms_text

BATCH = 2000


def reanalyse(apps, schema_editor):
    changed = 0
    last = 0
    with schema_editor.connection.cursor() as cursor:
        while True:
            cursor.execute(
                "SELECT e.sentence_id, e.stems, e.forms, s.text FROM search_entry AS e"
                " JOIN corpus_sentence AS s ON s.id = e.sentence_id"
                " WHERE e.sentence_id > %s ORDER BY e.sentence_id LIMIT %s",
                [last, BATCH],
            )
            rows = cursor.fetchall()
            if not rows:
                break
            last = rows[-1][0]
            updates = []
            for sentence_id, stems, forms, text in rows:
                tokens = analyze(text)
                new_stems, new_forms = terms_text(tokens)
                if (new_stems, new_forms) != (stems, forms):
                    updates.append((new_stems, new_forms, pack_spans(tokens), sentence_id))
            cursor.executemany(
                "UPDATE search_entry SET stems = %s, forms = %s, spans = %s"
                " WHERE sentence_id = %s",
                updates,
            )
            changed += len(updates)
    if changed:
        generation = apps.get_model("corpus", "CorpusGeneration")
        stamp = Greatest(
            F("value") + 1,
            Value(time.time_ns() // 1000, output_field=PositiveBigIntegerField()),
        )
        if not generation.objects.filter(pk=1).update(value=stamp):
            generation.objects.create(pk=1, value=time.time_ns() // 1000)


class Migration(migrations.Migration):
    dependencies = [("search", "0006_document_inline"), ("corpus", "0004_findings_version")]
    operations = [migrations.RunPython(reanalyse, migrations.RunPython.noop)]

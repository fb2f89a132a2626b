"""The data step of the migrations that change what the analyzer makes of a text (0007-0009):
every entry is analysed again with the analyzer of the code being deployed, and the ones whose
stems or forms changed are rewritten with their offsets. Searches and the marks on a results page
then agree with the analyzer without a separate `manage.py rebuild_search`.

It reads and writes with plain SQL (the tables as 0006 left them) and bumps the corpus generation
through the historical model, so no cached search from the old terms is served. It analyses every
entry (4,200 UN-length sentences: about 1 s on SQLite) and writes only the changed ones. (Django's
migration loader skips modules whose name starts with "_": this one is not a migration.)
"""

import time

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
    return changed

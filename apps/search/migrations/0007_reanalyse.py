"""Bring the stored terms up to this release's analyzer (see _reanalyse).

This release: an alef with hamza or madda (آلية, إلغاء, ألمانيا) no longer counts as the
article's, and no word's stem is cut down to a frequent function word but by a pronoun
(الولايات was ولا, الآلية was إلى's الي, الوفيات وفي). About 0.4 % of the distinct Arabic words
change.

Migration 0008 re-analyses every entry again with the same (the deployed) analyzer, so this step
is left to it: a database migrated across both releases analyses its index once.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("search", "0006_document_inline"), ("corpus", "0004_findings_version")]
    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]

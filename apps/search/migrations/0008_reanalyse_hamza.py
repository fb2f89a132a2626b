"""Bring the stored terms up to this release's analyzer (see _reanalyse).

This release: a hamza on waw or ya (ؤ ئ) is one hamza letter in the index instead of و and ي,
so الفئة (the category) is no longer فيه ("in it") nor الفئات وفيات (deaths), and مسؤولية and
مسئولية are one word; a word's last hamza is one letter on any seat (أداء, أدائها, أداؤه), and
مائة (a hundred) is مئة. About 2 % of the distinct Arabic words of the UN development set change.
"""

from django.db import migrations

from apps.search.migrations._reanalyse import reanalyse


class Migration(migrations.Migration):
    dependencies = [("search", "0007_reanalyse")]
    operations = [migrations.RunPython(reanalyse, migrations.RunPython.noop)]

"""Bring the stored terms up to this release's analyzer (see _reanalyse).

This release: الآن ("now") keeps its article (it was ال + آن, which the alef fold made أن, "that"),
and each relative pronoun is indexed under its gender's singular (اللذين, اللذان and الذين as
الذي; اللتين, اللتان, اللاتي, اللواتي and اللائي as التي).
"""

from django.db import migrations

from apps.search.migrations._reanalyse import reanalyse


class Migration(migrations.Migration):
    dependencies = [("search", "0011_reanalyse_short_ba")]
    operations = [migrations.RunPython(reanalyse, migrations.RunPython.noop)]

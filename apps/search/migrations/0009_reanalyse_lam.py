"""Bring the stored terms up to this release's analyzer (see _reanalyse).

This release: the ل of ل + ال stays in the stem (للجنة is ل + ال + لجنة, indexed as لجنة and no
longer as جنة; للدول as لدول, which دول is read under), a stem beginning with ل counts its three
letters after the ل (لضمان was لضم, لشؤون لشء), and ؤ before an alef is kept apart from ئ
(مؤاتية, "favourable", was مئات, "hundreds"). About 4 % of the distinct Arabic words of the UN
development set change.
"""

from django.db import migrations

from apps.search.migrations._reanalyse import reanalyse


class Migration(migrations.Migration):
    dependencies = [("search", "0008_reanalyse_hamza")]
    operations = [migrations.RunPython(reanalyse, migrations.RunPython.noop)]

"""Bring the stored terms up to this release's analyzer (see _reanalyse).

This release: God's name keeps its article (الله, لله, بالله were indexed as له, "to him"), and a
ل before أ, إ or آ comes off as the preposition it is (لأزمة and للأزمة were لازم, the stem of
اللازمة, "necessary"; للآتي, "to the following", was اللاتي's لاتي).
"""

from django.db import migrations

from apps.search.migrations._reanalyse import reanalyse


class Migration(migrations.Migration):
    dependencies = [("search", "0009_reanalyse_lam")]
    operations = [migrations.RunPython(reanalyse, migrations.RunPython.noop)]

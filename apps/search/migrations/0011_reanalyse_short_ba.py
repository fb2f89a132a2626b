"""Bring the stored terms up to this release's analyzer (see _reanalyse).

This release: three letters stay after a first ب or ك when an ending comes off, but for a stem of
ب's or ك's own (بمدينة, "in the city", was بمد, the stem of بمدة, "for a period"; بسنة was بسن,
"by enacting"), and the relative pronouns الذي, التي, الذين keep their article (الذي was ذي, "of").
"""

from django.db import migrations

from apps.search.migrations._reanalyse import reanalyse


class Migration(migrations.Migration):
    dependencies = [("search", "0010_reanalyse_prepositions")]
    operations = [migrations.RunPython(reanalyse, migrations.RunPython.noop)]

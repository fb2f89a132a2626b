# Cache stamps: a revision per resolution and one corpus-wide generation (apps.corpus.revisions).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('corpus', '0002_historicalresolution'),
    ]

    operations = [
        migrations.AddField(
            model_name='resolution',
            name='revision',
            field=models.PositiveBigIntegerField(default=0, editable=False),
        ),
        migrations.CreateModel(
            name='CorpusGeneration',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('value', models.PositiveBigIntegerField(default=0)),
            ],
            options={
                'constraints': [models.CheckConstraint(condition=models.Q(('id', 1)), name='corpus_generation_single_row')],
            },
        ),
    ]

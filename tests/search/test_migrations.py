"""Migration 0007: an index written by an older analyzer is brought up to the current one."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import TestCase

from apps.corpus.models import CorpusGeneration
from apps.search.models import SearchEntry
from apps.search.selectors import search
from tests.search.corpus import import_un_function_words


class ReanalyseMigrationTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        import_un_function_words()

    def test_entries_of_the_old_analyzer_are_rewritten(self) -> None:
        """Entries stored as the old analyzer cut الآلية down (to إلى's الي) are found by الآلية
        again after the migration, with the same terms and offsets an import stores now."""
        stored = {
            e.pk: (e.stems, e.forms, bytes(e.spans or b"")) for e in SearchEntry.objects.all()
        }
        for entry in SearchEntry.objects.filter(stems__contains="اليه"):
            SearchEntry.objects.filter(pk=entry.pk).update(
                stems=entry.stems.replace("اليه", "الي"), forms="", spans=None
            )
        assert search("الآلية", spot=False).count == 0
        generation = CorpusGeneration.objects.get(pk=1).value
        migration = importlib.import_module("apps.search.migrations.0007_reanalyse")
        state = MigrationLoader(connection).project_state(
            [("search", "0006_document_inline"), ("corpus", "0004_findings_version")]
        )
        migration.reanalyse(state.apps, SimpleNamespace(connection=connection))
        after = {e.pk: (e.stems, e.forms, bytes(e.spans or b"")) for e in SearchEntry.objects.all()}
        assert after == stored
        assert search("الآلية", spot=False).count == 2
        assert CorpusGeneration.objects.get(pk=1).value > generation

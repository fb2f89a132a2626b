"""Migration 0008 (and 0007 before it): an index written by an older analyzer is brought up to the
current one."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import TestCase

from apps.corpus.models import CorpusGeneration
from apps.search.models import SearchEntry
from apps.search.selectors import search
from tests.search.corpus import import_un_function_words, import_un_hamza


def run_migration() -> None:
    """Migration 0008's data step, on the models as they were at 0007."""
    migration = importlib.import_module("apps.search.migrations.0008_reanalyse_hamza")
    state = MigrationLoader(connection).project_state([("search", "0007_reanalyse")])
    migration.reanalyse(state.apps, SimpleNamespace(connection=connection))


def terms() -> dict[int, tuple[str, str, bytes]]:
    return {e.pk: (e.stems, e.forms, bytes(e.spans or b"")) for e in SearchEntry.objects.all()}


class ReanalyseMigrationTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        import_un_function_words()
        import_un_hamza()

    def test_entries_of_the_old_analyzer_are_rewritten(self) -> None:
        """Entries stored as the old analyzer cut الآلية down (to إلى's الي) are found by الآلية
        again after the migration, with the same terms and offsets an import stores now."""
        stored = terms()
        for entry in SearchEntry.objects.filter(stems__contains="اليه"):
            SearchEntry.objects.filter(pk=entry.pk).update(
                stems=entry.stems.replace("اليه", "الي"), forms="", spans=None
            )
        assert search("الآلية", spot=False).count == 0
        generation = CorpusGeneration.objects.get(pk=1).value
        run_migration()
        assert terms() == stored
        assert search("الآلية", spot=False).count == 3  # الآلية, آلية, لآلية (line 785)
        assert CorpusGeneration.objects.get(pk=1).value > generation

    def test_entries_with_the_old_hamza_fold_are_rewritten(self) -> None:
        """Entries stored when ؤ and ئ were folded to و and ي (الفئة indexed as فيه, الفئات as
        وفيات's فيات) are found by the category's words, and not by فيه, after the migration."""
        stored = terms()
        old = {"فئه": "فيه", "فئات": "فيات", "مسئول": "مسوول", "مئه": "ماي"}
        for entry in SearchEntry.objects.all():
            stems = " ".join(old.get(stem, stem) for stem in entry.stems.split())
            if stems != entry.stems:
                SearchEntry.objects.filter(pk=entry.pk).update(stems=stems, forms="", spans=None)
        assert search("الفئة", spot=False).count == 0
        assert search("فيه", spot=False).count == 2  # فيه's sentence and الفئة's
        run_migration()
        assert terms() == stored
        assert search("الفئة", spot=False).count == 1
        assert search("فيه", spot=False).count == 1
        assert search("الفئات", spot=False).count == 1
        assert search("المئة", spot=False).count == 1

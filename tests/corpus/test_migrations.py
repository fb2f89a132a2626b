"""Migration 0005: paragraphs classified by an older apps.bitext.structure are classified again."""

from __future__ import annotations

import importlib
import re
from types import SimpleNamespace

from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import TestCase

from apps.corpus.models import Paragraph, Resolution
from tests.reader.test_views import import_udhr


class ReclassifyMigrationTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.udhr = import_udhr()

    def test_stored_adoption_note_becomes_framing(self) -> None:
        """The UDHR stored as before (its Arabic adoption note operative "adopts", so the page
        had an "Operative part" on top and "Proclaims" as Arabic op. 2) reads as an import reads
        now after the migration: the note is framing, "Proclaims" op. 1, and the cached page of
        the old anatomy is not served again."""
        note = Paragraph.objects.get(resolution=self.udhr, lang="ar", index=0)
        stored = {
            p.pk: (p.kind, p.phrase_start, p.phrase_end, p.action)
            for p in Paragraph.objects.filter(resolution=self.udhr)
        }
        assert stored[note.pk] == ("framing", None, None, "")
        Paragraph.objects.filter(pk=note.pk).update(
            kind="operative", phrase_start=0, phrase_end=6, action="adopt"
        )
        Resolution.objects.filter(pk=self.udhr.pk).update(revision=1)
        html = self.client.get("/r/udhr/").content.decode()
        assert re.findall(r'<h2 class="part part-(\w+)">', html)[0] == "operative"

        migration = importlib.import_module("apps.corpus.migrations.0005_reclassify")
        state = MigrationLoader(connection).project_state(("corpus", "0004_findings_version"))
        migration.reclassify(state.apps, SimpleNamespace(connection=connection))

        after = {
            p.pk: (p.kind, p.phrase_start, p.phrase_end, p.action)
            for p in Paragraph.objects.filter(resolution=self.udhr)
        }
        assert after == stored
        assert Resolution.objects.get(pk=self.udhr.pk).revision > 1
        html = self.client.get("/r/udhr/").content.decode()
        assert re.findall(r'<h2 class="part part-(\w+)">', html) == [
            "framing",
            "preamble",
            "operative",
        ]

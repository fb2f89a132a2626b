"""Corpus migrations: 0005 classifies stored paragraphs again, 0007 numbers them, 0009 labels
the articles of a declaration."""

from __future__ import annotations

import importlib
import re
from types import SimpleNamespace

from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import TestCase

from apps.corpus.models import Paragraph, Resolution
from apps.corpus.services import ResolutionMeta, resolution_import
from tests.conftest import udhr_text
from tests.reader.test_views import import_demo, import_udhr


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


class NumberMigrationTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.udhr = import_udhr()

    def test_stored_paragraphs_get_their_numbers(self) -> None:
        """Paragraphs stored before numbers were (all 0) get the numbers an import gives them:
        the UDHR's English recitals pre. 1 to 7 and "Proclaims" op. 1."""
        imported = dict(Paragraph.objects.filter(resolution=self.udhr).values_list("pk", "number"))
        Paragraph.objects.filter(resolution=self.udhr).update(number=0)

        migration = importlib.import_module("apps.corpus.migrations.0007_paragraph_number")
        state = MigrationLoader(connection).project_state(("corpus", "0007_paragraph_number"))
        migration.number(state.apps, SimpleNamespace(connection=connection))

        after = dict(Paragraph.objects.filter(resolution=self.udhr).values_list("pk", "number"))
        assert after == imported
        en = Paragraph.objects.filter(resolution=self.udhr, lang="en")
        recitals = en.filter(kind="preamble").exclude(number=0).order_by("index")
        assert list(recitals.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6, 7]
        assert en.filter(kind="operative").order_by("index").first().number == 1


class ArticleLabelMigrationTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.udhr = resolution_import(
            ar_paragraphs=udhr_text("ar"),
            en_paragraphs=udhr_text("en"),
            meta=ResolutionMeta(slug="udhr", symbol="A/RES/217 A (III)"),
        )
        cls.demo = import_demo()

    def test_stored_udhr_gets_its_article_labels(self) -> None:
        """The UDHR stored before articles were read (no labels: Article 1's text was ¶ 14 in the
        margin, its heading, a heading, unnumbered) gets the labels an import gives it, and a page cached before is not served
        again; the demo resolution, which has no articles, is left alone."""
        imported = dict(
            Paragraph.objects.filter(resolution=self.udhr).values_list("pk", "source_label")
        )
        Paragraph.objects.filter(resolution=self.udhr).update(source_label="")
        Resolution.objects.filter(pk=self.udhr.pk).update(revision=1)
        demo_revision = Resolution.objects.get(pk=self.demo.pk).revision
        assert "¶ 14" in self.client.get("/r/udhr/").content.decode()

        migration = importlib.import_module("apps.corpus.migrations.0009_article_labels")
        state = MigrationLoader(connection).project_state(("corpus", "0009_article_labels"))
        migration.label_articles(state.apps, SimpleNamespace(connection=connection))

        after = dict(
            Paragraph.objects.filter(resolution=self.udhr).values_list("pk", "source_label")
        )
        assert after == imported
        assert "Art. 1" in set(after.values())
        html = self.client.get("/r/udhr/").content.decode()
        assert "¶ 14" not in html and "Art. 30" in html
        assert Resolution.objects.get(pk=self.demo.pk).revision == demo_revision
        assert not Paragraph.objects.filter(resolution=self.demo).exclude(source_label="").exists()

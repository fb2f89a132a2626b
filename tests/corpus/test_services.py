"""Importing the demo resolution: units, offsets and 1:1 paragraph links, stored atomically."""

from __future__ import annotations

from unittest import mock

import pytest
from django.test import TestCase

from apps.alignment.models import Level, Link
from apps.bitext.document import UnitLink
from apps.bitext.textfile import InputError
from apps.corpus.models import Clause, Paragraph, Resolution, Sentence
from apps.corpus.services import ResolutionMeta, resolution_import
from tests.conftest import demo_sides


class DemoImportTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        cls.resolution = resolution_import(
            ar_paragraphs=ar, en_paragraphs=en, meta=ResolutionMeta(slug="demo")
        )

    def test_paragraph_counts(self) -> None:
        """42 Arabic and 42 English paragraphs, indexed from 0 in order."""
        for lang in ("ar", "en"):
            indexes = list(
                Paragraph.objects.of(self.resolution)
                .in_language(lang)
                .values_list("index", flat=True)
            )
            assert indexes == list(range(42))

    def test_every_paragraph_linked_one_to_one(self) -> None:
        """Each paragraph link joins Arabic paragraph i to English paragraph i."""
        links = Link.objects.of(self.resolution).at(Level.PARAGRAPH).prefetch_related("paragraphs")
        pairs = []
        for link in links:
            sides = {"ar": [], "en": []}
            for p in link.paragraphs.all():
                sides[p.lang].append(p.index)
            pairs.append((sides["ar"], sides["en"]))
        assert sorted(pairs) == [([i], [i]) for i in range(42)]

    def test_offsets_slice_the_paragraph(self) -> None:
        """text[start:end] of every sentence and clause equals the unit's text."""
        sentences = Sentence.objects.filter(paragraph__resolution=self.resolution).select_related(
            "paragraph"
        )
        assert sentences.count() > 84
        for s in sentences:
            assert s.paragraph.text[s.start : s.end] == s.text
            assert s.text == s.text.strip() and s.text
        clauses = Clause.objects.filter(
            sentence__paragraph__resolution=self.resolution
        ).select_related("sentence__paragraph")
        assert clauses.count() > sentences.count()
        for c in clauses:
            assert c.sentence.paragraph.text[c.start : c.end] == c.text
            assert c.sentence.start <= c.start < c.end <= c.sentence.end

    def test_every_unit_is_on_exactly_one_link_of_its_level(self) -> None:
        """No sentence or clause is lost or linked twice."""
        for model, field in ((Sentence, "sentences"), (Clause, "clauses")):
            through = getattr(Link, field).through
            column = f"{model.__name__.lower()}_id"
            linked = list(
                through.objects.filter(link__resolution=self.resolution).values_list(
                    column, flat=True
                )
            )
            assert len(linked) == len(set(linked))
            total = model.objects.filter(lang__in=["ar", "en"]).count()
            assert len(linked) == total

    def test_scores_in_range(self) -> None:
        """Every link has a score in [0, 1] and starts as automatic."""
        for score, status in Link.objects.of(self.resolution).values_list("score", "status"):
            assert 0.0 <= score <= 1.0 and status == "auto"

    def test_operative_paragraphs_classified(self) -> None:
        """Operative paragraphs carry their kind, in both languages."""
        kinds = dict(
            Paragraph.objects.of(self.resolution).filter(index=5).values_list("lang", "kind")
        )
        assert kinds == {"ar": "operative", "en": "operative"}


class AtomicImportTests(TestCase):
    def test_failure_half_way_leaves_nothing(self) -> None:
        """A failure while writing links rolls back the resolution and its units."""
        ar, en = demo_sides()
        with (
            mock.patch("apps.corpus.services.links_create", side_effect=RuntimeError("disk full")),
            pytest.raises(RuntimeError),
        ):
            resolution_import(ar_paragraphs=ar, en_paragraphs=en, meta=ResolutionMeta(slug="demo"))
        assert not Resolution.objects.exists() and not Paragraph.objects.exists()


class GivenPairingTests(TestCase):
    def test_given_paragraph_links_are_stored_as_given(self) -> None:
        """Paragraphs paired by their source (Arabic 3 with no English, English 3 with no
        Arabic) are stored so, with the pair's score, and every sentence has its link."""
        ar, en = demo_sides()
        given = [
            UnitLink("paragraph", ((0,),), ((0,),), 1.0),
            UnitLink("paragraph", ((1,),), ((1,),), 1.0),
            UnitLink("paragraph", ((2,),), ((2,),), 1.0),
            UnitLink("paragraph", ((3,),), (), 0.0),
            UnitLink("paragraph", (), ((3,),), 0.0),
        ]
        resolution = resolution_import(
            ar_paragraphs=ar[2:6],
            en_paragraphs=en[2:5] + [en[6]],
            meta=ResolutionMeta(slug="keyed"),
            paragraph_links=given,
        )
        stored = [
            sorted((p.lang, p.index) for p in link.paragraphs.all())
            for link in Link.objects.filter(resolution=resolution, level=Level.PARAGRAPH)
            .order_by("position")
            .prefetch_related("paragraphs")
        ]
        assert stored == [
            [("ar", 0), ("en", 0)],
            [("ar", 1), ("en", 1)],
            [("ar", 2), ("en", 2)],
            [("ar", 3)],
            [("en", 3)],
        ]
        linked = Sentence.objects.filter(paragraph__resolution=resolution, links__isnull=False)
        assert (
            linked.distinct().count()
            == Sentence.objects.filter(paragraph__resolution=resolution).count()
        )

    def test_a_pairing_that_leaves_out_a_paragraph_is_refused(self) -> None:
        """Given links that miss English paragraph 1 are refused before anything is stored."""
        ar, en = demo_sides()
        with pytest.raises(InputError, match="does not hold every paragraph once"):
            resolution_import(
                ar_paragraphs=ar[2:4],
                en_paragraphs=en[2:4],
                meta=ResolutionMeta(slug="keyed"),
                paragraph_links=[UnitLink("paragraph", ((0,), (1,)), ((0,),), 1.0)],
            )
        assert not Resolution.objects.exists()

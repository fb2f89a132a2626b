"""Migrations 0005 and 0007: links stored before their QA findings and length ratio were get
them when the database is migrated; 0008: edits recorded before get their reviews indexed;
0009: an edit's summary keeps its text and may then be longer than 300 characters."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

from django.contrib.auth.models import User
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.test import TestCase, TransactionTestCase

from apps.alignment.models import Edit, Link, LinkReview
from apps.alignment.services import link_confirm, link_merge
from apps.corpus.services import ResolutionMeta, resolution_import
from apps.review.selectors import review_items, review_queue
from tests.conftest import demo_sides


class FindingsMigrationTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        en[15] = en[15].replace("3,400", "3,800")
        cls.resolution = resolution_import(
            ar_paragraphs=ar, en_paragraphs=en, meta=ResolutionMeta(slug="demo")
        )

    def test_existing_links_get_their_findings(self) -> None:
        """With findings blanked as before the migration, running it stores the same findings
        an import stores, and the review queue shows the wrong number first again."""
        stored = dict(Link.objects.values_list("pk", "findings"))
        assert any(stored.values())
        Link.objects.update(findings=[])
        before = review_queue(review_items([self.resolution], "sentence"))
        assert not any(r.code == "number" for item in before for r in item.reasons)
        migration = importlib.import_module("apps.alignment.migrations.0005_link_findings_data")
        state = MigrationLoader(connection).project_state(("alignment", "0004_link_findings"))
        migration.store_findings(state.apps, SimpleNamespace(connection=connection))
        assert dict(Link.objects.values_list("pk", "findings")) == stored
        top = review_queue(review_items([self.resolution], "sentence"))[0]
        assert "Number only in the Arabic: 3400" in [r.text for r in top.reasons]

    def test_existing_links_get_their_length_ratio(self) -> None:
        """With ratios blanked, no link is a length-ratio outlier; the migration brings back the
        ratios an import stores, and with them the outliers the queue shows."""
        stored = dict(Link.objects.values_list("pk", "length_ratio"))
        outliers = self.outliers()
        assert outliers and None in stored.values()  # a one-sided link has no ratio
        Link.objects.update(length_ratio=None)
        assert self.outliers() == []
        migration = importlib.import_module("apps.alignment.migrations.0007_link_length_ratio_data")
        state = MigrationLoader(connection).project_state(("alignment", "0006_link_length_ratio"))
        migration.store_ratios(state.apps, SimpleNamespace(connection=connection))
        assert dict(Link.objects.values_list("pk", "length_ratio")) == stored
        assert self.outliers() == outliers

    def outliers(self) -> list[int]:
        return [
            item.id
            for level in ("paragraph", "sentence", "clause")
            for item in review_items([self.resolution], level)
            if any(r.code == "ratio" for r in item.reasons)
        ]


class ReviewIndexMigrationTests(TestCase):
    """Migration 0008: the reviews of edits recorded before the LinkReview index existed are
    indexed when the database is migrated, so who confirmed them is found."""

    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        cls.resolution = resolution_import(
            ar_paragraphs=ar, en_paragraphs=en, meta=ResolutionMeta(slug="demo")
        )
        cls.bob = User.objects.create_user("bob")

    def test_edits_recorded_before_get_their_reviews_indexed(self) -> None:
        """Bob confirmed a sentence link and merged two paragraph links; with the index emptied
        as before the migration, running it gives the rows the services write."""
        sentence = Link.objects.of(self.resolution).at("sentence").get(position=0)
        link_confirm(resolution=self.resolution, link_id=sentence.pk, version=1, user=self.bob)
        paragraphs = list(Link.objects.of(self.resolution).at("paragraph").order_by("position"))
        link_merge(
            resolution=self.resolution,
            versions={paragraphs[3].pk: 1, paragraphs[4].pk: 1},
            user=self.bob,
        )
        fields = ("edit_id", "link_id", "level", "version", "status", "given")
        written = sorted(LinkReview.objects.values_list(*fields))
        assert [row[4] for row in written] == ["confirmed", "corrected"]
        LinkReview.objects.all().delete()
        migration = importlib.import_module("apps.alignment.migrations.0008_link_review")
        state = MigrationLoader(connection).project_state(("alignment", "0008_link_review"))
        migration.fill_reviews(state.apps, SimpleNamespace(connection=connection))
        assert sorted(LinkReview.objects.values_list(*fields)) == written


class EditSummaryMigrationTests(TransactionTestCase):
    """Migration 0009 (Edit.summary from 300 characters to unbounded), run on a database that
    holds an edit: schema changes need the transactions a TestCase would wrap them in."""

    def test_a_stored_summary_survives_and_a_longer_one_fits_after(self) -> None:
        """An edit recorded at 0008 with a full 300-character summary (the demo's Arabic
        from paragraph 5 on) keeps it exactly through the migration; after it, a summary quoting a
        2,000-character flag note is stored whole (PostgreSQL refused it before)."""
        ar, en = demo_sides()
        at_0008 = [("alignment", "0008_link_review")]
        executor = MigrationExecutor(connection)
        executor.migrate(at_0008)
        try:
            others = [n for n in executor.loader.graph.leaf_nodes() if n[0] != "alignment"]
            old = executor.loader.project_state(at_0008 + others).apps
            resolution = old.get_model("corpus", "Resolution").objects.create(
                slug="demo", title_en="OIC CFM Ex-21"
            )
            summary = ("Flagged: " + " ".join(ar[5:]))[:300]
            assert len(summary) == 300
            edit = old.get_model("alignment", "Edit").objects.create(
                resolution_id=resolution.pk, action="flag", summary=summary, before={}, after={}
            )
        finally:
            executor = MigrationExecutor(connection)
            executor.migrate(executor.loader.graph.leaf_nodes())
        stored = Edit.objects.get(pk=edit.pk)
        assert stored.summary == summary
        note = " ".join(en)[:2000]
        Edit.objects.filter(pk=edit.pk).update(summary=f"Flagged: {note}")
        assert Edit.objects.get(pk=edit.pk).summary == f"Flagged: {note}"


class UnitInOneLinkMigrationTests(TransactionTestCase):
    """Migration 0010 on a stored corpus: it adds the one-link-per-unit rule where the corpus
    keeps it, and stops, naming the units, where a sentence is in two links."""

    def test_a_sentence_in_two_links_stops_the_migration_with_its_id(self) -> None:
        ar, en = demo_sides()
        resolution = resolution_import(
            ar_paragraphs=ar[:4], en_paragraphs=en[:4], meta=ResolutionMeta(slug="demo")
        )
        first, second = Link.objects.of(resolution).at("sentence").order_by("position")[:2]
        twice = second.sentences.order_by("pk").first()
        executor = MigrationExecutor(connection)
        executor.migrate([("alignment", "0009_edit_summary_text")])
        try:
            through = "alignment_link_sentences"
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {through} (link_id, sentence_id) VALUES (%s, %s)",
                    [first.pk, twice.pk],
                )
            executor = MigrationExecutor(connection)
            with self.assertRaisesMessage(
                RuntimeError, f"1 sentence(s) in more than one link, ids {twice.pk}."
            ):
                executor.migrate(executor.loader.graph.leaf_nodes())
            with connection.cursor() as cursor:
                cursor.execute(
                    f"DELETE FROM {through} WHERE link_id = %s AND sentence_id = %s",
                    [first.pk, twice.pk],
                )
        finally:
            executor = MigrationExecutor(connection)
            executor.migrate(executor.loader.graph.leaf_nodes())
        with self.assertRaises(IntegrityError), transaction.atomic():
            first.sentences.add(twice)

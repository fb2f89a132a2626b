"""Two editors saving the same stretch at once, on two real PostgreSQL connections."""

from __future__ import annotations

import threading
import time

import pytest
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.test import TransactionTestCase

from apps.alignment.models import Level, Link, Status
from apps.alignment.services import StaleEditError, link_confirm, link_flag, link_merge
from apps.corpus.models import Resolution
from apps.corpus.revisions import corpus_generation
from apps.corpus.services import ResolutionMeta, resolution_import
from tests.conftest import demo_sides


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite locks the whole database per write, so two connections cannot interleave "
    "row locks; the race is only meaningful on PostgreSQL",
)
class ConcurrentEditTests(TransactionTestCase):
    def setUp(self) -> None:
        ar, en = demo_sides()
        self.resolution = resolution_import(
            ar_paragraphs=ar, en_paragraphs=en, meta=ResolutionMeta(slug="demo")
        )
        self.alice = User.objects.create_user("alice")
        self.bob = User.objects.create_user("bob")

    def race(self, first, second) -> dict[str, object]:
        """Run first() in a transaction that holds its locks a moment, and second() as soon as
        first has locked: second must wait, then see first's committed version."""
        locked = threading.Event()
        results: dict[str, object] = {}

        def run_first() -> None:
            try:
                with transaction.atomic():
                    results["first"] = first()
                    locked.set()
                    time.sleep(0.4)
            except Exception as error:  # noqa: BLE001 - reported to the test thread
                results["first"] = error
                locked.set()
            finally:
                connection.close()

        def run_second() -> None:
            locked.wait(5)
            try:
                results["second"] = second()
            except Exception as error:  # noqa: BLE001
                results["second"] = error
            finally:
                connection.close()

        threads = [threading.Thread(target=run_first), threading.Thread(target=run_second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)
        return results

    def test_second_save_on_the_same_link_is_refused(self) -> None:
        """Alice flags and Bob confirms the same clause link, both from version 1: Bob's save
        waits for Alice's, then is refused; Alice's flag stays and the link is not confirmed."""
        link = Link.objects.of(self.resolution).at(Level.CLAUSE).order_by("position")[12]
        results = self.race(
            lambda: link_flag(
                resolution=self.resolution,
                link_id=link.pk,
                version=1,
                user=self.alice,
                note="English omits the date",
            ),
            lambda: link_confirm(
                resolution=self.resolution, link_id=link.pk, version=1, user=self.bob
            ),
        )
        assert not isinstance(results["first"], Exception), results["first"]
        assert isinstance(results["second"], StaleEditError), results["second"]
        assert "Reload the page" in str(results["second"])
        link.refresh_from_db()
        assert link.flagged and link.note == "English omits the date"
        assert link.status == Status.AUTO and link.version == 2

    def test_merge_racing_a_confirm_on_its_neighbour(self) -> None:
        """Bob confirms a paragraph link while Alice merges it with its neighbour: whichever
        locks first wins, the other is refused, and no half-applied state remains."""
        first, second = (
            Link.objects.of(self.resolution).at(Level.PARAGRAPH).order_by("position")[20:22]
        )
        results = self.race(
            lambda: link_merge(
                resolution=self.resolution,
                versions={first.pk: 1, second.pk: 1},
                user=self.alice,
            ),
            lambda: link_confirm(
                resolution=self.resolution, link_id=second.pk, version=1, user=self.bob
            ),
        )
        assert not isinstance(results["first"], Exception), results["first"]
        assert isinstance(results["second"], StaleEditError), results["second"]
        assert not Link.objects.filter(pk=second.pk).exists()
        assert Link.objects.of(self.resolution).at(Level.PARAGRAPH).count() == 41

    def test_edits_of_two_resolutions_both_land_and_both_show(self) -> None:
        """Two editors confirm links of two resolutions at once: both saves land (the second
        waits for the first's commit on the corpus generation, no deadlock), and each moves
        the stamps that cached pages and searches are keyed on."""
        ar, en = demo_sides()
        other = resolution_import(
            ar_paragraphs=ar[:4], en_paragraphs=en[:4], meta=ResolutionMeta(slug="other")
        )
        mine = Link.objects.of(self.resolution).at(Level.PARAGRAPH).order_by("position")[3]
        theirs = Link.objects.of(other).at(Level.PARAGRAPH).order_by("position")[1]
        generation = corpus_generation()
        results = self.race(
            lambda: link_confirm(
                resolution=self.resolution, link_id=mine.pk, version=1, user=self.alice
            ),
            lambda: link_confirm(resolution=other, link_id=theirs.pk, version=1, user=self.bob),
        )
        assert not isinstance(results["first"], Exception), results["first"]
        assert not isinstance(results["second"], Exception), results["second"]
        assert Link.objects.get(pk=mine.pk).status == Status.CONFIRMED
        assert Link.objects.get(pk=theirs.pk).status == Status.CONFIRMED
        revisions = Resolution.objects.filter(pk__in=[self.resolution.pk, other.pk])
        assert min(revisions.values_list("revision", flat=True)) > generation
        assert corpus_generation() == max(revisions.values_list("revision", flat=True))

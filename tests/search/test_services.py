"""Writes to the search index: rebuild_search while people search (PostgreSQL); each entry's
sentence link kept right through an editor's changes."""

from __future__ import annotations

import threading
from typing import Any
from unittest import mock

from django.db import connection
from django.test import TestCase, TransactionTestCase

from apps.alignment.models import Level, Link
from apps.alignment.services import (
    edit_undo,
    link_merge,
    link_split,
    paragraph_edit_text,
    resolution_realign,
    resolution_realign_unconfirmed,
    unit_shift,
)
from apps.corpus.models import Paragraph, Resolution
from apps.search import services
from apps.search.models import SearchEntry
from apps.search.selectors import search
from tests.search.corpus import import_all, import_demo


def _schema() -> dict[str, object]:
    """What the migrations made of the index table: its indexes, constraints, triggers, storage."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, replace(indexdef, indexname, '') FROM pg_indexes"
            " WHERE tablename = 'search_entry' ORDER BY 1"
        )
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE conrelid = 'search_entry'::regclass ORDER BY 1"
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger"
            " WHERE tgrelid = 'search_entry'::regclass AND NOT tgisinternal"
        )
        triggers = cursor.fetchall()
        cursor.execute(
            "SELECT attname, atttypid::regtype::text, attstorage, attnotnull FROM pg_attribute"
            " WHERE attrelid = 'search_entry'::regclass AND attnum > 0 ORDER BY attnum"
        )
        columns = cursor.fetchall()
    return {
        "indexes": indexes,
        "constraints": constraints,
        "triggers": triggers,
        "columns": columns,
    }


class PostgresRebuildTests(TransactionTestCase):
    def setUp(self) -> None:
        if connection.vendor != "postgresql":
            self.skipTest("PostgreSQL only")
        import_all()

    def test_searches_answer_while_the_index_is_rebuilt(self) -> None:
        """A search during rebuild_search answers at once with the index as it was (it waited for
        the whole rebuild: minutes at 1M pairs, past the workers' timeout), and the rebuilt index
        has the same schema under the same names and finds the same sentences."""
        queries = ("الاحتلال", '"human rights"', "condemn*")
        before = {q: [h.sentence_id for h in search(q).hits] for q in queries}
        schema = _schema()
        building, go_on = threading.Event(), threading.Event()
        build = services.entries_build
        failures: list[BaseException] = []

        def slow_build(*args: Any) -> list[Any]:
            entries = build(*args)
            building.set()  # the first resolution is written into the new table
            go_on.wait(20)
            return entries

        def rebuild() -> None:
            try:
                services.search_rebuild()
            except BaseException as error:  # noqa: BLE001 - reported to the test thread
                failures.append(error)
            finally:
                connection.close()

        with mock.patch.object(services, "entries_build", slow_build):
            thread = threading.Thread(target=rebuild)
            thread.start()
            assert building.wait(20)
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SET lock_timeout = '2s'")  # a locked-out search fails fast
                during = {q: [h.sentence_id for h in search(q).hits] for q in queries}
            finally:
                go_on.set()
                thread.join(60)
                with connection.cursor() as cursor:
                    cursor.execute("RESET lock_timeout")
        assert not failures, failures
        assert during == before
        assert {q: [h.sentence_id for h in search(q).hits] for q in queries} == before
        assert all(before.values())
        assert _schema() == schema

    def test_a_rebuild_keeps_the_grants_of_other_roles(self) -> None:
        """A role the index table was granted to (an app connecting as another user than the one
        running rebuild_search) can still read the rebuilt table."""
        role = "tawazi_test_reader"
        with connection.cursor() as cursor:
            cursor.execute(f"DROP ROLE IF EXISTS {role}")
            cursor.execute(f"CREATE ROLE {role} NOLOGIN")
            try:
                cursor.execute(f"GRANT SELECT ON search_entry TO {role}")
                services.search_rebuild()
                cursor.execute("SELECT has_table_privilege(%s, 'search_entry', 'SELECT')", [role])
                assert cursor.fetchone() == (True,)
                cursor.execute("SELECT has_table_privilege(%s, 'search_entry', 'INSERT')", [role])
                assert cursor.fetchone() == (False,)
            finally:
                cursor.execute(f"REVOKE ALL ON search_entry FROM {role}")
                cursor.execute(f"DROP ROLE {role}")


def stored_links() -> dict[int, int | None]:
    """Each entry's stored sentence link."""
    return dict(SearchEntry.objects.values_list("sentence_id", "sentence_link_id"))


def actual_links() -> dict[int, int | None]:
    """Each indexed sentence's sentence link as the alignment has it now."""
    links = dict(
        Link.sentences.through.objects.filter(link__level=Level.SENTENCE).values_list(
            "sentence_id", "link_id"
        )
    )
    return {sid: links.get(sid) for sid in stored_links()}


class SentenceLinkTests(TestCase):
    """Every edit that re-draws sentence links leaves each entry holding its sentence's link,
    which is what merges a pair found on both sides in a search."""

    @classmethod
    def setUpTestData(cls) -> None:
        import_demo()
        cls.resolution = Resolution.objects.get(slug="demo")

    def paragraph_links(self) -> list[Link]:
        return list(Link.objects.of(self.resolution).at(Level.PARAGRAPH).order_by("position"))

    def assert_follows(self, before: dict[int, int | None]) -> dict[int, int | None]:
        """The stored links are the alignment's, and the edit changed some of them."""
        now = stored_links()
        assert now == actual_links()
        assert now != before
        return now

    def test_edits_keep_the_stored_sentence_links(self) -> None:
        """A paragraph merge and a split that re-draws its sentence links, a unit shift, a text edit and its undo, and re-aligning
        everything not confirmed."""
        links = stored_links()
        assert links == actual_links() and all(links.values())
        first, second = self.paragraph_links()[10:12]
        link_merge(
            resolution=self.resolution,
            versions={first.pk: first.version, second.pk: second.version},
            user=None,
        )
        assert stored_links() == links  # its sentence links fit in the merged one: kept
        merged = Link.objects.get(pk=first.pk)
        link_split(
            resolution=self.resolution,
            link_id=merged.pk,
            version=merged.version,
            ar_at=1,
            en_at=0,
            user=None,
        )
        links = self.assert_follows(links)
        source, target = self.paragraph_links()[20:22]
        unit_shift(
            resolution=self.resolution,
            link_id=source.pk,
            lang="en",
            direction="next",
            versions={source.pk: source.version, target.pk: target.version},
            user=None,
        )
        links = self.assert_follows(links)
        paragraph = Paragraph.objects.get(resolution=self.resolution, lang="en", index=8)
        link = paragraph.links.get()
        text = paragraph_edit_text(
            resolution=self.resolution,
            paragraph_id=paragraph.pk,
            text=paragraph.text + " It also calls for an immediate ceasefire.",
            versions={link.pk: link.version},
            user=None,
        )
        links = self.assert_follows(links)
        edit_undo(resolution=self.resolution, edit_id=text.pk, user=None)
        links = self.assert_follows(links)
        resolution_realign_unconfirmed(resolution=self.resolution, user=None)
        assert stored_links() == actual_links()

    def test_realign_stores_the_links_it_draws(self) -> None:
        """manage.py realign_resolution (resolution_realign, outside any recorded edit)."""
        SearchEntry.objects.update(sentence_link_id=None)
        resolution_realign(resolution=self.resolution)
        links = stored_links()
        assert links == actual_links() and all(links.values())

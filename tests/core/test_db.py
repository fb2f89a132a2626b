"""The prepared reads of the search page on PostgreSQL (apps/core/db.py)."""

from __future__ import annotations

from django.db import connection
from django.test import TransactionTestCase

from apps.search.selectors import search
from tests.search.corpus import import_demo


class PreparedReadsAfterAMigrationTests(TransactionTestCase):
    def setUp(self) -> None:
        if connection.vendor != "postgresql":
            self.skipTest("PostgreSQL only")
        import_demo()

    def _alter(self, sql: str) -> None:
        """Run DDL from another connection, as `manage.py migrate` beside a running server does."""
        import psycopg

        params = connection.get_connection_params()
        params.pop("prepare_threshold", None)
        with psycopg.connect(**params, autocommit=True) as other:
            other.execute(sql)

    def _restore(self) -> None:
        self._alter("ALTER TABLE corpus_sentence ALTER COLUMN text TYPE text")
        connection.close()  # its statements were prepared for the other type

    def test_search_survives_a_column_type_change_under_its_prepared_reads(self) -> None:
        """A search page whose worker searched before a migration changed a column the page's
        prepared reads return still answers (it was a 500 on that connection until it closed)."""
        before = search("الاحتلال")
        search("الاحتلال")  # the reads are prepared on this connection
        self._alter("ALTER TABLE corpus_sentence ALTER COLUMN text TYPE varchar")
        self.addCleanup(self._restore)
        after = search("الاحتلال")
        assert [h.text for h in after.hits] == [h.text for h in before.hits]
        assert after.hits and after.hits[0].counterparts
        response = self.client.get("/search/", {"q": "occupation"})
        assert response.status_code == 200
        assert "<mark>" in response.content.decode()

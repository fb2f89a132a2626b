"""Writes to the search index: rebuild_search while people search (PostgreSQL)."""

from __future__ import annotations

import threading
from typing import Any
from unittest import mock

from django.db import connection
from django.test import TransactionTestCase

from apps.search import services
from apps.search.selectors import search
from tests.search.corpus import import_all


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

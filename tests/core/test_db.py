"""The database as the app configures it: SQLite readers during a long write, and the search
page's prepared reads on PostgreSQL after a migration (apps/core/db.py)."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import OperationalError, connection
from django.db.backends.sqlite3.base import DatabaseWrapper
from django.test import Client, TransactionTestCase

from apps.search.selectors import search
from tests.conftest import shared_path
from tests.search.corpus import import_demo


class PostgresLockTimeoutTests(TransactionTestCase):
    def setUp(self) -> None:
        if connection.vendor != "postgresql":
            self.skipTest("PostgreSQL only")

    def test_a_request_kept_waiting_by_a_lock_gets_the_busy_page(self) -> None:
        """A request whose statement waits for a lock held by a long write (here the resolutions
        table, held by another connection) gives up after the connection's lock_timeout (20 s
        as configured, 1 s here) with the 503 "try again" page, not a 500 or a hung worker."""
        import psycopg

        with connection.cursor() as cursor:
            cursor.execute("SHOW lock_timeout")
            assert cursor.fetchone() == ("20s",)
            cursor.execute("SET lock_timeout = '1s'")
        params = connection.get_connection_params()
        params.pop("prepare_threshold", None)
        try:
            with psycopg.connect(**params) as other:
                other.execute("LOCK TABLE corpus_resolution IN ACCESS EXCLUSIVE MODE")
                client = Client(raise_request_exception=False)
                with self.assertLogs("apps.core.middleware", level="WARNING"):
                    response = client.get("/")
                other.rollback()
        finally:
            connection.close()  # its lock_timeout back to the configured one
        assert response.status_code == 503
        assert "try again" in response.content.decode()


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


def _sqlite(folder: Path) -> DatabaseWrapper:
    """A connection to a SQLite file in folder, configured as the app's (0.2 s lock wait)."""
    config = copy.deepcopy(connection.settings_dict)
    config["NAME"] = str(folder / "db.sqlite3")
    config["OPTIONS"]["timeout"] = 0.2
    return DatabaseWrapper(config, alias="other")


@pytest.fixture
def two_connections(tmp_path: Path, django_db_blocker: Any) -> Iterator[list[DatabaseWrapper]]:
    """Two connections to one SQLite file, as two server processes would have."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with django_db_blocker.unblock():
        pair = [_sqlite(tmp_path), _sqlite(tmp_path)]
        try:
            yield pair
        finally:
            for each in pair:
                each.close()


def test_sqlite_readers_go_on_while_an_import_writes(
    two_connections: list[DatabaseWrapper],
) -> None:
    """On SQLite as configured, a search while another connection holds a long write (an import,
    rebuild_search) answers at once with what was committed, and sees the write once committed.
    With SQLite's default journal it waited, then failed with "database is locked"."""
    writer, reader = two_connections
    with writer.cursor() as cursor:
        cursor.execute("CREATE TABLE sentence (text)")
        cursor.execute("INSERT INTO sentence VALUES ('وإذ يؤكد المجلس')")
        cursor.execute("BEGIN EXCLUSIVE")
        cursor.execute("INSERT INTO sentence VALUES ('The Council emphasizes')")
        with reader.cursor() as reading:
            reading.execute("SELECT text FROM sentence")
            assert reading.fetchall() == [("وإذ يؤكد المجلس",)]
        cursor.execute("COMMIT")
    with reader.cursor() as reading:
        reading.execute("SELECT count(*) FROM sentence")
        assert reading.fetchone() == (2,)


def test_sqlite_a_save_that_read_first_is_not_refused_by_a_later_one(
    two_connections: list[DatabaseWrapper],
) -> None:
    """Two saves on SQLite as configured: the one whose transaction began first keeps the right to
    write what it read; the other waits for it (here with a 0.2 s wait, so it gives up). Begun
    deferred, the first was refused with "database is locked" as soon as the second had written."""
    first, second = two_connections
    with first.cursor() as cursor:
        cursor.execute("CREATE TABLE link (id INTEGER PRIMARY KEY, version INTEGER)")
        cursor.execute("INSERT INTO link VALUES (1, 1)")
    first._start_transaction_under_autocommit()  # what transaction.atomic() does
    with first.cursor() as cursor:
        cursor.execute("SELECT version FROM link WHERE id = 1")
        (version,) = cursor.fetchone()
    with pytest.raises(OperationalError, match="locked"), second.cursor() as other:
        other.execute("UPDATE link SET version = 5 WHERE id = 1")
    with first.cursor() as cursor:
        cursor.execute("UPDATE link SET version = %s WHERE id = 1", [version + 1])
        cursor.execute("COMMIT")
    with second.cursor() as other:
        other.execute("SELECT version FROM link WHERE id = 1")
        assert other.fetchone() == (2,)


def test_sqlite_write_ahead_log_shrinks_after_a_long_write(
    two_connections: list[DatabaseWrapper],
) -> None:
    """After a long write (an import, rebuild_search) the write-ahead log is cut back once it is
    checkpointed, while the server's other connections stay open. Without a size limit it kept
    the size of that write on disk for as long as any connection was open (3.9 GB beside the
    database after rebuild_search at 1M pairs)."""
    text = shared_path("corpus", "oic-cfm-ex21-2025-08-25.ar-en.txt").read_text("utf-8")
    paragraph = max(text.splitlines(), key=len)  # the demo's longest, over 4 KB in UTF-8
    writer, reader = two_connections
    log = Path(writer.settings_dict["NAME"] + "-wal")
    with writer.cursor() as cursor:
        cursor.execute("CREATE TABLE paragraph (text)")
        cursor.execute("BEGIN IMMEDIATE")
        cursor.executemany("INSERT INTO paragraph VALUES (%s)", [(paragraph,)] * 20_000)
        cursor.execute("COMMIT")
    assert log.stat().st_size > 64 * 1024 * 1024  # the long write went through the log
    with reader.cursor() as reading:  # a server process that keeps its connection
        reading.execute("SELECT count(*) FROM paragraph")
        assert reading.fetchone() == (20_000,)
    with writer.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint")  # what SQLite does by itself every 1,000 pages
        cursor.execute("INSERT INTO paragraph VALUES ('The Council emphasizes')")
    assert log.stat().st_size <= 64 * 1024 * 1024

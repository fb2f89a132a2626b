"""Database helpers shared by the apps' selectors."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import NotSupportedError, connection
from django.db.backends.utils import CursorWrapper


def prepared_cursor() -> CursorWrapper:
    """A PostgreSQL cursor (in Django's wrapper, so queries are still counted and logged) that
    binds its parameters on the server, so PostgreSQL prepares its statements once per connection
    (the connection's `prepare_threshold`, config/settings.py). Django's own cursors bind on the
    client and are never prepared; a statement run here must plan the same for any parameters."""
    from psycopg import Cursor  # PostgreSQL only

    connection.ensure_connection()
    connection.validate_thread_sharing()
    cursor = Cursor(connection.connection)
    # Django wraps any DB-API cursor here; the stubs ask for an already wrapped one.
    if connection.queries_logged:
        return connection.make_debug_cursor(cursor)  # type: ignore[arg-type]
    return connection.make_cursor(cursor)  # type: ignore[arg-type]


def fetch_prepared(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    """The rows of one statement run through prepared_cursor().

    A migration that changes the columns a prepared statement returns makes PostgreSQL refuse to
    run it again on that connection ("cached plan must not change result type"), and the driver
    keeps it: every request of a worker that searched before the migration would fail until the
    connection ended. Then the connection is replaced and the statement run once more (not inside
    a transaction, which the error has already aborted)."""
    try:
        with prepared_cursor() as cursor:
            cursor.execute(sql, params)
            rows: list[tuple[Any, ...]] = cursor.fetchall()
            return rows
    except NotSupportedError as error:
        if not _stale_plan(error) or connection.in_atomic_block:
            raise
    connection.close()
    with prepared_cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        return rows


def _stale_plan(error: NotSupportedError) -> bool:
    """PostgreSQL's refusal of a prepared statement whose result columns changed type."""
    return getattr(error.__cause__, "sqlstate", None) == "0A000" and "cached plan" in str(error)

"""Database helpers shared by the apps' selectors."""

from __future__ import annotations

from django.db import connection
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
    if connection.queries_logged:
        return connection.make_debug_cursor(cursor)
    return connection.make_cursor(cursor)

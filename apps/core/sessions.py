"""The session engine (SESSION_ENGINE): Django's database sessions, refusing cookie keys the app
never issues before they reach the database."""

from __future__ import annotations

from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

_KEY_CHARS = frozenset(VALID_KEY_CHARS)


class SessionStore(DatabaseSessionStore):
    """A key from the cookie is looked up only if it could have been issued (lowercase letters
    and digits): a forged one with a NUL byte (`sessionid="\\000…"`, which cookie parsing
    unescapes) would make PostgreSQL refuse the query, a 500 on every page."""

    def _validate_session_key(self, key: str | None) -> bool:
        # Django's own check (SessionBase._validate_session_key, not in django-stubs): 8+ chars.
        return bool(key) and len(key or "") >= 8 and _KEY_CHARS.issuperset(key or "")

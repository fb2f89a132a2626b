"""Login throttling: django-axes in front of Django's password check."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class LoginThrottleBackend(AxesStandaloneBackend):
    """Refuse a locked-out username/address pair before its password is checked.

    Every login over HTTP (the admin's, any login form given its request) passes the request and
    is throttled. A call without one (the test client's `login()`, a shell session) comes from
    someone who already runs code on the server, so there is nothing to throttle; django-axes
    would raise instead.
    """

    def authenticate(  # type: ignore[override]
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)

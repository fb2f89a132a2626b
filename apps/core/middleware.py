"""Middleware of the whole site."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse

from apps.core.views import busy, healthz

logger = logging.getLogger(__name__)


class HealthCheckMiddleware:
    """Answer GET /healthz before host validation and the HTTPS redirect.

    Load balancers and container health checks call the app by its address over plain HTTP, with
    a Host header that is not in ALLOWED_HOSTS; the check must still reach the database.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == "/healthz":
            return healthz(request)
        return self.get_response(request)


class NulByteHeaderMiddleware:
    """Refuse a request with a NUL byte in a header as a bad request (400).

    HTTP forbids it and gunicorn refuses it itself, but a server in front that passes it on
    (a test client, a lenient ASGI server) would let it reach the database: django-axes records
    a failed login's User-Agent and Accept, and PostgreSQL cannot store a NUL byte (a 500).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for key, value in request.META.items():
            if key.startswith("HTTP_") and isinstance(value, str) and "\x00" in value:
                raise BadRequest(f"NUL byte in the {key[5:]} header")
        return self.get_response(request)


class BusyDatabaseMiddleware:
    """Answer 503 "busy, try again" when a lock could not be had in time.

    A long write (an import, rebuild_search) holds SQLite's one write lock, or PostgreSQL's lock
    on the index table; a save that waited for it longer than the connection allows fails
    ("database is locked"; PostgreSQL's lock_timeout, config/settings.py). Its transaction has
    been rolled back, so the editor is told to try again rather than shown a server error.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, OperationalError) and (
            "database is locked" in str(exception)
            or getattr(exception.__cause__, "sqlstate", None) == "55P03"  # lock_not_available
        ):
            logger.warning("database busy: %s %s", request.method, request.path)
            return busy(request)
        return None

"""Site-wide views: the health check and the bilingual error pages."""

from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@never_cache
@require_safe  # GET or HEAD: some load balancers check with HEAD (HAProxy's httpchk HEAD ...)
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the app can query its database, 503 when it cannot (for the load balancer)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("health check: database unreachable")
        response = JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    else:
        response = JsonResponse({"status": "ok", "database": "ok"})
    # Served ahead of SecurityMiddleware (see HealthCheckMiddleware), so set this one here.
    response["X-Content-Type-Options"] = "nosniff"
    return response


def busy(request: HttpRequest) -> HttpResponse:
    """The bilingual 503 page for a database busy with another write (BusyDatabaseMiddleware)."""
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = "10"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """The bilingual 500 page; plain text if even the template fails."""
    try:
        return HttpResponseServerError(loader.render_to_string("500.html"))
    except Exception:  # the error page itself must never raise
        return HttpResponseServerError(
            "Server error. Please try again later. خطأ في الخادم. يرجى المحاولة لاحقا.",
            content_type="text/plain; charset=utf-8",
        )

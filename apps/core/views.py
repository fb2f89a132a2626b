"""Site-wide views: the health check and the bilingual error pages."""

from __future__ import annotations

import logging
import re
from urllib.parse import urlsplit

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import DisallowedRedirect
from django.db import DatabaseError, connection
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseForbidden,
    HttpResponseServerError,
    JsonResponse,
)
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from apps.core.http import same_site

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


# An element id as htmx names its target in HX-Target ("link-42").
_ELEMENT_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,100}")


def _is_htmx(request: HttpRequest) -> bool:
    # Read from the header: a CSRF failure is answered before django-htmx's middleware runs.
    return request.headers.get("HX-Request") == "true"


def _login_url(page: str) -> str:
    """The login page, coming back to `page` (a same-site URL, or "" for the default)."""
    if not page:
        return reverse("login")
    parts = urlsplit(page)
    try:
        return redirect_to_login(parts.path + (f"?{parts.query}" if parts.query else ""))[
            "Location"
        ]
    except DisallowedRedirect:  # over Django's 16 KB for a redirect: no way back, still a login
        return reverse("login")


def _reasons(exception: Exception | None) -> dict[str, str]:
    """The refusal's reason in English and Arabic (apps.core.refusals.Refused); empty for a
    plain PermissionDenied, whose templates then say it in general words in both languages."""
    if exception is None:
        return {"reason": "", "reason_ar": ""}
    return {"reason": str(exception), "reason_ar": getattr(exception, "ar", "")}


def _refused_fragment(
    request: HttpRequest, *, csrf: bool, exception: Exception | None = None
) -> HttpResponse:
    """A 403 for htmx, which base.html's htmx-config swaps in where the answer was to go: a few
    bilingual lines saying to reload the page, not a whole page inside the page."""
    target = request.headers.get("HX-Target", "")
    reload = same_site(request, request.headers.get("HX-Current-URL", ""))
    context = {
        "csrf": csrf,
        **_reasons(exception),
        "reload": reload,
        "login": _login_url(reload),
        "target": target if _ELEMENT_ID.fullmatch(target) else "",
    }
    return HttpResponseForbidden(loader.render_to_string("403_fragment.html", context, request))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a form sent with a token that no longer holds (the page stayed open
    while the reviewer logged in or out in another tab, or its cookie was cleared). htmx gets a
    fragment telling the reviewer to reload; a plain form post the bilingual page."""
    if _is_htmx(request):
        return _refused_fragment(request, csrf=True)
    context = {"back": same_site(request, request.headers.get("Referer", ""))}
    return HttpResponseForbidden(loader.render_to_string("403_csrf.html", context, request))


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler403: the bilingual 403 page with the view's reason, or for htmx a fragment."""
    if _is_htmx(request):
        return _refused_fragment(request, csrf=False, exception=exception)
    # Back to this page after logging in with another account; a refused POST's URL is not a
    # page (GET there is a 405), so the page the form was on instead.
    if request.method in ("GET", "HEAD"):
        page = request.get_full_path()
    else:
        page = same_site(request, request.headers.get("Referer", ""))
    context = {**_reasons(exception), "login": _login_url(page)}
    return HttpResponseForbidden(loader.render_to_string("403.html", context, request))

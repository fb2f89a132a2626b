"""The request every view gets (django-htmx's middleware adds `request.htmx` to it), and the
one check of a URL the client sent (a header, a form's `next`) before the site links to it."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def same_site(request: HttpRequest, url: str) -> str:
    """The URL if it stays on this site (this host, no scheme downgrade), else ""."""
    allowed = url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure())
    return url if url and allowed else ""

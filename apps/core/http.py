"""The request every view gets (django-htmx's middleware adds `request.htmx` to it), the
address of the client that sent it, and the one check of a URL the client sent (a header, a
form's `next`) before the site links to it."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def tidy_address(request: HttpRequest, defaults: Mapping[str, str] | None = None) -> str:
    """The address without what an HTML form adds to the one a student shares: a parameter sent
    empty (a select's "any" option) or more than once (a hidden 0 before its checkbox's 1), whose
    last value counts, and the values given as `defaults`; "" when there is nothing to drop."""
    lists = list(request.GET.lists())
    if all(len(values) == 1 and values[0] for _, values in lists):
        return ""
    defaults = defaults or {}
    kept = {
        name: values[-1]
        for name, values in lists
        if values[-1] and defaults.get(name) != values[-1]
    }
    return request.path + (f"?{urlencode(kept)}" if kept else "")


def same_site(request: HttpRequest, url: str) -> str:
    """The URL if it stays on this site (this host, no scheme downgrade), else ""."""
    allowed = url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure())
    return url if url and allowed else ""


def client_ip(request: HttpRequest) -> str:
    """The address of the client a request comes from: REMOTE_ADDR, or behind N trusted proxies
    (settings.TRUSTED_PROXY_COUNT) the Nth address from the right of X-Forwarded-For, the one the
    outermost trusted proxy saw. Left of that the header is whatever the client wrote, so it is
    never read; without trusted proxies the header is not read at all (anyone could forge it).
    Login throttling (django-axes' AXES_CLIENT_IP_CALLABLE) and the reset-email limit use it."""
    remote = str(request.META.get("REMOTE_ADDR") or "")
    proxies: int = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    forwarded = [
        hop.strip() for hop in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
    ]
    if len(forwarded) < proxies:  # not through every trusted proxy: the peer is the client
        return remote
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote

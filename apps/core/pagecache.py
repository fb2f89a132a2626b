"""HTML that is the same for every visitor, cached under the stamps of the data it shows.

A key names what was rendered (a page, a fragment, an API answer), the stamps it depends on (a
resolution's revision, the corpus generation: apps.corpus.revisions), and the request's query
string and HTMX flag. Stamps are read from the database with each request and bumped by every
write in the write's transaction, so an entry is never served after the data it shows has
changed; old entries are simply never asked for again and age out of the cache.

Only markup without per-visitor parts goes in: no CSRF token, no login state, no editor
controls. The page around it (base.html: the token for HTMX, the title) is rendered per request.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

# Longer query strings are rendered without the cache: nobody links to them, and they would
# only push useful entries out.
MAX_QUERY = 1024


def page_key(name: str, *stamps: object, request: HttpRequest) -> str | None:
    """The cache key of `name` rendered at `stamps` for this request's parameters (None: do
    not cache). The whole query string counts, in order: pages repeat it in their links."""
    query = request.META.get("QUERY_STRING", "")
    if len(query) > MAX_QUERY:
        return None
    # A history restore (htmx's Back without a snapshot) is answered with the whole page.
    htmx = (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )
    return data_key(name, *stamps, query, htmx)


def data_key(name: str, *parts: object) -> str:
    """The cache key of `name` for these parts (stamps and normalised parameters)."""
    digest = hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()
    return f"tawazi:{name}:{digest}"


def cached_html(key: str | None, render: Callable[[], str]) -> SafeString:
    """The markup cached under key, rendered (and stored) if it is not there yet."""
    return mark_safe(cached_text(key, render))  # rendered (and escaped) by our templates


def cached_text(key: str | None, render: Callable[[], str]) -> str:
    """The text cached under key, made (and stored) if it is not there yet."""
    if key is None:
        return render()
    text: str | None = cache.get(key)
    if text is None:
        text = str(render())
        cache.set(key, text)
    return text

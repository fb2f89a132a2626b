"""The search page (with its HTMX fragment) and the JSON API: thin callers of selectors.search.

Both are cached under the corpus generation, which every write to the corpus bumps
(apps.corpus.revisions): the page's content by its whole query string (its links repeat every
parameter), the API's answer by the search's parsed parameters."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.text import Truncator
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from apps.core.http import HtmxHttpRequest, tidy_address
from apps.core.pagecache import cached_html, cached_text, data_key, page_key
from apps.corpus.revisions import corpus_generation
from apps.search.selectors import result_json, search

MAX_PARAM = 10_000


def _param(request: HtmxHttpRequest, name: str) -> str:
    return request.GET.get(name, "")[:MAX_PARAM]


def _int(value: str, default: int | None) -> int | None:
    value = value.strip()
    if value.isascii() and value.isdigit() and len(value) < 9:
        return int(value)
    return default


def _arguments(request: HtmxHttpRequest) -> tuple[str, dict[str, Any]]:
    """The query and filters of selectors.search, read from the URL."""
    return _param(request, "q"), {
        "lang": _param(request, "lang"),
        "resolution": _param(request, "resolution")[:120],
        "body": _param(request, "body")[:200],
        "year": _int(_param(request, "year"), None),
        "page": _int(_param(request, "page"), 1) or 1,
    }


@require_safe
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def search_page(request: HtmxHttpRequest) -> HttpResponse:
    # The form without JavaScript sends lang= for "both" and q= when empty (search.js drops them
    # from live search): the address a student shares carries only what was chosen.
    if tidy := tidy_address(request):
        return HttpResponseRedirect(tidy)
    template_name = "search/_search_body.html"
    # Back to a live search whose snapshot htmx no longer holds: it asks (with HX-Request) for
    # the page to put in the body, so it gets the whole page.
    fragment = bool(request.htmx) and not request.htmx.history_restore_request
    if fragment:
        template_name += "#search-results"

    def body() -> str:
        q, filters = _arguments(request)
        result = search(q, **filters) if q.strip() else None
        return render_to_string(template_name, {"result": result, "q": q}, request)

    html = cached_html(page_key("search-page", corpus_generation(), request=request), body)
    if fragment:
        # htmx takes a <title> beside the fragment for the tab, a bookmark and the history list
        # (base.html's title for the same query).
        q = _param(request, "q")
        title = format_html(
            "<title>{}Search · توازي</title>", f"{Truncator(q).chars(60)} · " if q else ""
        )
        return HttpResponse(html + title)
    return render(request, "search/search.html", {"q": _param(request, "q"), "body": html})


@require_safe
def search_api(request: HtmxHttpRequest) -> HttpResponse:
    q, filters = _arguments(request)

    def answer() -> str:
        result = search(q, **filters)
        return json.dumps(result_json(result), cls=DjangoJSONEncoder, ensure_ascii=False)

    key = data_key("search-api", corpus_generation(), q, sorted(filters.items()))
    return HttpResponse(cached_text(key, answer), content_type="application/json")

"""The search page (with its HTMX fragment) and the JSON API: thin callers of selectors.search."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from apps.search.selectors import result_json, search

MAX_PARAM = 10_000


def _param(request: HttpRequest, name: str) -> str:
    return request.GET.get(name, "")[:MAX_PARAM]


def _int(value: str, default: int | None) -> int | None:
    value = value.strip()
    if value.isascii() and value.isdigit() and len(value) < 9:
        return int(value)
    return default


def _search(request: HttpRequest):  # type: ignore[no-untyped-def]
    return search(
        _param(request, "q"),
        lang=_param(request, "lang"),
        resolution=_param(request, "resolution")[:120],
        body=_param(request, "body")[:200],
        year=_int(_param(request, "year"), None),
        page=_int(_param(request, "page"), 1) or 1,
    )


@require_GET
@vary_on_headers("HX-Request")
def search_page(request: HttpRequest) -> HttpResponse:
    result = _search(request) if _param(request, "q").strip() else None
    template_name = "search/search.html"
    if request.htmx:
        template_name += "#search-results"
    return render(request, template_name, {"result": result, "q": _param(request, "q")})


@require_GET
def search_api(request: HttpRequest) -> JsonResponse:
    return JsonResponse(result_json(_search(request)), json_dumps_params={"ensure_ascii": False})

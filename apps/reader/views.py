"""Reading pages: the list of resolutions, one resolution side by side, and its JSON export."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from apps.alignment.selectors import resolution_export, resolution_rows
from apps.corpus.models import Resolution


@require_GET
def resolution_list(request: HttpRequest) -> HttpResponse:
    resolutions = Resolution.objects.order_by("-date", "slug")
    return render(request, "reader/resolution_list.html", {"resolutions": resolutions})


@require_GET
def resolution_detail(request: HttpRequest, slug: str) -> HttpResponse:
    resolution = get_object_or_404(Resolution, slug=slug)
    rows = resolution_rows(resolution)
    return render(request, "reader/resolution.html", {"resolution": resolution, "rows": rows})


@require_GET
def resolution_export_json(request: HttpRequest, slug: str) -> JsonResponse:
    resolution = get_object_or_404(Resolution, slug=slug)
    response = JsonResponse(
        resolution_export(resolution), json_dumps_params={"ensure_ascii": False}
    )
    response["Content-Disposition"] = f'inline; filename="{resolution.slug}.json"'
    return response

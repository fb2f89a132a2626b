"""Review pages: queues sorted by need, a link in its stretch, confirm/flag in place, the map."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import trigger_client_event

from apps.alignment.models import Level, Link
from apps.alignment.services import (
    EditError,
    StaleEditError,
    link_confirm,
    link_flag,
    link_review_undo,
)
from apps.core.http import HtmxHttpRequest, same_site
from apps.core.refusals import Refused
from apps.corpus.models import Resolution
from apps.review.exchange import (
    csv_filename,
    resolution_csv,
    resolution_tmx,
    tmx_filename,
    tmx_locales,
)
from apps.review.selectors import (
    QUEUE_FILTERS,
    alignment_map,
    corpus_queue,
    neighbours,
    one_sided_counts,
    queue_after,
    queue_filtered,
    queue_start,
    review_items,
    review_progress,
    review_queue,
    review_undos,
)

PAGE_SIZE = 25
CORPUS_QUEUE_SIZE = 50
REVIEW_PERMISSION = "alignment.review_link"


def _level(request: HtmxHttpRequest) -> str:
    value = request.GET.get("level", Level.SENTENCE)
    return value if value in Level.values else Level.SENTENCE


def _page_number(request: HtmxHttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


@require_safe
@vary_on_headers("HX-Request")
def review_index(request: HtmxHttpRequest) -> HttpResponse:
    """Review progress of every resolution and the corpus-wide queue, most urgent first."""
    level = _level(request)
    resolutions = list(Resolution.objects.order_by("-date", "slug"))
    progress = review_progress(resolutions)
    by_id = {r.pk: r for r in resolutions}
    queue = corpus_queue(resolutions, level, limit=CORPUS_QUEUE_SIZE)
    for item in queue:
        item.resolution = by_id[item.resolution_id]
    rows = [(r, progress.get(r.pk, {})) for r in resolutions]
    return render(
        request,
        "review/index.html",
        {"rows": rows, "queue": queue, "level": level, "levels": Level.choices},
    )


@require_safe
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def review_resolution(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """One resolution's queue (paged; only=findings|flagged|low|unaligned narrows it), its review progress
    and its alignment map."""
    resolution = get_object_or_404(Resolution, slug=slug)
    level = _level(request)
    items = review_items([resolution], level)
    only = request.GET.get("only", "")
    only = only if only in QUEUE_FILTERS else ""
    queue = queue_filtered(review_queue(items), only)
    page = Paginator(queue, PAGE_SIZE).get_page(_page_number(request))
    # "Next" goes on after the last link shown, wherever the links confirmed on the page have
    # moved the rest of the queue.
    start = queue_start(queue, request.GET.get("after", ""))
    if start is not None:
        page.object_list = queue[start : start + PAGE_SIZE]
    else:
        start = page.start_index() - 1 if queue else 0
    shown = list(page.object_list)
    next_after = queue_after(shown[-1]) if shown and start + len(shown) < len(queue) else None
    previous_page = max(1, page.number - 1) if start > 0 else None
    # A link just saved by a plain form, shown with its Undo though it has left the queue.
    done = _done(request)
    if done in {i.id for i in shown}:
        done = None
    just_reviewed = next((i for i in items if i.id == done), None)
    can_review = request.user.has_perm(REVIEW_PERMISSION)
    if can_review:
        review_undos([*shown, just_reviewed], request.user)
    template = "review/resolution.html"
    # Back to a queue page whose snapshot htmx no longer holds asks for the page to put in the
    # body (HX-Request with HX-History-Restore-Request): it gets the whole page.
    if request.htmx and not request.htmx.history_restore_request:
        template += "#review-queue"
    return render(
        request,
        template,
        {
            "resolution": resolution,
            "level": level,
            "levels": Level.choices,
            "only": only,
            "filters": [(value, label) for value, (label, _) in QUEUE_FILTERS.items()],
            "only_phrase": QUEUE_FILTERS[only][1] if only else "",
            "page": page,
            "queue_size": len(queue),
            "next_after": next_after,
            "previous_page": previous_page,
            "just_reviewed": just_reviewed,
            "progress": review_progress([resolution]).get(resolution.pk, {}),
            "map": alignment_map(items),
            "can_review": can_review,
            # In reading order, as "Next suspicious" goes on from it: the most urgent link (the
            # queue's first) may be further down, and the ones before it would be skipped.
            "first_suspicious": next((i.id for i in items if i.need > 0), None),
        },
    )


def _stretch(resolution: Resolution, link: Link) -> dict[str, Any]:
    items = review_items([resolution], link.level)
    index = next(k for k, i in enumerate(items) if i.id == link.pk)
    previous, following = neighbours(items, link.pk)
    return {
        "item": items[index],
        "before": items[max(0, index - 2) : index],
        "after": items[index + 1 : index + 3],
        "previous": previous,
        "next": following,
    }


@require_safe
def review_link(request: HtmxHttpRequest, slug: str, link_id: int) -> HttpResponse:
    """A link in its stretch (two links either side) with the previous and next suspicious."""
    resolution = get_object_or_404(Resolution, slug=slug)
    link = get_object_or_404(Link, resolution=resolution, pk=link_id)
    stretch = _stretch(resolution, link)
    can_review = request.user.has_perm(REVIEW_PERMISSION)
    if can_review:
        review_undos([stretch["item"], *stretch["before"], *stretch["after"]], request.user)
    context = {
        "resolution": resolution,
        "level": link.level,
        "can_review": can_review,
        **stretch,
    }
    return render(request, "review/link.html", context)


NOT_A_REVIEWER = "Confirming and flagging links needs the Reviewer role. Nothing was saved."
NOT_A_REVIEWER_AR = "تأكيد الروابط والتعليم عليها يحتاج إلى دور المراجع. لم يُحفظ شيء."


def _check_reviewer(request: HtmxHttpRequest, slug: str, link_id: int) -> HttpResponse | None:
    """None for a reviewer. Anyone else is sent to log in and back to the page they were on (not
    to this POST-only URL, which would answer 405), the whole page when the click came by HTMX
    (which would put the login page in the item's place); a user without the role is told so
    where the item was (HTMX shows no 403 page)."""
    current = request.headers.get("HX-Current-URL", "")
    if not request.user.is_authenticated:
        page = next(
            (url for url in (request.POST.get("next", ""), current) if same_site(request, url)),
            reverse("review:link", kwargs={"slug": slug, "link_id": link_id}),
        )
        parts = urlsplit(page)
        login = redirect_to_login(parts.path + (f"?{parts.query}" if parts.query else ""))
        if request.htmx:
            # htmx follows HX-Redirect whatever the status; a 302 the browser would follow itself.
            response = HttpResponse(status=403)
            response["HX-Redirect"] = login["Location"]
            return response
        return login
    if not request.user.has_perm(REVIEW_PERMISSION):
        if request.htmx:
            # base.html's htmx-config swaps a 403 in, like a 2xx.
            return render(
                request,
                "review/_gone.html",
                {
                    "link_id": link_id,
                    "error": NOT_A_REVIEWER,
                    "error_ar": NOT_A_REVIEWER_AR,
                    "reload": current,
                },
                status=403,
            )
        raise Refused(NOT_A_REVIEWER, NOT_A_REVIEWER_AR)
    return None


def _version(request: HtmxHttpRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1


def _after_review(
    request: HtmxHttpRequest, resolution: Resolution, link_id: int, error: str = "", event: str = ""
) -> HttpResponse:
    """The item fragment for HTMX (with its message), else a redirect back to the page; a
    refused save shows the link as it is now with the note the reviewer typed kept in the form."""
    link = Link.objects.filter(resolution=resolution, pk=link_id).first()
    if link is None and not error:
        # An undo that put back the links a correction replaced (a split's second part is gone
        # again): the page is reloaded, as the stretch around the item has changed.
        target = same_site(request, request.POST.get("next", "")) or reverse(
            "review:resolution", kwargs={"slug": resolution.slug}
        )
        if request.htmx:
            response = HttpResponse()
            response["HX-Refresh"] = "true"
            return response
        return redirect(target)
    if link is None:
        raise Http404("This link no longer exists.")
    if request.htmx or error:
        items = review_items([resolution], link.level)
        item = next(i for i in items if i.id == link.pk)
        review_undos([item], request.user)
        context = {
            "resolution": resolution,
            "item": item,
            "can_review": True,
            "error": error,
            "note": request.POST.get("note", "") if error else "",
            "next": request.POST.get("next", ""),
        }
    if request.htmx:
        context["reload"] = request.headers.get("HX-Current-URL", "")
        response = render(request, "review/_item.html", context)
        if event:
            trigger_client_event(response, event, {"link": link.pk, "status": item.status})
        return response
    if error:
        return render(request, "review/conflict.html", {**context, "link": link}, status=409)
    target = same_site(request, request.POST.get("next", ""))
    if not target:
        target = reverse("review:link", kwargs={"slug": resolution.slug, "link_id": link.pk})
    return redirect(_at_link(target, link.pk))


def _at_link(url: str, link_id: int) -> str:
    """The page a plain form came from, opened at the link it saved (done=: the queue shows it
    though it has left the queue), so the keyboard goes on from there, not from the top."""
    parts = urlsplit(url)
    query = QueryDict(parts.query, mutable=True)
    query["done"] = str(link_id)
    return urlunsplit(parts._replace(query=query.urlencode(), fragment=f"link-{link_id}"))


def _done(request: HtmxHttpRequest) -> int | None:
    try:
        return int(request.GET.get("done", ""))
    except ValueError:
        return None


GONE = (
    "This link no longer exists: an editor merged, split or unlinked it since the page was "
    "loaded. Nothing was saved."
)
GONE_AR = "لم يعد هذا الرابط موجودًا: دمجه محرر أو قسمه أو فكّه بعد تحميل الصفحة. لم يُحفظ شيء."


def _gone(request: HtmxHttpRequest, resolution: Resolution, link_id: int) -> HttpResponse:
    """A review of a link that is not there (any more): say so where the item was (HTMX, which
    would not show a 404) or on the conflict page."""
    if request.htmx:
        return render(
            request,
            "review/_gone.html",
            {
                "link_id": link_id,
                "error": GONE,
                "error_ar": GONE_AR,
                "reload": request.headers.get("HX-Current-URL", ""),
            },
        )
    return render(
        request,
        "review/conflict.html",
        {"resolution": resolution, "error": GONE, "link": None},
        status=409,
    )


def _review_write(
    request: HtmxHttpRequest, slug: str, link_id: int, write: Callable[[Resolution], object]
) -> HttpResponse:
    """A reviewer's write to one link (confirm, undo, flag), in place (HTMX) or from a plain
    form: refused to anyone else, "gone" for a link that no longer exists, the service's
    EditError said where the link was."""
    refused = _check_reviewer(request, slug, link_id)
    if refused is not None:
        return refused
    resolution = get_object_or_404(Resolution, slug=slug)
    if not Link.objects.filter(resolution=resolution, pk=link_id).exists():
        return _gone(request, resolution, link_id)
    try:
        write(resolution)
    except StaleEditError as error:
        # The link comes back as it is now, in place (or on the conflict page, which says so
        # itself): the reviewer decides again there; the service's "then edit again" is for
        # editors.
        said = " It is shown here as it is now: decide again." if request.htmx else ""
        return _after_review(request, resolution, link_id, error=error.reason + said)
    except EditError as error:
        return _after_review(request, resolution, link_id, error=str(error))
    return _after_review(request, resolution, link_id, event="link-reviewed")


@require_POST
def link_confirm_view(request: HtmxHttpRequest, slug: str, link_id: int) -> HttpResponse:
    """Confirm a link."""
    return _review_write(
        request,
        slug,
        link_id,
        lambda resolution: link_confirm(
            resolution=resolution, link_id=link_id, version=_version(request), user=request.user
        ),
    )


@require_POST
def link_undo_view(request: HtmxHttpRequest, slug: str, link_id: int) -> HttpResponse:
    """Take back one's own last review of a link: a confirmation, a flag or a correction."""
    return _review_write(
        request,
        slug,
        link_id,
        lambda resolution: link_review_undo(
            resolution=resolution, link_id=link_id, version=_version(request), user=request.user
        ),
    )


@require_POST
def link_flag_view(request: HtmxHttpRequest, slug: str, link_id: int) -> HttpResponse:
    """Flag a link with a note, or clear its flag (flagged=0)."""
    flagged = request.POST.get("flagged", "1") != "0"
    note = request.POST.get("note", "")

    def flag(resolution: Resolution) -> None:
        if flagged and not note.strip():
            raise EditError("Say why you flag this link (a short note).")
        link_flag(
            resolution=resolution,
            link_id=link_id,
            version=_version(request),
            user=request.user,
            note=note,
            flagged=flagged,
        )

    return _review_write(request, slug, link_id, flag)


@require_safe
def review_map_svg(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The alignment map alone, as an SVG document."""
    resolution = get_object_or_404(Resolution, slug=slug)
    level = _level(request)
    return render(
        request,
        "review/map.svg",
        {"resolution": resolution, "map": alignment_map(review_items([resolution], level))},
        content_type="image/svg+xml",
    )


def _confirmed_only(request: HtmxHttpRequest) -> bool:
    return request.GET.get("confirmed") in {"1", "on", "true"}


# Codes offered beside the TMX's language fields (any language-region code is accepted): the
# locales Arab League states and UN Arabic use, ar-001 (Modern Standard Arabic in CLDR).
SUGGESTED_LOCALES = {
    "ar": ["ar", "ar-SA", "ar-AE", "ar-EG", "ar-JO", "ar-KW", "ar-LB", "ar-MA", "ar-QA", "ar-001"],
    "en": ["en", "en-US", "en-GB"],
}


def _locales(request: HtmxHttpRequest) -> tuple[dict[str, str], str]:
    """The TMX language codes asked for (ar_locale, en_locale; "ar" and "en" when not given)
    and "", or the defaults and what is wrong with a code."""
    chosen = {lang: request.GET.get(f"{lang}_locale", "").strip() for lang in ("ar", "en")}
    try:
        return tmx_locales(chosen), ""
    except ValueError as error:
        return tmx_locales(None), str(error)


def _export_page(
    request: HtmxHttpRequest, resolution: Resolution, locales: dict[str, str], error: str = ""
) -> HttpResponse:
    progress = review_progress([resolution]).get(resolution.pk, {})
    chosen = {f"{lang}_locale": code for lang, code in locales.items() if code != lang}
    return render(
        request,
        "review/export.html",
        {
            "resolution": resolution,
            "progress": progress,
            "one_sided": one_sided_counts(resolution),
            "levels": Level.choices,
            # The form shows what was typed, the refused code too, to be corrected.
            "locales": {
                lang: request.GET.get(f"{lang}_locale", "").strip() or code
                for lang, code in locales.items()
            },
            "locale_error": error,
            "suggested": SUGGESTED_LOCALES,
            # Appended to every TMX link: the codes chosen, when not the defaults.
            "tmx_locales": "&" + urlencode(chosen) if chosen and not error else "",
        },
        status=400 if error else 200,
    )


@require_safe
def export_page(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Export choices, with a warning when unconfirmed links would be included and the number
    of one-sided links the TMX leaves out; the TMX's language codes (ar_locale, en_locale) can
    be chosen, a code that is not its language's refused (400) with what is wanted."""
    resolution = get_object_or_404(Resolution, slug=slug)
    locales, error = _locales(request)
    return _export_page(request, resolution, locales, error)


@require_safe
def export_tmx(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The resolution as TMX 1.4b at sentence, clause or paragraph level; links with one side
    empty only with one_sided=1; English as the source language with source=en; language codes
    such as ar-SA and en-US with ar_locale and en_locale (a bad one gets the export page saying
    what is wanted, 400)."""
    resolution = get_object_or_404(Resolution, slug=slug)
    locales, error = _locales(request)
    if error:
        return _export_page(request, resolution, locales, error)
    level = _level(request)
    source = "en" if request.GET.get("source") == "en" else "ar"
    confirmed_only = _confirmed_only(request)
    one_sided = request.GET.get("one_sided") in {"1", "on", "true"}
    export = resolution_tmx(
        resolution=resolution,
        level=level,
        confirmed_only=confirmed_only,
        one_sided=one_sided,
        source=source,
        locales=locales,
    )
    response = HttpResponse(export.document, content_type="application/x-tmx+xml; charset=utf-8")
    name = tmx_filename(
        slug=resolution.slug,
        level=level,
        source=source,
        locales=locales,
        confirmed_only=confirmed_only,
        one_sided=one_sided,
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Tawazi-Unconfirmed"] = str(export.unconfirmed)
    response["X-Tawazi-One-Sided-Left-Out"] = str(export.one_sided_left_out)
    response["X-Tawazi-Flagged-Left-Out"] = str(export.flagged_left_out)
    return response


@require_safe
def export_csv(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The resolution's links of one level as CSV (UTF-8 with BOM, for spreadsheets)."""
    resolution = get_object_or_404(Resolution, slug=slug)
    level = _level(request)
    confirmed_only = _confirmed_only(request)
    text = resolution_csv(resolution=resolution, level=level, confirmed_only=confirmed_only)
    response = HttpResponse(text.encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    name = csv_filename(slug=resolution.slug, level=level, confirmed_only=confirmed_only)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

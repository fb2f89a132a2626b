"""Editors' admin: resolutions (metadata, search, filters, review progress), upload of new
resolutions with a preview, and the alignment editor."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, F, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from simple_history.admin import SimpleHistoryAdmin

from apps.alignment.models import Edit, Level, Status
from apps.alignment.services import EditError
from apps.bitext.document import (
    LinkKey,
    UnitLink,
    UnitReview,
    align_document,
    segment_paragraphs,
)
from apps.bitext.keyed import is_keyed_name, places_links, read_keyed_pair
from apps.bitext.linkcsv import read_link_csv
from apps.bitext.structure import text_labels
from apps.bitext.textfile import (
    InputError,
    decode_text,
    size_error,
    split_bilingual,
    split_paragraphs,
    text_body,
)
from apps.bitext.tmx import read_tmx, tmx_labels, tmx_left_out, tmx_metadata, tmx_paragraphs
from apps.bitext.worddoc import read_docx
from apps.core.refusals import Refused
from apps.corpus.models import Resolution
from apps.corpus.revisions import revision_bump
from apps.corpus.services import (
    ResolutionMeta,
    import_reason,
    resolution_import,
    resolution_meta_save,
)
from apps.review import editor

if TYPE_CHECKING:
    from django.contrib.admin.filters import _ListFilterChoices
    from django.contrib.admin.views.main import ChangeList


class BodyFilter(admin.AllValuesFieldListFilter):
    """By body, with the resolutions imported without one (the UDHR, the SDG targets) under
    "None": Django lists the empty value as a link with no text, which no one can see or hear."""

    def choices(self, changelist: ChangeList) -> Iterator[_ListFilterChoices]:
        for choice in super().choices(changelist):
            # The empty body's display is "" (" (2)" with the counts shown).
            display = str(choice["display"])
            if not display.strip() or display.startswith(" ("):
                choice["display"] = "None" + display
            yield choice


class YearFilter(admin.SimpleListFilter):
    title = "year"
    parameter_name = "year"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        years = Resolution.objects.exclude(date=None).dates("date", "year", order="DESC")
        return [(str(d.year), str(d.year)) for d in years]

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[Resolution]
    ) -> QuerySet[Resolution]:
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(date__year=int(value))
        return queryset


class ReviewProgressFilter(admin.SimpleListFilter):
    """By the share of sentence links confirmed or corrected."""

    title = "review progress"
    parameter_name = "review"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [
            ("none", "Not started"),
            ("partial", "In progress"),
            ("done", "Fully reviewed"),
            ("flagged", "Has flagged links"),
        ]

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[Resolution]
    ) -> QuerySet[Resolution]:
        value = self.value()
        if value == "flagged":
            return queryset.filter(links__flagged=True).distinct()
        if value not in {"none", "partial", "done"}:
            return queryset
        counted = queryset.annotate(
            review_total=Count("links", filter=Q(links__level=Level.SENTENCE)),
            review_done=Count(
                "links", filter=Q(links__level=Level.SENTENCE) & ~Q(links__status=Status.AUTO)
            ),
        )
        if value == "none":
            return counted.filter(review_done=0)
        if value == "done":
            return counted.filter(review_done__gte=1, review_done=F("review_total"))
        return counted.filter(review_done__gte=1).exclude(review_done=F("review_total"))


KINDS = [
    ("bilingual", "One text file: Arabic paragraphs, then English (one a line)"),
    ("pair", "Two text files, Arabic and English (one paragraph a line)"),
    ("tmx", "TMX file (translation units, Arabic and English)"),
    ("csv", "CSV file exported by Tawazi (one link a row)"),
    ("docx", "Two Word .docx files, Arabic and English"),
    ("keyed", "Two keyed YAML files, Arabic and English (key: text), paired by key"),
]


class ImportForm(forms.Form):
    kind = forms.ChoiceField(choices=KINDS, widget=forms.RadioSelect, initial="bilingual")
    file = forms.FileField(required=False, help_text="Bilingual text, TMX or Tawazi CSV file.")
    file_ar = forms.FileField(required=False, label="Arabic file")
    file_en = forms.FileField(required=False, label="English file")
    slug = forms.SlugField(max_length=120)
    symbol = forms.CharField(max_length=120, required=False)
    title_en = forms.CharField(max_length=500, required=False, label="Title (English)")
    title_ar = forms.CharField(max_length=500, required=False, label="Title (Arabic)")
    body = forms.CharField(max_length=200, required=False)
    session = forms.CharField(max_length=200, required=False)
    date = forms.DateField(required=False, help_text="YYYY-MM-DD")
    place = forms.CharField(max_length=200, required=False)
    place_ar = forms.CharField(
        max_length=200,
        required=False,
        label="Place (Arabic)",
        help_text="For the Arabic citation. Blank: the usual Arabic name of a known venue "
        "(Paris → باريس), or the place as written.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        needs = {"bilingual": ["file"], "tmx": ["file"], "csv": ["file"]}
        needs["pair"] = ["file_ar", "file_en"]
        needs["docx"] = needs["keyed"] = ["file_ar", "file_en"]
        for name in needs.get(str(kind), []):
            if not data.get(name) and not self.data.get("token"):
                self.add_error(name, "Choose a file.")
        return data


def _read(upload: Any) -> bytes:
    limit = settings.TAWAZI_MAX_UPLOAD_BYTES
    if upload.size > limit:  # refused before it is read into memory
        raise size_error(upload.name, upload.size, limit)
    return bytes(upload.read())


@dataclass(frozen=True)
class ParsedUpload:
    ar: list[str]
    en: list[str]
    # Per paragraph link, its Arabic and English paragraph (None: none) when the files pair
    # their paragraphs themselves (keyed files); None when the aligner pairs them.
    places: list[tuple[int | None, int | None]] | None = None
    notes: list[str] = field(default_factory=list)
    # Each side's paragraphs' own numbers from the source ("1.1", a keyed file's keys); empty
    # when the source gives none.
    ar_labels: list[str] = field(default_factory=list)
    en_labels: list[str] = field(default_factory=list)
    # The metadata the file names (a Tawazi TMX's header: symbol, titles, body, date, …), each
    # offered where its field is left empty.
    metadata: dict[str, str] = field(default_factory=dict)
    # Per paragraph link, its Arabic and English paragraphs and its score, when the file pairs
    # paragraphs several to a link (a Tawazi CSV's rows); None otherwise.
    groups: list[tuple[list[int], list[int], float]] | None = None
    # A Tawazi CSV's sentence or clause links, and the status, flag and note of its links.
    links: list[UnitLink] = field(default_factory=list)
    reviews: dict[LinkKey, UnitReview] = field(default_factory=dict)


def _stored_links(links: list[UnitLink]) -> list[Any]:
    """Given links as the session's JSON holds them."""
    return [[link.level, link.ar, link.en, link.score] for link in links]


def _given_links(stored: list[Any] | None) -> list[UnitLink]:
    return [
        UnitLink(level, tuple(map(tuple, ar)), tuple(map(tuple, en)), score)
        for level, ar, en, score in stored or []
    ]


def _stored_reviews(reviews: dict[LinkKey, UnitReview]) -> list[Any]:
    """Reviews as the session's JSON holds them."""
    return [[*key, r.status, r.flagged, r.note] for key, r in reviews.items()]


def _given_reviews(stored: list[Any] | None) -> dict[LinkKey, UnitReview]:
    return {
        (level, tuple(map(tuple, ar)), tuple(map(tuple, en))): UnitReview(status, flagged, note)
        for level, ar, en, status, flagged, note in stored or []
    }


def _links(places: list[Any] | None, groups: list[Any] | None = None) -> list[UnitLink] | None:
    if groups is not None:
        return [
            UnitLink("paragraph", tuple((i,) for i in ar), tuple((i,) for i in en), score)
            for ar, en, score in groups
        ]
    return None if places is None else places_links(places)


def parse_upload(kind: str, files: Any) -> ParsedUpload:
    """Both sides' paragraphs from the uploaded files; InputError says what is wrong."""
    needed = ["file"] if kind in {"bilingual", "tmx", "csv"} else ["file_ar", "file_en"]
    missing = [name for name in needed if name not in files]
    if missing:
        raise InputError("Choose the file(s) to import: " + ", ".join(missing) + ".")
    limit = settings.TAWAZI_MAX_UPLOAD_BYTES
    notes: list[str] = []
    if kind == "bilingual":
        upload = files["file"]
        text = decode_text(_read(upload), upload.name, max_bytes=limit)
        return ParsedUpload(
            *split_bilingual(text_body(text, upload.name, notes), upload.name), notes=notes
        )
    if kind == "tmx":
        upload = files["file"]
        units = read_tmx(_read(upload), upload.name, max_bytes=limit)
        ar_labels, en_labels = tmx_labels(units)
        return ParsedUpload(
            *tmx_paragraphs(units),
            notes=tmx_left_out(units, upload.name),
            ar_labels=ar_labels,
            en_labels=en_labels,
            metadata=tmx_metadata(units),
        )
    if kind == "csv":
        upload = files["file"]
        table = read_link_csv(decode_text(_read(upload), upload.name, max_bytes=limit), upload.name)
        links = table.paragraph_links
        return ParsedUpload(
            table.ar,
            table.en,
            groups=None
            if links is None
            else [([k[0] for k in li.ar], [k[0] for k in li.en], li.score) for li in links],
            notes=table.notes,
            ar_labels=table.ar_labels,
            en_labels=table.en_labels,
            links=table.links,
            reviews=table.reviews,
        )
    ar_file, en_file = files["file_ar"], files["file_en"]
    if kind == "docx":
        return ParsedUpload(
            read_docx(_read(ar_file), ar_file.name, "ar", max_bytes=limit),
            read_docx(_read(en_file), en_file.name, "en", max_bytes=limit),
        )
    ar_text = decode_text(_read(ar_file), ar_file.name, max_bytes=limit)
    en_text = decode_text(_read(en_file), en_file.name, max_bytes=limit)
    if kind == "keyed":
        document = read_keyed_pair(ar_text, en_text, ar_file.name, en_file.name)
        return ParsedUpload(
            list(document.ar),
            list(document.en),
            list(document.places),
            document.notes(ar_file.name, en_file.name),
            document.labels("ar"),
            document.labels("en"),
        )
    if is_keyed_name(ar_file.name) and is_keyed_name(en_file.name):
        raise InputError(
            "These are keyed YAML files (.yml): choose “Two keyed YAML files” so that their "
            "paragraphs are paired by key."
        )
    ar_body, en_body = (
        text_body(ar_text, ar_file.name, notes),
        text_body(en_text, en_file.name, notes),
    )
    return ParsedUpload(
        split_paragraphs(ar_body),
        split_paragraphs(en_body),
        notes=notes,
        ar_labels=text_labels(ar_body, "ar"),
        en_labels=text_labels(en_body, "en"),
    )


PREVIEW_ROWS = 40
SESSION_KEY = "tawazi-import"


def import_preview(
    ar: list[str],
    en: list[str],
    paragraphs: list[UnitLink] | None = None,
    given: list[UnitLink] | None = None,
) -> dict[str, Any]:
    """Segment and align without storing: counts, link shapes and the first paragraph groups
    (given: the sentence and clause links the file gives, kept)."""
    ar_seg = segment_paragraphs(ar, "ar")
    en_seg = segment_paragraphs(en, "en")
    links = align_document(ar_seg, en_seg, paragraphs=paragraphs, fixed=given or ())
    sentence_text = {
        ("ar", (p, s)): ar_seg[p].text[span[0] : span[1]]
        for p, para in enumerate(ar_seg)
        for s, (span, _) in enumerate(para.sentences)
    } | {
        ("en", (p, s)): en_seg[p].text[span[0] : span[1]]
        for p, para in enumerate(en_seg)
        for s, (span, _) in enumerate(para.sentences)
    }
    by_paragraph: dict[int, list[Any]] = {}
    rows = []
    for link in links:
        if link.level == "sentence" and link.ar:
            by_paragraph.setdefault(link.ar[0][0], []).append(link)
    for link in [k for k in links if k.level == "paragraph"][:PREVIEW_ROWS]:
        first_ar = link.ar[0][0] if link.ar else None
        sentences = [
            {
                "ar": [sentence_text[("ar", key)] for key in s.ar],
                "en": [sentence_text[("en", key)] for key in s.en],
                "score": s.score,
            }
            for s in (by_paragraph.get(first_ar, []) if first_ar is not None else [])
        ]
        rows.append(
            {
                "ar": [ar[k[0]] for k in link.ar],
                "en": [en[k[0]] for k in link.en],
                "score": link.score,
                "sentences": sentences,
            }
        )
    counts = {
        level: sum(1 for k in links if k.level == level)
        for level in ("paragraph", "sentence", "clause")
    }
    weak = sum(1 for k in links if k.level == "sentence" and k.score < 0.5)
    return {
        "ar_paragraphs": len(ar),
        "en_paragraphs": len(en),
        "ar_sentences": sum(len(p.sentences) for p in ar_seg),
        "en_sentences": sum(len(p.sentences) for p in en_seg),
        "links": counts,
        "weak_sentences": weak,
        "rows": rows,
        "more": max(0, counts["paragraph"] - PREVIEW_ROWS),
    }


def _is_id(value: object) -> bool:
    """A primary key in a URL: ASCII digits only ("²" passes str.isdigit() but not int()), within
    a 64-bit column (SQLite's driver cannot even send a larger number: a 500)."""
    text = str(value)
    return text.isascii() and text.isdigit() and len(text) <= 19 and int(text) < 2**63


class ResolutionForm(forms.ModelForm):  # type: ignore[type-arg]
    """The metadata form, refused when someone else saved the resolution after it was loaded
    (optimistic locking on updated_at), so two editors never overwrite each other unseen."""

    loaded = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Resolution
        fields = [
            "slug",
            "symbol",
            "title_en",
            "title_ar",
            "body",
            "session",
            "date",
            "place",
            "place_ar",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # From the row, not the instance: a history revert's instance is the old version.
        if self.instance.pk:
            self.fields["loaded"].initial = _saved_stamp(self.instance.pk)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        loaded = self.data.get(self.add_prefix("loaded"), "")
        if not (self.instance.pk and loaded):
            return cleaned
        saved = Resolution.objects.select_for_update().filter(pk=self.instance.pk).first()
        if saved is None or saved.updated_at.isoformat() == loaded:
            return cleaned
        differing = [
            f"{field.verbose_name}: “{getattr(saved, field.name) or ''}”"
            for field in Resolution._meta.concrete_fields
            if field.name in cleaned and getattr(saved, field.name) != cleaned[field.name]
        ]
        # Saving again replaces what is saved now: a choice made having seen it.
        self.data = cast(QueryDict, self.data).copy()
        self.data[self.add_prefix("loaded")] = saved.updated_at.isoformat()
        raise forms.ValidationError(
            "Someone else saved this resolution after you opened it"
            + (f"; saved now: {'; '.join(differing)}" if differing else "")
            + ". Your values are still in the form: save again to replace theirs."
        )


# The edits a History page lists, newest first; further pages (?edits=2) have the older ones.
HISTORY_EDITS = 100
EDITS_PAGE_VAR = "edits"


def _alignment_history(request: HttpRequest, pk: int) -> dict[str, Any]:
    """A page of the resolution's alignment and text edits for its History page, newest first,
    with their authors and undoers; nothing for a user who may not see edits."""
    if not request.user.has_perm("alignment.view_edit"):
        return {}
    edits = Edit.objects.filter(resolution_id=pk).select_related("user", "undone_by__user")
    paginator = Paginator(edits, HISTORY_EDITS)
    # get_page turns "x", "²" or 9 past the end into the first or last page.
    page = paginator.get_page(request.GET.get(EDITS_PAGE_VAR))
    return {
        "alignment_edits": list(page.object_list),
        "edits_page": page,
        "edits_page_range": list(paginator.get_elided_page_range(page.number)),
        "alignment_edits_count": paginator.count,
        "edits_url": reverse("admin:alignment_edit_changelist") + f"?resolution__id__exact={pk}",
        "can_undo": request.user.has_perm(editor.CHANGE),
    }


def _saved_stamp(pk: int) -> str:
    stamp = Resolution.objects.filter(pk=pk).values_list("updated_at", flat=True).first()
    return stamp.isoformat() if stamp else ""


@admin.register(Resolution)
class ResolutionAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # untyped
    list_display = ["slug", "title_en", "symbol", "body", "date", "review_progress"]
    list_filter = [("body", BodyFilter), YearFilter, ReviewProgressFilter]
    search_fields = [
        "slug",
        "symbol",
        "title_en",
        "title_ar",
        "body",
        "session",
        "place",
        "place_ar",
    ]
    form = ResolutionForm
    # django-simple-history's page lists only the changes to the record; ours adds the
    # alignment and text edits (the Edit history), which are most of a resolution's history.
    object_history_template = "admin/corpus/resolution/object_history.html"
    # Its table, with an empty user or reason left blank ("—"), not "None".
    object_history_list_template = "admin/corpus/resolution/object_history_list.html"
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["slug", "symbol", "title_en", "title_ar", "loaded"]}),
        ("Meeting", {"fields": ["body", "session", "date", "place", "place_ar"]}),
        ("Record", {"fields": ["created_at", "updated_at"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Resolution]:
        queryset: QuerySet[Resolution] = (
            super()
            .get_queryset(request)
            .annotate(
                sentence_links=Count("links", filter=Q(links__level=Level.SENTENCE)),
                sentence_reviewed=Count(
                    "links",
                    filter=Q(links__level=Level.SENTENCE) & ~Q(links__status=Status.AUTO),
                ),
            )
        )
        return queryset

    @admin.display(description="Reviewed (sentences)")
    def review_progress(self, obj: Resolution) -> str:
        total = getattr(obj, "sentence_links", 0)
        done = getattr(obj, "sentence_reviewed", 0)
        return f"{done}/{total} ({round(100 * done / total) if total else 0}%)"

    def save_model(self, request: HttpRequest, obj: Resolution, form: Any, change: bool) -> None:
        # The change form and a history revert both land here: the service keeps the search
        # index's body and year filters in step, in the same transaction.
        obj._history_user = request.user  # type: ignore[attr-defined]  # django-simple-history
        resolution_meta_save(resolution=obj)

    # Deleting makes cached searches stale, in the same transaction (the admin refuses to delete
    # a resolution with links today; this holds should that change).
    def delete_model(self, request: HttpRequest, obj: Resolution) -> None:
        super().delete_model(request, obj)
        revision_bump()

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Resolution]) -> None:
        super().delete_queryset(request, queryset)
        revision_bump()

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> HttpResponse:
        # django-simple-history passes the URL's ids to the database unchecked (a 500 on "x").
        if not (_is_id(object_id) and _is_id(version_id)):
            raise Http404("No such version.")
        response: HttpResponse = super().history_form_view(
            request, object_id, version_id, extra_context
        )
        return response

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: Any = None
    ) -> HttpResponse:
        if not _is_id(object_id):
            raise Http404("No such resolution.")
        extra = {**_alignment_history(request, int(object_id)), **(extra_context or {})}
        response: HttpResponse = super().history_view(request, object_id, extra)
        return response

    def has_add_permission(self, request: HttpRequest) -> bool:
        # New resolutions come in through the upload (text, TMX or Word), never empty.
        return False

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(self.import_view), name="corpus_resolution_import"),
            path("<int:pk>/align/", wrap(self.align_view), name="corpus_resolution_align"),
            path(
                "<int:pk>/align/paragraph/<int:paragraph_id>/",
                wrap(self.paragraph_view),
                name="corpus_resolution_paragraph",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        extra = {
            "can_import": request.user.has_perm("corpus.add_resolution"),
            **(extra_context or {}),
        }
        response: HttpResponse = super().changelist_view(request, extra_context=extra)
        return response

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        extra = {"align_url": "../align/", **(extra_context or {})}
        response: HttpResponse = super().change_view(
            request, object_id, form_url, extra_context=extra
        )
        return response

    # --- Upload with preview ------------------------------------------------------------

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not request.user.has_perm("corpus.add_resolution"):
            raise Refused(
                "Importing resolutions needs the Editor role.",
                "استيراد القرارات يحتاج إلى دور المحرّر.",
            )
        context: dict[str, Any] = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Import a resolution",
        }
        if request.method != "POST":
            context["form"] = ImportForm()
            return TemplateResponse(request, "admin/corpus/resolution/import.html", context)
        form = ImportForm(request.POST, request.FILES)
        context["form"] = form
        if not form.is_valid():
            return TemplateResponse(request, "admin/corpus/resolution/import.html", context)
        data = form.cleaned_data
        stored = request.session.get(SESSION_KEY, {})
        token = request.POST.get("token", "")
        try:
            if request.POST.get("save") and token and stored.get("token") == token:
                meta = ResolutionMeta(
                    slug=data["slug"],
                    symbol=data["symbol"],
                    title_ar=data["title_ar"],
                    title_en=data["title_en"],
                    body=data["body"],
                    session=data["session"],
                    date=data["date"],
                    place=data["place"],
                    place_ar=data["place_ar"],
                )
                resolution = resolution_import(
                    ar_paragraphs=stored["ar"],
                    en_paragraphs=stored["en"],
                    meta=meta,
                    paragraph_links=_links(stored.get("places"), stored.get("groups")),
                    ar_labels=stored.get("ar_labels", []),
                    en_labels=stored.get("en_labels", []),
                    changed_by=request.user,
                    change_reason=import_reason(stored.get("files", [])),
                    links=_given_links(stored.get("links")),
                    reviews=_given_reviews(stored.get("reviews")),
                )
                del request.session[SESSION_KEY]
                messages.success(
                    request, f"Imported {resolution.slug}: review its alignment below."
                )
                return redirect("admin:corpus_resolution_align", pk=resolution.pk)
            if request.POST.get("save"):
                raise InputError("This preview has expired; upload the files again.")
            parsed = parse_upload(data["kind"], request.FILES)
            if Resolution.objects.filter(slug=data["slug"]).exists():
                raise InputError(f"A resolution with slug {data['slug']!r} already exists.")
            preview = import_preview(
                parsed.ar, parsed.en, _links(parsed.places, parsed.groups), parsed.links
            )
            empty = {name: value for name, value in parsed.metadata.items() if not data[name]}
            if empty:
                offered = request.POST.copy()
                for name, value in empty.items():  # set, not QueryDict.update's append
                    offered[name] = value
                form.data = offered
        except (InputError, EditError) as error:  # EditError: the database refused the links
            form.add_error(None, str(error))
            return TemplateResponse(request, "admin/corpus/resolution/import.html", context)
        token = secrets.token_urlsafe(16)
        request.session[SESSION_KEY] = {
            "token": token,
            "ar": parsed.ar,
            "en": parsed.en,
            "places": parsed.places,
            "groups": parsed.groups,
            "ar_labels": parsed.ar_labels,
            "en_labels": parsed.en_labels,
            # Named in the record's history when saved ("Imported from udhr.tmx").
            "files": [
                str(upload.name)
                for name in (
                    ["file"]
                    if data["kind"] in {"bilingual", "tmx", "csv"}
                    else ["file_ar", "file_en"]
                )
                if (upload := request.FILES.get(name)) is not None
            ],
            "links": _stored_links(parsed.links),
            "reviews": _stored_reviews(parsed.reviews),
        }
        context.update({"preview": preview, "token": token, "notes": parsed.notes})
        return TemplateResponse(request, "admin/corpus/resolution/import.html", context)

    # --- Alignment editor ---------------------------------------------------------------

    def align_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        resolution = get_object_or_404(Resolution, pk=pk)
        if not request.user.has_perm("alignment.view_link"):
            raise Refused(
                "Viewing the alignment editor needs the Reviewer or Editor role.",
                "عرض محرّر المحاذاة يحتاج إلى دور المراجع أو المحرّر.",
            )
        # A saved change redirects (the page shows it); a refused one renders the page as it is
        # now with the editor's selection and input kept, to check and apply again.
        posted = editor.editor_post(request, resolution) if request.method == "POST" else None
        if posted and posted.saved_url:
            return redirect(posted.saved_url)
        context = {
            **self.admin_site.each_context(request),
            **editor.editor_context(request, resolution, below=posted.below if posted else None),
            "opts": self.model._meta,
            "original": resolution,
            "title": f"Alignment of {resolution.slug}",
            # The page opens at the changed link (autofocus); the admin's sidebar script, run
            # after that scroll, narrowed the table and pushed the link out of view. The wide
            # table wants the room anyway.
            "is_nav_sidebar_enabled": False,
        }
        return TemplateResponse(request, "admin/corpus/resolution/align.html", context)

    def paragraph_view(self, request: HttpRequest, pk: int, paragraph_id: int) -> HttpResponse:
        resolution = get_object_or_404(Resolution, pk=pk)
        if not request.user.has_perm("alignment.view_link"):
            raise PermissionDenied
        editor_url = reverse("admin:corpus_resolution_align", kwargs={"pk": pk})
        posted = (
            editor.paragraph_post(request, resolution, paragraph_id, editor_url)
            if request.method == "POST"
            else None
        )
        if posted and posted.saved_url:
            return redirect(posted.saved_url)
        context = {
            **self.admin_site.each_context(request),
            **editor.paragraph_context(
                request, resolution, paragraph_id, below=posted.below if posted else None
            ),
            "opts": self.model._meta,
            "original": resolution,
            "title": "Edit paragraph text",
        }
        return TemplateResponse(request, "admin/corpus/resolution/paragraph.html", context)

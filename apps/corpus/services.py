"""Writes to the corpus: importing a resolution (segment, align, store) in one transaction."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils.text import slugify

from apps.alignment.services import links_create
from apps.bitext.document import (
    LinkKey,
    SegmentedParagraph,
    UnitKey,
    UnitLink,
    UnitReview,
    align_document,
    in_given_order,
    segment_paragraphs,
)
from apps.bitext.structure import article_labels
from apps.bitext.textfile import InputError
from apps.core.logging import log_event
from apps.corpus.models import Lang, Paragraph, Resolution
from apps.corpus.revisions import revision_bump
from apps.corpus.units import anatomy_fields, paragraphs_renumber, subunits_create
from apps.search.services import search_index_resolution, search_retag_resolution

logger = logging.getLogger(__name__)

# Called as progress(stage, done, total) while an import runs: "segment ar", "segment en",
# "align", "store". A stage may report several times; done == total when it ends.
ImportProgress = Callable[[str, int, int], None]
# Paragraphs segmented between two progress reports.
SEGMENT_CHUNK = 100


@dataclass(frozen=True)
class ResolutionMeta:
    slug: str
    symbol: str = ""
    title_ar: str = ""
    title_en: str = ""
    body: str = ""
    session: str = ""
    date: dt.date | None = None
    place: str = ""
    place_ar: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def _check_meta(meta: ResolutionMeta) -> None:
    if not meta.slug or slugify(meta.slug) != meta.slug:
        raise InputError(
            f"Invalid slug {meta.slug!r}: use lower-case letters, digits and hyphens "
            f"(for example {slugify(meta.slug) or 'oic-cfm-ex21-2025'!r})."
        )
    limits: dict[str, int] = {
        f.name: f.max_length
        for f in Resolution._meta.concrete_fields
        if isinstance(f, models.Field) and f.max_length
    }
    for name, limit in limits.items():
        value = getattr(meta, name, "")
        if isinstance(value, str) and len(value) > limit:
            raise InputError(f"{name} is {len(value)} characters long; the limit is {limit}.")


def _check_sides(ar_paragraphs: list[str], en_paragraphs: list[str]) -> None:
    if not ar_paragraphs:
        raise InputError("The Arabic side has no paragraphs.")
    if not en_paragraphs:
        raise InputError("The English side has no paragraphs.")
    limit = settings.TAWAZI_MAX_PARAGRAPHS
    for side, paragraphs in (("Arabic", ar_paragraphs), ("English", en_paragraphs)):
        if len(paragraphs) > limit:
            raise InputError(
                f"The {side} side has {len(paragraphs):,} paragraphs; the limit is {limit:,} "
                "(TAWAZI_MAX_PARAGRAPHS). Split the document, or ask the administrator to raise it."
            )


def _check_labels(labels: Sequence[str], count: int, side: str) -> None:
    """Labels, when given, name each paragraph of a side once and fit the column."""
    if labels and len(labels) != count:
        raise InputError(f"The {side} side has {count} paragraphs but {len(labels)} labels.")
    limit = Paragraph._meta.get_field("source_label").max_length or 0
    for label in labels:
        if len(label) > limit:
            raise InputError(
                f"The {side} paragraph label {label[:40]!r} is {len(label)} characters long; the "
                f"limit is {limit}."
            )


def _check_paragraph_links(links: Sequence[UnitLink], ar_count: int, en_count: int) -> None:
    """Given paragraph links must hold every paragraph of each side once, in order."""
    for side, count in (("ar", ar_count), ("en", en_count)):
        held = [key for link in links for key in (link.ar if side == "ar" else link.en)]
        if held != [(k,) for k in range(count)] or any(k.level != "paragraph" for k in links):
            raise InputError(
                "The paragraph pairing given does not hold every paragraph once, in order."
            )


def import_reason(sources: Sequence[str], *, command: str = "") -> str:
    """The record history's reason for an import: "Imported from udhr.tmx", the files by name
    only (a server's folders are nobody's business), "by manage.py <command>" when a command did
    it; cut to the history's 100 characters."""
    names = " and ".join(PurePath(source).name for source in sources if source)
    reason = f"Imported from {names}" if names else "Imported"
    if command:
        reason += f" by manage.py {command}"
    limit = Resolution.history.model._meta.get_field("history_change_reason").max_length or 100
    return reason if len(reason) <= limit else reason[: limit - 1] + "…"


def _check_given_links(
    links: Sequence[UnitLink], ar: Sequence[SegmentedParagraph], en: Sequence[SegmentedParagraph]
) -> None:
    """Given sentence and clause links must name units the text is cut into, each once."""
    units: dict[str, set[tuple[str, UnitKey]]] = {"sentence": set(), "clause": set()}
    for lang, paragraphs in (("ar", ar), ("en", en)):
        for p, paragraph in enumerate(paragraphs):
            for s, (_, clauses) in enumerate(paragraph.sentences):
                units["sentence"].add((lang, (p, s)))
                units["clause"].update((lang, (p, s, c)) for c in range(len(clauses)))
    seen: set[tuple[str, str, UnitKey]] = set()
    for link in links:
        named = [("ar", key) for key in link.ar] + [("en", key) for key in link.en]
        if (
            link.level not in units
            or not named
            or any(unit not in units[link.level] or (link.level, *unit) in seen for unit in named)
        ):
            raise InputError(
                f"The {link.level} pairing given does not fit the text's {link.level}s."
            )
        seen.update((link.level, *unit) for unit in named)


@transaction.atomic
def resolution_import(
    *,
    ar_paragraphs: list[str],
    en_paragraphs: list[str],
    meta: ResolutionMeta,
    replace: bool = False,
    progress: ImportProgress | None = None,
    paragraph_links: Sequence[UnitLink] | None = None,
    ar_labels: Sequence[str] = (),
    en_labels: Sequence[str] = (),
    changed_by: Any = None,
    change_reason: str = "",
    links: Sequence[UnitLink] = (),
    reviews: Mapping[LinkKey, UnitReview] | None = None,
) -> Resolution:
    """Segment and align a resolution's two sides and store it with its links, all or nothing.

    paragraph_links pair the paragraphs when the source already does (a keyed file, by key):
    only sentences and clauses are aligned then. links are sentence and clause links the source
    gives (Tawazi's CSV), kept as they are, the units between them aligned; reviews are the
    status, flag and note of the links that have one (a link by its level and members).
    ar_labels and en_labels are the paragraphs' own numbers as the source publishes them
    ("1.1"; a keyed file's keys), one per paragraph; a side given none that is divided into
    articles ("Article 1", "المادة 1") is labelled by them.
    changed_by (the uploading user, None for a command) and change_reason (import_reason) are
    what the record's history says of the import."""
    report = progress or _no_progress
    ar_labels = ar_labels or _article_labels(ar_paragraphs, Lang.ARABIC)
    en_labels = en_labels or _article_labels(en_paragraphs, Lang.ENGLISH)
    _check_meta(meta)
    _check_sides(ar_paragraphs, en_paragraphs)
    if paragraph_links is not None:
        _check_paragraph_links(paragraph_links, len(ar_paragraphs), len(en_paragraphs))
    _check_labels(ar_labels, len(ar_paragraphs), "Arabic")
    _check_labels(en_labels, len(en_paragraphs), "English")
    existing = Resolution.objects.select_for_update().filter(slug=meta.slug).first()
    if existing is not None and not replace:
        raise InputError(
            f"A resolution with slug {meta.slug!r} already exists. Use --replace to replace it, "
            "or --slug to import under another name."
        )
    ar = _segment(ar_paragraphs, Lang.ARABIC, report)
    en = _segment(en_paragraphs, Lang.ENGLISH, report)
    _check_given_links(links, ar, en)
    report("align", 0, 1)
    unit_links = in_given_order(
        align_document(ar, en, paragraphs=paragraph_links, fixed=links), links
    )
    report("align", 1, 1)
    report("store", 0, 3)

    if existing is not None:
        existing.delete()
    resolution = Resolution(
        slug=meta.slug,
        symbol=meta.symbol,
        title_ar=meta.title_ar,
        title_en=meta.title_en,
        body=meta.body,
        session=meta.session,
        date=meta.date,
        place=meta.place,
        place_ar=meta.place_ar,
    )
    # Read by django-simple-history when it records the creation.
    resolution._history_user = changed_by  # type: ignore[attr-defined]
    resolution._change_reason = change_reason or None  # type: ignore[attr-defined]
    resolution.save()
    ids: dict[str, dict[tuple[int, ...], int]] = {
        Lang.ARABIC: _units_create(resolution, Lang.ARABIC, ar, ar_labels)
    }
    report("store", 1, 3)
    ids[Lang.ENGLISH] = _units_create(resolution, Lang.ENGLISH, en, en_labels)
    report("store", 2, 3)
    links_create(resolution=resolution, unit_links=unit_links, unit_ids=ids, reviews=reviews)
    search_index_resolution(resolution=resolution)
    revision_bump(resolution=resolution)
    report("store", 3, 3)
    log_event(
        logger,
        "resolution.imported",
        slug=resolution.slug,
        ar_paragraphs=len(ar),
        en_paragraphs=len(en),
        links=len(unit_links),
        replaced=existing is not None,
    )
    return resolution


@transaction.atomic
def resolution_meta_save(*, resolution: Resolution) -> None:
    """Save a resolution's edited metadata; its search filter tags (body, year) follow in the same
    transaction."""
    resolution.save()
    search_retag_resolution(resolution=resolution)
    revision_bump(resolution=resolution)  # the title and meeting show on its page and in hits


@dataclass(frozen=True)
class Relabelled:
    """What resolution_relabel changed: paragraphs given new labels, and the places (language,
    index) whose stored text no longer reads as the file's (edited since the import)."""

    changed: int
    differing: list[tuple[str, int]]


@transaction.atomic
def resolution_relabel(
    *,
    resolution: Resolution,
    ar_paragraphs: Sequence[str],
    en_paragraphs: Sequence[str],
    ar_labels: Sequence[str] = (),
    en_labels: Sequence[str] = (),
) -> Relabelled:
    """Give a stored resolution's paragraphs the labels its source file gives them now ("Art.
    13(1)", "1.a"), keeping its text, links, confirmations and edits: for a resolution imported
    before an import could read them. The file must be the one it was imported from: the same
    number of paragraphs in each language, at least half of them with the same text."""
    resolution = Resolution.objects.select_for_update().get(pk=resolution.pk)
    ar_labels = ar_labels or _article_labels(ar_paragraphs, Lang.ARABIC)
    en_labels = en_labels or _article_labels(en_paragraphs, Lang.ENGLISH)
    changed: list[Paragraph] = []
    differing: list[tuple[str, int]] = []
    sides = [
        (Lang.ARABIC, "Arabic", ar_paragraphs, ar_labels),
        (Lang.ENGLISH, "English", en_paragraphs, en_labels),
    ]
    for lang, side, texts, labels in sides:
        _check_labels(labels, len(texts), side)
        stored = list(
            Paragraph.objects.of(resolution)
            .in_language(lang)
            .order_by("index")
            .only("pk", "index", "text", "source_label")
        )
        if len(stored) != len(texts):
            raise InputError(
                f"The {side} file has {len(texts)} paragraphs but {resolution.slug} has "
                f"{len(stored)}: it is not the file the resolution was imported from."
            )
        unlike = [
            p.index for p, text in zip(stored, texts, strict=True) if p.text.split() != text.split()
        ]
        if len(unlike) * 2 > len(stored):
            raise InputError(
                f"{len(unlike)} of the {len(stored)} {side} paragraphs of {resolution.slug} "
                "differ from the file: it is not the file the resolution was imported from."
            )
        differing += [(lang, index) for index in unlike]
        for paragraph, label in zip(stored, labels or [""] * len(stored), strict=True):
            if paragraph.source_label != label:
                paragraph.source_label = label
                changed.append(paragraph)
    Paragraph.objects.bulk_update(changed, ["source_label"], batch_size=500)
    if changed:
        revision_bump(resolution=resolution)  # the margin, citations and search hits change
    log_event(
        logger,
        "resolution.relabelled",
        slug=resolution.slug,
        changed=len(changed),
        differing=len(differing),
    )
    return Relabelled(changed=len(changed), differing=differing)


ANATOMY_FIELDS = ["kind", "phrase_start", "phrase_end", "action"]


def paragraphs_reclassify(*, using: str = "default") -> int:
    """Classify every stored paragraph again and rewrite the ones whose anatomy changed (a corpus
    loaded from an older release's dump); return how many changed."""
    with transaction.atomic(using=using):
        return _paragraphs_reclassify(using)


def _paragraphs_reclassify(using: str) -> int:
    changed: list[Paragraph] = []
    resolutions: set[int] = set()
    last = 0
    while True:
        batch = list(
            Paragraph.objects.using(using)
            .filter(pk__gt=last)
            .order_by("pk")
            .only("pk", "resolution_id", "lang", "text", *ANATOMY_FIELDS)[:2000]
        )
        if not batch:
            break
        last = batch[-1].pk
        for paragraph in batch:
            fields = anatomy_fields(paragraph.text, paragraph.lang)
            if any(getattr(paragraph, name) != fields[name] for name in ANATOMY_FIELDS):
                for name in ANATOMY_FIELDS:
                    setattr(paragraph, name, fields[name])
                changed.append(paragraph)
                resolutions.add(paragraph.resolution_id)
    Paragraph.objects.using(using).bulk_update(changed, ANATOMY_FIELDS, batch_size=500)
    paragraphs_renumber(resolution_ids=resolutions, using=using)
    for resolution in Resolution.objects.using(using).filter(pk__in=resolutions):
        revision_bump(resolution=resolution, using=using)
    return len(changed)


def _article_labels(paragraphs: Sequence[str], lang: str) -> list[str]:
    """The side's article labels (apps.bitext.structure.article_labels), [] when it has none."""
    labels = article_labels(paragraphs, lang)
    return labels if any(labels) else []


def _no_progress(stage: str, done: int, total: int) -> None:
    pass


def _segment(paragraphs: list[str], lang: str, report: ImportProgress) -> list[SegmentedParagraph]:
    """Segment one side in chunks, reporting progress after each."""
    stage = f"segment {lang}"
    segmented: list[SegmentedParagraph] = []
    report(stage, 0, len(paragraphs))
    for start in range(0, len(paragraphs), SEGMENT_CHUNK):
        segmented += segment_paragraphs(paragraphs[start : start + SEGMENT_CHUNK], lang)
        report(stage, len(segmented), len(paragraphs))
    return segmented


def _units_create(
    resolution: Resolution, lang: str, paragraphs: list[SegmentedParagraph], labels: Sequence[str]
) -> dict[tuple[int, ...], int]:
    """Bulk-create one side's paragraphs, sentences and clauses; map unit keys to row ids."""
    paragraph_rows = [
        Paragraph(
            resolution=resolution,
            lang=lang,
            index=index,
            text=paragraph.text,
            source_label=labels[index] if labels else "",
            **anatomy_fields(paragraph.text, lang),
        )
        for index, paragraph in enumerate(paragraphs)
    ]
    Paragraph.objects.bulk_create(paragraph_rows)
    paragraphs_renumber(resolution_ids=[resolution.pk])
    ids: dict[tuple[int, ...], int] = {(p,): row.pk for p, row in enumerate(paragraph_rows)}
    ids.update(subunits_create(paragraph_rows, paragraphs))
    return ids

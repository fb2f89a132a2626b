"""Exports for translators' tools: TMX 1.4b and CSV, from the stored alignment."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from apps.alignment.models import Status
from apps.bitext.linkcsv import csv_cell
from apps.bitext.tmx import TmxUnit, paragraph_props, tmx_locale, write_tmx
from apps.corpus.models import Resolution
from apps.review.selectors import (
    ALIGNER,
    Creation,
    ReviewItem,
    Signoff,
    finding_message,
    link_creations,
    review_items,
    review_signoffs,
    unit_places,
)


def _exported(
    resolution: Resolution, level: str, confirmed_only: bool
) -> tuple[list[ReviewItem], int]:
    """The links to export and how many confirmed links were left out for a reviewer's flag.
    Confirmed only means a pair to reuse: a link confirmed and then flagged by a colleague as
    wrong is disputed, and a translation memory takes only approved units (a CAT tool would
    offer it as a trusted match), so it waits until an editor fixes it or clears the flag."""
    items = review_items([resolution], level, reasons=False)
    if not confirmed_only:
        return items, 0
    confirmed = [i for i in items if i.status != Status.AUTO]
    kept = [i for i in confirmed if not i.flagged]
    return kept, len(confirmed) - len(kept)


def unit_tuid(resolution: Resolution, item: ReviewItem, places: dict[int, str]) -> str:
    """A unit's TMX id, the same from one export to the next: the resolution's slug and the
    places in the text of the units the link pairs (unit_places), "sdg-targets:p6s1:p6s1"
    (Arabic, then English; "p6s1+p6s2" for several). Its place in the file, the first tuid,
    moved whenever a link before it changed; the units' database ids, the second, changed when
    the same text was imported again with --replace. A unit keeps its id while its pairing
    stands (confirmed, flagged, re-aligned alike) and the text before it in its paragraph is
    segmented alike; a changed pairing is a new unit with a new id."""
    ar = "+".join(places[pk] for pk in item.ar_ids)
    en = "+".join(places[pk] for pk in item.en_ids)
    return f"{resolution.slug}:{ar}:{en}"


@dataclass(frozen=True)
class TmxExport:
    """A TMX document and what the exporter should be told about it."""

    document: bytes
    units: int
    # Automatic links among the units (x-status=auto).
    unconfirmed: int
    # Links with one side empty: left out (the default) or included (asked for).
    one_sided_left_out: int
    one_sided_included: int
    # Confirmed links left out of a confirmed-only export because a reviewer flagged them.
    flagged_left_out: int = 0


def resolution_tmx(
    *,
    resolution: Resolution,
    level: str,
    confirmed_only: bool = False,
    one_sided: bool = False,
    source: str = "ar",
    locales: Mapping[str, str] | None = None,
) -> TmxExport:
    """TMX 1.4b of one level's links with status and score as properties. Links with one side
    empty (a unit with no counterpart) are left out unless one_sided is asked for: a CAT tool
    would take them for translations that are empty. The header says how many were left out.
    Arabic is the source language unless source="en" (for a translator working from English).
    locales are the language codes to write ({"ar": "ar-SA", "en": "en-US"}; "ar" and "en" by
    default); a code tmx_locale refuses raises ValueError before anything is read."""
    codes = tmx_locales(locales)
    items, flagged_left_out = _exported(resolution, level, confirmed_only)
    kept = items if one_sided else [i for i in items if i.ar and i.en]
    lone = sum(1 for i in items if not (i.ar and i.en))
    left_out, included = (0, lone) if one_sided else (lone, 0)
    unconfirmed = sum(1 for i in kept if i.status == Status.AUTO)
    places = unit_places(resolution, level)
    signoffs = review_signoffs(resolution, level)
    creations = link_creations(resolution, level)
    units = [
        TmxUnit(
            ar=" ".join(item.ar),
            en=" ".join(item.en),
            props=(
                ("x-status", item.status),
                ("x-score", f"{item.score:.4f}"),
                ("x-level", item.level),
                # Counted from 1, as the review pages number links ("sentence #2").
                ("x-position", str(item.position + 1)),
            )
            # Paragraphs counted from 1, as the reader numbers them (FORMAT 2 in the header).
            + paragraph_props("ar", _from_one(item.ar_paragraphs), item.ar, item.ar_labels)
            + paragraph_props("en", _from_one(item.en_paragraphs), item.en, item.en_labels)
            + ((("x-flagged", "1"), ("x-note", item.note)) if item.flagged else ())
            + ((("x-findings", findings_text(item)),) if item.has_findings else ()),
            # The flag's note last: OmegaT keeps only a unit's last <note>, and a reviewer's
            # word on the pair weighs more than the checks'.
            notes=(
                (f"Checks between the sides: {findings_text(item)}",) if item.has_findings else ()
            )
            + ((f"Flagged by a reviewer: {item.note}",) if item.flagged else ()),
            tuid=unit_tuid(resolution, item, places),
            **_signoff(item, signoffs),
            **_creation(item, creations, resolution),
        )
        for item in kept
    ]
    if not kept:
        note = (
            "No units: no link at this level is confirmed or corrected by a person yet."
            if confirmed_only and not flagged_left_out
            else "No units."
        )
    elif unconfirmed:
        note = (
            f"Warning: {unconfirmed} of {len(kept)} units "
            + ("is" if unconfirmed == 1 else "are")
            + " unconfirmed (automatic alignment, x-status=auto); check "
            + ("it" if unconfirmed == 1 else "them")
            + " before reuse."
        )
    else:
        note = (
            "The 1 unit is confirmed or corrected by a person."
            if len(kept) == 1
            else f"All {len(kept)} units are confirmed or corrected by a person."
        )
    if flagged_left_out:
        note += (
            f" {_links(flagged_left_out)} confirmed but flagged by a reviewer as wrong left out "
            "until the flag is cleared."
        )
    if left_out:
        note += (
            f" {_links(left_out)} with no counterpart on one side (a unit one language has and "
            "the other lacks) left out: a translation memory holds pairs."
        )
    if included:
        note += (
            f" {_links(included)} with no counterpart on one side included, each with one "
            "<tuv> only (for re-import into Tawazi, not for a CAT tool)."
        )
    header = [
        ("x-resolution", resolution.slug),
        ("x-symbol", resolution.symbol),
        *_metadata_props(resolution),
        ("x-confirmed-only", "1" if confirmed_only else "0"),
        ("x-unconfirmed", str(unconfirmed)),
        ("x-one-sided-left-out", str(left_out)),
        ("x-one-sided-included", str(included)),
        ("x-flagged-left-out", str(flagged_left_out)),
    ]
    document = write_tmx(
        units,
        level=level,
        header_props=header,
        note=note,
        notes=(resolution_line(resolution),),
        source=source,
        locales=codes,
    )
    return TmxExport(document, len(units), unconfirmed, left_out, included, flagged_left_out)


def _metadata_props(resolution: Resolution) -> list[tuple[str, str]]:
    """The header props that name the resolution besides its slug and symbol, the ones it has:
    x-title-en, x-title-ar, x-body, x-session, x-date (YYYY-MM-DD), x-place, x-place-ar."""
    values = {
        "x-title-en": resolution.title_en,
        "x-title-ar": resolution.title_ar,
        "x-body": resolution.body,
        "x-session": resolution.session,
        "x-date": resolution.date.isoformat() if resolution.date else "",
        "x-place": resolution.place,
        "x-place-ar": resolution.place_ar,
    }
    return [(name, value) for name, value in values.items() if value]


def resolution_line(resolution: Resolution) -> str:
    """The resolution in one line, as a translator tells one TMX from another: its titles,
    symbol, body, session, place and date, those it has ("Universal Declaration of Human Rights
    · الإعلان العالمي لحقوق الإنسان (A/RES/217 A (III)); UN General Assembly, Paris, 10
    December 1948")."""
    title = " · ".join(t for t in (resolution.title_en, resolution.title_ar) if t)
    title = title or resolution.slug
    if resolution.symbol:
        title += f" ({resolution.symbol})"
    when = f"{resolution.date.day} {resolution.date:%B %Y}" if resolution.date else ""
    where = ", ".join(p for p in (resolution.body, resolution.session, resolution.place, when) if p)
    return f"{title}; {where}" if where else title


def tmx_locales(chosen: Mapping[str, str] | None) -> dict[str, str]:
    """The TMX codes for Arabic and English, each as tmx_locale writes it, "ar" and "en" where
    none (or "") is chosen; ValueError naming a code that is not its language's."""
    return {lang: tmx_locale((chosen or {}).get(lang) or lang, lang) for lang in ("ar", "en")}


def tmx_filename(
    *,
    slug: str,
    level: str,
    source: str,
    locales: Mapping[str, str],
    confirmed_only: bool = False,
    one_sided: bool = False,
) -> str:
    """The download's name: slug and level; the language codes, source first, when either is
    not the default ("demo.sentence.ar-SA_en-US.tmx"), so an ar-SA file and a plain ar one do
    not overwrite each other; else ".en-ar" for English as the source, as before; then what a
    file holds besides all pairs ("demo.sentence.confirmed.tmx", ".one-sided"), so it does not
    overwrite the all-pairs file of its level in a Downloads folder."""
    target = "en" if source == "ar" else "ar"
    if any(locales.get(lang, lang) != lang for lang in ("ar", "en")):
        pair = f".{locales.get(source, source)}_{locales.get(target, target)}"
    else:
        pair = ".en-ar" if source == "en" else ""
    return f"{slug}.{level}{pair}{_holds(confirmed_only, one_sided)}.tmx"


def csv_filename(*, slug: str, level: str, confirmed_only: bool = False) -> str:
    """The CSV's name: slug and level, ".confirmed" for confirmed links only (as tmx_filename)."""
    return f"{slug}.{level}{_holds(confirmed_only, False)}.csv"


def _holds(confirmed_only: bool, one_sided: bool) -> str:
    return (".confirmed" if confirmed_only else "") + (".one-sided" if one_sided else "")


def _signoff(item: ReviewItem, signoffs: dict[int, Signoff]) -> dict[str, Any]:
    """A reviewed unit's changeid (the reviewer's username) and changedate (when they gave the
    link its status), as CAT tools show a match's author; none for an automatic link, or for
    one whose status no recorded edit gave."""
    signoff = signoffs.get(item.id)
    if item.status == Status.AUTO or signoff is None or signoff.status != item.status:
        return {}
    return {"changeid": signoff.username, "changedate": signoff.at}


def _creation(
    item: ReviewItem,
    creations: Mapping[tuple[frozenset[int], frozenset[int]], Creation],
    resolution: Resolution,
) -> dict[str, Any]:
    """The unit's creationid and creationdate: who made its pairing and when (link_creations);
    one no recorded edit made, by the aligner at import, unless it is corrected (loaded from a
    dump without its history: which editor is not known, and the unit says nothing)."""
    made = creations.get((frozenset(item.ar_ids), frozenset(item.en_ids)))
    if made is None and item.status != Status.CORRECTED:
        made = Creation(ALIGNER, resolution.created_at)
    if made is None:
        return {}
    return {"creationid": made.by, "creationdate": made.at}


def _from_one(indexes: list[int]) -> list[int]:
    """Paragraph indexes (from 0, as stored) as the paragraphs' numbers a reader sees (from 1)."""
    return [index + 1 for index in indexes]


def findings_text(item: ReviewItem) -> str:
    """What the checks between the sides found, as the review page words it (said from each
    stored finding's check, side and values, not its stored message), " | " between; "" for
    none."""
    return " | ".join(map(finding_message, item.findings)) if item.has_findings else ""


def _links(count: int) -> str:
    return f"{count} link" if count == 1 else f"{count} links"


CSV_COLUMNS = [
    "level",
    # The link's number in its level, counted from 1 as the review pages and the TMX's
    # x-position number it (before, both exports counted from 0).
    "position",
    "ar",
    "en",
    "score",
    "status",
    "flagged",
    "note",
    # The paragraphs each side's units are in, counted from 1 as the reader numbers them
    # (before December 2026, from 0).
    "ar_paragraphs",
    "en_paragraphs",
    "ar_paragraph_labels",
    "en_paragraph_labels",
    # The checks between the sides (numbers, dates, symbols, a clause missing), as the review
    # page words them, separated by " | ".
    "findings",
    # How many words of the ar / en cell each paragraph of ar_paragraphs / en_paragraphs holds
    # ("57 23"): what cuts a link over two paragraphs back into them when the CSV is imported.
    "ar_paragraph_words",
    "en_paragraph_words",
]


def resolution_csv(*, resolution: Resolution, level: str, confirmed_only: bool = False) -> str:
    """One row per link of a level: both texts, score, status, flag and note, the paragraphs
    each side's units are in (by number, from 1, and by the source's own number if any), and
    what the checks between the sides found; confirmed only leaves out flagged links as the
    TMX does."""
    out = io.StringIO()
    # Every cell in quotes, the rest of OWASP's advice: a spreadsheet that guesses another
    # separator (LibreOffice offers ";" and tab) still cannot cut a note into cells.
    writer = csv.writer(out, quoting=csv.QUOTE_ALL)
    writer.writerow(CSV_COLUMNS)
    for item in _exported(resolution, level, confirmed_only)[0]:
        row = [
            item.level,
            item.position + 1,
            " ".join(item.ar),
            " ".join(item.en),
            f"{item.score:.4f}",
            item.status,
            int(item.flagged),
            item.note,
            " ".join(map(str, sorted(set(_from_one(item.ar_paragraphs))))),
            " ".join(map(str, sorted(set(_from_one(item.en_paragraphs))))),
            # ", " between labels: a label may hold a space (the UDHR's "Art. 1").
            ", ".join(item.side_labels("ar")),
            ", ".join(item.side_labels("en")),
            findings_text(item),
            _paragraph_words(item.ar_paragraphs, item.ar),
            _paragraph_words(item.en_paragraphs, item.en),
        ]
        writer.writerow([csv_cell(value) for value in row])
    return out.getvalue()


def _paragraph_words(paragraphs: list[int], texts: list[str]) -> str:
    """Each paragraph's share of the words of a side's units (in reading order), "57 23"."""
    words: dict[int, int] = {}
    for paragraph, text in zip(paragraphs, texts, strict=True):
        words[paragraph] = words.get(paragraph, 0) + len(text.split())
    return " ".join(str(words[paragraph]) for paragraph in sorted(words))

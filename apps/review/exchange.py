"""Exports for translators' tools: TMX 1.4b and CSV, from the stored alignment."""

from __future__ import annotations

import csv
import io

from apps.alignment.models import Status
from apps.bitext.tmx import TmxUnit, write_tmx
from apps.corpus.models import Resolution
from apps.review.selectors import ReviewItem, review_items


def _exported(resolution: Resolution, level: str, confirmed_only: bool) -> list[ReviewItem]:
    items = review_items([resolution], level, reasons=False)
    if confirmed_only:
        items = [i for i in items if i.status != Status.AUTO]
    return items


def resolution_tmx(
    *, resolution: Resolution, level: str, confirmed_only: bool = False
) -> tuple[bytes, int]:
    """TMX 1.4b of one level's links with status and score as properties, and the number of
    unconfirmed (automatic) links it includes."""
    items = _exported(resolution, level, confirmed_only)
    unconfirmed = sum(1 for i in items if i.status == Status.AUTO)
    units = [
        TmxUnit(
            ar=" ".join(item.ar),
            en=" ".join(item.en),
            props=(
                ("x-status", item.status),
                ("x-score", f"{item.score:.4f}"),
                ("x-level", item.level),
                ("x-position", str(item.position)),
                ("x-ar-paragraphs", ",".join(map(str, sorted(set(item.ar_paragraphs))))),
                ("x-en-paragraphs", ",".join(map(str, sorted(set(item.en_paragraphs))))),
            )
            + ((("x-flagged", "1"), ("x-note", item.note)) if item.flagged else ()),
            notes=(f"Flagged by a reviewer: {item.note}",) if item.flagged else (),
        )
        for item in items
    ]
    note = (
        f"Warning: {unconfirmed} of {len(items)} units are unconfirmed (automatic alignment, "
        "x-status=auto); check them before reuse."
        if unconfirmed
        else f"All {len(items)} units are confirmed or corrected by a person."
    )
    header = [
        ("x-resolution", resolution.slug),
        ("x-symbol", resolution.symbol),
        ("x-confirmed-only", "1" if confirmed_only else "0"),
        ("x-unconfirmed", str(unconfirmed)),
    ]
    return write_tmx(units, level=level, header_props=header, note=note), unconfirmed


CSV_COLUMNS = [
    "level",
    "position",
    "ar",
    "en",
    "score",
    "status",
    "flagged",
    "note",
    "ar_paragraphs",
    "en_paragraphs",
]


def resolution_csv(*, resolution: Resolution, level: str, confirmed_only: bool = False) -> str:
    """One row per link of a level: both texts, score, status, flag and note."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for item in _exported(resolution, level, confirmed_only):
        writer.writerow(
            [
                item.level,
                item.position,
                " ".join(item.ar),
                " ".join(item.en),
                f"{item.score:.4f}",
                item.status,
                int(item.flagged),
                item.note,
                " ".join(map(str, sorted(set(item.ar_paragraphs)))),
                " ".join(map(str, sorted(set(item.en_paragraphs)))),
            ]
        )
    return out.getvalue()

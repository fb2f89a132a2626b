"""The word panel's concordance: apps.search's `concordance` (its analyzer and index), reshaped
into keyword-in-context lines the panel can trim around the match."""

from __future__ import annotations

from dataclasses import dataclass
from html import unescape
from typing import Any

from django.utils.html import strip_tags

from apps.search.selectors import concordance


@dataclass
class ConcordanceLine:
    sentence_id: int
    url: str
    source: str
    # The paragraph as the reader's margin numbers it ("op. 4", "pre. 2", "1-أ").
    where: str
    # The Arabic sentence around its first match: (before, match, after), plain text.
    ar: tuple[str, str, str]
    # Each aligned English sentence around the clause aligned with the match.
    en: list[tuple[str, str, str]]


def _plain(html: str) -> str:
    return unescape(strip_tags(html))


def _around(highlighted: str, opening: str, closing: str) -> tuple[str, str, str]:
    """Split highlighted HTML at its first marked run into plain (before, marked, after)."""
    start = highlighted.find(opening)
    end = highlighted.find(closing, start + len(opening)) if start >= 0 else -1
    if start < 0 or end < 0:
        return _plain(highlighted), "", ""
    return (
        _plain(highlighted[:start]),
        _plain(highlighted[start + len(opening) : end]),
        _plain(highlighted[end + len(closing) :]),
    )


def _line(hit: dict[str, Any]) -> ConcordanceLine:
    resolution = hit["resolution"]
    return ConcordanceLine(
        sentence_id=hit["sentence"]["id"],
        url=hit["url"],
        source=resolution["symbol"] or resolution["title_en"] or resolution["slug"],
        where=hit["paragraph"]["margin_label"],
        ar=_around(hit["highlighted"], "<mark>", "</mark>"),
        en=[
            _around(c["highlighted"], '<span class="aligned">', "</span>")
            for c in hit["counterpart"]
            if c["lang"] == "en"
        ],
    )


def concordance_lines(
    word: str, *, limit: int = 10, exclude_sentence: int | None = None
) -> list[ConcordanceLine]:
    """Other occurrences of an Arabic word (any of its forms) with their aligned English."""
    hits = concordance(word, lang="ar", limit=limit, exclude_sentence=exclude_sentence)
    return [_line(hit) for hit in hits]

"""The word panel's concordance, behind one function so its source can be swapped.

apps.search is to provide `concordance(word, *, lang, limit, exclude_sentence)` over its index;
until it does, the reader's own stem query (apps.alignment.selectors.word_concordance) is used.
"""

from __future__ import annotations

from apps.alignment.selectors import ConcordanceLine, word_concordance


def concordance_lines(
    word: str, *, limit: int = 10, exclude_sentence: int | None = None
) -> list[ConcordanceLine]:
    """Other occurrences of an Arabic word in the corpus with their aligned English."""
    return word_concordance(word, limit=limit, exclude_sentence=exclude_sentence)

"""Background term frequencies for translation spotting: a sample of the index, cached in-process."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable

from django.db import connection

from apps.search.models import SearchEntry

BACKGROUND_SAMPLE = 1500
BACKGROUND_TTL = 300.0

_background: dict[tuple[str, str], tuple[float, Counter[str], int]] = {}


LAM = "\u0644"


def without_lam(stem: str) -> str | None:
    """The word an Arabic stem that keeps a ل the index cannot tell from the word's own may
    stand for (لشعب, of للشعب "for the people": شعب), or None."""
    return stem[1:] if stem[:1] == LAM and len(stem) > 3 else None


def spotting_stems(stems: Iterable[str]) -> set[str]:
    """The distinct stems of a text as spotting counts them: a stem that keeps a ل counts for the
    word without it too (without_lam), as the query reads it, so the word's frequency is not
    split in two."""
    present = set(stems)
    # without_lam written out: a call per stem cost more than the rest of this (every search).
    present.update([stem[1:] for stem in present if stem[:1] == LAM and len(stem) > 3])
    return present


def background_df(lang: str) -> tuple[Counter[str], int]:
    """Document frequencies of stems in a sample of one language's entries (cached a few minutes,
    forgotten whenever this process writes to the index)."""
    key = (str(connection.settings_dict["NAME"]), lang)
    cached = _background.get(key)
    if cached and time.monotonic() - cached[0] < BACKGROUND_TTL and cached[2]:
        return cached[1], cached[2]
    df: Counter[str] = Counter()
    n = 0
    for stems in SearchEntry.objects.filter(lang=lang).values_list("stems", flat=True)[
        :BACKGROUND_SAMPLE
    ]:
        df.update(spotting_stems(stems.split()))
        n += 1
    _background[key] = (time.monotonic(), df, n)
    return df, n


def clear_background_cache() -> None:
    """Forget the cached background frequencies."""
    _background.clear()

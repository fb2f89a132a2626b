"""Background term frequencies for translation spotting: a sample of the index, cached in-process."""

from __future__ import annotations

import time
from collections import Counter

from django.db import connection

from apps.search.models import SearchEntry

BACKGROUND_SAMPLE = 1500
BACKGROUND_TTL = 300.0

_background: dict[tuple[str, str], tuple[float, Counter[str], int]] = {}


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
        df.update(set(stems.split()))
        n += 1
    _background[key] = (time.monotonic(), df, n)
    return df, n


def clear_background_cache() -> None:
    """Forget the cached background frequencies."""
    _background.clear()

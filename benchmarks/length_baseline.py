"""A plain length-based sentence aligner (Gale and Church 1993), the baseline literary figures are read against.

Character lengths as the aligner counts them (apps.bitext.align.unit_length), the English/Arabic
ratio fitted on each document pair's totals, the variance fitted on UNPC (SENTENCE_VARIANCE),
Gale and Church's bead shapes and priors; no anchors, no lexicon, no band (full dynamic programme).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from apps.bitext.align import SENTENCE_VARIANCE, unit_length
from apps.bitext.gold import GoldBead

# Gale and Church's prior of each bead shape (1:1, 1:0 and 0:1 together, 2:1 and 1:2 together, 2:2).
PRIORS = {(1, 1): 0.89, (1, 0): 0.0099 / 2, (0, 1): 0.0099 / 2, (2, 1): 0.089 / 2}
PRIORS |= {(1, 2): 0.089 / 2, (2, 2): 0.011}


def _length_cost(l_ar: int, l_en: int, ratio: float) -> float:
    """Return -log P(|delta| this large) for a bead of these character lengths."""
    if l_ar == 0 and l_en == 0:
        return 0.0
    mean = (l_ar + l_en / ratio) / 2
    delta = (l_en - ratio * l_ar) / math.sqrt(SENTENCE_VARIANCE * mean)
    tail = math.erfc(abs(delta) / math.sqrt(2))  # P(|N(0,1)| >= |delta|)
    return -math.log(max(tail, 1e-300))


def gale_church(ar: Sequence[str], en: Sequence[str]) -> list[GoldBead]:
    """Return the minimum-cost monotone beads between two unit sequences, by length alone."""
    len_ar = [unit_length(t) for t in ar]
    len_en = [unit_length(t) for t in en]
    ratio = (sum(len_en) / sum(len_ar)) if sum(len_ar) and sum(len_en) else 1.0
    n, m = len(ar), len(en)
    cost = [[math.inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int]]] = [[(0, 0)] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    shapes = [(a, b, -math.log(p)) for (a, b), p in PRIORS.items()]
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            best, step = math.inf, (0, 0)
            for a, b, prior in shapes:
                if a > i or b > j or cost[i - a][j - b] == math.inf:
                    continue
                length = _length_cost(sum(len_ar[i - a : i]), sum(len_en[j - b : j]), ratio)
                total = cost[i - a][j - b] + prior + length
                if total < best:
                    best, step = total, (a, b)
            cost[i][j], back[i][j] = best, step
    beads: list[GoldBead] = []
    i, j = n, m
    while i or j:
        a, b = back[i][j]
        beads.append((tuple(range(i - a, i)), tuple(range(j - b, j))))
        i, j = i - a, j - b
    return beads[::-1]

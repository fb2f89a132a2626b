"""Gold alignments in the vecalign/bertalign format ("[0] : [0, 1]", one bead a line) and their scores.

Strict scores count a predicted bead as right only if the gold has exactly that bead; lax scores
count it as right if it shares an Arabic and an English unit with a gold bead (a null bead, with
one side empty, is right under lax only if it is also in the gold). Precision is over predicted
beads, recall over gold beads, as in vecalign's score.py.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from apps.bitext.segment import segment_paragraph

__all__ = [
    "GoldBead",
    "GoldError",
    "Reshaped",
    "Scores",
    "format_gold",
    "parse_gold",
    "reshape",
    "score_alignment",
]

GoldBead = tuple[tuple[int, ...], tuple[int, ...]]

_LINE = re.compile(r"^\s*\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\]\s*(?::\s*[-+\d.eE]+\s*)?$")


class GoldError(ValueError):
    """A gold file line that is not a bead."""


def _indices(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(",") if part.strip())


def parse_gold(text: str) -> list[GoldBead]:
    """Return the beads of a gold file; a third field (a score, as vecalign writes) is ignored."""
    beads: list[GoldBead] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _LINE.match(line)
        if match is None:
            raise GoldError(f"line {number}: {line.strip()[:60]!r} is not a bead like [0] : [0, 1]")
        bead = (_indices(match.group(1)), _indices(match.group(2)))
        if not bead[0] and not bead[1]:
            raise GoldError(f"line {number}: a bead needs at least one unit")
        beads.append(bead)
    return beads


def format_gold(beads: Iterable[GoldBead]) -> str:
    """Return beads as gold-file lines."""
    return "".join(
        f"[{', '.join(map(str, ar))}] : [{', '.join(map(str, en))}]\n" for ar, en in beads
    )


@dataclass(frozen=True)
class Scores:
    """Precision, recall and F1, strict and lax, with the bead counts they come from."""

    strict_p: float
    strict_r: float
    strict_f1: float
    lax_p: float
    lax_r: float
    lax_f1: float
    predicted: int
    gold: int


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _overlap_counter(others: Sequence[GoldBead]) -> Callable[[GoldBead], bool]:
    """Return a test of whether a bead shares an Arabic and an English unit with one of others."""
    by_ar: dict[int, set[int]] = {}
    by_en: dict[int, set[int]] = {}
    nulls = {o for o in others if not o[0] or not o[1]}
    for k, (ar, en) in enumerate(others):
        for i in ar:
            by_ar.setdefault(i, set()).add(k)
        for j in en:
            by_en.setdefault(j, set()).add(k)

    def overlaps(bead: GoldBead) -> bool:
        if not bead[0] or not bead[1]:
            return bead in nulls
        near_ar = set().union(*(by_ar.get(i, set()) for i in bead[0]))
        return any(by_en.get(j, set()) & near_ar for j in bead[1])

    return overlaps


def score_alignment(predicted: Sequence[GoldBead], gold: Sequence[GoldBead]) -> Scores:
    """Return strict and lax precision, recall and F1 of predicted beads against gold beads."""
    pred = [(tuple(a), tuple(e)) for a, e in predicted]
    ref = [(tuple(a), tuple(e)) for a, e in gold]
    gold_set, pred_set = set(ref), set(pred)
    strict_p = sum(b in gold_set for b in pred) / len(pred) if pred else 0.0
    strict_r = sum(b in pred_set for b in ref) / len(ref) if ref else 0.0
    in_gold, in_pred = _overlap_counter(ref), _overlap_counter(pred)
    lax_p = sum(map(in_gold, pred)) / len(pred) if pred else 0.0
    lax_r = sum(map(in_pred, ref)) / len(ref) if ref else 0.0
    return Scores(
        strict_p,
        strict_r,
        _f1(strict_p, strict_r),
        lax_p,
        lax_r,
        _f1(lax_p, lax_r),
        len(pred),
        len(ref),
    )


@dataclass(frozen=True)
class Reshaped:
    """Two sides of units built from translation pairs, and the gold beads between them."""

    ar: list[str]
    en: list[str]
    gold: list[GoldBead]


def _halves(text: str, lang: str) -> tuple[str, str] | None:
    """Return text cut in two at the sentence or clause boundary nearest its middle, if any."""
    cuts = sorted(
        {span[0] for _, clauses in segment_paragraph(text, lang) for span in clauses} - {0}
    )
    cuts = [c for c in cuts if 0 < c < len(text) and text[:c].strip() and text[c:].strip()]
    if not cuts:
        return None
    cut = min(cuts, key=lambda c: abs(c - len(text) / 2))
    return text[:cut].strip(), text[cut:].strip()


def reshape(
    pairs: Sequence[tuple[str, str]],
    *,
    seed: int,
    merge: float = 0.04,
    split: float = 0.03,
    drop: float = 0.03,
    lists: float = 0.0,
) -> Reshaped:
    """Return the pairs as two unit sequences with merges (2:1, 1:2), splits, drops (1:0, 0:1)
    and, at rate lists, one unit against three to five (a list printed as one paragraph), each
    at the given rate per pair and side, with the gold beads that describe them."""
    rng = random.Random(seed)
    ar: list[str] = []
    en: list[str] = []
    gold: list[GoldBead] = []

    def emit(ar_units: Sequence[str], en_units: Sequence[str]) -> None:
        gold.append(
            (
                tuple(range(len(ar), len(ar) + len(ar_units))),
                tuple(range(len(en), len(en) + len(en_units))),
            )
        )
        ar.extend(ar_units)
        en.extend(en_units)

    k = 0
    while k < len(pairs):
        a, e = pairs[k]
        roll = rng.random()
        take = 1
        if roll < lists and k + 3 <= len(pairs):
            take = min(rng.randint(3, 5), len(pairs) - k)
            group = pairs[k : k + take]
            if rng.random() < 0.5:
                emit([" ".join(p[0] for p in group)], [p[1] for p in group])
            else:
                emit([p[0] for p in group], [" ".join(p[1] for p in group)])
        elif roll < lists + merge and k + 1 < len(pairs):
            take = 2
            a2, e2 = pairs[k + 1]
            emit([f"{a} {a2}"], [e, e2])
        elif roll < lists + 2 * merge and k + 1 < len(pairs):
            take = 2
            a2, e2 = pairs[k + 1]
            emit([a, a2], [f"{e} {e2}"])
        elif roll < lists + 2 * merge + split and (halves := _halves(a, "ar")) is not None:
            emit(list(halves), [e])
        elif roll < lists + 2 * merge + 2 * split and (halves := _halves(e, "en")) is not None:
            emit([a], list(halves))
        elif roll < lists + 2 * merge + 2 * split + drop:
            emit([], [e])
        elif roll < lists + 2 * merge + 2 * split + 2 * drop:
            emit([a], [])
        else:
            emit([a], [e])
        k += take
    return Reshaped(ar, en, gold)

"""Gold alignments in the vecalign/bertalign format ("[0] : [0, 1]", one bead a line) and their scores.

Strict scores count a predicted bead as right only if the gold has exactly that bead; lax scores
count it as right if it shares an Arabic and an English unit with a gold bead (a null bead, with
one side empty, is right under lax only if it is also in the gold). Precision is over predicted
beads, recall over gold beads, as in vecalign's score.py.
"""

from __future__ import annotations

import random
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from apps.bitext.segment import segment_paragraph, split_sentences

__all__ = [
    "GoldBead",
    "Highlight",
    "calibration_table",
    "clause_highlights",
    "export_beads",
    "parse_phrases",
    "GoldError",
    "Reshaped",
    "Scores",
    "format_gold",
    "parse_gold",
    "reshape",
    "score_alignment",
    "verse_sentence_gold",
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


def score_paragraphs(
    parts: Sequence[tuple[int, int, Sequence[GoldBead]]],
    predicted: Iterable[tuple[Sequence[tuple[int, int]], Sequence[tuple[int, int]]]],
) -> Scores:
    """Score links over (paragraph, unit) keys against gold given per paragraph: parts are each
    paragraph's Arabic and English unit counts and its gold beads, in order; units are numbered
    through the whole document on both sides."""
    start_ar, start_en, gold = [], [], []
    ar_seen = en_seen = 0
    for n_ar, n_en, beads in parts:
        start_ar.append(ar_seen)
        start_en.append(en_seen)
        gold += [(tuple(ar_seen + i for i in a), tuple(en_seen + j for j in e)) for a, e in beads]
        ar_seen, en_seen = ar_seen + n_ar, en_seen + n_en
    beads = [
        (tuple(start_ar[p] + u for p, u in ar), tuple(start_en[p] + u for p, u in en))
        for ar, en in predicted
    ]
    return score_alignment(beads, gold)


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


def _sentences_by_verse(
    verses: Sequence[str], lang: str, running: bool
) -> list[tuple[str, int, int]]:
    """Return a side's sentences with the first and last verse each one draws text from.

    A running side is segmented as one text (its sentences may cross verse ends); otherwise each
    verse is segmented alone, a verse end being a sentence end."""
    out: list[tuple[str, int, int]] = []
    if not running:
        for k, verse in enumerate(verses):
            out += [(verse[s:e], k, k) for s, e in split_sentences(verse, lang)]
        return out
    text = ""
    starts: list[int] = []
    for verse in verses:
        text += " " if text else ""
        starts.append(len(text))
        text += verse
    for start, end in split_sentences(text, lang):
        first = bisect_right(starts, start) - 1
        last = bisect_left(starts, end) - 1
        out.append((text[start:end], first, last))
    return out


def verse_sentence_gold(
    ar_verses: Sequence[str],
    en_verses: Sequence[str],
    *,
    ar_running: bool = False,
    en_running: bool = True,
) -> Reshaped:
    """Return each side's own sentences and the gold beads that parallel verses imply.

    A bead is the smallest group of sentences on both sides that covers whole verses: sentences
    within one verse on both sides form one bead (1:2 when the translation says it in two
    sentences), and a sentence that runs across verse ends joins those verses' beads (3:1 when
    one English sentence renders three verses)."""
    if len(ar_verses) != len(en_verses):
        raise ValueError("both sides need the same number of verses")
    sides = (
        _sentences_by_verse(ar_verses, "ar", ar_running),
        _sentences_by_verse(en_verses, "en", en_running),
    )
    # Verse k is joined to verse k + 1 when a sentence on either side crosses that verse end.
    joined = [False] * len(ar_verses)
    for side in sides:
        for _, first, last in side:
            for k in range(first, last):
                joined[k] = True
    group_of: list[int] = []
    group = 0
    for k in range(len(ar_verses)):
        group_of.append(group)
        group += 0 if joined[k] else 1
    members: dict[int, tuple[list[int], list[int]]] = {}
    for side_index, side in enumerate(sides):
        for unit, (_, first, _) in enumerate(side):
            members.setdefault(group_of[first], ([], []))[side_index].append(unit)
    gold = [(tuple(members[g][0]), tuple(members[g][1])) for g in sorted(members)]
    return Reshaped([t for t, _, _ in sides[0]], [t for t, _, _ in sides[1]], gold)


def _reading_order(export: Mapping[str, Any], level: str) -> dict[int, tuple[str, int]]:
    """Return unit id -> (language, index in reading order within that language) at a level."""
    paragraphs = {p["id"]: p for p in export["paragraphs"]}
    order: dict[int, tuple[str, int]] = {}
    if level == "paragraph":
        units = sorted(export["paragraphs"], key=lambda p: (p["lang"], p["index"]))
        langs = {p["id"]: p["lang"] for p in units}
    else:
        sentences = {s["id"]: s for s in export["sentences"]}
        if level == "sentence":
            units = sorted(
                export["sentences"],
                key=lambda s: (paragraphs[s["paragraph"]]["index"], s["index"]),
            )
            langs = {s["id"]: paragraphs[s["paragraph"]]["lang"] for s in units}
        elif level == "clause":
            units = sorted(
                export["clauses"],
                key=lambda c: (
                    paragraphs[sentences[c["sentence"]]["paragraph"]]["index"],
                    sentences[c["sentence"]]["index"],
                    c["index"],
                ),
            )
            langs = {
                c["id"]: paragraphs[sentences[c["sentence"]]["paragraph"]]["lang"] for c in units
            }
        else:
            raise ValueError(f"unknown alignment level {level!r}")
    counters = {"ar": 0, "en": 0}
    for unit in units:
        lang = langs[unit["id"]]
        order[unit["id"]] = (lang, counters[lang])
        counters[lang] += 1
    return order


def export_beads(export: Mapping[str, Any], level: str) -> tuple[list[GoldBead], list[float]]:
    """Return the links of a tawazi-alignment/1 export at a level as beads over each language's
    units in reading order (as a gold file numbers them), with the links' scores."""
    order = _reading_order(export, level)
    beads: list[GoldBead] = []
    scores: list[float] = []
    for link in export["links"]:
        if link["level"] != level:
            continue
        ar = tuple(sorted(order[u][1] for u in link["ar"]))
        en = tuple(sorted(order[u][1] for u in link["en"]))
        beads.append((ar, en))
        scores.append(float(link["score"]))
    return beads, scores


@dataclass(frozen=True)
class Highlight:
    """What hovering an Arabic phrase's clause highlights in English, against the counterpart."""

    paragraph: int
    phrase: str
    counterpart: str
    contained: bool  # every letter of the counterpart is inside the highlight
    share: float  # highlighted characters / characters of the English paragraph
    highlighted: str


def parse_phrases(text: str) -> list[tuple[int, str, str]]:
    """Return (paragraph index, Arabic phrase, English counterpart) rows of a phrases file."""
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or not parts[0].strip().isdigit():
            raise GoldError(f"line {number}: expected paragraph<TAB>Arabic<TAB>English")
        rows.append((int(parts[0]), parts[1].strip(), parts[2].strip()))
    return rows


def clause_highlights(
    export: Mapping[str, Any], phrases: Sequence[tuple[int, str, str]]
) -> list[Highlight]:
    """Return, per phrase, whether the English clauses linked to the Arabic clauses holding it
    contain its counterpart, and how much of the English paragraph they cover."""
    paragraphs = {(p["lang"], p["index"]): p for p in export["paragraphs"]}
    paragraph_of_sentence = {s["id"]: s["paragraph"] for s in export["sentences"]}
    clauses_by_paragraph: dict[int, list[Mapping[str, Any]]] = {}
    clause_paragraph: dict[int, int] = {}
    for clause in export["clauses"]:
        pid = paragraph_of_sentence[clause["sentence"]]
        clauses_by_paragraph.setdefault(pid, []).append(clause)
        clause_paragraph[clause["id"]] = pid
    clause_spans = {c["id"]: (c["start"], c["end"]) for c in export["clauses"]}
    links_of: dict[int, list[Mapping[str, Any]]] = {}
    for link in export["links"]:
        if link["level"] == "clause":
            for unit in link["ar"]:
                links_of.setdefault(unit, []).append(link)
    out: list[Highlight] = []
    for index, phrase, counterpart in phrases:
        ar = paragraphs.get(("ar", index))
        en = paragraphs.get(("en", index))
        if ar is None or en is None or phrase not in ar["text"] or counterpart not in en["text"]:
            raise GoldError(f"paragraph {index}: phrase or counterpart not found in the export")
        start = ar["text"].index(phrase)
        end = start + len(phrase)
        holding = [
            c["id"]
            for c in clauses_by_paragraph.get(ar["id"], [])
            if c["start"] < end and start < c["end"]
        ]
        covered = [False] * len(en["text"])
        elsewhere = 0
        for clause_id in holding:
            for link in links_of.get(clause_id, []):
                for unit in link["en"]:
                    lo, hi = clause_spans[unit]
                    if clause_paragraph[unit] == en["id"]:
                        covered[lo:hi] = [True] * (hi - lo)
                    else:
                        elsewhere += hi - lo
        c_start = en["text"].index(counterpart)
        contained = all(
            covered[k] or not en["text"][k].isalnum()
            for k in range(c_start, c_start + len(counterpart))
        )
        highlighted = "".join(ch if on else "·" for ch, on in zip(en["text"], covered, strict=True))
        out.append(
            Highlight(
                index,
                phrase,
                counterpart,
                contained,
                (sum(covered) + elsewhere) / max(len(en["text"]), 1),
                highlighted,
            )
        )
    return out


CALIBRATION_BINS = ((0.0, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 0.97), (0.97, 1.0))


def calibration_table(scored: Iterable[tuple[float, bool]]) -> list[str]:
    """Return the rows of a calibration table: score bin, links in it, share that are right."""
    pairs = list(scored)
    rows = [f"{'score':<12} {'links':>7} {'right':>7} {'mean score':>10}"]
    for low, high in CALIBRATION_BINS:
        inside = [(s, ok) for s, ok in pairs if low <= s < high or (high == 1.0 and s == 1.0)]
        label = f"[{low:.2f}, {high:.2f}{']' if high == 1.0 else ')'}"
        if not inside:
            rows.append(f"{label:<12} {0:>7} {'-':>7} {'-':>10}")
            continue
        right = sum(ok for _, ok in inside) / len(inside)
        mean = sum(s for s, _ in inside) / len(inside)
        rows.append(f"{label:<12} {len(inside):>7} {right:>7.3f} {mean:>10.3f}")
    return rows

"""Monotone Arabic-English unit alignment: a banded Gale-Church dynamic programme with anchors."""

from __future__ import annotations

import math
import re
import time
from bisect import bisect_left
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from apps.bitext.anchors import extract_anchors
from apps.bitext.lexicon import (
    ARABIC_MARKS_RE,
    ARABIC_WORD_RE,
    Lexicon,
    UnitWords,
    default_lexicon,
    unit_words,
)
from apps.bitext.structure import action_group, classify_paragraph

__all__ = [
    "Bead",
    "Tuning",
    "align_units",
    "closing_key",
    "cpu_seconds",
    "opening_key",
    "unit_length",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

# Length model, fitted by benchmarks/fit_length_model.py (run it to reproduce): lengths are
# unit_length() characters; the ratio is English/Arabic total characters, the variance s2 in
# delta = (l_en - c*l_ar) / sqrt(s2 * (l_ar + l_en/c)/2).
# UNPC v1.0 devset (4,000 sentence pairs, a few misaligned, so the robust median-based
# estimate): c = 1.194, s2 = 4.23.
# Demo resolution (42 paragraph pairs, a looser news translation, every pair correct, so the
# plain mean rather than the median is used): c = 1.403, s2 = 4.24.
# Translations differ in verbosity, so the ratio is re-estimated per call from the two texts'
# totals and only clamped around this prior; the prior is the UNPC value (the larger sample).
LENGTH_RATIO = 1.194
RATIO_CLAMP = 1.6
SENTENCE_VARIANCE = 4.23
PARAGRAPH_VARIANCE = 4.24
# Not fitted: clauses are short and reordered across the clause boundary, so widen by half.
CLAUSE_VARIANCE = 1.5 * SENTENCE_VARIANCE
# Clause level aligns the clauses of one sentence link, which translate each other as a whole, so
# the length ratio is always theirs (clamped), not the prior below 200 characters a side: the
# demo's "This was stated in the resolution … held today … in Jeddah, the text of which is as
# follows:" is 1.7 times its one Arabic clause, and at the prior 1.194 the English clause "the text
# of which is as follows:" (في ما يلي نصه) was cheaper left out than linked.

# Costs are negative log-probability-like, in nats.
SKIP_COST = 3.5  # a 1:0 or 0:1 bead, whatever its length (tuned: benchmarks/tune_costs.py)
# Shape priors after Gale and Church's counts, relative to 1:1: 2:1 about 3 nats, 1:0 about 4.5.
# 2:2 (and 1:3, 3:1) raised from their 4.5 to 6.5: on synthetic merges, splits and drops of
# NTREX, FLORES and UNPC lines (3% each) that lifted link F1 from 0.931 to 0.935; the other
# constants here were checked on the same data and left at their priors.
MERGE_COST = 3.0  # a 1:2 or 2:1 bead
DOUBLE_MERGE_COST = 6.5  # 2:2, 1:3, 3:1
LONG_MERGE_COST = 1.0  # per unit beyond 1:3 in a list bead (1:4 ... 1:6): paragraph, clause level
ANCHOR_MATCH_BONUS = 1.0  # per anchor shared by both sides of a bead
ANCHOR_MISMATCH_COST = 1.0  # per anchor on one side only
ANCHOR_CAP = 4  # anchors counted per bead, so number-dense paragraphs do not dominate
# Lexical evidence (apps/bitext/lexicon.py): a content word of a bead is "matched" when the other
# side of the bead holds one of its translations or its name skeleton. Matches are scored as a
# log-likelihood ratio of "translations" against "unrelated text". By chance a word matches
# something among N other words with probability 1 - exp(-LEX_CHANCE_PER_WORD * N) (measured on
# held-out UNPC and FLORES sentences, 0.01-0.05 of words match in random pairs, and 0.16 in random
# pairs of the demo's long paragraphs), so big beads earn no credit for topical vocabulary; in a
# translation a word matches with that chance plus LEX_P_TRUE of the rest (0.34-0.65 of words
# match in true pairs, the lexicon being incomplete). The sum is weighted and clipped so a thin
# lexicon (literary text) cannot outvote the length model on its own.
LEX_P_TRUE = 0.2
LEX_CHANCE_PER_WORD = 0.004
LEX_WEIGHT = 0.5
LEX_CLIP = (-8.0, 16.0)
# A merged bead (1:2, 2:1, ...) sums each of its units' own ratio, each clipped to this share of
# LEX_CLIP: clipping the bead's total instead let a well-matched 1:1 core saturate the clip, so a
# unit merged into it earned nothing for its own matches, and a true 1:2 lost to 1:1 + 0:1 on
# length alone (about a third of the held-out UNPC errors). Tuned on the training split (tune_costs.py):
# 0.35 / 0.5 / 0.75 gave strict F1 0.971 / 0.971 / 0.934, against 0.969 with the total clipped.
LEX_UNIT_SHARE = 0.5
# At these levels, a unit merged into a 1:2 or 2:1 bead whose every match in the single unit is
# a word found there once and matched by the other merged unit as well has no match of its own:
# it counts as unmatched (its own ratio, ORPHAN_COST). Otherwise a short insertion next to its
# neighbour's translation earned credit for the neighbour's words: the UDHR's "Whereas it is
# essential to promote the development of friendly relations between nations", which has no
# Arabic, matched only الأساسية and الأمم, which translate the next paragraph's "fundamental"
# and "United Nations". Training split (tune_costs.py): strict F1 0.9726 -> 0.9741 (paragraph
# cases 0.976 -> 0.981, sentence 0.972 -> 0.973); discounting each shared word from both units
# instead, or half of it, left it at 0.9726 and lost on paragraph cases built from the training
# UNPC and NTREX documents; not measured at clause level, which has no training cases.
LEX_SHARED_LEVELS = ("paragraph", "sentence")
# At clause level a 2:2 bead sums its units' own clipped ratios too, as 1:n beads
# do: with its total clipped at 16 a 2:2 earned less than the 2:1 + 0:1 beside it (three units
# clipped at 8 each), so the demo's "and the Noble Jerusalem," (والقدس الشريف, inside the second
# Arabic clause) was left out. Clauses are cut at different places in the two languages, so
# a 2:2 is a common true clause bead; paragraphs and sentences keep the total (tuned there).
# A unit merged into a bead (1:2, 2:1, ...) with this many content words, none matched on the
# other side, is more likely an insertion: this cost makes its 0:1 or 1:0 bead win.
ORPHAN_COST = 2.0
ORPHAN_MIN_WORDS = 2
# At clause level a bead whose first Arabic and first English clauses both open with a relative
# pronoun (التي, الذي … and which, who …: segment.py cuts before them in both languages) earns this
# bonus: the clause holds the relative clause's translation even when none of its words is in the
# lexicon. The UDHR's Article 2 "to which a person belongs," (التي ينتمي إليها الفرد: neither word
# is in the lexicon) was left with no Arabic, as an orphan cost cheaper than linking it. Bonus 1 and
# 2 change that link alone on the demo, UDHR, SDG and held-out pairs; 4 moves one NTREX pair too.
# Tried on the dev split (the 4,160 lexicon-training UNPC and NTREX pairs, each aligned at clause
# level; 143 have a relative opening on both sides): 0 against 1 changes one pair, for the worse
# (1 links "الذي تقدمه الأمم المتحدة" to "in which only basic United Nations support"); 2 changes
# none; 4 changes three, one better and two worse (a relative clause linked to the next English
# one). Held out, 0 and 0.5 lose Article 2 and 1 to 3 give the same one-sided counts: kept at 1.
RELATIVE_OPENING_BONUS = 1.0
_RELATIVE_OPENINGS = {
    (ar, en): RELATIVE_OPENING_BONUS
    for ar in ("التي", "الذي", "الذين", "اللذين", "اللتين", "اللاتي", "اللواتي")
    for en in ("which", "who", "whom", "whose")
}
# Confidence = logistic(CONFIDENCE_WEIGHTS . _bead_features(bead)): features measured on the
# finished bead (length cost, word coverage weighted by word count, anchors, shape, and for a
# 1:0 or 0:1 bead how well its unit matches the neighbouring beads), weights fitted by
# benchmarks/fit_confidence.py (logistic regression: is the bead exactly a gold bead?) on
# reshaped SDG goals/targets/indicators and the lexicon-training UNPC and NTREX text, none of
# which the benchmark scores; rerun it after changing any cost above.
# Not fitted: a unit in the other side's script (a wrong file) makes any link of it doubtful.
WRONG_SCRIPT_SCORE = 0.05
CONFIDENCE_FEATURES = (
    "bias",
    "length cost",
    "covered words",
    "uncovered words",
    "anchor mismatches",
    "shared anchors",
    "extra units",
    "null",
    "null unit matched next door",
    "null unit length",
)
CONFIDENCE_WEIGHTS = (3.903, -0.287, 3.127, -2.043, -0.262, 0.514, -0.987, -3.099, -2.492, 7.614)

_BASE_SHAPES: tuple[tuple[int, int], ...] = (
    (1, 0),
    (1, 1),
    (1, 2),
    (2, 1),
    (2, 2),
    (1, 3),
    (3, 1),
)
# List beads: a list written as one unit on one side and as items on the other. At clause level
# too, since one language often cuts a sentence into more clauses than the other (the UDHR's
# Article 2 "… the country or territory" | "to which a person belongs," | "whether it be
# independent, trust," | "non-self-governing or under any other limitation of sovereignty." is
# one Arabic clause; up to 1:3, the last was left with no Arabic). On the held-out UNPC, NTREX
# and FLORES sentence pairs (each aligned at clause level alone) one-sided clauses went 112 -> 93,
# 146 -> 131 and 137 -> 133, the English share lit per Arabic clause +0.001; of the 27 changed
# pairs 25 read better, 1 worse (benchmarks/README.md, 7 Dec 2026).
_LIST_SHAPES: tuple[tuple[int, int], ...] = ((1, 4), (4, 1), (1, 5), (5, 1), (1, 6), (6, 1))
_SKIP_EN = len(_BASE_SHAPES) + len(_LIST_SHAPES)  # backpointer code for a 0:1 bead

# Search bounds: inputs up to _FULL_CELLS cells get the exact full DP; larger ones a band of
# half-width _START_BAND around the alignment of groups of _COARSEN units (itself computed the
# same way, recursively), then re-centred on the best path with double the width while that
# path touches the band edge; never beyond _MAX_CELLS cells (13 bytes each) when widening, nor
# _TIME_BUDGET seconds per call (then the length-proportional diagonal is returned, score 0).
# Those are CPU seconds of the calling thread (cpu_seconds), not wall-clock: a loaded machine
# must give the same alignment as a quiet one, and runaway work is still stopped.
_FULL_CELLS = 250_000
_START_BAND = 16
_COARSEN = 8
_MAX_CELLS = 6_000_000
_BLOCK_CELLS = 65_536
_TIME_BUDGET = 30.0
_EDGE_MARGIN = 2
_STRUCTURE_MAX_CHARS = 20_000  # paragraphs longer than this are not classified
_MAX_HITS = 24  # a word matching more units than this in the band window is not evidence
_COLUMNS = 5  # evidence per unit pair, see _Span._pair_matches

_UNCOUNTED = re.compile(r"[\s\u0640\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")


@dataclass(frozen=True, slots=True)
class Bead:
    """One alignment link: consecutive Arabic and English unit indices and a confidence."""

    ar: tuple[int, ...]  # indices into the Arabic units, consecutive, ascending; may be empty
    en: tuple[int, ...]  # same for English
    score: float  # confidence in [0, 1]


@dataclass(frozen=True, slots=True)
class Tuning:
    """Costs a caller may set per document (apps/bitext/adapt.py does, from measured evidence)."""

    skip_cost: float = SKIP_COST
    orphan_cost: float = ORPHAN_COST
    long_beads: bool = False  # 1:4 ... 1:6 and 6:1 ... 4:1 beads at sentence level too
    merge_scale: float = 1.0  # multiplies the shape prior of every bead beyond 1:1
    # Bonus (nats) for a linked bead whose first Arabic and first English units open with these
    # opening_key()s (apps/bitext/adapt.py learns it from a document's previous pass).
    openings: Mapping[tuple[str, str], float] | None = None
    # Bonus (nats) for a linked bead whose last English unit has this closing_key() (learned
    # likewise: "Lo!" opens what follows and rarely ends a verse's rendering).
    closings: Mapping[str, float] | None = None
    # Relative spread of lengths: the length model's variance s2 * l gains (length_floor * l)^2,
    # so that long units (a book's chapters) are not held to a per-character precision.
    length_floor: float = 0.0


@dataclass(frozen=True, slots=True)
class _Params:
    """Per-level model constants."""

    variance: float
    shapes: tuple[tuple[int, int], ...]
    level: str
    skip_cost: float = SKIP_COST
    orphan_cost: float = ORPHAN_COST
    merge_scale: float = 1.0
    openings: Mapping[tuple[str, str], float] | None = None
    closings: Mapping[str, float] | None = None
    length_floor: float = 0.0


def unit_length(text: str) -> int:
    """Return the characters of text that carry length: no whitespace, tatweel or diacritics."""
    return len(_UNCOUNTED.sub("", text))


def _params(level: str, tuning: Tuning | None = None) -> _Params:
    """Return the model constants for an alignment level, with a caller's tuning if any."""
    if level == "paragraph":
        variance, shapes = PARAGRAPH_VARIANCE, _BASE_SHAPES + _LIST_SHAPES
    elif level == "sentence":
        variance, shapes = SENTENCE_VARIANCE, _BASE_SHAPES
    elif level == "clause":
        variance, shapes = CLAUSE_VARIANCE, _BASE_SHAPES + _LIST_SHAPES
    else:
        raise ValueError(f"unknown alignment level {level!r}")
    clause_openings = _RELATIVE_OPENINGS if level == "clause" else None
    if tuning is None:
        return _Params(variance, shapes, level, openings=clause_openings)
    if tuning.long_beads and level == "sentence":
        shapes = _BASE_SHAPES + _LIST_SHAPES
    return _Params(
        variance,
        shapes,
        level,
        tuning.skip_cost,
        tuning.orphan_cost,
        tuning.merge_scale,
        tuning.openings if level == "sentence" else clause_openings,
        tuning.closings if level == "sentence" else None,
        tuning.length_floor,
    )


_OPENING_EN = re.compile(r"[A-Za-z]+")
# "to which", "in which", "of whom": a relative clause opened by a preposition (segment.py cuts
# before the preposition) opens with its relative pronoun.
_RELATIVE_EN = re.compile(
    r"\s*(?:(?:about|among|at|between|by|for|from|in|into|of|on|over|through|to|under|upon|with"
    r"|within)\s+)?(which|whom|whose)\b",
    re.IGNORECASE,
)
_ALEF = str.maketrans("أإآٱ", "اااا")


def opening_key(text: str, lang: str) -> str:
    """Return how a unit opens: its first word, lower case (English) or without hamza on the
    alef (Arabic), where an Arabic word opening with the clitic و or ف is that letter alone.
    An Arabic word is read whole with its harakat, shadda and tatweel, then without them
    (قُتل is قتل, وسُمع opens with و), as the lexicon reads words; an English relative clause
    opens with its pronoun, after a preposition too ("to which a person belongs": which)."""
    found = (ARABIC_WORD_RE if lang == "ar" else _OPENING_EN).search(text[:200])
    if found is None:
        return ""
    word = found.group()
    if lang != "ar":
        relative = _RELATIVE_EN.match(text)
        return (relative.group(1) if relative else word).lower()
    word = ARABIC_MARKS_RE.sub("", word).translate(_ALEF)
    return word[0] if word[0] in "وف" and len(word) > 2 else word


def closing_key(text: str) -> str:
    """Return an English unit of three words or fewer ("Lo!", "O my father!") as its words in
    lower case, else "" (a longer unit has no closing key)."""
    words = _OPENING_EN.findall(text[:40])
    return " ".join(words).lower() if 0 < len(words) <= 3 and len(text) < 40 else ""


def _shape_cost(a: int, b: int) -> float:
    """Return the prior cost of an a:b bead with a, b >= 1."""
    extra = a + b - 2
    if extra == 0:
        return 0.0
    if extra == 1:
        return MERGE_COST
    return DOUBLE_MERGE_COST + LONG_MERGE_COST * (extra - 2)


def _neg_log_two_tail(z: FloatArray) -> FloatArray:
    """Return -log P(|N(0,1)| >= z) for z >= 0, stable for large z (Abramowitz-Stegun 7.1.26)."""
    x = np.minimum(z, 60.0) / math.sqrt(2.0)
    t = 1.0 / (1.0 + 0.3275911 * x)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    result: FloatArray = x * x - np.log(poly)
    return result


@dataclass(frozen=True, slots=True)
class _Features:
    """Lengths, anchor sets and content words of both sides, and the length ratio they share."""

    len_ar: FloatArray
    len_en: FloatArray
    anchors_ar: Sequence[frozenset[str]]
    anchors_en: Sequence[frozenset[str]]
    ratio: float
    # None on coarse passes, which use length and anchors only.
    words_ar: Sequence[UnitWords] | None = None
    words_en: Sequence[UnitWords] | None = None
    # Per unit: is it written in its side's script (or has no letters)?
    script_ar: Sequence[bool] = ()
    script_en: Sequence[bool] = ()
    # Per unit: its opening_key() (and closing_key()), measured only when a tuning scores them.
    opening_ar: Sequence[str] = ()
    opening_en: Sequence[str] = ()
    closing_en: Sequence[str] = ()

    @classmethod
    def measure(
        cls,
        ar: Sequence[str],
        en: Sequence[str],
        lexicon: Lexicon | None,
        level: str,
        openings: bool = False,
    ) -> _Features:
        """Measure every unit once; paragraphs also get their opening phrase's action as an
        anchor ("a:condemn" for يدين and Condemns), from apps.bitext.structure."""
        len_ar = np.array([unit_length(t) for t in ar], dtype=np.float64)
        len_en = np.array([unit_length(t) for t in en], dtype=np.float64)
        total_ar = float(len_ar.sum())
        total_en = float(len_en.sum())
        measured = total_ar >= 200 and total_en >= 200
        if level == "clause":
            measured = total_ar > 0 and total_en > 0
        ratio = total_en / total_ar if measured else LENGTH_RATIO
        use_words = lexicon is not None and len(lexicon.translations) > 0
        return cls(
            len_ar,
            len_en,
            [extract_anchors(t, "ar") | _structure_anchor(t, "ar", level) for t in ar],
            [extract_anchors(t, "en") | _structure_anchor(t, "en", level) for t in en],
            min(max(ratio, LENGTH_RATIO / RATIO_CLAMP), LENGTH_RATIO * RATIO_CLAMP),
            [unit_words(t, "ar", lexicon) for t in ar] if use_words and lexicon else None,
            [unit_words(t, "en", lexicon) for t in en] if use_words and lexicon else None,
            [_in_script(t, _ARABIC_LETTER) for t in ar],
            [_in_script(t, _LATIN_LETTER) for t in en],
            [opening_key(t, "ar") for t in ar] if openings else (),
            [opening_key(t, "en") for t in en] if openings else (),
            [closing_key(t) for t in en] if openings else (),
        )

    def coarsened(self, group: int) -> _Features:
        """Return the features of consecutive groups of units, for a coarse first pass."""

        def lengths(values: FloatArray) -> FloatArray:
            """Return the summed lengths of each group."""
            padded = np.zeros(-(-len(values) // group) * group, dtype=np.float64)
            padded[: len(values)] = values
            summed: FloatArray = padded.reshape(-1, group).sum(axis=1)
            return summed

        def anchors(sets: Sequence[frozenset[str]]) -> list[frozenset[str]]:
            """Return the anchor union of each group."""
            return [frozenset().union(*sets[k : k + group]) for k in range(0, len(sets), group)]

        return _Features(
            lengths(self.len_ar),
            lengths(self.len_en),
            anchors(self.anchors_ar),
            anchors(self.anchors_en),
            self.ratio,
        )


_ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0671-\u06d3\ufb50-\ufdff\ufe70-\ufefc]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
_ANY_LETTER = re.compile(r"[^\W\d_]")


def _structure_anchor(text: str, lang: str, level: str) -> frozenset[str]:
    """Return {"a:<action group>"} for a preambular or operative paragraph, else nothing."""
    if level != "paragraph" or len(text) > _STRUCTURE_MAX_CHARS:
        return frozenset()
    anatomy = classify_paragraph(text, lang)
    if anatomy.action and anatomy.kind in ("preamble", "operative"):
        return frozenset({"a:" + action_group(anatomy.action)})
    return frozenset()


def _in_script(text: str, letters: re.Pattern[str]) -> bool:
    """Return whether most letters of text (its first 2,000 characters) are in a script."""
    sample = text[:2000]
    total = len(_ANY_LETTER.findall(sample))
    return total == 0 or len(letters.findall(sample)) * 2 >= total


def _lexical_llr(matched: FloatArray, words: FloatArray, other_words: FloatArray) -> FloatArray:
    """Return the log-likelihood ratio, translation against unrelated text, of one side's words
    of which `matched` found a counterpart among the other side's `other_words` words."""
    chance = np.clip(1.0 - np.exp(-LEX_CHANCE_PER_WORD * other_words), 0.005, 0.9)
    true = chance + (1.0 - chance) * LEX_P_TRUE
    llr: FloatArray = matched * np.log(true / chance) + (words - matched) * math.log(
        1.0 - LEX_P_TRUE
    )
    return llr


def _prefix(values: FloatArray) -> FloatArray:
    """Return the prefix sums of values with a leading zero."""
    out = np.zeros(len(values) + 1, dtype=np.float64)
    np.cumsum(values, out=out[1:])
    return out


def _window_union_sizes(sets: Sequence[frozenset[str]], width: int) -> FloatArray:
    """Return, for each boundary k, the size of the union of sets[k-width:k] (0 if k < width)."""
    sizes = np.zeros(len(sets) + 1, dtype=np.float64)
    for k in range(width, len(sets) + 1):
        window = sets[k - width : k]
        if any(window):
            sizes[k] = len(frozenset().union(*window))
    return sizes


def _matches(
    words: Sequence[Sequence[frozenset[str]]],
    targets: Sequence[frozenset[str]],
    first: IntArray,
    last: IntArray,
    adjacent: list[tuple[int, int]] | None = None,
) -> tuple[list[int], list[int], list[float]]:
    """Return (i, t, count): how many words of unit i have a key in target unit t's keys, for
    the targets first[i] <= t < last[i]. A word found in more than _MAX_HITS targets of the
    window says little and is skipped, which also bounds the work on repetitive input. With
    adjacent, also append (i, t) once per distinct word of unit i found in both t and t + 1."""
    index: dict[str, list[int]] = {}
    for t, keys in enumerate(targets):
        for key in keys:
            index.setdefault(key, []).append(t)
    rows: list[int] = []
    cols: list[int] = []
    counts: list[float] = []
    for i, unit in enumerate(words):
        low, high = int(first[i]), int(last[i])
        for word, count in Counter(unit).items():
            hit: list[int] | set[int] = []
            for key in word:
                occ = index.get(key)
                if occ is None:
                    continue
                start = bisect_left(occ, low)
                stop = bisect_left(occ, high)
                if start < stop:
                    hit = occ[start:stop] if not hit else set(hit).union(occ[start:stop])
            if hit and len(hit) <= _MAX_HITS:
                if adjacent is not None and len(hit) > 1:
                    ordered = sorted(hit) if isinstance(hit, set) else hit
                    adjacent.extend((i, t) for t, u in pairwise(ordered) if u == t + 1)
                rows.extend([i] * len(hit))
                cols.extend(hit)
                counts.extend([float(count)] * len(hit))
    return rows, cols, counts


_Path = list[tuple[int, int, int, int, float]]  # (i_start, i_end, j_start, j_end, cost), local


class _Span:
    """One stretch between fixed beads, aligned by a banded dynamic programme."""

    def __init__(
        self,
        features: _Features,
        params: _Params,
        ar_range: tuple[int, int],
        en_range: tuple[int, int],
        forced_ar: set[int],
        forced_en: set[int],
    ) -> None:
        """Slice the features for units ar_range x en_range (half-open, global indices)."""
        self.f = features
        self.params = params
        self.i0, i1 = ar_range
        self.j0, j1 = en_range
        self.n = i1 - self.i0
        self.m = j1 - self.j0
        self.cum_ar = _prefix(features.len_ar[self.i0 : i1])
        self.cum_en = _prefix(features.len_en[self.j0 : j1])
        self.forced_ar = _prefix(
            np.array([1.0 if self.i0 + i in forced_ar else 0.0 for i in range(self.n)])
        )
        self.forced_en = _prefix(
            np.array([1.0 if self.j0 + j in forced_en else 0.0 for j in range(self.m)])
        )
        self.anchors_ar = features.anchors_ar[self.i0 : i1]
        self.anchors_en = features.anchors_en[self.j0 : j1]
        widths_ar = {a for a, _ in params.shapes}
        widths_en = {b for _, b in params.shapes} | {1}
        self.union_ar = {a: _window_union_sizes(self.anchors_ar, a) for a in widths_ar}
        self.union_en = {b: _window_union_sizes(self.anchors_en, b) for b in widths_en if b}
        self.words_ar = features.words_ar[self.i0 : i1] if features.words_ar is not None else None
        self.words_en = features.words_en[self.j0 : j1] if features.words_en is not None else None
        self.cum_words_ar = _prefix(
            np.array([len(w.words) for w in self.words_ar or ()], dtype=np.float64)
        )
        self.cum_words_en = _prefix(
            np.array([len(w.words) for w in self.words_en or ()], dtype=np.float64)
        )
        self._pairs_cache: tuple[IntArray, IntArray, tuple[IntArray, IntArray, FloatArray]] | None
        self._pairs_cache = None
        self.opening: tuple[IntArray, IntArray, FloatArray] | None = None
        if params.openings and features.opening_ar:
            codes_ar = {k: c for c, k in enumerate(sorted({a for a, _ in params.openings}), 1)}
            codes_en = {k: c for c, k in enumerate(sorted({e for _, e in params.openings}), 1)}
            table = np.zeros((len(codes_ar) + 1, len(codes_en) + 1), dtype=np.float64)
            for (key_ar, key_en), bonus in params.openings.items():
                table[codes_ar[key_ar], codes_en[key_en]] = bonus
            self.opening = (
                np.array([codes_ar.get(k, 0) for k in features.opening_ar[self.i0 : i1]] + [0]),
                np.array([codes_en.get(k, 0) for k in features.opening_en[self.j0 : j1]] + [0]),
                table,
            )
        self.closing: FloatArray | None = None
        if params.closings and features.closing_en:
            self.closing = np.array(
                [0.0] + [params.closings.get(k, 0.0) for k in features.closing_en[self.j0 : j1]]
            )
        # Moving from (i, j-1) to (i, j) leaves English unit j-1 unaligned.
        self.skip_en = params.skip_cost + ANCHOR_MISMATCH_COST * np.minimum(
            self.union_en[1][1:], ANCHOR_CAP
        )

    def diagonal(self) -> IntArray:
        """Return, for each Arabic boundary i, the English boundary at the same length share."""
        share_ar = _prefix(self.f.len_ar[self.i0 : self.i0 + self.n] + 1.0)
        share_en = _prefix(self.f.len_en[self.j0 : self.j0 + self.m] + 1.0)
        x = share_ar / max(share_ar[-1], 1.0)
        y = share_en / max(share_en[-1], 1.0)
        centre = np.rint(np.interp(x, y, np.arange(self.m + 1, dtype=np.float64)))
        result: IntArray = centre.astype(np.int64)
        result[0] = 0
        result[-1] = self.m
        return result

    def _bounds(self, low: IntArray, high: IntArray, half_width: int) -> tuple[IntArray, IntArray]:
        """Return connected per-row column bounds: [low - half_width, high + half_width]."""
        lo = np.maximum(low - half_width, 0)
        hi = np.minimum(high + half_width, self.m)
        lo[0] = 0
        hi[-1] = self.m
        # Each row must overlap the one above, so (i, lo[i]) is reachable by a 1:0 bead.
        lo[1:] = np.minimum(lo[1:], hi[:-1])
        return lo, hi

    def path_band(self, path: _Path, half_width: int) -> tuple[IntArray, IntArray]:
        """Return per-row inclusive column bounds of a band around a previous best path."""
        low = np.full(self.n + 1, self.m, dtype=np.int64)
        high = np.zeros(self.n + 1, dtype=np.int64)
        for i_start, i_end, j_start, j_end, _ in path:
            for i in range(i_start, i_end + 1):
                low[i] = min(low[i], j_start)
                high[i] = max(high[i], j_end)
        return self._bounds(low, high, half_width)

    def _pair_matches(self, lo: IntArray, hi: IntArray) -> tuple[IntArray, IntArray, FloatArray]:
        """Return unit pairs (i, j) near the band with their evidence: shared anchors, Arabic
        words of i matched in j, English words of j matched in i, and at LEX_SHARED_LEVELS the
        distinct Arabic words of i matched in both j and j + 1, and the distinct English words of
        j matched in both i and i + 1 (one column each). Pairs are found for a margin beyond the
        band and reused while a widened band stays inside it."""
        reach = max(max(a, b) for a, b in self.params.shapes)
        first = np.maximum.accumulate(lo[: self.n]) - reach
        last = np.maximum.accumulate(hi[1:]) + reach
        cached = self._pairs_cache
        if cached is not None and (first >= cached[0]).all() and (last <= cached[1]).all():
            return cached[2]
        margin = 3 * _START_BAND  # one widening (16 -> 32) stays inside
        first, last = first - margin, last + margin
        pairs = self._find_pairs(first, last)
        self._pairs_cache = (first, last, pairs)
        return pairs

    def _find_pairs(self, first: IntArray, last: IntArray) -> tuple[IntArray, IntArray, FloatArray]:
        """Return the evidence of the pairs (i, j) with first[i] <= j < last[i]."""
        keys: list[IntArray] = []
        values: list[FloatArray] = []
        width = self.m + 1

        def add(rows: list[int], cols: list[int], counts: list[float], column: int) -> None:
            """Record evidence counts in a column for each (row, col)."""
            if rows:
                keys.append(np.array(rows, dtype=np.int64) * width + np.array(cols, dtype=np.int64))
                block = np.zeros((len(rows), _COLUMNS), dtype=np.float64)
                block[:, column] = counts
                values.append(block)

        anchor_rows, anchor_cols, anchor_counts = _matches(
            [[frozenset((a,)) for a in found] for found in self.anchors_ar],
            self.anchors_en,
            first,
            last,
        )
        add(anchor_rows, anchor_cols, anchor_counts, 0)
        if self.words_ar is not None and self.words_en is not None:
            shared = self.params.level in LEX_SHARED_LEVELS
            both_ar: list[tuple[int, int]] = []  # (i, j): an Arabic word of i in j and j + 1
            both_en: list[tuple[int, int]] = []  # (j, i): an English word of j in i and i + 1
            rows, cols, counts = _matches(
                [list(w.words) for w in self.words_ar],
                [w.keys for w in self.words_en],
                first,
                last,
                both_ar if shared else None,
            )
            add(rows, cols, counts, 1)
            # The English side's words against Arabic units: the band seen column by column.
            col_first = np.searchsorted(last, np.arange(self.m), side="right")
            col_last = np.searchsorted(first, np.arange(self.m), side="right")
            rows_en, cols_ar, counts_en = _matches(
                [list(w.words) for w in self.words_en],
                [w.keys for w in self.words_ar],
                col_first.astype(np.int64),
                col_last.astype(np.int64),
                both_en if shared else None,
            )
            add(cols_ar, rows_en, counts_en, 2)
            if both_ar:
                units, targets = zip(*both_ar, strict=True)
                add(list(units), list(targets), [1.0] * len(both_ar), 3)
            if both_en:
                units, targets = zip(*both_en, strict=True)
                add(list(targets), list(units), [1.0] * len(both_en), 4)
        if not keys:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, np.zeros((0, _COLUMNS), dtype=np.float64)
        key = np.concatenate(keys)
        unique, inverse = np.unique(key, return_inverse=True)
        summed = np.zeros((len(unique), _COLUMNS), dtype=np.float64)
        np.add.at(summed, inverse, np.concatenate(values))
        return unique // width, unique % width, summed

    def _block_costs(
        self,
        rows: IntArray,
        cols: IntArray,
        lo: IntArray,
        hi: IntArray,
        offsets: IntArray,
        pairs: tuple[IntArray, IntArray, FloatArray],
    ) -> tuple[IntArray, FloatArray]:
        """Return, per shape and cell, the predecessor's flat index and the bead's cost."""
        shapes = self.params.shapes
        sentinel = int(offsets[-1])
        sqrt_var = math.sqrt(self.params.variance)
        ratio = self.f.ratio
        first_row = int(rows[0])
        last_row = int(rows[-1])
        prev_index = np.empty((len(shapes), len(rows)), dtype=np.int64)
        costs = np.empty((len(shapes), len(rows)), dtype=np.float64)
        pair_rows, pair_cols, pair_values = pairs
        for code, (a, b) in enumerate(shapes):
            if a > self.n or b > self.m:  # a bead wider than the span (1:5 of 3 units)
                prev_index[code] = sentinel
                costs[code] = np.inf
                continue
            source = np.maximum(rows - a, 0)
            valid = (rows >= a) & (cols - b >= lo[source]) & (cols - b <= hi[source])
            prev_index[code] = np.where(valid, offsets[source] + cols - b - lo[source], sentinel)
            union_ar = self.union_ar[a][rows]
            if b == 0:
                cost = self.params.skip_cost + ANCHOR_MISMATCH_COST * np.minimum(
                    union_ar, ANCHOR_CAP
                )
            else:
                safe_cols = np.minimum(np.maximum(cols, b), self.m)
                len_ar = self.cum_ar[rows] - self.cum_ar[source]
                len_en = self.cum_en[safe_cols] - self.cum_en[safe_cols - b]
                mean = np.maximum((len_ar + len_en / ratio) / 2.0, 1.0)
                spread = np.sqrt(mean) * sqrt_var
                if self.params.length_floor:
                    spread = np.hypot(spread, self.params.length_floor * mean)
                cost = _neg_log_two_tail(np.abs(len_en - ratio * len_ar) / spread)
                cost += _shape_cost(a, b) * self.params.merge_scale
                if self.opening is not None:
                    open_ar, open_en, table = self.opening
                    cost -= table[open_ar[source], open_en[safe_cols - b]]
                if self.closing is not None:
                    cost -= self.closing[safe_cols]
                # Evidence summed over the bead's unit pairs: anchors shared by some Arabic and
                # some English unit, Arabic words matched, English words matched.
                evidence = np.zeros((len(rows), _COLUMNS), dtype=np.float64)
                # Words matched per constituent unit (da = 0 is the bead's last Arabic unit).
                part_ar = np.zeros((a, len(rows)), dtype=np.float64)
                part_en = np.zeros((b, len(rows)), dtype=np.float64)
                # In a 1:2 (2:1) bead: the single unit's words matched in each merged unit, and
                # those of them matched in both.
                single = np.zeros((max(a, b), len(rows)), dtype=np.float64)
                in_both = np.zeros(len(rows), dtype=np.float64)
                lo_pair = np.searchsorted(pair_rows, first_row - a)
                hi_pair = np.searchsorted(pair_rows, last_row)
                for da in range(a):
                    for db in range(b):
                        cell_rows = pair_rows[lo_pair:hi_pair] + 1 + da
                        cell_cols = pair_cols[lo_pair:hi_pair] + 1 + db
                        inside = (
                            (cell_rows >= first_row)
                            & (cell_rows <= last_row)
                            & (cell_cols >= lo[np.minimum(cell_rows, self.n)])
                            & (cell_cols <= hi[np.minimum(cell_rows, self.n)])
                        )
                        if inside.any():
                            flat = (
                                offsets[cell_rows[inside]]
                                + cell_cols[inside]
                                - lo[cell_rows[inside]]
                                - offsets[first_row]
                            )
                            found = pair_values[lo_pair:hi_pair][inside]
                            np.add.at(evidence, flat, found)
                            if a + b > 2:
                                np.add.at(part_ar[da], flat, found[:, 1])
                                np.add.at(part_en[db], flat, found[:, 2])
                            if a + b == 3:
                                # The merged unit's pair with the single one (found once per
                                # cell); offset 1 is the first merged unit, where in_both is.
                                offset = max(da, db)
                                single[offset][flat] = found[:, 1 if a == 1 else 2]
                                if offset == 1:
                                    in_both[flat] = found[:, 3 if a == 1 else 4]
                shared = evidence[:, 0]
                union_en = self.union_en[b][safe_cols]
                shared = np.minimum(np.minimum(shared, union_ar), union_en)
                mismatch = union_ar + union_en - 2.0 * shared
                cost += ANCHOR_MISMATCH_COST * np.minimum(mismatch, ANCHOR_CAP)
                cost -= ANCHOR_MATCH_BONUS * np.minimum(shared, ANCHOR_CAP)
                if self.words_ar is not None:
                    words_ar = self.cum_words_ar[rows] - self.cum_words_ar[source]
                    words_en = self.cum_words_en[safe_cols] - self.cum_words_en[safe_cols - b]
                    if a + b == 3 and self.params.level in LEX_SHARED_LEVELS:
                        # A merged unit that finds nothing in the single unit but what the
                        # other merged unit finds there too has no match of its own.
                        if a == 1:
                            part_en = np.where(single > in_both, part_en, 0.0)
                        else:
                            part_ar = np.where(single > in_both, part_ar, 0.0)
                    if a + b > 2 and (min(a, b) == 1 or self.params.level == "clause"):
                        lexical = self._unit_llr(
                            rows, safe_cols, part_ar, part_en, words_ar, words_en
                        )
                    else:
                        llr = _lexical_llr(
                            np.minimum(evidence[:, 1], words_ar), words_ar, words_en
                        ) + _lexical_llr(np.minimum(evidence[:, 2], words_en), words_en, words_ar)
                        lexical = np.clip(llr, *LEX_CLIP)
                    cost -= LEX_WEIGHT * lexical
                    if a + b > 2:
                        cost += self.params.orphan_cost * self._orphans(
                            rows, safe_cols, part_ar, part_en
                        )
                forced = self.forced_en[safe_cols] - self.forced_en[safe_cols - b]
                cost[forced > 0] = np.inf
            if (a, b) != (1, 0):
                cost[self.forced_ar[rows] - self.forced_ar[source] > 0] = np.inf
            cost[~valid] = np.inf
            costs[code] = cost
        return prev_index, costs

    def _unit_llr(
        self,
        rows: IntArray,
        cols: IntArray,
        part_ar: FloatArray,
        part_en: FloatArray,
        words_ar: FloatArray,
        words_en: FloatArray,
    ) -> FloatArray:
        """Return, per cell, the lexical evidence of a merged bead as the sum over its units of
        each unit's own clipped log-likelihood ratio."""
        total = np.zeros(len(rows), dtype=np.float64)
        low, high = LEX_CLIP[0] * LEX_UNIT_SHARE, LEX_CLIP[1] * LEX_UNIT_SHARE
        for parts, cum, ends, other in (
            (part_ar, self.cum_words_ar, rows, words_en),
            (part_en, self.cum_words_en, cols, words_ar),
        ):
            for d, matched in enumerate(parts):
                unit_end = np.maximum(ends - d, 1)
                words = cum[unit_end] - cum[unit_end - 1]
                llr = _lexical_llr(np.minimum(matched, words), words, other)
                total += np.clip(llr, low, high)
        return total

    def _orphans(
        self, rows: IntArray, cols: IntArray, part_ar: FloatArray, part_en: FloatArray
    ) -> FloatArray:
        """Return, per cell, how many units of a merged bead have ORPHAN_MIN_WORDS content words
        or more and not one of them matched on the other side (an insertion merged in)."""
        count = np.zeros(len(rows), dtype=np.float64)
        for parts, cum, ends in (
            (part_ar, self.cum_words_ar, rows),
            (part_en, self.cum_words_en, cols),
        ):
            if len(parts) < 2:
                continue
            for d, matched in enumerate(parts):
                unit_end = np.maximum(ends - d, 1)
                words = cum[unit_end] - cum[unit_end - 1]
                count += (words >= ORPHAN_MIN_WORDS) & (matched == 0)
        return count

    def run(self, lo: IntArray, hi: IntArray, deadline: float) -> _Path | None:
        """Return the best path inside the band lo..hi, or None when out of time."""
        widths = hi - lo + 1
        offsets = np.zeros(self.n + 2, dtype=np.int64)
        np.cumsum(widths, out=offsets[1:])
        total = int(offsets[-1])
        best = np.full(total + 1, np.inf)  # the extra cell is the sentinel predecessor
        choice = np.full(total, -1, dtype=np.int8)
        bead_cost = np.zeros(total, dtype=np.float32)
        pairs = self._pair_matches(lo, hi)

        row = 0
        while row <= self.n:
            if cpu_seconds() > deadline:
                return None
            # A block of rows with about _BLOCK_CELLS cells, whose costs are computed together.
            stop = int(np.searchsorted(offsets, offsets[row] + _BLOCK_CELLS, side="right")) - 1
            stop = min(max(stop, row + 1), self.n + 1)
            base = int(offsets[row])
            cells = np.arange(base, int(offsets[stop]), dtype=np.int64)
            rows = np.repeat(np.arange(row, stop, dtype=np.int64), widths[row:stop])
            cols = cells - offsets[rows] + lo[rows]
            prev_index, costs = self._block_costs(rows, cols, lo, hi, offsets, pairs)
            for i in range(row, stop):
                start, end = int(offsets[i]) - base, int(offsets[i + 1]) - base
                row_costs = costs[:, start:end]
                candidates = best[prev_index[:, start:end]] + row_costs
                code = candidates.argmin(axis=0)
                span = np.arange(end - start)
                value = candidates[code, span]
                local = row_costs[code, span]
                if i == 0:
                    value[0] = 0.0
                if end - start > 1:
                    # 0:1 beads within the row: D[j] = min(D[j], D[j-1] + skip(j)) as one scan.
                    steps = self.skip_en[int(lo[i]) : int(hi[i])]
                    climb = np.concatenate([[0.0], np.cumsum(steps)])
                    scanned = np.minimum.accumulate(value - climb) + climb
                    skipped = scanned < value - 1e-9
                    if skipped.any():
                        value = np.where(skipped, scanned, value)
                        code = np.where(skipped, _SKIP_EN, code)
                        local = np.where(skipped, np.concatenate([[0.0], steps]), local)
                code[~np.isfinite(value)] = -1
                best[base + start : base + end] = value
                choice[base + start : base + end] = code
                bead_cost[base + start : base + end] = local
            row = stop

        path: _Path = []
        i, j = self.n, self.m
        while i > 0 or j > 0:
            cell = int(offsets[i]) + j - int(lo[i])
            code_here = int(choice[cell])
            if code_here < 0:
                return None  # unreachable end: cannot happen with connected bands
            a, b = (0, 1) if code_here == _SKIP_EN else self.params.shapes[code_here]
            path.append((i - a, i, j - b, j, float(bead_cost[cell])))
            i, j = i - a, j - b
        path.reverse()
        return path

    def touches_edge(self, path: _Path, lo: IntArray, hi: IntArray) -> bool:
        """Return whether the path runs along an inner edge of the band."""
        for i_start, i_end, j_start, j_end, _ in path:
            for i, j in ((i_start, j_start), (i_end, j_end)):
                if (lo[i] > 0 and j - lo[i] < _EDGE_MARGIN) or (
                    hi[i] < self.m and hi[i] - j < _EDGE_MARGIN
                ):
                    return True
        return False

    def fallback(self) -> _Path:
        """Return the length-proportional diagonal as 1:1, 1:0 and 0:1 beads (out of budget)."""
        centre = self.diagonal()
        path: _Path = []
        j = 0
        for i in range(1, self.n + 1):
            target = int(centre[i])
            while j + 1 < target or (j < target and self._pinned_en(j)):
                path.append((i - 1, i - 1, j, j + 1, math.inf))
                j += 1
            if j < target and not self._pinned_ar(i - 1):
                path.append((i - 1, i, j, j + 1, math.inf))
                j += 1
            else:
                path.append((i - 1, i, j, j, math.inf))
        while j < self.m:
            path.append((self.n, self.n, j, j + 1, math.inf))
            j += 1
        return path

    def _pinned_ar(self, i: int) -> bool:
        """Return whether local Arabic unit i must stay unaligned."""
        return bool(self.forced_ar[i + 1] > self.forced_ar[i])

    def _pinned_en(self, j: int) -> bool:
        """Return whether local English unit j must stay unaligned."""
        return bool(self.forced_en[j + 1] > self.forced_en[j])

    def path(self, deadline: float) -> _Path:
        """Return the best path: exact for small spans, banded for large ones."""
        if self.n == 0 or self.m == 0:
            return self.fallback()
        if (self.n + 1) * (self.m + 1) <= _FULL_CELLS:
            full_lo = np.zeros(self.n + 1, dtype=np.int64)
            full_hi = np.full(self.n + 1, self.m, dtype=np.int64)
            return self.run(full_lo, full_hi, deadline) or self.fallback()
        return self.banded(deadline)

    def align(self, deadline: float) -> list[Bead]:
        """Return the beads of this span in global indices."""
        raw = self.path(deadline)
        return [
            Bead(
                tuple(range(self.i0 + i_start, self.i0 + i_end)),
                tuple(range(self.j0 + j_start, self.j0 + j_end)),
                0.0 if math.isfinite(cost) else -1.0,  # scored once the path is complete
            )
            for i_start, i_end, j_start, j_end, cost in raw
        ]

    def banded(self, deadline: float) -> _Path:
        """Return the best path in a band around a coarse alignment, widened if it hits an edge."""
        half_width = _START_BAND
        lo, hi = self.coarse_band(half_width, deadline)
        best: _Path | None = None
        while True:
            path = self.run(lo, hi, deadline)
            if path is None:
                break
            best = path
            if not self.touches_edge(path, lo, hi) or half_width >= max(self.n, self.m):
                break
            half_width *= 2
            lo, hi = self.path_band(path, half_width)
            if int((hi - lo + 1).sum()) > _MAX_CELLS:
                break
        return best if best is not None else self.fallback()

    def coarse_band(self, half_width: int, deadline: float) -> tuple[IntArray, IntArray]:
        """Return a band around the alignment of groups of _COARSEN units (FastDTW-style)."""
        features = _Features(
            self.f.len_ar[self.i0 : self.i0 + self.n],
            self.f.len_en[self.j0 : self.j0 + self.m],
            self.anchors_ar,
            self.anchors_en,
            self.f.ratio,
        ).coarsened(_COARSEN)
        n, m = len(features.len_ar), len(features.len_en)
        coarse = _Span(features, self.params, (0, n), (0, m), set(), set())
        path = coarse.path(deadline)
        low = np.full(self.n + 1, self.m, dtype=np.int64)
        high = np.zeros(self.n + 1, dtype=np.int64)
        for i_start, i_end, j_start, j_end, _ in path:
            rows = slice(i_start * _COARSEN, min(i_end * _COARSEN, self.n) + 1)
            low[rows] = np.minimum(low[rows], j_start * _COARSEN)
            high[rows] = np.maximum(high[rows], min(j_end * _COARSEN, self.m))
        return self._bounds(low, high, half_width)


def _check_fixed(fixed: Sequence[Bead], n: int, m: int) -> None:
    """Raise ValueError unless fixed beads are in range, consecutive, disjoint and monotone."""
    seen_ar: set[int] = set()
    seen_en: set[int] = set()
    for bead in fixed:
        for side, size, seen in ((bead.ar, n, seen_ar), (bead.en, m, seen_en)):
            if any(not 0 <= k < size for k in side):
                raise ValueError(f"fixed bead {bead} is out of range")
            if side and list(side) != list(range(side[0], side[0] + len(side))):
                raise ValueError(f"fixed bead {bead} is not consecutive and ascending")
            if seen.intersection(side):
                raise ValueError(f"fixed bead {bead} overlaps another fixed bead")
            seen.update(side)
        if not bead.ar and not bead.en:
            raise ValueError("a fixed bead must link at least one unit")
    linked = sorted((b for b in fixed if b.ar and b.en), key=lambda b: b.ar[0])
    for before, after in zip(linked, linked[1:], strict=False):
        if after.en[0] <= before.en[-1]:
            raise ValueError(f"fixed beads {before} and {after} cross")


def fixable(candidates: Sequence[Bead], n: int, m: int) -> list[Bead]:
    """The candidates, in order, that can be fixed together in align_units: each is kept unless
    it is out of range, not consecutive, or overlaps or crosses one kept before it."""
    kept: list[Bead] = []
    for bead in candidates:
        try:
            _check_fixed([*kept, bead], n, m)
        except ValueError:
            continue
        kept.append(bead)
    return kept


def cpu_seconds() -> float:
    """Return the CPU seconds the calling thread has used, the clock of the aligner's time
    budgets: unlike wall-clock time it does not run while the thread waits for a CPU on a busy
    machine, nor (unlike process time) while other threads of a web server work."""
    return time.thread_time()


def align_units(
    ar: Sequence[str],
    en: Sequence[str],
    *,
    level: str = "sentence",
    fixed: Sequence[Bead] = (),
    lexicon: Lexicon | None = None,
    tuning: Tuning | None = None,
) -> list[Bead]:
    """Return monotone beads covering every Arabic and English unit once, keeping fixed beads.

    lexicon defaults to the shipped one (apps/bitext/data); pass Lexicon() for length and
    anchors only. tuning replaces the shipped costs (None: the constants above).
    """
    params = _params(level, tuning)
    n, m = len(ar), len(en)
    _check_fixed(fixed, n, m)
    if n == 0 or m == 0:
        # Nothing to align against: each unit stands alone, but a fixed bead (an editor's 2:0
        # link of two sentences the other language lacks) stays whole.
        starts = {(b.ar or b.en)[0]: b for b in fixed}
        out_sided: list[Bead] = []
        k = 0
        while k < n + m:
            fixed_bead = starts.get(k)
            if fixed_bead is not None:
                out_sided.append(fixed_bead)
                k += len(fixed_bead.ar) + len(fixed_bead.en)
            else:
                out_sided.append(Bead((k,), (), 0.0) if n else Bead((), (k,), 0.0))
                k += 1
        return out_sided

    features = _Features.measure(
        ar,
        en,
        default_lexicon() if lexicon is None else lexicon,
        params.level,
        params.openings is not None,
    )
    deadline = cpu_seconds() + _TIME_BUDGET
    # 1:0 and 0:1 fixed beads pin their units as unaligned inside a span; linked ones split it.
    pinned_ar = {k: b for b in fixed if not b.en for k in b.ar}
    pinned_en = {k: b for b in fixed if not b.ar for k in b.en}
    linked = sorted((b for b in fixed if b.ar and b.en), key=lambda b: b.ar[0])

    out: list[Bead] = []
    emitted: set[int] = set()  # id() of pinned beads already output
    i, j = 0, 0
    for bead in [*linked, None]:
        i_end = bead.ar[0] if bead is not None else n
        j_end = bead.en[0] if bead is not None else m
        span = _Span(features, params, (i, i_end), (j, j_end), set(pinned_ar), set(pinned_en))
        for found in span.align(deadline):
            pinned = None
            if found.ar and not found.en:
                pinned = pinned_ar.get(found.ar[0])
            elif found.en and not found.ar:
                pinned = pinned_en.get(found.en[0])
            if pinned is None:
                out.append(found)
            elif id(pinned) not in emitted:
                emitted.add(id(pinned))
                out.append(pinned)
        if bead is not None:
            out.append(bead)
            i, j = bead.ar[-1] + 1, bead.en[-1] + 1
    kept = {id(b) for b in fixed}
    return [
        bead if id(bead) in kept else Bead(bead.ar, bead.en, _bead_score(features, params, out, k))
        for k, bead in enumerate(out)
    ]


def _bead_score(features: _Features, params: _Params, beads: Sequence[Bead], k: int) -> float:
    """Return the confidence of beads[k]: 0 out of time budget, at most WRONG_SCRIPT_SCORE when
    a unit is not in its side's script (English on the Arabic side), else the fitted model."""
    bead = beads[k]
    if bead.score < 0:
        return 0.0
    score = _confidence(_bead_features(features, params, beads, k))
    if not all(features.script_ar[i] for i in bead.ar) or not all(
        features.script_en[j] for j in bead.en
    ):
        score = min(score, WRONG_SCRIPT_SCORE)
    return score


def _confidence(values: Sequence[float]) -> float:
    """Return logistic(CONFIDENCE_WEIGHTS . values), the probability that a bead is right."""
    x = sum(w * v for w, v in zip(CONFIDENCE_WEIGHTS, values, strict=True))
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def _matched(words: Sequence[UnitWords], keys: frozenset[str]) -> tuple[int, int]:
    """Return (matched, total) content words of units whose key sets meet keys."""
    total = sum(len(w.words) for w in words)
    matched = sum(1 for w in words for word in w.words if word & keys)
    return matched, total


def _bead_features(
    features: _Features, params: _Params, beads: Sequence[Bead], k: int
) -> list[float]:
    """Return the confidence features of beads[k] (see CONFIDENCE_FEATURES)."""
    bead = beads[k]
    values = [1.0] + [0.0] * (len(CONFIDENCE_FEATURES) - 1)
    words_ar, words_en = features.words_ar, features.words_en
    if bead.ar and bead.en:
        len_ar = float(features.len_ar[list(bead.ar)].sum())
        len_en = float(features.len_en[list(bead.en)].sum())
        mean = max((len_ar + len_en / features.ratio) / 2.0, 1.0)
        spread = math.hypot(math.sqrt(mean * params.variance), params.length_floor * mean)
        z = abs(len_en - features.ratio * len_ar) / spread
        values[1] = min(float(_neg_log_two_tail(np.array([z]))[0]), 20.0)
        if words_ar is not None and words_en is not None:
            side_ar = [words_ar[i] for i in bead.ar]
            side_en = [words_en[j] for j in bead.en]
            m_ar, n_ar = _matched(side_ar, frozenset().union(*(w.keys for w in side_en)))
            m_en, n_en = _matched(side_en, frozenset().union(*(w.keys for w in side_ar)))
            total = n_ar + n_en
            if total:
                coverage = (m_ar + m_en) / total
                weight = min(total, 20) / 20.0
                values[2] = coverage * weight
                values[3] = (1.0 - coverage) * weight
        anchors_ar = frozenset().union(*(features.anchors_ar[i] for i in bead.ar))
        anchors_en = frozenset().union(*(features.anchors_en[j] for j in bead.en))
        values[4] = min(len(anchors_ar ^ anchors_en), ANCHOR_CAP)
        values[5] = min(len(anchors_ar & anchors_en), ANCHOR_CAP)
        values[6] = len(bead.ar) + len(bead.en) - 2
        return values
    values[7] = 1.0
    lang_words, other_words = (words_ar, words_en) if bead.ar else (words_en, words_ar)
    units = bead.ar or bead.en
    lengths = features.len_ar if bead.ar else features.len_en
    values[9] = min(float(lengths[list(units)].sum()), 300.0) / 300.0
    if lang_words is None or other_words is None:
        return values
    best = 0.0
    for near in (k - 1, k + 1):
        if 0 <= near < len(beads):
            other = beads[near].en if bead.ar else beads[near].ar
            if other:
                keys = frozenset().union(*(other_words[u].keys for u in other))
                matched, total = _matched([lang_words[u] for u in units], keys)
                if total:
                    best = max(best, matched / total)
    values[8] = best
    return values

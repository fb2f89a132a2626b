"""Per-document adaptation: align once, measure how well the lexicon covers this document, and when
it covers little (literary text), learn a lexicon from the first pass's links and align again with
costs set from that measurement (after hunalign's -realign). Official text, which the shipped
lexicon covers, gets the first pass unchanged and pays only for the coverage count."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from apps.bitext.align import (
    ORPHAN_COST,
    SKIP_COST,
    Bead,
    Tuning,
    align_units,
    closing_key,
    cpu_seconds,
    opening_key,
)
from apps.bitext.lexicon import Lexicon, default_lexicon, learn_lexicon, unit_words

__all__ = [
    "Adaptation",
    "adapt_tuning",
    "align_adapted",
    "group_coverage",
    "learn_closings",
    "learn_openings",
    "paragraph_tuning",
    "realign_lexicon",
    "time_left",
    "unmatched_share",
]

# Coverage = share of content words, both sides, of a pass's linked beads that meet a translation
# on the other side of their bead. Chosen on training data only (benchmarks/tune_adapt.py): the
# Quran's suras 21-77 measure 0.01-0.13 (median 0.07), the UNPC and NTREX training split 0.49 or
# more and the SDG texts (which no lexicon saw) 0.52. Below COVERAGE_HIGH a second pass runs;
# the literary costs get full weight at COVERAGE_LOW and below, and fade linearly up to HIGH.
COVERAGE_HIGH = 0.20
COVERAGE_LOW = 0.15
# Coverage alone misjudges a literary text the lexicon does cover (a user's TAWAZI_LEXICON learned
# from the same work: suras 21-77 with a lexicon learned from suras 1-11 measure coverage
# 0.19-0.43-0.68, so only one was adapted, strict F1 0.599). How the first pass shapes the text
# does not depend on the lexicon: the share of units (both sides) outside 1:1 sentence beads is
# 0.16-0.28 on the UNPC, NTREX and SDG training cases (reshaped: 3-4% merges, splits, drops per
# side) and 0.26-0.55-0.83 on suras 21-77 (0.26-0.70-1.00 with that lexicon; 10th percentile
# 0.40 / 0.53), where a verse becomes one to six sentences. The literary weight is the larger of
# the coverage weight and this share's, 0 at RESHAPED_LOW and below, full at RESHAPED_HIGH: with
# that lexicon, suras 21-77 give 0.809 (forcing full weight on all: 0.810); the official training
# cases are not realigned. Sentence level only (paragraph lists are written as one on purpose).
RESHAPED_LOW = 0.30
RESHAPED_HIGH = 0.40
# The costs at full weight, chosen on suras 21-77 (strict F1 of the adapted aligner):
# - no orphan cost: when few words match anyway, a unit matching nothing is no sign of an
#   insertion;
# - skip cost 20 instead of 3.5 (6 / 10 / 14 / 20 gave 0.646 / 0.683 / 0.696 / 0.711): with a thin
#   lexicon a 1:0 or 0:1 bead is chosen on length alone, and a literary translator drops little;
# - shape priors of beads beyond 1:1 scaled by 0.6 (1.4 / 1.0 / 0.6 / 0.3 gave 0.673 / 0.711 /
#   0.719 / 0.703): one verse is rendered in two to six sentences as often as in one;
# - 1:4 ... 1:6 beads allowed at sentence level.
LITERARY_SKIP_COST = 20.0
LITERARY_MERGE_SCALE = 0.6
# A work imported with its chapters as paragraphs (align_document): Gale-Church's variance grows
# with length, its spread only as the square root, so a chapter of 4,000-6,000 characters whose
# length ratio is a few per cent off the document's costs 2-18 nats as a 1:1 (suras 21-26 as
# paragraphs) against 7 for two skips. The literary passes give paragraphs a relative spread too,
# (LITERARY_LENGTH_FLOOR x length)^2 added to the variance, and the literary skip cost. Suras
# 21-77 as 57 paragraphs a side, sentence strict F1: 0.03 as before; floor 0.05 / 0.1 / 0.2 /
# 0.4 alone 0.705 / 0.753 / 0.768 / 0.848; skip cost 20 alone 0.512; floor 0.2 and skip cost 20
# 0.848 (every chapter 1:1; the same suras as one run of sentences give 0.850).
LITERARY_LENGTH_FLOOR = 0.2
# Passes after the first, each learning its lexicon from the previous pass's linked beads
# (1 / 2 / 3 gave 0.616 / 0.646 / 0.646 with skip cost 6); fewer pairs than MIN_LEARN_PAIRS
# teach nothing reliable, and the second pass then uses the given lexicon with the new costs.
REALIGN_ROUNDS = 2
MIN_LEARN_PAIRS = 8
# IBM Model 1 threshold of learn_lexicon (0.02 / 0.05 / 0.1 gave 0.618 / 0.616 / 0.622 in one
# round: flat, so its default).
LEARN_THRESHOLD = 0.05
# A stem pair must co-occur in this many linked pairs (1 / 2 / 3 / 4 gave 0.621 / 0.719 / 0.731 /
# 0.718; learn_lexicon's default is 2), each Arabic stem keeping up to LEARN_PER_WORD English ones
# (1 / 2 / 4 / 8 gave 0.721 / 0.724 / 0.719 / 0.716 with 2 co-occurrences).
LEARN_MIN_COUNT = 3
LEARN_PER_WORD = 4
# How beads open: each pass after the first also learns, from the previous pass's linked beads,
# which first words of a bead's first Arabic and first English unit go together (opening_key():
# the clitic و or ف and "And", "Then", "So"; إن and "Lo"; يا and "O"; ...), as the log ratio of how
# often a pair opens a bead to what the units' own openings predict (smoothed by OPENING_SMOOTH,
# pairs seen OPENING_MIN_COUNT times or more, clipped at ±OPENING_CLIP), and a linked bead earns
# OPENING_WEIGHT times that. Function words are no lexicon entries, yet in a translation that keeps
# the source's sentence openings they mark where a verse's rendering begins. On suras 21-77 (two
# rounds): weight 0 / 0.5 / 1 / 1.5 / 2 / 3 gave 0.731 / 0.745 / 0.757 / 0.769 / 0.770 / 0.770;
# with weight 1, clip 3 0.757, smoothing 0.5 0.763, one sighting enough 0.751; a per-side bias
# (how often a key opens a bead at all) as well lowered 0.770 to 0.756; three rounds 0.772 (not
# worth a third pass's time).
OPENING_WEIGHT = 2.0
OPENING_CLIP = 2.0
OPENING_SMOOTH = 1.0
OPENING_MIN_COUNT = 2
# Likewise how beads close: English units of three words or fewer (closing_key(): "Lo!", "O my
# father!", "What!") get the log ratio of how often they end a linked bead to what their count
# predicts, times CLOSING_WEIGHT (0 / 1 / 2 / 3 / 4 gave 0.770 / 0.773 / 0.778 / 0.781 / 0.781 on
# suras 21-77; keyed on the last word of every unit instead 0.765; units of two words or fewer
# 0.781, four 0.778). A short exclamation opens what follows far more often than it ends a verse.
CLOSING_WEIGHT = 3.0
# Time bounds: the lexicon is learned from at most LEARN_MAX_PAIRS linked pairs (evenly spaced),
# and a round starts only if, by the first pass's time, it ends within REALIGN_SECONDS (CPU
# seconds of this thread, as align_units' budget, so load does not change the result) of the
# start (so a first pass that ran out of align_units' own time budget, whose beads are the
# length diagonal, is never "adapted"; 20,000 literary sentences a side get one pass).
LEARN_MAX_PAIRS = 2_000
REALIGN_SECONDS = 30.0


@dataclass(frozen=True, slots=True)
class Adaptation:
    """What the adaptation measured and did: the first pass's coverage, the weight given to the
    literary costs, the pairs learned from, the stems added to the lexicon, whether it realigned."""

    coverage: float
    weight: float
    learned_pairs: int
    learned_stems: int
    realigned: bool


def group_coverage(
    groups: Sequence[tuple[Sequence[str], Sequence[str]]], lexicon: Lexicon
) -> float:
    """Return the share of content words of linked (Arabic units, English units) groups that meet
    a translation on the other side of their group (1.0 when there are no content words)."""
    matched = total = 0
    for texts_ar, texts_en in groups:
        words_ar = [unit_words(t, "ar", lexicon) for t in texts_ar]
        words_en = [unit_words(t, "en", lexicon) for t in texts_en]
        keys_ar = frozenset().union(*(w.keys for w in words_ar))
        keys_en = frozenset().union(*(w.keys for w in words_en))
        for side, keys in ((words_ar, keys_en), (words_en, keys_ar)):
            for unit in side:
                total += len(unit.words)
                matched += sum(1 for word in unit.words if word & keys)
    return matched / total if total else 1.0


def unmatched_share(shapes: Iterable[tuple[int, int]]) -> float:
    """Return the share of units, both sides, outside 1:1 beads, given each bead's (Arabic,
    English) unit counts (0.0 when there are no units)."""
    units = outside = 0
    for a, b in shapes:
        units += a + b
        if (a, b) != (1, 1):
            outside += a + b
    return outside / units if units else 0.0


def adapt_tuning(coverage: float, reshaped: float = 0.0) -> tuple[float, Tuning | None]:
    """Return the literary weight for a measured coverage and share of units outside 1:1 beads
    (sentence level) and the costs it gives (None: shipped)."""
    weight = min(max((COVERAGE_HIGH - coverage) / (COVERAGE_HIGH - COVERAGE_LOW), 0.0), 1.0)
    weight = max(
        weight, min(max((reshaped - RESHAPED_LOW) / (RESHAPED_HIGH - RESHAPED_LOW), 0.0), 1.0)
    )
    if weight == 0.0:
        return 0.0, None
    return weight, Tuning(
        skip_cost=SKIP_COST + weight * (LITERARY_SKIP_COST - SKIP_COST),
        orphan_cost=ORPHAN_COST * (1.0 - weight),
        long_beads=True,
        merge_scale=1.0 + weight * (LITERARY_MERGE_SCALE - 1.0),
    )


def learn_openings(
    groups: Sequence[tuple[Sequence[str], Sequence[str]]],
    ar: Iterable[str],
    en: Iterable[str],
) -> dict[tuple[str, str], float]:
    """Return, per (Arabic, English) opening_key pair seen opening OPENING_MIN_COUNT linked groups
    or more, the log ratio of how often it opens a group to what the units' openings predict."""
    all_ar = Counter(opening_key(t, "ar") for t in ar)
    all_en = Counter(opening_key(t, "en") for t in en)
    total_ar, total_en = sum(all_ar.values()), sum(all_en.values())
    starts = Counter(
        (opening_key(a[0], "ar"), opening_key(e[0], "en")) for a, e in groups if a and e
    )
    count = sum(starts.values())
    table: dict[tuple[str, str], float] = {}
    if not count or not total_ar or not total_en:
        return table
    for (key_ar, key_en), seen in starts.items():
        if seen < OPENING_MIN_COUNT or not key_ar or not key_en:
            continue
        expected = count * all_ar[key_ar] / total_ar * all_en[key_en] / total_en
        ratio = math.log((seen + OPENING_SMOOTH) / (expected + OPENING_SMOOTH))
        table[(key_ar, key_en)] = OPENING_WEIGHT * min(max(ratio, -OPENING_CLIP), OPENING_CLIP)
    return table


def paragraph_tuning(weight: float) -> Tuning | None:
    """Return the paragraph-level costs of align_document's literary passes (None at weight 0)."""
    if weight == 0.0:
        return None
    return Tuning(
        skip_cost=SKIP_COST + weight * (LITERARY_SKIP_COST - SKIP_COST),
        length_floor=weight * LITERARY_LENGTH_FLOOR,
    )


def learn_closings(
    groups: Sequence[tuple[Sequence[str], Sequence[str]]], en: Sequence[str]
) -> dict[str, float]:
    """Return, per closing_key of OPENING_MIN_COUNT English units or more, the log ratio of how
    often such a unit ends a linked group to what its count predicts, times CLOSING_WEIGHT."""
    all_en = Counter(closing_key(t) for t in en)
    ends = Counter(closing_key(e[-1]) for a, e in groups if a and e)
    count = sum(ends.values())
    table: dict[str, float] = {}
    for key, units in all_en.items():
        if not key or units < OPENING_MIN_COUNT:
            continue
        expected = count * units / len(en)
        ratio = math.log((ends[key] + OPENING_SMOOTH) / (expected + OPENING_SMOOTH))
        table[key] = CLOSING_WEIGHT * min(max(ratio, -OPENING_CLIP), OPENING_CLIP)
    return table


def realign_lexicon(pairs: Sequence[tuple[str, str]], base: Lexicon) -> Lexicon:
    """Return base merged with a lexicon learned (IBM Model 1) from a pass's linked text pairs."""
    if len(pairs) < MIN_LEARN_PAIRS:
        return base
    if len(pairs) > LEARN_MAX_PAIRS:
        step = len(pairs) / LEARN_MAX_PAIRS
        pairs = [pairs[int(k * step)] for k in range(LEARN_MAX_PAIRS)]
    learned, _ = learn_lexicon(
        pairs, threshold=LEARN_THRESHOLD, min_count=LEARN_MIN_COUNT, per_word=LEARN_PER_WORD
    )
    table: dict[str, set[str]] = defaultdict(set)
    for lexicon in (base, learned):
        for ar, en in lexicon.translations.items():
            table[ar].update(en)
    return Lexicon({k: frozenset(v) for k, v in table.items()})


def align_adapted(
    ar: Sequence[str],
    en: Sequence[str],
    *,
    level: str = "sentence",
    fixed: Sequence[Bead] = (),
    lexicon: Lexicon | None = None,
) -> tuple[list[Bead], Adaptation]:
    """Return align_units' beads, realigned with a lexicon learned from this document's own
    passes and coverage-scaled costs when the given lexicon covers the document poorly."""
    base = default_lexicon() if lexicon is None else lexicon
    started = cpu_seconds()
    first = align_units(ar, en, level=level, fixed=fixed, lexicon=base)
    one_pass = cpu_seconds() - started
    if not base.translations:  # length and anchors only, as asked
        return first, Adaptation(1.0, 0.0, 0, 0, False)

    def linked(beads: Sequence[Bead]) -> list[tuple[list[str], list[str]]]:
        """Return the texts of the linked beads."""
        return [([ar[i] for i in b.ar], [en[j] for j in b.en]) for b in beads if b.ar and b.en]

    coverage = group_coverage(linked(first), base)
    weight, tuning = adapt_tuning(
        coverage,
        unmatched_share((len(b.ar), len(b.en)) for b in first) if level == "sentence" else 0.0,
    )
    if tuning is None:
        return first, Adaptation(coverage, 0.0, 0, 0, False)
    beads, current = first, base
    pairs: list[tuple[str, str]] = []
    rounds = 0
    while rounds < REALIGN_ROUNDS and time_left(started, one_pass):
        groups = linked(beads)
        pairs = [(" ".join(a), " ".join(e)) for a, e in groups]
        current = realign_lexicon(pairs, base)
        beads = align_units(
            ar,
            en,
            level=level,
            fixed=fixed,
            lexicon=current,
            tuning=replace(
                tuning, openings=learn_openings(groups, ar, en), closings=learn_closings(groups, en)
            ),
        )
        rounds += 1
    learned = len(current.translations) - len(base.translations)
    return beads, Adaptation(coverage, weight, len(pairs), learned, rounds > 0)


def time_left(started: float, one_pass: float) -> bool:
    """Return whether another pass (learning included, about 1.5 first passes) ends within
    REALIGN_SECONDS of started (a cpu_seconds() value)."""
    return cpu_seconds() + 1.5 * one_pass <= started + REALIGN_SECONDS

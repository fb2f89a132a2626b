"""Per-document adaptation: align once, measure how well the lexicon covers this document, and when
it covers little (literary text), learn a lexicon from the first pass's links and align again with
costs set from that measurement (after hunalign's -realign)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from apps.bitext.align import ORPHAN_COST, SKIP_COST, Bead, Tuning, align_units
from apps.bitext.lexicon import Lexicon, default_lexicon, learn_lexicon, unit_words

__all__ = ["Adaptation", "adapt_tuning", "align_adapted", "lexicon_coverage"]

# Coverage = share of content words, both sides, of the first pass's linked beads that meet a
# translation on the other side of their bead. Chosen on the training split only
# (benchmarks/tune_adapt.py): official text measures COVERAGE_HIGH or more, literary text less.
COVERAGE_HIGH = 0.20
COVERAGE_LOW = 0.15
# At zero weight the shipped costs; at full weight the costs literary text favours: a unit that
# matches nothing is no evidence of an insertion when few words match anyway (no orphan cost),
# a dropped unit is rarer than a loose one (skip cost 6), and long beads exist.
LITERARY_SKIP_COST = 20.0
LITERARY_MERGE_SCALE = 0.6
# Links of the first pass a lexicon is learned from: at least this confident.
LEARN_MIN_SCORE = 0.0
MIN_LEARN_PAIRS = 8
REALIGN_ROUNDS = 2
LEARN_THRESHOLD = 0.05


@dataclass(frozen=True, slots=True)
class Adaptation:
    """What the adaptation measured and did: the first pass's coverage, the weight given to the
    literary costs, the pairs and stems learned, and whether a second pass ran."""

    coverage: float
    weight: float
    learned_pairs: int
    learned_stems: int
    realigned: bool


def lexicon_coverage(
    ar: Sequence[str], en: Sequence[str], beads: Sequence[Bead], lexicon: Lexicon
) -> float:
    """Return the share of content words of linked beads that meet a translation across the bead."""
    words_ar = [unit_words(t, "ar", lexicon) for t in ar]
    words_en = [unit_words(t, "en", lexicon) for t in en]
    matched = total = 0
    for bead in beads:
        if not bead.ar or not bead.en:
            continue
        keys_ar = frozenset().union(*(words_ar[i].keys for i in bead.ar))
        keys_en = frozenset().union(*(words_en[j].keys for j in bead.en))
        for side, keys in (
            ([words_ar[i] for i in bead.ar], keys_en),
            ([words_en[j] for j in bead.en], keys_ar),
        ):
            for unit in side:
                total += len(unit.words)
                matched += sum(1 for word in unit.words if word & keys)
    return matched / total if total else 1.0


def adapt_tuning(coverage: float) -> tuple[float, Tuning | None]:
    """Return the literary weight for a measured coverage and the costs it gives (None: shipped)."""
    weight = min(max((COVERAGE_HIGH - coverage) / (COVERAGE_HIGH - COVERAGE_LOW), 0.0), 1.0)
    if weight == 0.0:
        return 0.0, None
    return weight, Tuning(
        skip_cost=SKIP_COST + weight * (LITERARY_SKIP_COST - SKIP_COST),
        orphan_cost=ORPHAN_COST * (1.0 - weight),
        long_beads=True,
        merge_scale=1.0 + weight * (LITERARY_MERGE_SCALE - 1.0),
    )


def _merged(base: Lexicon, learned: Lexicon) -> Lexicon:
    """Return the union of two lexicons."""
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
    """Return align_units' beads, realigned with a lexicon learned from this document's first
    pass and evidence-scaled costs when the given lexicon covers the document poorly."""
    base = default_lexicon() if lexicon is None else lexicon
    first = align_units(ar, en, level=level, fixed=fixed, lexicon=base)
    if not base.translations:
        return first, Adaptation(1.0, 0.0, 0, 0, False)
    coverage = lexicon_coverage(ar, en, first, base)
    weight, tuning = adapt_tuning(coverage)
    if tuning is None:
        return first, Adaptation(coverage, 0.0, 0, 0, False)
    beads, lexicon_now = first, base
    pairs: list[tuple[str, str]] = []
    learned = Lexicon()
    for _ in range(int(REALIGN_ROUNDS)):
        pairs = [
            (" ".join(ar[i] for i in b.ar), " ".join(en[j] for j in b.en))
            for b in beads
            if b.ar and b.en and b.score >= LEARN_MIN_SCORE
        ]
        if len(pairs) >= MIN_LEARN_PAIRS:
            learned, _ = learn_lexicon(pairs, threshold=LEARN_THRESHOLD)
            lexicon_now = _merged(base, learned)
        beads = align_units(ar, en, level=level, fixed=fixed, lexicon=lexicon_now, tuning=tuning)
    return beads, Adaptation(coverage, weight, len(pairs), len(learned.translations), True)

"""Grid-search the aligner's skip and lexical constants on development text the benchmark never scores.

Usage: uv run python benchmarks/tune_costs.py

Uses the cases of benchmarks/fit_confidence.py (reshaped SDG, lexicon-training UNPC and NTREX)
and prints the pooled strict F1 for each setting; apps/bitext/align.py records the chosen values.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from fit_confidence import cases  # noqa: E402

import apps.bitext.align as align  # noqa: E402
from apps.bitext.gold import score_alignment  # noqa: E402


def pooled_f1() -> float:
    """Return the strict F1 over every development case (beads counted per case, then pooled)."""
    right = predicted = gold = 0
    for level, data in cases():
        beads = align.align_units(data.ar, data.en, level=level)
        scores = score_alignment([(b.ar, b.en) for b in beads], data.gold)
        right += round(scores.strict_p * scores.predicted)
        predicted += scores.predicted
        gold += scores.gold
    p, r = right / predicted, right / gold
    return 2 * p * r / (p + r)


def main() -> None:
    """Print F1 for each combination."""
    grid = {
        "LEX_CHANCE_PER_WORD": (0.0015, 0.0025, 0.004),
        "LEX_P_TRUE": (0.2, 0.3),
        "LEX_WEIGHT": (0.5, 0.8),
    }
    for values in itertools.product(*grid.values()):
        for name, value in zip(grid, values, strict=True):
            setattr(align, name, value)
        settings = " ".join(f"{n}={v}" for n, v in zip(grid, values, strict=True))
        print(f"{settings}: strict F1 {pooled_f1():.4f}", flush=True)


if __name__ == "__main__":
    main()

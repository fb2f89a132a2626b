"""Fit the aligner's confidence mapping (CONFIDENCE_* in apps/bitext/align.py) from ../shared.

Usage: uv run python benchmarks/fit_confidence.py

Aligns reshaped text that the benchmark never scores (the SDG goals, targets and indicators, MIT,
at sentence and paragraph level, and the lexicon-training part of UNPC and NTREX), records each
bead's cost, shape and whether it is exactly a gold bead, fits a logistic regression by Newton's
method and prints the coefficients with the calibration table they give on the same data.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from alignment import calibration_table, paragraphs_of  # noqa: E402
from devdata import (  # noqa: E402
    SHARED,
    Document,
    ntrex_documents,
    ntrex_held_out,
    sdg_pairs,
    unpc_documents,
    unpc_held_out,
)

import apps.bitext.align as align  # noqa: E402
from apps.bitext.gold import Reshaped, reshape  # noqa: E402


def cases() -> list[tuple[str, Reshaped]]:
    """Return (level, reshaped text) cases for the fit."""
    sdg = sdg_pairs()
    rng = random.Random(11)
    out = [("sentence", reshape(sdg, seed=s, merge=0.06, drop=0.05)) for s in range(4)]
    out += [
        ("paragraph", reshape(paragraphs_of(Document("sdg", sdg), rng), seed=s, lists=0.03))
        for s in range(4)
    ]
    unpc = [p for d in unpc_documents() if not unpc_held_out(d) for p in d.pairs][:1500]
    ntrex = [p for d in ntrex_documents() if not ntrex_held_out(d) for p in d.pairs][:800]
    out += [("sentence", reshape(unpc, seed=1)), ("sentence", reshape(ntrex, seed=2))]
    return out


def main() -> None:
    """Collect bead features, fit, print."""
    if not SHARED.is_dir():
        sys.exit(f"{SHARED} not found")
    rows: list[list[float]] = []
    labels: list[float] = []
    for level, data in cases():
        seen: list[list[float]] = []
        original = align._confidence
        align._confidence = lambda values, seen=seen: seen.append(list(values)) or 0.5  # type: ignore[func-returns-value,misc]
        try:
            beads = align.align_units(data.ar, data.en, level=level)
        finally:
            align._confidence = original
        gold = set(data.gold)
        for bead, values in zip(beads, seen, strict=True):
            rows.append(values)
            labels.append(float((bead.ar, bead.en) in gold))
    x = np.array(rows)
    y = np.array(labels)
    w = np.zeros(x.shape[1])
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        gradient = x.T @ (y - p) - 0.01 * w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + 0.01 * np.eye(len(w))
        w += np.linalg.solve(hessian, gradient)
    print(f"{len(y)} beads, {int(y.sum())} correct")
    for name, value in zip(align.CONFIDENCE_FEATURES, w, strict=True):
        print(f"{name:>28}: {value:7.3f}")
    print("CONFIDENCE_WEIGHTS = (" + ", ".join(f"{v:.3f}" for v in w) + ")")
    p = 1.0 / (1.0 + np.exp(-(x @ w)))
    print("\n".join(calibration_table(list(zip(p.tolist(), (y > 0).tolist(), strict=True)))))


if __name__ == "__main__":
    main()

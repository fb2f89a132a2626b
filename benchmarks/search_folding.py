"""Arabic search folding: which words the search analyzer gives one stem though they mean different
things, and what a few hamza queries find, on real UN and resolution text.

    uv run --with qalsadi python benchmarks/search_folding.py [--show 25] [--code DIR]

Words: every Arabic word of the UN development set (4,000 sentences), the demo resolution, the
UDHR and the SDG goals, targets and indicators (../shared), as written less its diacritics and
tatweel. Two words "mean different things" when qalsadi's dictionary (Arramooz) knows both and
their roots never agree (a function word counts under its lemma: فيه is في's); a word it does not
know (numbers such as مائة, names, the Egyptian spelling مسئولية) is judged with no other, so the
counts are a floor. Printed:

- colliding words: distinct words that share their search stem with a word of other roots (and
  those with a hamza on waw or ya, ؤ ئ); occurrences: how often those words occur;
- the worst stems: where a search for one reading of the stem gets most hits of the other;
- hits: sentences of the UN development set and the demo resolution each query matches (by
  apps.bitext.analyze.query_matches, which both database engines are tested to agree with),
  with the words it marks.

--code DIR measures the analyzer of another checkout (e.g. an older commit's `git archive`);
--against DIR also lists the stems that join words DIR's analyzer kept apart, and the other way
(the dictionary's roots cannot see a join of one root's words, such as مساءلة and مسائل).
--lam also counts the hits of the ل queries (LAM_QUERIES).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("TAWAZI_SHARED_DIR", REPO.parent / "shared"))
QUERIES = ("الفئة", "الفئات", "مسؤولية", "مسئولية", "المائة", "المئة", "رئيس", "هيئة", "الماء")
# The ل cases: a bare ل before a short word, ل + ال before a word beginning with ل, and مئات
# (hundreds) beside مؤاتية (favourable); then الله, ل before أ/إ/آ and a bare ب or ك.
LAM_QUERIES = (
    "شؤون",
    "ضمان",
    "مدة",
    "سنة",
    "خطة",
    "قوات",
    "الحد",
    "لجنة",
    "لجن*",
    "جنة",
    "اللغة",
    "بالغة",
    "مئات",
    "مؤاتية",
    # God's name beside له (to him), ل before a seated alef, and a bare ب or ك.
    "الله",
    "له",
    "الأزمة",
    "اللاتي",
    "الآتية",
    "حماية",
    "ضمان",
    "أداة",
    "شأن",
    "طاقة",
    "حرية",
    "احتلال",
    # Three letters after a bare ب or ك, الذي, بأن and لأن, a prefix read with ب or ك.
    "مدينة",
    "ذي",
    "الذي",
    "التي",
    "أن",
    "بأن",
    "لأنه",
    "حماي*",
    "مدين*",
    # الآن ("now") beside أن, the relative pronouns' duals and plurals, بأن beside بان كي - مون.
    "الآن",
    "الآ*",
    "الذين",
    "اللذين",
    "اللتين",
    "اللاتي",
    '"بان كي"',
)
HAMZA_SEATS = re.compile("[\u0624\u0626]")


def unpc_lines() -> list[str]:
    path = SHARED / "devdata/unpc_v1.0_devset/UNv1.0.devset.ar"
    return path.read_text(encoding="utf-8").splitlines()


def demo_lines() -> list[str]:
    lines = (SHARED / "corpus/oic-cfm-ex21-2025-08-25.ar-en.txt").read_text(encoding="utf-8")
    arabic = lines.splitlines()
    return [line for line in arabic[: len(arabic) // 2] if line.strip()]


def other_texts() -> list[str]:
    """The UDHR and the SDG texts (their YAML keys are Latin and ignored)."""
    paths = [SHARED / "corpus/udhr/udhr_arb.txt", *sorted((SHARED / "corpus/sdg").glob("*.ar.yml"))]
    return [path.read_text(encoding="utf-8") for path in paths]


class Judge:
    """Meanings of a word after qalsadi: its analyses' roots, and a function word's lemma."""

    def __init__(self) -> None:
        try:
            from qalsadi.analex import Analex
        except ImportError:
            sys.exit("qalsadi is needed: uv run --with qalsadi python benchmarks/search_folding.py")
        self._analex = Analex()
        self._cache: dict[str, frozenset[str]] = {}

    def meanings(self, word: str) -> frozenset[str]:
        """Empty when the dictionary does not know the word."""
        if word not in self._cache:
            keys: set[str] = set()
            for case in self._analex.check_word(word):
                if case.is_unknown():
                    continue
                if case.root:
                    keys.add(case.root)
                elif str(case.type).startswith("STOPWORD"):
                    keys.add("=" + re.sub("[\u064b-\u0652]", "", case.lemma))
            self._cache[word] = frozenset(keys)
        return self._cache[word]


def clusters(words: list[str], judge: Judge) -> list[set[str]]:
    """The known words of one stem grouped by shared meanings (roots that agree)."""
    groups: list[tuple[set[str], set[str]]] = []
    for word in words:
        keys = judge.meanings(word)
        if not keys:
            continue
        joined = [g for g in groups if g[1] & keys]
        merged = ({word}, set(keys))
        for g in joined:
            merged[0].update(g[0])
            merged[1].update(g[1])
            groups.remove(g)
        groups.append(merged)
    return [g[0] for g in groups]


def word_stems() -> tuple[dict[str, str], Counter[str]]:
    """Each distinct Arabic word (as written less its marks) with its stem, and its count."""
    from apps.bitext.analyze import analyze
    from apps.bitext.normalize import strip_arabic_marks

    arabic = re.compile("[\u0600-\u06ff]")
    counts: Counter[str] = Counter()
    stems: dict[str, str] = {}
    for text in [*unpc_lines(), *demo_lines(), *other_texts()]:
        for token in analyze(text):
            surface = strip_arabic_marks(text[token.start : token.end])
            if arabic.search(surface):
                counts[surface] += 1
                stems[surface] = token.stem
    return stems, counts


def regroupings(
    stems: dict[str, str], other: dict[str, str], counts: Counter[str]
) -> list[tuple[int, str, list[list[str]]]]:
    """Stems of one analyzer that join words the other gave different stems, most frequent first:
    (occurrences, stem, the words grouped by their other stem)."""
    groups: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for word, stem in stems.items():
        groups[stem][other[word]].append(word)
    rows = []
    for stem, parts in groups.items():
        if len(parts) > 1:
            words = [sorted(p, key=lambda w: -counts[w]) for p in parts.values()]
            rows.append((sum(counts[w] for p in words for w in p), stem, words))
    return sorted(rows, reverse=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", type=int, default=25, help="worst stems to list")
    parser.add_argument("--code", type=Path, default=REPO, help="checkout whose analyzer to use")
    parser.add_argument("--against", type=Path, help="checkout whose analyzer to compare with")
    parser.add_argument("--dump", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--lam", action="store_true", help="count the ل queries' hits too")
    args = parser.parse_args()
    sys.path.insert(0, str(args.code.resolve()))
    from apps.bitext.analyze import analyze, match_positions, parse_query, query_matches
    from apps.bitext.normalize import strip_arabic_marks

    stems, counts = word_stems()
    if args.dump:
        print(json.dumps(stems, ensure_ascii=False))
        return
    sentences = unpc_lines() + demo_lines()
    by_stem: dict[str, list[str]] = defaultdict(list)
    for word, stem in stems.items():
        by_stem[stem].append(word)

    judge = Judge()
    colliding: set[str] = set()
    worst: list[tuple[int, str, list[set[str]]]] = []
    for stem, words in by_stem.items():
        if len(words) < 2:
            continue
        groups = clusters(words, judge)
        if len(groups) < 2:
            continue
        for group in groups:
            colliding.update(group)
        sizes = sorted((sum(counts[w] for w in g) for g in groups), reverse=True)
        # A search for the second reading gets the first's hits: the size of the harm.
        worst.append((sizes[1], stem, groups))
    known = sum(1 for word in counts if judge.meanings(word))
    seats = {w for w in colliding if HAMZA_SEATS.search(w)}
    print(f"code: {args.code}")
    print(f"distinct Arabic words: {len(counts):,} ({known:,} known to the dictionary)")
    print(f"distinct stems: {len(by_stem):,}")
    print(
        f"colliding words: {len(colliding):,} ({sum(counts[w] for w in colliding):,} occurrences)"
        f"; with ؤ or ئ: {len(seats):,} ({sum(counts[w] for w in seats):,} occurrences)"
    )
    print(f"stems with two or more meanings: {len(worst):,}")
    print("\nworst stems (the second meaning's occurrences first):")
    for harm, stem, groups in sorted(worst, reverse=True)[: args.show]:
        shown = " | ".join(
            " ".join(
                f"{w} {counts[w]}" for w in sorted(g, key=counts.__getitem__, reverse=True)[:4]
            )
            for g in sorted(groups, key=lambda g: -sum(counts[w] for w in g))
        )
        print(f"  {harm:4d}  {stem}: {shown}")
    print("\nhamza-seat stems among them:")
    hamza = [row for row in worst if any(HAMZA_SEATS.search(w) for g in row[2] for w in g)]
    for harm, stem, groups in sorted(hamza, reverse=True)[: args.show]:
        shown = " | ".join(
            " ".join(
                f"{w} {counts[w]}" for w in sorted(g, key=counts.__getitem__, reverse=True)[:4]
            )
            for g in sorted(groups, key=lambda g: -sum(counts[w] for w in g))
        )
        print(f"  {harm:4d}  {stem}: {shown}")

    if args.against:
        child = [sys.executable, __file__, "--dump", "--code", str(args.against)]
        other = json.loads(subprocess.run(child, capture_output=True, check=True).stdout)
        changed = [w for w in stems if stems[w] != other[w]]
        print(
            f"\nagainst {args.against}: {len(changed):,} words"
            f" ({sum(counts[w] for w in changed):,} occurrences) have another stem"
        )
        for title, rows in (
            ("stems joining words it kept apart", regroupings(stems, other, counts)),
            ("its stems split here", regroupings(other, stems, counts)),
        ):
            print(f"{title}: {len(rows)}")
            for total, stem, parts in rows[: args.show]:
                shown = " | ".join(" ".join(words[:3]) for words in parts)
                print(f"  {total:4d}  {stem}: {shown}")

    print(f"\nhits over {len(sentences):,} sentences (UN development set + demo):")
    for raw in QUERIES + (LAM_QUERIES if args.lam else ()):
        query = parse_query(raw)
        hits = 0
        marked: Counter[str] = Counter()
        for text in sentences:
            tokens = analyze(text)
            if query_matches(query, tokens):
                hits += 1
                for i in match_positions(query, tokens):
                    marked[strip_arabic_marks(text[tokens[i].start : tokens[i].end])] += 1
        words = ", ".join(f"{w} {n}" for w, n in marked.most_common(8))
        print(f"  {raw}: {hits}  ({words})")


if __name__ == "__main__":
    main()

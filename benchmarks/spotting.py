"""Translation spotting: how well the search page's summary ("development → التنمية 31, …") and its
marks in the counterparts name a query's translation, on real UN, news and resolution text.

    uv run python benchmarks/spotting.py [--show]

The corpus is search.py's pool, each real pair once (~7,000 pairs: the UN development set, NTREX,
FLORES and the demo resolution), written to a fresh SQLite database in a temporary folder and
indexed by the app's rebuild. For each query below (UN terms both ways, with the translations a
UN translator accepts for them, compared by the analyzer's stems) it prints:

- top 1 / top 3: queries whose first summary item / one of the first three contains an accepted
  translation (of the queries with a summary);
- function-word items: summary items made only of function words (the aligner's stop lists in
  apps/bitext/lexicon.py, plus English ordinal endings: "th" of "8th");
- function-word marks: words marked as a translation in the counterparts of the first page of
  hits that are function words (a student reading "poverty" sees من marked as its translation).

--show prints every query's summary.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from pathlib import Path

import search as bench  # benchmarks/search.py, beside this file
from machine import cpu_model

MARK_RE = re.compile(r"<mark>(.*?)</mark>")

# Query -> accepted translations (any form of one of them counts).
GOLD: dict[str, list[str]] = {
    '"Security Council"': ["مجلس الأمن"],
    '"General Assembly"': ["الجمعية العامة"],
    "occupation": ["احتلال"],
    "development": ["التنمية", "الإنمائية"],
    '"human rights"': ["حقوق الإنسان"],
    "sustainable": ["المستدامة", "الاستدامة"],
    "women": ["المرأة", "النساء"],
    "children": ["الأطفال", "الطفل"],
    "poverty": ["الفقر"],
    '"climate change"': ["تغير المناخ"],
    "refugees": ["اللاجئين"],
    "peace": ["السلام"],
    "education": ["التعليم"],
    "health": ["الصحة", "الصحية"],
    "water": ["المياه", "الماء"],
    "violence": ["العنف"],
    "food": ["الغذاء", "الأغذية", "الغذائي"],
    "energy": ["الطاقة"],
    "trade": ["التجارة", "التجاري"],
    "government": ["الحكومة", "الحكومات"],
    "report": ["تقرير", "التقرير"],
    "Secretary-General": ["الأمين العام"],
    "economic": ["الاقتصادية", "الاقتصادي"],
    "illegal": ["غير قانوني", "غير الشرعي", "غير المشروع"],
    "مجلس الأمن": ["Security Council"],
    "التنمية": ["development"],
    "الفقر": ["poverty"],
    "اللاجئين": ["refugees"],
    "المرأة": ["women"],
    "الأطفال": ["children"],
    "السلام": ["peace"],
    "التعليم": ["education"],
    "الصحة": ["health"],
    "المياه": ["water"],
    '"حقوق الإنسان"': ["human rights"],
    '"تغير المناخ"': ["climate change"],
    "العنف": ["violence"],
    "الاحتلال": ["occupation", "occupying"],
    '"الجمعية العامة"': ["General Assembly"],
    "الحكومة": ["government"],
    "القرار": ["resolution", "decision"],
    "الطاقة": ["energy"],
    "التجارة": ["trade"],
    '"الأمين العام"': ["Secretary-General"],
    "الاقتصادية": ["economic"],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print every query's summary")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        bench.django_as_served(f"sqlite:///{Path(folder) / 'spotting.sqlite3'}")
        pool = bench.load_pool()
        started = time.perf_counter()
        bench.build_corpus(pool)
        bench.build_index()
        print(f"{len(pool):,} pairs indexed in {time.perf_counter() - started:.0f} s")
        evaluate(args.show)
    print(f"{cpu_model()}, {os.cpu_count()} CPUs")


def evaluate(show: bool) -> None:
    from apps.bitext.analyze import analyze
    from apps.bitext.lexicon import function_stems
    from apps.search.selectors import search

    def stems(text: str) -> set[str]:
        return {t.stem for t in analyze(text)}

    function = {lang: function_stems(lang) for lang in ("ar", "en")}
    answered = top1 = top3 = items = function_items = marks = function_marks = 0
    for q, accepted in GOLD.items():
        result = search(q)
        summary = result.translations
        if show:
            print(f"{q:24} {result.count:5}  " + ", ".join(f"{t.text} {t.count}" for t in summary))
        if not summary:
            continue
        answered += 1
        wanted = [stems(a) for a in accepted]
        right = [any(w <= stems(t.text) for w in wanted) for t in summary]
        top1 += right[0]
        top3 += any(right[:3])
        items += len(summary)
        function_items += sum(stems(t.text) <= function[t.lang] for t in summary)
        for hit in result.hits:
            for c in hit.counterparts:
                for word in MARK_RE.findall(str(c.highlighted)):
                    marks += 1
                    function_marks += stems(word) <= function[c.lang]
    print(
        f"{len(GOLD)} queries, {answered} with a summary: top 1 {top1} ({top1 / answered:.0%}),"
        f" top 3 {top3} ({top3 / answered:.0%})"
    )
    print(f"summary items {items}: function-word items {function_items}")
    print(f"marked words in the first pages' counterparts {marks}: function words {function_marks}")


if __name__ == "__main__":
    sys.exit(main())

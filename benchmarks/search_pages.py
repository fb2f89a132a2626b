"""Every search page, HTMX fragment and API answer of a set of queries, written to one file: run it
before and after a change that should not change what users see, and compare the two files.

    uv run python benchmarks/search_pages.py sqlite:////tmp/search-bench-100000.sqlite3 \
        /tmp/pages-before.txt --size 100000
    git switch ... && uv run python benchmarks/search_pages.py ... /tmp/pages-after.txt --size 100000
    cmp /tmp/pages-before.txt /tmp/pages-after.txt

The database is one of search.py's kept benchmark corpora (--size: its number of pairs, which
gives search.py's rare words) or any other corpus, such as a development database (without --size:
a fixed list of words in place of the rare ones). Queries: search.py's classes and more (OR, an
exclusion, prefixes, clitics, numbers, a word found nowhere), each with 11 parameter sets
(language, year, resolution and body filters, later pages and combinations of them), and four
concordances. Settings as search.py's child (production, page cache off). The CSRF token, masked
afresh for every request, is written as "…".
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from pathlib import Path

import search as bench  # benchmarks/search.py, beside this file

WORDS = [
    "القدس",
    "Jerusalem",
    "occupying",
    "الاحتلال",
    "condemns",
    "يدين",
    "Palestinian",
    "الفلسطيني",
    "UNRWA",
    "الأونروا",
    "decides",
    "يقرر",
    "2025",
    "Summary",
    "استفتاء",
    "فلسط*",
]
MORE = [
    "development OR التنمية",
    "security -council",
    "occup*",
    "احتلال",
    "condemn*",
    '"occupying power"',
    "A OR B",
    "لحقوق",
    "للجنة",
    "وثيقة",
    "62,500",
    "2005",
    "united nations security",
    '"الأمم المتحدة" التنمية',
    "human rights council",
    "the of and",
    "international law",
    "فلسطين",
    "مجلس الأمن",
    "xyzzyq",
    '"of the" development',
    "sustain*",
    "women",
    "children",
    "اللاجئين",
]
_CSRF_RE = re.compile(r'"X-CSRFToken": "[^"]*"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db_url", help="sqlite:////path or postgres://user@host:port/name")
    parser.add_argument("out", type=Path, help="the file to write")
    parser.add_argument("--size", type=int, default=0, help="pairs of search.py's corpus")
    args = parser.parse_args()
    bench.django_as_served(args.db_url)
    from django.test import Client

    from apps.corpus.models import Resolution
    from apps.search.selectors import concordance

    words = WORDS
    if args.size:
        words = bench.rare_words(bench.synthesize(bench.load_pool(), args.size))
    queries = words + [q for k, qs in bench.QUERIES.items() if k != "rare" for q in qs] + MORE
    slugs = list(Resolution.objects.order_by("id").values_list("slug", flat=True))
    slug = slugs[len(slugs) // 2]
    variants: list[dict[str, str]] = [
        {},
        {"lang": "en"},
        {"lang": "ar"},
        {"year": "2005"},
        {"resolution": slug},
        {"page": "2"},
        {"page": "7"},
        {"body": "UN Security Council"},
        {"lang": "en", "year": "2005", "page": "2"},
        {"resolution": slug, "lang": "ar"},
        {"page": "3", "lang": "en", "year": "2006"},
    ]
    client = Client()
    out = []
    for q in queries:
        for variant in variants:
            params = {"q": q, **variant}
            shown = json.dumps(params, ensure_ascii=False)
            page = client.get("/search/", params)
            html = _CSRF_RE.sub('"X-CSRFToken": "…"', page.content.decode())
            fragment = client.get("/search/", params, headers={"HX-Request": "true"})
            api = client.get("/api/search", params)
            out += [
                f"### page {shown} {page.status_code}\n{html}",
                f"### fragment {shown} {fragment.status_code}\n{fragment.content.decode()}",
                f"### api {shown} {api.status_code}\n{api.content.decode()}",
            ]
    for word, lang in (("development", "en"), ("التنمية", "ar"), ("الأمن", "ar"), ("the", "en")):
        hits = concordance(word, lang=lang, limit=10)
        out.append(f"### concordance {word}\n{json.dumps(hits, ensure_ascii=False)}")
    text = "\n".join(out)
    args.out.write_text(text, encoding="utf-8")
    digest = hashlib.sha1(text.encode()).hexdigest()[:12]
    print(f"{len(out)} answers of {len(queries)} queries written to {args.out} (sha1 {digest})")


if __name__ == "__main__":
    main()

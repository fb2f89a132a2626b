"""Search page CPU time: what the application costs around the engine's SQL, per query class.

    uv run python benchmarks/search_cpu.py sqlite:////tmp/search-cpu-100k.sqlite3 --size 100000
    uv run python benchmarks/search_cpu.py postgres://postgres@127.0.0.1:5432/search_cpu --size 100000

The database (created beforehand, empty or holding this size's corpus) is filled on first use with
benchmarks/search.py's corpus (same synthesis and seed, indexed by the app's rebuild), then kept:
later runs only measure. Each query of search.py's classes runs once to warm up and then --repeat
times; printed are the medians, in CPU ms of this process (time.process_time: the shared
machine's load changes wall time far more than CPU time), of raw (the engine's query,
engines.window(), as search.py times it), app (selectors.search()), page (GET /search/) and api
(GET /api/search), and page - raw, the application's own work. On PostgreSQL the server's CPU is
not counted, so raw is small there. Settings as search.py's child: DJANGO_DEBUG=0, page cache
off, start-up objects frozen. --profile CLASS times that class only and prints a cProfile of its
page requests (whose times then include the profiler's).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db_url", help="sqlite:////path or postgres://user@host:port/name")
    parser.add_argument("--size", type=int, default=100_000, help="pairs in the corpus")
    parser.add_argument("--repeat", type=int, default=10, help="timed runs per query")
    parser.add_argument("--classes", default="rare,frequent,most,phrase,prefix,filtered")
    parser.add_argument("--profile", default="", help="a query class to profile")
    parser.add_argument("--out", default="", help="write the medians here as JSON")
    args = parser.parse_args()
    import search as bench  # benchmarks/search.py, beside this file

    bench.django_as_served(args.db_url)
    from apps.corpus.models import Resolution

    pairs = bench.synthesize(bench.load_pool(), args.size)
    if not Resolution.objects.exists():
        print(f"building {args.size:,} pairs", file=sys.stderr, flush=True)
        bench.build_corpus(pairs)
        bench.build_index()
    measure(bench, pairs, args)


def measure(bench: object, pairs: list[tuple[str, str]], args: argparse.Namespace) -> None:
    from django.db import connection
    from django.test import Client

    from apps.corpus.models import Resolution
    from apps.search import engines
    from apps.search.selectors import search

    queries: dict[str, list[str]] = bench.QUERIES  # type: ignore[attr-defined]
    queries["rare"] = bench.rare_words(pairs)
    bench.freeze_as_served(pairs)
    client = Client()
    resolutions = list(Resolution.objects.order_by("id"))
    slug = resolutions[len(resolutions) // 2].slug
    wanted = args.profile.split(",") if args.profile else args.classes.split(",")
    profiler = cProfile.Profile() if args.profile else None
    medians = {}
    for klass, qs in queries.items():
        if klass not in wanted:
            continue
        times: dict[str, list[float]] = {"raw": [], "app": [], "page": [], "api": []}
        for q in qs:
            params, query, filters = bench.query_case(klass, q, slug)  # type: ignore[attr-defined]
            for i in range(args.repeat + 1):
                t = time.process_time()
                engines.window(query, filters)
                t_raw = time.process_time() - t
                t = time.process_time()
                search(
                    q, lang=filters.lang, resolution=params.get("resolution", ""), year=filters.year
                )
                t_app = time.process_time() - t
                if profiler is not None and i:
                    profiler.enable()
                t = time.process_time()
                assert client.get("/search/", params).status_code == 200
                t_page = time.process_time() - t
                if profiler is not None:
                    profiler.disable()
                t = time.process_time()
                assert client.get("/api/search", params).status_code == 200
                t_api = time.process_time() - t
                if i:  # the first run warms up
                    for name, v in (
                        ("raw", t_raw),
                        ("app", t_app),
                        ("page", t_page),
                        ("api", t_api),
                    ):
                        times[name].append(v * 1000)
        medians[klass] = {k: round(statistics.median(v), 2) for k, v in times.items()}
        m = medians[klass]
        print(
            f"{connection.vendor:10} {klass:9} "
            + "  ".join(f"{k} {v:6.2f}" for k, v in m.items())
            + f"  page-raw {m['page'] - m['raw']:6.2f}",
            flush=True,
        )
    print(
        f"load average {os.getloadavg()[0]:.1f}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
    )
    if args.out:
        Path(args.out).write_text(json.dumps(medians))
    if profiler is not None:
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(40)
        stats.sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()

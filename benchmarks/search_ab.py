"""CPU time of selectors.search() for two versions of the search app's reads, alternated in one
process on one database: the shared machine's load then weighs on both alike.

    uv run python benchmarks/search_ab.py sqlite:////tmp/search-bench-100000.sqlite3 --old a706909
    uv run python benchmarks/search_ab.py sqlite:////tmp/spot.sqlite3 --old a706909 --small

The database is one benchmarks/search.py or search_cpu.py built (--size pairs of its corpus), or,
with --small, a database that holds (or, empty, is given) the demo resolution, the whole UDHR and
the SDG targets, searched for the spotting queries below. `--old REV` is a git revision: its
apps/search/selectors.py, stats.py and engines.py are loaded beside the working tree's as second
modules. Each query runs once per version to check that both give the same page (the count, the
hits, the summary, the hits' counterpart marks), then --repeat times per version, alternating
which goes first; printed are the medians in CPU ms (time.process_time) per query class, with
--small per query, and beside them the wall-clock medians (the database server's own work counts
there: on PostgreSQL it is not this process's CPU).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import search as bench  # benchmarks/search.py, beside this file

REPO = Path(__file__).resolve().parent.parent
SPOTTING = ['"occupying power"', "القوه", "condemn", "الاحتلال", "poverty", '"حقوق الإنسان"']
SPOTTING += ["right*", "62,500"]
MARK_RE = re.compile(r"<mark>(.*?)</mark>")


def old_selectors(rev: str, folder: Path) -> ModuleType:
    """The search app's selectors at a git revision, importing that revision's stats and engines
    modules (the engines' SQL and what their window holds change with the selectors)."""
    modules = {}
    for name in ("stats", "engines", "selectors"):
        source = subprocess.run(
            ["git", "show", f"{rev}:apps/search/{name}.py"],
            cwd=REPO,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        source = source.replace(
            "from apps.search.stats import", "from apps.search.old_stats import"
        )
        source = source.replace(
            "from apps.search.engines import", "from apps.search.old_engines import"
        )
        source = source.replace(
            "from apps.search import engines\n", "from apps.search import old_engines as engines\n"
        )
        path = folder / f"old_{name}.py"
        path.write_text(source, encoding="utf-8")
        spec = importlib.util.spec_from_file_location(f"apps.search.old_{name}", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        modules[name] = module
    return modules["selectors"]


def page(result: Any) -> tuple[Any, ...]:
    """What a reader sees of the page: the count, the hits, the spotting summary and every
    counterpart's marked words."""
    return (
        result.count,
        [h.sentence_id for h in result.hits],
        [(t.text, t.count, t.lang) for t in result.translations],
        [[MARK_RE.findall(str(c.highlighted)) for c in h.counterparts] for h in result.hits],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db_url", help="sqlite:////path or postgres://user@host:port/name")
    parser.add_argument("--old", required=True, help="git revision to compare with")
    parser.add_argument("--size", type=int, default=100_000, help="pairs in the corpus")
    parser.add_argument("--repeat", type=int, default=16, help="timed runs per query and version")
    parser.add_argument("--small", action="store_true", help="demo + UDHR + SDG targets")
    args = parser.parse_args()
    bench.django_as_served(args.db_url)
    from apps.corpus.models import Resolution
    from apps.search import selectors as new

    folder = Path(tempfile.mkdtemp())
    old = old_selectors(args.old, folder)
    pairs: list[tuple[str, str]] = []
    if args.small:
        sys.path.insert(0, str(REPO))
        if not Resolution.objects.exists():
            from tests.search.corpus import import_demo, import_udhr_and_sdg_targets

            import_demo()
            import_udhr_and_sdg_targets()
        queries = {"spotting": SPOTTING}
    else:
        pairs = bench.synthesize(bench.load_pool(), args.size)
        queries = dict(bench.QUERIES) | {"rare": bench.rare_words(pairs), "spotting": SPOTTING}
    bench.freeze_as_served(pairs)
    old.warm_up()
    resolutions = list(Resolution.objects.order_by("id"))
    slug = resolutions[len(resolutions) // 2].slug
    versions = {"old": old, "new": new}
    differing = 0
    for klass, qs in queries.items():
        times: dict[str, list[list[float]]] = {"old": [], "new": []}
        walls: dict[str, list[float]] = {"old": [], "new": []}
        for q in qs:
            params, _query, filters = bench.query_case(klass, q, slug)
            kwargs = {
                "lang": filters.lang,
                "resolution": params.get("resolution", ""),
                "year": filters.year,
            }
            if page(old.search(q, **kwargs)) != page(new.search(q, **kwargs)):
                differing += 1
                print(f"the page differs: {klass} {q}", flush=True)
            for name in times:
                times[name].append([])
            for i in range(args.repeat):
                for name in ("old", "new") if i % 2 == 0 else ("new", "old"):
                    started, wall = time.process_time(), time.perf_counter()
                    versions[name].search(q, **kwargs)
                    times[name][-1].append((time.process_time() - started) * 1000)
                    walls[name].append((time.perf_counter() - wall) * 1000)
            if args.small:
                print(
                    f"  {q:20} old {statistics.median(times['old'][-1]):6.2f}"
                    f"  new {statistics.median(times['new'][-1]):6.2f}"
                )
        medians = {
            name: statistics.median(t for per in runs for t in per) for name, runs in times.items()
        }
        wall = {name: statistics.median(values) for name, values in walls.items()}
        print(
            f"{klass:9} old {medians['old']:6.2f}  new {medians['new']:6.2f} ms"
            f"  ({medians['new'] / medians['old'] - 1:+.0%})"
            f"   wall old {wall['old']:6.2f}  new {wall['new']:6.2f} ms"
            f"  ({wall['new'] / wall['old'] - 1:+.0%})",
            flush=True,
        )
    print(
        f"pages differing: {differing}; load average {os.getloadavg()[0]:.1f},"
        f" {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
    )


if __name__ == "__main__":
    sys.exit(main())

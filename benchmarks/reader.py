"""Server time and query count of the reading page for a 500-paragraph resolution.

Usage: uv run python benchmarks/reader.py [--paragraphs 500] [--runs 10]
       (DATABASE_URL=postgres://... to measure on PostgreSQL; a throw-away test database is used)

The resolution is built from the shared corpus: the demo resolution's 42 paragraphs, the UDHR
(preamble and 30 articles), the SDG targets and, to make up the number, UNPC devset sentences,
imported through resolution_import like any other. Each page variant is requested through
Django's test client (URL routing, middleware, view, template) once cold and then `runs` times;
the figures are wall-clock server time and the number of SQL queries of each request, with the
page cache off (TAWAZI_CACHE=none: every request builds the page).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Time the page as built, not an answer from the page cache (which made every warm request a
# one-query hit and the query-count check below fail since the cache came in).
os.environ["TAWAZI_CACHE"] = "none"

import django  # noqa: E402

django.setup()

from devdata import SHARED, demo_pairs, sdg_pairs, udhr_units, unpc_documents  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

TARGET_MS = 300.0


def corpus_sides(total: int) -> tuple[list[str], list[str]]:
    """Arabic and English paragraphs (total of each) from the demo, UDHR, SDG and UNPC text."""
    ar: list[str] = []
    en: list[str] = []
    for a, e in demo_pairs():
        ar.append(a)
        en.append(e)
    udhr_ar_pre, udhr_ar_art = udhr_units("ar")
    udhr_en_pre, udhr_en_art = udhr_units("en")
    ar += udhr_ar_pre + udhr_ar_art  # 9 preambular paragraphs against 10 in English
    en += udhr_en_pre + udhr_en_art
    for a, e in sdg_pairs()[:169]:
        ar.append(a)
        en.append(e)
    for doc in unpc_documents():
        for a, e in doc.pairs:
            if len(ar) < total:
                ar.append(a)
            if len(en) < total:
                en.append(e)
        if len(ar) >= total and len(en) >= total:
            break
    return ar[:total], en[:total]


@dataclass
class Timing:
    cold: float  # ms, first request
    wall: list[float]  # ms, the following requests
    cpu: list[float]  # ms of this process's CPU time for the same requests
    queries: int


def measure(client: Client, url: str, runs: int, **headers: str) -> Timing:
    """Time GET url once cold and `runs` times warm, wall clock and CPU, and count its queries."""
    wall, cpu = [], []
    queries = set()
    for _ in range(runs + 1):
        with CaptureQueriesContext(connection) as captured:
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url, **headers)  # type: ignore[arg-type]
            wall.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries.add(len(captured))
    assert len(queries) == 1, f"{url}: query count varies between runs: {sorted(queries)}"
    return Timing(wall[0], wall[1:], cpu[1:], queries.pop())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=500)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    if not (SHARED / "corpus").exists():
        sys.exit(f"{SHARED} not found: the shared corpus must be beside the checkout")

    from apps.corpus.models import Paragraph, Sentence
    from apps.corpus.services import ResolutionMeta, resolution_import

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        ar, en = corpus_sides(args.paragraphs)
        start = time.perf_counter()
        resolution = resolution_import(
            ar_paragraphs=ar,
            en_paragraphs=en,
            meta=ResolutionMeta(slug="bench-500", symbol="BENCH/500", title_en="Benchmark"),
        )
        imported = time.perf_counter() - start
        small_ar, small_en = corpus_sides(42)
        resolution_import(
            ar_paragraphs=small_ar,
            en_paragraphs=small_en,
            meta=ResolutionMeta(slug="bench-42"),
        )
        units = {
            "paragraphs": Paragraph.objects.filter(resolution=resolution).count(),
            "sentences": Sentence.objects.filter(paragraph__resolution=resolution).count(),
            "links": resolution.links.count(),
        }
        print(
            f"database: {connection.vendor}; resolution: {units['paragraphs']} paragraphs "
            f"({args.paragraphs} a side), {units['sentences']} sentences, {units['links']} links; "
            f"import {imported:.1f} s"
        )
        client = Client()
        variants = [
            ("page (42 paragraphs)", "/r/bench-42/", {}),
            ("page", "/r/bench-500/", {}),
            ("page ?hl=&conf=1&layout=stacked", "/r/bench-500/?hl=s1&conf=1&layout=stacked", {}),
            ("page ?diac=0", "/r/bench-500/?diac=0", {}),
            ("page ?translit=1", "/r/bench-500/?translit=1", {}),
            ("rows fragment (HX-Request)", "/r/bench-500/", {"HTTP_HX_REQUEST": "true"}),
            ("rows ?action=affirm", "/r/bench-500/?action=affirm", {}),
        ]
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"load average {load:.1f} on {os.cpu_count()} CPUs (wall time includes waiting)")
        print(
            f"{'request':34} {'queries':>7} {'cold':>6} {'median':>7} {'max':>6} "
            f"{'cpu med':>8}   (ms)"
        )
        worst = worst_cpu = 0.0
        for name, url, headers in variants:
            t = measure(client, url, args.runs, **headers)
            median, median_cpu = statistics.median(t.wall), statistics.median(t.cpu)
            if "42" not in name:
                worst, worst_cpu = max(worst, median), max(worst_cpu, median_cpu)
            print(
                f"{name:34} {t.queries:7d} {t.cold:6.0f} {median:7.0f} {max(t.wall):6.0f} "
                f"{median_cpu:8.0f}"
            )
        size = len(client.get("/r/bench-500/").content)
        print(f"page size: {size / 1024:.0f} KiB")
        verdict = "OK" if worst < TARGET_MS else "OVER"
        print(
            f"slowest median at 500 paragraphs: {worst:.0f} ms wall, {worst_cpu:.0f} ms CPU "
            f"(target < {TARGET_MS:.0f} ms): {verdict}"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

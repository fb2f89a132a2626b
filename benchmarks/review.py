"""Review queue, alignment map and TMX export on a large resolution: time and queries.

Imports 1,000 UN devset lines per side as one resolution (SQLite in a temporary file), then times
the review selectors and pages, and re-running the QA checks over every stored link (what the
migration and `manage.py refresh_findings` do for an existing database).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from apps.alignment import services  # noqa: E402
from apps.alignment.models import Level, Link  # noqa: E402
from apps.corpus.services import ResolutionMeta, resolution_import  # noqa: E402
from apps.review.exchange import resolution_tmx  # noqa: E402
from apps.review.selectors import review_items, review_queue  # noqa: E402

LINES = 1000
SHARED = ROOT.parent / "shared" / "devdata" / "unpc_v1.0_devset"


def main() -> None:
    call_command("migrate", verbosity=0)
    ar = SHARED.joinpath("UNv1.0.devset.ar").read_text(encoding="utf-8").splitlines()[:LINES]
    en = SHARED.joinpath("UNv1.0.devset.en").read_text(encoding="utf-8").splitlines()[:LINES]
    started, cpu = time.perf_counter(), time.process_time()
    resolution = resolution_import(
        ar_paragraphs=ar, en_paragraphs=en, meta=ResolutionMeta(slug="unpc")
    )
    took, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"import of {LINES} + {LINES} paragraphs: {took:.1f} s (CPU {cpu:.1f} s)")
    review_items([resolution], "paragraph")  # warm up (imports, template loading)
    for level in ("paragraph", "sentence", "clause"):
        started, cpu = time.perf_counter(), time.process_time()
        items = review_items([resolution], level)
        queue = review_queue(items)
        took, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(
            f"{level}: {len(items)} links, {len(queue)} in the queue, "
            f"selector {took:.2f} s (CPU {cpu:.2f} s)"
        )
    client = Client()
    client.get("/review/unpc/")
    for url in ("/review/unpc/", "/review/unpc/?level=clause", "/review/", "/review/unpc/map.svg"):
        with CaptureQueriesContext(connection) as queries:
            started, cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            took, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(
            f"GET {url}: {response.status_code}, {took:.2f} s (CPU {cpu:.2f} s), "
            f"{len(queries)} queries"
        )
    started = time.perf_counter()
    export = resolution_tmx(resolution=resolution, level="sentence")
    # Older versions returned (document, unconfirmed).
    document, unconfirmed = (
        (export.document, export.unconfirmed) if hasattr(export, "document") else export
    )
    print(
        f"TMX export (sentence): {len(document) / 1e6:.1f} MB, {unconfirmed} unconfirmed, "
        f"{time.perf_counter() - started:.2f} s"
    )
    if not hasattr(services, "link_findings_update"):
        return  # a version that runs the checks at each request
    Link.objects.update(findings=[], length_ratio=None)
    started, cpu = time.perf_counter(), time.process_time()
    changed = sum(
        services.link_findings_update(resolution=resolution, level=level) for level in Level
    )
    took, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(
        f"QA checks re-run over {Link.objects.count()} stored links ({changed} written): "
        f"{took:.1f} s (CPU {cpu:.1f} s)"
    )


if __name__ == "__main__":
    main()

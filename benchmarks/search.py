"""Search benchmark: build corpora of N aligned sentence pairs from ../shared, index them with the
app's own rebuild, and time queries on SQLite FTS5 and PostgreSQL.

    uv run python benchmarks/search.py --sizes 10000,100000 --db sqlite,postgres
    uv run python benchmarks/search.py --sizes 1000000 --db sqlite --repeat 20 --reuse

With --reuse a kept database is timed again without rebuilding it (1M pairs take minutes).
With --build-only the database is built (or its index rebuilt) and kept, and nothing is timed:
build on a busy machine, then time it with --reuse when the machine is quiet.

Each (database, size) runs in a fresh database in a child process. Corpus: the sentence pairs of
the UN development set, NTREX, FLORES and the demo resolution (~7,000 real pairs), recombined
into N pairs (70% one source pair, 30% two concatenated; half the numbers redrawn) and grouped
into resolutions of 1,000 pairs with bodies and years, each pair a paragraph, sentence and
clause per language with sentence and clause links. Per query class it reports p50/p95 of:
raw (the engine's SQL only: facets/count + ranked window), app (selectors.search: raw + hydrate,
counterparts, highlighting, translation spotting), page (GET /search/ through Django, HTML) and
api (GET /api/search, JSON). PostgreSQL defaults to postgres://postgres@127.0.0.1:5432.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import re
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from machine import cpu_model, memory_gb

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("TAWAZI_SHARED_DIR", REPO.parent / "shared"))
PAIRS_PER_RESOLUTION = 1000
BODIES = ["UN General Assembly", "UN Security Council", "OIC Council of Foreign Ministers"]

QUERIES: dict[str, list[str]] = {
    # Filled with corpus words of a few occurrences per 10,000 pairs at run time.
    "rare": [],
    "frequent": ["development", "التنمية", "security", "الأمن", "rights", "الدولي"],
    "most": ["the", "of", "في", "من", "and"],
    "phrase": [
        '"united nations"',
        '"human rights"',
        '"الأمم المتحدة"',
        '"حقوق الإنسان"',
        '"security council"',
        '"of the"',
    ],
    "prefix": ["develop*", "اقتص*", "secur*"],
    "filtered": ["development", "الأمم", "the", '"human rights"'],
    # Numbers, written alike in both languages: most matches' aligned sentence matches too, and
    # with no language chosen each such pair is listed once (selectors._one_per_pair).
    "both": ["2015", "2030", "2012", "50"],
}


def load_pool() -> list[tuple[str, str]]:
    """Real Arabic-English sentence pairs from the shared data."""
    pool: list[tuple[str, str]] = []

    def parallel(ar: Path, en: Path) -> None:
        for a, e in zip(
            ar.read_text(encoding="utf-8").splitlines(),
            en.read_text(encoding="utf-8").splitlines(),
            strict=False,
        ):
            if a.strip() and e.strip():
                pool.append((a.strip(), e.strip()))

    dev = SHARED / "devdata"
    parallel(dev / "unpc_v1.0_devset/UNv1.0.devset.ar", dev / "unpc_v1.0_devset/UNv1.0.devset.en")
    parallel(dev / "ntrex128/newstest2019-ref.arb.txt", dev / "ntrex128/newstest2019-src.eng.txt")
    parallel(dev / "flores200_devtest/arb_Arab.devtest", dev / "flores200_devtest/eng_Latn.devtest")
    lines = [
        line
        for line in (SHARED / "corpus/oic-cfm-ex21-2025-08-25.ar-en.txt")
        .read_text(encoding="utf-8")
        .splitlines()
        if line.strip()
    ]
    half = len(lines) // 2
    pool.extend(zip(lines[:half], lines[half:], strict=True))
    return pool


_NUMBER_RE = re.compile(r"\d+")


def synthesize(pool: list[tuple[str, str]], n: int, seed: int = 7) -> list[tuple[str, str]]:
    """n pairs recombined from the pool, with half the numbers redrawn (the same in both sides)."""
    rng = random.Random(seed)
    pairs = []
    for _ in range(n):
        a, e = rng.choice(pool)
        if rng.random() < 0.3:
            a2, e2 = rng.choice(pool)
            a, e = f"{a} {a2}", f"{e} {e2}"
        if rng.random() < 0.5:
            new = str(rng.randint(2, 99_999))
            a = _NUMBER_RE.sub(new, a, count=1)
            e = _NUMBER_RE.sub(new, e, count=1)
        pairs.append((a, e))
    return pairs


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    k = (len(values) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


# --- child: one database, one size ----------------------------------------------------------


def index_fingerprint() -> str:
    """A hash of the code that decides what the index holds: a reused corpus is re-indexed when
    it changed (the analyzer, the index writer or the engine migrations)."""
    import hashlib

    digest = hashlib.sha1()
    files = [
        REPO / "apps/bitext/analyze.py",
        REPO / "apps/bitext/normalize.py",
        REPO / "apps/search/services.py",
        *sorted((REPO / "apps/search/migrations").glob("0*.py")),
    ]
    for path in files:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def django_as_served(db_url: str) -> None:
    """Start Django on db_url as the production server runs it, migrated, its static files
    collected: no debug cursor recording every query, no development static-file finders, no
    page cache (it would answer every repeat of a query from memory: time the search itself, as
    for a query nobody asked since the last write); the test client speaks plain HTTP, so no
    HTTPS redirect."""
    os.environ["DATABASE_URL"] = db_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "0"
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    os.environ["TAWAZI_CACHE"] = "none"
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)


def rare_words(pairs: list[tuple[str, str]]) -> list[str]:
    """Six corpus words whose stems are seen 1-3 times in a sample of 10,000 pairs."""
    from apps.bitext.analyze import analyze

    rng = random.Random(11)
    counts: dict[str, int] = {}
    surface: dict[str, str] = {}
    for a, e in rng.sample(pairs, min(len(pairs), 10_000)):
        for text in (a, e):
            for token in analyze(text):
                counts[token.stem] = counts.get(token.stem, 0) + 1
                surface.setdefault(token.stem, text[token.start : token.end])
    rare = [surface[s] for s, c in counts.items() if 1 <= c <= 3 and len(s) > 4 and not s.isdigit()]
    return rng.sample(sorted(rare), min(6, len(rare)))


def freeze_as_served(pairs: list[tuple[str, str]]) -> None:
    """Drop the synthesised pairs and freeze the rest as a long-running server does
    (config/wsgi.py): what the first search loads is loaded first, then every start-up object is
    moved out of the collector's reach, so a collection does not walk them mid-request."""
    from apps.search.selectors import warm_up

    del pairs[:]
    warm_up()
    gc.collect()
    gc.freeze()


def child(db_url: str, size: int, repeat: int, out: Path, build_file: Path | None) -> None:
    # Taken before anything is imported: the fingerprint of the code this process runs.
    fingerprint = index_fingerprint()
    django_as_served(db_url)
    from apps.corpus.models import Resolution

    pool = load_pool()
    pairs = synthesize(pool, size)
    build: dict[str, object] = {}
    if build_file is not None and build_file.exists():
        build = json.loads(build_file.read_text())
    if build.get("size") == size and Resolution.objects.exists():
        print(f"   reusing the corpus built {build['built']}", file=sys.stderr, flush=True)
        resolutions = list(Resolution.objects.order_by("id"))
        if build.get("fingerprint") != fingerprint:
            print("   index code changed: rebuilding the index", file=sys.stderr, flush=True)
            build |= build_index() | {"fingerprint": fingerprint}
    else:
        build = build_corpus(pairs) | build_index() | {"fingerprint": fingerprint}
        build |= {"size": size, "built": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
        resolutions = list(Resolution.objects.order_by("id"))
    if build_file is not None:
        build_file.write_text(json.dumps(build))
    if repeat == 0:  # --build-only
        print(f"   built: {json.dumps(build)}", file=sys.stderr, flush=True)
        return
    measure(pairs, resolutions, repeat, build, out)


def build_corpus(pairs: list[tuple[str, str]]) -> dict[str, object]:
    """Write the pairs as resolutions, paragraphs, sentences, clauses and links."""
    import datetime as dt

    from django.db import connection, transaction

    from apps.alignment.models import Level, Link
    from apps.corpus.models import Clause, Lang, Paragraph, Resolution, Sentence

    size = len(pairs)
    started = time.perf_counter()

    resolutions = Resolution.objects.bulk_create(
        [
            Resolution(
                slug=f"bench-{i}",
                symbol=f"BENCH/{i}",
                title_en=f"Benchmark resolution {i}",
                title_ar=f"قرار تجريبي {i}",
                body=BODIES[i % len(BODIES)],
                date=dt.date(2000 + i % 25, 1 + i % 12, 1),
            )
            for i in range((size + PAIRS_PER_RESOLUTION - 1) // PAIRS_PER_RESOLUTION)
        ]
    )
    # Units and links are written with plain executemany and explicit ids (the ORM's bulk_create
    # is ten times slower at a million pairs); columns added by other apps get their defaults.
    now = dt.datetime.now(dt.UTC)
    ids = {"paragraph": 0, "sentence": 0, "clause": 0, "link": 0, "sm": 0, "cm": 0}
    tables: dict[str, list[tuple[object, ...]]] = {}

    def writer(model: type, values: dict[str, object]) -> tuple[str, list[str], list[object]]:
        fields = model._meta.concrete_fields
        columns, fixed = [], []
        for f in fields:
            columns.append(f.column)
            if f.attname in values:
                fixed.append(values[f.attname])
            elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                fixed.append(now)
            else:  # as the database stores it (a JSONField's [] as text)
                fixed.append(f.get_db_prep_save(f.get_default(), connection))
        return model._meta.db_table, columns, fixed

    def flush() -> None:
        with connection.cursor() as cursor:
            for key, rows in tables.items():
                if not rows:
                    continue
                table, columns = key.split("|", 1)
                cols = columns.split(",")
                quoted = ", ".join(connection.ops.quote_name(c) for c in cols)
                marks = ", ".join(["%s"] * len(cols))
                cursor.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({marks})", rows)
                rows.clear()

    # Field defaults are resolved once per model; each row then only fills its own values.
    templates = {}

    def add_fast(model: type, values: dict[str, object]) -> None:
        if model not in templates:
            table, columns, row = writer(model, values)
            positions = {f.attname: i for i, f in enumerate(model._meta.concrete_fields)}
            templates[model] = (f"{table}|{','.join(columns)}", row, positions)
        key, row, positions = templates[model]
        row = list(row)
        for name, value in values.items():
            row[positions[name]] = value
        tables.setdefault(key, []).append(tuple(row))

    through_s, through_c = Link.sentences.through, Link.clauses.through
    atomic = transaction.atomic()
    atomic.__enter__()
    for r_index, resolution in enumerate(resolutions):
        chunk = pairs[r_index * PAIRS_PER_RESOLUTION : (r_index + 1) * PAIRS_PER_RESOLUTION]
        for i, (a, e) in enumerate(chunk):
            ids["link"] += 2
            s_link, c_link = ids["link"] - 1, ids["link"]
            for name, values in (
                ("sentence", {"position": i}),
                ("clause", {"position": i}),
            ):
                add_fast(
                    Link,
                    {
                        "id": s_link if name == "sentence" else c_link,
                        "resolution_id": resolution.pk,
                        "level": Level.SENTENCE if name == "sentence" else Level.CLAUSE,
                        "score": 0.9,
                        **values,
                    },
                )
            for lang, text in ((Lang.ARABIC, a), (Lang.ENGLISH, e)):
                ids["paragraph"] += 1
                ids["sentence"] += 1
                ids["clause"] += 1
                ids["sm"] += 1
                ids["cm"] += 1
                add_fast(
                    Paragraph,
                    {
                        "id": ids["paragraph"],
                        "resolution_id": resolution.pk,
                        "lang": lang,
                        "index": i,
                        "text": text,
                    },
                )
                unit = {"lang": lang, "index": 0, "start": 0, "end": len(text), "text": text}
                add_fast(
                    Sentence, {"id": ids["sentence"], "paragraph_id": ids["paragraph"], **unit}
                )
                add_fast(Clause, {"id": ids["clause"], "sentence_id": ids["sentence"], **unit})
                add_fast(
                    through_s, {"id": ids["sm"], "link_id": s_link, "sentence_id": ids["sentence"]}
                )
                add_fast(
                    through_c, {"id": ids["cm"], "link_id": c_link, "clause_id": ids["clause"]}
                )
        if r_index % 20 == 19:
            flush()
    flush()
    atomic.__exit__(None, None, None)
    corpus_seconds = time.perf_counter() - started
    if connection.vendor == "postgresql":
        # What autovacuum would have done by the time anyone searches a freshly loaded corpus.
        connection.cursor().execute("ANALYZE")
    return {"corpus_seconds": round(corpus_seconds, 1)}


def build_index() -> dict[str, object]:
    """Index the stored corpus with the app's own rebuild; its time and size."""
    from django.db import connection

    from apps.search.services import search_rebuild

    if connection.vendor == "sqlite":
        connection.cursor().execute("VACUUM")
        before = Path(connection.settings_dict["NAME"]).stat().st_size
    started = time.perf_counter()
    entries = search_rebuild()
    index_seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("VACUUM")
            cursor.execute(
                "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'search_fts%' OR name = 'search_entry'"
                " OR name LIKE 'sqlite_autoindex_search_entry%'"
            )
            row = cursor.fetchone()
            index_bytes = (
                int(row[0])
                if row and row[0]
                else (Path(connection.settings_dict["NAME"]).stat().st_size - before)
            )
            cursor.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'search_fts%'")
            engine_bytes = int(cursor.fetchone()[0] or 0)
        else:
            # What autovacuum does on a server in the end (hint bits, visibility map, statistics),
            # done now so that the times are those of a settled database: unvacuumed, the rare
            # class's page took 13.8 ms at 1M pairs, vacuumed 10.9 (6 Dec 2026).
            cursor.execute("VACUUM (ANALYZE)")
            cursor.execute("SELECT pg_total_relation_size('search_entry')")
            index_bytes = int(cursor.fetchone()[0])
            cursor.execute("SELECT pg_relation_size('search_entry_document_gin')")
            engine_bytes = int(cursor.fetchone()[0])
    return {
        "entries": entries,
        "index_seconds": round(index_seconds, 1),
        "index_mb": round(index_bytes / 1e6, 1),
        "engine_index_mb": round(engine_bytes / 1e6, 1),
    }


def query_case(klass: str, q: str, slug: str) -> tuple[dict[str, str], Any, Any]:
    """A benchmark query's URL parameters, parsed query and engine filters: a filtered query adds
    its language and the year 2005, or for "the" the resolution `slug`."""
    from apps.bitext.analyze import parse_query
    from apps.corpus.models import Resolution
    from apps.search.engines import Filters

    params = {"q": q}
    if klass == "filtered":
        params |= {"lang": "en" if q.isascii() else "ar"}
        params |= {"year": "2005"} if q != "the" else {"resolution": slug}
    rid = Resolution.objects.get(slug=slug).pk if "resolution" in params else None
    filters = Filters(
        lang=params.get("lang", ""),
        resolution_id=rid,
        year=int(params["year"]) if "year" in params else None,
    )
    return params, parse_query(q), filters


def page_sql(query: object, filters: object, slug: str) -> None:
    """Every SQL statement a search page runs, run alone through the driver: the resolution filter's
    lookup, the engine's window, the reads of the shown and sampled sentences with their
    counterparts and clauses, the resolutions shown, and the corpus generation (what a page would
    cost if the application added nothing)."""
    from apps.corpus.models import Resolution
    from apps.corpus.revisions import corpus_generation
    from apps.search import engines, selectors

    corpus_generation()
    if slug:
        Resolution.objects.filter(slug=slug).values_list("id", flat=True).first()
    found = engines.window(query, filters)  # type: ignore[arg-type]
    if not filters.lang and hasattr(selectors, "_one_per_pair"):  # type: ignore[attr-defined]
        # The pairs found on both sides, merged from the window's rows (no SQL since 7 Dec).
        found = selectors._one_per_pair(found)[0]
    page = found.ids[: selectors.PER_PAGE]
    ids = list(dict.fromkeys([*page, *found.ids[: selectors.SPOT_SAMPLE]]))
    if not ids:
        return
    rows = selectors._rows(selectors._SENTENCES_SQL, ids)
    selectors._rows(selectors._CLAUSES_SQL, ids)
    of = {row[0]: row[5] for row in rows}
    _by_lang, by_resolution = selectors.facet_counts(
        found.facets,
        filters.lang,  # type: ignore[attr-defined]
        filters.resolution_id,  # type: ignore[attr-defined]
    )
    shown = {r for r, _n in by_resolution.most_common(selectors.FACET_LIMIT)}
    selectors._resolutions(sorted(shown | {of[i] for i in page if i in of}))


def floor(client: Any, repeat: int) -> dict[str, object]:
    """The page and the API with an empty query: everything a request costs around a search
    (middleware, the corpus generation read, the page's shell and form) and no search at all,
    timed as the classes are (6 queries' worth of runs)."""
    page, api = [], []
    for i in range(6 * repeat + 1):
        t = time.perf_counter()
        response = client.get("/search/")
        t_page = time.perf_counter() - t
        assert response.status_code == 200
        t = time.perf_counter()
        response = client.get("/api/search", {"q": ""})
        t_api = time.perf_counter() - t
        assert response.status_code == 200
        if i:
            page.append(t_page * 1000)
            api.append(t_api * 1000)
    zero = {f"{name}_{p}": 0.0 for name in ("raw", "sql", "app") for p in ("p50", "p95")}
    return {
        "queries": [""],
        "hits": [0],
        **zero,
        **{
            f"{name}_{p}": round(percentile(values, q), 1)
            for name, values in (("page", page), ("api", api))
            for p, q in (("p50", 0.5), ("p95", 0.95))
        },
    }


def measure(
    pairs: list[tuple[str, str]],
    resolutions: list,  # type: ignore[type-arg]
    repeat: int,
    build: dict[str, object],
    out: Path,
) -> None:
    """Time every query class: raw SQL, selector, page and API."""
    from django.db import connection
    from django.test import Client

    from apps.corpus.models import Sentence
    from apps.search import engines
    from apps.search.selectors import search

    QUERIES["rare"] = rare_words(pairs)
    freeze_as_served(pairs)
    client = Client()
    slug = resolutions[len(resolutions) // 2].slug
    results = {"floor": floor(client, repeat)}
    for klass, queries in QUERIES.items():
        raw, sql, app, page, api, hits = [], [], [], [], [], []
        for q in queries:
            params, query, filters = query_case(klass, q, slug)
            for i in range(repeat + 1):
                t = time.perf_counter()
                engines.window(query, filters)
                t_raw = time.perf_counter() - t
                t = time.perf_counter()
                page_sql(query, filters, params.get("resolution", ""))
                t_sql = time.perf_counter() - t
                t = time.perf_counter()
                result = search(
                    q,
                    lang=filters.lang,
                    resolution=params.get("resolution", ""),
                    year=filters.year,
                )
                t_app = time.perf_counter() - t
                t = time.perf_counter()
                response = client.get("/search/", params)
                t_page = time.perf_counter() - t
                assert response.status_code == 200
                t = time.perf_counter()
                response = client.get("/api/search", params)
                t_api = time.perf_counter() - t
                assert response.status_code == 200
                if i == 0:  # warm-up
                    hits.append(result.count)
                    continue
                raw.append(t_raw * 1000)
                sql.append(t_sql * 1000)
                app.append(t_app * 1000)
                page.append(t_page * 1000)
                api.append(t_api * 1000)
        results[klass] = {
            "queries": queries,
            "hits": hits,
            **{
                f"{name}_{p}": round(percentile(values, q), 1)
                for name, values in (
                    ("raw", raw),
                    ("sql", sql),
                    ("app", app),
                    ("page", page),
                    ("api", api),
                )
                for p, q in (("p50", 0.5), ("p95", 0.95))
            },
        }
    out.write_text(
        json.dumps(
            {
                "db": connection.vendor,
                "size": build["size"],
                "sentences": Sentence.objects.count(),
                **{k: build[k] for k in ("entries", "corpus_seconds", "index_seconds")},
                **{k: build[k] for k in ("index_mb", "engine_index_mb", "built")},
                "repeat": repeat,
                "load": round(os.getloadavg()[0], 1),
                "classes": results,
            },
            ensure_ascii=False,
        )
    )


# --- parent ---------------------------------------------------------------------------------


def database_url(db: str, size: int, workdir: Path, *, reuse: bool) -> str:
    """The benchmark database of (db, size), created empty unless reuse finds it."""
    if db == "sqlite":
        path = workdir / f"search-bench-{size}.sqlite3"
        if not reuse:
            path.unlink(missing_ok=True)
        return f"sqlite:///{path}"
    base = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
    # BENCH_POSTGRES_DB names the database instead (one shared server, one database per user).
    name = os.environ.get("BENCH_POSTGRES_DB", f"search_bench_{size}")
    import psycopg

    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and not reuse:
            conn.execute(f"DROP DATABASE {name}")
        if not (exists and reuse):
            conn.execute(f"CREATE DATABASE {name}")
    return f"{base}/{name}"


def drop_database(db: str, url: str) -> None:
    if db == "sqlite":
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        return
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")


def machine() -> str:
    cpu = cpu_model()
    gb = memory_gb()
    memory = f"{gb:.0f} GB RAM" if gb is not None else ""
    import sqlite3

    return (
        f"{cpu}, {os.cpu_count()} CPUs, {memory}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"
    )


def report(rows: list[dict[str, object]]) -> str:
    lines = [f"Machine: {machine()}", ""]
    lines.append(
        "| db | pairs | sentences | corpus load s | index build s | index MB (engine) | load avg |"
    )
    lines.append("|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        lines.append(
            f"| {r['db']} | {r['size']:,} | {r['sentences']:,} | {r['corpus_seconds']} | "
            f"{r['index_seconds']} | {r['index_mb']} ({r['engine_index_mb']}) | {r.get('load', '')} |"
        )
    lines += [
        "",
        "Latency in ms, p50 / p95 (raw = the engine's SQL only; sql = every statement the page"
        " runs, alone; app = selectors.search; page = GET /search/; api = GET /api/search;"
        " ratio = page p50 / raw p50, and page p50 / sql p50; own = page p50 - sql p50, the"
        " application's own time; floor = the page and the API with an empty query, no search):",
        "",
        "| db | pairs | class | hits (per query) | raw | sql | app | page | api"
        " | ratio raw · sql | own |",
        "|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        for klass, c in r["classes"].items():  # type: ignore[attr-defined]
            ratios = "—"
            if c["raw_p50"] and c.get("sql_p50"):
                ratios = (
                    f"{c['page_p50'] / c['raw_p50']:.1f}× · {c['page_p50'] / c['sql_p50']:.1f}×"
                )
            own = round(c["page_p50"] - c["sql_p50"], 1) if c.get("sql_p50") is not None else ""
            hits = ", ".join(f"{h:,}" for h in c["hits"])
            lines.append(
                f"| {r['db']} | {r['size']:,} | {klass} | {hits} | "
                f"{c['raw_p50']} / {c['raw_p95']} | {c.get('sql_p50')} / {c.get('sql_p95')} | "
                f"{c['app_p50']} / {c['app_p95']} | "
                f"{c['page_p50']} / {c['page_p95']} | {c['api_p50']} / {c['api_p95']} | "
                f"{ratios} | {own} |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="pairs, comma-separated")
    parser.add_argument("--db", default="sqlite,postgres", help="sqlite, postgres or both")
    parser.add_argument("--repeat", type=int, default=10, help="timed runs per query")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark databases")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the databases and time a kept one again without rebuilding it (the index is"
        " rebuilt if the analyzer or index code changed since); implies --keep",
    )
    parser.add_argument(
        "--build-only",
        action="store_true",
        help="build the databases (or rebuild a kept one's index if its code changed), keep them"
        " and time nothing",
    )
    parser.add_argument(
        "--child", nargs=4, metavar=("URL", "SIZE", "OUT", "BUILD"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        url, size, out, build = args.child
        child(url, int(size), args.repeat, Path(out), Path(build) if build else None)
        return
    if args.repeat < 1:
        parser.error("--repeat must be at least 1 (--build-only times nothing)")
    if not (SHARED / "devdata").exists():
        sys.exit(f"{SHARED} not found: the benchmark needs the shared corpus beside the checkout.")
    workdir = Path(tempfile.gettempdir())
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        for db in args.db.split(","):
            out = workdir / f"search-bench-{db}-{size}.json"
            # What was built (sizes, times, the index code's fingerprint), for --reuse; without
            # it (never built, or a build interrupted) the database is made afresh.
            build = workdir / f"search-bench-{db}-{size}.build.json"
            reuse = (args.reuse or args.build_only) and build.exists()
            if not reuse:
                build.unlink(missing_ok=True)
            url = database_url(db, size, workdir, reuse=reuse)
            print(f"== {db} {size:,} pairs", file=sys.stderr, flush=True)
            subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--repeat",
                    str(0 if args.build_only else args.repeat),
                    "--child",
                    url,
                    str(size),
                    str(out),
                    str(build),
                ],
                check=True,
                cwd=REPO,
            )
            if args.build_only:
                continue
            rows.append(json.loads(out.read_text()))
            if not (args.keep or args.reuse):
                drop_database(db, url)
                build.unlink(missing_ok=True)
            print(report(rows[-1:]), file=sys.stderr, flush=True)
    if rows:
        print(report(rows))


if __name__ == "__main__":
    main()

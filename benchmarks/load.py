"""Load test: the production server (gunicorn, several workers) on PostgreSQL under 50 clients.

    .venv/bin/python benchmarks/load.py [--seconds 60] [--clients 50] [--workers 4]
        [--database postgres://postgres@127.0.0.1:5432/tawazi_load] [--documents 200]

1. Creates the database if needed, migrates it and loads the demo resolution, the UDHR and
   --documents UN documents from ../shared (once; later runs reuse them).
2. Starts gunicorn with production settings (DJANGO_DEBUG=0, WhiteNoise manifest static files)
   on a free loopback port, and waits for /healthz.
3. Drives it with wrk (Debian's `apt-get install wrk`), --clients connections for --seconds
   seconds, over a mix of reader pages, search pages and API searches in Arabic and English; then
   each kind alone for --part-seconds. Prints throughput, p50/p95/p99 latency and errors.
4. Repeats the mix and the search page with queries that are all different (words drawn from
   the corpus, each asked once): rendered pages and searches are cached, and these runs show
   what the server does when nearly every search misses the cache.

Loopback only and bounded in time; not run by CI (`make bench` does not include it either).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from machine import cpu_model, memory_gb

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("TAWAZI_SHARED_DIR", REPO.parent / "shared"))
PYTHON = sys.executable

# Reported by wrk's done() hook: totals, errors and latency percentiles (microseconds).
WRK_SCRIPT = r"""
local paths = {}
for line in io.lines(os.getenv("TAWAZI_PATHS")) do paths[#paths + 1] = line end
-- Each thread takes every n-th path from its own offset, so no URL is asked twice per lap.
local threads = tonumber(os.getenv("TAWAZI_THREADS"))
local created = 0
setup = function(thread)
  thread:set("offset", created)
  created = created + 1
end
local counter = 0
request = function()
  local index = (offset + counter * threads) % #paths + 1
  counter = counter + 1
  return wrk.format("GET", paths[index])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "bytes": %d, "connect": %d, "read": %d, ' ..
    '"write": %d, "status": %d, "timeout": %d, "p50": %d, "p95": %d, "p99": %d, "max": %d, ' ..
    '"mean": %.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max, latency.mean))
end
"""

SEARCH_WORDS = [
    "ceasefire", "humanitarian", "Palestinian", "condemns", "refugees", "\"two-state solution\"",
    "development", "sustainable", "rights", "Security Council",
    "يدين", "القدس", "اللاجئين", "وقف إطلاق النار", "التنمية", "حقوق الإنسان", "غزة", "الأمم المتحدة",
]  # fmt: skip


def run(args: list[str], env: dict[str, str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, env=env, cwd=REPO, text=True, check=True, **kwargs)  # type: ignore[call-overload]


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database of url if it does not exist."""
    import psycopg

    parts = urllib.parse.urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def load_data(env: dict[str, str], documents: int) -> None:
    """Migrate, then import the demo, the UDHR and UN documents unless already there."""
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
    run([PYTHON, "manage.py", "load_demo"], env, stdout=subprocess.DEVNULL)
    code = f"""
import django, sys
django.setup()
from collections import OrderedDict
from pathlib import Path
from django.utils.text import slugify
from apps.corpus.models import Resolution
from apps.corpus.services import ResolutionMeta, resolution_import
shared = Path({str(SHARED)!r})
def load(slug, ar, en, **meta):
    if not Resolution.objects.filter(slug=slug).exists() and ar and en:
        resolution_import(ar_paragraphs=ar, en_paragraphs=en, meta=ResolutionMeta(slug=slug, **meta))
udhr = shared / "corpus" / "udhr"
if udhr.exists():
    from apps.bitext.textfile import split_header, split_paragraphs
    def body(name):  # without the credits header, as import_resolution reads the file
        lines = split_paragraphs(split_header((udhr / name).read_text(encoding="utf-8"))[1])
        return [" ".join(l.split()) for l in lines]
    load("udhr", body("udhr_arb.txt"), body("udhr_eng.txt"), symbol="A/RES/217 A (III)",
         title_en="Universal Declaration of Human Rights", title_ar="الإعلان العالمي لحقوق الإنسان")
unpc = shared / "devdata" / "unpc_v1.0_devset" / "UNv1.0.devset"
if Path(str(unpc) + ".ids").exists():
    docs = OrderedDict()
    ids = Path(str(unpc) + ".ids").read_text(encoding="utf-8").splitlines()
    ar = Path(str(unpc) + ".ar").read_text(encoding="utf-8").splitlines()
    en = Path(str(unpc) + ".en").read_text(encoding="utf-8").splitlines()
    for doc_id, a, e in zip(ids, ar, en):
        docs.setdefault(doc_id.split()[0], ([], []))
        docs[doc_id.split()[0]][0].append(a)
        docs[doc_id.split()[0]][1].append(e)
    for number, (symbol, (a, e)) in enumerate(list(docs.items())[:{documents}]):
        slug = slugify("un-" + symbol.replace("/", "-").replace("_", "-"))[:120].strip("-")
        load(slug, a, e, symbol=symbol.upper(), title_en="UN document " + symbol.upper(),
             body="United Nations")
print(Resolution.objects.count(), "resolutions")
"""
    run([PYTHON, "-c", code], env)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_healthy(base: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not become healthy")


def paths(env: dict[str, str]) -> dict[str, list[str]]:
    """The URLs to drive: every reader page, search pages and API searches."""
    code = (
        "import django; django.setup(); from apps.corpus.models import Resolution; "
        "print('\\n'.join(Resolution.objects.order_by('pk').values_list('slug', flat=True)))"
    )
    slugs = run([PYTHON, "-c", code], env, capture_output=True).stdout.split()
    rng = random.Random(7)
    reader = [f"/r/{slug}/" for slug in slugs]
    quoted = [urllib.parse.quote(w) for w in SEARCH_WORDS]
    search = [f"/search/?q={q}" for q in quoted] + [f"/search/?q={q}&page=2" for q in quoted[:4]]
    api = [f"/api/search?q={q}" for q in quoted]
    # Reading dominates real traffic; list reader pages with the big ones repeated.
    reader = reader[:3] * 10 + rng.sample(reader, min(len(reader), 60))
    return {"reader": reader, "search": search, "api": api}


def vocabulary(env: dict[str, str], limit: int = 40_000) -> list[str]:
    """Distinct words of the corpus's sentences (4 letters or more), Arabic and English, shuffled:
    queries that the server has never seen, so each one misses the cache."""
    code = (
        "import django, re; django.setup(); from apps.corpus.models import Sentence\n"
        "words = set()\n"
        "for text in Sentence.objects.values_list('text', flat=True).iterator():\n"
        "    words.update(w.lower() for w in re.findall(r'[^\\W\\d_]{4,}', text))\n"
        "print('\\n'.join(sorted(words)))"
    )
    words = run([PYTHON, "-c", code], env, capture_output=True).stdout.split()
    random.Random(11).shuffle(words)
    return words[:limit]


def distinct_paths(words: list[str], reader: list[str]) -> dict[str, list[str]]:
    """A 3 : 1 : 1 mix whose searches and API searches are all different, and a search-only list
    of other words (the runs use disjoint words: nothing is asked twice)."""
    quoted = [urllib.parse.quote(w) for w in words]
    half = len(quoted) // 2
    mix_words, search_words = quoted[:half], quoted[half:]
    mixed: list[str] = []
    for i in range(0, len(mix_words) - 1, 2):
        mixed += [reader[(len(mixed) // 5 * 3 + k) % len(reader)] for k in range(3)]
        mixed += [f"/search/?q={mix_words[i]}", f"/api/search?q={mix_words[i + 1]}"]
    return {"mixed": mixed, "search": [f"/search/?q={q}" for q in search_words]}


def cpu_seconds(group: int, database: str) -> float:
    """CPU time used so far by the gunicorn processes (session `group`) and by PostgreSQL's
    backends serving `database`: the work the requests cost, whatever else the machine runs."""
    import psycopg

    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == group:  # process group id
            pids.append(int(stat.parent.name))
    name = urllib.parse.urlparse(database).path.lstrip("/")
    admin = urllib.parse.urlparse(database)._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        rows = conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", (name,))
        pids += [int(pid) for (pid,) in rows.fetchall()]
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks  # utime + stime
    return total


def wrk(base: str, urls: list[str], seconds: int, clients: int, threads: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "mix.lua"
        script.write_text(WRK_SCRIPT, encoding="utf-8")
        listing = Path(tmp) / "paths.txt"
        listing.write_text("\n".join(urls) + "\n", encoding="utf-8")
        result = subprocess.run(
            ["wrk", f"-t{threads}", f"-c{clients}", f"-d{seconds}s", "--timeout", "10s",
             "-s", str(script), base],
            env={**os.environ, "TAWAZI_PATHS": str(listing), "TAWAZI_THREADS": str(threads)},
            capture_output=True, text=True, check=True, timeout=seconds + 60,
        )  # fmt: skip
    line = next(li for li in result.stdout.splitlines() if li.startswith("RESULT "))
    data = json.loads(line.removeprefix("RESULT "))
    data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
    data["errors"] = sum(data[k] for k in ("connect", "read", "write", "status", "timeout"))
    data["load"] = os.getloadavg()[0]
    return data


def measured(
    base: str, urls: list[str], seconds: int, clients: int, threads: int, group: int, db: str
) -> dict[str, float]:
    """A wrk run plus the server-side CPU it cost per request."""
    before = cpu_seconds(group, db)
    data = wrk(base, urls, seconds, clients, threads)
    data["cpu_ms"] = (cpu_seconds(group, db) - before) * 1000 / max(data["requests"], 1)
    return data


def machine() -> str:
    cpu = cpu_model()
    gb = memory_gb()
    memory = f", {gb:.0f} GB RAM" if gb is not None else ""
    pg = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()
    return f"{cpu}, {os.cpu_count()} CPUs{memory}; {platform.platform()}; Python {platform.python_version()}; {pg}"


def row(name: str, r: dict[str, float]) -> str:
    capacity = (os.cpu_count() or 1) * 1000 / r["cpu_ms"] if r["cpu_ms"] else 0
    return (
        f"| {name} | {r['requests']:,} | {r['rps']:,.1f} | {r['p50'] / 1000:,.0f} | "
        f"{r['p95'] / 1000:,.0f} | {r['p99'] / 1000:,.0f} | {r['errors']} | "
        f"{r['cpu_ms']:.0f} | {capacity:,.0f} | {r['load']:.1f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--part-seconds", type=int, default=20, help="per-kind runs (0: skip)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--documents", type=int, default=200, help="UN devset documents to load")
    parser.add_argument(
        "--no-distinct", dest="distinct", action="store_false",
        help="skip the runs with all-different queries (cache misses)",
    )  # fmt: skip
    parser.add_argument(
        "--database",
        default=os.environ.get("TAWAZI_LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tawazi_load"),
    )  # fmt: skip
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk")

    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DATABASE_URL=args.database,
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        # Loopback has no TLS: no HTTPS redirect, cookies still marked Secure.
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_LOG_LEVEL="WARNING",
        PYTHONPATH=str(REPO),
    )
    ensure_database(args.database)
    load_data(env, args.documents)
    run([PYTHON, "manage.py", "createcachetable"], env)  # only with TAWAZI_CACHE=database
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    urls = paths(env)
    distinct = distinct_paths(vocabulary(env), urls["reader"])

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(args.workers), "--access-logfile", "/dev/null",
         "--error-logfile", "-", "--log-level", "warning"],
        env=env, cwd=REPO, start_new_session=True,
    )  # fmt: skip
    try:
        wait_healthy(base)
        for url in {u for group in urls.values() for u in group}:  # warm caches, check answers
            with urllib.request.urlopen(base + url, timeout=30) as response:
                assert response.status == 200, url
        results = {
            "mixed (reader 3 : search 1 : API 1)": measured(
                base,
                urls["reader"][: len(urls["search"]) * 3] + urls["search"] + urls["api"],
                args.seconds,
                args.clients,
                args.threads,
                server.pid,
                args.database,
            )
        }
        if args.part_seconds:
            for kind, group in urls.items():
                results[kind] = measured(
                    base, group, args.part_seconds, args.clients, args.threads, server.pid,
                    args.database,
                )  # fmt: skip
        if args.distinct:
            # Not warmed: every search here is new to the server.
            results["mixed, distinct queries (3 : 1 : 1)"] = measured(
                base, distinct["mixed"], args.seconds, args.clients, args.threads, server.pid,
                args.database,
            )  # fmt: skip
            if args.part_seconds:
                results["search, distinct queries"] = measured(
                    base, distinct["search"], args.part_seconds, args.clients, args.threads,
                    server.pid, args.database,
                )  # fmt: skip
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    print(f"\nMachine: {machine()}")
    print(
        f"gunicorn {args.workers} workers (sync), PostgreSQL, DJANGO_DEBUG=0; wrk "
        f"{args.clients} connections, {args.threads} threads; mixed run {args.seconds} s, "
        f"single-kind runs {args.part_seconds} s; {len(urls['reader'])} reader, "
        f"{len(urls['search'])} search, {len(urls['api'])} API URLs; distinct-query runs draw on "
        f"{len(distinct['mixed']) // 5 * 2 + len(distinct['search']):,} corpus words; "
        f"page cache: {env.get('TAWAZI_CACHE', 'memory')}\n"
    )
    print(
        "| run | requests | req/s | p50 ms | p95 ms | p99 ms | errors | server CPU ms/req "
        "| req/s the CPUs allow | load avg |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, result in results.items():
        print(row(name, result))


if __name__ == "__main__":
    main()

"""Reading while the index is rebuilt, and two saves at once: what people notice of concurrent writes.

    uv run python benchmarks/concurrency.py [--size 50000] [--db sqlite,postgres]

1. Searches during `rebuild_search`: search.py's corpus of --size pairs in a fresh database (SQLite
   in a temporary folder; PostgreSQL database `tawazi_concurrency`, dropped afterwards). The
   rebuild runs in a child process while this one asks for the search page (the test client,
   "development", then 50 ms pause) until it ends; printed: searches answered and failed, their
   median and worst time, and the rebuild's time.
2. Two saves at once (SQLite): two processes each run 300 transactions that read a counter and
   write it plus one, as the app's connections are configured and begun deferred (Django's
   default); printed: transactions refused, and the counter at the end (600 when none was lost).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import search as bench  # benchmarks/search.py, beside this file
from machine import cpu_model

PG_SERVER = os.environ.get("TAWAZI_BENCH_PG", "postgres://postgres@127.0.0.1:5432")
PG_NAME = "tawazi_concurrency"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=50_000, help="pairs in the corpus")
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    with tempfile.TemporaryDirectory() as folder:
        for db in args.db.split(","):
            if db == "postgres" and not postgres_ready():
                print("postgres: no server at", PG_SERVER)
                continue
            url = (
                f"sqlite:///{Path(folder) / 'concurrency.sqlite3'}"
                if db == "sqlite"
                else f"{PG_SERVER}/{PG_NAME}"
            )
            try:
                run(url, db, args.size)
            finally:
                if db == "postgres":
                    admin(f"DROP DATABASE IF EXISTS {PG_NAME}")
        probe = Path(folder) / "saves.sqlite3"
        for mode in ("configured", "deferred"):
            probe.unlink(missing_ok=True)
            saves(probe, mode)
    print(f"{cpu_model()}, {os.cpu_count()} CPUs")


def postgres_ready() -> bool:
    try:
        admin("SELECT 1")
    except Exception:  # noqa: BLE001 - no server: the PostgreSQL part is skipped
        return False
    return True


def admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(sql)


def run(url: str, db: str, size: int) -> None:
    """Build the corpus, then search while a child process rebuilds its index."""
    if db == "postgres":
        admin(f"DROP DATABASE IF EXISTS {PG_NAME}")
        admin(f"CREATE DATABASE {PG_NAME}")
    subprocess.run([sys.executable, __file__, "--child", url, f"build:{size}"], check=True)
    rebuild = subprocess.Popen(
        [sys.executable, __file__, "--child", url, "rebuild"], stdout=subprocess.PIPE, text=True
    )
    result = subprocess.run(
        [sys.executable, __file__, "--child", url, f"search:{rebuild.pid}"],
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    rebuilt = json.loads(rebuild.communicate()[0])
    searched = json.loads(result.stdout)
    times = searched["times"]
    print(
        f"{db:8} {size:,} pairs: rebuild_search {rebuilt['seconds']:.1f} s; during it"
        f" {searched['answered']} searches answered, {searched['failed']} failed"
        f" ({searched['codes']}); time median {statistics.median(times):.2f} s,"
        f" worst {max(times):.2f} s"
    )


def child(url: str, task: str) -> None:
    bench.django_as_served(url)
    if task.startswith("build:"):
        bench.build_corpus(bench.synthesize(bench.load_pool(), int(task.split(":")[1])))
        bench.build_index()
    elif task == "rebuild":
        from apps.search.services import search_rebuild

        time.sleep(1)  # the searching process starts meanwhile
        started = time.perf_counter()
        search_rebuild()
        print(json.dumps({"seconds": time.perf_counter() - started}))
    else:
        from django.test import Client

        rebuilding = int(task.split(":")[1])
        client = Client(raise_request_exception=False)
        client.get("/search/", {"q": "development"})  # warm up before the rebuild starts
        codes: dict[int, int] = {}
        times = []
        while _alive(rebuilding):
            started = time.perf_counter()
            response = client.get("/search/", {"q": "development"})
            times.append(time.perf_counter() - started)
            codes[response.status_code] = codes.get(response.status_code, 0) + 1
            time.sleep(0.05)
        print(
            json.dumps(
                {
                    "answered": codes.get(200, 0),
                    "failed": sum(n for code, n in codes.items() if code != 200),
                    "codes": codes,
                    "times": times,
                }
            )
        )


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A finished child not yet reaped is a zombie: gone for this purpose.
    status = Path(f"/proc/{pid}/stat")
    return not (status.exists() and status.read_text().split(")")[-1].split()[0] == "Z")


def saves(path: Path, mode: str) -> None:
    """Two processes, 300 read-then-write transactions each, on one SQLite file."""
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", SAVER, str(path), mode, str(bench.REPO)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    refused = sum(int(w.communicate()[0]) for w in workers)
    import sqlite3

    with sqlite3.connect(path) as connection:
        (count,) = connection.execute("SELECT n FROM counter").fetchone()
    print(
        f"sqlite   two processes x 300 read-then-write transactions, {mode}:"
        f" {refused} refused; counter {count}"
    )


SAVER = """
import os, sys, time
path, mode, repo = sys.argv[1:]
sys.path.insert(0, repo)
os.environ.update(DATABASE_URL="sqlite:///" + path, DJANGO_SETTINGS_MODULE="config.settings")
import django
django.setup()
from django.db import OperationalError, connection, transaction
if mode == "deferred":
    connection.settings_dict["OPTIONS"].pop("transaction_mode", None)
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE IF NOT EXISTS counter (id INTEGER PRIMARY KEY, n INTEGER)")
    cursor.execute("INSERT OR IGNORE INTO counter VALUES (1, 0)")
refused = 0
for _ in range(300):
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT n FROM counter WHERE id = 1")
            (n,) = cursor.fetchone()
            time.sleep(0.001)  # the save's own work between its read and its write
            cursor.execute("UPDATE counter SET n = %s WHERE id = 1", [n + 1])
    except OperationalError:
        refused += 1
print(refused)
"""


if __name__ == "__main__":
    main()

"""python manage.py dump_corpus [FILE] [--database ALIAS]: the whole corpus as JSON Lines."""

from __future__ import annotations

import gzip
import io
import sys
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandParser

from apps.core.corpus_dump import corpus_dump


def open_output(path: str) -> IO[str]:
    if path == "-":
        return io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", write_through=False)
    if path.endswith(".gz"):
        return gzip.open(path, "wt", encoding="utf-8")
    return open(path, "w", encoding="utf-8")


class Command(BaseCommand):
    help = (
        "Write every resolution, unit, link, status and history row to FILE (JSON Lines, "
        "gzip-compressed when FILE ends in .gz; '-' for standard output). "
        "load_corpus reads it back into any database, SQLite or PostgreSQL."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", default="-", help="output file (default: stdout)")
        parser.add_argument("--database", default="default", help="database alias to read")

    def handle(self, *args: Any, **options: Any) -> None:
        stream = open_output(options["path"])
        try:
            counts = corpus_dump(stream=stream, using=options["database"])
        finally:
            stream.flush()
            if options["path"] != "-":
                stream.close()
        summary = ", ".join(f"{n:,} {label}" for label, n in counts.items() if n)
        self.stderr.write(f"dumped {sum(counts.values()):,} rows: {summary}")

"""python manage.py load_corpus FILE [--replace] [--database ALIAS]: load a dump_corpus file."""

from __future__ import annotations

import gzip
import sys
from collections.abc import Iterator
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.core.corpus_dump import DumpError, corpus_load


def read_lines(path: str) -> Iterator[str]:
    if path == "-":
        yield from sys.stdin
        return
    opener = gzip.open if path.endswith(".gz") else open
    try:
        with opener(path, "rt", encoding="utf-8") as stream:
            yield from stream
    except OSError as error:
        raise DumpError(f"{path}: cannot read the file ({error}).") from None
    except UnicodeDecodeError:
        raise DumpError(f"{path}: not a UTF-8 text dump.") from None


class Command(BaseCommand):
    help = (
        "Load a dump_corpus file into an empty database (or with --replace, replacing the "
        "corpus there), all or nothing. Run `migrate` on the target first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="a dump_corpus file (.jsonl or .jsonl.gz), or '-'")
        parser.add_argument("--database", default="default", help="database alias to load into")
        parser.add_argument(
            "--replace", action="store_true", help="empty the corpus tables before loading"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        def progress(done: int, total: int) -> None:
            if options["verbosity"] >= 2:
                self.stderr.write(f"\r{done:,}/{total:,} rows", ending="")

        try:
            counts = corpus_load(
                lines=read_lines(options["path"]),
                using=options["database"],
                replace=options["replace"],
                progress=progress,
            )
        except DumpError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"loaded {sum(counts.values()):,} rows")

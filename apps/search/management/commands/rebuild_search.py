"""manage.py rebuild_search: re-analyse every stored sentence into the search index."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from apps.search.services import search_rebuild


class Command(BaseCommand):
    help = "Rebuild the full-text search index from the stored sentences."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        total = search_rebuild()
        self.stdout.write(f"Indexed {total:,} sentences in {time.perf_counter() - started:.1f} s.")

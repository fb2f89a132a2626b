"""python manage.py load_demo: import the demo resolution from fixtures/ unless it is there."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from apps.bitext.textfile import decode_text, split_bilingual
from apps.corpus.models import Resolution
from apps.corpus.services import ResolutionMeta, import_reason, resolution_import

DEMO = settings.BASE_DIR / "fixtures" / "demo.json"


def demo_file() -> str:
    """The name of the demo's text file in fixtures/."""
    return str(json.loads(DEMO.read_text(encoding="utf-8"))["file"])


def demo_meta() -> tuple[ResolutionMeta, list[str], list[str]]:
    """The demo resolution's metadata and paragraphs, from fixtures/."""
    spec = json.loads(DEMO.read_text(encoding="utf-8"))
    path = DEMO.parent / spec.pop("file")
    ar, en = split_bilingual(decode_text(path.read_bytes(), str(path)), str(path))
    spec["date"] = dt.date.fromisoformat(spec["date"])
    return ResolutionMeta(**spec), ar, en


class Command(BaseCommand):
    help = "Import the demo resolution (fixtures/demo.json) if it is not loaded yet."

    def handle(self, *args: Any, **options: Any) -> None:
        meta, ar, en = demo_meta()
        if Resolution.objects.filter(slug=meta.slug).exists():
            self.stdout.write(f"{meta.slug} already loaded")
            return
        resolution_import(
            ar_paragraphs=ar,
            en_paragraphs=en,
            meta=meta,
            change_reason=import_reason([demo_file()], command="load_demo"),
        )
        self.stdout.write(f"{meta.slug} loaded")

"""python manage.py export_resolution SLUG --format json"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.alignment.selectors import resolution_export
from apps.corpus.models import Resolution


class Command(BaseCommand):
    help = "Print a resolution and its alignment in the tawazi-alignment/1 JSON format."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("--format", choices=["json"], default="json")

    def handle(self, *args: Any, **options: Any) -> None:
        resolution = Resolution.objects.filter(slug=options["slug"]).first()
        if resolution is None:
            raise CommandError(f"No resolution with slug {options['slug']!r}.")
        self.stdout.write(json.dumps(resolution_export(resolution), ensure_ascii=False, indent=1))

"""Re-align a stored resolution, keeping every confirmed and corrected link as it is."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.alignment.models import Link
from apps.alignment.services import resolution_realign
from apps.corpus.models import Resolution


class Command(BaseCommand):
    help = (
        "Re-run the aligner over a stored resolution. Confirmed and corrected links keep their "
        "members, score and status; only the automatic links between them are replaced."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")

    def handle(self, *args: Any, **options: Any) -> None:
        resolution = Resolution.objects.filter(slug=options["slug"]).first()
        if resolution is None:
            raise CommandError(f"No resolution with slug {options['slug']!r}.")
        kept = Link.objects.of(resolution).human().count()
        links = resolution_realign(resolution=resolution)
        self.stdout.write(f"{resolution.slug}: {len(links)} links, {kept} kept as reviewed")

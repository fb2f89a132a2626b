"""Re-run the QA checks on stored links and store their findings."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.alignment.models import Level, Link
from apps.alignment.services import link_findings_update
from apps.corpus.models import Resolution


class Command(BaseCommand):
    help = (
        "Re-run the QA checks (numbers, dates, symbols, quotes, parentheses) on every link and "
        "store what they find, for the review pages. Imports and edits keep findings current; "
        "run this after the checks themselves change (an upgrade of apps/bitext/qa.py)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slugs", nargs="*", help="only these resolutions (default: all)")

    def handle(self, *args: Any, **options: Any) -> None:
        resolutions = Resolution.objects.order_by("slug")
        if options["slugs"]:
            resolutions = resolutions.filter(slug__in=options["slugs"])
            unknown = set(options["slugs"]) - set(resolutions.values_list("slug", flat=True))
            if unknown:
                raise CommandError(f"No resolution with slug {', '.join(sorted(unknown))}.")
        for resolution in resolutions:
            changed = sum(
                link_findings_update(resolution=resolution, level=level) for level in Level
            )
            links = Link.objects.of(resolution).count()
            with_findings = Link.objects.of(resolution).exclude(findings=[]).count()
            self.stdout.write(
                f"{resolution.slug}: {links} links checked, {with_findings} with findings, "
                f"{changed} changed"
            )

"""Re-run the QA checks on stored links and store their findings."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.alignment import services
from apps.alignment.models import Level, Link
from apps.corpus.models import Resolution


class Command(BaseCommand):
    help = (
        "Re-run the QA checks (numbers, dates, symbols, quotes, parentheses) on every link and "
        "store what they find, for the review pages. Imports and edits keep findings current; "
        "run this after the checks themselves change (an upgrade of apps/bitext/qa.py); with "
        "--stale (what `make run` and the container's migrate step do) only if they changed "
        "since every link was last checked."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slugs", nargs="*", help="only these resolutions (default: all)")
        parser.add_argument(
            "--stale",
            action="store_true",
            help="do nothing if every link was last checked by the checks of this version",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["stale"]:
            if options["slugs"]:
                raise CommandError("--stale checks every resolution: give no slugs with it.")
            stored = services.findings_version_stored()
            if stored == services.checks_version():
                self.stdout.write(f"QA findings are current (checks {stored}).")
                return
            if not Link.objects.exists():
                # A new database: no link to check (imports store their findings).
                services.findings_version_record()
                return
            if stored:
                self.stdout.write(
                    f"QA checks changed ({stored} -> {services.checks_version()}): "
                    "checking every link again."
                )
            else:
                self.stdout.write(
                    "QA findings were never recorded for these links: checking every link with "
                    f"checks {services.checks_version()}."
                )
        resolutions = Resolution.objects.order_by("slug")
        if options["slugs"]:
            resolutions = resolutions.filter(slug__in=options["slugs"])
            unknown = set(options["slugs"]) - set(resolutions.values_list("slug", flat=True))
            if unknown:
                raise CommandError(f"No resolution with slug {', '.join(sorted(unknown))}.")
        for resolution in resolutions:
            changed = sum(
                services.link_findings_update(resolution=resolution, level=level) for level in Level
            )
            links = Link.objects.of(resolution).count()
            with_findings = Link.objects.of(resolution).exclude(findings=[]).count()
            self.stdout.write(
                f"{resolution.slug}: {links} links checked, {with_findings} with findings, "
                f"{changed} changed"
            )
        if not options["slugs"]:
            services.findings_version_record()

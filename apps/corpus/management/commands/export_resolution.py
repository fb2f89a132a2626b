"""python manage.py export_resolution SLUG [--format json|tmx|csv] [--level sentence] [--confirmed-only] [--one-sided] [--source ar|en] [--ar-locale ar-SA] [--en-locale en-US]"""

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
        parser.add_argument("--format", choices=["json", "tmx", "csv"], default="json")
        parser.add_argument(
            "--level",
            choices=["paragraph", "sentence", "clause"],
            default="sentence",
            help="TMX/CSV units (default: sentence).",
        )
        parser.add_argument(
            "--confirmed-only",
            action="store_true",
            help="TMX/CSV: only links confirmed or corrected by a person.",
        )
        parser.add_argument(
            "--source",
            choices=["ar", "en"],
            default="ar",
            help="TMX: the source language (Trados Studio imports units of its memory's only).",
        )
        parser.add_argument(
            "--ar-locale",
            default="ar",
            help="TMX: the Arabic language code, such as ar-SA for a CAT tool's memory of Arabic "
            "(Saudi Arabia) (default: ar).",
        )
        parser.add_argument(
            "--en-locale",
            default="en",
            help="TMX: the English language code, such as en-US or en-GB (default: en).",
        )
        parser.add_argument(
            "--one-sided",
            action="store_true",
            help="TMX: include links with one side empty, with one <tuv> (left out by default).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        resolution = Resolution.objects.filter(slug=options["slug"]).first()
        if resolution is None:
            raise CommandError(f"No resolution with slug {options['slug']!r}.")
        if options["format"] in {"tmx", "csv"}:
            from apps.review.exchange import resolution_csv, resolution_tmx, tmx_locales

            if options["format"] == "csv":
                self.stdout.write(
                    resolution_csv(
                        resolution=resolution,
                        level=options["level"],
                        confirmed_only=options["confirmed_only"],
                    ),
                    ending="",
                )
                return
            try:
                locales = tmx_locales({"ar": options["ar_locale"], "en": options["en_locale"]})
            except ValueError as error:
                raise CommandError(str(error)) from None
            export = resolution_tmx(
                resolution=resolution,
                level=options["level"],
                confirmed_only=options["confirmed_only"],
                one_sided=options["one_sided"],
                source=options["source"],
                locales=locales,
            )
            if export.unconfirmed:
                self.stderr.write(
                    f"Warning: {export.unconfirmed} unconfirmed (automatic) links are included; "
                    "use --confirmed-only to leave them out."
                )
            if export.one_sided_left_out:
                self.stderr.write(
                    f"{export.one_sided_left_out} links with no counterpart on one side are left "
                    "out; use --one-sided to include them (for re-import into Tawazi)."
                )
            if export.flagged_left_out:
                self.stderr.write(
                    f"{export.flagged_left_out} confirmed links flagged by a reviewer as wrong are "
                    "left out until the flag is cleared."
                )
            self.stdout.write(export.document.decode("utf-8"), ending="")
            return
        self.stdout.write(json.dumps(resolution_export(resolution), ensure_ascii=False, indent=1))

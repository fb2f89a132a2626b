"""Score a stored or exported alignment against gold beads (vecalign format) and clause phrases."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.alignment.selectors import EXPORT_FORMAT, resolution_export
from apps.bitext.gold import (
    GoldError,
    calibration_table,
    clause_highlights,
    export_beads,
    parse_gold,
    parse_phrases,
    score_alignment,
)
from apps.corpus.models import Resolution


class Command(BaseCommand):
    help = (
        "Compare a resolution's alignment (by slug, or a tawazi-alignment/1 JSON export) with "
        "gold beads in the vecalign format ('[0] : [0, 1]', units numbered per language in "
        "reading order) and/or check clause highlighting against Arabic/English phrase pairs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", nargs="?", help="a stored resolution")
        parser.add_argument("--export", help="a tawazi-alignment/1 JSON file instead of a slug")
        parser.add_argument("--gold", help="gold beads, one a line: [0] : [0, 1]")
        parser.add_argument(
            "--level", choices=["paragraph", "sentence", "clause"], default="paragraph"
        )
        parser.add_argument(
            "--phrases", help="TSV: paragraph index, Arabic phrase, English counterpart"
        )
        parser.add_argument("--show-misses", action="store_true", help="list wrong beads")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["gold"] and not options["phrases"]:
            raise CommandError("Give --gold, --phrases or both.")
        export = self._export(options)
        try:
            if options["gold"]:
                self._gold(export, options)
            if options["phrases"]:
                self._phrases(export, options)
        except (GoldError, KeyError) as error:
            raise CommandError(f"{error}") from None

    def _export(self, options: dict[str, Any]) -> dict[str, Any]:
        if bool(options["slug"]) == bool(options["export"]):
            raise CommandError("Give either a resolution slug or --export FILE, not both.")
        if options["slug"]:
            resolution = Resolution.objects.filter(slug=options["slug"]).first()
            if resolution is None:
                raise CommandError(f"No resolution with slug {options['slug']!r}.")
            return resolution_export(resolution)
        try:
            data = json.loads(Path(options["export"]).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"{options['export']}: not a readable JSON file ({error})") from None
        if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
            raise CommandError(f"{options['export']}: not a {EXPORT_FORMAT} export.")
        return data

    def _read(self, path: str) -> str:
        try:
            return Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{path}: cannot read ({error})") from None

    def _gold(self, export: dict[str, Any], options: dict[str, Any]) -> None:
        gold = parse_gold(self._read(options["gold"]))
        predicted, scores = export_beads(export, options["level"])
        result = score_alignment(predicted, gold)
        self.stdout.write(
            f"{options['level']}: {result.predicted} links, {result.gold} gold beads\n"
            f"strict  P {result.strict_p:.3f}  R {result.strict_r:.3f}  F1 {result.strict_f1:.3f}\n"
            f"lax     P {result.lax_p:.3f}  R {result.lax_r:.3f}  F1 {result.lax_f1:.3f}"
        )
        gold_set = set(gold)
        self.stdout.write("calibration (right = exactly a gold bead):")
        for row in calibration_table(
            (score, bead in gold_set) for bead, score in zip(predicted, scores, strict=True)
        ):
            self.stdout.write("  " + row)
        if options["show_misses"]:
            for bead, score in zip(predicted, scores, strict=True):
                if bead not in gold_set:
                    self.stdout.write(f"  wrong: {list(bead[0])} : {list(bead[1])}  ({score:.2f})")

    def _phrases(self, export: dict[str, Any], options: dict[str, Any]) -> None:
        results = clause_highlights(export, parse_phrases(self._read(options["phrases"])))
        if not results:
            raise CommandError(f"{options['phrases']}: no phrases")
        inside = sum(r.contained for r in results) / len(results)
        share = sum(r.share for r in results) / len(results)
        self.stdout.write(
            f"clause highlighting: {len(results)} phrases, counterpart inside the highlight "
            f"{inside:.1%}, highlight {share:.1%} of the English paragraph on average"
        )
        if options["show_misses"]:
            for r in results:
                if not r.contained:
                    self.stdout.write(f"  missed ¶{r.paragraph}: {r.phrase} ~ {r.counterpart}")

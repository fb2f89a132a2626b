"""Learn a lexicon from the stored corpus's trusted sentence links, to add to the shipped one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from apps.alignment.models import Level, Link, Status
from apps.bitext.lexicon import DEFAULT_LEXICON_PATH, learn_lexicon


class Command(BaseCommand):
    help = (
        "Learn Arabic-English word pairs (IBM Model 1 both ways) from the sentence links of every "
        "stored resolution that a reviewer confirmed or corrected, or that the aligner scored at "
        "least --min-score, and write them to FILE. Point TAWAZI_LEXICON at FILE and the aligner "
        "uses them next to its shipped lexicon; re-run as the corpus grows."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("output", help="file to write (TSV, as apps/bitext/data)")
        parser.add_argument("--min-score", type=float, default=0.97)
        parser.add_argument(
            "--threshold",
            type=float,
            default=0.1,
            help="keep a word pair when sqrt(t(en|ar) t(ar|en)) reaches this (default 0.1)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        output = Path(options["output"]).resolve()
        if output == DEFAULT_LEXICON_PATH.resolve():
            raise CommandError("Write the learned lexicon to its own file, not the shipped one.")
        links = (
            Link.objects.at(Level.SENTENCE)
            .filter(Q(score__gte=options["min_score"]) | ~Q(status=Status.AUTO))
            .prefetch_related("sentences")
        )
        pairs = []
        for link in links.iterator(chunk_size=2000):
            members = sorted(link.sentences.all(), key=lambda s: (s.paragraph_id, s.index))
            ar = " ".join(s.text for s in members if s.lang == "ar")
            en = " ".join(s.text for s in members if s.lang == "en")
            if ar and en:
                pairs.append((ar, en))
        if not pairs:
            raise CommandError("No trusted sentence links to learn from.")
        lexicon, weights = learn_lexicon(pairs, threshold=options["threshold"])
        try:
            lexicon.save(
                output,
                weights,
                f"Learned by manage.py learn_lexicon from {len(pairs)} trusted sentence links.",
            )
        except OSError as error:
            raise CommandError(f"{output}: cannot write ({error})") from None
        self.stdout.write(
            f"{len(pairs)} sentence links -> {len(lexicon)} word pairs written to {output}"
        )

"""manage.py learn_lexicon: word pairs learned from stored links feed the aligner via TAWAZI_LEXICON."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase

from apps.bitext.lexicon import arabic_stem, default_lexicon
from apps.corpus.services import ResolutionMeta, resolution_import
from tests.conftest import demo_sides


class LearnLexiconTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        resolution_import(ar_paragraphs=ar, en_paragraphs=en, meta=ResolutionMeta(slug="demo"))

    def test_learned_pairs_join_the_shipped_lexicon(self) -> None:
        """From the demo's confident sentence links it learns pairs the shipped lexicon lacks
        (الأسرى ~ prisoners), and TAWAZI_LEXICON makes the aligner use them."""
        folder = Path(self.enterContext(tempfile.TemporaryDirectory()))
        output = folder / "learned.tsv"
        out = io.StringIO()
        call_command("learn_lexicon", str(output), "--min-score", "0.9", stdout=out)
        assert "word pairs written" in out.getvalue()
        learned = output.read_text(encoding="utf-8")
        assert f"{arabic_stem('الأسرى')}\tprison" in learned
        shipped = default_lexicon()
        assert "prison" not in shipped.translations.get(arabic_stem("الأسرى"), ())
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("TAWAZI_LEXICON", str(output))
            merged = default_lexicon()
        assert len(merged) > len(shipped)
        assert "prison" in merged.translations[arabic_stem("الأسرى")]

    def test_refuses_to_overwrite_the_shipped_file_or_learn_from_nothing(self) -> None:
        """The shipped lexicon is not a valid output; a threshold no link reaches is an error."""
        from apps.bitext.lexicon import DEFAULT_LEXICON_PATH

        with pytest.raises(CommandError, match="own file"):
            call_command("learn_lexicon", str(DEFAULT_LEXICON_PATH))
        folder = Path(self.enterContext(tempfile.TemporaryDirectory()))
        with pytest.raises(CommandError, match="No trusted"):
            call_command("learn_lexicon", str(folder / "x.tsv"), "--min-score", "1.5")

"""manage.py evaluate_alignment: gold beads and clause phrases scored through the JSON export."""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase

from apps.alignment.selectors import resolution_export
from apps.corpus.services import ResolutionMeta, resolution_import
from tests.conftest import demo_sides

PHRASES = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "clause_phrases.tsv"


class EvaluateAlignmentTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        # English paragraphs 10 and 11 printed as one, and English 30 missing.
        en = en[:10] + [en[10] + " " + en[11]] + en[12:30] + en[31:]
        cls.resolution = resolution_import(
            ar_paragraphs=ar, en_paragraphs=en, meta=ResolutionMeta(slug="demo-reshaped")
        )
        gold = [f"[{k}] : [{k}]" for k in range(10)]
        gold += ["[10, 11] : [10]"]
        gold += [f"[{k}] : [{k - 1}]" for k in range(12, 30)]
        gold += ["[30] : []"]
        gold += [f"[{k}] : [{k - 2}]" for k in range(31, 42)]
        cls.gold = "\n".join(gold) + "\n"

    def folder(self) -> Path:
        return Path(self.enterContext(tempfile.TemporaryDirectory()))

    def run_command(self, *args: str) -> str:
        out = io.StringIO()
        call_command("evaluate_alignment", *args, stdout=out)
        return out.getvalue()

    def test_gold_from_a_slug(self) -> None:
        """The reshaped demo's merge and drop are found: strict F1 1.000 with a calibration table."""
        gold = self.folder() / "gold.txt"
        gold.write_text(self.gold, encoding="utf-8")
        output = self.run_command("demo-reshaped", "--gold", str(gold))
        assert "strict  P 1.000  R 1.000  F1 1.000" in output
        assert "calibration" in output and "[0.97, 1.00]" in output

    def test_gold_from_an_export_file_lists_misses(self) -> None:
        """A gold file that disagrees (10:10 and 11:10 instead of 10,11:10) shows the miss."""
        folder = self.folder()
        export = folder / "demo.json"
        export.write_text(json.dumps(resolution_export(self.resolution)), encoding="utf-8")
        gold = folder / "gold.txt"
        gold.write_text(
            self.gold.replace("[10, 11] : [10]", "[10] : [10]\n[11] : []"), encoding="utf-8"
        )
        output = self.run_command("--export", str(export), "--gold", str(gold), "--show-misses")
        assert "wrong: [10, 11] : [10]" in output
        assert "strict  P 0.976" in output  # 40 of 41 links right

    def test_clause_phrases(self) -> None:
        """The demo phrases mostly land inside the highlighted English clauses."""
        if not PHRASES.is_file():
            pytest.skip("benchmarks/data/clause_phrases.tsv missing")
        ar, en = demo_sides()
        resolution_import(ar_paragraphs=ar, en_paragraphs=en, meta=ResolutionMeta(slug="demo"))
        output = self.run_command("demo", "--phrases", str(PHRASES))
        inside = float(output.split("highlight ")[1].split("%")[0])
        assert inside >= 90.0

    def test_bad_input_is_a_clear_error(self) -> None:
        """Unknown slug, missing gold, a non-export JSON and a garbled gold line are errors."""
        folder = self.folder()
        with pytest.raises(CommandError, match="No resolution"):
            self.run_command("nope", "--gold", "x")
        with pytest.raises(CommandError, match="--gold, --phrases"):
            self.run_command("demo-reshaped")
        bad = folder / "bad.json"
        bad.write_text('{"format": "other"}', encoding="utf-8")
        with pytest.raises(CommandError, match="not a tawazi-alignment/1"):
            self.run_command("--export", str(bad), "--gold", "x")
        gold = folder / "gold.txt"
        gold.write_text("[0] : [0]\n0-0\n", encoding="utf-8")
        with pytest.raises(CommandError, match="line 2"):
            self.run_command("demo-reshaped", "--gold", str(gold))

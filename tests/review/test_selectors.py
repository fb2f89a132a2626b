"""Review selectors read the QA results stored with the links: the same reasons as the checks run
afresh on the text, and the corpus queue reads text only for the links it shows."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.test import TestCase

from apps.alignment.models import Level
from apps.bitext.qa import check_units, ratio_outliers
from apps.corpus.models import Resolution
from apps.corpus.services import ResolutionMeta, resolution_import
from apps.review.selectors import _finding_reason, corpus_queue, review_items, review_queue
from tests.conftest import demo_sides, shared_path


def shown(items) -> list[tuple]:
    return [
        (i.id, i.ar, i.en, i.ar_paragraphs, [(r.code, r.text) for r in i.reasons]) for i in items
    ]


class StoredChecksTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        en[15] = en[15].replace("3,400", "3,800")
        cls.demo = resolution_import(
            ar_paragraphs=ar, en_paragraphs=en, meta=ResolutionMeta(slug="demo")
        )
        cls.small = resolution_import(
            ar_paragraphs=ar[10:20], en_paragraphs=en[10:19], meta=ResolutionMeta(slug="small")
        )

    def test_reasons_match_the_checks_run_on_the_text(self) -> None:
        """Findings and ratio outliers read from the links are those the text gives."""
        seen = set()
        for level in Level:
            items = review_items([self.demo, self.small], level)
            for resolution in (self.demo, self.small):
                group = [i for i in items if i.resolution_id == resolution.pk]
                outliers = ratio_outliers([(" ".join(i.ar), " ".join(i.en)) for i in group])
                for item, outlier in zip(group, outliers, strict=True):
                    codes = [r.code for r in item.reasons]
                    # An omission finding says the length instead (LengthSaidOnceTests).
                    said = outlier and "omission" not in codes
                    assert ("ratio" in codes) == said, (level, item.position)
                    expected = [f.message for f in check_units(item.ar, item.en)]
                    assert [
                        r.text + (f" “{r.quote}”" if r.quote else "")
                        for r in item.reasons
                        if r.weight == 2.5
                    ] == expected
                    seen.update(codes)
        assert {"ratio", "number"} <= seen  # both kinds of stored result were compared

    def test_corpus_queue_is_the_full_queue_with_text_for_the_shown_links(self) -> None:
        """The corpus queue lists the same links, text and reasons as ranking every link with
        its text, in three queries (links, members, the shown links' text)."""
        for level in Level:
            full = review_queue(review_items([self.demo, self.small], level))[:20]
            with self.assertNumQueries(3):
                queue = corpus_queue([self.demo, self.small], level, limit=20)
            assert shown(queue) == shown(full)
            if level == Level.SENTENCE:
                assert "Number only in the Arabic: 3400" in [r.text for r in queue[0].reasons]


def test_an_omission_sets_its_arabic_clause_apart() -> None:
    """A stored omission finding naming an Arabic clause: the reason is said from the finding's
    side, ratio and clause, not cut out of its message (which may be worded otherwise, or be
    missing), and the clause is kept as an Arabic quote; other findings keep their message."""
    clause = "وتطلب إلى الأمين العام أن يواصل تقديم تقارير عما تحقق إنجازه في إطار هذا المشروع؛"
    stored = {"check": "omission", "kind": "longer", "side": "ar", "times": 1.5, "ar": [clause]}
    expected = (
        "Text possibly missing from the English: the Arabic is 1.5 times as long as usual for"
        " it; least matched Arabic clause:",
        clause,
        "ar",
    )
    for message in ("", f"Text possibly missing: “{clause}” (1.5 times as long)"):
        reason = _finding_reason({**stored, "message": message, "en": []})
        assert (reason.text, reason.quote, reason.quote_lang) == expected
    number = {"check": "number", "message": "Number only in the Arabic: 3400", "ar": ["3400"]}
    assert (_finding_reason(number).text, _finding_reason(number).quote) == (number["message"], "")


def test_an_old_omission_finding_is_shown_as_it_was_said() -> None:
    """A finding stored before findings kept their ratio (no "times"; the oldest have no side or
    kind either) is shown with its stored message whole, the clause in it; one with neither
    structure nor message still gives a line, never an error."""
    clause = "and entrusts the delegations of the member states in the Council to coordinate"
    message = (
        "Text possibly missing from the Arabic: the English is 1.8 times as long as usual for"
        f" it; least matched English clause: “{clause}”"
    )
    for stored in (
        {"check": "omission", "message": message, "ar": [], "en": [clause]},
        {"check": "omission", "kind": "longer", "side": "en", "message": message, "en": [clause]},
    ):
        reason = _finding_reason(stored)
        assert (reason.code, reason.text, reason.quote) == ("omission", message, "")
    assert _finding_reason({"check": "omission"}).text == "Possible difference between the sides"


class LengthSaidOnceTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        cls.demo = resolution_import(
            ar_paragraphs=ar, en_paragraphs=en, meta=ResolutionMeta(slug="demo")
        )
        sdg = shared_path("corpus", "sdg")
        call_command(
            "import_resolution",
            "--arabic", str(sdg / "global_targets.ar.yml"),
            "--english", str(sdg / "global_targets.en.yml"),
            "--slug", "sdg-targets",
            stdout=io.StringIO(), stderr=io.StringIO(),
        )  # fmt: skip
        cls.sdg = Resolution.objects.get(slug="sdg-targets")

    def test_a_link_missing_text_is_not_also_said_to_be_of_unusual_length(self) -> None:
        """A clause whose one side is far longer than the other carries one length reason, the
        omission check's, which names the side and the clause: not beside it a second, "Unusual
        length", with another figure ("2.6 times" and "3.1 times" for the same two clauses)."""
        items = review_items([self.demo, self.sdg], Level.CLAUSE)
        missing = [i for i in items if "omission" in [r.code for r in i.reasons]]
        # The demo's clause links have none since its Arabic clauses stopped being cut inside
        # one phrase ("والمسيحية في القدس الشريف،", "والقضاء على فرص …"); an SDG target has one.
        assert missing
        for item in missing:
            texts = [r.text for r in item.reasons]
            assert not [t for t in texts if t.startswith("Unusual length")], texts
        # A link whose length alone is off is still said to be so.
        assert any(r.code == "ratio" for i in items for r in i.reasons)

"""Re-aligning a resolution keeps confirmed and corrected links and re-aligns around them."""

from __future__ import annotations

import io
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase

from apps.alignment.models import Level, Link, Status
from apps.alignment.services import resolution_realign
from apps.corpus.models import Paragraph, Sentence
from apps.corpus.services import ResolutionMeta, resolution_import
from tests.conftest import demo_sides


def _sides(link: Link) -> tuple[list[int], list[int]]:
    """Return a paragraph link's Arabic and English paragraph indexes."""
    ar = sorted(p.index for p in link.paragraphs.all() if p.lang == "ar")
    en = sorted(p.index for p in link.paragraphs.all() if p.lang == "en")
    return ar, en


class RealignTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        cls.resolution = resolution_import(
            ar_paragraphs=ar, en_paragraphs=en, meta=ResolutionMeta(slug="demo")
        )
        paragraphs = {(p.lang, p.index): p for p in Paragraph.objects.of(cls.resolution)}
        links = Link.objects.of(cls.resolution).at(Level.PARAGRAPH)
        # A reviewer links Arabic paragraph 10 to English 10 and 11 (a correction the aligner
        # would never make) and confirms the link of paragraph 30.
        cls.corrected = links.get(paragraphs__lang="ar", paragraphs__index=10)
        links.get(paragraphs__lang="ar", paragraphs__index=11).paragraphs.remove(
            paragraphs[("en", 11)]
        )
        cls.corrected.paragraphs.add(paragraphs[("en", 11)])
        cls.corrected.status = Status.CORRECTED
        cls.corrected.version = 3
        cls.corrected.save()
        cls.confirmed = links.get(paragraphs__lang="ar", paragraphs__index=30)
        cls.confirmed.status = Status.CONFIRMED
        cls.confirmed.flagged = True
        cls.confirmed.note = "Check the date with the editor"
        cls.confirmed.save()
        # A reviewer flags the automatic link Arabic 11 was left with: the aligner will find it
        # again, unchanged.
        cls.flagged_again = links.get(paragraphs__lang="ar", paragraphs__index=11)
        cls.flagged_again.flagged = True
        cls.flagged_again.note = "Arabic 11 has no English here"
        cls.flagged_again.save()
        # A wrong automatic link (Arabic 20 with English 20 and 21, Arabic 21 alone), flagged:
        # the aligner will re-draw it.
        cls.flagged_wrong = links.get(paragraphs__lang="ar", paragraphs__index=20)
        links.get(paragraphs__lang="ar", paragraphs__index=21).paragraphs.remove(
            paragraphs[("en", 21)]
        )
        cls.flagged_wrong.paragraphs.add(paragraphs[("en", 21)])
        cls.flagged_wrong.flagged = True
        cls.flagged_wrong.note = "English 21 belongs to Arabic 21"
        cls.flagged_wrong.save()
        # And confirms one sentence link with a score the aligner would not give.
        sentence = Sentence.objects.get(paragraph=paragraphs[("ar", 5)], index=0)
        cls.sentence_link = (
            Link.objects.of(cls.resolution).at(Level.SENTENCE).get(sentences=sentence)
        )
        cls.sentence_link.status = Status.CONFIRMED
        cls.sentence_link.score = 0.42
        cls.sentence_link.save()

    def test_human_links_survive_unchanged(self) -> None:
        """The corrected and confirmed links keep their id, members, score, status and version."""
        before = {
            link.pk: (_sides(link), link.score, link.status, link.version)
            for link in (self.corrected, self.confirmed)
        }
        confirmed_position = self.confirmed.position
        sentence_members = set(self.sentence_link.sentences.values_list("pk", flat=True))
        resolution_realign(resolution=self.resolution)
        for pk, state in before.items():
            link = Link.objects.get(pk=pk)
            assert (_sides(link), link.score, link.status, link.version) == state
        kept = Link.objects.get(pk=self.sentence_link.pk)
        assert set(kept.sentences.values_list("pk", flat=True)) == sentence_members
        assert (kept.score, kept.status) == (0.42, Status.CONFIRMED)
        confirmed = Link.objects.get(pk=self.confirmed.pk)
        assert (confirmed.flagged, confirmed.note) == (True, "Check the date with the editor")
        # Paragraph 10's correction took no link away before paragraph 30: same place.
        assert confirmed.position == confirmed_position

    def test_positions_follow_reading_order_at_every_level(self) -> None:
        """After re-aligning, each level's links are numbered 0..n-1 with no gap, and the
        confirmed sentence link sits between the links of the sentences around it."""
        resolution_realign(resolution=self.resolution)
        for level in Level:
            positions = list(
                Link.objects.of(self.resolution).at(level).values_list("position", flat=True)
            )
            assert positions == list(range(len(positions)))
        kept = Link.objects.get(pk=self.sentence_link.pk)
        sentence_links = Link.objects.of(self.resolution).at(Level.SENTENCE)
        before = sentence_links.get(position=kept.position - 1).sentences.all()
        after = sentence_links.get(position=kept.position + 1).sentences.all()
        # The confirmed link holds sentence 0 of Arabic paragraph 5.
        assert {s.paragraph.index for s in before} <= {3, 4}
        assert {(s.paragraph.index, s.index) for s in after} <= {(5, 1), (5, 2), (6, 0)}

    def test_flag_survives_when_the_link_is_found_again(self) -> None:
        """An automatic link the aligner draws again over the same units keeps its id, flag
        and note: a reviewer's question is not erased by re-aligning."""
        resolution_realign(resolution=self.resolution)
        link = Link.objects.get(pk=self.flagged_again.pk)
        assert _sides(link) == ([11], [])
        assert (link.status, link.flagged, link.note) == (
            Status.AUTO,
            True,
            "Arabic 11 has no English here",
        )

    def test_flag_moves_to_the_links_that_take_a_redrawn_links_units(self) -> None:
        """A flagged automatic link the aligner re-draws (Arabic 20 with English 20 and 21)
        is replaced, and its flag and note go to the new links over its units; the links
        around them carry no flag."""
        resolution_realign(resolution=self.resolution)
        assert not Link.objects.filter(pk=self.flagged_wrong.pk).exists()
        links = Link.objects.of(self.resolution).at(Level.PARAGRAPH).prefetch_related("paragraphs")
        by_sides = {tuple(map(tuple, _sides(link))): link for link in links}
        for key in (((20,), (20,)), ((21,), (21,))):
            link = by_sides[key]
            assert (link.flagged, link.note) == (True, "English 21 belongs to Arabic 21")
        assert not by_sides[((22,), (22,))].flagged
        assert not by_sides[((19,), (19,))].flagged

    def test_stretches_between_are_realigned(self) -> None:
        """Arabic 11, which lost its English to the correction, is left unaligned; the other
        paragraphs are linked 1:1 in order and every paragraph is on exactly one link."""
        resolution_realign(resolution=self.resolution)
        links = (
            Link.objects.of(self.resolution)
            .at(Level.PARAGRAPH)
            .order_by("position")
            .prefetch_related("paragraphs")
        )
        pairs = [_sides(link) for link in links]
        assert ([10], [10, 11]) in pairs
        assert ([11], []) in pairs
        assert sum(len(a) for a, _ in pairs) == 42 and sum(len(e) for _, e in pairs) == 42
        others = [(a, e) for a, e in pairs if (a, e) not in (([10], [10, 11]), ([11], []))]
        assert all(a == e and len(a) == 1 for a, e in others)
        # Positions follow reading order.
        firsts = [a[0] if a else e[0] for a, e in pairs]
        assert firsts == sorted(firsts)

    def test_failure_changes_nothing(self) -> None:
        """If the aligner fails midway, the stored links are exactly as before."""
        before = sorted(Link.objects.of(self.resolution).values_list("pk", "position", "score"))
        with (
            mock.patch("apps.bitext.document.align_units", side_effect=RuntimeError("boom")),
            pytest.raises(RuntimeError),
        ):
            resolution_realign(resolution=self.resolution)
        after = sorted(Link.objects.of(self.resolution).values_list("pk", "position", "score"))
        assert after == before


class RealignCommandTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        cls.resolution = resolution_import(
            ar_paragraphs=ar[:6], en_paragraphs=en[:6], meta=ResolutionMeta(slug="demo-head")
        )

    def test_command_reports_and_keeps_links(self) -> None:
        """realign_resolution prints the link count and the number kept; unknown slugs fail."""
        link = Link.objects.of(self.resolution).at(Level.PARAGRAPH).first()
        assert link is not None
        link.status = Status.CONFIRMED
        link.save()
        out = io.StringIO()
        call_command("realign_resolution", "demo-head", stdout=out)
        assert "1 kept as reviewed" in out.getvalue()
        assert Link.objects.filter(pk=link.pk, status=Status.CONFIRMED).exists()
        with pytest.raises(CommandError, match="No resolution"):
            call_command("realign_resolution", "missing")

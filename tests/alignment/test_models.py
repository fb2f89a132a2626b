"""A unit (paragraph, sentence, clause) is in at most one link of its level: the database
refuses a second one, and an edit that would make one is refused in the editor, not a 500."""

from __future__ import annotations

from typing import Any
from unittest import mock

from django.contrib.messages import get_messages
from django.db import IntegrityError, transaction
from django.test import TestCase
from django.urls import reverse

from apps.alignment import services
from apps.alignment.models import Level, Link, LinkParagraph
from apps.bitext import document
from tests.conftest import aligner_linking_a_sentence_twice, demo_with_editor


class UnitInOneLinkTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.resolution, cls.editor = demo_with_editor()

    def links(self, level: str) -> list[Link]:
        return list(Link.objects.of(self.resolution).at(level).order_by("position"))

    def test_a_unit_already_linked_cannot_join_a_second_link(self) -> None:
        """A unit of the demo's link #2, put also in link #1 (as a bug or a race would), is
        refused by the database at every level; the reader still shows the paragraph once."""
        for level, field in (("paragraph", "paragraphs"), ("sentence", "sentences")):
            first, second = self.links(level)[:2]
            unit = getattr(second, field).order_by("pk").first()
            with self.subTest(level=level), self.assertRaises(IntegrityError), transaction.atomic():
                getattr(first, field).add(unit)
        clauses = self.links("clause")
        first = clauses[0]
        other = next(link for link in clauses[1:] if link.clauses.exists())
        with self.assertRaises(IntegrityError), transaction.atomic():
            first.clauses.add(other.clauses.first())
        paragraph = self.links("paragraph")[1].paragraphs.get(lang="en")
        assert LinkParagraph.objects.filter(paragraph=paragraph).count() == 1
        html = self.client.get(f"/r/{self.resolution.slug}/").content.decode()
        assert html.count(paragraph.text[:60]) == 1

    def test_an_edit_racing_another_writer_is_refused_in_the_editor(self) -> None:
        """Edna merges paragraph links #2 and #3 while another writer (a race, or a bug) links
        one of their paragraphs elsewhere: the editor says the change was not saved and why,
        nothing of the merge is kept, and the paragraph is in one link only."""
        self.client.force_login(self.editor)
        links = self.links(Level.PARAGRAPH)
        second, third = links[1], links[2]
        taken = second.paragraphs.get(lang="ar")
        write_run = services._write_run

        def other_writer_first(*args: Any, **kwargs: Any) -> list[Link]:
            # The merge has removed #2 and #3; the other writer links one of their paragraphs.
            stray = Link.objects.create(
                resolution=self.resolution, level="paragraph", position=10_000, score=0.5
            )
            stray.paragraphs.add(taken)
            return write_run(*args, **kwargs)

        versions = {f"v-{link.pk}": link.version for link in links}
        url = reverse("admin:corpus_resolution_align", args=[self.resolution.pk])
        with mock.patch.object(services, "_write_run", other_writer_first):
            response = self.client.post(
                url + "?level=paragraph",
                {"action": "merge", "sel": [second.pk, third.pk], **versions},
            )
        assert response.status_code == 200
        said = " ".join(str(m) for m in get_messages(response.wsgi_request))
        assert "Not saved: Another change linked" in said, said
        assert self.links(Level.PARAGRAPH) == links  # the merge and the stray link rolled back
        assert LinkParagraph.objects.filter(paragraph=taken).count() == 1

    def test_an_aligner_linking_a_sentence_twice_is_refused_in_the_editor(self) -> None:
        """Edna's "Re-align everything not confirmed" with an aligner that (by a bug) puts a
        sentence in two links: the editor says nothing was saved and why, and every link stays
        as it was."""
        self.client.force_login(self.editor)

        before = list(Link.objects.of(self.resolution).values_list("pk", "level", "position"))
        url = reverse("admin:corpus_resolution_align", args=[self.resolution.pk])
        with aligner_linking_a_sentence_twice(document):
            response = self.client.post(url, {"action": "realign"})
        assert response.status_code == 200
        said = " ".join(str(m) for m in get_messages(response.wsgi_request))
        assert "Not saved: The aligner put a sentence in two links" in said, said
        after = list(Link.objects.of(self.resolution).values_list("pk", "level", "position"))
        assert after == before

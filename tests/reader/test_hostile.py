"""The reader's own pages (citation, word help, the reading rows) with hostile text: escaped, and
bidi overrides contained, as tests/core/test_hostile_text.py checks for every route."""

from __future__ import annotations

from django.test import TestCase

from apps.corpus.models import Paragraph, Sentence
from apps.corpus.services import ResolutionMeta, resolution_import
from tests.conftest import demo_sides
from tests.core.test_hostile_text import PAYLOAD, RAW, IsolationChecker


class HostileReaderTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        cls.resolution = resolution_import(
            ar_paragraphs=[f"{PAYLOAD} {ar[14]}", *ar[15:18]],
            en_paragraphs=[f"{PAYLOAD} {en[14]}", *en[15:18]],
            meta=ResolutionMeta(
                slug="hostile",
                symbol=PAYLOAD,
                title_en=PAYLOAD,
                title_ar=PAYLOAD,
                body=PAYLOAD,
                session=PAYLOAD,
                place=PAYLOAD,
            ),
        )

    def assert_contained(self, url: str) -> str:
        response = self.client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for raw in RAW:
            assert raw not in html, (url, raw)
        checker = IsolationChecker()
        checker.feed(html)
        assert checker.leaks == [], (url, checker.leaks)
        return html

    def test_reading_page_citation_and_word_help_contain_the_payload(self) -> None:
        """The page (all options on), a paragraph's and a clause's citation and word help for a
        word of the hostile sentence escape the markup and isolate the override."""
        ar = Paragraph.objects.get(resolution=self.resolution, lang="ar", index=0)
        en = Paragraph.objects.get(resolution=self.resolution, lang="en", index=0)
        sentence = Sentence.objects.filter(paragraph=ar).first()
        assert sentence is not None
        self.assert_contained("/r/hostile/?translit=1&conf=1&diac=0&action=condemn")
        self.assert_contained(f"/r/hostile/?hl=s{sentence.pk}")
        cite = self.assert_contained(f"/r/hostile/cite/para-{ar.pk}/")
        assert "&lt;script&gt;" in cite  # the symbol, shown as text in both citations
        clause = en.sentences.first().clauses.first()  # type: ignore[union-attr]
        self.assert_contained(f"/r/hostile/cite/c{clause.pk}/")
        self.assert_contained(f"/word/?w=ويدين&s={sentence.pk}")

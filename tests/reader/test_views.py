"""The list and reading pages and the JSON export, as a browser without JavaScript sees them."""

from __future__ import annotations

import re

from django.test import TestCase

from apps.corpus.services import ResolutionMeta, resolution_import
from tests.conftest import demo_sides


def import_demo(slug: str = "demo", paragraphs: int = 42) -> None:
    ar, en = demo_sides()
    resolution_import(
        ar_paragraphs=ar[:paragraphs],
        en_paragraphs=en[:paragraphs],
        meta=ResolutionMeta(
            slug=slug,
            title_en="OIC CFM Ex-21 resolution",
            title_ar="قرار الدورة الاستثنائية",
            symbol="CFM Ex-21",
            body="OIC Council of Foreign Ministers",
        ),
    )


class ReaderPageTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        import_demo()

    def test_list_shows_titles_in_both_languages(self) -> None:
        """/ lists the resolution with both titles, symbol and body."""
        html = self.client.get("/").content.decode()
        assert "OIC CFM Ex-21 resolution" in html and "قرار الدورة الاستثنائية" in html
        assert "CFM Ex-21" in html and 'href="/r/demo/"' in html

    def test_reader_page_has_both_languages_with_dir_and_lang(self) -> None:
        """Each row has an Arabic column dir=rtl lang=ar and an English one lang=en."""
        response = self.client.get("/r/demo/")
        assert response.status_code == 200
        html = response.content.decode()
        assert html.count('class="side ar" lang="ar" dir="rtl"') == 42
        assert html.count('class="side en" lang="en" dir="ltr"') == 42
        assert "ويدين القرار" in html and "strongly condemns" in html

    def test_clauses_carry_their_link_tags(self) -> None:
        """Every clause names its clause link, and each tag appears on both sides."""
        html = self.client.get("/r/demo/").content.decode()
        tags = re.findall(r'class="u cl[^"]*" id="c\d+" data-l="(c\d+)"', html)
        assert len(tags) > 84
        paired = [t for t in set(tags) if tags.count(t) >= 2]
        assert len(paired) > 42

    def test_constant_number_of_queries(self) -> None:
        """The page costs the same queries for 5 paragraphs as for 42."""
        import_demo("small", paragraphs=5)
        with self.assertNumQueries(8):
            self.client.get("/r/small/")
        with self.assertNumQueries(8):
            self.client.get("/r/demo/")

    def test_unknown_slug_is_404(self) -> None:
        assert self.client.get("/r/no-such-thing/").status_code == 404
        assert self.client.get("/r/no-such-thing/export.json").status_code == 404

    def test_export_json_contract(self) -> None:
        """GET export.json returns the tawazi-alignment/1 contract with valid offsets and links."""
        data = self.client.get("/r/demo/export.json").json()
        assert data["format"] == "tawazi-alignment/1"
        assert set(data["resolution"]) >= {
            "slug",
            "symbol",
            "title_ar",
            "title_en",
            "body",
            "session",
            "date",
            "place",
        }
        paragraphs = {p["id"]: p for p in data["paragraphs"]}
        sentences = {s["id"]: s for s in data["sentences"]}
        for s in data["sentences"]:
            assert paragraphs[s["paragraph"]]["text"][s["start"] : s["end"]] == s["text"]
        for c in data["clauses"]:
            paragraph = paragraphs[sentences[c["sentence"]]["paragraph"]]
            assert paragraph["text"][c["start"] : c["end"]] == c["text"]
        levels = {link["level"] for link in data["links"]}
        assert levels == {"paragraph", "sentence", "clause"}
        for link in data["links"]:
            assert 0 <= link["score"] <= 1 and link["status"] == "auto"
        first = data["links"][0]
        assert (
            paragraphs[first["ar"][0]]["lang"] == "ar"
            and paragraphs[first["en"][0]]["lang"] == "en"
        )

    def test_post_is_refused(self) -> None:
        assert self.client.post("/r/demo/").status_code == 405

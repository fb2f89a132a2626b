"""The search page, its HTMX fragment and the JSON API, as a browser and a script see them."""

from __future__ import annotations

from django.test import TestCase

from tests.search.corpus import import_demo

HOSTILE = [
    '"unbalanced quote',
    'NEAR(occupation AND "power',
    "stems : x* OR {stems forms} : ^y",
    "'; DROP TABLE corpus_sentence; --",
    "1 OR 1=1 /* */ UNION SELECT *",
    "\x01\x02\x1b[31mالاحتلال\x7f",
    "occupation " * 1000,
    "ا" * 10_000,
    "-occupation",
    "OR OR -- ** \"\" ''",
    "%00 %s {} \\ \\' :* <-> ! & |",
    "nul\x00byte",
]


class SearchPageTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        import_demo()

    def test_plain_form_without_javascript(self) -> None:
        """GET /search/?q= renders the full page with marked hits, counterparts and reader links."""
        response = self.client.get("/search/", {"q": "الاحتلال"})
        assert response.status_code == 200
        html = response.content.decode()
        assert "<html" in html and 'action="/search/"' in html
        assert "<mark>الاحتلال</mark>" in html
        assert 'lang="en" dir="ltr"' in html and 'class="aligned"' in html
        assert 'href="/r/demo/?hl=s' in html
        assert "CFM/EX-21" in html and "¶" in html

    def test_htmx_gets_the_fragment(self) -> None:
        """With HX-Request the page returns only #search-results, and paging links carry both href and hx-get."""
        response = self.client.get("/search/", {"q": "الاحتلال"}, headers={"HX-Request": "true"})
        html = response.content.decode()
        assert "<html" not in html and html.lstrip().startswith('<div id="search-results"')
        assert 'href="?q=%D8%A7%D9%84%D8%A7%D8%AD%D8%AA%D9%84%D8%A7%D9%84&amp;page=2"' in html
        assert 'hx-get="?q=%D8%A7%D9%84%D8%A7%D8%AD%D8%AA%D9%84%D8%A7%D9%84&amp;page=2"' in html
        assert response["Vary"] and "HX-Request" in response["Vary"]

    def test_hostile_input_never_fails(self) -> None:
        """Garbage, SQL, FTS syntax, control characters and 10,000 characters: 200, at worst a hint."""
        for q in HOSTILE:
            for url in ("/search/", "/api/search"):
                params = {"q": q, "page": "x9", "lang": "zz", "year": "20x5"}
                response = self.client.get(url, params | {"resolution": q[:50], "body": q})
                assert response.status_code == 200, (url, q[:40])
                response = self.client.get(url, params | {"page": "99999", "year": "2025"})
                assert response.status_code == 200, (url, q[:40])
            data = self.client.get("/api/search", {"q": q}).json()
            assert data["count"] > 0 or data["hints"], q[:40]

    def test_api_contract(self) -> None:
        """GET /api/search returns the issue's JSON shape."""
        data = self.client.get(
            "/api/search", {"q": "condemn", "lang": "en", "resolution": "demo", "page": "1"}
        ).json()
        assert set(data) >= {"query", "count", "page", "results"}
        assert data["query"] == "condemn" and data["page"] == 1 and data["count"] == 10
        hit = data["results"][0]
        assert set(hit) >= {
            "resolution",
            "paragraph",
            "sentence",
            "highlighted",
            "counterpart",
            "url",
        }
        assert set(hit["paragraph"]) == {"id", "lang", "index"} and hit["paragraph"]["lang"] == "en"
        assert set(hit["sentence"]) == {"id", "text"}
        assert "<mark>" in hit["highlighted"] and "&#x27;" not in hit["sentence"]["text"]
        counterpart = hit["counterpart"][0]
        assert set(counterpart) == {"lang", "sentence_id", "text", "highlighted"}
        assert counterpart["lang"] == "ar"

    def test_api_escapes_html_in_text(self) -> None:
        data = self.client.get("/api/search", {"q": "mediators"}).json()
        assert "<mark>mediators</mark>&#x27; attempts" in data["results"][0]["highlighted"]
        assert "mediators' attempts" in data["results"][0]["sentence"]["text"]

    def test_header_has_a_search_box(self) -> None:
        html = self.client.get("/").content.decode()
        assert '<form class="site-search" role="search" method="get" action="/search/">' in html

    def test_constant_queries_on_the_page(self) -> None:
        """The page costs the same queries for 2 hits as for 20 (background frequencies cached)."""
        self.client.get("/search/", {"q": "الاحتلال OR occupation"})
        with self.assertNumQueries(6):
            self.client.get("/search/", {"q": "62,500"})
        with self.assertNumQueries(6):
            self.client.get("/search/", {"q": "الاحتلال OR occupation"})

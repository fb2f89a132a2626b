"""The search page, its HTMX fragment and the JSON API, as a browser and a script see them."""

from __future__ import annotations

import re
from typing import Any
from unittest import mock

from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from apps.alignment.models import Level, Link
from apps.alignment.selectors import resolution_rows
from apps.alignment.services import paragraph_edit_text
from apps.corpus.models import Paragraph, Resolution
from apps.corpus.services import ResolutionMeta, resolution_import
from apps.search import engines
from apps.search.selectors import search
from tests.conftest import demo_sides
from tests.search.corpus import import_demo, import_udhr_and_sdg_targets, import_un_launch

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
        assert "CFM/EX-21" in html and re.search(r"· (op|pre)\. \d+</p>", html)
        # Each translation is isolated in its own direction, so its count stays beside it.
        assert '<span class="tr"><bdi lang="en" dir="ltr">occupation</bdi> <span class="n">' in html

    def test_translated_as_sets_its_best_guess_apart(self) -> None:
        """ "Translated as" for condemn names its best guess, ويدين 3, set apart from the others,
        which read most frequent first: the line read "ويدين 3, بشدة 4, إدانته 3", out of order."""
        html = self.client.get("/search/", {"q": "condemn"}).content.decode()
        line = html.split('<p class="translations">', 1)[1].split("</p>", 1)[0]
        lead, also = line.split('; <span class="also">also</span> ', 1)
        assert re.findall(r'>([^<>]+)</bdi> <span class="n">(\d+)<', lead) == [("ويدين", "3")]
        assert re.findall(r'>([^<>]+)</bdi> <span class="n">(\d+)<', also) == [
            ("بشدة", "4"),
            ("إدانته", "3"),
        ]

    def test_plain_form_shares_only_what_was_chosen(self) -> None:
        """Without JavaScript the form sends every field, "both" languages as an empty lang=: the
        page redirects to the address with only the chosen parameters, the one a student copies."""
        response = self.client.get(
            "/search/?q=%D8%A7%D9%84%D8%A7%D8%AD%D8%AA%D9%84%D8%A7%D9%84&lang="
        )
        assert response.status_code == 302
        assert response["Location"] == "/search/?q=%D8%A7%D9%84%D8%A7%D8%AD%D8%AA%D9%84%D8%A7%D9%84"
        response = self.client.get("/search/?q=occupation&lang=en&year=&resolution=demo")
        assert response["Location"] == "/search/?q=occupation&lang=en&resolution=demo"
        response = self.client.get("/search/?q=&lang=", follow=True)
        assert response.redirect_chain == [("/search/", 302)] and response.status_code == 200
        # A chosen language stays, and an address without empty parameters is served as it is.
        assert self.client.get("/search/?q=occupation&lang=en").status_code == 200

    def test_arabic_words_searched_in_english_say_so(self) -> None:
        """حماي* with English chosen finds nothing: the hint says the words are Arabic while
        English was chosen and links to the same search in Arabic and in both languages, instead
        of suggesting a prefix* the query already has."""
        q = "%D8%AD%D9%85%D8%A7%D9%8A*"
        html = self.client.get(f"/search/?q={q}&lang=en").content.decode()
        assert "prefix followed by *" not in html
        assert "Your words are Arabic, but English was chosen" in html
        linked = q.replace("*", "%2A")
        assert f'href="?q={linked}&amp;lang=ar"' in html and f'href="?q={linked}"' in html
        assert self.client.get(f"/search/?q={q}&lang=ar").content.decode().count('class="hit"') > 0
        data = self.client.get("/api/search", {"q": "occupation", "lang": "ar"}).json()
        assert data["hints"] == [
            "Your words are English, but Arabic was chosen: search them in English or in both"
            " languages."
        ]
        # Words in the chosen language that match nothing keep the general hint.
        html = self.client.get("/search/?q=zzyzx&lang=en").content.decode()
        assert "Your words are" not in html and "prefix followed by *" in html

    def test_facet_links_narrow_this_search(self) -> None:
        """A facet link sets its parameter where it stood in the address (or last), keeps the
        others in their order and drops the page."""
        query = "?lang=en&q=occupation+OR+%D8%A7%D9%84%D8%A7%D8%AD%D8%AA%D9%84%D8%A7%D9%84"
        html = self.client.get(f"/search/{query}&page=1&year=2025").content.decode()
        arabic = query.replace("lang=en", "lang=ar").replace("&", "&amp;") + "&amp;year=2025"
        assert f'<a href="{arabic}" hx-get="{arabic}"' in html
        demo = query.replace("&", "&amp;") + "&amp;year=2025&amp;resolution=demo"
        assert f'<a href="{demo}" hx-get="{demo}"' in html

    def test_htmx_gets_the_fragment(self) -> None:
        """With HX-Request the page returns only #search-results, and paging links carry both href and hx-get."""
        response = self.client.get("/search/", {"q": "الاحتلال"}, headers={"HX-Request": "true"})
        html = response.content.decode()
        assert "<html" not in html and html.lstrip().startswith('<div id="search-results"')
        assert 'href="?q=%D8%A7%D9%84%D8%A7%D8%AD%D8%AA%D9%84%D8%A7%D9%84&amp;page=2"' in html
        assert 'hx-get="?q=%D8%A7%D9%84%D8%A7%D8%AD%D8%AA%D9%84%D8%A7%D9%84&amp;page=2"' in html
        assert response["Vary"] and "HX-Request" in response["Vary"]

    def test_no_match_under_a_filter_offers_to_clear_it(self) -> None:
        """A search that finds nothing only because of its filters (a resolution facet kept while
        typing the next word, a year) says so and links to the same search without them."""
        html = self.client.get("/search/", {"q": "الاحتلال", "year": "1948"}).content.decode()
        assert "with these filters" in html
        assert (
            'href="?q=%D8%A7%D9%84%D8%A7%D8%AD%D8%AA%D9%84%D8%A7%D9%84">clear filters</a>' in html
        )
        plain = self.client.get("/search/", {"q": "xylophone"}).content.decode()
        assert "clear filters" not in plain and "with these filters" not in plain

    def test_the_count_names_the_filters_in_force(self) -> None:
        """A student who searched from a reading's "Search this resolution" box is searching that
        resolution only, through a hidden field: the count line says so ("in OIC CFM Ex-21
        resolution"), with the language, body or year chosen, whether or not anything matches;
        a plain search names none."""
        html = self.client.get("/search/", {"q": "الاحتلال", "resolution": "demo"}).content
        count = html.decode().split('<p class="count">')[1].split("</p>")[0]
        assert "sentences in <bdi>OIC CFM Ex-21 resolution</bdi>" in count, count
        html = self.client.get(
            "/search/", {"q": "xylophone", "resolution": "demo", "lang": "en", "year": "2025"}
        ).content.decode()
        count = html.split('<p class="count">')[1].split("</p>")[0]
        assert "<strong>0</strong> sentences in <bdi>OIC CFM Ex-21 resolution</bdi>" in count
        assert "English only" in count and "2025" in count, count
        body = self.client.get(
            "/search/", {"q": "الاحتلال", "body": "OIC Council of Foreign Ministers"}
        ).content.decode()
        count = body.split('<p class="count">')[1].split("</p>")[0]
        assert "<bdi>OIC Council of Foreign Ministers</bdi>" in count, count
        plain = self.client.get("/search/", {"q": "الاحتلال"}).content.decode()
        count = plain.split('<p class="count">')[1].split("</p>")[0]
        assert " in <bdi>" not in count and "only" not in count, count

    def test_a_page_past_the_end_is_the_last_page(self) -> None:
        html = self.client.get("/search/", {"q": "الاحتلال", "page": "999"}).content.decode()
        pages = re.search(r"Page (\d+) of (\d+)", html)
        assert pages and pages[1] == pages[2] and '<li class="hit' in html

    def test_live_search_names_the_tab_after_its_query(self) -> None:
        """The fragment carries the page's title for its query (htmx puts it on the tab, so a
        bookmark or the history list names the search shown), escaped and cut like the page's."""
        html = self.client.get("/search/", {"q": "الاحتلال"}, headers={"HX-Request": "true"})
        assert html.content.decode().rstrip().endswith("<title>الاحتلال · Search · توازي</title>")
        odd = "<b>occupation</b> " + "x" * 80
        html = self.client.get("/search/", {"q": odd}, headers={"HX-Request": "true"})
        title = html.content.decode().rsplit("<title>", 1)[1]
        assert title.startswith("&lt;b&gt;occupation&lt;/b&gt; xxx") and "…" in title
        page = self.client.get("/search/", {"q": odd}).content.decode()
        assert f"<title>{title}" in page  # the same as the whole page's

    def test_back_button_after_live_search_gets_the_whole_page(self) -> None:
        """When htmx no longer holds a live search's snapshot (more than ten searches back), Back
        asks the server for the page with HX-Request and HX-History-Restore-Request: it gets the
        whole page, header and search box, not the bare results, even once the fragment is cached."""
        self.client.get("/search/", {"q": "الاحتلال"}, headers={"HX-Request": "true"})
        restore = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
        response = self.client.get("/search/", {"q": "الاحتلال"}, headers=restore)
        html = response.content.decode()
        assert "<html" in html and 'id="search-q"' in html and 'value="الاحتلال"' in html
        assert "<mark>الاحتلال</mark>" in html
        assert "HX-History-Restore-Request" in response["Vary"]

    def test_hit_source_line_and_missing_counterpart(self) -> None:
        """A hit names its resolution by the title cut to 80 characters and escaped, with no symbol
        when it has none, and says so when its sentence has no aligned counterpart."""
        demo = Resolution.objects.get(slug="demo")
        demo.title_en = (
            "Israeli <aggression> & the occupying power's war on Gaza: resolution of the "
            "Extraordinary Session of the Council of Foreign Ministers"
        )
        demo.symbol = ""
        demo.save()
        sentence = Paragraph.objects.get(resolution=demo, lang="en", index=0).sentences.get(index=0)
        Link.objects.filter(level=Level.SENTENCE, sentences=sentence).delete()
        html = self.client.get("/search/", {"q": sentence.text[:40].split()[2]}).content.decode()
        hit = html[html.index(f'<li class="hit" id="hit-{sentence.pk}">') :]
        hit = hit[: hit.index("</li>")]
        assert '<p class="missing">No aligned sentence</p>' in hit
        title = (
            "Israeli &lt;aggression&gt; &amp; the occupying power&#x27;s war on Gaza: resolution"
            " of the Ext…"
        )
        assert f"<bdi>{title}</bdi></a>\n         · ¶ 1</p>" in hit

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

    def test_hits_cite_the_paragraph_as_the_reader_does(self) -> None:
        """A student citing from a hit gets the reader's number: the demo's ninth Arabic
        paragraph is its sixth operative one, "op. 6" in the reader's margin, on the hit and in
        the API (the hit said "¶ 9")."""
        rows = resolution_rows(Resolution.objects.get(slug="demo"))
        margin = {p.id: p.label for row in rows for p in row.ar + row.en}
        data = self.client.get("/api/search", {"q": "الاحتلال", "lang": "ar"}).json()
        labels = {r["paragraph"]["id"]: r["paragraph"]["label"] for r in data["results"]}
        assert labels and labels == {pk: margin[pk] for pk in labels}
        assert any(label.startswith("op. ") for label in labels.values())
        p9 = Paragraph.objects.get(resolution__slug="demo", lang="ar", index=8)
        assert margin[p9.pk] == labels[p9.pk] == "op. 6"
        html = self.client.get("/search/", {"q": "الاحتلال", "lang": "ar"}).content.decode()
        hits = html.split('<li class="hit"')[1:]
        assert any("· op. " in h for h in hits) and "· ¶ 9<" not in html

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
        assert set(hit["paragraph"]) == {"id", "lang", "index", "label", "margin_label"}
        assert hit["paragraph"]["lang"] == "en"
        assert set(hit["sentence"]) == {"id", "text"}
        assert "<mark>" in hit["highlighted"] and "&#x27;" not in hit["sentence"]["text"]
        counterpart = hit["counterpart"][0]
        assert set(counterpart) == {"lang", "sentence_id", "text", "highlighted"}
        assert counterpart["lang"] == "ar"
        assert data["translations"] and {t["lang"] for t in data["translations"]} == {"ar"}

    def test_api_escapes_html_in_text(self) -> None:
        data = self.client.get("/api/search", {"q": "mediators"}).json()
        assert "<mark>mediators</mark>&#x27; attempts" in data["results"][0]["highlighted"]
        assert "mediators' attempts" in data["results"][0]["sentence"]["text"]

    def test_past_the_window_the_count_says_at_least(self) -> None:
        """Beyond the matches a search reads, the page says "N+" and the API count_capped, and
        paging stops at the window (here 30 matches read, the pairs among them matched on both
        sides listed once: 2 pages of 20)."""
        with mock.patch.object(engines, "WINDOW", 30):
            html = self.client.get("/search/", {"q": "الاحتلال OR occupation"}).content.decode()
            data = self.client.get("/api/search", {"q": "الاحتلال OR occupation"}).json()
        assert data["count_capped"] is True and 20 < data["count"] < 30 and data["pages"] == 2
        assert f'<p class="count"><strong>{data["count"]}+</strong> sentences' in html
        assert "Page 1 of 2" in html
        # The facets count what was read, and say so.
        assert "counts are among the first 30 matches" in html
        assert sum(data["facets"]["lang"].values()) == 30
        cache.clear()  # the answers above are cached for this corpus generation
        exact = self.client.get("/api/search", {"q": "الاحتلال OR occupation"}).json()
        assert sum(exact["facets"]["lang"].values()) > 30 and exact["count_capped"] is False
        html = self.client.get("/search/", {"q": "الاحتلال OR occupation"}).content.decode()
        assert "counts are among the first" not in html

    def test_header_has_a_search_box(self) -> None:
        html = self.client.get("/").content.decode()
        assert '<form class="site-search" role="search" method="get" action="/search/">' in html

    def test_constant_queries_on_the_page(self) -> None:
        """The page costs the same queries for 2 hits as for 20 (background frequencies cached),
        and for both languages' matches as for one's, plus one for the corpus generation; a
        repeated search is one query, from the cache."""
        search("الاحتلال")  # background frequencies of both languages, cached per process
        search("occupation")
        with self.assertNumQueries(5):
            self.client.get("/search/", {"q": "62,500"})
        with self.assertNumQueries(5):
            self.client.get("/search/", {"q": "الاحتلال OR occupation"})
        with self.assertNumQueries(5):
            self.client.get("/search/", {"q": "occupation"})
        with self.assertNumQueries(1):
            self.client.get("/search/", {"q": "الاحتلال OR occupation"})


class SdgSearchTests(TestCase):
    """Hits in the SDG targets cite the target's own number."""

    @classmethod
    def setUpTestData(cls) -> None:
        from tests.reader.test_views import import_sdg

        import_sdg("global_targets", "sdg-targets", keys=8)

    def test_a_hit_names_its_target_as_the_un_numbers_it(self) -> None:
        """ "microfinance" is in target 1.4 and "الجوع" in 2.1: the page and the API say 1.4 and
        2.1 (they said ¶ 4 and ¶ 8)."""
        data = self.client.get("/api/search", {"q": "microfinance"}).json()
        assert [r["paragraph"]["label"] for r in data["results"]] == ["1.4"]
        data = self.client.get("/api/search", {"q": "الجوع", "lang": "ar"}).json()
        assert {r["paragraph"]["label"] for r in data["results"]} == {"2.1"}
        html = self.client.get("/search/", {"q": "microfinance"}).content.decode()
        assert "· 1.4<" in html and "¶" not in html

    def test_an_arabic_hit_numbers_its_target_as_the_arabic_reader_does(self) -> None:
        """حشد ("mobilization") is in target 1.a, which the Arabic reader's margin writes 1-أ:
        the Arabic hit's line says 1-أ (it said 1.a), and the API adds margin_label "1-أ"
        beside label, the number both languages share; an English hit's two are the same."""
        rows = resolution_rows(Resolution.objects.get(slug="sdg-targets"))
        margin = {p.id: p.label for row in rows for p in row.ar + row.en}
        data = self.client.get("/api/search", {"q": "حشد", "lang": "ar"}).json()
        [paragraph] = [r["paragraph"] for r in data["results"]]
        assert margin[paragraph["id"]] == paragraph["margin_label"] == "1-أ"
        assert paragraph["label"] == "1.a"
        html = self.client.get("/search/", {"q": "حشد", "lang": "ar"}).content.decode()
        assert '· <bdi lang="ar" dir="rtl">1-أ</bdi><' in html and "· 1.a<" not in html
        data = self.client.get("/api/search", {"q": "mobilization"}).json()
        [paragraph] = [r["paragraph"] for r in data["results"]]
        assert paragraph["label"] == paragraph["margin_label"] == "1.a"


class SearchCacheTests(TestCase):
    """Searches are cached for everyone and answered afresh after every write to the corpus."""

    @classmethod
    def setUpTestData(cls) -> None:
        import_demo()
        cls.demo = Resolution.objects.get(slug="demo")
        cls.editor = User.objects.create_user("editor-amina", password="long-enough-pw-3")

    def api_count(self, q: str) -> int:
        return self.client.get("/api/search", {"q": q}).json()["count"]

    def test_repeat_searches_are_served_from_the_cache(self) -> None:
        """A repeated search (page or API) costs one query, the corpus generation."""
        page = self.client.get("/search/", {"q": "mediators"}).content.decode()
        data = self.client.get("/api/search", {"q": "mediators"}).json()
        with self.assertNumQueries(1):
            again = self.client.get("/search/", {"q": "mediators"}).content.decode()
        assert again.split("<main", 1)[1] == page.split("<main", 1)[1]
        with self.assertNumQueries(1):
            assert self.client.get("/api/search", {"q": "mediators"}).json() == data
        assert data["count"] > 0

    def test_page_and_fragment_are_cached_apart(self) -> None:
        """The full page and the HTMX fragment of one URL never stand in for each other."""
        full = self.client.get("/search/", {"q": "mediators"}).content.decode()
        fragment = self.client.get("/search/", {"q": "mediators"}, HTTP_HX_REQUEST="true")
        assert "<html" in full and "<html" not in fragment.content.decode()
        assert "<mark>mediators</mark>" in fragment.content.decode()
        assert "<html" in self.client.get("/search/", {"q": "mediators"}).content.decode()

    def test_text_edit_is_found_at_the_next_request(self) -> None:
        """A word an editor writes into a paragraph is found at once, on the page and by the
        API, and the words it replaced are gone."""
        paragraph = Paragraph.objects.get(resolution=self.demo, lang="en", index=41)
        (link,) = Link.objects.filter(level=Level.PARAGRAPH, paragraphs=paragraph)
        assert self.api_count("Zanzibar") == 0
        assert (
            "<mark>Zanzibar</mark>"
            not in self.client.get("/search/", {"q": "Zanzibar"}).content.decode()
        )
        submitting = self.api_count("submitting")
        assert submitting > 0 and "submitting" in paragraph.text
        paragraph_edit_text(
            resolution=self.demo,
            paragraph_id=paragraph.pk,
            text="The Council thanks the people of Zanzibar.",
            versions={link.pk: link.version},
            user=self.editor,
        )
        assert self.api_count("Zanzibar") == 1
        html = self.client.get("/search/", {"q": "Zanzibar"}).content.decode()
        assert "<mark>Zanzibar</mark>" in html
        assert self.api_count("submitting") < submitting

    def test_import_is_found_at_the_next_request(self) -> None:
        """A newly imported resolution's sentences count at once in a search made before."""
        before = self.api_count("mediators")
        ar, en = demo_sides()
        resolution_import(
            ar_paragraphs=ar[:2],
            en_paragraphs=[en[0], "Welcomes the report of the mediators."],
            meta=ResolutionMeta(slug="mediators-report", title_en="Report of the mediators"),
        )
        assert self.api_count("mediators") == before + 1
        assert (
            "Report of the mediators"
            in self.client.get("/search/", {"q": "mediators"}).content.decode()
        )

    def test_title_changed_in_the_admin_shows_in_hits(self) -> None:
        """Hits name their resolution by its current title."""
        assert (
            "OIC CFM Ex-21 resolution"
            in self.client.get("/search/", {"q": "mediators"}).content.decode()
        )
        admin = User.objects.create_superuser("admin", password="long-enough-pw-9")
        client = self.client_class()
        client.force_login(admin)
        fields = {"slug": "demo", "symbol": "CFM/EX-21", "title_ar": "", "body": "", "place": ""}
        fields |= {"title_en": "Extraordinary session on Gaza", "session": "", "date": ""}
        client.post(f"/admin/corpus/resolution/{self.demo.pk}/change/", fields)
        html = self.client.get("/search/", {"q": "mediators"}).content.decode()
        assert "Extraordinary session on Gaza" in html and "OIC CFM Ex-21 resolution" not in html


class UnnumberedParagraphTests(TestCase):
    """A hit in a paragraph the reader shows with no number (a heading, the opening formula) is
    labelled as the reader shows it, in the page's meta line and the API."""

    @classmethod
    def setUpTestData(cls) -> None:
        import_udhr_and_sdg_targets()

    def hit(self, q: str, lang: str, text: str) -> dict[str, Any]:
        data = self.client.get("/api/search", {"q": q, "lang": lang, "resolution": "udhr"}).json()
        return next(h for h in data["results"] if h["sentence"]["text"] == text)

    def meta_line(self, q: str, lang: str, sentence_id: int) -> str:
        html = self.client.get("/search/", {"q": q, "lang": lang, "resolution": "udhr"})
        item = html.content.decode().split(f'id="hit-{sentence_id}"', 1)[1].split("</li>", 1)[0]
        meta = re.sub(r"<[^>]+>", "", item.split('class="source meta">', 1)[1])
        return " ".join(meta.split())

    def test_a_heading_is_named_not_counted(self) -> None:
        """ "Preamble" / "الديباجة" showed "¶ 3" (English) and "¶ 2" (Arabic), a count the
        reader's margin does not show: the hit names the heading instead."""
        english = self.hit("Preamble", "en", "Preamble")
        assert english["paragraph"]["label"] == english["paragraph"]["margin_label"] == "Preamble"
        arabic = self.hit("الديباجة", "ar", "الديباجة")
        assert arabic["paragraph"]["margin_label"] == "الديباجة"
        assert arabic["paragraph"]["label"] == "Preamble"
        meta = self.meta_line("الديباجة", "ar", arabic["sentence"]["id"])
        assert meta.endswith("· الديباجة") and "¶" not in meta, meta

    def test_the_opening_formula_has_no_number(self) -> None:
        """ "The General Assembly" (with "Now, therefore,") and "فإن الجمعية العامة" showed
        "¶ 11" and "¶ 10": the reader prints them with no number, and so does the hit."""
        for q, lang, text in (
            ("therefore", "en", "Now, therefore,"),
            ('"General Assembly"', "en", "The General Assembly"),
            ("فإن", "ar", "فإن الجمعية العامة"),
        ):
            hit = self.hit(q, lang, text)
            assert hit["paragraph"]["label"] == hit["paragraph"]["margin_label"] == "", text
            meta = self.meta_line(q, lang, hit["sentence"]["id"])
            assert meta == "Universal Declaration of Human Rights · A/RES/217 A (III)", meta

    def test_the_title_row_is_not_named_twice(self) -> None:
        """The title row's hit read "Universal Declaration of Human Rights · A/RES/217 A (III) ·
        Universal Declaration of Human Rights": the source line already names the resolution."""
        title = "Universal Declaration of Human Rights"
        hit = self.hit('"Universal Declaration"', "en", title)
        meta = self.meta_line('"Universal Declaration"', "en", hit["sentence"]["id"])
        assert meta == f"{title} · A/RES/217 A (III)", meta

    def test_a_line_continuing_a_numbered_paragraph_is_named_as_the_margin_names_it(
        self,
    ) -> None:
        """The Arabic text breaks op. 1 ("Proclaims this Universal Declaration … as a common
        standard") in two lines, "تنادي بهذا الإعلان" and "على أنه المستوى المشترك …": a hit in
        the second was labelled "¶ 12", a count the reader's margin does not show (its row reads
        op. 1); it is labelled op. 1 too."""
        data = self.client.get(
            "/api/search", {"q": "المستوى المشترك", "lang": "ar", "resolution": "udhr"}
        ).json()
        [hit] = [h for h in data["results"] if h["sentence"]["text"].startswith("على أنه")]
        assert hit["paragraph"]["margin_label"] == hit["paragraph"]["label"] == "op. 1"
        meta = self.meta_line("المستوى المشترك", "ar", hit["sentence"]["id"])
        assert meta.endswith("· op. 1") and "¶" not in meta, meta

    def test_numbered_paragraphs_keep_their_numbers(self) -> None:
        """The adoption note beside the headings keeps its ¶ 2, as in the reader's margin."""
        note = (
            "اعتُمد بموجب قرار الجمعية العامة 217 ألف (د-3) المؤرخ في 10 كانون الأول / ديسمبر 1948."
        )
        hit = self.hit("217", "ar", note)
        assert hit["paragraph"]["margin_label"] == "¶ 2"
        assert self.meta_line("217", "ar", hit["sentence"]["id"]).endswith("· ¶ 2")


class ShortOrdinarySentenceTests(TestCase):
    """A hit in a short line of ordinary text ("Date of launch:") is not a heading's: its
    paragraph's row is not read to find out (the reader numbers it as usual)."""

    @classmethod
    def setUpTestData(cls) -> None:
        import_un_launch()

    def queries(self, slug: str) -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get("/search/", {"q": "launch", "resolution": slug})
        assert response.status_code == 200
        assert response.content.decode().count('id="hit-') == 3, slug
        return len(queries)

    def test_a_page_of_short_lines_costs_what_a_page_of_long_ones_does(self) -> None:
        """Three hits of two or three words each cost one query more than three long ones:
        their rows were read, in case one was a heading's."""
        self.queries("un-launch-long")  # what a first search reads once per process
        long = self.queries("un-launch-long")
        assert self.queries("un-launch-short") == long

    def test_short_lines_keep_their_numbers(self) -> None:
        data = self.client.get("/api/search", {"q": "launch", "resolution": "un-launch-short"})
        labels = {
            h["sentence"]["text"]: h["paragraph"]["margin_label"] for h in data.json()["results"]
        }
        assert labels == {
            "Date of launch:": "¶ 1",
            "Location of launch:": "¶ 2",
            "Launch vehicle:": "¶ 3",
        }


class BothSidesPageTests(TestCase):
    """A pair whose Arabic and English both hold the query ("2030" in the SDG targets) is one
    hit on the page and in the API, the count line the number of hits one can page through."""

    @classmethod
    def setUpTestData(cls) -> None:
        import_udhr_and_sdg_targets()

    def test_the_count_line_is_the_pairs_listed(self) -> None:
        first = self.client.get("/search/", {"q": "2030"}).content.decode()
        count = int(re.search(r'<p class="count"><strong>(\d+)</strong>', first)[1])  # type: ignore[index]
        pages = int(re.search(r"Page 1 of (\d+)", first)[1])  # type: ignore[index]
        listed: list[str] = []
        for page in range(1, pages + 1):
            html = self.client.get("/search/", {"q": "2030", "page": page}).content.decode()
            listed += re.findall(r'<li class="hit" id="hit-(\d+)"', html)
        assert len(listed) == len(set(listed)) == count

    def test_api_keeps_its_shape_and_marks_both_sides(self) -> None:
        data = self.client.get("/api/search", {"q": "2030"}).json()
        assert set(data) >= {"query", "count", "page", "results"}
        ids = [hit["sentence"]["id"] for hit in data["results"]]
        counterparts = {c["sentence_id"] for hit in data["results"] for c in hit["counterpart"]}
        assert ids and not set(ids) & counterparts
        both = [
            hit for hit in data["results"] if any("2030" in c["text"] for c in hit["counterpart"])
        ]
        assert both
        for hit in both:
            assert hit["paragraph"]["lang"] == "ar" and "<mark>2030</mark>" in hit["highlighted"]
            assert set(hit["counterpart"][0]) == {"lang", "sentence_id", "text", "highlighted"}
            assert any("<mark>2030</mark>" in c["highlighted"] for c in hit["counterpart"])

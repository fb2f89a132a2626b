"""Search over the demo resolution and real shared text: the issue's examples, the engine agreeing
with the analyzer, counterparts, translation spotting, filters and the reader's concordance."""

from __future__ import annotations

import re
from collections import Counter
from html import unescape
from typing import Any
from unittest import mock

from django.core.management import call_command
from django.db import connection
from django.test import SimpleTestCase, TestCase

from apps.alignment.models import Level, Link
from apps.bitext.analyze import analyze, parse_query, query_matches, stem_word, stored_columns
from apps.corpus.models import Resolution, Sentence
from apps.search import engines, selectors
from apps.search.engines import Filters
from apps.search.models import SearchEntry
from apps.search.selectors import concordance, highlight, search
from tests.search.corpus import (
    import_all,
    import_demo,
    import_ntrex_alan,
    import_udhr_and_sdg_targets,
    import_un_clitics,
    import_un_function_words,
    import_un_hamza,
    import_un_lam,
    import_un_numbers,
    import_un_prepositions,
    import_un_relatives,
    import_un_short_ba,
)

MARK_RE = re.compile(r"<mark>(.*?)</mark>")


def marked(q: str, **kwargs: object) -> set[str]:
    """Every word marked in the matched sentences of all result pages, hits and counterparts (a
    pair matched on both sides is one hit, its counterpart marked too)."""
    words: set[str] = set()
    for hit in search(q, per_page=200, spot=False, **kwargs).hits:  # type: ignore[arg-type]
        words.update(MARK_RE.findall(str(hit.highlighted)))
        for counterpart in hit.counterparts:
            words.update(MARK_RE.findall(str(counterpart.highlighted)))
    return words


class IssueExampleTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        import_all()

    def test_occupation_with_every_clitic(self) -> None:
        """احتلال finds الاحتلال, للاحتلال, بالاحتلال and والاحتلال."""
        words = marked("احتلال")
        assert {"الاحتلال", "للاحتلال", "بالاحتلال", "والاحتلال"} <= words

    def test_hamza_shadda_teh_marbuta(self) -> None:
        """اسرائيل finds إسرائيل; حمل finds وحمّل (shadda inside the mark); القوه finds القوة."""
        assert "إسرائيل" in marked("اسرائيل")
        assert "تحمّل" not in marked("حمل")  # تحمّل is another word (form V)
        assert "وحمّل" in marked("حمل")
        assert "القوة" in marked("القوه")

    def test_numbers(self) -> None:
        """62,500 finds (62,500), (62500) and (٦٢٥٠٠)."""
        words = marked("62,500")
        assert {"62,500", "62500", "٦٢٥٠٠"} <= words
        assert marked("٦٢٥٠٠") == words

    def test_english_stemming(self) -> None:
        """condemn finds condemns, condemned and condemnation."""
        assert {"condemns", "condemned", "condemnation"} <= marked("condemn")

    def test_engine_agrees_with_the_analyzer(self) -> None:
        """The database engine returns exactly the sentences the analyzer says match."""
        texts = list(Sentence.objects.values_list("id", "lang", "paragraph__resolution_id", "text"))
        demo = Resolution.objects.get(slug="demo").pk
        queries = [
            "احتلال",
            "القوه القائمه",
            '"القوة القائمة بالاحتلال"',
            "condemn",
            '"occupying power"',
            "occup*",
            "احتل*",
            "israel -gaza",
            "genocide OR ابادة",
            "62,500",
            '"united nat"*',
            "securit*",
            "community*",
            "لجن*",
            "the",
            "في",
        ]
        for q in queries:
            query = parse_query(q)
            for filters in (Filters(), Filters(lang="en"), Filters(resolution_id=demo)):
                expected = {
                    sid
                    for sid, lang, rid, text in texts
                    if query_matches(query, analyze(text))
                    and (not filters.lang or lang == filters.lang)
                    and (filters.resolution_id is None or rid == filters.resolution_id)
                }
                got = engines.all_matches(query, filters)
                assert got == expected, (connection.vendor, q, filters)
                assert got or q in ("62,500",) or filters != Filters(), q

    def test_count_facets_and_filters(self) -> None:
        """The count equals the resolution facets' sum, a language facet what choosing it counts
        (a pair matched on both sides is one hit, in each language's count); lang and resolution
        filters narrow it."""
        result = search("الاحتلال OR occupation")
        assert result.count == sum(f.count for f in result.resolution_facets)
        assert {f.value for f in result.lang_facets} == {"ar", "en"}
        for facet in result.lang_facets:
            assert facet.count == search("الاحتلال OR occupation", lang=facet.value).count
        assert result.count < sum(f.count for f in result.lang_facets)
        english = search("الاحتلال OR occupation", lang="en")
        assert 0 < english.count < result.count
        assert all(hit.lang == "en" for hit in english.hits)
        flores = search("الاحتلال OR occupation", resolution="flores")
        assert flores.count >= 1 and {h.resolution.slug for h in flores.hits} == {"flores"}
        assert (
            search("occupation", year=2022).count == search("occupation", resolution="flores").count
        )
        assert (
            search("occupation", body="oic council of foreign ministers").count
            == search("occupation", resolution="demo").count
        )
        unknown = search("occupation", resolution="no-such")
        assert unknown.count == 0 and "no-such" in unknown.hints[0]

    def test_arabic_and_english_words_together_say_why_nothing_matches(self) -> None:
        """Typing a word and its translation together finds nothing (each sentence is in one
        language), and the hint says so instead of suggesting fewer words."""
        mixed = search("الاحتلال occupation")
        assert mixed.count == 0
        assert any("one language" in hint for hint in mixed.hints)
        plain = search("occupation xylophone")
        assert plain.count == 0 and not any("one language" in hint for hint in plain.hints)

    def test_counting_stops_at_the_window(self) -> None:
        """Past the window the count says "at least", filtered or not, and the hits are ranked
        within it: pages stop there."""
        occupation = search("الاحتلال OR occupation", per_page=10)
        assert sum(f.count for f in occupation.lang_facets) > 30 and not occupation.count_capped
        with mock.patch.object(engines, "WINDOW", 30):
            result = search("الاحتلال OR occupation", per_page=10)
            # The 30 matches read hold pairs matched on both sides: each is one hit.
            assert result.count_capped and 10 < result.count < 30 and len(result.hits) == 10
            assert sum(f.count for f in result.lang_facets) == 30
            n = -(-result.count // 10)
            pages = [search("الاحتلال OR occupation", page=p, per_page=10) for p in range(1, n + 1)]
            listed = [h.sentence_id for page in pages for h in page.hits]
            assert len(listed) == len(set(listed)) == result.count
            beyond = search("الاحتلال OR occupation", page=n + 1, per_page=10)
            last = pages[-1]
            assert beyond.page == n
            assert [h.sentence_id for h in beyond.hits] == [h.sentence_id for h in last.hits]
            english = search("الاحتلال OR occupation", lang="en")
            assert english.count_capped is (english.count == 30)
            assert english.count > 0 and all(hit.lang == "en" for hit in english.hits)
            assert search("62,500").count_capped is False

    def test_a_page_past_the_end_shows_the_last_page(self) -> None:
        """A shared or old link asking for page 999 of a search with fewer pages shows its last
        page, with hits, not "Page 100 of 3" and an empty list."""
        count = search("الاحتلال", spot=False).count
        last_page = -(-count // 5)
        last = search("الاحتلال", page=last_page, per_page=5, spot=False)
        beyond = search("الاحتلال", page=999, per_page=5, spot=False)
        assert beyond.page == last_page and beyond.hits
        assert [h.sentence_id for h in beyond.hits] == [h.sentence_id for h in last.hits]

    def test_pages_do_not_overlap(self) -> None:
        first = search("الاحتلال", per_page=5, spot=False)
        second = search("الاحتلال", page=2, per_page=5, spot=False)
        assert len(first.hits) == len(second.hits) == 5
        assert not {h.sentence_id for h in first.hits} & {h.sentence_id for h in second.hits}


class ResultTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        import_demo()

    def test_hit_has_counterpart_with_aligned_clause_and_reader_link(self) -> None:
        """A hit shows its English counterpart with the aligned clause marked, and links to the reader."""
        result = search('"القوة القائمة بالاحتلال"')
        hit = result.hits[0]
        assert hit.lang == "ar" and hit.dir == "rtl"
        assert "<mark>القوة القائمة بالاحتلال</mark>" in hit.highlighted
        assert hit.counterparts and hit.counterparts[0].lang == "en"
        assert '<span class="aligned">' in hit.counterparts[0].highlighted
        assert "occupying power" in hit.counterparts[0].highlighted
        assert hit.url == f"/r/demo/?hl=s{hit.sentence_id}#s{hit.sentence_id}"
        assert hit.resolution.symbol == "CFM/EX-21" and re.fullmatch(
            r"(op|pre)\. \d+|¶ \d+", hit.paragraph_label
        )

    def test_translation_spotting(self) -> None:
        """Searching 'occupying power' summarises its Arabic rendering, القوة القائمة بالاحتلال."""
        result = search('"occupying power"')
        texts = [t.text for t in result.translations]
        assert texts and texts[0] == "القوة القائمة بالاحتلال", texts
        assert (result.translations[0].lang, result.translations[0].dir) == ("ar", "rtl")
        marked_ar = MARK_RE.findall(str(result.hits[0].counterparts[0].highlighted))
        assert {stem_word(w) for w in marked_ar} & {stem_word("القوة"), stem_word("القائمة")}

    def test_function_words_are_not_spotted_as_translations(self) -> None:
        """ "over" is not offered as the translation of القوة, nor له of secur*, nor marked in the
        counterparts; a query made of function words still gets one (against: ضد)."""
        from apps.bitext.lexicon import function_stems

        def function_only(text: str, lang: str) -> bool:
            return {t.stem for t in analyze(text)} <= function_stems(lang)

        for q in ("القوه", "secur*", "condemn", "احتلال", '"occupying power"'):
            result = search(q)
            assert result.translations, q
            assert not [t.text for t in result.translations if function_only(t.text, t.lang)], q
            for hit in result.hits:
                for c in hit.counterparts:
                    words = MARK_RE.findall(str(c.highlighted))
                    assert not [w for w in words if function_only(w, c.lang)], (q, words)
        assert [t.text for t in search("against").translations][0] == "ضد"

    def test_diacritics_kept_inside_the_mark(self) -> None:
        hit = search("حمل").hits[0]
        assert "<mark>وحمّل</mark>" in hit.highlighted

    def test_index_follows_reimport_and_delete(self) -> None:
        """Replacing a resolution reindexes it in the import; deleting it empties its index."""
        from apps.corpus.services import ResolutionMeta, resolution_import
        from tests.conftest import demo_sides

        ar, en = demo_sides()
        before = search("condemn").count
        resolution_import(
            ar_paragraphs=ar[:5],
            en_paragraphs=en[:5],
            meta=ResolutionMeta(slug="demo"),
            replace=True,
        )
        after = search("condemn").count
        assert 0 < after < before
        Resolution.objects.filter(slug="demo").delete()
        assert engines.all_matches(parse_query("condemn"), Filters()) == set()
        assert SearchEntry.objects.count() == 0

    def test_rebuild_search(self) -> None:
        """rebuild_search restores an emptied index."""
        count = search("الاحتلال").count
        SearchEntry.objects.all().delete()
        assert search("الاحتلال").count == 0
        call_command("rebuild_search", stdout=open("/dev/null", "w"))  # noqa: SIM115
        assert search("الاحتلال").count == count > 0

    def test_pages_from_stored_tokens_equal_pages_from_analysis(self) -> None:
        """The index's stored token offsets mark the same words, clauses and translations as
        analysing the texts again (entries without them, as before migration 0005, still work)."""
        queries = [
            "الاحتلال OR occupation",
            '"occupying power"',
            "حمل",
            "62,500",
            "occup*",
            "-gaza israel",
        ]

        def pages() -> list[dict[str, object]]:
            return [selectors.result_json(search(q, per_page=40)) for q in queries]

        rebuilt: list[object] = []

        def spy(stems: str, spans: bytes | None) -> object:
            rebuilt.append(columns := stored_columns(stems, spans))
            return columns

        with mock.patch.object(selectors, "stored_columns", spy):
            stored = pages()
        assert rebuilt and None not in rebuilt  # every text shown came from the index
        assert any("<mark>" in h["highlighted"] for page in stored for h in page["results"])
        SearchEntry.objects.update(spans=None)
        assert pages() == stored

    def test_concordance_contract(self) -> None:
        """concordance() gives the reader's word panel hits with text, highlight, counterpart, URL."""
        hits = concordance("الاحتلال", lang="ar", limit=3)
        assert len(hits) == 3
        for hit in hits:
            assert hit["paragraph"]["lang"] == "ar"
            assert "<mark>" in hit["highlighted"]
            assert hit["counterpart"][0]["lang"] == "en"
            assert hit["url"].startswith("/r/demo/?hl=s")
        first = hits[0]["sentence"]["id"]
        again = concordance("الاحتلال", lang="ar", limit=3, exclude_sentence=first)
        assert first not in [h["sentence"]["id"] for h in again] and len(again) == 3
        assert concordance("OR", lang="en") == [] or all(
            "<mark>" in h["highlighted"] for h in concordance("OR", lang="en")
        )

    def test_constant_queries_whatever_the_hits(self) -> None:
        """A page of results costs the same number of queries for 2 hits as for 20, and for words
        of both languages as for one (the index rows merging a pair found on both sides hold its
        sentence link: no read of the links)."""
        # Background frequencies of both languages, cached per process.
        search("الاحتلال")
        search("occupation")
        with self.assertNumQueries(4):
            rare = search("62,500")
        with self.assertNumQueries(4):
            frequent = search("الاحتلال OR occupation")
        with self.assertNumQueries(4):
            english = search("occupation")
        assert len(rare.hits) < len(english.hits) < len(frequent.hits) == 20


class TranslatedAsTests(TestCase):
    """What a translator reads in "Translated as" and in the marked counterparts, on the demo, the
    whole UDHR and the SDG targets: the query's translation, not the names of the documents'
    topic that stand beside it (Israel, Gaza), nor the other words of a UDHR article, and
    phrases as the text writes them."""

    @classmethod
    def setUpTestData(cls) -> None:
        import_demo()
        import_udhr_and_sdg_targets()

    def texts(self, q: str, **kwargs: str) -> list[str]:
        return [t.text for t in search(q, **kwargs).translations]

    def test_occupying_power_is_the_whole_arabic_phrase(self) -> None:
        texts = self.texts('"occupying power"')
        assert texts and texts[0] == "القوة القائمة بالاحتلال", texts
        assert not [t for t in texts if "إسرائيل" in t], texts

    def test_the_force_is_the_occupying_power_not_israel(self) -> None:
        texts = self.texts("القوه")
        assert texts and texts[0] == "occupying power", texts
        assert not [t for t in texts if "israel" in t], texts

    def test_condemn_is_yadin_first(self) -> None:
        texts = self.texts("condemn")
        assert texts and stem_word(texts[0]) == stem_word("يدين"), texts
        assert not {"إسرائيل", "غزة", "قطاع"} & {w for t in texts for w in t.split()}, texts

    def test_protection_marks_no_other_word_of_the_article(self) -> None:
        """UDHR article 7 ("entitled without any discrimination to equal protection"): only
        protection is marked as the translation of حماية."""
        result = search("حماي*", per_page=40)
        assert self.texts("حماي*")[0] == "protection"
        marks = {
            w.casefold()
            for hit in result.hits
            for c in hit.counterparts
            for w in MARK_RE.findall(str(c.highlighted))
        }
        assert "protection" in marks
        assert not {"entitled", "discrimination", "fundamental"} & marks, marks

    def test_phrases_are_shown_as_written(self) -> None:
        """In the SDG targets حماية is "protect" and "social protection", words the targets
        write, not "social protect" (a stem joined to a word)."""
        result = search("حماي*", resolution="sdg-targets", per_page=40)
        texts = [t.text for t in result.translations]
        assert "social protection" in texts, texts
        written = " ".join(c.text for hit in result.hits for c in hit.counterparts).casefold()
        for text in texts:
            assert re.search(rf"\b{re.escape(text)}\b", written), (text, texts)

    def test_translations_after_the_best_guess_are_most_frequent_first(self) -> None:
        """After its best guess the summary reads most frequent first, in the page and the API (it
        read "occupation 19, occupying power 10, israeli occupation 8, illegal occupation 2,
        end 7"); equal counts keep their order."""
        for q in ("الاحتلال", "development", "protection"):
            translations = search(q).translations
            counts = [t.count for t in translations[1:]]
            assert len(counts) >= 3 and counts == sorted(counts, reverse=True), (q, translations)
        assert [t.text for t in search("الاحتلال").translations] == [
            "occupation",
            "occupying power",
            "israeli occupation",
            "illegal occupation",
        ]

    def test_a_neighbours_translation_is_not_the_querys(self) -> None:
        """A word that translates the query's neighbour is not offered alone: "end" (إنهاء of
        إنهاء الاحتلال, "end the occupation") for الاحتلال, القضاء (of "end poverty") for
        poverty, "forms" (أشكال of "all forms of violence") for العنف, "occupation" (بالاحتلال
        of القوة القائمة بالاحتلال) for القوه; within a phrase with the query's translation it
        is ("israeli occupation", "occupying power")."""
        assert self.texts("الاحتلال") == [
            "occupation",
            "occupying power",
            "israeli occupation",
            "illegal occupation",
        ]
        assert "القضاء" not in self.texts("poverty")
        assert self.texts("العنف") == ["violence"]
        assert "occupation" not in self.texts("القوه")
        assert self.texts("القوه")[0] == "occupying power"
        marks = {
            w.casefold()
            for hit in search("الاحتلال", per_page=200).hits
            for c in hit.counterparts
            for w in MARK_RE.findall(str(c.highlighted))
        }
        assert not {"end", "ending"} & marks and "israeli occupation" in marks

    def test_al_insan_is_human_not_humanitarian(self) -> None:
        """الإنسان shares its search stem with الإنسانية (humanitarian), which the demo's
        sentences hold as often: the best guess is still what الإنسان itself is translated as,
        "human", and "humanitarian" (found through الإنسانية) follows."""
        texts = self.texts("الإنسان")
        assert texts[0] == "human", texts
        assert "humanitarian" in texts[1:], texts

    def test_the_typed_words_translation_leads_not_a_phrase_with_its_neighbours(self) -> None:
        """لحقوق is ل + حقوق, "rights": the UDHR's "الإعلان العالمي لحقوق الإنسان" is "Universal
        Declaration of Human Rights", where "human" is الإنسان's, the word beside it. The best
        guess is "rights", and "human rights" follows; حقوق and الإنسان keep theirs."""
        texts = self.texts("لحقوق")
        assert texts[0] == "rights", texts
        assert "human rights" in texts[1:], texts
        assert self.texts("حقوق")[0] == "rights"
        assert self.texts("الإنسان")[0] == "human"

    def test_a_phrase_is_marked_only_where_it_is_written_whole(self) -> None:
        """حقوق is spotted as "rights" and "human rights": in UDHR Article 1, "All human beings
        are born free and equal in dignity and rights", "rights" is marked and "human" is not,
        while the preamble's "human rights" is marked whole."""
        for q in ("حقوق", "لحقوق"):
            with self.subTest(q=q):
                counterparts = [c for hit in search(q, per_page=200).hits for c in hit.counterparts]
                article_1 = [c for c in counterparts if "All human beings" in c.text]
                assert len(article_1) == 1
                assert MARK_RE.findall(str(article_1[0].highlighted)) == ["rights"]
                marks = {
                    w.casefold() for c in counterparts for w in MARK_RE.findall(str(c.highlighted))
                }
                assert "human rights" in marks and "human" not in marks, marks

    def test_occupation_keeps_its_translations(self) -> None:
        texts = self.texts("الاحتلال")
        assert texts[:2] == ["occupation", "occupying power"], texts
        assert "israel" not in texts, texts

    def test_summaries_and_marks_of_real_queries(self) -> None:
        """The "Translated as" line and every word marked in the counterparts, for queries with
        at most 40 matches (all of them read for spotting, so the ranking of either engine gives
        the same): pinned so a change to the spotting's code that changes what a reader sees
        shows here."""
        cases: list[tuple[str, dict[str, str], str, dict[str, int]]] = [
            (
                '"occupying power"',
                {},
                "القوة القائمة بالاحتلال 9",
                {"القوة القائمة بالاحتلال": 10, "قوة احتلال": 1},
            ),
            (
                "القوه",
                {},
                "occupying power 11, entrenchment 2, continued 2, violated 2",
                {
                    "continue": 1,
                    "continued": 2,
                    "continuing": 1,
                    "entrenching": 1,
                    "entrenchment": 1,
                    "occupying power": 11,
                    "violated": 1,
                    "violating": 1,
                    "violation": 1,
                    "violations": 4,
                },
            ),
            (
                "condemn",
                {},
                "ويدين 3, بشدة 4, إدانته 3",
                {
                    "إدانته": 1,
                    "إدانته بشدة": 1,
                    "بشدة": 1,
                    "وإدانته": 1,
                    "ويدين": 1,
                    "ويدين بشدة": 1,
                    "يدين بشدة": 1,
                },
            ),
            (
                "الاحتلال",
                {},
                "occupation 19, occupying power 10, israeli occupation 8, illegal occupation 2",
                {
                    "Israeli occupation": 9,
                    "Israeli occupation's": 2,
                    "illegal occupation": 2,
                    "occupation": 7,
                    "occupying power": 10,
                },
            ),
            (
                "poverty",
                {},
                "الفقر 6, الفقر بجميع 2",
                {"الفقر": 4, "الفقر بجميع": 2},
            ),
            (
                '"حقوق الإنسان"',
                {},
                "human rights 10, universal declaration 2",
                {"Human Rights": 2, "Universal Declaration": 2, "human rights": 8},
            ),
            (
                "right*",
                {"resolution": "sdg-targets"},
                "حقوق 5",
                {"الحقوق": 2, "حقوق": 2, "وحقوق": 1},
            ),
            # Found on both sides: one hit, the counterpart marked with the query itself.
            ("62,500", {}, "", {"62,500": 1}),
            (
                "حماي*",
                {},
                "protection 29, social protection 5",
                {
                    "Protect": 1,
                    "protect": 6,
                    "protected": 1,
                    "protecting": 4,
                    "protection": 11,
                    "protects": 1,
                    "social protection": 5,
                },
            ),
            (
                "protection",
                {},
                "حماية 22, بحماية 5, للحماية الاجتماعية 2, التمتع بحماية 2, المشـروع للأنواع 2",
                {
                    "التمتع بحماية": 2,
                    "الحماية": 4,
                    "الحماية الاجتماعية": 1,
                    "المشـروع للأنواع": 2,
                    "بحماية": 3,
                    "حماية": 10,
                    "لحماية": 2,
                    "للحماية الاجتماعية": 2,
                    "للحمايـة الاجتمـاعية": 1,
                    "والحماية الاجتماعية": 1,
                    "وحماية": 1,
                    "وحمـاية": 1,
                },
            ),
            (
                "discrimination",
                {},
                "تمييز 3, الحق 2",
                {"التمييز": 1, "الحق": 2, "تمييز": 2, "تمييز الحق": 1},
            ),
            (
                "التنمية",
                {},
                "development 16, sustainable development 10",
                {
                    "Develop": 1,
                    "Development": 1,
                    "Sustainable Development": 2,
                    "develop": 1,
                    "developing": 3,
                    "development": 5,
                    "sustainable development": 8,
                },
            ),
            (
                "women",
                {},
                "النساء 14, المرأة 3",
                {
                    "المرأة": 2,
                    "النساء": 6,
                    "النسـاء": 3,
                    "للمرأة": 1,
                    "للنساء": 1,
                    "والمرأة": 1,
                    "والنساء": 3,
                    "ونساء": 1,
                },
            ),
            ("الأطفال", {}, "children 8, child 2", {"child": 2, "children": 8}),
            ("العنف", {}, "violence 5", {"violence": 5}),
        ]
        for q, filters, summary, marks in cases:
            with self.subTest(q=q, **filters):
                result = search(q, per_page=200, **filters)  # type: ignore[arg-type]
                assert result.count <= selectors.SPOT_SAMPLE
                shown = ", ".join(f"{t.text} {t.count}" for t in result.translations)
                assert shown == summary
                found = Counter(
                    unescape(word)
                    for hit in result.hits
                    for c in hit.counterparts
                    for word in MARK_RE.findall(str(c.highlighted))
                )
                assert found == marks


class SeatedAlefTests(TestCase):
    """Search folds every hamza seat, so ألان (the name Allan, in NTREX's "حارس مرمى رينجرز ألان
    ماكجريجور") is read as الآن ("now", in the demo's "أدى حتى الآن إلى سقوط")."""

    @classmethod
    def setUpTestData(cls) -> None:
        import_demo()
        import_ntrex_alan()

    def test_alan_finds_now_too_and_says_how_to_find_the_name(self) -> None:
        """Searching ألان finds both words and says so, with the way to the name alone: the name
        with its neighbour in quotes, which finds Rangers' goalkeeper and no "now"."""
        result = search("ألان")
        assert {"ألان", "الآن"} <= marked("ألان")
        assert any("الآن" in hint and "ألان ماكجريجور" in hint for hint in result.hints)
        name = search('"ألان ماكجريجور"')
        assert name.count == 1 and "McGregor" in name.hits[0].counterparts[0].text
        assert not search("الآن").hints and not search("الان").hints


class BothSidesTests(TestCase):
    """A query found on both sides of an aligned pair (a year, a symbol, a name written in Latin
    letters in the Arabic too) lists the pair once, as Linguee does: the Arabic sentence as the
    hit, its English counterpart marked with the query's match as well."""

    @classmethod
    def setUpTestData(cls) -> None:
        import_demo()
        import_udhr_and_sdg_targets()

    def listed(self, q: str, **kwargs: object) -> list[Any]:
        """Every hit of every result page, paged as a reader pages (20 a page)."""
        first = search(q, spot=False, **kwargs)  # type: ignore[arg-type]
        hits = list(first.hits)
        for page in range(2, first.pages + 1):
            hits += search(q, page=page, spot=False, **kwargs).hits  # type: ignore[arg-type]
        return hits

    def expected(self, q: str) -> set[int]:
        """The analyzer's matches, but an English match whose aligned Arabic sentence matches
        too: that pair is listed once, under its Arabic sentence."""
        query = parse_query(q)
        lang_of = {
            sid: lang
            for sid, lang, text in Sentence.objects.values_list("id", "lang", "text")
            if query_matches(query, analyze(text))
        }
        arabic_partner: set[int] = set()
        for link in Link.objects.filter(level=Level.SENTENCE).prefetch_related("sentences"):
            members = {s.id for s in link.sentences.all()}
            if any(lang_of.get(m) == "ar" for m in members):
                arabic_partner |= {m for m in members if lang_of.get(m) == "en"}
        return set(lang_of) - arabic_partner

    def test_a_pair_found_on_both_sides_is_listed_once(self) -> None:
        """ "2030" is in both the Arabic and the English of most SDG targets that name it: each
        pair once, the count line equal to the pairs one can page through."""
        for q in ("2030", "2015", '"A/RES/70/1"'):
            with self.subTest(q=q):
                hits = self.listed(q)
                result = search(q, spot=False)
                assert len(hits) == result.count and not result.count_capped
                ids = [h.sentence_id for h in hits]
                assert len(ids) == len(set(ids))
                shown_as_counterpart = {c.sentence_id for h in hits for c in h.counterparts}
                assert not shown_as_counterpart & set(ids), q
                assert set(ids) == self.expected(q), (connection.vendor, q)

    def test_a_merged_pair_takes_the_better_place_of_its_two(self) -> None:
        """Where the English sentence of a merged pair ranks above its Arabic one, the pair is
        listed at the English sentence's place."""
        found = engines.window(parse_query("2030"), Filters())
        kept = self.expected("2030")
        arabic_of = {
            c.sentence_id: hit.sentence_id
            for hit in self.listed("2030")
            for c in hit.counterparts
            if c.sentence_id in found.ids and c.sentence_id not in kept
        }
        order = list(dict.fromkeys(arabic_of.get(sid, sid) for sid in found.ids))
        assert [h.sentence_id for h in self.listed("2030")] == order
        assert any(found.ids.index(e) < found.ids.index(a) for e, a in arabic_of.items())

    def test_the_counterpart_is_marked_with_the_query_too(self) -> None:
        """The Arabic hit is the sentence; its English counterpart, which holds "2030" too, marks
        it there as it is marked in the Arabic."""
        hits = self.listed("2030")
        both = [h for h in hits if any("2030" in c.text for c in h.counterparts)]
        assert both and all(h.lang == "ar" for h in both)
        for hit in both:
            assert "2030" in MARK_RE.findall(str(hit.highlighted))
            english = next(c for c in hit.counterparts if "2030" in c.text)
            assert "2030" in MARK_RE.findall(str(english.highlighted)), english.text

    def test_facets_agree_with_the_list(self) -> None:
        """The resolution facets add up to the pairs listed; a language facet counts that
        language's matches, what choosing it lists."""
        result = search("2030", spot=False)
        assert sum(f.count for f in result.resolution_facets) == result.count
        for facet in result.lang_facets:
            assert facet.count == search("2030", lang=facet.value, spot=False).count
        sdg = search("2030", resolution="sdg-targets", spot=False)
        by_slug = {f.value: f.count for f in result.resolution_facets}
        assert (
            sdg.count
            == by_slug["sdg-targets"]
            == len(self.listed("2030", resolution="sdg-targets"))
        )

    def test_an_editors_relinking_changes_what_is_listed_as_one_pair(self) -> None:
        """A pair listed once under "2030" is two hits once an editor unlinks its sentences (each
        stands alone), one again when they link them back, two when that is undone, and one
        after a merge of the two one-sided links: each search follows the links as edited."""
        from apps.alignment.services import edit_undo, link_link, link_merge, link_unlink

        def hits() -> list[int]:
            return [h.sentence_id for h in self.listed("2030")]

        hit = next(
            h
            for h in self.listed("2030")
            if h.lang == "ar" and any("2030" in c.text for c in h.counterparts)
        )
        (english,) = [c.sentence_id for c in hit.counterparts if "2030" in c.text]
        arabic = hit.sentence_id
        assert arabic in hits() and english not in hits()
        count = search("2030", spot=False).count
        resolution = hit.resolution
        link = Link.objects.get(level=Level.SENTENCE, sentences=arabic)
        link_unlink(resolution=resolution, link_id=link.pk, version=link.version, user=None)
        assert {arabic, english} <= set(hits())
        assert search("2030", spot=False).count == count + 1
        ar_only = Link.objects.get(level=Level.SENTENCE, sentences=arabic)
        en_only = Link.objects.get(level=Level.SENTENCE, sentences=english)
        versions = {ar_only.pk: ar_only.version, en_only.pk: en_only.version}
        edit = link_link(
            resolution=resolution,
            ar_link_id=ar_only.pk,
            en_link_id=en_only.pk,
            versions=versions,
            user=None,
        )
        assert arabic in hits() and english not in hits()
        assert search("2030", spot=False).count == count
        edit_undo(resolution=resolution, edit_id=edit.pk, user=None)
        assert {arabic, english} <= set(hits())
        ar_only = Link.objects.get(level=Level.SENTENCE, sentences=arabic)
        en_only = Link.objects.get(level=Level.SENTENCE, sentences=english)
        link_merge(
            resolution=resolution,
            versions={ar_only.pk: ar_only.version, en_only.pk: en_only.version},
            user=None,
        )
        assert arabic in hits() and english not in hits()
        assert search("2030", spot=False).count == count

    def test_a_chosen_language_lists_every_match_in_it(self) -> None:
        """With a language chosen nothing is merged: each of its matches is a hit."""
        query = parse_query("2030")
        for lang in ("ar", "en"):
            expected = {
                sid
                for sid, text in Sentence.objects.filter(lang=lang).values_list("id", "text")
                if query_matches(query, analyze(text))
            }
            hits = self.listed("2030", lang=lang)
            assert {h.sentence_id for h in hits} == expected and len(hits) == len(expected)
            assert not any(
                "<mark>" in str(c.highlighted) and "2030" in MARK_RE.findall(str(c.highlighted))
                for h in hits
                for c in h.counterparts
            )


class GroupedNumberTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        import_un_numbers()

    def test_un_arabic_number_found_from_its_english_writing(self) -> None:
        """483,918 finds the Arabic "918 483 شخصا" (groups stored reversed) and the English: one
        hit, the Arabic, with the number marked in both."""
        result = search("483,918", per_page=10, spot=False)
        assert [hit.lang for hit in result.hits] == ["ar"]
        arabic = result.hits[0]
        assert "<mark>918 483</mark>" in arabic.highlighted
        assert "<mark>483,918</mark>" in arabic.counterparts[0].highlighted
        assert {h.lang for h in search("483,918", lang="en", spot=False).hits} == {"en"}
        pasted = search("918 483", spot=False)
        assert {h.sentence_id for h in pasted.hits} == {h.sentence_id for h in result.hits}
        both = search("3,444,250", spot=False)  # one pair, found in both languages
        assert both.count == 1 and {f.value: f.count for f in both.lang_facets} == {
            "ar": 1,
            "en": 1,
        }

    def test_engine_agrees_with_the_analyzer_on_grouped_numbers(self) -> None:
        """The engine matches exactly what the analyzer matches for every reading of a number."""
        texts = list(Sentence.objects.values_list("id", "text"))
        for q in ("918 483", "483,918", "250 444 3", '"918 483"', "483918 OR 3444250"):
            query = parse_query(q)
            expected = {sid for sid, text in texts if query_matches(query, analyze(text))}
            assert engines.all_matches(query, Filters()) == expected, (connection.vendor, q)
            assert expected or q == '"918 483"', q


class FunctionWordTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        import_un_function_words()

    def test_the_mechanism_is_not_the_preposition(self) -> None:
        """الآلية finds the mechanism (الآلية, آلية) and not every إلى of the corpus."""
        assert marked("الآلية") == {"الآلية", "آلية"}
        assert marked("آلية") == {"الآلية", "آلية"}
        assert "إلى" not in marked("الآلية") and "إلى" in marked("إلى")

    def test_the_united_states_is_not_and_not(self) -> None:
        """الولايات المتحدة marks the United States, never ولا ("and not") or لأي ("for any")."""
        words = marked("الولايات المتحدة")
        assert "الولايات المتحدة" in words
        assert not {"ولا", "لأي"} & words
        assert marked("الولايات") == {"الولايات", "والولايات"}

    def test_deaths_are_not_and_in(self) -> None:
        """الوفيات (maternal deaths, line 6) is not وفي ("and in", line 60)."""
        assert marked("الوفيات") == {"الوفيات"}
        assert marked("وفي") == {"وفي"}

    def test_engine_agrees_with_the_analyzer_on_these_words(self) -> None:
        """Both engines match exactly what the analyzer matches for the words that changed."""
        texts = list(Sentence.objects.values_list("id", "text"))
        for q in ("الآلية", "آلية", "الولايات", "ولا", "إلى", "لأي", "كان", "ولاية", "الوفيات"):
            query = parse_query(q)
            expected = {sid for sid, text in texts if query_matches(query, analyze(text))}
            assert engines.all_matches(query, Filters()) == expected, (connection.vendor, q)


class HamzaTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        import_un_hamza()

    def test_the_category_is_not_in_it(self) -> None:
        """الفئة (the category) finds and marks the category, not فيه ("in it"); الفئات (the
        categories) not وفيات (deaths); يؤدي (leads to) not يود (wishes)."""
        assert marked("الفئة") == {"الفئة"}
        assert marked("فيه") == {"فيه"}
        assert marked("الفئات") == {"الفئات"}
        assert marked("وفيات") == {"وفيات"}
        assert marked("يؤدي") == {"يؤدي"}

    def test_spellings_of_one_hamza_word_find_each_other(self) -> None:
        """مسئولية, as Egyptian spelling writes it, finds UN Arabic's المسؤولية; المئة finds
        في المائة (and not water, الماء); أداء finds أدائها; المساءلة is not المسائل."""
        assert marked("مسئولية") == marked("مسؤولية") == {"المسؤولية"}
        assert marked("المئة") == marked("المائة") == {"المائة"}
        assert marked("الماء") == {"الماء"}
        assert marked("أداء") == {"أداء", "أدائها"}
        assert marked("المساءلة") == {"والمساءلة"}
        assert marked("المسائل") == {"المسائل"}

    def test_engine_agrees_with_the_analyzer_on_these_words(self) -> None:
        """Both engines match exactly what the analyzer matches for the hamza words, also typed
        without the hamza's seat (مسوولية)."""
        texts = list(Sentence.objects.values_list("id", "text"))
        words = ("الفئة", "فيه", "الفئات", "وفيات", "مسئولية", "المئة", "الماء", "أداء", "يؤدي")
        for q in (*words, "مسوولية", "مسئول*", '"في المئة"'):
            query = parse_query(q)
            expected = {sid for sid, text in texts if query_matches(query, analyze(text))}
            assert expected, q
            assert engines.all_matches(query, Filters()) == expected, (connection.vendor, q)


class CliticReadingTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        import_un_clitics()

    def test_document_with_and_without_the_article(self) -> None:
        """وثيقة and الوثيقة find each other (the bare word's و was taken for "and")."""
        assert marked("وثيقة") == marked("الوثيقة") == {"وثيقة", "الوثيقة"}

    def test_committee_after_li_and_the_article(self) -> None:
        """لجنة finds للجنة (ل + ال + لجنة, one ل written) as well as اللجنة, and the other way."""
        assert marked("لجنة") == marked("للجنة") == {"للجنة", "اللجنة"}
        assert "كل" not in marked("لكل")

    def test_human_rights_after_a_bare_li(self) -> None:
        """حقوق and "حقوق الإنسان" find the High Commissioner for (ل) Human Rights."""
        assert marked("حقوق") == {"لحقوق"}
        assert marked('"حقوق الإنسان"') == {"لحقوق الإنسان"}

    def test_engine_agrees_with_the_analyzer_on_clitic_readings(self) -> None:
        """Both engines match exactly what the analyzer matches for every reading of a word."""
        texts = list(Sentence.objects.values_list("id", "text"))
        for q in (
            "وثيقة",
            "الوثيقة",
            "لجنة",
            "للجنة",
            "لكل",
            "الرسالة -وثيقة",
            "وثيقة OR لجنة",
            '"حقوق الإنسان"',
            "حقوق -الإنسان",
            "وثيق*",
            "الوثيق*",
            "حقو*",
            '"حقوق الإنس"*',
        ):
            query = parse_query(q)
            expected = {sid for sid, text in texts if query_matches(query, analyze(text))}
            assert engines.all_matches(query, Filters()) == expected, (connection.vendor, q)
            assert expected or q in ("الرسالة -وثيقة", "حقوق -الإنسان"), q


class LamReadingTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        import_un_lam()

    def test_a_short_word_after_a_bare_li(self) -> None:
        """شؤون finds the Advisory Committee on (ل) Administrative Affairs: لشؤون was cut to
        لشء, a stem no query read."""
        assert marked("شؤون") == marked("الشؤون") == {"لشؤون"}
        assert marked('"شؤون الإدارة"') == {"لشؤون الإدارة"}
        assert marked("الحد") == {"للحد"}
        assert "لديها" in marked("لدى")

    def test_a_word_of_lam_after_li_and_the_article(self) -> None:
        """للجنة (ل + ال + لجنة) has لجنة's own stem: لجن* finds it, and جنة (paradise) does
        not."""
        assert marked("لجن*") == marked("لجنة") == {"للجنة", "اللجنة"}
        assert marked("جنة") == set()

    def test_hundreds_are_not_favourable(self) -> None:
        """مئات (hundreds) and المؤاتية (favourable) no longer share a stem."""
        assert marked("مئات") == {"مئات"}
        assert marked("مؤاتية") == {"المؤاتية"}

    def test_engine_agrees_with_the_analyzer_on_lam_readings(self) -> None:
        """Both engines match exactly what the analyzer matches."""
        texts = list(Sentence.objects.values_list("id", "text"))
        for q in ("شؤون", "الحد", "لدى", "لجن*", "لجنة", "للجنة", "شؤو*", "مئات", "مؤاتية"):
            query = parse_query(q)
            expected = {sid for sid, text in texts if query_matches(query, analyze(text))}
            assert expected, q
            assert engines.all_matches(query, Filters()) == expected, (connection.vendor, q)


class PrepositionReadingTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        import_un_prepositions()

    def test_gods_name_is_not_to_him(self) -> None:
        """الله finds Hezbollah's line and not "ليست له" (not his), nor له الله."""
        assert marked("الله") == {"الله"}
        assert marked("له") == {"له"}

    def test_crisis_after_li(self) -> None:
        """الأزمة finds لأزمة and للأزمة (for a crisis) again; اللاتي not للآتي (but التي, its
        singular)."""
        assert marked("الأزمة") == {"لأزمة", "للأزمة"}
        assert marked("اللاتي") == {"اللاتي", "التي"}
        assert marked("الآتي") == {"للآتي"}

    def test_a_bare_ba_or_kaf(self) -> None:
        """حماية finds بحماية and أداة كأداة; شأن does not find بشأن ("regarding")."""
        assert marked("حماية") == {"بحماية"}
        assert marked("أداة") == {"كأداة"}
        assert marked("شأن") == set()

    def test_engine_agrees_with_the_analyzer_on_prepositions(self) -> None:
        """Both engines match exactly what the analyzer matches."""
        texts = list(Sentence.objects.values_list("id", "text"))
        for q in ("الله", "له", "الأزمة", "أزمة", "اللاتي", "الآتي", "حماية", "أداة", "بحماية"):
            query = parse_query(q)
            expected = {sid for sid, text in texts if query_matches(query, analyze(text))}
            assert expected, q
            assert engines.all_matches(query, Filters()) == expected, (connection.vendor, q)


class ShortBaTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        import_un_short_ba()

    def test_a_period_is_not_a_city(self) -> None:
        """مدة (a period) finds لمدة and not بمدينة (in the city, the demo's paragraph 16), nor
        سنة (a year) بسن (by enacting); مدينة still finds بمدينة."""
        assert marked("مدة") == {"لمدة"}
        assert marked("مدينة") == {"بمدينة", "مدينة", "للمدينة"}
        assert marked("سنة") == {"بسنة"}

    def test_that_and_because(self) -> None:
        """بأن finds بأن and بأنه; أن finds neither, nor لأن (because)."""
        assert marked("بأن") == {"بأن", "بأنه"}
        assert marked("لأن") == {"لأن"}
        assert {"بأن", "بأنه", "لأن"}.isdisjoint(marked("أن"))

    def test_the_relative_pronoun_is_not_of(self) -> None:
        """ذي (ذي الصلة) does not find الذي, nor ذي* الذي."""
        assert marked("ذي") == marked("ذي*") == {"ذي"}
        assert "ذي" not in marked("الذي")

    def test_a_prefix_after_a_bare_ba(self) -> None:
        """حماي* finds بحماية (the demo's paragraph 18), as حماية does."""
        assert "بحماية" in marked("حماي*")
        assert marked("حماي*") >= marked("حماية")

    def test_engine_agrees_with_the_analyzer_on_a_bare_ba(self) -> None:
        """Both engines match exactly what the analyzer matches."""
        texts = list(Sentence.objects.values_list("id", "text"))
        for q in (
            "مدة",
            "مدينة",
            "سنة",
            "بسنة",
            "بأن",
            "أن",
            "لأن",
            "ذي",
            "الذي",
            "حماي*",
            "مدين*",
        ):
            query = parse_query(q)
            expected = {sid for sid, text in texts if query_matches(query, analyze(text))}
            assert expected, q
            assert engines.all_matches(query, Filters()) == expected, (connection.vendor, q)


class RelativePronounTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        import_un_relatives()

    def test_now_is_not_that(self) -> None:
        """أن ("that") does not find حتى الآن ("until now"); الآن finds it and nothing else."""
        assert marked("أن") == {"أن"}
        assert marked("الآن") == {"الآن"}
        assert search("الآن", spot=False).count == 2

    def test_a_relative_pronoun_finds_its_dual_and_plural(self) -> None:
        """الذين finds the dual اللذين and اللذان and the singular, as a dictionary groups them;
        اللتين finds التي, اللواتي and اللائي; neither finds the other gender."""
        masculine = {"الذين", "اللذين", "اللذان", "الذي"}
        feminine = {"التي", "اللتين", "اللواتي", "اللائي"}
        for q in masculine:
            assert marked(q) == masculine, q
        for q in feminine | {"اللاتي"}:
            assert marked(q) == feminine, q

    def test_engine_agrees_with_the_analyzer_on_own_articles(self) -> None:
        """Both engines match exactly what the analyzer matches."""
        texts = list(Sentence.objects.values_list("id", "text"))
        for q in ("أن", "الآن", "آن", "الذين", "اللذين", "التي", "اللاتي", "الآ*", "اللذ*"):
            query = parse_query(q)
            expected = {sid for sid, text in texts if query_matches(query, analyze(text))}
            assert expected, q
            assert engines.all_matches(query, Filters()) == expected, (connection.vendor, q)


class PostgresScanTests(TestCase):
    def test_scans_start_at_the_first_page(self) -> None:
        """PostgreSQL: a word in most sentences is ranked among the first matches of a sequential
        scan, so scans must not start where the last one stopped (synchronized scans made the same
        search show other hits at every request on a large table)."""
        if connection.vendor != "postgresql":
            self.skipTest("PostgreSQL only")
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronize_seqscans")
            assert cursor.fetchone()[0] == "off"


class PostgresPreparedReadTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        import_demo()

    def test_page_reads_are_planned_once_per_connection(self) -> None:
        """PostgreSQL: the page's reads of sentences and clauses are prepared statements (planning
        them cost more than running them) and give the page a plain statement would."""
        if connection.vendor != "postgresql":
            self.skipTest("PostgreSQL only")
        first = search("الاحتلال OR occupation")
        again = search("الاحتلال OR occupation")
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT statement, generic_plans + custom_plans FROM pg_prepared_statements"
            )
            runs = cursor.fetchall()
        for table in ("FROM corpus_sentence AS s", "FROM corpus_clause AS c"):
            assert any(table in statement and n >= 2 for statement, n in runs), (table, runs)
        with mock.patch("apps.core.db.prepared_cursor", connection.cursor):
            plain = search("الاحتلال OR occupation")

        def shown(result: selectors.SearchResult) -> list[object]:
            return [(h.highlighted, [c.highlighted for c in h.counterparts]) for h in result.hits]

        assert shown(first) == shown(again) == shown(plain)
        assert len(first.hits) == 20 and first.translations == plain.translations


class PostgresIndexStorageTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        import_all()

    def setUp(self) -> None:
        if connection.vendor != "postgresql":
            self.skipTest("PostgreSQL only")

    def _pages(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_relation_size('search_entry') / current_setting('block_size')::int"
            )
            return int(cursor.fetchone()[0])

    def test_rebuild_leaves_the_table_as_compact_as_a_first_build(self) -> None:
        """PostgreSQL: rebuild_search gives the index new storage instead of appending the new
        entries after the old ones' pages (a search reading matches in table order would walk
        those empty pages first), and searches find what they found before."""
        counts = {q: search(q).count for q in ("الاحتلال", "rights", '"human rights"')}
        pages = self._pages()
        for _ in range(2):
            call_command("rebuild_search", stdout=open("/dev/null", "w"))  # noqa: SIM115
        assert self._pages() <= pages
        assert {q: search(q).count for q in counts} == counts
        assert all(counts.values())

    def test_the_document_is_kept_in_the_row(self) -> None:
        """PostgreSQL: the tsvector every search tests is stored in the row (MAIN), so a long
        entry's is not fetched from the TOAST table (migration 0006)."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT attstorage FROM pg_attribute"
                " WHERE attrelid = 'search_entry'::regclass AND attname = 'document'"
            )
            assert cursor.fetchone()[0] == "m"


class HighlightTests(SimpleTestCase):
    def test_mark_at_the_edge_of_the_aligned_clause_is_not_split(self) -> None:
        """A matched word that ends (or starts) exactly where the aligned clause does is one
        mark inside the clause, with no empty mark left beside it."""
        text = "to stop the aggression perpetrated by the Israeli occupation and its violations"
        word = next(t for t in analyze(text) if text[t.start : t.end] == "occupation")
        html = str(highlight(text, [(word.start, word.end)], span=(0, word.end)))
        assert "<mark></mark>" not in html
        assert '<span class="aligned">' in html and "<mark>occupation</mark></span>" in html
        starts = str(highlight(text, [(word.start, word.end)], span=(word.start, len(text))))
        assert '<span class="aligned"><mark>occupation</mark>' in starts
        assert "<mark></mark>" not in starts


class WarmUpTests(SimpleTestCase):
    def test_warm_up_loads_the_lexicon_by_key_without_the_database(self) -> None:
        """What a server loads before freezing its start-up objects (config/wsgi.py): the
        lexicon by key, so the first search does not create it among collectable objects."""
        selectors._lexicon_partners.cache_clear()
        selectors.warm_up()  # SimpleTestCase: any database query would fail the test
        assert selectors._lexicon_partners.cache_info().currsize == 1
        arabic, english = selectors._lexicon_partners()
        assert arabic and english

"""The list and reading pages, word help, citations and the JSON export, as a browser without
JavaScript (or htmx) sees them."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import TestCase

from apps.alignment.models import Level, Link
from apps.alignment.selectors import (
    LinkData,
    ParagraphView,
    Row,
    resolution_rows,
    rows_by_action,
    unit_citation,
)
from apps.alignment.services import (
    edit_undo,
    link_confirm,
    link_unlink,
    paragraph_edit_text,
    resolution_realign_unconfirmed,
)
from apps.bitext.analyze import stem_word
from apps.bitext.keyed import pair_keyed
from apps.corpus.management.commands.load_demo import demo_meta
from apps.corpus.models import Clause, Paragraph, Resolution, Sentence
from apps.corpus.services import ResolutionMeta, resolution_import
from apps.corpus.units import paragraphs_renumber
from apps.reader.templatetags.reading import row_label
from tests.conftest import demo_sides, sdg_yaml, shared_path, udhr_opening

HX = {"HTTP_HX_REQUEST": "true"}


def import_demo(slug: str = "demo", paragraphs: int = 42) -> Resolution:
    ar, en = demo_sides()
    return resolution_import(
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


def import_udhr(place: str = "Paris") -> Resolution:
    """The UDHR's adoption note and preamble, as A/RES/217 A (III), Paris, 10 December 1948."""
    ar, en = udhr_opening()
    return resolution_import(
        ar_paragraphs=ar,
        en_paragraphs=en,
        meta=ResolutionMeta(
            slug="udhr",
            title_en="Universal Declaration of Human Rights",
            title_ar="الإعلان العالمي لحقوق الإنسان",
            symbol="A/RES/217 A (III)",
            body="UN General Assembly",
            date=dt.date(1948, 12, 10),
            place=place,
        ),
    )


def import_ecosoc_2014_33() -> Resolution:
    """ECOSOC resolution 2014/33 whole, from the UN devset (lines 121, 1007, 1818): the opening
    formula on its own line, one preambular and one operative paragraph."""
    folder = shared_path("devdata", "unpc_v1.0_devset")
    ar = (folder / "UNv1.0.devset.ar").read_text(encoding="utf-8").splitlines()
    en = (folder / "UNv1.0.devset.en").read_text(encoding="utf-8").splitlines()
    lines = (120, 1006, 1817)
    return resolution_import(
        ar_paragraphs=[ar[i] for i in lines],
        en_paragraphs=[en[i] for i in lines],
        meta=ResolutionMeta(
            slug="e-res-2014-33", symbol="E/RES/2014/33", body="UN Economic and Social Council"
        ),
    )


def import_sdg(name: str, slug: str, keys: int | None = None) -> Resolution:
    """An SDG keyed pair of ../shared ("global_goals"), or its first keys, imported as the
    keyed import does: paragraphs paired by key, each labelled with its key's number."""
    ar, en = sdg_yaml(name, "ar"), sdg_yaml(name, "en")
    if keys is not None:
        chosen = [key for key in pair_keyed(ar, en).keys[:keys]]
        ar, en = {k: ar[k] for k in chosen}, {k: en[k] for k in chosen}
    document = pair_keyed(ar, en)
    return resolution_import(
        ar_paragraphs=list(document.ar),
        en_paragraphs=list(document.en),
        meta=ResolutionMeta(slug=slug, symbol="A/RES/70/1"),
        paragraph_links=document.paragraph_links(),
        ar_labels=document.labels("ar"),
        en_labels=document.labels("en"),
    )


def gutter_labels(html: str) -> dict[str, str]:
    """Each row's margin label as text, by the permalink it points to ("para-12": "pre. 3");
    "" for a row with none to show (its permalink's name is for a screen reader only)."""
    return {
        anchor: " ".join(
            text_of(re.sub(r'<span class="visually-hidden">.*?</span>', "", label)).split()
        )
        for anchor, label in re.findall(
            r'<a class="label" href="#([\w-]+)" title="Permalink">(.*?)</a>'
            r'(?:<a class="cite"|<span class="score)',
            html,
        )
    }


def text_of(html: str) -> str:
    """The page's text without tags (words are wrapped in spans, clauses in spans...)."""
    return unescape(re.sub(r"<[^>]+>", "", html))


def paragraph(resolution: Resolution, lang: str, index: int) -> Paragraph:
    return Paragraph.objects.get(resolution=resolution, lang=lang, index=index)


class ReaderPageTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.demo = import_demo()

    def test_list_shows_titles_in_both_languages(self) -> None:
        """/ lists the resolution with both titles, symbol and body."""
        html = self.client.get("/").content.decode()
        assert "OIC CFM Ex-21 resolution" in html and "قرار الدورة الاستثنائية" in html
        assert "CFM Ex-21" in html and 'href="/r/demo/"' in html

    def test_list_leaves_out_what_a_resolution_lacks(self) -> None:
        """The UDHR and SDG targets imported as the README says (no --body, no --title-ar, the
        SDGs no date) read "A/RES/217 A (III) · 10 Dec 1948" and "A/RES/70/1": no dots round
        a missing body, no blank Arabic title."""
        ar, en = udhr_opening()
        resolution_import(
            ar_paragraphs=ar,
            en_paragraphs=en,
            meta=ResolutionMeta(
                slug="udhr",
                symbol="A/RES/217 A (III)",
                title_en="Universal Declaration of Human Rights",
                date=dt.date(1948, 12, 10),
                place="Paris",
            ),
        )
        import_sdg("global_targets", "sdg-targets", keys=3)
        html = self.client.get("/").content.decode()
        items = {
            slug: item
            for item in re.findall(r"<li>(.*?)</li>", html, re.S)
            for slug in re.findall(r'href="/r/([\w-]+)/"', item)
        }
        metas = {
            slug: " ".join(
                text_of(re.search(r'class="meta">(.*?)</span>\s*$', item, re.S)[1]).split()
            )
            for slug, item in items.items()
        }
        assert metas["udhr"] == "A/RES/217 A (III) · 10 Dec 1948"
        assert metas["sdg-targets"] == "A/RES/70/1"
        assert metas["demo"] == "CFM Ex-21 · OIC Council of Foreign Ministers"
        assert 'class="title-ar"' not in items["udhr"]
        assert 'class="title-ar"' in items["demo"]

    def test_reading_page_heading_leaves_out_what_a_resolution_lacks(self) -> None:
        """A resolution imported with a slug only (the README's `--arabic AR.txt --english
        EN.txt --slug my-resolution`) has just "JSON export" under its title, and one with a
        place and date but no symbol starts with the place, not with a dot."""
        ar, en = demo_sides()
        resolution_import(
            ar_paragraphs=ar[:3], en_paragraphs=en[:3], meta=ResolutionMeta(slug="bare")
        )
        resolution_import(
            ar_paragraphs=ar[:3],
            en_paragraphs=en[:3],
            meta=ResolutionMeta(slug="placed", place="Jeddah", date=dt.date(2025, 8, 25)),
        )

        def meta(slug: str) -> str:
            html = self.client.get(f"/r/{slug}/").content.decode()
            return " ".join(text_of(re.search(r'<p class="meta">(.*?)</p>', html, re.S)[1]).split())

        assert meta("bare") == "JSON export"
        assert meta("placed") == "Jeddah · 25 August 2025 · JSON export"
        assert meta("demo") == "CFM Ex-21 · JSON export"

    def test_reader_page_has_both_languages_with_dir_and_lang(self) -> None:
        """Each row has an Arabic column dir=rtl lang=ar and an English one lang=en."""
        response = self.client.get("/r/demo/")
        assert response.status_code == 200
        html = response.content.decode()
        assert html.count('class="side ar" lang="ar" dir="rtl"') == 42
        assert html.count('class="side en" lang="en" dir="ltr"') == 42
        text = text_of(html)
        assert "ويدين القرار" in text and "strongly condemns" in text

    def test_without_javascript_the_legend_says_where_word_help_is(self) -> None:
        """Without JavaScript a click on an Arabic word does nothing, and nothing said that the
        paragraph's Cite page lists its words for help: the legend says so, for those readers
        only (the keys it lists are for JavaScript only), and the Cite page does list them."""
        html = self.client.get("/r/demo/").content.decode()
        legend = html.split('<div class="legend" id="legend">')[1].split("</div>")[0]
        hint = re.search(r'<span class="[^"]*no-js-only[^"]*"[^>]*>(.*?)</span>', legend, re.S)
        assert hint, legend
        assert "Cite" in hint[1] and "Arabic words" in hint[1] and "help" in hint[1]
        cite = re.search(r'<a class="cite" href="([^"]+)"', html)
        assert cite
        assert '<ul class="word-list"' in self.client.get(cite[1]).content.decode()

    def test_every_arabic_text_says_it_is_arabic(self) -> None:
        """Every Arabic run of the page sits inside an element with lang="ar" (or ar-Latn)."""
        html = self.client.get("/r/demo/?translit=1").content.decode()
        # Drop every element declared Arabic, then look for Arabic letters left over.
        stripped = html.split("<body", 1)[1]
        for _ in range(3):
            stripped = re.sub(
                r'<(\w+)[^>]*\blang="ar"[^>]*>(?:(?!<\1[\s>]).)*?</\1>', "", stripped, flags=re.S
            )
        leftover = re.findall(r"[\u0621-\u064a]+", re.sub(r"<[^>]+>", "", stripped))
        assert leftover == []

    def test_clauses_carry_their_link_tags(self) -> None:
        """Every clause names its clause link, and each tag appears on both sides."""
        html = self.client.get("/r/demo/").content.decode()
        tags = re.findall(r'class="u cl[^"]*" id="c\d+" data-l="(c\d+)"', html)
        assert len(tags) > 84
        paired = [t for t in set(tags) if tags.count(t) >= 2]
        assert len(paired) > 42

    def test_units_on_a_one_sided_link_are_marked_unaligned(self) -> None:
        """Exactly the clauses whose link has no counterpart are drawn as unaligned."""
        html = self.client.get("/r/demo/").content.decode()
        marked = {int(i) for i in re.findall(r'class="u cl unaligned[^"]*" id="c(\d+)"', html)}
        export = self.client.get("/r/demo/export.json").json()
        one_sided = {
            unit
            for link in export["links"]
            if link["level"] == "clause" and not (link["ar"] and link["en"])
            for unit in link["ar"] + link["en"]
        }
        assert one_sided, "the demo's aligner leaves some clauses without a counterpart"
        assert marked == one_sided
        assert "no counterpart" in html  # the legend explains the mark

    def test_constant_number_of_queries(self) -> None:
        """The page costs the same queries for 5 paragraphs as for 42, whatever the options; once
        rendered, it is served from the cache with one query (the resolution and its revision)."""
        import_demo("small", paragraphs=5)
        with self.assertNumQueries(8):
            self.client.get("/r/small/")
        with self.assertNumQueries(8):
            self.client.get("/r/demo/")
        with self.assertNumQueries(8):
            self.client.get("/r/demo/?action=condemn&layout=stacked&translit=1&diac=0&conf=1")
        with self.assertNumQueries(8):
            self.client.get("/r/demo/?hl=s15", **HX)
        with self.assertNumQueries(1):
            self.client.get("/r/demo/")
        with self.assertNumQueries(1):
            self.client.get("/r/demo/?hl=s15", **HX)

    def test_layout_and_aids_come_from_the_url(self) -> None:
        """?layout=, ?size= and ?conf= are rendered on <html> and checked in the options form."""
        html = self.client.get("/r/demo/?layout=stacked&size=xl&conf=1").content.decode()
        assert 'data-layout="stacked"' in html and 'data-size="xl"' in html
        assert 'data-conf="on"' in html
        assert re.search(r'name="layout" value="stacked" checked', html)
        assert re.search(r'<option value="xl" selected>', html)
        # Unknown values fall back on the defaults.
        html = self.client.get("/r/demo/?layout=<b>&size=99").content.decode()
        assert 'data-layout="side"' in html and 'data-size="m"' in html
        assert "<b>" not in html.split("<body", 1)[0]

    def test_options_form_works_without_javascript(self) -> None:
        """The options are a GET form whose unchecked boxes still send 0 (hidden inputs)."""
        html = self.client.get("/r/demo/").content.decode()
        form = re.search(r'<form class="toolbar".*?</form>', html, re.S)
        assert form and 'method="get"' in form.group() and 'type="submit"' in form.group()
        for name in ("diac", "translit", "conf"):
            assert f'<input type="hidden" name="{name}" value="0">' in form.group()

    def test_options_applied_without_javascript_give_a_clean_address(self) -> None:
        """Apply sends each box's hidden 0 and, when ticked, its 1 (?diac=0&diac=1&…): the page
        redirects to the address the script would write, one value an option and the defaults
        left out, and a box left unticked still turns its option off."""
        form = "layout=side&diac=0&diac=1&translit=0&translit=1&conf=0&size=m"
        response = self.client.get(f"/r/demo/?{form}")
        assert response.status_code == 302 and response["Location"] == "/r/demo/?translit=1"
        form = "action=condemn&layout=stacked&diac=0&translit=0&conf=0&conf=1&size=l"
        response = self.client.get(f"/r/demo/?{form}", follow=True)
        assert response.redirect_chain == [
            ("/r/demo/?action=condemn&layout=stacked&diac=0&conf=1&size=l", 302)
        ]
        html = response.content.decode()
        assert 'data-diac="off"' in html and 'data-conf="on"' in html
        response = self.client.get("/r/demo/?layout=side&diac=0&diac=1&translit=0&conf=0&size=m")
        assert response["Location"] == "/r/demo/"

    def test_diacritics_can_be_hidden(self) -> None:
        """?diac=0 removes harakat and shadda from the Arabic (وحمّل → وحمل), not from titles."""
        with_marks = text_of(self.client.get("/r/demo/").content.decode())
        without = text_of(self.client.get("/r/demo/?diac=0").content.decode())
        assert "وحمّل إسرائيل" in with_marks
        assert "وحمّل إسرائيل" not in without and "وحمل إسرائيل" in without

    def test_transliteration_line(self) -> None:
        """?translit=1 adds a romanised line under each Arabic paragraph, marked ar-Latn."""
        plain = self.client.get("/r/demo/").content.decode()
        html = self.client.get("/r/demo/?translit=1").content.decode()
        assert 'class="translit"' not in plain
        lines = re.findall(r'<p class="translit" lang="ar-Latn" dir="ltr">([^<]*)</p>', html)
        assert len(lines) == 42
        assert any("wydyn al-qrār wyrfḍ" in unescape(line) for line in lines)

    def test_htmx_request_gets_only_the_rows(self) -> None:
        """With HX-Request the page returns the #reading-rows fragment, no <html>."""
        response = self.client.get("/r/demo/?translit=1", **HX)
        html = response.content.decode()
        assert response.status_code == 200
        assert "<html" not in html and html.lstrip().startswith('<div id="reading-rows"')
        assert 'data-translit="on"' in html
        assert response["Vary"] and "HX-Request" in response["Vary"]

    def test_preamble_and_operative_part_are_labelled(self) -> None:
        """Headings mark where the framing, the preamble and the operative part begin."""
        html = self.client.get("/r/demo/").content.decode()
        heads = re.findall(r'<h2 class="part part-(\w+)">', html)
        assert heads == ["framing", "preamble", "operative"]
        assert "الديباجة" in html and "المنطوق" in html
        # Operative paragraphs are numbered within the operative part: Arabic ¶7 is op. 5.
        p7 = paragraph(self.demo, "ar", 7)
        row = html.split(f'id="para-{p7.pk}"')[0]
        assert row.rsplit('class="label"', 1)[1].split("</a>")[0].endswith("op. 5")
        # A resolution without articles or headings keeps every number and Cite link: the
        # news report's framing paragraphs are ¶ 1 and ¶ 2.
        labels = list(gutter_labels(html).values())
        assert labels[:3] == ["¶ 1", "¶ 2", "pre. 1"] and "" not in labels
        assert html.count('class="cite"') == len(labels) == 42

    def test_the_framing_heading_says_what_frames_the_text(self) -> None:
        """The framing part is the UDHR's adoption note ("اعتُمد بموجب قرار الجمعية العامة 217
        ألف (د-3)…") or the demo's news report ("This was stated in the resolution issued by…"):
        its heading says so in English and Arabic, not "The report around the resolution" nor
        "النص الإخباري" (a news text) over an adoption note."""
        import_udhr()
        for slug in ("udhr", "demo"):
            with self.subTest(slug=slug):
                html = self.client.get(f"/r/{slug}/").content.decode()
                head = re.search(r'<h2 class="part part-framing">(.*?)</h2>', html, re.S)
                assert head is not None
                caption = text_of(head.group(1))
                assert "report around" not in caption and "الإخباري" not in caption, caption
                assert "adoption" in caption and "report" in caption, caption
                arabic = re.findall(
                    r'<span class="[^"]*" lang="ar" dir="rtl">([^<]*)</span>', head.group(1)
                )
                assert any("اعتماد" in a for a in arabic), arabic
                assert any("التقرير" in a for a in arabic), arabic

    def test_rows_numbered_differently_show_each_languages_number(self) -> None:
        """The UDHR's English preamble has a paragraph the Arabic lacks, so from there the Arabic
        "Whereas Member States…" is pre. 5 and the English pre. 6: the margin shows both, as the
        citation does (it showed the Arabic number alone), and no two rows share a label."""
        udhr = import_udhr()
        html = self.client.get("/r/udhr/").content.decode()
        labels = gutter_labels(html)
        member_states = paragraph(udhr, "ar", 5)  # ولما كانت الدول الأعضاء قد تعهدت…
        assert labels[f"para-{member_states.pk}"] == "ar pre. 5 en pre. 6"
        assert len(set(labels.values())) == len(labels)
        # The Arabic adoption note is framing, not an operative paragraph: "Proclaims" is op. 1
        # in both languages (it was Arabic op. 2, English op. 1), in the margin and the panel.
        proclaims = paragraph(udhr, "ar", 8)  # تنادي بهذا الإعلان العالمي لحقوق الإنسان
        assert labels[f"para-{proclaims.pk}"] == "op. 1"
        jumps = [text_of(j.split("</ul>", 1)[0]) for j in html.split('<ul class="jumps">')[1:]]
        assert jumps == ["op. 1"]
        assert re.findall(r'<h2 class="part part-(\w+)">', html) == [
            "framing",
            "preamble",
            "operative",
        ]

    def test_opening_formula_is_not_a_preambular_paragraph(self) -> None:
        """ECOSOC resolution 2014/33 opens with "The Economic and Social Council," on its own
        line: the formula sits in the preamble but is not numbered in it, so "Taking note of…"
        is pre. 1 in the margin and the citation (it was pre. 2), and the formula shows no
        number in the margin (it showed ¶ 1, a count the resolution does not print). In the UDHR,
        "فإن الجمعية العامة" beside "Now, therefore," shows none either (it was ar pre. 7)."""
        ecosoc = import_ecosoc_2014_33()
        html = self.client.get("/r/e-res-2014-33/").content.decode()
        labels = gutter_labels(html)
        formula, taking_note = paragraph(ecosoc, "ar", 0), paragraph(ecosoc, "en", 1)
        assert labels[f"para-{formula.pk}"] == ""
        assert labels[f"para-{paragraph(ecosoc, 'ar', 1).pk}"] == "pre. 1"
        assert re.findall(r'<h2 class="part part-(\w+)">', html) == ["preamble", "operative"]
        response = self.client.get(f"/r/e-res-2014-33/cite/para-{taking_note.pk}/")
        assert "E/RES/2014/33, preamb. para. 1" in text_of(response.content.decode())
        assert "E/RES/2014/33، الفقرة 1 من الديباجة" in text_of(response.content.decode())
        # The formula is cited as the margin shows it: with no number (it said "para. 1").
        cited = text_of(
            self.client.get(f"/r/e-res-2014-33/cite/para-{formula.pk}/").content.decode()
        )
        assert "E/RES/2014/33" in cited and "para." not in cited and "الفقرة" not in cited

        udhr = import_udhr()
        labels = gutter_labels(self.client.get("/r/udhr/").content.decode())
        assert labels[f"para-{paragraph(udhr, 'ar', 7).pk}"] == ""  # فإن الجمعية العامة

    def test_action_phrase_is_marked_in_both_languages(self) -> None:
        """Demo ¶14's "ويدين" and "strongly condemns" are marked as the action condemn."""
        html = self.client.get("/r/demo/").content.decode()
        for lang in ("ar", "en"):
            p = paragraph(self.demo, lang, 14)
            body = html.split(f'id="para-{p.pk}"', 1)[1].split("</p>", 1)[0]
            phrase = re.search(r'<b class="act" data-action="condemn">(.*?)</b>', body)
            assert phrase, lang
            assert text_of(phrase.group(1)) == p.text[p.phrase_start : p.phrase_end]

    def test_anatomy_panel_lists_paragraphs_by_action(self) -> None:
        """The side panel groups paragraphs by action with links to each and a URL filter."""
        html = self.client.get("/r/demo/").content.decode()
        nav = html.split('<nav class="anatomy"', 1)[1].split("</nav>", 1)[0]
        assert 'href="?action=condemn"' in nav and "condemns" in nav
        condemn = nav.split('href="?action=condemn"', 1)[1].split("</li>\n", 1)[0]
        anchors = re.findall(r'href="#(para-\d+)"', condemn)
        assert len(anchors) >= 4
        for anchor in anchors:
            p = Paragraph.objects.get(pk=anchor.removeprefix("para-"))
            assert p.action in ("condemn", "denounce", "deplore") or p.lang == "ar"

    def test_anatomy_panel_leaves_the_framing_report_out(self) -> None:
        """The demo's framing "أكد وزراء خارجية الدول الأعضاء…" ("The foreign ministers … reaffirmed")
        is the news report, not the resolution: "affirms" in "What the resolution does" starts at
        the preamble, with the resolution's own "وإذ يؤكد", and its filter leaves ¶ 1 out."""
        html = self.client.get("/r/demo/").content.decode()
        nav = html.split('<nav class="anatomy"', 1)[1].split("</nav>", 1)[0]
        affirm = nav.split('href="?action=affirm"', 1)[1].split("</li>\n", 1)[0]
        jumps = [text_of(j) for j in re.findall(r'<a href="#para-\d+">(.*?)</a>', affirm)]
        assert jumps[:2] == ["pre. 1", "op. 1"] and "¶ 1" not in jumps
        verb = affirm.split(">", 1)[1].split("</a>", 1)[0]
        assert text_of(verb).split()[:3] == ["affirms", "وإذ", "يؤكد"]
        framing = paragraph(self.demo, "ar", 0)
        filtered = self.client.get("/r/demo/?action=affirm").content.decode()
        assert f'id="para-{framing.pk}"' not in filtered
        assert f"{len(jumps)} of 42 paragraphs" in filtered

    def test_action_filter_shows_only_those_paragraphs(self) -> None:
        """?action=condemn keeps only the rows that condemn, in both languages."""
        rows = rows_by_action(resolution_rows(self.demo))
        expected = next(entry for entry in rows if entry.group == "condemn")
        html = self.client.get("/r/demo/?action=condemn").content.decode()
        assert html.count('<div class="row ') == len(expected.rows)
        assert f"{len(expected.rows)} of 42 paragraphs" in html
        assert "strongly condemns and rejects" in text_of(html)
        assert "holds Israel" not in text_of(html)

    def test_unknown_action_says_so(self) -> None:
        """A filter no paragraph matches shows a message and a way back, not an error."""
        response = self.client.get("/r/demo/?action=<script>alert(1)</script>")
        assert response.status_code == 200
        html = response.content.decode()
        assert "No paragraph of this resolution" in html and "<script>alert" not in html

    def test_permalink_highlights_the_unit_and_its_counterpart(self) -> None:
        """?hl=s<id> marks that sentence and the English sentence on the same link as lit."""
        sentence = Sentence.objects.get(paragraph=paragraph(self.demo, "ar", 14), index=0)
        html = self.client.get(f"/r/demo/?hl=s{sentence.pk}").content.decode()
        lit = re.findall(r'class="u st [^"]*\blit\b[^"]*" id="s(\d+)"', html)
        assert str(sentence.pk) in lit and len(lit) >= 2
        for other in Sentence.objects.filter(pk__in=lit).exclude(pk=sentence.pk):
            assert other.lang == "en" and other.paragraph.index == 14
        # Paragraph permalinks light the whole row.
        p = paragraph(self.demo, "en", 5)
        html = self.client.get(f"/r/demo/?hl=para-{p.pk}").content.decode()
        assert len(re.findall(r'<p class="para lit" id="para-\d+"', html)) == 2

    def test_every_paragraph_sentence_and_clause_has_an_id(self) -> None:
        """Units have the stable ids permalinks use: para-<id>, s<id>, c<id>."""
        html = self.client.get("/r/demo/").content.decode()
        ids = set(re.findall(r'\bid="((?:para-|s|c)\d+)"', html))
        units = (
            {
                f"para-{i}"
                for i in Paragraph.objects.filter(resolution=self.demo).values_list("pk", flat=True)
            }
            | {
                f"s{i}"
                for i in Sentence.objects.filter(paragraph__resolution=self.demo).values_list(
                    "pk", flat=True
                )
            }
            | {
                f"c{i}"
                for i in Clause.objects.filter(
                    sentence__paragraph__resolution=self.demo
                ).values_list("pk", flat=True)
            }
        )
        assert units <= ids

    def test_unknown_slug_is_404(self) -> None:
        assert self.client.get("/r/no-such-thing/").status_code == 404
        assert self.client.get("/r/no-such-thing/export.json").status_code == 404
        assert self.client.get("/r/no-such-thing/cite/para-1/").status_code == 404

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
        assert self.client.post("/word/", {"w": "يدين"}).status_code == 405

    def test_odd_parameters_never_fail(self) -> None:
        """Whatever the query string, the pages answer 200, 400 or 404, never 500."""
        odd = [
            "hl=s99999999999999",
            "hl=para-0",
            "hl=../../etc",
            "action=" + "x" * 500,
            "layout=ar&layout=en",
            "size=&conf=&diac=&translit=",
            "hl=c%00",
        ]
        for query in odd:
            assert self.client.get(f"/r/demo/?{query}", follow=True).status_code == 200, query
        for query in [
            "w=",
            "w=%00",
            "w=" + "ب" * 5000,
            "w=abc",
            "w=يدين&s=abc",
            "w=يدين&s=" + "9" * 40,
        ]:
            assert self.client.get(f"/word/?{query}").status_code in (200, 400), query
        for unit in ["para-x", "s", "c-1", "s" + "9" * 30, "..", "para-99999999"]:
            assert self.client.get(f"/r/demo/cite/{unit}/").status_code == 404, unit


class CitationTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        meta, ar, en = demo_meta()
        cls.demo = resolution_import(ar_paragraphs=ar, en_paragraphs=en, meta=meta)

    def test_cite_an_operative_paragraph_in_both_languages(self) -> None:
        """Arabic ¶7 (the fifth operative paragraph) is cited as op. para. 5 in both languages."""
        p = paragraph(self.demo, "ar", 7)
        html = self.client.get(f"/r/{self.demo.slug}/cite/para-{p.pk}/").content.decode()
        assert "OIC CFM Ex-21 (Jeddah, 25 Aug 2025), op. para. 5" in html
        assert "OIC CFM Ex-21 (جدة، 25 أغسطس 2025)، الفقرة 5 من المنطوق" in text_of(html)
        assert f"?hl=para-{p.pk}#para-{p.pk}" in html  # the permalink

    def test_cite_a_clause_cites_its_paragraph(self) -> None:
        """An English clause of ¶2 (the preamble) is cited as preambular paragraph 1."""
        clause = Clause.objects.filter(sentence__paragraph=paragraph(self.demo, "en", 2)).first()
        assert clause is not None
        response = self.client.get(f"/r/{self.demo.slug}/cite/c{clause.pk}/", **HX)
        html = response.content.decode()
        assert response.status_code == 200 and "<html" not in html
        assert 'id="panel-body"' in html
        assert "preamb. para. 1" in html and "الفقرة 1 من الديباجة" in html
        # The words offered for help are the aligned Arabic paragraph's.
        assert "Words of the Arabic paragraph" in html and 'href="/word/?w=' in html

    def test_cite_lists_the_arabic_words_as_links_to_word_help(self) -> None:
        """The citation of an Arabic unit lists its words, each opening word help (href and hx-get)."""
        p = paragraph(self.demo, "ar", 14)
        html = self.client.get(f"/r/{self.demo.slug}/cite/para-{p.pk}/").content.decode()
        words = re.findall(r'<a href="/word/\?w=([^"&]+)[^"]*" hx-get="/word/\?w=\1', html)
        assert len(words) > 20

    def test_arabic_citation_names_paris_in_arabic(self) -> None:
        """The UDHR's Arabic citation says باريس (it said "Paris" in Latin letters inside the
        Arabic), and still isolates the Latin symbol "A/RES/217 A (III)" in <bdi>."""
        udhr = import_udhr()
        p = paragraph(udhr, "ar", 5)  # ولما كانت الدول الأعضاء قد تعهدت…
        html = self.client.get(f"/r/udhr/cite/para-{p.pk}/").content.decode()
        quote = html.split('id="cite-ar">', 1)[1].split("</blockquote>", 1)[0]
        assert quote.startswith("<bdi>A/RES/217 A (III)</bdi> (<bdi>باريس</bdi>، 10 ديسمبر 1948)")
        assert text_of(quote) == "A/RES/217 A (III) (باريس، 10 ديسمبر 1948)، الفقرة 5 من الديباجة"
        assert "A/RES/217 A (III) (Paris, 10 Dec 1948), preamb. para. 6" in html

    def test_copy_arabic_puts_the_citation_with_its_isolation_marks(self) -> None:
        """The Copy Arabic button copies the citation wrapped right-to-left (RLI … PDI) with its
        Latin symbol isolated (FSI … PDI), the plain-text form of the page's <bdi>: the text the
        page copied before, without them, read "A/RES/217 A (III) (1948 ديسمبر 10 ،باريس)…"
        once pasted into an English paragraph."""
        udhr = import_udhr()
        p = paragraph(udhr, "ar", 5)
        html = self.client.get(f"/r/udhr/cite/para-{p.pk}/").content.decode()
        copied = re.search(r'data-copy="#cite-ar" data-copy-text="([^"]*)"', html)
        assert copied is not None
        assert unescape(copied.group(1)) == (
            "\u2067\u2068A/RES/217 A (III)\u2069 (\u2068باريس\u2069، 10 ديسمبر 1948)، "
            "الفقرة 5 من الديباجة\u2069"
        )

    def test_arabic_citation_isolates_a_place_it_has_no_arabic_for(self) -> None:
        """A place without a known Arabic name (the Palais de Chaillot, where the UDHR was
        adopted) stays as written, wrapped in <bdi> so that "Chaillot، 10" does not run left to
        right; the citation's text is otherwise unchanged."""
        udhr = import_udhr(place="Palais de Chaillot")
        p = paragraph(udhr, "ar", 5)
        html = self.client.get(f"/r/udhr/cite/para-{p.pk}/").content.decode()
        quote = html.split('id="cite-ar">', 1)[1].split("</blockquote>", 1)[0]
        assert "(<bdi>Palais de Chaillot</bdi>، 10 ديسمبر 1948)" in quote
        assert text_of(quote) == (
            "A/RES/217 A (III) (Palais de Chaillot، 10 ديسمبر 1948)، الفقرة 5 من الديباجة"
        )

    def test_arabic_citation_names_the_usual_meeting_places(self) -> None:
        """The places of the corpus's resolutions (Jeddah; A/RES/70/1 in New York) and other usual
        venues are cited by their Arabic names, whatever the case or accents of the English."""
        p = paragraph(self.demo, "ar", 7)
        for place, arabic in [
            ("Jeddah", "جدة"),
            ("New York", "نيويورك"),
            ("Geneva", "جنيف"),
            ("Istanbul", "إسطنبول"),
            ("Cairo", "القاهرة"),
            ("MECCA", "مكة المكرمة"),
            ("Yaoundé", "ياوندي"),
            (" The  Hague ", "لاهاي"),
        ]:
            Resolution.objects.filter(pk=self.demo.pk).update(place=place)
            self.demo.refresh_from_db()
            citation = unit_citation(self.demo, f"para-{p.pk}")
            assert citation is not None
            assert citation.ar.startswith(f"OIC CFM Ex-21 ({arabic}،"), place
            assert (arabic, True) in citation.ar_pieces

    def test_cite_page_on_its_own_is_headed_by_the_resolution(self) -> None:
        """Opened without JavaScript (or from a shared link), the citation is a page of its own:
        its one h1 names the resolution cited, above "Cite this passage" (h2) and the words
        (h3), so a screen reader's list of headings starts at the top and says what it is."""
        p = paragraph(self.demo, "ar", 7)
        html = self.client.get(f"/r/{self.demo.slug}/cite/para-{p.pk}/").content.decode()
        headings = re.findall(r"<(h[1-6])\b[^>]*>(.*?)</\1>", html, re.S)
        assert [level for level, _ in headings] == ["h1", "h2", "h3"], headings
        assert self.demo.title_en in headings[0][1]
        # In the reader's side panel, under the reading's own h1, the title stays an h2.
        fragment = self.client.get(f"/r/{self.demo.slug}/cite/para-{p.pk}/", **HX).content
        assert "<h1" not in fragment.decode() and "<h2" in fragment.decode()

    def test_unit_of_another_resolution_is_404(self) -> None:
        other = import_demo("other", paragraphs=3)
        p = paragraph(other, "ar", 0)
        assert self.client.get(f"/r/{self.demo.slug}/cite/para-{p.pk}/").status_code == 404


class WordHelpTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.demo = import_demo()

    @pytest.fixture(autouse=True)
    def _no_morphology(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("CAMELTOOLS_DATA", str(tmp_path))
        self.tmp_path = tmp_path

    def test_word_page_works_on_its_own(self) -> None:
        """/word/?w=يدين is a full page with forms, transliteration and the install help."""
        response = self.client.get("/word/", {"w": "ويدين"})
        html = response.content.decode()
        assert response.status_code == 200 and "<html" in html
        assert "wa-ydyn" in html or "wydyn" in html
        assert "camel_data -i morphology-db-msa-r13" in html  # MORPHOLOGY_HELP, plainly

    def test_an_undiacritised_word_is_not_passed_off_as_said(self) -> None:
        """لحقوق, as the UDHR's title writes it, romanises to its letters, lḥqwq: the panel says
        these are letters only, the short vowels not being written. The same word written with
        its vowels, لِحُقُوقِ, reads liḥuqūqi, named as the vowels the text writes."""
        facts = self.client.get("/word/", {"w": "لحقوق"}).content.decode()
        facts = facts.split('<dl class="word-facts">', 1)[1].split("</dl>", 1)[0]
        translit = facts.split("<dt>Transliteration</dt>", 1)[1]
        assert "lḥqwq" in translit and "letters only" in translit
        assert "no short vowels" in translit
        vocalised = self.client.get("/word/", {"w": "لِحُقُوقِ"}).content.decode()
        translit = vocalised.split("<dt>Transliteration</dt>", 1)[1].split("</dd>", 1)[0]
        assert "liḥuqūqi" in translit and "letters only" not in translit
        assert "with the vowels the text writes" in translit

    def test_without_morphology_the_student_is_told_what_is_missing_and_what_helps(self) -> None:
        """Without camel-tools' database, the help on ويدين says in plain words that lemma, root,
        part of speech and gloss are missing and why, and what still helps (the search stem, its
        other occurrences with their English); the install commands are for the site's
        administrator, folded away, not the first thing a student reads."""
        html = self.client.get("/word/", {"w": "ويدين"}).content.decode()
        analyses = html.split("<h3>Analyses</h3>", 1)[1].split("<h3>", 1)[0]
        note = analyses.split('<p class="note">', 1)[1].split("</p>", 1)[0]
        assert "lemma, root, part of speech and english gloss" in note.lower()
        assert "not installed" in note
        assert "search stem" in note and "other occurrences" in note
        assert "camel_data" not in note and "CAMELTOOLS_DATA" not in note
        admin = analyses.split("<details", 1)[1].split("</details>", 1)[0]
        assert "site’s administrator" in admin and "camel_data -i morphology-db-msa-r13" in admin

    def test_search_stem_of_a_word_with_diacritics(self) -> None:
        """UN text marks a damma or a shadda (the UNPC devset's "٤٢ - وُضعت الصيغة النهائية…",
        "بالمخدِّرات"): word help gives the same search stem as for the bare word, never one that
        keeps the marks or starts with one (a damma on a dotted circle)."""
        for marked, bare in [("وُضعت", "وضعت"), ("بالمخدِّرات", "بالمخدرات")]:
            stems = []
            for word in (marked, bare):
                html = self.client.get("/word/", {"w": word}).content.decode()
                dd = html.split("<dt>Search stem</dt>", 1)[1].split("</dd>", 1)[0]
                stems.append(re.search(r'<span lang="ar" dir="rtl">([^<]*)</span>', dd)[1])  # type: ignore[index]
            assert stems[0] == stems[1], (marked, stems)

    def test_search_stem_is_the_one_search_uses(self) -> None:
        """Word help shows the stem the index holds: المسؤولية (UN spelling) and مسئولية (Egyptian)
        show one, and الفئة (the category) shows its own, not فيه's ("in it")."""

        def shown(word: str) -> str:
            html = self.client.get("/word/", {"w": word}).content.decode()
            dd = html.split("<dt>Search stem</dt>", 1)[1].split("</dd>", 1)[0]
            return re.search(r'<span lang="ar" dir="rtl">([^<]*)</span>', dd)[1]  # type: ignore[index]

        assert shown("المسؤولية") == shown("مسئولية") == stem_word("المسؤولية")
        assert shown("الفئة") == shown("فئة") != shown("فيه")

    def test_word_page_on_its_own_has_one_h1(self) -> None:
        """The word page opened on its own (no JavaScript, or a shared link) has an h1 above
        the word's h2 and the h3 sections, naming the resolution when it came from one."""
        for params in ({"w": "ويدين"}, {"w": ""}):
            html = self.client.get("/word/", params).content.decode()
            levels = re.findall(r"<(h[1-6])\b", html)
            assert levels[:2] == ["h1", "h2"] and levels.count("h1") == 1, (params, levels)
        sentence = Sentence.objects.filter(paragraph=paragraph(self.demo, "ar", 14)).first()
        assert sentence is not None
        html = self.client.get("/word/", {"w": "ويدين", "s": sentence.pk}).content.decode()
        h1 = re.search(r"<h1\b[^>]*>(.*?)</h1>", html, re.S)
        assert h1 and self.demo.title_en in h1[1], h1

    def test_word_fragment_for_htmx(self) -> None:
        """With HX-Request the word view returns only #panel-body."""
        response = self.client.get("/word/", {"w": "يدين"}, **HX)
        html = response.content.decode()
        assert "<html" not in html and html.lstrip().startswith('<div id="panel-body"')
        assert 'id="panel-title"' in html

    def test_concordance_finds_other_forms_with_aligned_english(self) -> None:
        """ويدين (¶14) finds يدين/ويدين elsewhere, each with its English and aligned clause."""
        sentence = Sentence.objects.get(paragraph=paragraph(self.demo, "ar", 14), index=0)
        html = self.client.get("/word/", {"w": "ويدين", "s": sentence.pk}).content.decode()
        concordance = html.split('<ol class="concordance">', 1)[1].split("</ol>", 1)[0]
        marks = re.findall(r"<mark>([^<]+)</mark>", concordance)
        assert len(marks) >= 2 and set(marks) <= {"يدين", "ويدين"}
        assert f"hl=s{sentence.pk}#" not in concordance  # the sentence being read is left out
        aligned = re.findall(r'<mark class="aligned">([^<]+)</mark>', concordance)
        assert any("condemns" in a for a in aligned)
        assert re.search(r'href="/r/demo/\?hl=s\d+#s\d+"', concordance)

    def test_each_occurrence_says_which_paragraph_it_is_in(self) -> None:
        """The occurrences of ويدين are told apart by the reader's margin number ("CFM Ex-21 ·
        op. 4"), as search hits are, not ten links all reading "CFM Ex-21"."""
        html = self.client.get("/word/", {"w": "ويدين"}).content.decode()
        concordance = html.split('<ol class="concordance">', 1)[1].split("</ol>", 1)[0]
        sources = [
            (int(sentence), " ".join(text_of(text).split()))
            for sentence, text in re.findall(
                r'<p class="kwic-src"><a href="/r/demo/\?hl=s(\d+)#s\d+">(.*?)</a>', concordance
            )
        ]
        assert len(sources) >= 2 and len({text for _, text in sources}) == len(sources)
        for sentence_id, text in sources:
            number = Sentence.objects.get(pk=sentence_id).paragraph.number
            assert text == f"CFM Ex-21 · op. {number}", (text, sentence_id)

    def test_concordance_ignores_diacritics_and_hamza_spelling(self) -> None:
        """A vocalised اِسرائيل still finds إسرائيل."""
        html = self.client.get("/word/", {"w": "اِسرائيل"}).content.decode()
        assert "<mark>إسرائيل</mark>" in html

    def test_morphological_analyses_when_a_database_is_installed(self) -> None:
        """With a camel-tools database, the panel shows lemma, root, part of speech and gloss."""
        from tests.bitext.test_normalize import TINY_MORPHOLOGY_DB

        db = self.tmp_path / "data" / "morphology_db" / "calima-msa-r13" / "morphology.db"
        db.parent.mkdir(parents=True)
        db.write_text(TINY_MORPHOLOGY_DB, encoding="utf-8")
        html = self.client.get("/word/", {"w": "يدين"}).content.decode()
        assert '<table class="analyses">' in html
        assert "د.ي.ن" in html and "condemn;denounce" in html and "أَدان" in html
        assert "camel_data -i" not in html

    def test_a_sentence_number_in_other_digits_is_ignored(self) -> None:
        """s=² or s=٣ (digits to str.isdigit(), but not ASCII) still gives the word's help, with
        the whole concordance; "²" used to be a server error."""
        for odd in ["²", "٣", "¹²"]:
            response = self.client.get("/word/", {"w": "ويدين", "s": odd})
            assert response.status_code == 200, odd
            concordance = response.content.decode().split('<ol class="concordance">', 1)[1]
            assert "<mark>ويدين</mark>" in concordance, odd

    def test_a_word_pasted_from_a_pdf_gets_its_help(self) -> None:
        """يدين copied out of a PDF comes in presentation forms (ﻳﺪﻳﻦ): word help reads it as search
        does, the word, its stem and its other occurrences, not "no Arabic letters"."""
        response = self.client.get("/word/", {"w": "\ufef3\ufeaa\ufef3\ufee6"})
        html = response.content.decode()
        assert response.status_code == 200, html
        assert '<span class="word-big" lang="ar" dir="rtl">يدين</span>' in html
        assert f'<span lang="ar" dir="rtl">{stem_word("يدين")}</span>' in html
        assert "<mark>يدين</mark>" in html or "<mark>ويدين</mark>" in html

    def test_marks_or_tatweel_alone_are_not_a_word(self) -> None:
        """A lone kasra or a tatweel typed in the box is no word: the form says so (400), instead
        of a help page with an empty normalised form and stem."""
        for marks in ["\u0650", "ــ", "\u0651\u064e"]:
            response = self.client.get("/word/", {"w": marks})
            assert response.status_code == 400, marks
            assert "has no Arabic letters" in response.content.decode(), marks

    def test_no_arabic_letters_in_the_panel_says_so_in_the_panel(self) -> None:
        """In the reader's word panel, "Look up" with an English word answers htmx with the panel
        saying so (200: htmx does not swap in a 400, so the panel used to keep the last word)."""
        response = self.client.get("/word/", {"w": "condemn"}, **HX)
        html = response.content.decode()
        assert response.status_code == 200
        assert html.lstrip().startswith('<div id="panel-body"') and "<html" not in html
        assert "“condemn” has no Arabic letters" in html and 'value="condemn"' in html

    def test_no_arabic_letters_is_a_400_with_the_form(self) -> None:
        response = self.client.get("/word/", {"w": "condemn"})
        assert response.status_code == 400
        assert "has no Arabic letters" in response.content.decode()
        empty = self.client.get("/word/")
        assert empty.status_code == 200 and 'name="w"' in empty.content.decode()


class ArticleTests(TestCase):
    """The UDHR, imported whole from its text files as the README says, reads as articles."""

    @classmethod
    def setUpTestData(cls) -> None:
        folder = shared_path("corpus", "udhr")
        call_command(
            *("import_resolution", "--arabic", str(folder / "udhr_arb.txt")),
            *("--english", str(folder / "udhr_eng.txt"), "--slug", "udhr"),
            *(
                "--symbol",
                "A/RES/217 A (III)",
                "--title-en",
                "Universal Declaration of Human Rights",
            ),
            *("--date", "1948-12-10", "--place", "Paris", "--no-progress"),
            stdout=StringIO(),
            stderr=StringIO(),
        )
        cls.udhr = Resolution.objects.get(slug="udhr")

    def para(self, lang: str, text: str) -> Paragraph:
        """The paragraph that is text (a heading, "المادة 1") or else starts with it."""
        paragraphs = Paragraph.objects.filter(resolution=self.udhr, lang=lang)
        return paragraphs.filter(text=text).first() or paragraphs.get(text__startswith=text)

    def test_margin_numbers_articles(self) -> None:
        """Article 1's heading and text are one entry numbered "المادة 1" / "Art. 1" (they were
        ¶ 13 and ¶ 14), Article 2's paragraphs its first and second, Article 30 is Art. 30; the
        preamble keeps pre. 1 and "Proclaims" op. 1."""
        html = self.client.get("/r/udhr/").content.decode()
        labels = gutter_labels(html)
        article_1 = self.para("ar", "يولد جميع الناس")  # the row's permalink is the Arabic's
        assert labels[f"para-{self.para('ar', 'المادة 1').pk}"] == "ar المادة 1 en Art. 1"
        assert labels[f"para-{article_1.pk}"] == "ar المادة 1 en Art. 1"
        furthermore = self.para("ar", "وفضلاً عما تقدم")
        assert labels[f"para-{furthermore.pk}"] == "ar المادة 2 ¶ 2 en Art. 2 ¶ 2"
        assert labels[f"para-{self.para('ar', 'المادة 30').pk}"] == "ar المادة 30 en Art. 30"
        assert labels[f"para-{self.para('ar', 'لمّا كان الاعتراف').pk}"] == "pre. 1"
        assert labels[f"para-{self.para('ar', 'تنادي').pk}"] == "op. 1"
        article_2 = self.para("ar", "المادة 2")
        row_2 = re.search(
            rf'<div class="row ([^"]*)"[^>]*><div class="gutter"><a class="label" '
            rf'href="#para-{article_2.pk}"',
            html,
        )
        assert row_2 is not None and "article-head" in row_2[1]  # set in bold, as Article 1's
        # Heading and text of a one-paragraph article read as one entry, cited once.
        row = re.search(
            rf'<div class="row ([^"]*)"[^>]*><div class="gutter"><a class="label" '
            rf'href="#para-{article_1.pk}"',
            html,
        )
        assert row is not None and "entry-more" in row[1]

    def test_title_is_the_title_and_preamble_heads_its_part(self) -> None:
        """The title row reads as the title (not a paragraph above the framing part), and the
        text's own "الديباجة" / "Preamble" heads the preamble in place of a second "Preamble"
        heading under it (the heading row sat above the part, outside it)."""
        html = self.client.get("/r/udhr/").content.decode()
        rows = re.findall(r'<div class="row ([^"]*)" id="p\d+"', html)
        assert "doc-title" in rows[0]
        assert rows[2] == "kind-heading part-name part-preamble"
        assert rows[3] == "kind-preamble"
        assert re.findall(r'<h2 class="part part-(\w+)">', html) == [
            "framing",
            "operative",
            "articles",
        ]
        preamble_row = html.split('part-name part-preamble"', 1)[1].split('<div class="row', 1)[0]
        assert "الديباجة" in text_of(preamble_row) and "Preamble" in text_of(preamble_row)

    def test_headings_and_the_proclaiming_formula_have_no_number(self) -> None:
        """The title, the "Preamble" / "الديباجة" heading and "Now, therefore, The General
        Assembly" / "فإن الجمعية العامة" are printed without a number: their margin shows none
        (they showed ¶ 1, ¶ 3 and ¶ 10) and they have no Cite link, which would cite that count;
        their permalink stays, named for a screen reader."""
        html = self.client.get("/r/udhr/").content.decode()
        labels = gutter_labels(html)
        for text in ("الإعلان العالمي لحقوق الإنسان", "الديباجة", "فإن الجمعية العامة"):
            anchor = f"para-{self.para('ar', text).pk}"
            assert labels[anchor] == "", text
            gutter = html.split(f'href="#{anchor}"', 1)[1].split("</div>", 1)[0]
            assert 'class="cite"' not in gutter and "Permalink</span>" in gutter
        now_therefore = self.para("en", "Now, therefore,")
        formula_row = html.split(f'id="para-{now_therefore.pk}"')[0]
        assert 'class="visually-hidden">Permalink' in formula_row.rsplit('class="gutter"', 1)[1]
        assert not {"¶ 1", "¶ 3", "¶ 10", "ar ¶ 3 en ¶ 2"} & set(labels.values())
        # The adoption note and the preamble keep theirs.
        assert labels[f"para-{self.para('ar', 'اعتُمد بموجب').pk}"] == "ar ¶ 2"
        assert labels[f"para-{self.para('ar', 'لمّا كان الاعتراف').pk}"] == "pre. 1"

    def test_unnumbered_rows_are_cited_as_the_margin_shows_them(self) -> None:
        """The "Preamble" / "الديباجة" heading is cited by its name and "Now, therefore," / "The
        General Assembly" / "فإن الجمعية العامة" by the resolution alone, as the margin shows
        them (they were cited as "para. 3", "para. 10", "الفقرة 11"); the adoption note keeps
        its number."""

        def cited(p: Paragraph) -> str:
            return text_of(self.client.get(f"/r/udhr/cite/para-{p.pk}/").content.decode())

        for lang in ("en", "ar"):
            heading = cited(self.para(lang, "Preamble" if lang == "en" else "الديباجة"))
            assert "A/RES/217 A (III) (Paris, 10 Dec 1948), Preamble" in heading, heading
            assert "A/RES/217 A (III) (باريس، 10 ديسمبر 1948)، الديباجة" in heading
        for lang, text in (
            ("en", "Now, therefore,"),
            ("en", "The General Assembly"),
            ("ar", "فإن الجمعية العامة"),
        ):
            formula = cited(self.para(lang, text))
            assert "A/RES/217 A (III) (Paris, 10 Dec 1948)" in formula, formula
            assert "para." not in formula and "الفقرة" not in formula, formula
        note = cited(self.para("ar", "اعتُمد بموجب"))
        assert "A/RES/217 A (III) (Paris, 10 Dec 1948), para. 2" in note, note
        # The title row is the resolution itself: cited by it alone, not "…, Universal
        # Declaration of Human Rights" after its own title.
        for lang, text in (("en", "Universal Declaration of Human Rights"), ("ar", "الإعلان")):
            title = cited(self.para(lang, text))
            assert "A/RES/217 A (III) (Paris, 10 Dec 1948)" in title, title
            assert not re.search(r"1948\), \S", title) and "1948)،" not in title, title

    def test_a_line_continuing_a_numbered_paragraph_is_cited_as_the_margin_shows_it(
        self,
    ) -> None:
        """The Arabic breaks op. 1 in two lines ("تنادي بهذا الإعلان", "على أنه المستوى
        المشترك …"), one row whose margin reads op. 1: citing the second line gave Arabic
        "الفقرة 12", a count shown nowhere; it is cited as op. 1 in both languages."""
        line = self.para("ar", "على أنه المستوى المشترك")
        labels = gutter_labels(self.client.get("/r/udhr/").content.decode())
        assert labels[f"para-{self.para('ar', 'تنادي').pk}"] == "op. 1"
        assert f"para-{line.pk}" not in labels  # it reads in op. 1's row
        text = text_of(self.client.get(f"/r/udhr/cite/para-{line.pk}/").content.decode())
        assert "A/RES/217 A (III) (Paris, 10 Dec 1948), op. para. 1" in text, text
        assert "(باريس، 10 ديسمبر 1948)، الفقرة 1 من المنطوق" in text, text
        assert "الفقرة 12" not in text and "para. 12" not in text, text

    def test_articles_are_headed_as_articles(self) -> None:
        """The articles read under their own heading, "Articles" / "المواد", from Article 1 on
        (they sat under the reader's "Operative part", with "Proclaims"); Article 2's unnumbered
        paragraphs and Article 13's numbered ones stay inside it, and "Proclaims" stays
        operative."""
        html = self.client.get("/r/udhr/").content.decode()
        heads = re.findall(r'<h2 class="part part-(\w+)">(.*?)</h2>', html)
        assert [kind for kind, _ in heads] == ["framing", "operative", "articles"]
        articles = text_of(heads[2][1])
        assert "Articles" in articles and "المواد" in articles and "Operative" not in articles
        operative, articles_part = html.split('<h2 class="part part-operative">')[1].split(
            '<h2 class="part part-articles">'
        )
        assert f'href="#para-{self.para("ar", "تنادي").pk}"' in operative
        first_row = articles_part.split('<div class="row', 2)[1]
        assert f'href="#para-{self.para("ar", "المادة 1").pk}"' in first_row
        for text in ("المادة 2", "وفضلاً عما تقدم", "لكل فرد حرية النقل", "المادة 30"):
            assert f'href="#para-{self.para("ar", text).pk}"' in articles_part, text

    def test_paragraphs_the_un_numbers_keep_their_numbers(self) -> None:
        """Article 13's two paragraphs, numbered 1 and 2 by the UN (indented under their heading
        in the text files), read and are cited "Art. 13(1)" / "المادة 13 (1)"."""
        first = self.para("ar", "لكل فرد حرية النقل")
        labels = gutter_labels(self.client.get("/r/udhr/").content.decode())
        assert labels[f"para-{first.pk}"] == "ar المادة 13 (1) en Art. 13(1)"
        citation = unit_citation(self.udhr, f"para-{first.pk}")
        assert citation is not None
        assert citation.en.endswith(", Art. 13(1)") and citation.ar.endswith("، المادة 13 (1)")

    def test_citations_name_the_article(self) -> None:
        """Citing Article 1's English text gives "Art. 1" and "المادة 1" (it gave "para. 14"),
        Article 2's second paragraph "Art. 2, second paragraph"."""
        article_1 = self.para("en", "All human beings are born free")
        text = text_of(self.client.get(f"/r/udhr/cite/para-{article_1.pk}/").content.decode())
        assert "A/RES/217 A (III) (Paris, 10 Dec 1948), Art. 1" in text
        assert "(باريس، 10 ديسمبر 1948)، المادة 1" in text
        assert "para. 14" not in text
        furthermore = self.para("en", "Furthermore, no distinction")
        citation = unit_citation(self.udhr, f"para-{furthermore.pk}")
        assert citation is not None
        assert citation.en.endswith("Art. 2, second paragraph")
        assert citation.ar.endswith("المادة 2، الفقرة الثانية")

    def test_a_row_with_no_counterpart_shows_no_confidence(self) -> None:
        """With confidence shown, the Arabic adoption note, which no English paragraph answers,
        has no score beside its "No English counterpart" (it showed 0.93: the aligner's choice
        to leave it alone, not a translation to trust), as the review queue says "Arabic only"
        in place of one; the rows with both sides keep theirs."""
        html = self.client.get("/r/udhr/?conf=1").content.decode()
        note = self.para("ar", "اعتُمد بموجب قرار")
        rows = dict(re.findall(r'<div class="row [^"]*" id="(p\d+)"(.*?)</div></div>', html, re.S))
        lone = [row for row in rows.values() if f'id="para-{note.pk}"' in row]
        assert len(lone) == 1 and "No English counterpart" in lone[0]
        assert 'class="score' not in lone[0]
        paired = [
            row for row in rows.values() if "No English" not in row and "No Arabic" not in row
        ]
        assert paired and all('class="score' in row for row in paired)


class SourceNumberTests(TestCase):
    """SDG targets and goals read, and are cited, by the numbers the UN prints ("1.1", "1.a")."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.targets = import_sdg("global_targets", "sdg-targets", keys=8)
        cls.goals = import_sdg("global_goals", "sdg-goals", keys=6)
        cls.editor = User.objects.create_user("editor-amina", password="long-enough-pw-3")

    def test_targets_margin_reads_their_un_numbers(self) -> None:
        """The margin says 1.1 … 1.5, 1.a, 1.b, 2.1 (not ¶ 1 … ¶ 8), once a row, and beside
        the Arabic its Arabic form, 1-1 … 1-أ, 1-ب."""
        html = self.client.get("/r/sdg-targets/").content.decode()
        labels = list(gutter_labels(html).values())
        en = ["1.1", "1.2", "1.3", "1.4", "1.5", "1.a", "1.b", "2.1"]
        ar = ["1-1", "1-2", "1-3", "1-4", "1-5", "1-أ", "1-ب", "2-1"]
        assert labels == [f"ar {a} en {e}" for a, e in zip(ar, en, strict=True)]
        assert "¶" not in text_of(html)
        # Numbered by the source but not articles: no "Articles" heading over them.
        assert "part-articles" not in html and "المواد" not in html

    def test_a_goal_reads_as_its_name_over_its_title(self) -> None:
        """Goal 1's short name and title are one entry: the name row ("No poverty" / "لا فقر")
        is the entry's heading with the number, the title row follows it as its continuation."""
        html = self.client.get("/r/sdg-goals/").content.decode()
        rows = re.findall(r'<div class="row ([^"]*)" id="p\d+".*?</div></div>', html, re.S)
        assert len(rows) == 6
        assert ["entry-name" in r for r in rows] == [True, False] * 3
        assert ["entry-more" in r for r in rows] == [False, True] * 3
        name_row = re.search(r'<div class="row [^"]*entry-name".*?</div></div>', html, re.S)
        assert name_row is not None
        assert "No poverty" in text_of(name_row[0]) and "لا فقر" in text_of(name_row[0])
        assert list(gutter_labels(html).values()) == ["1", "1", "2", "2", "3", "3"]

    def test_the_number_survives_a_text_edit_its_undo_and_renumbering(self) -> None:
        """Correcting target 1.a's Arabic (its tatweel) keeps it 1.a in the margin and the
        citation; so do undoing the edit and renumbering the resolution."""
        paragraph = Paragraph.objects.get(resolution=self.targets, lang="ar", index=5)
        (link,) = Link.objects.filter(level=Level.PARAGRAPH, paragraphs=paragraph)
        edit = paragraph_edit_text(
            resolution=self.targets,
            paragraph_id=paragraph.pk,
            text=paragraph.text.replace("ـ", ""),
            versions={link.pk: link.version},
            user=self.editor,
        )
        paragraph.refresh_from_db()
        assert "ـ" not in paragraph.text and paragraph.source_label == "1.a"
        citation = unit_citation(self.targets, f"para-{paragraph.pk}")
        assert citation is not None and citation.ar_copy.endswith("، الغاية 1-أ\u2069")
        edit_undo(resolution=self.targets, edit_id=edit.pk, user=self.editor)
        paragraphs_renumber(resolution_ids=[self.targets.pk])
        paragraph.refresh_from_db()
        assert "ـ" in paragraph.text and paragraph.source_label == "1.a"
        html = self.client.get("/r/sdg-targets/").content.decode()
        assert gutter_labels(html)[f"para-{paragraph.pk}"] == "ar 1-أ en 1.a"

    def test_a_target_is_cited_as_a_target_in_each_languages_form(self) -> None:
        """Target 1.a is cited "…, target 1.a" in English and "…، الغاية 1-أ" in Arabic, the
        number as the Arabic SDG text writes it (its indicators say "المؤشر 12-أ-1")."""
        paragraph = Paragraph.objects.get(resolution=self.targets, lang="ar", index=5)
        for unit in (f"para-{paragraph.pk}", f"s{paragraph.sentences.first().pk}"):
            citation = unit_citation(self.targets, unit)
            assert citation is not None
            assert citation.en == "A/RES/70/1, target 1.a"
            assert citation.ar == "A/RES/70/1، الغاية 1-أ"
            assert citation.ar_copy == "\u2067\u2068A/RES/70/1\u2069، الغاية 1-أ\u2069"
        html = self.client.get(f"/r/sdg-targets/cite/para-{paragraph.pk}/").content.decode()
        assert "A/RES/70/1, target 1.a" in html and "، الغاية 1-أ" in html

    def test_a_goal_is_cited_as_a_goal(self) -> None:
        """Goal 2's name and its title are both "Goal 2" / "الهدف 2"; a target "target 1.1"."""
        for index in (2, 3):
            en = Paragraph.objects.get(resolution=self.goals, lang="en", index=index)
            citation = unit_citation(self.goals, f"para-{en.pk}")
            assert citation is not None
            assert citation.en == "A/RES/70/1, Goal 2" and citation.ar == "A/RES/70/1، الهدف 2"
        first = Paragraph.objects.get(resolution=self.targets, lang="en", index=0)
        citation = unit_citation(self.targets, f"para-{first.pk}")
        assert citation is not None and citation.en.endswith(", target 1.1")
        assert citation.ar.endswith("، الغاية 1-1")

    def test_the_arabic_margin_gives_the_arabic_form(self) -> None:
        """Beside the Arabic text the margin says 1-أ (as the Arabic text writes it), beside the
        English 1.a; the Arabic form is marked Arabic, so it reads from the right."""
        html = self.client.get("/r/sdg-targets/").content.decode()
        paragraph = Paragraph.objects.get(resolution=self.targets, lang="ar", index=5)
        assert gutter_labels(html)[f"para-{paragraph.pk}"] == "ar 1-أ en 1.a"
        assert '<bdi lang="ar" dir="rtl">1-أ</bdi>' in html
        arabic_only = self.client.get("/r/sdg-targets/?layout=ar").content.decode()
        assert '<span class="label-ar"><span class="label-lang">ar</span> <bdi' in arabic_only

    def test_a_goal_entry_has_one_cite_link(self) -> None:
        """A goal's name and title are one entry, cited once: its title row has no Cite link of
        its own (both would cite "Goal 1")."""
        html = self.client.get("/r/sdg-goals/").content.decode()
        rows = re.findall(r'<div class="row ([^"]*)" id="p\d+".*?</div></div>', html, re.S)
        cites = [
            r.count('class="cite"')
            for r in re.findall(r'<div class="row [^"]*" id="p\d+".*?</div></div>', html, re.S)
        ]
        assert len(rows) == 6 and cites == [1, 0] * 3


class ReadingCacheTests(TestCase):
    """The reading page is cached for everyone and made afresh after every kind of write."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.demo = import_demo(paragraphs=6)
        cls.editor = User.objects.create_user("editor-amina", password="long-enough-pw-3")

    def page(self, query: str = "", **extra: str) -> str:
        return self.client.get(f"/r/demo/{query}", **extra).content.decode()

    def paragraph_link(self, index: int) -> tuple[Paragraph, Link]:
        paragraph = Paragraph.objects.get(resolution=self.demo, lang="en", index=index)
        (link,) = Link.objects.filter(level=Level.PARAGRAPH, paragraphs=paragraph)
        return paragraph, link

    def test_repeat_visits_are_served_from_the_cache(self) -> None:
        """The second visit costs one query and shows the same reading."""
        first = self.page()
        with self.assertNumQueries(1):
            second = self.page()
        assert text_of(second) == text_of(first)

    def test_text_edit_shows_on_the_next_request(self) -> None:
        """An editor's text edit is on the page, and in its HTMX rows, at the very next request."""
        paragraph, link = self.paragraph_link(5)
        old_words = paragraph.text.split()[-3:]
        assert " ".join(old_words) in text_of(self.page())
        assert " ".join(old_words) in text_of(self.page("?diac=0", **HX))
        paragraph_edit_text(
            resolution=self.demo,
            paragraph_id=paragraph.pk,
            text="The Council welcomes the mediation of the Sultanate of Oman.",
            versions={link.pk: link.version},
            user=self.editor,
        )
        for html in (self.page(), self.page("?diac=0", **HX)):
            assert "Sultanate of Oman" in text_of(html)
            assert " ".join(old_words) not in text_of(html)

    def test_unlink_and_undo_show_on_the_next_request(self) -> None:
        """Unlinking a paragraph link leaves its paragraphs without counterparts; undoing the
        edit brings the pair back, each visible at once."""
        _paragraph, link = self.paragraph_link(2)
        assert "No English counterpart" not in self.page()
        edit = link_unlink(
            resolution=self.demo, link_id=link.pk, version=link.version, user=self.editor
        )
        assert "No English counterpart" in self.page()
        edit_undo(resolution=self.demo, edit_id=edit.pk, user=self.editor)
        assert "No English counterpart" not in self.page()

    def test_confirm_and_realign_render_the_page_afresh(self) -> None:
        """A confirmed link and a re-alignment each make the next request render anew."""
        _paragraph, link = self.paragraph_link(1)
        self.page()
        link_confirm(resolution=self.demo, link_id=link.pk, version=link.version, user=self.editor)
        with self.assertNumQueries(8):
            self.page()
        resolution_realign_unconfirmed(resolution=self.demo, user=self.editor)
        with self.assertNumQueries(8):
            html = self.page()
        assert html.count('class="row ') == len(resolution_rows(self.demo))

    def test_metadata_edit_in_the_admin_shows_on_the_next_request(self) -> None:
        """A title changed in the admin is the page's heading at once."""
        assert "OIC CFM Ex-21 resolution" in self.page()
        admin = User.objects.create_superuser("admin", password="long-enough-pw-9")
        client = self.client_class()
        client.force_login(admin)
        fields = {"slug": "demo", "symbol": "CFM Ex-21", "title_ar": "", "body": ""}
        fields |= {"title_en": "Extraordinary session on Gaza", "session": "", "date": ""}
        client.post(f"/admin/corpus/resolution/{self.demo.pk}/change/", fields | {"place": ""})
        html = self.page()
        assert "Extraordinary session on Gaza" in html and "OIC CFM Ex-21 resolution" not in html

    def test_reimport_shows_the_new_text(self) -> None:
        """Importing the resolution again (--replace) with other text shows that text."""
        assert "Welcomes the report of the mediators" not in self.page()
        ar, en = demo_sides()
        resolution_import(
            ar_paragraphs=ar[:3],
            en_paragraphs=[*en[:2], "Welcomes the report of the mediators."],
            meta=ResolutionMeta(slug="demo"),
            replace=True,
        )
        assert "Welcomes the report of the mediators" in text_of(self.page())

    def test_no_visitor_gets_another_visitors_token(self) -> None:
        """A page first rendered for a logged-in editor is served to an anonymous visitor with
        the visitor's own CSRF token and nothing of the editor's."""
        editor = self.client_class(enforce_csrf_checks=True)
        editor.force_login(self.editor)
        editor_page = editor.get("/r/demo/").content.decode()
        visitor = self.client_class(enforce_csrf_checks=True)
        with self.assertNumQueries(1):  # from the cache
            visitor_page = visitor.get("/r/demo/").content.decode()
        token = re.compile(r'"X-CSRFToken": "([^"]+)"')
        editor_token = token.search(editor_page).group(1)
        visitor_token = token.search(visitor_page).group(1)
        assert editor_token != visitor_token
        assert "editor-amina" not in visitor_page
        assert text_of(visitor_page.split("<main", 1)[1]) == text_of(
            editor_page.split("<main", 1)[1]
        )
        # Each token works for its own visitor only: a logout POST with the editor's token from
        # the visitor is refused.
        refused = visitor.post("/admin/logout/", HTTP_X_CSRFTOKEN=editor_token)
        assert refused.status_code == 403
        accepted = visitor.post("/admin/logout/", HTTP_X_CSRFTOKEN=visitor_token)
        assert accepted.status_code != 403


class SearchBoxExampleTests(TestCase):
    """The "Search this resolution" box's example is a word of the resolution being read."""

    @classmethod
    def setUpTestData(cls) -> None:
        import_demo()
        import_udhr()
        import_sdg("global_targets", "sdg-targets", keys=8)

    def placeholder(self, slug: str) -> str:
        html = self.client.get(f"/r/{slug}/").content.decode()
        found = re.search(r'id="in-search-q"[^>]*placeholder="([^"]*)"', html)
        assert found, slug
        return unescape(found.group(1))

    def test_each_example_is_found_in_its_resolution(self) -> None:
        """The UDHR's box offers "proclaim · تنادي", words of its text, not the demo's
        "condemn · يدين", which no article holds; each word offered finds a sentence of the
        resolution, and the SDG targets, which state no action, get a neutral prompt."""
        assert self.placeholder("udhr") == "proclaim · تنادي"
        assert self.placeholder("sdg-targets") == "Word · كلمة"  # short enough for the side panel
        for slug in ("demo", "udhr"):
            for example in self.placeholder(slug).split(" · "):
                found = self.client.get("/api/search", {"q": example, "resolution": slug}).json()
                assert found["count"] > 0, (slug, example)


def _view(id: int, lang: str, index: int, kind: str, text: str, number: int = 0) -> ParagraphView:
    direction = "rtl" if lang == "ar" else "ltr"
    return ParagraphView(id, lang, direction, index, kind, "", [], "", text=text, number=number)


def _row(ar: list[ParagraphView], en: list[ParagraphView]) -> Row:
    link = LinkData(id=1, level="paragraph", position=0, score=0.9, status="auto", version=1)
    return Row(link=link, ar=ar, en=en)


def test_a_heading_aligned_with_a_paragraph_keeps_the_rows_number() -> None:
    """A row holding "Article 12" with its text (a text without article labels) is numbered by
    its first paragraph as before, ¶ 23: only a heading or the formula, with at most a line of a
    few words ("Now, therefore,"), goes without a number."""
    heading, text = Paragraph.Kind.HEADING, Paragraph.Kind.TEXT
    article_12 = _row(
        [
            _view(1, "ar", 22, heading, "المادة 12"),
            _view(
                2,
                "ar",
                23,
                text,
                "لا يعرض أحد لتدخل تعسفي في حياته الخاصة أو أسرته أو مسكنه أو مراسلاته.",
            ),
        ],
        [
            _view(3, "en", 22, heading, "Article 12"),
            _view(
                4,
                "en",
                23,
                text,
                "No one shall be subjected to arbitrary interference with his privacy.",
            ),
        ],
    )
    assert article_12.labels == [("ar", "¶ 23")]
    assert "¶ 23" in row_label(article_12)
    formula = _row(
        [_view(5, "ar", 9, Paragraph.Kind.PREAMBLE, "فإن الجمعية العامة")],
        [
            _view(6, "en", 9, text, "Now, therefore,"),
            _view(7, "en", 10, Paragraph.Kind.PREAMBLE, "The General Assembly"),
        ],
    )
    assert formula.labels == [] and "¶" not in row_label(formula)

"""import_resolution and export_resolution as a user runs them, including bad input."""

from __future__ import annotations

import importlib
import json
import tempfile
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import TestCase

from apps.alignment.models import Level, Link, Status
from apps.alignment.selectors import unit_citation
from apps.alignment.services import link_confirm, paragraph_edit_text
from apps.bitext.tmx import TmxUnit, write_tmx
from apps.corpus.models import Clause, Paragraph, Resolution, Sentence
from tests.bitext.test_worddoc import (
    AR_35,
    AR_NOTE,
    EN_35,
    EN_NOTE,
    WORD_FIXTURES,
    noted_resolution,
    zip_bomb,
)
from tests.conftest import (
    DEMO_FILE,
    aligner_linking_a_sentence_twice,
    demo_sides,
    sdg_yaml,
    shared_path,
)


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().strip()


def counts() -> tuple[int, int, int, int, int]:
    return (
        Resolution.objects.count(),
        Paragraph.objects.count(),
        Sentence.objects.count(),
        Clause.objects.count(),
        Link.objects.count(),
    )


class ImportDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.slug = run(
            "import_resolution",
            str(DEMO_FILE),
            "--title-en",
            "OIC CFM Ex-21",
            "--symbol",
            "CFM Ex-21",
            "--date",
            "2025-08-25",
            "--place",
            "Jeddah",
        )

    def test_prints_slug_from_file_name(self) -> None:
        """The command prints the new slug, taken from the file name."""
        assert self.slug == "oic-cfm-ex21-2025-08-25"
        resolution = Resolution.objects.get(slug=self.slug)
        assert resolution.place == "Jeddah" and str(resolution.date) == "2025-08-25"

    def test_export_command_prints_the_contract(self) -> None:
        """export_resolution prints tawazi-alignment/1 JSON with 42 + 42 paragraphs."""
        data = json.loads(run("export_resolution", self.slug, "--format", "json"))
        assert data["format"] == "tawazi-alignment/1"
        assert data["resolution"]["symbol"] == "CFM Ex-21"
        langs = [p["lang"] for p in data["paragraphs"]]
        assert langs.count("ar") == 42 and langs.count("en") == 42

    def test_existing_slug_without_replace_changes_nothing(self) -> None:
        """Re-importing an existing slug without --replace is refused and the data stays."""
        before = counts()
        with pytest.raises(CommandError, match="already exists.*--replace"):
            run("import_resolution", str(DEMO_FILE))
        assert counts() == before

    def test_place_in_arabic_is_stored_and_cited(self) -> None:
        """--place-ar stores the Arabic place (here as the demo's own framing words it), which the
        Arabic citation then gives instead of the venue's usual name; the export carries it."""
        run(
            "import_resolution",
            str(DEMO_FILE),
            "--slug",
            "at-headquarters",
            "--symbol",
            "CFM Ex-21",
            "--date",
            "2025-08-25",
            "--place",
            "Jeddah",
            "--place-ar",
            "مقر الأمانة العامة للمنظمة في جدة",
        )
        resolution = Resolution.objects.get(slug="at-headquarters")
        assert resolution.place_ar == "مقر الأمانة العامة للمنظمة في جدة"
        paragraph = resolution.paragraphs.get(lang="ar", index=7)
        citation = unit_citation(resolution, f"para-{paragraph.pk}")
        assert citation is not None
        assert citation.ar.startswith(
            "CFM Ex-21 (مقر الأمانة العامة للمنظمة في جدة، 25 أغسطس 2025)"
        )
        assert citation.en.startswith("CFM Ex-21 (Jeddah, 25 Aug 2025)")
        data = json.loads(run("export_resolution", "at-headquarters", "--format", "json"))
        assert data["resolution"]["place_ar"] == "مقر الأمانة العامة للمنظمة في جدة"

    def test_replace_reimports(self) -> None:
        """--replace swaps the resolution for a fresh import of the file."""
        old_id = Resolution.objects.get(slug=self.slug).pk
        run("import_resolution", str(DEMO_FILE), "--replace", "--title-en", "Replaced")
        resolution = Resolution.objects.get(slug=self.slug)
        assert resolution.pk != old_id and resolution.title_en == "Replaced"
        assert resolution.paragraphs.count() == 84


class TwoFileImportTests(TestCase):
    """--arabic/--english with the English side reshaped: a merged and a dropped paragraph."""

    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        # English paragraphs 10 and 11 merged into one; English paragraph 20 dropped.
        reshaped = en[:10] + [en[10] + " " + en[11]] + en[12:20] + en[21:]
        tmp = Path(__file__).resolve().parents[2] / "test-output" / "two-file"
        tmp.mkdir(parents=True, exist_ok=True)
        (tmp / "ar.txt").write_text("\n\n".join(ar) + "\n", encoding="utf-8")
        (tmp / "en.txt").write_text("\n".join(reshaped) + "\n", encoding="utf-8")
        cls.slug = run(
            "import_resolution",
            "--arabic",
            str(tmp / "ar.txt"),
            "--english",
            str(tmp / "en.txt"),
            "--slug",
            "reshaped",
        )
        cls.data = json.loads(run("export_resolution", "reshaped"))

    def paragraph_links(self) -> list[tuple[list[int], list[int]]]:
        index = {p["id"]: p["index"] for p in self.data["paragraphs"]}
        return [
            ([index[i] for i in link["ar"]], [index[i] for i in link["en"]])
            for link in self.data["links"]
            if link["level"] == "paragraph"
        ]

    def test_side_counts(self) -> None:
        """Blank lines are ignored; the sides keep their own paragraph counts."""
        langs = [p["lang"] for p in self.data["paragraphs"]]
        assert langs.count("ar") == 42 and langs.count("en") == 40

    def test_merged_paragraph_is_a_two_to_one_link(self) -> None:
        """Arabic 10 and 11 link to the one English paragraph that merges them."""
        assert ([10, 11], [10]) in self.paragraph_links()

    def test_dropped_paragraph_has_an_empty_side(self) -> None:
        """Arabic 20, whose translation was dropped, is on a link with no English."""
        assert ([20], []) in self.paragraph_links()

    def test_the_rest_is_one_to_one(self) -> None:
        """Every other paragraph keeps its own 1:1 link, shifted on the English side."""
        links = self.paragraph_links()
        assert ([5], [5]) in links and ([19], [18]) in links and ([41], [39]) in links
        assert len(links) == 41


class EditorFileTests(TestCase):
    """Files as editors get them from Word, PDF and CAT tools import like the clean UTF-8
    file."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.tmp = Path(__file__).resolve().parents[2] / "test-output" / "editor-files"
        cls.tmp.mkdir(parents=True, exist_ok=True)

    def test_word_unicode_text_export(self) -> None:
        """A bilingual file saved by Word as "Unicode Text" (UTF-16, BOM, CRLF) and the same
        file with a bidi mark on a line of its own store the demo's 42 + 42 paragraphs."""
        ar, en = demo_sides()
        text = "\r\n".join([*ar[:21], "\u200f", *ar[21:], "\u202b\u202c", *en]) + "\r\n"
        path = self.tmp / "unicode.txt"
        path.write_bytes(text.encode("utf-16"))
        slug = run("import_resolution", str(path), "--slug", "unicode", "--no-progress")
        stored = Paragraph.objects.filter(resolution__slug=slug).order_by("index")
        assert list(stored.filter(lang="ar").values_list("text", flat=True)) == ar
        assert list(stored.filter(lang="en").values_list("text", flat=True)) == en

    def test_word_files_with_a_footnote(self) -> None:
        """An Arabic and an English .docx whose paragraph cites a resolution in a footnote:
        the footnotes are stored after the body and paired with each other."""
        ar, en = demo_sides()
        arabic, english = self.tmp / "noted.ar.docx", self.tmp / "noted.en.docx"
        arabic.write_bytes(noted_resolution(ar, AR_35, AR_NOTE))
        english.write_bytes(noted_resolution(en, EN_35, EN_NOTE))
        slug = run("import_resolution", "--arabic", str(arabic), "--english", str(english))
        assert slug == "noted"
        stored = Paragraph.objects.filter(resolution__slug=slug).order_by("index")
        assert list(stored.filter(lang="en").values_list("text", flat=True)) == [
            en[2],
            EN_35 + ".",
            en[36],
            "1 " + EN_NOTE,
        ]
        assert stored.get(lang="ar", index=3).text == "1 " + AR_NOTE
        data = json.loads(run("export_resolution", slug))
        index = {p["id"]: p["index"] for p in data["paragraphs"]}
        links = [
            ([index[i] for i in k["ar"]], [index[i] for i in k["en"]])
            for k in data["links"]
            if k["level"] == "paragraph"
        ]
        assert ([3], [3]) in links

    def test_word_files_saved_by_a_word_processor(self) -> None:
        """The LibreOffice-made Arabic and English .docx of the demo (fixtures/word): the
        numbered, footnoted, tabled and boxed paragraphs are stored in order and pair 1:1."""
        slug = run(
            "import_resolution",
            "--arabic",
            str(WORD_FIXTURES / "demo-ar.docx"),
            "--english",
            str(WORD_FIXTURES / "demo-en.docx"),
            "--slug",
            "word-made",
        )
        ar, en = demo_sides()
        stored = Paragraph.objects.filter(resolution__slug=slug).order_by("index")
        arabic = list(stored.filter(lang="ar").values_list("text", flat=True))
        english = list(stored.filter(lang="en").values_list("text", flat=True))
        assert len(arabic) == len(english) == 12
        assert arabic[8] == ar[39] and english[8] == en[39]  # the text box, after its anchor
        assert english[1] == "1. " + en[3] and arabic[1] == "1 - " + ar[3]
        assert english[11] == "1 " + EN_NOTE
        data = json.loads(run("export_resolution", slug))
        index = {p["id"]: p["index"] for p in data["paragraphs"]}
        links = [
            ([index[i] for i in k["ar"]], [index[i] for i in k["en"]])
            for k in data["links"]
            if k["level"] == "paragraph"
        ]
        assert links == [([k], [k]) for k in range(12)]

    def test_tmx_file(self) -> None:
        """A TMX file of the demo's paragraphs, one unit each, stores its 42 + 42 paragraphs."""
        ar, en = demo_sides()
        path = self.tmp / "demo.tmx"
        units = [TmxUnit(a, e) for a, e in zip(ar, en, strict=True)]
        path.write_bytes(write_tmx(units, level="paragraph"))
        slug = run("import_resolution", str(path), "--no-progress")
        assert slug == "demo"
        stored = Paragraph.objects.filter(resolution__slug=slug).order_by("index")
        assert list(stored.filter(lang="ar").values_list("text", flat=True)) == ar
        assert list(stored.filter(lang="en").values_list("text", flat=True)) == en


class BadInputTests(TestCase):
    """Bad files get a clear message and leave the database exactly as it was."""

    @classmethod
    def setUpTestData(cls) -> None:
        run("import_resolution", str(DEMO_FILE), "--slug", "existing")
        cls.tmp = Path(__file__).resolve().parents[2] / "test-output" / "bad-input"
        cls.tmp.mkdir(parents=True, exist_ok=True)

    def write(self, name: str, data: bytes) -> str:
        path = self.tmp / name
        path.write_bytes(data)
        return str(path)

    def assert_refused(self, args: list[str], message: str) -> None:
        before = counts()
        with pytest.raises(CommandError, match=message):
            run("import_resolution", *args)
        assert counts() == before

    def test_empty_file(self) -> None:
        self.assert_refused([self.write("empty.txt", b"\n \n")], "empty")

    def test_an_aligner_linking_a_sentence_twice(self) -> None:
        """The demo with an aligner that (by a bug) puts a sentence in two links: the database
        refuses it, the command says so in a line, and nothing is stored."""
        from apps.corpus import services

        with aligner_linking_a_sentence_twice(services):
            self.assert_refused(
                [str(DEMO_FILE), "--slug", "twice"], "aligner put a sentence in two links"
            )

    def test_only_arabic(self) -> None:
        ar, _ = demo_sides()
        path = self.write("only-ar.txt", "\n".join(ar[:5]).encode())
        self.assert_refused([path, "--slug", "only-ar"], "no English paragraphs")

    def test_only_english(self) -> None:
        _, en = demo_sides()
        path = self.write("only-en.txt", "\n".join(en[:5]).encode())
        self.assert_refused([path, "--slug", "only-en"], "no Arabic paragraphs")

    def test_non_utf8(self) -> None:
        ar, en = demo_sides()
        data = (ar[0] + "\n" + en[0]).encode("cp1256", errors="replace")
        self.assert_refused([self.write("cp1256.txt", data), "--slug", "cp"], "not valid UTF-8")

    def test_binary(self) -> None:
        data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
        self.assert_refused([self.write("image.png", data), "--slug", "bin"], "binary")

    def test_missing_file(self) -> None:
        self.assert_refused([str(self.tmp / "nope.txt"), "--slug", "nope"], "cannot read")

    def test_existing_slug(self) -> None:
        self.assert_refused([str(DEMO_FILE), "--slug", "existing"], "already exists")

    def test_bad_date_and_slug(self) -> None:
        self.assert_refused([str(DEMO_FILE), "--slug", "x", "--date", "25/08/2025"], "YYYY-MM-DD")
        self.assert_refused([str(DEMO_FILE), "--slug", "Not A Slug"], "Invalid slug")

    def test_one_file_empty_with_two_files(self) -> None:
        ar, _ = demo_sides()
        arabic = self.write("two-ar.txt", "\n".join(ar).encode())
        english = self.write("two-en.txt", b"\n\n")
        self.assert_refused(["--arabic", arabic, "--english", english, "--slug", "two"], "empty")

    def test_a_word_zip_bomb(self) -> None:
        """A 90 KB .docx whose document.xml unpacks to 17 MB, under an upload limit of 1 MB
        (16 MB unpacked): refused with the limit, nothing stored."""
        ar, _ = demo_sides()
        arabic = self.write("bomb-ar.docx", noted_resolution(ar, AR_35, AR_NOTE))
        english = self.write("bomb-en.docx", zip_bomb(17 * 1024 * 1024))
        with self.settings(TAWAZI_MAX_UPLOAD_BYTES=1024 * 1024):
            self.assert_refused(
                ["--arabic", arabic, "--english", english, "--slug", "bomb"],
                r"bomb-en\.docx: the file unpacks to more than 16\.0 MB",
            )

    def test_a_renamed_word_97_file(self) -> None:
        """A .doc saved with a .docx name gets a message saying what to do."""
        ar, _ = demo_sides()
        arabic = self.write("old-ar.docx", noted_resolution(ar, AR_35, AR_NOTE))
        english = self.write("old-en.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096)
        self.assert_refused(
            ["--arabic", arabic, "--english", english, "--slug", "old"],
            r"old-en\.docx: not a \.docx file: a Word 97-2003 \.doc",
        )

    def test_one_word_file_for_both_sides(self) -> None:
        """A single .docx is not read as text; the message says how to give Word files."""
        ar, _ = demo_sides()
        path = self.write("both.docx", noted_resolution(ar, AR_35, AR_NOTE))
        self.assert_refused([path, "--slug", "both"], "give Word files as --arabic and --english")


def run_noting(*args: str) -> tuple[str, str]:
    """The command's stdout (the slug) and stderr (its notes)."""
    out, err = StringIO(), StringIO()
    call_command(*args, "--no-progress", stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def paragraph_pairs(slug: str) -> list[tuple[list[str], list[str]]]:
    """A stored resolution's paragraph links as their Arabic and English texts, in order."""
    links = Link.objects.filter(resolution__slug=slug, level="paragraph").order_by("position")
    pairs = []
    for link in links.prefetch_related("paragraphs"):
        members = sorted(link.paragraphs.all(), key=lambda p: p.index)
        pairs.append(
            (
                [p.text for p in members if p.lang == "ar"],
                [p.text for p in members if p.lang == "en"],
            )
        )
    return pairs


class KeyedImportTests(TestCase):
    """The SDG targets of A/RES/70/1 and indicators of A/RES/71/313, as the keyed YAML files
    of ../shared, imported with --arabic and --english."""

    @classmethod
    def setUpTestData(cls) -> None:
        folder = shared_path("corpus", "sdg")
        cls.slug, cls.notes = run_noting(
            "import_resolution",
            "--arabic",
            str(folder / "global_targets.ar.yml"),
            "--english",
            str(folder / "global_targets.en.yml"),
            "--slug",
            "sdg-targets",
            "--symbol",
            "A/RES/70/1",
            "--title-en",
            "Transforming our world: the 2030 Agenda for Sustainable Development",
            "--date",
            "2015-09-25",
        )
        cls.indicators, cls.indicator_notes = run_noting(
            "import_resolution",
            "--arabic",
            str(folder / "global_indicators.ar.yml"),
            "--english",
            str(folder / "global_indicators.en.yml"),
            "--symbol",
            "A/RES/71/313",
        )

    def test_every_target_is_paired_with_its_own_key(self) -> None:
        """169 targets a side, each on a 1:1 paragraph link with the English of the same key,
        in the UN's numbering (1.5, 1.a, 1.b, 2.1), and the symbol stored."""
        ar, en = sdg_yaml("global_targets", "ar"), sdg_yaml("global_targets", "en")
        pairs = paragraph_pairs(self.slug)
        assert len(pairs) == 169
        by_text = {text: key for key, text in ar.items()}
        for ar_texts, en_texts in pairs:
            assert len(ar_texts) == len(en_texts) == 1
            assert en[by_text[ar_texts[0]]] == en_texts[0]
        keys = [by_text[a[0]] for a, _ in pairs]
        assert keys[4:8] == ["1-5-title", "1-a-title", "1-b-title", "2-1-title"]
        assert Resolution.objects.get(slug=self.slug).symbol == "A/RES/70/1"
        assert "169 keys paired" in self.notes and "sorted as text" in self.notes

    def test_targets_keep_their_un_numbers_in_citations_and_export(self) -> None:
        """Target 1.a is stored and exported as "1.a" and cited as "target 1.a" (in Arabic
        "الغاية 1-أ"), not as the sixth paragraph; indicator 10.4.2 as "10.4.2" though the
        Arabic file lists it last, and cited "indicator 10.4.2" / "المؤشر 10-4-2"."""
        resolution = Resolution.objects.get(slug=self.slug)
        en = Paragraph.objects.get(resolution=resolution, lang="en", index=5)
        assert en.source_label == "1.a" and en.text.startswith("Ensure significant mobilization")
        assert (
            Paragraph.objects.get(resolution=resolution, lang="ar", index=5).source_label == "1.a"
        )
        citation = unit_citation(resolution, f"para-{en.pk}")
        assert citation is not None
        assert citation.en == "A/RES/70/1 (25 Sep 2015), target 1.a"
        assert citation.ar.endswith("، الغاية 1-أ") and "¶" not in citation.ar + citation.en
        data = json.loads(run("export_resolution", self.slug, "--format", "json"))
        assert [p["source_label"] for p in data["paragraphs"] if p["lang"] == "ar"][5] == "1.a"
        indicator = Paragraph.objects.get(
            resolution__slug=self.indicators,
            lang="ar",
            text=sdg_yaml("global_indicators", "ar")["10-4-2-title"],
        )
        assert indicator.source_label == "10.4.2"
        citation = unit_citation(indicator.resolution, f"para-{indicator.pk}")
        assert citation is not None
        assert citation.en == "A/RES/71/313, indicator 10.4.2"
        assert citation.ar == "A/RES/71/313، المؤشر 10-4-2"

    def test_indicators_listed_in_another_order_pair_by_key(self) -> None:
        """Indicator 10.4.2 is last in the Arabic file and in place in the English one: stored
        between 10.4.1 and 10.5.1 on both sides, linked to its own translation; the slug comes
        from the file name and the note names the first disagreement."""
        ar, en = sdg_yaml("global_indicators", "ar"), sdg_yaml("global_indicators", "en")
        assert self.indicators == "global_indicators"
        pairs = paragraph_pairs(self.indicators)
        at = pairs.index(([ar["10-4-2-title"]], [en["10-4-2-title"]]))
        assert pairs[at - 1] == ([ar["10-4-1-title"]], [en["10-4-1-title"]])
        assert pairs[at + 1] == ([ar["10-5-1-title"]], [en["10-5-1-title"]])
        assert "different orders" in self.indicator_notes and "10-4-2-title" in self.indicator_notes

    def test_keys_missing_on_either_side_are_imported_alone_and_named(self) -> None:
        """An Arabic file without target 1.3 and an English one without 1.2: Arabic 1.2 and
        English 1.3 are each stored on a link with no counterpart (the aligner would pair
        them, being in the same place), the rest stay paired, and the notes name both keys."""
        tmp = Path(__file__).resolve().parents[2] / "test-output" / "keyed"
        tmp.mkdir(parents=True, exist_ok=True)
        folder = shared_path("corpus", "sdg")
        for lang, dropped, following in (("ar", "1-3", "1-4"), ("en", "1-2", "1-3")):
            text = (folder / f"global_targets.{lang}.yml").read_text(encoding="utf-8")
            start, end = text.index(f"{dropped}-title:"), text.index(f"{following}-title:")
            (tmp / f"targets.{lang}.yml").write_text(text[:start] + text[end:], encoding="utf-8")
        slug, notes = run_noting(
            "import_resolution",
            "--arabic",
            str(tmp / "targets.ar.yml"),
            "--english",
            str(tmp / "targets.en.yml"),
            "--slug",
            "targets-gap",
        )
        pairs = paragraph_pairs(slug)
        assert len(pairs) == 169
        assert pairs[1] == ([sdg_yaml("global_targets", "ar")["1-2-title"]], [])
        assert pairs[2] == ([], [sdg_yaml("global_targets", "en")["1-3-title"]])
        assert all(a and e for a, e in pairs[:1] + pairs[3:])
        assert "1 key only in" in notes and "1-2-title" in notes and "1-3-title" in notes


class UdhrTextImportTests(TestCase):
    """The UDHR's plain-text files, credits header and all, imported with --arabic/--english."""

    @classmethod
    def setUpTestData(cls) -> None:
        folder = shared_path("corpus", "udhr")
        cls.slug, cls.notes = run_noting(
            "import_resolution",
            "--arabic",
            str(folder / "udhr_arb.txt"),
            "--english",
            str(folder / "udhr_eng.txt"),
            "--slug",
            "udhr",
            "--symbol",
            "A/RES/217 A (III)",
        )

    def test_credits_header_is_skipped_and_said(self) -> None:
        """No stored paragraph is a credit line or the rule; each side starts at the title;
        the command says, per file, which lines it skipped."""
        stored = Paragraph.objects.filter(resolution__slug=self.slug)
        assert not stored.filter(text__contains="©").exists()
        assert not stored.filter(text__contains="UDHR in Unicode").exists()
        assert not stored.filter(text="---").exists()
        assert stored.get(lang="ar", index=0).text == "الإعلان العالمي لحقوق الإنسان"
        assert stored.get(lang="en", index=0).text == "Universal Declaration of Human Rights"
        assert stored.filter(lang="ar").count() == stored.filter(lang="en").count() == 92
        for name in ("udhr_arb.txt", "udhr_eng.txt"):
            assert f"{name}: skipped the 4-line header" in self.notes

    def test_titles_pair_and_the_preamble_clause_without_arabic_stays_alone(self) -> None:
        """The two titles are linked to each other; "Whereas it is essential to promote the
        development of friendly relations between nations," has no Arabic counterpart."""
        pairs = paragraph_pairs(self.slug)
        assert pairs[0] == (
            ["الإعلان العالمي لحقوق الإنسان"],
            ["Universal Declaration of Human Rights"],
        )
        friendly = [e for a, e in pairs if any("friendly relations" in t for t in e)]
        assert friendly and all(
            not a for a, e in pairs if any("friendly relations" in t for t in e)
        )


class KeyedBadInputTests(TestCase):
    """Keyed files that cannot be imported are refused clearly and store nothing."""

    def setUp(self) -> None:
        self.tmp = Path(__file__).resolve().parents[2] / "test-output" / "keyed-bad"
        self.tmp.mkdir(parents=True, exist_ok=True)

    def assert_refused(self, args: list[str], message: str) -> None:
        before = counts()
        with pytest.raises(CommandError, match=message):
            run("import_resolution", *args)
        assert counts() == before

    def test_a_keyed_file_beside_a_text_file(self) -> None:
        ar = str(shared_path("corpus", "sdg", "global_goals.ar.yml"))
        en = str(shared_path("corpus", "udhr", "udhr_eng.txt"))
        self.assert_refused(["--arabic", ar, "--english", en], "give the other language as a keyed")

    def test_one_keyed_file_as_the_bilingual_file(self) -> None:
        path = str(shared_path("corpus", "sdg", "global_goals.en.yml"))
        self.assert_refused([path], "give keyed files as --arabic and --english")

    def test_a_nested_yaml_file(self) -> None:
        """A YAML file that is not flat (a mapping under a key) is refused at its line."""
        _, en = demo_sides()
        ar_path = str(shared_path("corpus", "sdg", "global_goals.ar.yml"))
        nested = self.tmp / "nested.en.yml"
        nested.write_text(f"1-title:\n  text: {en[3]}\n", encoding="utf-8")
        self.assert_refused(
            ["--arabic", ar_path, "--english", str(nested), "--slug", "nested"],
            r"nested\.en\.yml, line 2: .*nested mapping",
        )


class RelabelTests(TestCase):
    """A UDHR stored before corpus 0009 was labelled by that migration, which has no file to read
    indentation from: Article 13's paragraphs got "Art. 13-1" (the margin's "Art. 13 ¶ 1").
    `import_resolution … --relabel` reads the files again and fixes the labels alone."""

    @classmethod
    def setUpTestData(cls) -> None:
        folder = shared_path("corpus", "udhr")
        cls.files = ("--arabic", str(folder / "udhr_arb.txt"))
        cls.files += ("--english", str(folder / "udhr_eng.txt"), "--slug", "udhr")
        run("import_resolution", *cls.files, "--symbol", "A/RES/217 A (III)", "--no-progress")
        cls.udhr = Resolution.objects.get(slug="udhr")
        cls.imported = dict(
            Paragraph.objects.filter(resolution=cls.udhr).values_list("pk", "source_label")
        )
        # The old way: stored without labels, then labelled by migration 0009 from the text alone.
        Paragraph.objects.filter(resolution=cls.udhr).update(source_label="")
        migration = importlib.import_module("apps.corpus.migrations.0009_article_labels")
        state = MigrationLoader(connection).project_state(("corpus", "0009_article_labels"))
        migration.label_articles(state.apps, SimpleNamespace(connection=connection))
        cls.editor = User.objects.create_user("editor-salma", password="long-enough-pw-9")

    def para(self, lang: str, text: str) -> Paragraph:
        """The paragraph that is text (a heading, "المادة 1") or else starts with it."""
        paragraphs = Paragraph.objects.filter(resolution=self.udhr, lang=lang)
        return paragraphs.filter(text=text).first() or paragraphs.get(text__startswith=text)

    def relabel(self, *args: str) -> str:
        err = StringIO()
        call_command("import_resolution", *args, "--relabel", stdout=StringIO(), stderr=err)
        return err.getvalue()

    def test_relabel_fixes_the_labels_and_keeps_the_reviews(self) -> None:
        """After --relabel Article 13's first paragraph reads "Art. 13(1)" / "المادة 13 (1)" in
        the margin and the citation (it read "Art. 13 ¶ 1"), every label is what a fresh import
        gives; the confirmed links, their ids and an edited text are kept; the command says how
        many labels changed and which paragraph no longer reads as the file."""
        movement = self.para("en", "Everyone has the right to freedom of movement")
        assert movement.source_label == "Art. 13-1"
        assert "Art. 13 ¶ 1" in self.client.get("/r/udhr/").content.decode()
        links = Link.objects.filter(resolution=self.udhr, level=Level.PARAGRAPH)
        confirmed = [
            links.get(paragraphs=movement),
            links.get(paragraphs=self.para("ar", "المادة 1")),
        ]
        for link in confirmed:
            link_confirm(
                resolution=self.udhr, link_id=link.pk, version=link.version, user=self.editor
            )
        article_3 = self.para("en", "Everyone has the right to life")
        (link_3,) = links.filter(paragraphs=article_3)
        paragraph_edit_text(
            resolution=self.udhr,
            paragraph_id=article_3.pk,
            text=article_3.text.replace("security of person", "security of the person"),
            versions={link_3.pk: link_3.version},
            user=self.editor,
        )
        link_ids = set(Link.objects.filter(resolution=self.udhr).values_list("pk", flat=True))

        notes = self.relabel(*self.files)

        after = dict(
            Paragraph.objects.filter(resolution=self.udhr).values_list("pk", "source_label")
        )
        assert after == self.imported
        html = self.client.get("/r/udhr/").content.decode()
        assert "Art. 13 ¶ 1" not in html and "Art. 13(1)" in html and "Art. 2 ¶ 2" in html
        citation = unit_citation(self.udhr, f"para-{movement.pk}")
        assert citation is not None and citation.en.endswith(", Art. 13(1)")
        assert (
            set(Link.objects.filter(resolution=self.udhr).values_list("pk", flat=True)) == link_ids
        )
        for link in confirmed:
            assert Link.objects.get(pk=link.pk).status == Status.CONFIRMED
        article_3.refresh_from_db()
        assert article_3.text.endswith("security of the person.")
        changed = sum(1 for label in self.imported.values() if "(" in label)
        assert f"udhr: {changed} paragraph labels changed." in notes
        assert (
            "1 paragraphs differ from the file" in notes and f"en ¶ {article_3.index + 1}" in notes
        )
        # Run again, nothing is left to change.
        assert "udhr: 0 paragraph labels changed." in self.relabel(*self.files)

    def test_relabel_refuses_another_file_and_changes_nothing(self) -> None:
        """The demo resolution's file, an unknown slug, or --replace beside --relabel are
        refused with a message; the stored labels stay as they were."""
        before = dict(
            Paragraph.objects.filter(resolution=self.udhr).values_list("pk", "source_label")
        )
        ar, en = demo_sides()
        folder = Path(self.enterContext(tempfile.TemporaryDirectory()))
        (folder / "ar.txt").write_text("\n".join((ar * 3)[:92]), encoding="utf-8")
        (folder / "en.txt").write_text("\n".join((en * 3)[:92]), encoding="utf-8")
        demo_files = ("--arabic", str(folder / "ar.txt"), "--english", str(folder / "en.txt"))
        with pytest.raises(CommandError, match="not the file the resolution was imported from"):
            self.relabel(*demo_files, "--slug", "udhr")
        with pytest.raises(CommandError, match="No resolution 'udhr-1948' to relabel"):
            self.relabel(*self.files[:4], "--slug", "udhr-1948")
        with pytest.raises(CommandError, match="--relabel or --replace, not both"):
            self.relabel(*self.files, "--replace")
        after = dict(
            Paragraph.objects.filter(resolution=self.udhr).values_list("pk", "source_label")
        )
        assert after == before


class KeyedRelabelTests(TestCase):
    """SDG targets imported before corpus 0008 kept no keys: --relabel with the same YAML files
    gives them their numbers back ("1.a" / "1-أ") and keeps a confirmed link."""

    def test_targets_stored_without_labels_get_their_numbers(self) -> None:
        folder = shared_path("corpus", "sdg")
        files = ("--arabic", str(folder / "global_targets.ar.yml"))
        files += ("--english", str(folder / "global_targets.en.yml"), "--slug", "sdg-targets")
        run("import_resolution", *files, "--symbol", "A/RES/70/1", "--no-progress")
        targets = Resolution.objects.get(slug="sdg-targets")
        stored = Paragraph.objects.filter(resolution=targets)
        imported = dict(stored.values_list("pk", "source_label"))
        stored.update(source_label="")  # as an import before corpus 0008 stored them
        target_1a = stored.get(lang="en", text__startswith="Ensure significant mobilization")
        assert "¶ 6" in self.client.get("/r/sdg-targets/").content.decode()
        (link,) = Link.objects.filter(level=Level.PARAGRAPH, paragraphs=target_1a)
        editor = User.objects.create_user("editor-omar", password="long-enough-pw-7")
        link_confirm(resolution=targets, link_id=link.pk, version=link.version, user=editor)

        err = StringIO()
        call_command("import_resolution", *files, "--relabel", stdout=StringIO(), stderr=err)

        assert dict(stored.values_list("pk", "source_label")) == imported
        assert f"sdg-targets: {len(imported)} paragraph labels changed." in err.getvalue()
        html = self.client.get("/r/sdg-targets/").content.decode()
        assert "¶ 6" not in html and "1-أ" in html and "1.a" in html
        assert Link.objects.get(pk=link.pk).status == Status.CONFIRMED

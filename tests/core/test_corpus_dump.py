"""dump_corpus / load_corpus: a lossless round trip between two databases (and engines)."""

from __future__ import annotations

import gzip
import json
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import connections
from django.test import TestCase

from apps.alignment.models import Edit, Level, Link, LinkReview, Status
from apps.alignment.services import link_confirm, link_findings_update, link_merge
from apps.core.corpus_dump import (
    DumpError,
    _external_fields,
    corpus_dump,
    corpus_load,
    corpus_models,
)
from apps.corpus.models import Paragraph, Resolution
from apps.corpus.services import ResolutionMeta, resolution_import
from apps.search.models import SearchEntry
from apps.search.services import search_links_refresh
from tests.conftest import MIRROR, demo_sides
from tests.reader.test_views import import_udhr

HOSTILE = '<script>alert(1)</script> "quoted" \u202eevil\u202c zero\u200bwidth \\ back\tslash'


def dump(using: str) -> list[str]:
    stream = StringIO()
    corpus_dump(stream=stream, using=using)
    return stream.getvalue().splitlines()


def rows(lines: list[str]) -> list[str]:
    """The data rows, with user ids replaced by usernames (ids differ between databases)."""
    header = json.loads(lines[0])
    user_columns = {
        model._meta.label: [c for c, kind in _external_fields(model).items() if kind == "user"]
        for model in corpus_models()
    }
    out = []
    for line in lines[1:]:
        row = json.loads(line)
        for column in user_columns.get(row["model"], []):
            value = row["fields"][column]
            if value is not None:
                row["fields"][column] = header["users"][str(value)]
        out.append(json.dumps(row, ensure_ascii=False, sort_keys=True))
    return out


class RoundTripTests(TestCase):
    databases = {"default", MIRROR}

    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        cls.demo = resolution_import(
            ar_paragraphs=ar,
            en_paragraphs=[*en[:41], en[41] + " " + HOSTILE],
            meta=ResolutionMeta(
                slug="demo", title_en="Demo " + HOSTILE, title_ar="قرار", place="Jeddah"
            ),
        )
        resolution_import(
            ar_paragraphs=ar[:3], en_paragraphs=en[:4], meta=ResolutionMeta(slug="small")
        )
        # Reviewers' work: confirmed and corrected links with bumped versions.
        links = list(Link.objects.of(cls.demo).at(Level.SENTENCE).order_by("position")[:3])
        links[0].status, links[0].version = Status.CONFIRMED, 2
        links[1].status, links[1].version, links[1].score = Status.CORRECTED, 5, 1.0
        Link.objects.bulk_update(links[:2], ["status", "version", "score"])
        links[2].sentences.clear()  # an edited link with an empty side
        # Recorded, attributed edits (history with a user).
        editor = User.objects.create_user("editor", "editor@example.org")
        paragraph_links = list(Link.objects.of(cls.demo).at(Level.PARAGRAPH).order_by("position"))
        link_confirm(resolution=cls.demo, link_id=paragraph_links[0].pk, version=1, user=editor)
        link_merge(
            resolution=cls.demo,
            versions={paragraph_links[3].pk: 1, paragraph_links[4].pk: 1},
            user=editor,
        )

    def test_every_project_table_is_dumped(self) -> None:
        """The dump covers each table of the project's apps, M2M membership tables included."""
        labels = json.loads(dump("default")[0])["models"]
        assert labels == [m._meta.label for m in corpus_models()]
        assert {"corpus.Resolution", "corpus.Clause", "alignment.Link"} <= set(labels)
        assert {"alignment.LinkParagraph", "alignment.LinkSentence"} <= set(labels)
        assert labels.index("corpus.Paragraph") < labels.index("corpus.Sentence")

    def test_round_trip_is_lossless_across_databases(self) -> None:
        """default -> mirror -> default reproduces every row: ids, text, statuses, timestamps."""
        source = dump("default")
        counts = json.loads(source[0])["counts"]
        assert counts["alignment.Link"] > 300 and counts["corpus.Clause"] > 400

        corpus_load(lines=iter(source), using=MIRROR)
        copied = dump(MIRROR)
        assert rows(copied) == rows(source)

        corpus_load(lines=iter(copied), using="default", replace=True)
        assert rows(dump("default")) == rows(source)

        demo = Resolution.objects.using(MIRROR).get(slug="demo")
        assert demo.title_en.endswith(HOSTILE) and demo.created_at == self.demo.created_at
        statuses = (
            Link.objects.using(MIRROR).filter(resolution=demo).values_list("status", flat=True)
        )
        assert {Status.CONFIRMED, Status.CORRECTED, Status.AUTO} == set(statuses)
        text = Paragraph.objects.using(MIRROR).get(resolution=demo, lang="en", index=41).text
        assert text.endswith(HOSTILE)
        # Edits keep their author; the user exists in the copy, without a usable password.
        edits = Edit.objects.using(MIRROR).filter(resolution=demo).select_related("user")
        assert sorted(e.action for e in edits) == ["confirm", "merge"]
        assert {e.user.username for e in edits} == {"editor"}
        copied_user = User.objects.using(MIRROR).get(username="editor")
        assert not copied_user.has_usable_password() and not copied_user.is_active

    def test_dump_from_before_findings_gets_them_on_load(self) -> None:
        """Links in a dump made before they carried QA findings get them computed on load, the
        same as the source stores (the hostile paragraph's quote only in the English)."""
        # setUpTestData emptied a link's side behind the services' back: bring it up to date.
        for level in Level:
            link_findings_update(resolution=self.demo, level=level)
        source = dump("default")
        findings = [
            json.loads(line)["fields"]["findings"]
            for line in source[1:]
            if '"alignment.Link"' in line and '"findings": []' not in line
        ]
        assert any("Quoted title only in the English" in f["message"] for f in findings[0])
        old = [source[0]]
        for line in source[1:]:
            row = json.loads(line)
            if row["model"] == "alignment.Link":
                del row["fields"]["findings"]
            old.append(json.dumps(row, ensure_ascii=False))
        corpus_load(lines=iter(old), using=MIRROR)
        assert rows(dump(MIRROR)) == rows(source)

    def test_dump_from_before_entries_held_sentence_links_gets_them_on_load(self) -> None:
        """Search entries in a dump made before they held their sentence links get them on load,
        as an import stores them: a pair found on both sides is then listed once in the copy."""
        # setUpTestData emptied a link's side behind the services' back: bring it up to date.
        search_links_refresh(resolution=self.demo)
        source = dump("default")
        old = [source[0]]
        for line in source[1:]:
            row = json.loads(line)
            if row["model"] == "search.SearchEntry":
                assert "sentence_link_id" in row["fields"]
                del row["fields"]["sentence_link_id"]
            old.append(json.dumps(row, ensure_ascii=False))
        corpus_load(lines=iter(old), using=MIRROR)
        assert rows(dump(MIRROR)) == rows(source)
        linked = SearchEntry.objects.using(MIRROR).exclude(sentence_link_id=None).count()
        assert linked == Link.sentences.through.objects.using(MIRROR).count() > 90

    def test_dump_from_before_the_members_tables_were_declared_loads(self) -> None:
        """A dump made while links' members were Django's automatic tables (labelled
        "alignment.Link_sentences"...) loads the same links and members."""
        source = dump("default")
        renamed = {
            "alignment.LinkParagraph": "alignment.Link_paragraphs",
            "alignment.LinkSentence": "alignment.Link_sentences",
            "alignment.LinkClause": "alignment.Link_clauses",
        }
        header = json.loads(source[0])
        header["models"] = [renamed.get(label, label) for label in header["models"]]
        header["counts"] = {renamed.get(k, k): n for k, n in header["counts"].items()}
        old = [json.dumps(header, ensure_ascii=False)]
        for line in source[1:]:
            row = json.loads(line)
            row["model"] = renamed.get(row["model"], row["model"])
            old.append(json.dumps(row, ensure_ascii=False))
        corpus_load(lines=iter(old), using=MIRROR)
        assert rows(dump(MIRROR)) == rows(source)

    def test_a_dump_linking_a_sentence_twice_is_refused(self) -> None:
        """A dump whose rows put a sentence in two links (edited by hand, or from a corrupt
        database) is refused with the reason, and nothing is loaded."""
        source = dump("default")
        member = next(json.loads(line) for line in source[1:] if "alignment.LinkSentence" in line)
        header = json.loads(source[0])
        header["counts"]["alignment.LinkSentence"] += 1
        twice = dict(member, fields=dict(member["fields"], id=10**9))
        twice["fields"]["link_id"] = next(
            json.loads(line)["fields"]["id"]
            for line in source[1:]
            if '"alignment.Link"' in line
            and json.loads(line)["fields"]["level"] == "sentence"
            and json.loads(line)["fields"]["id"] != member["fields"]["link_id"]
        )
        lines = [json.dumps(header), *source[1:], json.dumps(twice)]
        with pytest.raises(DumpError, match="in two links"):
            corpus_load(lines=iter(lines), using=MIRROR)
        assert not Link.objects.using(MIRROR).exists()

    def test_dump_from_before_the_review_index_gets_it_on_load(self) -> None:
        """A dump made before reviews were indexed (no alignment.LinkReview table) loads with
        the index rebuilt from its edits: who confirmed paragraph link #1 is found in the copy."""
        source = dump("default")
        header = json.loads(source[0])
        assert header["counts"]["alignment.LinkReview"] >= 2  # the confirm and the merge
        header["models"].remove("alignment.LinkReview")
        del header["counts"]["alignment.LinkReview"]
        old = [json.dumps(header, ensure_ascii=False)] + [
            line for line in source[1:] if '"alignment.LinkReview"' not in line
        ]
        corpus_load(lines=iter(old), using=MIRROR)
        fields = ("edit_id", "link_id", "level", "version", "status", "given")
        assert sorted(LinkReview.objects.using(MIRROR).values_list(*fields)) == sorted(
            LinkReview.objects.values_list(*fields)
        )
        first = Link.objects.of(self.demo).at(Level.PARAGRAPH).get(position=0)
        confirmed = LinkReview.objects.using(MIRROR).get(link_id=first.pk, status="confirmed")
        assert confirmed.edit.user.username == "editor"

    def test_dump_from_before_the_anatomy_fixes_gets_them_on_load(self) -> None:
        """A dump made while the UDHR's Arabic adoption note was classed operative "adopts"
        loads with the note as framing, as an import classes it now."""
        udhr = import_udhr()
        note = Paragraph.objects.get(resolution=udhr, lang="ar", index=0)
        source = dump("default")
        old = [source[0]]
        for line in source[1:]:
            row = json.loads(line)
            if row["model"] == "corpus.Paragraph" and row["fields"]["id"] == note.pk:
                assert row["fields"]["kind"] == "framing"
                row["fields"] |= {"kind": "operative", "phrase_start": 0, "phrase_end": 6}
                row["fields"]["action"] = "adopt"
            old.append(json.dumps(row, ensure_ascii=False))
        corpus_load(lines=iter(old), using=MIRROR)
        copied = Paragraph.objects.using(MIRROR).get(pk=note.pk)
        assert (copied.kind, copied.phrase_start, copied.action) == ("framing", None, "")
        paragraphs = [r for r in rows(source) if '"corpus.Paragraph"' in r]
        assert [r for r in rows(dump(MIRROR)) if '"corpus.Paragraph"' in r] == paragraphs
        # Its reading page is not served from a cache of the old anatomy.
        assert Resolution.objects.using(MIRROR).get(pk=udhr.pk).revision > udhr.revision

    def test_sdg_targets_keep_their_un_numbers_through_a_dump(self) -> None:
        """Targets 1.1 … 2.1 load into the other database still numbered as the UN numbers them,
        though the load reclassifies every paragraph; a dump from before paragraphs kept their
        source's number loads too, the reader counting them again."""
        from tests.reader.test_views import import_sdg

        targets = import_sdg("global_targets", "sdg-targets", keys=8)
        source = dump("default")
        corpus_load(lines=iter(source), using=MIRROR)
        labels = (
            Paragraph.objects.using(MIRROR)
            .filter(resolution_id=targets.pk, lang="ar")
            .order_by("index")
            .values_list("source_label", flat=True)
        )
        assert list(labels) == ["1.1", "1.2", "1.3", "1.4", "1.5", "1.a", "1.b", "2.1"]
        old = [source[0]]
        for line in source[1:]:
            row = json.loads(line)
            if row["model"] == "corpus.Paragraph":
                del row["fields"]["source_label"]
            old.append(json.dumps(row, ensure_ascii=False))
        corpus_load(lines=iter(old), using=MIRROR, replace=True)
        assert not Paragraph.objects.using(MIRROR).exclude(source_label="").exists()

    def test_new_rows_after_a_load_get_fresh_ids(self) -> None:
        """After loading, importing another resolution works (sequences were moved on)."""
        source = dump("default")
        corpus_load(lines=iter(source), using=MIRROR)
        top = Paragraph.objects.using(MIRROR).order_by("-pk").values_list("pk", flat=True)[0]
        created = Resolution.objects.using(MIRROR).create(slug="after-load")
        paragraph = Paragraph.objects.using(MIRROR).create(
            resolution=created, lang="en", index=0, text="Welcomes the report."
        )
        assert paragraph.pk > top

    def test_refuses_a_non_empty_database_without_replace(self) -> None:
        """Loading on top of an existing corpus is refused and changes nothing."""
        source = dump("default")
        with pytest.raises(DumpError, match="already holds a corpus"):
            corpus_load(lines=iter(source), using="default")
        assert rows(dump("default")) == rows(source)

    def test_damaged_dump_changes_nothing(self) -> None:
        """A truncated or corrupted dump is refused and the target is left as it was."""
        source = dump("default")
        with pytest.raises(DumpError, match="truncated or damaged"):
            corpus_load(lines=iter(source[:-50]), using=MIRROR)
        assert not Resolution.objects.using(MIRROR).exists()
        broken = [
            *source[:100],
            '{"model": "corpus.Paragraph", "fields": {"id": "x"',
            *source[100:],
        ]
        with pytest.raises(DumpError, match="line 101"):
            corpus_load(lines=iter(broken), using=MIRROR)
        assert not Paragraph.objects.using(MIRROR).exists()
        with pytest.raises(DumpError, match="not a"):
            corpus_load(lines=iter(['{"format": "something-else"}']), using=MIRROR)


class CommandTests(TestCase):
    databases = {"default", MIRROR}

    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        resolution_import(ar_paragraphs=ar[:8], en_paragraphs=en[:8], meta=ResolutionMeta(slug="d"))

    def test_commands_round_trip_through_a_gzip_file(self) -> None:
        """dump_corpus FILE.gz then load_corpus FILE.gz --database mirror copies the corpus."""
        path = Path(self.enterContext(_tempdir())) / "corpus.jsonl.gz"
        call_command("dump_corpus", str(path), stderr=StringIO())
        with gzip.open(path, "rt", encoding="utf-8") as f:
            assert json.loads(f.readline())["format"] == "tawazi-corpus/1"
        out = StringIO()
        call_command("load_corpus", str(path), "--database", MIRROR, stdout=out)
        assert out.getvalue().startswith("loaded ")
        assert rows(dump(MIRROR)) == rows(dump("default"))
        with pytest.raises(CommandError, match="--replace"):
            call_command("load_corpus", str(path), "--database", MIRROR, stdout=StringIO())

    def test_mirror_is_a_separate_database(self) -> None:
        """The round trip really crosses databases (and engines when default is PostgreSQL)."""
        assert not Resolution.objects.using(MIRROR).exists()
        assert connections[MIRROR].vendor == "sqlite"
        assert (
            connections["default"].settings_dict["NAME"]
            != connections[MIRROR].settings_dict["NAME"]
        )


def _tempdir():  # type: ignore[no-untyped-def]
    import tempfile

    return tempfile.TemporaryDirectory()

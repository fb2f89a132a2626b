"""A resolution's History page in the admin: besides the changes to its record, the alignment
and text edits made on it (who, when, what), newest first, each with its Undo."""

from __future__ import annotations

import re
from io import StringIO

from django.contrib.auth.models import Group, User
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.alignment.models import Edit, Level, Link
from apps.alignment.services import edit_undo, link_confirm, link_merge
from apps.corpus.models import Resolution
from apps.corpus.services import ResolutionMeta, resolution_import
from tests.conftest import demo_sides, shared_path


class ResolutionHistoryTests(TestCase):
    """Alice merges the demo's first two paragraph links, Bob confirms sentence link #3, Carol
    undoes Alice's merge."""

    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        cls.resolution = resolution_import(
            ar_paragraphs=ar[:8], en_paragraphs=en[:8], meta=ResolutionMeta(slug="demo")
        )
        editors = Group.objects.get(name="Editor")
        cls.alice, cls.bob, cls.carol = (
            User.objects.create_user(name, is_staff=True) for name in ("alice", "bob", "carol")
        )
        for user in (cls.alice, cls.bob, cls.carol):
            user.groups.add(editors)
        cls.reviewer = User.objects.create_user("rita", is_staff=True)
        cls.reviewer.groups.add(Group.objects.get(name="Reviewer"))
        first, second = Link.objects.of(cls.resolution).at(Level.PARAGRAPH)[:2]
        cls.merge = link_merge(
            resolution=cls.resolution, versions={first.pk: 1, second.pk: 1}, user=cls.alice
        )
        sentence = Link.objects.of(cls.resolution).at(Level.SENTENCE).get(position=2)
        cls.confirm = link_confirm(
            resolution=cls.resolution, link_id=sentence.pk, version=1, user=cls.bob
        )
        cls.undo = edit_undo(resolution=cls.resolution, edit_id=cls.merge.pk, user=cls.carol)

    @property
    def url(self) -> str:
        return reverse("admin:corpus_resolution_history", args=[self.resolution.pk])

    def rows(self, html: str) -> list[str]:
        """The alignment edits table's rows, as text."""
        table = html.split('id="alignment-history"')[1].split("</table>")[0]
        rows = re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1], re.S)
        return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]

    def test_the_history_lists_the_alignment_edits_newest_first_with_who_made_them(
        self,
    ) -> None:
        """The page lists Carol's undo, Bob's confirmation and Alice's merge, newest first,
        each with its author; the merge says it was undone and by whom."""
        self.client.force_login(self.alice)
        html = self.client.get(self.url).content.decode()
        rows = self.rows(html)
        assert len(rows) == 3
        assert "carol Undid: Merged 2 paragraph links from #1" in rows[0]
        assert "bob Confirmed sentence link #3" in rows[1]
        assert "alice Merged 2 paragraph links from #1 Undone by carol" in rows[2]

    def test_undo_from_the_history_undoes_and_opens_the_editor_at_the_link(self) -> None:
        """Each edit not yet undone has an Undo button; Alice's Undo of Bob's confirmation
        undoes it and opens the alignment editor at sentence level, saying so."""
        self.client.force_login(self.alice)
        html = self.client.get(self.url).content.decode()
        button = re.search(
            rf'<button[^>]*formaction="([^"]+)"[^>]*value="undo:{self.confirm.pk}"', html
        )
        assert button, "no Undo button for Bob's confirmation"
        assert f'value="undo:{self.merge.pk}"' not in html  # already undone
        action = button.group(1).replace("&amp;", "&")
        response = self.client.post(action, {"action": f"undo:{self.confirm.pk}"})
        assert response.status_code == 302
        assert response["Location"].startswith(
            reverse("admin:corpus_resolution_align", args=[self.resolution.pk]) + "?level=sentence"
        )
        assert Edit.objects.get(pk=self.confirm.pk).undone_by is not None
        said = [str(m) for m in get_messages(response.wsgi_request)]
        assert said == [
            "Undid: Confirmed sentence link #3. You can undo it from the history below."
        ]

    def test_a_reviewer_sees_the_edits_but_no_undo(self) -> None:
        """Rita, a reviewer, may read the history but not undo: no Undo buttons."""
        self.client.force_login(self.reviewer)
        html = self.client.get(self.url).content.decode()
        assert len(self.rows(html)) == 3
        assert 'value="undo:' not in html

    def test_the_page_reads_the_edits_in_a_fixed_number_of_queries(self) -> None:
        """Five more confirmations by Bob do not add queries (no query per edit or per user)."""
        self.client.force_login(self.alice)
        with CaptureQueriesContext(connection) as before:
            html = self.client.get(self.url).content.decode()
        assert len(self.rows(html)) == 3
        count = len(before.captured_queries)
        for link in Link.objects.of(self.resolution).at(Level.SENTENCE).order_by("position")[3:8]:
            link_confirm(resolution=self.resolution, link_id=link.pk, version=1, user=self.bob)
        html = self.client.get(self.url).content.decode()
        assert len(self.rows(html)) == 8
        with self.assertNumQueries(count):
            self.client.get(self.url)

    def test_a_long_history_is_paged_newest_first_and_undo_works_on_page_two(self) -> None:
        """After 100 more confirmations (Bob's copied as recorded), the page shows the newest
        100 of 103 edits and the admin's paginator; page 2 holds the three oldest, Carol's undo,
        Bob's confirmation and Alice's merge, in that order, and Undo of Bob's confirmation
        there undoes it."""
        Edit.objects.bulk_create(
            Edit(
                resolution=self.resolution,
                user=self.bob,
                action=self.confirm.action,
                level=self.confirm.level,
                summary=self.confirm.summary,
                before=self.confirm.before,
                after=self.confirm.after,
            )
            for _ in range(100)
        )
        self.client.force_login(self.alice)
        html = self.client.get(self.url).content.decode()
        assert len(self.rows(html)) == 100
        paginator = html.split('id="alignment-edits-pages"')[1].split("</p>")[0]
        assert '<span class="this-page">1</span>' in paginator
        assert "103 edits" in paginator
        second = re.search(r'<a href="([^"]+)" class="end">2</a>', paginator)
        assert second, paginator
        page_two = self.client.get(self.url + second.group(1).replace("&amp;", "&"))
        assert page_two.status_code == 200
        html = page_two.content.decode()
        rows = self.rows(html)
        assert len(rows) == 3
        assert "carol Undid: Merged 2 paragraph links from #1" in rows[0]
        assert "bob Confirmed sentence link #3" in rows[1]
        assert "alice Merged 2 paragraph links from #1 Undone by carol" in rows[2]
        assert '<span class="this-page">2</span>' in html.split('id="alignment-edits-pages"')[1]
        button = re.search(
            rf'<button[^>]*formaction="([^"]+)"[^>]*value="undo:{self.confirm.pk}"', html
        )
        assert button, "no Undo button for Bob's confirmation on page 2"
        response = self.client.post(
            button.group(1).replace("&amp;", "&"), {"action": f"undo:{self.confirm.pk}"}
        )
        assert response.status_code == 302
        assert Edit.objects.get(pk=self.confirm.pk).undone_by is not None

    def test_a_page_past_the_end_shows_the_last(self) -> None:
        """?edits=9 with one page of edits, or ?edits=x: the page shows the edits, no error."""
        self.client.force_login(self.alice)
        for page in ("9", "x", "-1", "²"):
            response = self.client.get(self.url, {"edits": page})
            assert response.status_code == 200
            assert len(self.rows(response.content.decode())) == 3


def _change_history(html: str) -> list[list[str]]:
    """The record's change-history table (django-simple-history's), as rows of cell texts."""
    table = html.split('id="change-history"')[1].split("</table>")[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1], re.S)
    return [
        [
            " ".join(re.sub(r"<[^>]+>", " ", cell).split())
            for cell in re.findall(r"<td>(.*?)</td>", row, re.S)
        ]
        for row in rows
    ]


class ImportedRecordHistoryTests(TestCase):
    """The record's history says where an imported resolution came from and who brought it in,
    instead of "Changed by None" and "Change reason None"."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.edna = User.objects.create_user("edna", is_staff=True)
        cls.edna.groups.add(Group.objects.get(name="Editor"))

    def history(self, resolution: Resolution) -> list[list[str]]:
        self.client.force_login(self.edna)
        url = reverse("admin:corpus_resolution_history", args=[resolution.pk])
        html = self.client.get(url).content.decode()
        assert "None" not in html.split('id="change-history"')[1].split("</table>")[0]
        return _change_history(html)

    def test_an_upload_in_the_admin_is_recorded_with_its_file_and_uploader(self) -> None:
        """Edna uploads the demo's bilingual text file: the record's history reads "Created",
        changed by edna, "Imported from oic-cfm-ex21-2025-08-25.ar-en.txt"."""
        self.client.force_login(self.edna)
        path = shared_path("corpus", "oic-cfm-ex21-2025-08-25.ar-en.txt")
        url = reverse("admin:corpus_resolution_import")
        fields = {"kind": "bilingual", "slug": "oic-ex21"}
        with path.open("rb") as handle:
            preview = self.client.post(url, {**fields, "file": handle})
        saved = self.client.post(url, {**fields, "token": preview.context["token"], "save": "1"})
        assert saved.status_code == 302
        resolution = Resolution.objects.get(slug="oic-ex21")
        [row] = self.history(resolution)
        assert row[2:5] == ["Created", "edna", "Imported from oic-cfm-ex21-2025-08-25.ar-en.txt"]

    def test_the_import_command_is_named_with_its_files_and_no_user(self) -> None:
        """manage.py import_resolution with the UDHR's two text files: no user, and the reason
        names the files and the command; the empty user reads "—", not "None"."""
        folder = shared_path("corpus", "udhr")
        call_command(
            "import_resolution",
            "--arabic",
            str(folder / "udhr_arb.txt"),
            "--english",
            str(folder / "udhr_eng.txt"),
            "--slug",
            "udhr",
            "--no-progress",
            stdout=StringIO(),
            stderr=StringIO(),
        )
        record = Resolution.history.get(slug="udhr")
        assert record.history_user is None
        reason = "Imported from udhr_arb.txt and udhr_eng.txt by manage.py import_resolution"
        assert record.history_change_reason == reason
        [row] = self.history(Resolution.objects.get(slug="udhr"))
        assert row[2:5] == ["Created", "—", reason]

    def test_load_demo_names_the_command(self) -> None:
        """manage.py load_demo: "Imported from oic-cfm-ex21-2025-08-25.ar-en.txt by manage.py
        load_demo"."""
        call_command("load_demo", stdout=StringIO())
        record = Resolution.history.get()
        assert record.history_change_reason == (
            "Imported from oic-cfm-ex21-2025-08-25.ar-en.txt by manage.py load_demo"
        )

    def test_a_change_without_a_reason_leaves_the_cell_empty(self) -> None:
        """Edna's save of the demo's symbol in the change form gives no reason: the cell is
        empty rather than "None", and the change is hers."""
        ar, en = demo_sides()
        resolution = resolution_import(
            ar_paragraphs=ar[:3], en_paragraphs=en[:3], meta=ResolutionMeta(slug="demo")
        )
        record = Resolution.history.get()
        record.history_change_reason = None
        record.save()
        self.client.force_login(self.edna)
        url = reverse("admin:corpus_resolution_change", args=[resolution.pk])
        form = self.client.get(url).context["adminform"].form
        data = {k: v for k, v in form.initial.items() if v is not None}
        data.update(symbol="OIC CFM Ex-21", loaded=form["loaded"].value())
        assert self.client.post(url, data).status_code == 302
        newest, created = self.history(resolution)
        assert newest[2:5] == ["Changed", "edna", ""]
        assert created[3:5] == ["—", ""]

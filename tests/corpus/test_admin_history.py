"""A resolution's History page in the admin: besides the changes to its record, the alignment
and text edits made on it (who, when, what), newest first, each with its Undo."""

from __future__ import annotations

import re

from django.contrib.auth.models import Group, User
from django.contrib.messages import get_messages
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.alignment.models import Edit, Level, Link
from apps.alignment.services import edit_undo, link_confirm, link_merge
from apps.corpus.services import ResolutionMeta, resolution_import
from tests.conftest import demo_sides


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

    def test_a_long_history_shows_the_latest_hundred_and_links_to_all(self) -> None:
        """After 100 more confirmations (Bob's copied as recorded), the page lists the latest
        100 of 103 and links to the edit list filtered to this resolution, which has them all."""
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
        assert "The latest 100 of 103 edits" in html
        link = re.search(r'<a href="([^"]+)">all 103 in the edit list</a>', html)
        assert link, "no link to the whole edit list"
        listed = self.client.get(link.group(1).replace("&amp;", "&")).content.decode()
        assert "103 edits" in listed

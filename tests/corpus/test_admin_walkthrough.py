"""What an editor trips on walking through the alignment editor on the demo: arrows that can
only be refused, an undo of an undo, a history that hides older edits."""

from __future__ import annotations

import re

from django.contrib.auth.models import Group, User
from django.contrib.messages import get_messages
from django.test import Client, TestCase
from django.urls import reverse

from apps.alignment.models import Edit, Level, Link
from apps.corpus.services import ResolutionMeta, resolution_import
from tests.conftest import demo_sides, demo_with_editor


class EditorWalkthroughTests(TestCase):
    """Edna, an editor, on the demo's first eight paragraphs."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.resolution, cls.editor = demo_with_editor()

    def setUp(self) -> None:
        self.client.force_login(self.editor)

    @property
    def align_url(self) -> str:
        return reverse("admin:corpus_resolution_align", args=[self.resolution.pk])

    def arrows(self, html: str, link: Link) -> set[str]:
        return set(re.findall(rf'value="shift:{link.pk}:(\w\w:\w+)"', html))

    def test_the_first_link_offers_no_move_up_and_the_last_no_move_down(self) -> None:
        """Paragraph link #1 has no previous link to move a unit onto, and #8 no next one: the
        editor is not offered arrows that could only answer "There is no previous link"."""
        html = self.client.get(self.align_url, {"level": "paragraph"}).content.decode()
        links = list(Link.objects.of(self.resolution).at(Level.PARAGRAPH).order_by("position"))
        assert len(links) == 8
        assert self.arrows(html, links[0]) == {"en:next", "ar:next"}
        assert self.arrows(html, links[1]) == {"en:prev", "en:next", "ar:prev", "ar:next"}
        assert self.arrows(html, links[-1]) == {"en:prev", "ar:prev"}

    def test_the_editor_s_history_says_it_shows_the_latest_and_links_to_all(self) -> None:
        """With 30 edits, the editor's history lists the latest 25 and says so, linking to the
        resolution's History page, which lists all 30."""
        link = Link.objects.of(self.resolution).at(Level.SENTENCE).first()
        self.client.post(
            self.align_url + "?level=sentence",
            {"action": f"confirm:{link.pk}", f"v-{link.pk}": "1"},
        )
        confirm = Edit.objects.get()
        Edit.objects.bulk_create(
            Edit(
                resolution=self.resolution,
                user=self.editor,
                action=confirm.action,
                level=confirm.level,
                summary=confirm.summary,
                before=confirm.before,
                after=confirm.after,
            )
            for _ in range(29)
        )
        html = self.client.get(self.align_url, {"level": "sentence"}).content.decode()
        history = html[html.index('id="history"') :]
        assert history.count('value="undo:') == 25
        found = re.search(r"The latest 25 of 30 changes; <a href=\"([^\"]+)\">", history)
        assert found, "the history does not say it shows only the latest"
        assert found.group(1) == reverse(
            "admin:corpus_resolution_history", args=[self.resolution.pk]
        )
        full = self.client.get(found.group(1)).content.decode()
        assert full.count("Confirmed sentence link #1") == 30

    def test_a_short_history_links_to_the_resolution_s_history_page_too(self) -> None:
        """Below a history of one edit, a link to the resolution's History page (which has the
        changes to its record too)."""
        link = Link.objects.of(self.resolution).at(Level.SENTENCE).first()
        self.client.post(
            self.align_url + "?level=sentence",
            {"action": f"confirm:{link.pk}", f"v-{link.pk}": "1"},
        )
        html = self.client.get(self.align_url, {"level": "sentence"}).content.decode()
        history = html[html.index('id="history"') :]
        url = reverse("admin:corpus_resolution_history", args=[self.resolution.pk])
        assert f'<a href="{url}">' in history
        assert "The latest" not in history


class TwoEditorsWalkthroughTests(TestCase):
    """Edna and Omar, both editors, have the demo's paragraph links open; Omar merges #6 and
    #7 first."""

    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        cls.resolution = resolution_import(
            ar_paragraphs=ar[:8], en_paragraphs=en[:8], meta=ResolutionMeta(slug="demo")
        )
        editors = Group.objects.get(name="Editor")
        cls.edna, cls.omar = (
            User.objects.create_user(name, is_staff=True) for name in ("edna", "omar")
        )
        for user in (cls.edna, cls.omar):
            user.groups.add(editors)

    def setUp(self) -> None:
        self.links = list(Link.objects.of(self.resolution).at(Level.PARAGRAPH).order_by("position"))
        self.versions = {f"v-{link.pk}": link.version for link in self.links}
        self.url = (
            reverse("admin:corpus_resolution_align", args=[self.resolution.pk]) + "?level=paragraph"
        )
        omar = Client()  # his own browser
        omar.force_login(self.omar)
        omar.post(
            self.url,
            {"action": "merge", "sel": [self.links[5].pk, self.links[6].pk], **self.versions},
        )
        self.client.force_login(self.edna)

    def said(self, response: object) -> str:
        return " ".join(str(m) for m in get_messages(response.wsgi_request))  # type: ignore[attr-defined]

    def test_a_merge_over_a_link_another_merged_away_names_who_did_it(self) -> None:
        """Edna merges #7 and #8 on the page she loaded before: refused, saying Omar's merge
        did it, so she knows whose change to look at (not only "someone else")."""
        response = self.client.post(
            self.url,
            {"action": "merge", "sel": [self.links[6].pk, self.links[7].pk], **self.versions},
        )
        said = self.said(response)
        assert said.startswith(
            "Not saved: Part of this stretch was changed by someone else (a link no longer "
            "exists). It was omar: “Merged 2 paragraph links from #6”."
        ), said

    def test_a_confirmation_of_a_link_another_changed_names_who_did_it(self) -> None:
        """Edna confirms #6, which Omar's merge changed (version 1, now 2): refused, naming
        Omar's merge."""
        response = self.client.post(
            self.url, {"action": f"confirm:{self.links[5].pk}", **self.versions}
        )
        said = self.said(response)
        assert said.startswith(
            "Not saved: Link #6 (paragraph) was changed by someone else since you loaded it "
            "(version 1, now 2). It was omar: “Merged 2 paragraph links from #6”."
        ), said

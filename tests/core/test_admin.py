"""The guard on every admin page (apps.core.admin), the project's and other apps' (users, groups,
django-axes' logs): filters with a NUL, searches too long for the database and selections that
are not ids get the admin's own answers, never a 500."""

from __future__ import annotations

import re

from django.contrib.auth.models import Group, User
from django.contrib.messages import get_messages
from django.test import Client, TestCase

from apps.alignment.models import Edit, Level, Link, Status
from apps.alignment.services import link_confirm
from apps.corpus.services import ResolutionMeta, resolution_import
from tests.conftest import demo_sides


class GuardedAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        cls.resolution = resolution_import(
            ar_paragraphs=ar[:8], en_paragraphs=en[:8], meta=ResolutionMeta(slug="demo", body="OIC")
        )
        cls.admin = User.objects.create_superuser("root", "root@example.org", "long-enough-pw-1")
        cls.link = Link.objects.of(cls.resolution).at(Level.SENTENCE).order_by("position")[2]
        cls.edit = link_confirm(
            resolution=cls.resolution, link_id=cls.link.pk, version=1, user=cls.admin
        )

    def setUp(self) -> None:
        self.client = Client(raise_request_exception=False)
        self.client.force_login(self.admin)

    def messages_of(self, response: object) -> str:
        return " ".join(str(m) for m in get_messages(response.wsgi_request))  # type: ignore[attr-defined]

    def test_a_filter_with_a_nul_is_an_incorrect_lookup(self) -> None:
        """?body=<NUL> (a text filter; a server error on PostgreSQL) goes back to the list with
        ?e=1, as any filter the admin cannot apply does."""
        for url, query in [
            ("/admin/corpus/resolution/", "body__exact=%00"),
            ("/admin/corpus/resolution/", "q=occupation%00"),
            ("/admin/alignment/link/", "resolution__body__exact=OIC%00"),
            ("/admin/auth/user/", "username=root%00"),
            ("/admin/axes/accessattempt/", "username=%00"),
        ]:
            response = self.client.get(f"{url}?{query}")
            assert response.status_code == 302, (url, query, response.status_code)
            assert response["Location"] == f"{url}?e=1"
        listed = self.client.get("/admin/corpus/resolution/", {"body__exact": "OIC"})
        assert listed.status_code == 200 and ">demo<" in listed.content.decode()

    def test_a_very_long_search_says_so(self) -> None:
        """A 60,000-character search word (over SQLite's LIKE limit: a server error there) shows
        the list with a message and no rows; a normal search still finds the resolution."""
        response = self.client.get("/admin/corpus/resolution/", {"q": "ا" * 60_000})
        assert response.status_code == 200
        assert "the limit is 1,000" in self.messages_of(response)
        assert ">demo<" not in response.content.decode()
        found = self.client.get("/admin/corpus/resolution/", {"q": "demo"})
        assert ">demo<" in found.content.decode() and "limit" not in self.messages_of(found)
        for url in ("/admin/auth/user/", "/admin/auth/group/", "/admin/axes/accesslog/"):
            response = self.client.get(url, {"q": "a" * 60_000})
            assert response.status_code == 200, url
            assert "the limit is 1,000" in self.messages_of(response), url

    def test_an_action_on_rows_that_are_not_ids_does_nothing(self) -> None:
        """Undo on a selection of "x", "²" or a 20-digit number (a tampered form; a server
        error before) is refused with a message and undoes nothing; a real selection works."""
        for selected in (["x"], ["²"], [str(10**20)], [str(self.edit.pk), "x"]):
            response = self.client.post(
                "/admin/alignment/edit/", {"action": "undo_edits", "_selected_action": selected}
            )
            assert response.status_code == 302, selected
            assert "The selection was not understood" in self.messages_of(response)
            self.edit.refresh_from_db()
            assert self.edit.undone_by is None
        assert Link.objects.get(pk=self.link.pk).status == Status.CONFIRMED
        for url in ("/admin/auth/user/", "/admin/auth/group/", "/admin/axes/accessattempt/"):
            response = self.client.post(
                url, {"action": "delete_selected", "_selected_action": ["x"]}
            )
            assert response.status_code == 302, url
            assert "The selection was not understood" in self.messages_of(response), url
        assert User.objects.filter(username="root").exists()
        response = self.client.post(
            "/admin/alignment/edit/",
            {"action": "undo_edits", "_selected_action": [str(self.edit.pk)]},
        )
        assert "Undone: Confirmed" in self.messages_of(response)
        assert Link.objects.get(pk=self.link.pk).status == Status.AUTO
        assert Edit.objects.filter(pk=self.edit.pk, undone_by__isnull=False).exists()

    def test_an_empty_to_field_opens_the_page(self) -> None:
        """?_to_field= left empty (a popup link with its field cut off; a server error before)
        on a change, delete or history page opens the page as without it, for every model."""
        pages = [
            f"/admin/corpus/resolution/{self.resolution.pk}/change/",
            f"/admin/corpus/resolution/{self.resolution.pk}/delete/",
            f"/admin/alignment/link/{self.link.pk}/change/",
            f"/admin/alignment/edit/{self.edit.pk}/change/",
            f"/admin/auth/user/{self.admin.pk}/change/",
            f"/admin/auth/user/{self.admin.pk}/delete/",
        ]
        for url in pages:
            response = self.client.get(url, {"_to_field": ""})
            assert response.status_code == 200, (url, response.status_code)
            title = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)
            plain = re.search(r"<title>(.*?)</title>", self.client.get(url).content.decode(), re.S)
            assert title and plain and title.group(1) == plain.group(1), url

    def test_a_selection_of_ids_past_64_bits_is_a_form_error(self) -> None:
        """A group's permissions or a user's groups sent as a number past 64 bits (a server
        error on SQLite before) redraw the form saying the choice is not valid; nothing saved."""
        group = Group.objects.get(name="Reviewer")
        before = set(group.permissions.values_list("pk", flat=True))
        for value in ["99999999999999999999", str(2**63), str(-(2**63) - 1)]:
            response = self.client.post(
                f"/admin/auth/group/{group.pk}/change/", {"name": "Reviewer", "permissions": value}
            )
            assert response.status_code == 200, (value, response.status_code)
            assert f"Select a valid choice. {value} is not one of the available choices." in (
                response.content.decode()
            )
            response = self.client.post(
                "/admin/auth/group/add/", {"name": "Translators", "permissions": [1, value]}
            )
            assert response.status_code == 200, (value, response.status_code)
        assert set(group.permissions.values_list("pk", flat=True)) == before
        assert not Group.objects.filter(name="Translators").exists()

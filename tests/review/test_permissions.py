"""Permission matrix over every mutating URL of review and editing: anonymous, reader (logged
in, no group), reviewer, editor, superuser. Refusals are 302 to a login page or 403 and change
nothing; nothing ever answers 500."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import Group, User
from django.test import Client, TestCase
from django.urls import reverse

from apps.alignment.models import Edit, Level, Link
from apps.alignment.services import link_flag
from apps.corpus.models import Paragraph, Resolution
from apps.corpus.services import ResolutionMeta, resolution_import
from tests.conftest import demo_sides


@dataclass
class Write:
    name: str
    # Builds (url, data) from the current database state, just before the request.
    build: Callable[[PermissionMatrixTests], tuple[str, dict[str, Any]]]
    needs_staff: bool  # an admin URL: non-staff users are sent to the admin login


def _links(test: PermissionMatrixTests, level: str) -> list[Link]:
    return list(Link.objects.of(test.resolution).at(level).order_by("position"))


def _review(action: str) -> Callable[[PermissionMatrixTests], tuple[str, dict[str, Any]]]:
    def build(test: PermissionMatrixTests) -> tuple[str, dict[str, Any]]:
        link = _links(test, Level.CLAUSE)[test.counter()]
        url = reverse(f"review:link-{action}", kwargs={"slug": "demo", "link_id": link.pk})
        return url, {"version": link.version, "note": "check the number"}

    return build


def _align(action: str) -> Callable[[PermissionMatrixTests], tuple[str, dict[str, Any]]]:
    def build(test: PermissionMatrixTests) -> tuple[str, dict[str, Any]]:
        url = reverse("admin:corpus_resolution_align", kwargs={"pk": test.resolution.pk})
        links = _links(test, Level.PARAGRAPH)
        versions = {f"v-{k.pk}": k.version for k in links}
        data: dict[str, Any] = dict(versions)
        if action == "merge":
            i = 2 * test.counter() % 40
            data.update(action="merge", sel=[links[i].pk, links[i + 1].pk])
        elif action == "confirm":
            data.update(action=f"confirm:{links[test.counter() % 40].pk}")
        elif action == "undo":
            edit = link_flag(
                resolution=test.resolution,
                link_id=links[-1].pk,
                version=links[-1].version,
                user=test.root,
                note="to be undone",
                flagged=not links[-1].flagged,
            )
            data.update(action=f"undo:{edit.pk}")
        elif action == "realign":
            data.update(action="realign")
        return url + "?level=paragraph", data

    return build


def _text(test: PermissionMatrixTests) -> tuple[str, dict[str, Any]]:
    paragraph = Paragraph.objects.get(resolution=test.resolution, lang="en", index=30)
    link = paragraph.links.get()
    url = reverse(
        "admin:corpus_resolution_paragraph",
        kwargs={"pk": test.resolution.pk, "paragraph_id": paragraph.pk},
    )
    return url, {
        "text": paragraph.text + f" (rev {test.counter()})",
        "link": link.pk,
        "version": link.version,
    }


def _import(test: PermissionMatrixTests) -> tuple[str, dict[str, Any]]:
    ar, en = demo_sides()
    handle = io.BytesIO("\n".join(ar[:4] + en[:4]).encode())
    handle.name = "excerpt.txt"
    return reverse("admin:corpus_resolution_import"), {
        "kind": "bilingual",
        "file": handle,
        "slug": f"excerpt-{test.counter()}",
    }


def _undo_action(test: PermissionMatrixTests) -> tuple[str, dict[str, Any]]:
    link = _links(test, Level.SENTENCE)[-1]
    edit = link_flag(
        resolution=test.resolution,
        link_id=link.pk,
        version=link.version,
        user=test.root,
        note="admin action",
        flagged=not link.flagged,
    )
    return reverse("admin:alignment_edit_changelist"), {
        "action": "undo_edits",
        "_selected_action": [edit.pk],
    }


WRITES = [
    Write("review confirm", _review("confirm"), needs_staff=False),
    Write("review flag", _review("flag"), needs_staff=False),
    Write("editor confirm", _align("confirm"), needs_staff=True),
    Write("editor merge", _align("merge"), needs_staff=True),
    Write("editor undo", _align("undo"), needs_staff=True),
    Write("editor re-align", _align("realign"), needs_staff=True),
    Write("paragraph text", _text, needs_staff=True),
    Write("import preview", _import, needs_staff=True),
    Write("edit undo action", _undo_action, needs_staff=True),
]

# Which writes each role may make.
ALLOWED = {
    "anonymous": set(),
    "reader": set(),
    "reviewer": {"review confirm", "review flag"},
    "editor": {w.name for w in WRITES},
    "superuser": {w.name for w in WRITES},
}


def fingerprint() -> tuple[int, ...]:
    return (
        Edit.objects.filter(user__isnull=False).exclude(user__username="root-setup").count(),
        Resolution.objects.count(),
        Link.objects.count(),
    )


class PermissionMatrixTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        cls.resolution = resolution_import(
            ar_paragraphs=ar, en_paragraphs=en, meta=ResolutionMeta(slug="demo")
        )
        cls.root = User.objects.create_user("root-setup")
        cls.users = {
            "reader": User.objects.create_user("reader"),
            "reviewer": User.objects.create_user("reviewer"),
            "editor": User.objects.create_user("editor", is_staff=True),
            "superuser": User.objects.create_superuser("admin", "admin@example.org", "x"),
        }
        cls.users["reviewer"].groups.add(Group.objects.get(name="Reviewer"))
        cls.users["editor"].groups.add(Group.objects.get(name="Editor"))

    def counter(self) -> int:
        self._count = getattr(self, "_count", 0) + 1
        return self._count

    def client_for(self, role: str) -> Client:
        client = Client()
        if role != "anonymous":
            client.force_login(self.users[role])
        return client

    def check_role(self, role: str) -> None:
        client = self.client_for(role)
        for write in WRITES:
            with self.subTest(role=role, write=write.name):
                url, data = write.build(self)
                before = fingerprint()
                edits_before = Edit.objects.count()
                response = client.post(url, data)
                status = response.status_code
                assert status < 500, (write.name, status)
                if write.name in ALLOWED[role]:
                    assert status in {200, 302}, (write.name, status)
                    if write.name == "import preview":
                        assert b"Preview: nothing is saved yet" in response.content
                    else:
                        assert Edit.objects.count() > edits_before, f"{write.name}: nothing done"
                else:
                    if status == 302:
                        assert "login" in response["Location"], (write.name, response["Location"])
                    else:
                        assert status == 403, (write.name, status)
                    if role == "anonymous" or (write.needs_staff and role != "editor"):
                        assert status == 302, (write.name, status)
                    assert fingerprint() == before, f"{role} changed data via {write.name}"
                    assert b"Preview: nothing is saved yet" not in response.content

    def test_anonymous(self) -> None:
        """Anonymous users read only: every write redirects to the login page."""
        self.check_role("anonymous")

    def test_reader(self) -> None:
        """A logged-in user with no role: 403 on review writes, the admin login on admin ones."""
        self.check_role("reader")

    def test_reviewer(self) -> None:
        """Reviewers confirm and flag; they cannot edit the alignment or import."""
        self.check_role("reviewer")

    def test_editor(self) -> None:
        """Editors (staff in the Editor group) can make every change."""
        self.check_role("editor")

    def test_superuser(self) -> None:
        self.check_role("superuser")

    def test_reviewer_buttons_follow_permissions(self) -> None:
        """The pages offer only the buttons the user may use."""
        page = reverse("review:resolution", kwargs={"slug": "demo"})
        reviewer_html = self.client_for("reviewer").get(page).content.decode()
        reader_html = self.client_for("reader").get(page).content.decode()
        assert ">Confirm</button>" in reviewer_html and ">Confirm</button>" not in reader_html
        align = reverse("admin:corpus_resolution_align", kwargs={"pk": self.resolution.pk})
        editor_html = self.client_for("editor").get(align).content.decode()
        assert 'value="merge"' in editor_html and 'value="realign"' in editor_html


class ReviewerLoginTests(TestCase):
    """Reviewers are not staff: they log in on the site's own login page, and a click made
    while logged out (or without the role) ends where the reviewer can see what happened."""

    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        cls.resolution = resolution_import(
            ar_paragraphs=ar, en_paragraphs=en, meta=ResolutionMeta(slug="demo")
        )
        cls.reviewer = User.objects.create_user("rania", password="Qarar-2025-jeddah")
        cls.reviewer.groups.add(Group.objects.get(name="Reviewer"))
        cls.reader = User.objects.create_user("reader")
        cls.link = Link.objects.of(cls.resolution).at(Level.SENTENCE).order_by("position")[5]

    def confirm_url(self) -> str:
        return reverse("review:link-confirm", kwargs={"slug": "demo", "link_id": self.link.pk})

    def test_a_reviewer_who_is_not_staff_logs_in_from_the_review_page(self) -> None:
        """The queue offers "Log in to review"; the login page takes a reviewer without staff
        status (the admin's login refuses them) back to the queue, now with Confirm buttons."""
        queue = reverse("review:resolution", kwargs={"slug": "demo"}) + "?level=clause&page=2"
        html = self.client.get(queue).content.decode()
        login = reverse("login") + "?next=/review/demo/%3Flevel%3Dclause%26page%3D2"
        assert f'href="{login}">Log in to review</a>' in html
        assert self.client.get(login).status_code == 200
        response = self.client.post(
            login, {"username": "rania", "password": "Qarar-2025-jeddah"}, follow=True
        )
        assert response.redirect_chain[-1][0] == "/review/demo/?level=clause&page=2"
        assert ">Confirm</button>" in response.content.decode()
        html = response.content.decode()
        assert '<span class="account-name" dir="auto">rania</span>' in html
        assert 'action="/logout/"' in html and "Log in to review" not in html

    def test_a_confirm_sent_logged_out_comes_back_to_the_page_after_login(self) -> None:
        """A plain form sent after the session ended goes to the login page and from there back
        to the page the reviewer was on, not to the confirm URL (GET there is a 405)."""
        response = self.client.post(
            self.confirm_url(), {"version": 1, "next": "/review/demo/?page=2"}
        )
        assert response.status_code == 302
        assert response["Location"] == "/login/?next=/review/demo/%3Fpage%3D2"
        after = self.client.post(
            response["Location"],
            {"username": "rania", "password": "Qarar-2025-jeddah", "next": "/review/demo/?page=2"},
        )
        assert after["Location"] == "/review/demo/?page=2"
        self.link.refresh_from_db()
        assert self.link.status == "auto"  # nothing was saved while logged out

    def test_htmx_clicks_logged_out_or_without_the_role_are_answered_visibly(self) -> None:
        """By HTMX, a logged-out click sends the whole page to the login page (not the login
        page inside the item); a user without the role is told so in the item's place."""
        headers = {"HX-Request": "true", "HX-Current-URL": "http://testserver/review/demo/"}
        response = self.client.post(self.confirm_url(), {"version": 1}, headers=headers)
        assert response.status_code == 403
        assert response["HX-Redirect"] == "/login/?next=/review/demo/"
        self.client.force_login(self.reader)
        response = self.client.post(self.confirm_url(), {"version": 1}, headers=headers)
        html = response.content.decode()
        assert response.status_code == 403 and "<html" not in html
        assert f'id="link-{self.link.pk}"' in html and "needs the Reviewer role" in html
        assert "يحتاج إلى دور المراجع" in html and 'lang="ar" dir="rtl"' in html
        assert self.client.post(self.confirm_url(), {"version": 1}).status_code == 403
        self.link.refresh_from_db()
        assert self.link.status == "auto" and self.link.version == 1
